"""The caseload rules: team returns to authority figures, and which figure answers for the workforce measures.

Pure pandas, documented in the README and tested in tests/topics/caseloads/:

- **Authority caseload** = all children allocated / all case-holding FTE (not an average of team averages);
  **agency rate** = agency FTE / case-holding FTE; **vacancy rate** = vacancies / (vacancies + employed FTE).
- **Team caseload returns against a plan measure's monthly actuals.** Three plan measures can be worked out from
  the team caseload returns: the social worker caseload (``national_equivalent`` ``caseload_fte``), the agency
  worker rate (``agency_rate_fte``) and the vacancy rate (``vacancy_rate_fte``). For every month with team
  returns, the figure shown for such a measure is the one the returns give, with the authority's totals first
  (``caseload_for_authority``). So the Trajectories page, the Caseloads page, the rating check and the briefing
  pack show one figure, and the authority's figure is the sum of its teams. Months without returns keep the
  measure's loaded actuals. A loaded actual that the returns replace stays in the database; where it differs from
  the returns' figure by more than rounding (``SAME_WITHIN``), ``figures_from_returns`` lists both, and the pages
  say so beside the measure.
- **The caseload target** is the target of the plan measure DfE publishes as ``caseload_fte``.
"""

from __future__ import annotations

import pandas as pd


def caseload_by_team(caseloads: pd.DataFrame) -> pd.DataFrame:
    """Per team and period: average caseload (children per case-holding FTE), agency and vacancy rates (%)."""
    frame = caseloads.copy()
    frame["caseload"] = frame["children_allocated"] / frame["case_holding_fte"]
    return _with_staffing_rates(frame)


def caseload_for_authority(caseloads: pd.DataFrame) -> pd.DataFrame:
    """The same per period for the whole authority: totals first, then the ratios (not an average of ratios)."""
    totals = (
        caseloads.groupby("period", as_index=False)[
            ["case_holding_fte", "children_allocated", "agency_fte", "vacancies_fte"]
        ]
        .sum()
        .sort_values("period", ignore_index=True)
    )
    totals["caseload"] = totals["children_allocated"] / totals["case_holding_fte"]
    return _with_staffing_rates(totals)


def _with_staffing_rates(frame: pd.DataFrame) -> pd.DataFrame:
    # DfE definitions: agency FTE / all case-holding FTE; vacancies / (vacancies + employed FTE).
    employed = frame["case_holding_fte"] - frame["agency_fte"]
    frame["agency_rate"] = 100 * frame["agency_fte"] / frame["case_holding_fte"]
    frame["vacancy_rate"] = 100 * frame["vacancies_fte"] / (frame["vacancies_fte"] + employed)
    return frame


RETURNS_SOURCE = "team caseload returns"
"""The source named for a figure worked out from the team caseload returns."""


FROM_RETURNS: dict[str, str] = {
    "caseload_fte": "caseload",
    "agency_rate_fte": "agency_rate",
    "vacancy_rate_fte": "vacancy_rate",
}
"""A plan measure's DfE equivalent -> the column of ``measures.caseload_for_authority`` that gives it."""


SAME_WITHIN = 0.05
"""Two figures closer than this are the same figure rounded differently (pages show one decimal place)."""


DIFFERENCE_COLUMNS = ["measure_code", "name", "unit", "period", "loaded_value", "loaded_status", "returns_value"]


def figures_from_returns(
    plan_measures: pd.DataFrame, observations: pd.DataFrame, caseloads: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations with rule 1 applied, and the loaded actuals the returns replaced with a different figure.

    ``observations`` (measure_code, period, value, status, source) are the loaded actuals; the result has the same
    columns, one row per measure and month, sorted. The second frame has ``DIFFERENCE_COLUMNS``.
    """
    wanted = plan_measures[plan_measures["national_equivalent"].isin(list(FROM_RETURNS))]
    if caseloads.empty or wanted.empty:
        return observations, pd.DataFrame(columns=DIFFERENCE_COLUMNS)
    authority = caseload_for_authority(caseloads)
    replaced, differences = [], []
    for measure in wanted.drop_duplicates("measure_code").itertuples(index=False):
        figures = authority[["period", FROM_RETURNS[measure.national_equivalent]]].rename(
            columns={FROM_RETURNS[measure.national_equivalent]: "value"}
        )
        figures = figures[pd.notna(figures["value"]) & (figures["value"] != float("inf"))]
        loaded = observations[observations["measure_code"] == measure.measure_code]
        compared = figures.merge(loaded[["period", "value", "status"]], on="period", how="left", suffixes=("", "_l"))
        for row in compared.itertuples(index=False):
            has_loaded = pd.notna(row.value_l) or isinstance(row.status, str)
            if has_loaded and not (pd.notna(row.value_l) and abs(float(row.value_l) - float(row.value)) < SAME_WITHIN):
                differences.append(
                    {
                        "measure_code": measure.measure_code,
                        "name": measure.name,
                        "unit": measure.unit,
                        "period": row.period,
                        "loaded_value": None if pd.isna(row.value_l) else float(row.value_l),
                        "loaded_status": row.status if isinstance(row.status, str) else None,
                        "returns_value": float(row.value),
                    }
                )
        replaced.append(
            figures.assign(measure_code=measure.measure_code, status=None, source=RETURNS_SOURCE).astype(
                {"status": "object"}
            )
        )
    returns = pd.concat(replaced, ignore_index=True)
    key = ["measure_code", "period"]
    kept = observations.merge(returns[key], on=key, how="left", indicator=True)
    kept = kept[kept["_merge"] == "left_only"].drop(columns="_merge")
    merged = pd.concat([kept, returns[observations.columns]], ignore_index=True) if len(kept) else returns
    merged = merged[list(observations.columns)].sort_values(key, ignore_index=True)
    return merged, pd.DataFrame(differences, columns=DIFFERENCE_COLUMNS)


def caseload_target(plan_measures: pd.DataFrame) -> float | None:
    """The plan's caseload target: the target of the plan measure published by DfE as ``caseload_fte``."""
    rows = plan_measures[plan_measures["national_equivalent"] == "caseload_fte"]
    value = rows["target_value"].iloc[0] if len(rows) else None
    return None if value is None or pd.isna(value) else float(value)

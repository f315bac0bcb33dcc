"""Which figure answers when two sources hold one: the rules that keep one council, measure and month to one value.

Pure pandas, one layer above ``improvement.measures`` (whose authority caseload arithmetic it reuses). The rules,
documented in the README and tested in tests/test_sources.py:

1. **Team caseload returns against a plan measure's monthly actuals.** Three plan measures can be worked out from
   the team caseload returns: the social worker caseload (``national_equivalent`` ``caseload_fte``), the agency
   worker rate (``agency_rate_fte``) and the vacancy rate (``vacancy_rate_fte``). For every month with team
   returns, the figure shown for such a measure is the one the returns give, with the authority's totals first
   (``measures.caseload_for_authority``: all children allocated / all case-holding FTE; agency FTE / case-holding
   FTE; vacancies / (vacancies + employed FTE)). So the Trajectories page, the Caseloads page, the rating check and
   the briefing pack show one figure, and the authority's figure is the sum of its teams. Months without returns
   keep the measure's loaded actuals. A loaded actual that the returns replace stays in the database; where it
   differs from the returns' figure by more than rounding (``SAME_WITHIN``), ``figures_from_returns`` lists both,
   and the pages say so beside the measure.
2. **The council's own figures against DfE's published ones.** The plan's trajectory is judged on the council's
   own monthly figures; comparisons with England, the region and the statistical neighbours use DfE's published
   figures for every series, the council's included, so like is compared with like (same census date, same
   definitions, after DfE's checks). Where both describe the same month (a published census date falls in a month
   with an own figure), ``own_and_published`` lists the two, and the page says why they can differ
   (``PUBLISHED_DIFFERS``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement.measures import caseload_for_authority

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

PUBLISHED_DIFFERS = (
    "DfE's figure is its annual census at one date, counted by DfE's definitions and published after its checks; "
    "the council's own figure is its count for the whole month, from its own systems. The two can differ in who "
    "is counted (agency staff, workers on leave, part-time hours) and in corrections made before publication."
)


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


def sources_text(series: pd.DataFrame) -> str | None:
    """Where a measure's figures come from, for its caption: each source with the months it gives, e.g.
    'team caseload returns (Jul 2021 to Jun 2023); measure actuals (Jun 2021)'. None when the series has no
    figure with a source."""
    if "source" not in series.columns:
        return None
    given = series.dropna(subset=["source"])
    if given.empty:
        return None
    parts = []
    for source, rows in given.groupby("source", sort=False):
        first, last = pd.Timestamp(rows["period"].min()), pd.Timestamp(rows["period"].max())
        span = f"{first:%b %Y}" if first == last else f"{first:%b %Y} to {last:%b %Y}"
        parts.append((first, f"{source} ({span})"))
    return "; ".join(text for _, text in sorted(parts))


def own_and_published(own: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Months where the council's own figure and DfE's published figure for it describe the same month (rule 2).

    ``own`` has period (first of the month) and value; ``published`` has as_at (the date each published figure
    describes), period (its label, e.g. '2025') and value. Returns month, own_value, published_value and
    published_period, for months where both are numbers.
    """
    columns = ["month", "own_value", "published_value", "published_period"]
    if own.empty or published.empty:
        return pd.DataFrame(columns=columns)
    dated = published.dropna(subset=["as_at", "value"]).copy()
    dated["month"] = [pd.Timestamp(day).to_period("M").to_timestamp() for day in dated["as_at"]]
    mine = own.dropna(subset=["value"]).assign(month=lambda frame: pd.to_datetime(frame["period"]))
    both = mine[["month", "value"]].merge(dated[["month", "value", "period"]], on="month", suffixes=("_own", "_pub"))
    return pd.DataFrame(
        {
            "month": both["month"],
            "own_value": both["value_own"].astype(float),
            "published_value": both["value_pub"].astype(float),
            "published_period": both["period"],
        },
        columns=columns,
    ).sort_values("month", ignore_index=True)


def newest(dates: list[dt.date | None]) -> dt.date | None:
    """The newest of some dates, ignoring the missing ones."""
    known = [day for day in dates if day is not None and not pd.isna(day)]
    return max(known) if known else None

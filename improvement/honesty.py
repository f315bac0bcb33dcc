"""Honest RAG: does the adviser's rating of a priority area match what the area's measures show?

Pure pandas, at the same level as ``improvement.measures`` (whose trajectory logic it reuses). The board uses it to
challenge a rating; it never changes one.

The rule (documented in the README and tested in tests/test_honesty.py), for each priority area and each submitted
report (``queries.rag_ratings``):

1. **The months a report covers** are the calendar months that overlap the report's period (``period_start`` to
   ``period_end``) *and* had ended by the report date (a month still running when the adviser wrote the report
   could not be judged). When that gives fewer than ``MIN_REPORT_MONTHS`` months (a six-weekly report usually
   covers one whole month, or none), or the report has no period, they are the ``MIN_REPORT_MONTHS`` calendar
   months that ended last on or before the report date.
2. **Each linked measure** (``plan_measures.priority_area_code``) is compared with its trajectory month by month
   (``measures.measure_series``: on trajectory = at or better than planned, by polarity). A month with no actual
   (suppressed, ``c``, or unavailable) or no planned value is not judged. The measure's **judgement for the report**
   is its latest judged month among the months covered; a measure with no judged month among them is **not
   judged** for that report. Its **months off** is the number of consecutive judged months off trajectory counting
   back from that month, through the months before the report's period too (``measures.periods_off_trajectory``).
3. **Verdict**:
   - ``'nothing to check'`` when no linked measure is judged (no linked measures, no trajectories, or only
     suppressed figures): shown as such, never as agreement;
   - ``'rating more positive than data'`` when the rating is Green or Blue (``POSITIVE_RATINGS``) while *most* -
     more than ``MOST_SHARE`` (half) - of the judged measures have been off trajectory for ``OFF_TRAJECTORY_RUN``
     (2) or more consecutive months;
   - ``'rating more negative than data'`` when the rating is Red (``NEGATIVE_RATINGS``) while *every* judged
     measure is on trajectory in its latest month covered (a gentler flag: the data suggests a better rating);
   - ``'agrees'`` otherwise (Amber is never flagged).
"""

from __future__ import annotations

import pandas as pd

from improvement import measures

MIN_REPORT_MONTHS = 2
"""A report is judged on at least this many whole months of figures (the months before its date when its own
period covers fewer)."""

OFF_TRAJECTORY_RUN = 2
"""Consecutive months off trajectory after which a measure counts as off trajectory for the rule."""

MOST_SHARE = 0.5
"""'Most' measures: strictly more than this share of the judged measures."""

POSITIVE_RATINGS = ("Green", "Blue")
NEGATIVE_RATINGS = ("Red",)

AGREES = "agrees"
MORE_POSITIVE = "rating more positive than data"
MORE_NEGATIVE = "rating more negative than data"
NOTHING_TO_CHECK = "nothing to check"
DISAGREEMENTS = (MORE_POSITIVE, MORE_NEGATIVE)

EVIDENCE_COLUMNS = [
    "priority_area_code",
    "report_date",
    "measure_code",
    "name",
    "unit",
    "polarity",
    "judged",
    "period",
    "actual",
    "planned",
    "on_trajectory",
    "months_off",
]
CHECK_COLUMNS = ["priority_area_code", "report_date", "rating", "verdict", "measures_off", "measures_judged"]


def report_months(
    report_date: pd.Timestamp, period_start: pd.Timestamp | None = None, period_end: pd.Timestamp | None = None
) -> list[pd.Timestamp]:
    """The months (as first days) a report covers: see rule 1 in the module docstring."""
    report_date = pd.Timestamp(report_date).normalize()
    # The last month that had ended by the report date (the report's own month if written on its last day).
    last = (report_date + pd.Timedelta(days=1)).to_period("M").to_timestamp() - pd.DateOffset(months=1)
    covered: list[pd.Timestamp] = []
    if period_start is not None and period_end is not None and pd.notna(period_start) and pd.notna(period_end):
        first = pd.Timestamp(period_start).to_period("M").to_timestamp()
        final = min(pd.Timestamp(period_end).to_period("M").to_timestamp(), last)
        covered = list(pd.date_range(first, final, freq="MS")) if first <= final else []
    if len(covered) < MIN_REPORT_MONTHS:
        covered = list(pd.date_range(end=last, periods=MIN_REPORT_MONTHS, freq="MS"))
    return covered


def _judge(series: pd.DataFrame, months: list[pd.Timestamp]) -> dict:
    """One measure against one report's months: its latest judged month among them and its run off trajectory."""
    upto = series[series["period"] <= months[-1]]
    judged = upto.dropna(subset=["on_trajectory"])
    judged = judged[judged["period"] >= months[0]]
    if judged.empty:
        return {"judged": False, "period": pd.NaT, "actual": None, "planned": None, "on_trajectory": pd.NA}
    latest = judged.iloc[-1]
    return {
        "judged": True,
        "period": latest["period"],
        "actual": float(latest["value"]),
        "planned": float(latest["planned_value"]),
        "on_trajectory": bool(latest["on_trajectory"]),
        "months_off": measures.periods_off_trajectory(upto[upto["period"] <= latest["period"]]),
    }


def report_evidence(
    ratings: pd.DataFrame, plan_measures: pd.DataFrame, observations: pd.DataFrame, trajectories: pd.DataFrame
) -> pd.DataFrame:
    """One row per report, priority area and linked measure: the measure's judgement for that report.

    ``observations`` should already be suppressed (``style.suppress_observations``): suppressed months are not
    judged. ``months_off`` is 0 for a measure not judged.
    """
    if ratings.empty or plan_measures.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    series = {
        m.measure_code: measures.measure_series(observations, trajectories, m.measure_code, m.polarity)
        for m in plan_measures.itertuples(index=False)
    }
    linked = plan_measures.groupby("priority_area_code", sort=False)
    rows = []
    for report in ratings.itertuples(index=False):
        if report.priority_area_code not in linked.groups:
            continue
        months = report_months(
            report.report_date, getattr(report, "period_start", None), getattr(report, "period_end", None)
        )
        for m in linked.get_group(report.priority_area_code).itertuples(index=False):
            rows.append(
                {
                    "priority_area_code": report.priority_area_code,
                    "report_date": report.report_date,
                    "measure_code": m.measure_code,
                    "name": m.name,
                    "unit": m.unit,
                    "polarity": m.polarity,
                    "months_off": 0,
                }
                | _judge(series[m.measure_code], months)
            )
    frame = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    frame["months_off"] = frame["months_off"].astype(int)
    frame["on_trajectory"] = frame["on_trajectory"].astype("boolean")
    return frame


def verdict(rating: str, evidence: pd.DataFrame) -> str:
    """The verdict for one rating, given its linked measures' evidence for that report (rule 3)."""
    judged = evidence[evidence["judged"].astype(bool)]
    if judged.empty:
        return NOTHING_TO_CHECK
    off = int((judged["months_off"] >= OFF_TRAJECTORY_RUN).sum())
    if rating in POSITIVE_RATINGS and off > MOST_SHARE * len(judged):
        return MORE_POSITIVE
    if rating in NEGATIVE_RATINGS and bool(judged["on_trajectory"].all()):
        return MORE_NEGATIVE
    return AGREES


def check_ratings(
    ratings: pd.DataFrame, plan_measures: pd.DataFrame, observations: pd.DataFrame, trajectories: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every rating's verdict, and the evidence behind it.

    Returns ``(checks, evidence)``: ``checks`` has one row per report and priority area with ``CHECK_COLUMNS``,
    where ``measures_off`` lists the measures off trajectory for ``OFF_TRAJECTORY_RUN`` or more months (dicts with
    measure_code, name, unit, months_off, period, actual, planned; longest run first) and ``measures_judged``
    counts the linked measures judged; ``evidence`` is ``report_evidence``.
    """
    evidence = report_evidence(ratings, plan_measures, observations, trajectories)
    by_report = {key: group for key, group in evidence.groupby(["priority_area_code", "report_date"], sort=False)}
    empty = evidence.iloc[0:0]
    rows = []
    for report in ratings.sort_values("report_date").itertuples(index=False):
        mine = by_report.get((report.priority_area_code, report.report_date), empty)
        judged = mine[mine["judged"].astype(bool)]
        off = judged[judged["months_off"] >= OFF_TRAJECTORY_RUN].sort_values("months_off", ascending=False)
        rows.append(
            {
                "priority_area_code": report.priority_area_code,
                "report_date": report.report_date,
                "rating": report.rating,
                "verdict": verdict(report.rating, mine),
                "measures_off": off[["measure_code", "name", "unit", "months_off", "period", "actual", "planned"]]
                .astype(object)
                .to_dict("records"),
                "measures_judged": len(judged),
            }
        )
    return pd.DataFrame(rows, columns=CHECK_COLUMNS), evidence


def latest_checks(checks: pd.DataFrame) -> pd.DataFrame:
    """Each priority area's check of its latest rating (the one the Overview shows)."""
    if checks.empty:
        return checks
    return checks.sort_values("report_date").groupby("priority_area_code", sort=False).tail(1)


def disagreements(checks: pd.DataFrame) -> pd.DataFrame:
    """Only the checks where the rating and the data disagree."""
    return checks[checks["verdict"].isin(DISAGREEMENTS)]

"""Honest RAG: does the adviser's rating of a priority area match what the area's measures show?

Pure pandas, building on ``topics.plan.rules`` (whose trajectory logic it reuses). The board uses it to
challenge a rating; it never changes one.

The rule (documented in the README and tested in tests/topics/rag/test_honesty.py), for each priority area and
each submitted report (``queries.rag_ratings``):

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
3. **The rest of the plan.** Each rating is also set against the area's milestones and risks *on the date it is
   judged*: its report date, except each area's latest rating, which is the one in force and is judged at the
   data's as-at date (anything that went overdue since the report counts against it). A milestone is
   **overdue** then by ``governance.overdue_on`` (due before that date and not completed by it; dropped ones never
   are). A **high risk** is one linked to the area and open then with a score of ``governance.HIGH_SCORE`` (15) or
   more at its latest review by then (``governance.high_risks_on``).
4. **Verdict**:
   - ``'nothing to check'`` when no linked measure is judged and the area has no milestone due and no risk by
     that date: shown as such, never as agreement;
   - ``'rating more positive than data'`` when the rating is Green or Blue (``POSITIVE_RATINGS``) while *most* -
     more than ``MOST_SHARE`` (half) - of the judged measures have been off trajectory for ``OFF_TRAJECTORY_RUN``
     (2) or more consecutive months, or ``OVERDUE_MILESTONES`` (1) or more of its milestones are overdue, or
     ``HIGH_RISKS`` (1) or more high risks are open against it;
   - ``'rating more negative than data'`` when the rating is Red (``NEGATIVE_RATINGS``) while *every* judged
     measure is on trajectory in its latest month covered, no milestone is overdue and no high risk is open (a
     gentler flag: the data suggests a better rating);
   - ``'agrees'`` otherwise (Amber is never flagged).
5. **Signal or noise** (``topics.spc``: each linked measure's XmR chart of its months up to the last month the
   report covers, limits recalculated where the plan says its process changed). A measure whose latest month
   among those covered is special-cause **concern** counts against a Green or Blue rating (``'rating more positive
   than data'``); when more than half of the measures with limits show **sustained special-cause improvement**
   (a run: a shift or a trend) in that month and none shows concern, a Red rating is flagged as more negative
   than the data, as when every measure is on trajectory (and only if no milestone is overdue and no high risk
   open).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from improvement.topics.governance import rules as governance
from improvement.topics.plan import rules as measures
from improvement.topics.spc import rules as spc
from improvement.vocab import RATING_RANK

MIN_REPORT_MONTHS = 2
"""A report is judged on at least this many whole months of figures (the months before its date when its own
period covers fewer)."""

OFF_TRAJECTORY_RUN = 2
"""Consecutive months off trajectory after which a measure counts as off trajectory for the rule."""

MOST_SHARE = 0.5
"""'Most' measures: strictly more than this share of the judged measures."""

OVERDUE_MILESTONES = 1
"""A Green or Blue rating is flagged when at least this many of the area's milestones are overdue."""

HIGH_RISKS = 1
"""A Green or Blue rating is flagged when at least this many high risks (``governance.HIGH_SCORE``) are open
against the area."""

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
CHECK_COLUMNS = [
    "priority_area_code",
    "report_date",
    "rating",
    "verdict",
    "measures_off",
    "measures_judged",
    "judged_on",
    "milestones_overdue",
    "high_risks",
    "plan_items",
    "spc_concern",
    "spc_improvement",
    "spc_judged",
]


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


_NOT_JUDGED = {"judged": False, "period": pd.NaT, "actual": None, "planned": None, "on_trajectory": pd.NA}


class _JudgedMonths:
    """One measure's judged months (suppressed and trajectory-less months left out), oldest first."""

    def __init__(self, series: pd.DataFrame) -> None:
        self.frame = series.dropna(subset=["on_trajectory"]).reset_index(drop=True)
        self.periods = self.frame["period"].to_numpy(dtype="datetime64[ns]")
        self.records = self.frame.to_dict("records")
        self.runs = measures.runs_off_trajectory(self.frame["on_trajectory"])
        self._judgements: dict[int, dict] = {}

    def for_report(self, months: list[pd.Timestamp]) -> dict:
        """The latest judged month among the report's months with its run off trajectory up to it; or not judged."""
        latest = int(np.searchsorted(self.periods, np.datetime64(months[-1], "ns"), side="right")) - 1
        if latest < 0 or self.periods[latest] < np.datetime64(months[0], "ns"):
            return _NOT_JUDGED
        if latest not in self._judgements:
            row = self.records[latest]
            self._judgements[latest] = {
                "judged": True,
                "period": row["period"],
                "actual": float(row["value"]),
                "planned": float(row["planned_value"]),
                "on_trajectory": bool(row["on_trajectory"]),
                "months_off": int(self.runs[latest]),
            }
        return self._judgements[latest]


def _evidence_rows(
    ratings: pd.DataFrame, plan_measures: pd.DataFrame, observations: pd.DataFrame, trajectories: pd.DataFrame
) -> list[dict]:
    linked: dict[str, list[dict]] = {}
    for m in plan_measures.to_dict("records"):
        linked.setdefault(m["priority_area_code"], []).append(m)
    wanted = {m["measure_code"]: m for area in set(ratings["priority_area_code"]) for m in linked.get(area, [])}
    judged = {
        code: _JudgedMonths(measures.measure_series(observations, trajectories, code, m["polarity"]))
        for code, m in wanted.items()
    }
    months_of = functools.cache(report_months)
    rows = []
    for report in ratings.to_dict("records"):
        months = months_of(report["report_date"], report.get("period_start"), report.get("period_end"))
        for m in linked.get(report["priority_area_code"], []):
            rows.append(
                {
                    "priority_area_code": report["priority_area_code"],
                    "report_date": report["report_date"],
                    "measure_code": m["measure_code"],
                    "name": m["name"],
                    "unit": m["unit"],
                    "polarity": m["polarity"],
                    "months_off": 0,
                }
                | judged[m["measure_code"]].for_report(months)
            )
    return rows


def _evidence_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    frame["judged"] = frame["judged"].astype(bool)
    frame["months_off"] = frame["months_off"].astype(int)
    frame["on_trajectory"] = frame["on_trajectory"].astype("boolean")
    return frame


def report_evidence(
    ratings: pd.DataFrame, plan_measures: pd.DataFrame, observations: pd.DataFrame, trajectories: pd.DataFrame
) -> pd.DataFrame:
    """One row per report, priority area and linked measure (``EVIDENCE_COLUMNS``): its judgement for that report.

    ``observations`` should already be suppressed (``style.suppress_observations``): suppressed months are not
    judged. ``months_off`` is 0 for a measure not judged.
    """
    return _evidence_frame(_evidence_rows(ratings, plan_measures, observations, trajectories))


def _verdict(
    rating: str,
    judged: list[dict],
    overdue: int = 0,
    high: int = 0,
    plan_items: int = 0,
    signals: SpcEvidence | None = None,
) -> str:
    signals = signals or SpcEvidence()
    if not judged and not plan_items and not signals.judged:
        return NOTHING_TO_CHECK
    off = sum(row["months_off"] >= OFF_TRAJECTORY_RUN for row in judged)
    measures_behind = bool(judged) and off > MOST_SHARE * len(judged)
    plan_behind = overdue >= OVERDUE_MILESTONES or high >= HIGH_RISKS
    if rating in POSITIVE_RATINGS and (measures_behind or plan_behind or signals.concern):
        return MORE_POSITIVE
    on_trajectory = bool(judged) and all(row["on_trajectory"] for row in judged)
    better_than_rated = on_trajectory or signals.mostly_improving
    if rating in NEGATIVE_RATINGS and better_than_rated and not plan_behind and not signals.concern:
        return MORE_NEGATIVE
    return AGREES


@dataclass(frozen=True)
class SpcEvidence:
    """For one report: its linked measures showing special-cause concern and sustained special-cause improvement
    in the latest month it covers (dicts: measure_code, name, period), and how many had limits to judge by."""

    concern: tuple[dict, ...] = ()
    improvement: tuple[dict, ...] = ()
    judged: int = 0

    @property
    def mostly_improving(self) -> bool:
        return self.judged > 0 and len(self.improvement) > MOST_SHARE * self.judged


def _spc_evidence(ratings: pd.DataFrame, plan_measures: pd.DataFrame, observations: pd.DataFrame) -> dict:
    """``SpcEvidence`` per (priority area, report date): rule 5."""
    months_of = functools.cache(report_months)
    covered = {
        (report["priority_area_code"], report["report_date"]): months_of(
            report["report_date"], report.get("period_start"), report.get("period_end")
        )
        for report in ratings.to_dict("records")
    }
    found = {}
    for m in plan_measures.to_dict("records"):
        reports = [(key, months) for key, months in covered.items() if key[0] == m["priority_area_code"]]
        if not reports:
            continue
        latest = spc.latest_signals(
            observations,
            m["measure_code"],
            m["polarity"],
            m.get("process_change_from"),
            sorted({months[-1] for _key, months in reports}),
        )
        for key, months in reports:
            concern, improvement, judged = found.setdefault(key, ([], [], [0]))
            seen = latest.get(months[-1])
            if seen is None or seen.signal is None or seen.period < months[0]:
                continue  # no limits, or no figure among the months the report covers
            judged[0] += 1
            item = {"measure_code": m["measure_code"], "name": m["name"], "period": seen.period}
            if seen.signal == "concern":
                concern.append(item)
            elif seen.sustained_improvement:
                improvement.append(item)
    return {key: SpcEvidence(tuple(c), tuple(i), j[0]) for key, (c, i, j) in found.items()}


def verdict(rating: str, evidence: pd.DataFrame) -> str:
    """The verdict for one rating from its linked measures' evidence alone (rules 2 and 4, no milestones or risks)."""
    return _verdict(rating, [row for row in evidence.to_dict("records") if row["judged"]])


class _PlanOnDates:
    """The plan's overdue milestones and open high risks per priority area, worked out once per date judged."""

    def __init__(self, milestones: pd.DataFrame, risks: pd.DataFrame, reviews: pd.DataFrame) -> None:
        self.milestones, self.risks = milestones, risks
        self.register = governance.RiskHistory(risks, reviews)
        self._on: dict[pd.Timestamp, dict[str, tuple[list[dict], list[dict], int]]] = {}

    def for_area(self, area: str, when: pd.Timestamp) -> tuple[list[dict], list[dict], int]:
        """(overdue milestones, high risks, milestones due and risks raised by ``when``) for one area."""
        if when not in self._on:
            self._on[when] = self._all_areas(when)
        return self._on[when].get(area, ([], [], 0))

    def _all_areas(self, when: pd.Timestamp) -> dict[str, tuple[list[dict], list[dict], int]]:
        milestones, risks = self.milestones, self.risks
        overdue = milestones[governance.overdue_on(milestones, when)] if len(milestones) else milestones
        high = self.register.high_on(when)
        due = milestones[pd.to_datetime(milestones["due_date"]) < when] if len(milestones) else milestones
        raised = risks[pd.to_datetime(risks["raised_date"]) <= when] if len(risks) else risks
        counts = pd.concat([due["priority_area_code"], raised["priority_area_code"]]).value_counts().to_dict()
        late: dict[str, list[dict]] = {}
        for row in overdue.sort_values(["due_date", "reference"]).to_dict("records"):
            late.setdefault(row["priority_area_code"], []).append(
                {key: row[key] for key in ("reference", "milestone", "due_date", "status")}
            )
        risky: dict[str, list[dict]] = {}
        for row in high.to_dict("records"):
            risky.setdefault(row["priority_area_code"], []).append(
                {
                    "reference": row["reference"],
                    "title": row["title"],
                    "score": int(row["score"]),
                    "owner": row["owner"],
                }
            )
        return {
            area: (late.get(area, []), risky.get(area, []), int(counts.get(area, 0)))
            for area in set(counts) | set(late) | set(risky)
        }


def check_ratings(
    ratings: pd.DataFrame,
    plan_measures: pd.DataFrame,
    observations: pd.DataFrame,
    trajectories: pd.DataFrame,
    *,
    milestones: pd.DataFrame | None = None,
    risks: pd.DataFrame | None = None,
    risk_reviews: pd.DataFrame | None = None,
    as_at: dt.date | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every rating's verdict, and the evidence behind it.

    Returns ``(checks, evidence)``: ``checks`` has one row per report and priority area with ``CHECK_COLUMNS``,
    oldest report first, where ``measures_off`` lists the measures off trajectory for ``OFF_TRAJECTORY_RUN`` or
    more months (dicts with measure_code, name, unit, months_off, period, actual, planned; longest run first),
    ``measures_judged`` counts the linked measures judged, ``judged_on`` is the date the plan was judged at (rule
    3), ``milestones_overdue`` and ``high_risks`` list the plan's evidence (dicts) and ``plan_items`` counts the
    milestones due and risks raised by then; ``evidence`` is ``report_evidence``. Without ``milestones`` (and
    ``risks``) only the measures are checked.
    """
    ratings = ratings.sort_values("report_date", kind="stable")
    evidence = _evidence_rows(ratings, plan_measures, observations, trajectories)
    milestones = milestones if milestones is not None else pd.DataFrame(columns=_MILESTONE_COLUMNS)
    risks = risks if risks is not None else pd.DataFrame(columns=_RISK_COLUMNS)
    risk_reviews = risk_reviews if risk_reviews is not None else pd.DataFrame(columns=_REVIEW_COLUMNS)
    by_report: dict[tuple, list[dict]] = {}
    for row in evidence:
        if row["judged"]:
            by_report.setdefault((row["priority_area_code"], row["report_date"]), []).append(row)
    latest = ratings.groupby("priority_area_code")["report_date"].max().to_dict() if len(ratings) else {}
    plan = _PlanOnDates(milestones, risks, risk_reviews)
    signals = _spc_evidence(ratings, plan_measures, observations)
    rows = []
    for report in ratings.to_dict("records"):
        area, report_date = report["priority_area_code"], pd.Timestamp(report["report_date"])
        in_force_now = as_at is not None and latest.get(area) == report["report_date"]
        when = max(pd.Timestamp(as_at), report_date) if in_force_now else report_date
        judged = by_report.get((area, report["report_date"]), [])
        overdue, high, plan_items = plan.for_area(area, when)
        off = sorted(
            (row for row in judged if row["months_off"] >= OFF_TRAJECTORY_RUN),
            key=lambda row: row["months_off"],
            reverse=True,
        )
        spc_found = signals.get((area, report["report_date"]), SpcEvidence())
        rows.append(
            {
                "priority_area_code": area,
                "report_date": report["report_date"],
                "rating": report["rating"],
                "verdict": _verdict(report["rating"], judged, len(overdue), len(high), plan_items, spc_found),
                "measures_off": [{key: row[key] for key in _OFF_KEYS} for row in off],
                "measures_judged": len(judged),
                "judged_on": when,
                "milestones_overdue": overdue,
                "high_risks": high,
                "plan_items": plan_items,
                "spc_concern": list(spc_found.concern),
                "spc_improvement": list(spc_found.improvement),
                "spc_judged": spc_found.judged,
            }
        )
    return pd.DataFrame(rows, columns=CHECK_COLUMNS), _evidence_frame(evidence)


_MILESTONE_COLUMNS = ["priority_area_code", "reference", "milestone", "due_date", "status", "completed_date"]
_RISK_COLUMNS = ["reference", "title", "priority_area_code", "owner", "status", "raised_date", "closed_date"]
_REVIEW_COLUMNS = ["risk_reference", "review_date", "likelihood", "impact"]


_OFF_KEYS = ("measure_code", "name", "unit", "months_off", "period", "actual", "planned")


def latest_checks(checks: pd.DataFrame) -> pd.DataFrame:
    """Each priority area's check of its latest rating (the one the Overview shows)."""
    if checks.empty:
        return checks
    return checks.sort_values("report_date", kind="stable").groupby("priority_area_code", sort=False).tail(1)


def disagreements(checks: pd.DataFrame) -> pd.DataFrame:
    """Only the checks where the rating and the data disagree."""
    return checks[checks["verdict"].isin(DISAGREEMENTS)]


def evidence_for(evidence: pd.DataFrame, priority_area_code: str, report_date: pd.Timestamp) -> pd.DataFrame:
    """The evidence rows behind one check: that report's linked measures for that priority area."""
    mine = (evidence["priority_area_code"] == priority_area_code) & (evidence["report_date"] == report_date)
    return evidence[mine]


def rag_movement(ratings: pd.DataFrame) -> pd.DataFrame:
    """Latest rating per priority area, the rating in the report before, and whether it improved."""
    columns = ["priority_area_code", "report_date", "rating", "previous_rating", "movement", "narrative"]
    if ratings.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for area, history in ratings.sort_values("report_date").groupby("priority_area_code", sort=False):
        latest = history.iloc[-1]
        previous = history.iloc[-2]["rating"] if len(history) > 1 else None
        if previous is None:
            movement = "first report"
        else:
            step = RATING_RANK[latest["rating"]] - RATING_RANK[previous]
            movement = "improved" if step > 0 else "worsened" if step < 0 else "unchanged"
        rows.append([area, latest["report_date"], latest["rating"], previous, movement, latest["narrative"]])
    return pd.DataFrame(rows, columns=columns)

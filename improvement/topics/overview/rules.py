"""The whole truth at a glance: the counts the Overview shows beside the ratings, each from the one rule for it.

Nothing here is a rule of its own: milestones overdue come from ``governance.milestone_states``, measures on or off
track from ``measures.measure_progress`` (the latest month against its planned value), high risks from
``governance.high_risks_on``, disagreements from ``honesty.check_ratings`` and reports late or missing from
``rhythm.reporting_rhythm``, all at the data's as-at date. So the first screen says what every other page says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from improvement.topics.governance import rules as governance
from improvement.topics.plan import rules as measures
from improvement.topics.rag import rules as honesty
from improvement.topics.rhythm import rules as rhythm


@dataclass(frozen=True)
class BoardStatus:
    as_at: dt.date | None
    milestones: int  # every milestone in the plan, dropped ones included
    milestones_overdue: int
    measures: int  # every plan measure, headline or not
    measures_on_track: int
    measures_off_track: int
    open_risks: int
    high_risks: int  # open at the as-at date and scoring governance.HIGH_SCORE or more
    ratings_checked: int  # priority areas whose latest rating was checked against the data
    disagreements: int  # of those, how many the data disagrees with
    reports_due: int  # six-weekly reports due by the as-at date (made or not)
    reports_late: int
    reports_missing: int
    next_report_due: dt.date | None
    next_report_overdue: bool

    @property
    def measures_not_judged(self) -> int:
        return self.measures - self.measures_on_track - self.measures_off_track


def board_status(
    progress: pd.DataFrame,
    milestones: pd.DataFrame,
    risks: pd.DataFrame,
    risk_reviews: pd.DataFrame,
    checks: pd.DataFrame,
    state: rhythm.Rhythm,
    as_at: dt.date | None,
) -> BoardStatus:
    """The counts for one authority at ``as_at``; ``checks`` are ``honesty.check_ratings``'s, ``state`` the
    reporting rhythm."""
    states = governance.milestone_states(milestones, as_at) if len(milestones) else milestones.assign(overdue=False)
    latest = honesty.latest_checks(checks)
    open_now = governance.risks_open_on(risks, as_at) if as_at is not None and len(risks) else risks["status"] == "open"
    trajectory = progress["trajectory_status"]
    return BoardStatus(
        as_at=as_at,
        milestones=len(milestones),
        milestones_overdue=int(states["overdue"].sum()),
        measures=len(progress),
        measures_on_track=int((trajectory == measures.ON_TRACK).sum()),
        measures_off_track=int((trajectory == measures.OFF_TRACK).sum()),
        open_risks=int(open_now.sum()),
        high_risks=len(governance.high_risks_on(risks, risk_reviews, as_at)),
        ratings_checked=int((latest["verdict"] != honesty.NOTHING_TO_CHECK).sum()) if len(latest) else 0,
        disagreements=len(honesty.disagreements(latest)),
        reports_due=state.counts.due,
        reports_late=state.counts.late,
        reports_missing=state.counts.missing,
        next_report_due=state.next_report_due,
        next_report_overdue=state.next_report_overdue,
    )

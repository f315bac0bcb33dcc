"""The dashboard's vocabulary: the closed lists of values the data uses, the values a figure or a date can take,
and the durations the rules count in.

Below everything (the models, the rules and the pages all use it) and free of SQLAlchemy, Streamlit and plotly,
so the pure rules can import it.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from dataclasses import dataclass

import pandas as pd


class PriorityAreaKind(enum.StrEnum):
    PRIORITY_ACTION = "priority_action"
    AREA_FOR_IMPROVEMENT = "area_for_improvement"


class Polarity(enum.StrEnum):
    """Whether a higher value of a measure is better or worse. Direction of movement is a separate matter."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


BETTER_IS = {Polarity.HIGHER_IS_BETTER: "higher", Polarity.LOWER_IS_BETTER: "lower"}
"""A polarity in one word, as tables say "Better is: lower" and as ``improvement.spc`` takes it."""


class Unit(enum.StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    RATIO = "ratio"
    WEEKS = "weeks"


@dataclass(frozen=True)
class Plausible:
    """The values a figure can take: from ``lowest`` to ``highest``, whole numbers only when ``whole``."""

    lowest: float
    highest: float
    whole: bool = False
    what: str = "a number"

    def allows(self, value: float) -> bool:
        value = float(value)
        return math.isfinite(value) and self.lowest <= value <= self.highest and (not self.whole or value.is_integer())

    def __str__(self) -> str:
        return f"{self.what} from {self.lowest:,g} to {self.highest:,.0f}"


UNIT_RANGES: dict[Unit, Plausible] = {
    Unit.PERCENT: Plausible(0, 100, what="a percentage"),
    Unit.COUNT: Plausible(0, 1_000_000, whole=True, what="a whole number"),
    Unit.RATIO: Plausible(0, 1_000_000),
    Unit.WEEKS: Plausible(0, 520, what="a number of weeks"),
}
"""What a measure's figures (actuals, targets, trajectories, baselines) can be, by its unit: a percentage 0 to 100;
a count of children a whole number 0 or more; a ratio or rate 0 or more; weeks 0 or more. The upper bounds only
catch the impossible: a million children (no council has so many), a ratio of a million, 520 weeks (ten years)."""

TEAM_FTE = Plausible(0, 1_000, what="an FTE")
"""A team's case-holding, agency or vacant FTE in a month: 0 or more, and at most 1,000 (more social workers than
any council employs)."""

EARLIEST_DATE = dt.date(2000, 1, 1)
DATE_YEARS_AHEAD = 10


def latest_date(today: dt.date | None = None) -> dt.date:
    """The latest date a loaded file may hold: ten years after ``today`` (29 February: the 28th)."""
    today = today or dt.date.today()
    try:
        return today.replace(year=today.year + DATE_YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + DATE_YEARS_AHEAD, day=28)


def plausible_date(value: dt.date, today: dt.date | None = None) -> bool:
    """Whether a date a file gives (a month, a target date, a report or meeting date...) is one this data can
    describe: from 1 January 2000 to ten years after today. A trajectory to December 9999 is a typing error."""
    return EARLIEST_DATE <= value <= latest_date(today)


class Rating(enum.StrEnum):
    RED = "Red"
    AMBER = "Amber"
    GREEN = "Green"
    BLUE = "Blue"


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class MeetingKind(enum.StrEnum):
    SIX_WEEKLY_REPORT = "six_weekly_report"
    DFE_REVIEW = "dfe_review"
    BOARD_MEETING = "board_meeting"


class MilestoneState(enum.StrEnum):
    """A milestone's state at the date the data describes (``topics.governance.rules.milestone_states``)."""

    COMPLETE = "Complete"
    OVERDUE = "Overdue"
    OPEN = "Open"
    DROPPED = "Dropped"


class TrajectoryJudgement(enum.StrEnum):
    """A measure against its trajectory at a date (``topics.review.rules``)."""

    ON = "On trajectory"
    OFF = "Off trajectory"
    NOT_JUDGED = "Not judged"


class ReportTimeliness(enum.StrEnum):
    """A six-weekly report against its due date (``topics.rhythm.rules``)."""

    ON_TIME = "On time"
    LATE = "Late"
    MISSING = "Missing"


RATING_RANK = {rating.value: rank for rank, rating in enumerate(Rating, start=1)}
"""How good a RAG rating is, for "improved" and "worsened": Red 1 < Amber 2 < Green 3 < Blue (complete) 4."""

SIX_WEEKS = pd.Timedelta(weeks=6)
"""The adviser reports at least every six weeks; milestones due within six weeks are "due soon"."""

SIX_MONTHS = pd.DateOffset(months=6)
"""DfE reviews progress at least every six months."""

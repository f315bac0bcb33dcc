"""The dashboard's vocabulary: the closed lists of values the data uses, and the durations the rules count in.

Below everything (the models, the rules and the pages all use it) and free of SQLAlchemy, Streamlit and plotly,
so the pure rules can import it.
"""

from __future__ import annotations

import enum

import pandas as pd


class PriorityAreaKind(enum.StrEnum):
    PRIORITY_ACTION = "priority_action"
    AREA_FOR_IMPROVEMENT = "area_for_improvement"


class Polarity(enum.StrEnum):
    """Whether a higher value of a measure is better or worse. Direction of movement is a separate matter."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Unit(enum.StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    RATIO = "ratio"
    WEEKS = "weeks"


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

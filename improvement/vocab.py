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


class Theme(enum.StrEnum):
    """What a priority area is about, from one short list, so that DfE can compare councils' plans by theme."""

    PRE_PROCEEDINGS = "pre-proceedings and PLO"
    CP_PLANNING = "CP planning and supervision"
    QUALITY_ASSURANCE = "quality assurance"
    WORKFORCE = "workforce and caseloads"
    CARE_LEAVERS = "care leavers"
    FRONT_DOOR = "front door"
    CHILDREN_IN_CARE = "children in care"
    LEADERSHIP = "leadership and governance"


THEME_DESCRIPTIONS: dict[Theme, str] = {
    Theme.PRE_PROCEEDINGS: (
        "Timely use of the pre-proceedings stage of the Public Law Outline, escalation from CP planning, legal "
        "gateway panels, drift before care proceedings."
    ),
    Theme.CP_PLANNING: (
        "Child protection plans, conferences and reviews, visits to children on plans, case supervision and "
        "management oversight of CP work."
    ),
    Theme.QUALITY_ASSURANCE: (
        "Auditing practice, performance management, IRO and conference-chair challenge, senior leaders' oversight "
        "of frontline practice."
    ),
    Theme.WORKFORCE: (
        "Recruiting and keeping social workers, agency reliance, vacancies, turnover and the number of children "
        "on each social worker's caseload."
    ),
    Theme.CARE_LEAVERS: (
        "Pathway plans, personal advisers, accommodation, education, training and employment for young people "
        "leaving care."
    ),
    Theme.FRONT_DOOR: (
        "Contacts, referrals and the MASH: timely, well-informed decisions at first contact, strategy discussions "
        "and re-referrals."
    ),
    Theme.CHILDREN_IN_CARE: (
        "Children looked after: permanence planning, placement stability and sufficiency, care plans and reviews."
    ),
    Theme.LEADERSHIP: (
        "Corporate leadership, political oversight, partnership working, the improvement board and the plan's "
        "own governance."
    ),
}
"""One line per theme: what belongs there (the Methodology page lists them; a plan's priority area takes one)."""


class InterventionKind(enum.StrEnum):
    """How DfE intervenes in a council's children's services."""

    IMPROVEMENT_NOTICE = "improvement_notice"
    STATUTORY_DIRECTION = "statutory_direction"
    COMMISSIONER = "commissioner"


INTERVENTION_LABELS: dict[InterventionKind, str] = {
    InterventionKind.IMPROVEMENT_NOTICE: "Improvement notice",
    InterventionKind.STATUTORY_DIRECTION: "Statutory direction",
    InterventionKind.COMMISSIONER: "Children's services commissioner",
}


class InspectionKind(enum.StrEnum):
    """Ofsted's inspections and visits of a council's children's services (ILACS and the joint inspections)."""

    ILACS_STANDARD = "ilacs_standard"
    ILACS_SHORT = "ilacs_short"
    FOCUSED_VISIT = "focused_visit"
    MONITORING_VISIT = "monitoring_visit"
    JTAI = "jtai"


INSPECTION_LABELS: dict[InspectionKind, str] = {
    InspectionKind.ILACS_STANDARD: "ILACS standard inspection",
    InspectionKind.ILACS_SHORT: "ILACS short inspection",
    InspectionKind.FOCUSED_VISIT: "Focused visit",
    InspectionKind.MONITORING_VISIT: "Monitoring visit",
    InspectionKind.JTAI: "Joint targeted area inspection",
}


class OfstedGrade(enum.StrEnum):
    """Ofsted's four-point judgement (visits are not graded: no grade)."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


GRADE_LABELS: dict[OfstedGrade, str] = {
    OfstedGrade.OUTSTANDING: "Outstanding",
    OfstedGrade.GOOD: "Good",
    OfstedGrade.REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    OfstedGrade.INADEQUATE: "Inadequate",
}

GRADE_RANK = {grade.value: rank for rank, grade in enumerate(reversed(OfstedGrade), start=1)}
"""How good a grade is: inadequate 1 < requires improvement 2 < good 3 < outstanding 4."""

JUDGEMENT_AREAS: dict[str, str] = {
    "overall": "Overall effectiveness",
    "impact_of_leaders": "The impact of leaders on social work practice with children and families",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "children_in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
}
"""An ILACS judgement's grades: the column holding each, and Ofsted's words for it."""

"""What the generator is asked to describe: the council, its Ofsted priority areas, the measures and the
story each tells, the teams and the advisers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from improvement.vocab import Theme


@dataclass(frozen=True)
class AuthoritySpec:
    """A council: new LA code (e.g. E08000014), old three-digit LA code, name and English region."""

    code: str
    old_la_code: str | None
    name: str
    region: str | None


SEFTON = AuthoritySpec(code="E08000014", old_la_code="343", name="Sefton", region="North West")


ENGLISH_REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)


ON_TRACK, SLIPPING, RECOVERING = "on_track", "slipping", "recovering"


STORIES = (ON_TRACK, SLIPPING, RECOVERING)


FLAT = "flat"
"""A fourth story, told only by the invented councils of the portfolio (``improvement.demo.portfolio``): the measure
stays at its baseline, worse than its trajectory from the second month on (no change in practice)."""


#: Counts about children below this arrive from the council's report already suppressed (status ``c``).
SOURCE_SUPPRESSION_BELOW = 5


DEMO_MEASURE_SOURCE = "Synthetic demo data (council performance report)"


DEMO_OBSERVATION_SOURCE = "{name} performance report (synthetic)"


FOCUSED_VISIT = "Ofsted focused visit, March 2021"


@dataclass(frozen=True)
class PriorityAreaSpec:
    code: str
    title: str
    kind: str  # improvement.db.models.PriorityAreaKind value
    ofsted_wording: str
    topic: str  # how a narrative refers to it, e.g. "the use of the PLO pre-proceedings stage"
    theme: str | None = None  # an improvement.vocab.Theme value


#: Ofsted's words for each priority area (the March 2021 focused visit; see DOMAIN.md).
OFSTED_WORDING = {
    "PA1": (
        "Timely application of the pre-proceedings stage of the Public Law Outline where risks for children "
        "are not reducing through child protection planning."
    ),
    "PA2": (
        "The effectiveness of case supervision and the monitoring of children subject to child protection "
        "planning, including those in pre-proceedings, to prevent drift and delay."
    ),
    "AFI3": "Quality assurance arrangements and senior management oversight of social work practice.",
    "AFI4": (
        "Strategic and operational focus on achieving change and reducing risk for vulnerable children, "
        "including disabled children and care leavers."
    ),
    "AFI5": "Capacity in social work teams and the number of children on social workers' caseloads.",
}


PRIORITY_AREAS = (
    PriorityAreaSpec(
        code="PA1",
        title="PLO pre-proceedings",
        kind="priority_action",
        ofsted_wording=OFSTED_WORDING["PA1"],
        topic="timely use of the PLO pre-proceedings stage",
        theme=Theme.PRE_PROCEEDINGS,
    ),
    PriorityAreaSpec(
        code="PA2",
        title="CP supervision and monitoring",
        kind="priority_action",
        ofsted_wording=OFSTED_WORDING["PA2"],
        topic="supervision and monitoring of children on child protection plans",
        theme=Theme.CP_PLANNING,
    ),
    PriorityAreaSpec(
        code="AFI3",
        title="Quality assurance and senior management oversight",
        kind="area_for_improvement",
        ofsted_wording=OFSTED_WORDING["AFI3"],
        topic="quality assurance and senior oversight of practice",
        theme=Theme.QUALITY_ASSURANCE,
    ),
    PriorityAreaSpec(
        code="AFI4",
        title="Reducing risk for vulnerable children",
        kind="area_for_improvement",
        ofsted_wording=OFSTED_WORDING["AFI4"],
        topic="the focus on reducing risk, including for disabled children and care leavers",
        theme=Theme.FRONT_DOOR,
    ),
    PriorityAreaSpec(
        code="AFI5",
        title="Capacity and caseloads",
        kind="area_for_improvement",
        ofsted_wording=OFSTED_WORDING["AFI5"],
        topic="social work capacity and caseloads",
        theme=Theme.WORKFORCE,
    ),
)


@dataclass(frozen=True)
class PlanDesign:
    """A council's own plan, for the generator: its priority areas, which area each measure evidences (measures
    not named are not in its plan), its actions by area, which of its areas each risk of ``governance.RISKS`` is
    against (by Sefton's area code; None: the whole plan), and, where its story sets them, the adviser's ratings
    (``rating(area_code, report_index, reports)``; None: the honest rating its measures' stories give)."""

    areas: tuple[PriorityAreaSpec, ...]
    links: Mapping[str, str]
    actions: Mapping[str, tuple[tuple[str, str], ...]]
    risk_areas: Mapping[str, str | None]
    rating: Callable[[str, int, int], str] | None = None
    source: str = FOCUSED_VISIT  # the inspection its priority areas come from


@dataclass(frozen=True)
class MeasureSpec:
    """A measure in the catalogue, where the demo plan tracks it, and Sefton's invented story for it."""

    code: str
    name: str
    definition: str
    unit: str  # improvement.db.models.Unit value
    polarity: str  # improvement.db.models.Polarity value
    national_equivalent: str | None  # the DfE statistics column, where one exists
    priority_area_code: str
    is_headline: bool
    baseline: float
    target: float
    decimals: int
    story: str  # Sefton's story; synthetic authorities draw their own
    counts_children: bool = False
    spread: float = 0.0  # the month-to-month variation is at least this (a standard deviation, in the unit)
    process_change_month: int | None = None  # Sefton's process changed this many months after the baseline month


HIGHER, LOWER = "higher_is_better", "lower_is_better"


MEASURES = (
    # AFI5 capacity and caseloads: caseloads come down, but only by leaning on agency staff.
    MeasureSpec(
        code="social_worker_caseload",
        name="Social worker caseload",
        definition="Cases held divided by the FTE of case-holding social workers, at month end.",
        unit="ratio",
        polarity=LOWER,
        national_equivalent="caseload_fte",
        priority_area_code="AFI5",
        is_headline=True,
        baseline=20.8,
        target=16.0,
        decimals=1,
        story=ON_TRACK,
    ),
    MeasureSpec(
        code="agency_worker_rate",
        name="Agency worker rate",
        definition="Agency social worker FTE as a percentage of agency plus employed social worker FTE.",
        unit="percent",
        polarity=LOWER,
        national_equivalent="agency_rate_fte",
        priority_area_code="AFI5",
        is_headline=False,
        baseline=27.0,
        target=18.0,
        decimals=1,
        story=SLIPPING,
    ),
    MeasureSpec(
        code="vacancy_rate",
        name="Vacancy rate",
        definition="Vacant social worker posts (FTE) as a percentage of vacancies plus employed FTE.",
        unit="percent",
        polarity=LOWER,
        national_equivalent="vacancy_rate_fte",
        priority_area_code="AFI5",
        is_headline=False,
        baseline=30.0,
        target=20.0,
        decimals=1,
        story=SLIPPING,
    ),
    MeasureSpec(
        code="turnover_rate",
        name="Turnover rate",
        definition="Social worker leavers (FTE) in the last 12 months as a percentage of employed FTE.",
        unit="percent",
        polarity=LOWER,
        national_equivalent="turnover_rate_fte",
        priority_area_code="AFI5",
        is_headline=False,
        baseline=24.0,
        target=16.0,
        decimals=1,
        story=ON_TRACK,
    ),
    # PA2 CP supervision and monitoring: the plan's success story.
    MeasureSpec(
        code="cp_plans_2_years_plus",
        name="CP plans lasting 2 years or more",
        definition="Of CP plans ceasing in the last 12 months, the percentage that lasted 2 years or more.",
        unit="percent",
        polarity=LOWER,
        national_equivalent=None,
        priority_area_code="PA2",
        is_headline=False,
        baseline=6.5,
        target=3.5,
        decimals=1,
        story=ON_TRACK,
    ),
    MeasureSpec(
        code="cp_reviews_in_timescale",
        name="CP reviews in timescale",
        definition="Percentage of child protection cases reviewed within the required timescales.",
        unit="percent",
        polarity=HIGHER,
        national_equivalent=None,
        priority_area_code="PA2",
        is_headline=False,
        baseline=78.0,
        target=95.0,
        decimals=1,
        story=ON_TRACK,
    ),
    MeasureSpec(
        code="cp_visits_within_10_days",
        name="CP visits within 10 working days",
        definition="Percentage of children on a CP plan visited within the last 10 working days.",
        unit="percent",
        polarity=HIGHER,
        national_equivalent=None,
        priority_area_code="PA2",
        is_headline=True,
        baseline=62.0,
        target=90.0,
        decimals=1,
        story=ON_TRACK,
    ),
    MeasureSpec(
        code="supervision_in_timescale",
        name="Supervision in timescale",
        definition="Percentage of children on a CP plan whose case was supervised within the last month.",
        unit="percent",
        polarity=HIGHER,
        national_equivalent=None,
        priority_area_code="PA2",
        is_headline=True,
        baseline=55.0,
        target=90.0,
        decimals=1,
        story=ON_TRACK,
    ),
    # AFI4 reducing risk: mostly improving, but repeat plans creep up.
    MeasureSpec(
        code="repeat_cp_plans",
        name="Repeat CP plans",
        definition=(
            "Of child protection plans starting in the last 12 months, the percentage that are a second "
            "or later plan for the child."
        ),
        unit="percent",
        polarity=LOWER,
        national_equivalent="CPP_subsequent_percent",
        priority_area_code="AFI4",
        is_headline=False,
        baseline=28.0,
        target=22.0,
        decimals=1,
        story=SLIPPING,
    ),
    # Only noise: conference timeliness starts near the national level and the plan asks for a small rise, smaller
    # than its month-to-month variation. At or above trajectory every month, yet its SPC chart shows common cause
    # variation throughout: nothing has changed the process, and meeting the target is hit and miss.
    MeasureSpec(
        code="icpc_within_15_days",
        name="ICPC within 15 working days",
        definition="Percentage of initial CP conferences within 15 working days of the strategy discussion.",
        unit="percent",
        polarity=HIGHER,
        national_equivalent=None,
        priority_area_code="AFI4",
        is_headline=False,
        baseline=78.0,
        target=80.0,
        decimals=1,
        story=ON_TRACK,
        spread=2.0,
    ),
    MeasureSpec(
        code="re_referrals_12_months",
        name="Re-referrals within 12 months",
        definition="Percentage of referrals in the month that were within 12 months of a previous referral.",
        unit="percent",
        polarity=LOWER,
        national_equivalent="rereferral_percent",
        priority_area_code="AFI4",
        is_headline=False,
        baseline=26.0,
        target=21.0,
        decimals=1,
        story=ON_TRACK,
    ),
    # AFI3 quality assurance: audit grades stall after a good start.
    MeasureSpec(
        code="audits_good_or_better",
        name="Audits graded good or better",
        definition="Percentage of case file audits completed in the month graded good or outstanding.",
        unit="percent",
        polarity=HIGHER,
        national_equivalent=None,
        priority_area_code="AFI3",
        is_headline=True,
        baseline=35.0,
        target=70.0,
        decimals=1,
        story=SLIPPING,
    ),
    # PA1 PLO pre-proceedings: drift is tackled; timeliness dips badly mid-plan, then recovers.
    MeasureSpec(
        code="children_in_pre_proceedings",
        name="Children in pre-proceedings",
        definition=(
            "Children in the pre-proceedings stage of the Public Law Outline at month end. The plan "
            "brings pre-proceedings to a decision sooner, so fewer children wait in the stage."
        ),
        unit="count",
        polarity=LOWER,
        national_equivalent=None,
        priority_area_code="PA1",
        is_headline=False,
        baseline=12.0,
        target=5.0,
        decimals=0,
        story=ON_TRACK,
        counts_children=True,
    ),
    MeasureSpec(
        code="pre_proceedings_median_weeks",
        name="Weeks in pre-proceedings (median)",
        definition="Median weeks in pre-proceedings, of pre-proceedings concluded in the last 3 months.",
        unit="weeks",
        polarity=LOWER,
        national_equivalent=None,
        priority_area_code="PA1",
        is_headline=False,
        baseline=24.0,
        target=14.0,
        decimals=1,
        story=ON_TRACK,
    ),
    MeasureSpec(
        code="pre_proceedings_within_16_weeks",
        name="Pre-proceedings concluded within 16 weeks",
        definition=(
            "Percentage of pre-proceedings concluded in the last 3 months (by stepping down or issuing "
            "care proceedings) within 16 weeks."
        ),
        unit="percent",
        polarity=HIGHER,
        national_equivalent=None,
        priority_area_code="PA1",
        is_headline=True,
        baseline=40.0,
        target=80.0,
        decimals=1,
        story=RECOVERING,
        # A clear shift after a change in the plan: 16-week review points for every family in pre-proceedings were
        # rolled out across the service in June 2022 (milestone of action PA1.3). The plan records the change, so
        # the SPC limits are recalculated from June 2022; every month from then on is special-cause improvement.
        process_change_month=11,
    ),
)


TEAMS = (
    "Assessment North",
    "Assessment South",
    "Child Protection North",
    "Child Protection South",
    "Children with Disabilities",
    "Children in Care",
    "Leaving Care",
    "Family Support",
)


TEAM_STAYING_HIGH = "Child Protection South"


ADVISERS = (
    "Dr Helen Ashworth",
    "Martin Okafor",
    "Gillian Prescott",
    "Rajesh Lalli",
    "Catherine Moorcroft",
    "David Kinsella",
)

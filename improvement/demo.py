"""Deterministic demo data: an invented but plausible improvement programme for a council under intervention.

``build_programme()`` tells one council's story month by month, from the Ofsted priority areas down to the
adviser's six-weekly RAG ratings; ``build_large_dataset()`` runs the same generator for many invented councils
(for benchmarks). Everything is synthetic: the figures are made up, only the priority areas' wording and the
measure definitions come from the domain brief (../shared/DOMAIN.md).

The story is written into the data on purpose, so that every page has something to show:

- each measure follows a *story* against its trajectory (the planned value per month, from baseline to
  target): ``on_track`` (at or better than trajectory every month), ``slipping`` (on trajectory for the first
  half, then worse than it for every later month) or ``recovering`` (off trajectory through the middle of the
  plan, back at or better than it for at least the last four months);
- each priority area's RAG ratings follow from the stories of its measures (all on track: reaches Blue,
  complete; a recovering measure: the area slips back to Red once, then recovers);
- the small count of children in pre-proceedings falls below 5 in some months: those observations arrive
  suppressed from the source (value missing, status ``c``), never as 0.

Same arguments, same frames: randomness comes only from ``numpy.random.default_rng(seed)``; no clock is read.
Frames use codes where the database uses ids (``authority_code``, ``priority_area_code``, ``measure_code``;
``report_date`` + ``version`` for a report; ``action_reference`` and ``risk_reference``): ``loaders.store``
resolves them when it writes a programme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from improvement import style
from improvement.contract import add_whole_months

# --- What the generator is asked to describe ---------------------------------------------------------------


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
    ),
    PriorityAreaSpec(
        code="PA2",
        title="CP supervision and monitoring",
        kind="priority_action",
        ofsted_wording=OFSTED_WORDING["PA2"],
        topic="supervision and monitoring of children on child protection plans",
    ),
    PriorityAreaSpec(
        code="AFI3",
        title="Quality assurance and senior management oversight",
        kind="area_for_improvement",
        ofsted_wording=OFSTED_WORDING["AFI3"],
        topic="quality assurance and senior oversight of practice",
    ),
    PriorityAreaSpec(
        code="AFI4",
        title="Reducing risk for vulnerable children",
        kind="area_for_improvement",
        ofsted_wording=OFSTED_WORDING["AFI4"],
        topic="the focus on reducing risk, including for disabled children and care leavers",
    ),
    PriorityAreaSpec(
        code="AFI5",
        title="Capacity and caseloads",
        kind="area_for_improvement",
        ofsted_wording=OFSTED_WORDING["AFI5"],
        topic="social work capacity and caseloads",
    ),
)


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
    MeasureSpec(
        code="icpc_within_15_days",
        name="ICPC within 15 working days",
        definition="Percentage of initial CP conferences within 15 working days of the strategy discussion.",
        unit="percent",
        polarity=HIGHER,
        national_equivalent=None,
        priority_area_code="AFI4",
        is_headline=False,
        baseline=65.0,
        target=85.0,
        decimals=1,
        story=ON_TRACK,
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

# --- The frames ------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Programme:
    """One or more authorities' improvement programmes, one frame per table (codes instead of ids)."""

    authorities: pd.DataFrame
    priority_areas: pd.DataFrame
    measures: pd.DataFrame
    plan_measures: pd.DataFrame
    targets: pd.DataFrame
    trajectory_points: pd.DataFrame
    observations: pd.DataFrame
    rag_reports: pd.DataFrame
    rag_ratings: pd.DataFrame
    caseloads: pd.DataFrame
    plan_actions: pd.DataFrame
    milestones: pd.DataFrame
    risks: pd.DataFrame
    risk_reviews: pd.DataFrame
    meetings: pd.DataFrame
    adviser_contracts: pd.DataFrame
    adviser_days: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        """The frames by name, in an order that a writer can follow (referenced tables first)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def row_counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.frames().items()}


COLUMNS: dict[str, tuple[str, ...]] = {
    "authorities": ("code", "old_la_code", "name", "region"),
    "priority_areas": ("authority_code", "code", "title", "kind", "ofsted_wording", "source", "sort_order"),
    "measures": (
        "code",
        "name",
        "definition",
        "unit",
        "polarity",
        "source",
        "counts_children",
        "national_equivalent",
    ),
    "plan_measures": (
        "authority_code",
        "measure_code",
        "priority_area_code",
        "is_headline",
        "baseline_value",
        "baseline_period",
    ),
    "targets": ("authority_code", "measure_code", "value", "target_date"),
    "trajectory_points": ("authority_code", "measure_code", "period", "planned_value"),
    "observations": ("authority_code", "measure_code", "period", "value", "status", "source"),
    "rag_reports": (
        "authority_code",
        "report_date",
        "version",
        "period_start",
        "period_end",
        "author",
        "status",
        "overall_narrative",
    ),
    "rag_ratings": (
        "authority_code",
        "report_date",
        "version",
        "priority_area_code",
        "rating",
        "narrative",
        "evidence",
    ),
    "caseloads": (
        "authority_code",
        "team",
        "period",
        "case_holding_fte",
        "children_allocated",
        "agency_fte",
        "vacancies_fte",
    ),
    "plan_actions": ("authority_code", "priority_area_code", "reference", "title", "owner"),
    "milestones": ("authority_code", "action_reference", "title", "due_date", "status", "completed_date"),
    "risks": (
        "authority_code",
        "priority_area_code",
        "reference",
        "title",
        "owner",
        "mitigation",
        "status",
        "raised_date",
        "closed_date",
    ),
    "risk_reviews": ("authority_code", "risk_reference", "review_date", "likelihood", "impact"),
    "meetings": ("authority_code", "kind", "meeting_date", "title", "notes"),
    "adviser_contracts": (
        "authority_code",
        "adviser_name",
        "start_date",
        "end_date",
        "break_clause_date",
        "monthly_day_allowance",
        "daily_rate_gbp",
        "vat_rate",
        "budget_gbp",
        "extension_months",
        "notes",
    ),
    "adviser_days": ("authority_code", "day_date", "days", "activity", "notes"),
}


# --- Calendar helpers ------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """First of each month from ``start``'s month to ``end``'s month, inclusive."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return [add_months(start, k) for k in range(months + 1)]


def nth_weekday(month: dt.date, weekday: int, n: int) -> dt.date:
    """The ``n``th ``weekday`` (Monday 0) of ``month``, e.g. the third Thursday."""
    first = month.replace(day=1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def month_label(day: dt.date) -> str:
    return day.strftime("%B %Y")


# --- One council's programme -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Series:
    """A measure as generated: trajectory and actuals by month (actual NaN where suppressed)."""

    spec: MeasureSpec
    story: str
    baseline: float
    target: float
    planned: np.ndarray
    actual: np.ndarray
    suppressed: np.ndarray
    off_track_window: tuple[int, int]  # months [first, last) worse than trajectory


def build_programme(
    authority: AuthoritySpec = SEFTON,
    start: dt.date = dt.date(2021, 7, 1),
    end: dt.date = dt.date(2023, 6, 1),
    seed: int = 2021,
    *,
    stories: Mapping[str, str] | None = None,
    vary_baselines: bool = False,
) -> Programme:
    """The improvement programme of one council, monthly from ``start`` to ``end`` (inclusive months).

    ``stories`` maps measure code to ``on_track``/``slipping``/``recovering``; by default each measure
    follows the Sefton story written in ``MEASURES``. ``vary_baselines`` jitters baselines and targets (used
    for invented councils, so that they differ from one another).
    """
    return _programme_from_parts([_programme_parts(authority, start, end, seed, stories, vary_baselines)])


def _programme_parts(
    authority: AuthoritySpec,
    start: dt.date,
    end: dt.date,
    seed: int,
    stories: Mapping[str, str] | None,
    vary_baselines: bool,
) -> dict[str, list]:
    """Each table's content as parts: lists of row dicts, or dicts of equal-length columns (the big ones)."""
    rng = np.random.default_rng(seed)
    months = month_starts(start, end)
    stories = {spec.code: spec.story for spec in MEASURES} | dict(stories or {})
    n_months = len(months)
    series = [_measure_series(spec, stories[spec.code], n_months, rng, vary_baselines) for spec in MEASURES]
    # The team returns come first, from their own random stream: the three workforce measures are then what the
    # returns give (the dashboard's source rule), so every page, report and narrative quotes one figure.
    caseloads, series = _caseloads(authority.code, series, months, np.random.default_rng([seed, 976]))
    area_stories = _area_stories(series)
    reports = _report_dates(start, end)
    code = authority.code
    source = DEMO_OBSERVATION_SOURCE.format(name=authority.name)

    return {
        "authorities": [[vars(authority)]],
        "priority_areas": [_priority_areas(code)],
        "measures": [_measure_catalogue()],
        **_plan_measures_targets_trajectories(code, series, months),
        "observations": [_observations(code, series, months, source)],
        **_rag_reports_and_ratings(code, series, area_stories, months, reports, rng),
        "caseloads": [caseloads],
        **_plan_actions_and_milestones(code, start, end, rng),
        **_risks_and_reviews(code, start, end, rng),
        "meetings": [_meetings(code, start, end, reports)],
        **_adviser_contract_and_days(code, start, end, reports, seed),
    }


def _priority_areas(code: str) -> list[dict]:
    return [
        {
            "authority_code": code,
            "code": area.code,
            "title": area.title,
            "kind": area.kind,
            "ofsted_wording": area.ofsted_wording,
            "source": FOCUSED_VISIT,
            "sort_order": order,
        }
        for order, area in enumerate(PRIORITY_AREAS, start=1)
    ]


def _measure_catalogue() -> list[dict]:
    return [
        {
            "code": spec.code,
            "name": spec.name,
            "definition": spec.definition,
            "unit": spec.unit,
            "polarity": spec.polarity,
            "source": DEMO_MEASURE_SOURCE,
            "counts_children": spec.counts_children,
            "national_equivalent": spec.national_equivalent,
        }
        for spec in MEASURES
    ]


def _good_direction(spec: MeasureSpec) -> int:
    """+1 if a higher value is better, -1 if lower is better."""
    return 1 if spec.polarity == HIGHER else -1


def _story_windows(n: int) -> tuple[int, int]:
    """For a recovering measure: months [first, last) spent worse than trajectory; the rest on or better."""
    return round(0.3 * n), n - max(5, round(0.25 * n))


def _measure_series(
    spec: MeasureSpec,
    story: str,
    n: int,
    rng: np.random.Generator,
    vary_baselines: bool,
) -> _Series:
    """Trajectory from baseline to target, and actuals whose gap to it follows the story (by polarity)."""
    baseline, target = spec.baseline, spec.target
    if vary_baselines:
        baseline = baseline * (1 + rng.normal(0, 0.08))
        target = target * (1 + rng.normal(0, 0.04))
    if spec.unit == "percent":
        baseline, target = float(np.clip(baseline, 1, 99)), float(np.clip(target, 1, 99))
    span = abs(target - baseline)
    minimum_span = 3 * 10.0**-spec.decimals  # an improvement too small to show is no plan
    if span < minimum_span:
        target = baseline + _good_direction(spec) * minimum_span
        span = minimum_span
    baseline, target = round(baseline, spec.decimals), round(target, spec.decimals)

    planned = np.round(np.linspace(baseline, target, n), spec.decimals)
    steps = np.arange(n)
    wobble = np.abs(rng.normal(0, max(0.08 * span, 1.5 if spec.unit == "count" else 0.0), n))
    clear_gap = max(0.12 * span, 1.5 * 10.0**-spec.decimals)  # "worse" must survive rounding
    off_window = (n, n)
    if story == ON_TRACK:
        gap = wobble
    elif story == SLIPPING:
        turn = n // 2
        off_window = (turn, n)
        drift = clear_gap + 0.5 * span * (steps - turn) / max(1, n - 1 - turn)
        gap = np.where(steps < turn, wobble, -(drift + 0.5 * wobble))
    elif story == RECOVERING:
        first, last = _story_windows(n)
        off_window = (first, last)
        dip = clear_gap + 0.35 * span * np.sin(np.pi * (steps - first + 1) / (last - first + 1))
        gap = np.where((steps >= first) & (steps < last), -(dip + 0.5 * wobble), wobble)
    else:
        raise ValueError(f"unknown story {story!r} for {spec.code}; expected one of {STORIES}")
    gap[0] = 0.0  # the first month is the baseline

    actual = planned + _good_direction(spec) * gap
    upper = 100.0 if spec.unit == "percent" else np.inf
    actual = np.round(np.clip(actual, 0.0, upper), spec.decimals)
    suppressed = np.zeros(n, dtype=bool)
    if spec.counts_children:
        suppressed = actual < SOURCE_SUPPRESSION_BELOW
        actual = np.where(suppressed, np.nan, actual)
    return _Series(spec, story, baseline, target, planned, actual, suppressed, off_window)


def _plan_measures_targets_trajectories(code: str, series: list[_Series], months: list[dt.date]) -> dict:
    plan_measures, targets = [], []
    for s in series:
        baseline_known = not s.suppressed[0]
        plan_measures.append(
            {
                "authority_code": code,
                "measure_code": s.spec.code,
                "priority_area_code": s.spec.priority_area_code,
                "is_headline": s.spec.is_headline,
                "baseline_value": s.baseline if baseline_known else None,
                "baseline_period": months[0],
            }
        )
        targets.append(
            {
                "authority_code": code,
                "measure_code": s.spec.code,
                "value": s.target,
                "target_date": months[-1],
            }
        )
    trajectory = {
        "authority_code": [code] * (len(series) * len(months)),
        "measure_code": [s.spec.code for s in series for _ in months],
        "period": months * len(series),
        "planned_value": np.concatenate([s.planned for s in series]).tolist(),
    }
    return {"plan_measures": [plan_measures], "targets": [targets], "trajectory_points": [trajectory]}


def _observations(code: str, series: list[_Series], months: list[dt.date], source: str) -> dict[str, list]:
    """Every measure's actuals by month; a suppressed figure has no value, only the status ``c``."""
    size = len(series) * len(months)
    return {
        "authority_code": [code] * size,
        "measure_code": [s.spec.code for s in series for _ in months],
        "period": months * len(series),
        "value": np.concatenate([s.actual for s in series]).tolist(),
        "status": ["c" if hidden else None for s in series for hidden in s.suppressed],
        "source": [source] * size,
    }


# --- The adviser's six-weekly reports --------------------------------------------------------------------

RATING_ORDER = ("Red", "Amber", "Green", "Blue")

RATING_SENTENCES = {
    "Red": (
        "Progress on {topic} is not yet secure and children remain at risk of drift.",
        "There is not yet enough evidence of change in {topic}.",
        "Work on {topic} is behind plan and needs senior attention.",
    ),
    "Amber": (
        "Progress on {topic} is evident but not yet consistent across teams.",
        "Improvement in {topic} has started; it now needs to be embedded.",
        "Plans for {topic} are in place and beginning to have an impact.",
    ),
    "Green": (
        "{topic} is improving as planned and the change is visible in practice.",
        "Good progress: {topic} is on track and managers can evidence the impact.",
        "The actions on {topic} are delivering and performance is sustained.",
    ),
    "Blue": (
        "The actions on {topic} are complete and the improvement has been sustained.",
        "{topic} is now business as usual; the board has agreed to close the actions.",
    ),
}

EVIDENCE_SOURCES = (
    "monthly performance report",
    "audit of 20 child protection cases",
    "dip sample of supervision records",
    "practice observation week",
    "legal gateway panel minutes",
    "conversations with frontline social workers",
    "IRO and conference chair challenge log",
)

OVERALL_OPENINGS = (
    "The council continues to engage openly with the adviser and the improvement board.",
    "Leadership capacity has been strengthened and the plan is owned across the partnership.",
    "The improvement board has provided robust challenge during the period.",
    "Staff report that managers are more visible and supervision is more reflective.",
)


def _report_dates(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every six weeks from the first Friday at least nine weeks after the start, up to ``end``."""
    first = start + dt.timedelta(days=63)
    first += dt.timedelta(days=(4 - first.weekday()) % 7)
    dates = []
    while first <= end:
        dates.append(first)
        first += dt.timedelta(weeks=6)
    return dates


def _area_stories(series: list[_Series]) -> dict[str, str]:
    """How each priority area's RAG rating moves, from the stories of its measures."""
    result = {}
    for area in PRIORITY_AREAS:
        stories = [s.story for s in series if s.spec.priority_area_code == area.code]
        on_track_share = stories.count(ON_TRACK) / len(stories) if stories else 1.0
        if RECOVERING in stories:
            result[area.code] = "slip_back"
        elif SLIPPING not in stories:
            result[area.code] = "complete"
        elif on_track_share > 0.5:
            result[area.code] = "improving"
        elif on_track_share > 0:
            result[area.code] = "mixed"
        else:
            result[area.code] = "slipping"
    return result


def _rating(area_story: str, progress: float, data_month: int, off_window: tuple[int, int]) -> str:
    """The RAG rating an honest adviser would give, ``progress`` (0 to 1) of the way through the reports."""
    if area_story == "complete":
        if progress < 0.15:
            return "Red"
        return "Amber" if progress < 0.4 else "Green" if progress < 0.75 else "Blue"
    if area_story == "improving":
        return "Red" if progress < 0.2 else "Amber" if progress < 0.7 else "Green"
    if area_story == "slip_back":
        first, last = off_window
        if first + 2 <= data_month < (first + last) // 2 + 1:
            return "Red"  # the slip back: off trajectory for a while and getting worse
        if progress >= 0.8 and data_month >= last:
            return "Green"
        return "Red" if progress < 0.2 else "Amber"
    if area_story == "mixed":
        return "Red" if progress < 0.3 else "Amber"
    return "Red" if progress < 0.25 else "Amber"  # slipping: never gets beyond Amber


def _format_value(spec: MeasureSpec, value: float) -> str:
    if np.isnan(value):
        return f"c (fewer than {SOURCE_SUPPRESSION_BELOW})"
    return style.format_value(value, spec.unit)


def _behind_trajectory(s: _Series, month_index: int) -> bool:
    actual, planned = s.actual[month_index], s.planned[month_index]
    return bool(not np.isnan(actual) and _good_direction(s.spec) * (actual - planned) < 0)


def _trajectory_sentence(area_series: list[_Series], month_index: int, rating: str) -> str:
    """What the measures say, so that the narrative never contradicts the data."""
    behind = [s.spec.name for s in area_series if _behind_trajectory(s, month_index)]
    if not behind and rating in ("Red", "Amber"):
        return "The measures are at or ahead of trajectory, but the change is too recent to be secure."
    if not behind:
        return "The measures for this area are at or ahead of trajectory."
    if len(behind) == len(area_series):
        return "The measures for this area are behind trajectory."
    return f"Behind trajectory: {', '.join(behind)}; the other measures are at or ahead of it."


def _evidence(area_series: list[_Series], month_index: int, months: list[dt.date], source: str) -> str:
    lines = []
    for s in area_series:
        actual, planned = s.actual[month_index], s.planned[month_index]
        lines.append(
            f"{s.spec.name}: {_format_value(s.spec, actual)} in {month_label(months[month_index])} "
            f"against a planned {_format_value(s.spec, planned)}."
        )
    lines.append(f"Also seen: {source}.")
    return " ".join(lines)


def _rag_reports_and_ratings(
    code: str,
    series: list[_Series],
    area_stories: dict[str, str],
    months: list[dt.date],
    report_dates: list[dt.date],
    rng: np.random.Generator,
) -> dict:
    author = _pick(rng, ADVISERS)
    off_windows = {s.spec.priority_area_code: s.off_track_window for s in series if s.story == RECOVERING}
    reports, ratings = [], []
    for index, report_date in enumerate(report_dates):
        progress = index / max(1, len(report_dates) - 1)
        # The report uses the last complete month of data before it.
        data_month = min(len(months) - 1, max(0, _month_index(months[0], report_date) - 1))
        report_ratings = []
        for area in PRIORITY_AREAS:
            off_window = off_windows.get(area.code, (0, 0))
            rating = _rating(area_stories[area.code], progress, data_month, off_window)
            area_series = [s for s in series if s.spec.priority_area_code == area.code]
            sentence = _pick(rng, RATING_SENTENCES[rating]).format(topic=area.topic)
            trajectory = _trajectory_sentence(area_series, data_month, rating)
            narrative = f"{sentence[0].upper()}{sentence[1:]} {trajectory}"
            evidence = _evidence(area_series, data_month, months, _pick(rng, EVIDENCE_SOURCES))
            report_ratings.append(
                {
                    "authority_code": code,
                    "report_date": report_date,
                    "version": 1,
                    "priority_area_code": area.code,
                    "rating": rating,
                    "narrative": narrative,
                    "evidence": evidence,
                }
            )
        given = [rating["rating"] for rating in report_ratings]
        counts = ", ".join(f"{given.count(name)} {name}" for name in RATING_ORDER)
        reports.append(
            {
                "authority_code": code,
                "report_date": report_date,
                "version": 1,
                "period_start": report_date - dt.timedelta(days=41),
                "period_end": report_date,
                "author": author,
                "status": "submitted",
                "overall_narrative": (
                    f"Six-weekly report {index + 1} of the improvement adviser. Priority areas: {counts}. "
                    f"{_pick(rng, OVERALL_OPENINGS)}"
                ),
            }
        )
        ratings.extend(report_ratings)

    # A later draft of the newest report, not yet submitted: pages must keep showing version 1.
    if reports:
        newest = reports[-1]
        reports.append(
            newest
            | {
                "version": 2,
                "status": "draft",
                "overall_narrative": "DRAFT, not submitted: revised after the board's discussion. "
                + newest["overall_narrative"],
            }
        )
        upgraded = False
        for rating in [r for r in ratings if r["report_date"] == newest["report_date"]]:
            draft = rating | {"version": 2}
            if not upgraded and rating["rating"] != "Blue":
                draft["rating"] = RATING_ORDER[RATING_ORDER.index(rating["rating"]) + 1]
                draft["narrative"] = "Draft: the adviser proposes raising this rating. " + rating["narrative"]
                upgraded = True
            ratings.append(draft)
    return {"rag_reports": [reports], "rag_ratings": [ratings]}


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def _month_index(first_month: dt.date, day: dt.date) -> int:
    return (day.year - first_month.year) * 12 + day.month - first_month.month


# --- Teams, plan actions, risks and the meeting calendar --------------------------------------------------


def _caseloads(
    code: str, series: list[_Series], months: list[dt.date], rng: np.random.Generator
) -> tuple[dict, list[_Series]]:
    """Per team and month, from the authority's designed caseload, agency and vacancy rates; and the series with
    those three measures' actuals replaced by exactly what the returns give (totals first, as the dashboard works
    them out: children / FTE; agency FTE / FTE; vacancies / (vacancies + employed FTE))."""
    by_code = {s.spec.code: s for s in series}
    overall = by_code["social_worker_caseload"].actual
    agency_rate = by_code["agency_worker_rate"].actual / 100
    vacancy_rate = by_code["vacancy_rate"].actual / 100
    n_teams, n = len(TEAMS), len(months)

    # Team size drifts a little month to month (recruitment and leavers); some teams are busier by nature.
    base_fte = rng.uniform(5.0, 12.0, n_teams)
    fte = np.round(base_fte[:, None] * (1 + np.cumsum(rng.normal(0.003, 0.02, (n_teams, n)), axis=1)), 1)
    fte = np.maximum(fte, 2.0)
    busyness = rng.uniform(0.85, 1.15, n_teams)
    caseload = overall[None, :] * busyness[:, None] * (1 + rng.normal(0, 0.03, (n_teams, n)))
    high = TEAMS.index(TEAM_STAYING_HIGH)
    caseload[high] = overall[0] * 1.08 * (1 + rng.normal(0, 0.02, n))  # this team's caseloads stay high
    # Rescale the other teams so that all children over all FTE gives the authority's caseload measure.
    others = np.arange(n_teams) != high
    remaining = overall * fte.sum(axis=0) - caseload[high] * fte[high]
    caseload[others] *= remaining / (caseload[others] * fte[others]).sum(axis=0)

    # Whole children per team; then every team's FTE scaled a little, month by month, so that all children over
    # all FTE is exactly the authority's designed caseload.
    children = np.round(caseload * fte).astype(int)
    fte = fte * (children.sum(axis=0) / (overall * fte.sum(axis=0)))[None, :]
    # Each team's share of agency staff and vacancies varies; the totals give the designed rates exactly.
    jitter = rng.uniform(0.8, 1.2, (n_teams, n))
    agency = fte * jitter
    agency = agency * (agency_rate * fte.sum(axis=0) / agency.sum(axis=0))[None, :]
    employed = fte - agency
    vacancies = employed * jitter[::-1]
    vacancies = vacancies * (vacancy_rate * employed.sum(axis=0) / (1 - vacancy_rate) / vacancies.sum(axis=0))[None, :]
    totals = {
        "social_worker_caseload": children.sum(axis=0) / fte.sum(axis=0),
        "agency_worker_rate": 100 * agency.sum(axis=0) / fte.sum(axis=0),
        "vacancy_rate": 100 * vacancies.sum(axis=0) / (vacancies.sum(axis=0) + fte.sum(axis=0) - agency.sum(axis=0)),
    }
    returns = {
        "authority_code": [code] * (n_teams * n),
        "team": [team for team in TEAMS for _ in months],
        "period": months * n_teams,
        "case_holding_fte": fte.ravel().tolist(),
        "children_allocated": children.ravel().tolist(),
        "agency_fte": agency.ravel().tolist(),
        "vacancies_fte": vacancies.ravel().tolist(),
    }
    updated = [replace(s, actual=totals[s.spec.code]) if s.spec.code in totals else s for s in series]
    return returns, updated


PLAN_ACTIONS = {
    "PA1": (
        ("Introduce a PLO tracker reviewed weekly by the Head of Service", "Head of Safeguarding"),
        ("Establish a legal gateway panel with clear entry criteria", "Service Manager, Legal Gateway"),
        ("Set 16-week review points for each family in pre-proceedings", "Service Manager, Child Protection"),
        ("Train managers on letters before proceedings and parents' engagement", "Principal Social Worker"),
        ("Agree escalation from CP planning into the PLO at the third review", "Head of Safeguarding"),
    ),
    "PA2": (
        ("Monthly recorded supervision for every child on a CP plan", "Service Manager, Child Protection"),
        ("Weekly CP visit compliance report to team managers", "Head of Performance and Insight"),
        ("Supervision policy and template refreshed with reflective prompts", "Principal Social Worker"),
        ("Independent reviewing officer escalations tracked to resolution", "Head of Quality Assurance"),
        ("Drift and delay panel for plans over 15 months", "Head of Safeguarding"),
    ),
    "AFI3": (
        ("Quality assurance framework with monthly thematic audits", "Head of Quality Assurance"),
        ("Senior leaders complete practice observations each quarter", "Director of Children's Services"),
        ("Audit findings tracked through to practice change", "Head of Quality Assurance"),
        ("Performance clinics led by the Assistant Director", "Assistant Director, Children's Social Care"),
    ),
    "AFI4": (
        ("Strategy meetings held within 24 hours with police and health", "Head of Safeguarding"),
        ("Transition pathway for disabled children from age 14", "Head of Children with Disabilities"),
        ("Care leavers' pathway plans reviewed for risk and accommodation", "Head of Corporate Parenting"),
        ("Multi-agency audit of repeat CP plans", "Safeguarding Partnership Business Manager"),
    ),
    "AFI5": (
        ("Recruitment and retention offer for experienced social workers", "Head of Workforce Development"),
        ("Caseload cap of 18 with weekly allocation meetings", "Assistant Director, Children's Social Care"),
        ("Newly qualified social workers' protected caseloads", "Principal Social Worker"),
        ("Convert agency posts to permanent through a market supplement", "HR Business Partner"),
        ("Business support redesign to free social work time", "Head of Business Support"),
    ),
}

MILESTONE_STEPS = (
    "Agree approach and scope",
    "Pilot in two teams",
    "Roll out across the service",
    "Audit impact and report to the board",
)


def _plan_actions_and_milestones(code: str, start: dt.date, end: dt.date, rng: np.random.Generator) -> dict:
    """3 to 5 actions per area, each with 1 to 3 milestones; status as at ``end`` (some overdue)."""
    actions, milestones = [], []
    span_days = (end - start).days
    for area in PRIORITY_AREAS:
        candidates = PLAN_ACTIONS[area.code]
        for number, (title, owner) in enumerate(candidates[: int(rng.integers(3, len(candidates) + 1))], 1):
            reference = f"{area.code}.{number}"
            actions.append(
                {
                    "authority_code": code,
                    "priority_area_code": area.code,
                    "reference": reference,
                    "title": title,
                    "owner": owner,
                }
            )
            n_milestones = int(rng.integers(1, 4))
            due_fractions = np.sort(rng.uniform(0.1, 1.1, n_milestones))
            for step, fraction in zip(MILESTONE_STEPS, due_fractions, strict=False):
                due = start + dt.timedelta(days=int(fraction * span_days))
                status, completed = _milestone_status(due, end, rng)
                milestones.append(
                    {
                        "authority_code": code,
                        "action_reference": reference,
                        "title": f"{step}: {title[0].lower()}{title[1:]}",
                        "due_date": due,
                        "status": status,
                        "completed_date": completed,
                    }
                )
    return {"plan_actions": [actions], "milestones": [milestones]}


def _milestone_status(due: dt.date, as_at: dt.date, rng: np.random.Generator) -> tuple[str, dt.date | None]:
    draw = rng.uniform()
    if due > as_at:  # not yet due
        return ("in_progress", None) if draw < 0.5 else ("not_started", None)
    if draw < 0.72:
        completed = min(as_at, due + dt.timedelta(days=int(rng.integers(-20, 40))))
        return "complete", completed
    if draw < 0.8:
        return "dropped", None
    return ("in_progress", None) if draw < 0.93 else ("not_started", None)  # overdue


RISKS = (  # title, priority area (None: the whole plan), owner, mitigation
    (
        "Recruitment of permanent social workers does not keep pace with leavers",
        "AFI5",
        "Head of Workforce Development",
        "Market supplement, career pathway and a regional recruitment campaign.",
    ),
    (
        "Reliance on agency staff reduces continuity for children",
        "AFI5",
        "Assistant Director, Children's Social Care",
        "Agency conversion scheme and minimum six-month agency contracts.",
    ),
    (
        "Legal capacity delays letters before proceedings",
        "PA1",
        "Service Manager, Legal Gateway",
        "Additional locum solicitor and a weekly legal gateway slot.",
    ),
    (
        "Case management system changes delay reliable performance data",
        "AFI3",
        "Head of Performance and Insight",
        "Manual tracker held in parallel until reports are validated.",
    ),
    (
        "Rising demand at the front door pushes caseloads up",
        "AFI5",
        "Head of Early Help",
        "Early help step-down pathway and daily front door triage.",
    ),
    (
        "Partner attendance at initial conferences is inconsistent",
        "AFI4",
        "Safeguarding Partnership Business Manager",
        "Partnership escalation protocol and attendance reported to the board.",
    ),
    (
        "Changes in senior leadership disrupt the plan's momentum",
        None,
        "Chief Executive",
        "Interim arrangements agreed in advance; plan ownership shared across the leadership team.",
    ),
    (
        "Budget pressure limits investment in the improvement plan",
        None,
        "Director of Children's Services",
        "Improvement costs ring-fenced in the medium-term financial plan.",
    ),
    (
        "Audit findings are not acted on by teams",
        "AFI3",
        "Head of Quality Assurance",
        "Audit actions tracked to completion in performance clinics.",
    ),
    (
        "Supervision is not consistently recorded on the child's file",
        "PA2",
        "Principal Social Worker",
        "Supervision template in the case system and monthly compliance checks.",
    ),
)


def _risks_and_reviews(code: str, start: dt.date, end: dt.date, rng: np.random.Generator) -> dict:
    """6 to 10 risks, raised in the plan's first year; each reviewed quarterly until closed or ``end``."""
    risks, reviews = [], []
    chosen = np.sort(rng.choice(len(RISKS), size=int(rng.integers(6, len(RISKS) + 1)), replace=False))
    for number, index in enumerate(chosen, start=1):
        title, area_code, owner, mitigation = RISKS[index]
        reference = f"R{number:02d}"
        raised = start + dt.timedelta(days=int(rng.integers(0, 300)))
        closes = rng.uniform() < 0.4
        closed = raised + dt.timedelta(days=int(rng.integers(240, 540))) if closes else None
        if closed is not None and closed > end:
            closed = None
        risks.append(
            {
                "authority_code": code,
                "priority_area_code": area_code,
                "reference": reference,
                "title": title,
                "owner": owner,
                "mitigation": mitigation,
                "status": "closed" if closed else "open",
                "raised_date": raised,
                "closed_date": closed,
            }
        )
        likelihood, impact = int(rng.integers(3, 6)), int(rng.integers(3, 6))
        review = raised
        stop = closed or end
        while review <= stop:
            reviews.append(
                {
                    "authority_code": code,
                    "risk_reference": reference,
                    "review_date": review,
                    "likelihood": likelihood,
                    "impact": impact,
                }
            )
            # Mitigation works slowly: likelihood tends to fall, and never rises for a risk that will close.
            likelihood_moves = (0.4, 0.6, 0.0) if closed else (0.25, 0.6, 0.15)
            likelihood = int(np.clip(likelihood + rng.choice((-1, 0, 1), p=likelihood_moves), 1, 5))
            impact = int(np.clip(impact + rng.choice((-1, 0, 1), p=(0.15, 0.75, 0.1)), 1, 5))
            review = review + dt.timedelta(days=91)
    return {"risks": [risks], "risk_reviews": [reviews]}


def _meetings(code: str, start: dt.date, end: dt.date, report_dates: list[dt.date]) -> list[dict]:
    """Six-weekly reports, the monthly improvement board (third Thursday) and six-monthly DfE reviews."""
    meetings = [
        {
            "authority_code": code,
            "kind": "six_weekly_report",
            "meeting_date": day,
            "title": f"Adviser's six-weekly report {number}",
            "notes": None,
        }
        for number, day in enumerate(report_dates, start=1)
    ]
    for month in month_starts(start, end):
        day = nth_weekday(month, 3, 3)
        if start <= day <= end:
            meetings.append(
                {
                    "authority_code": code,
                    "kind": "board_meeting",
                    "meeting_date": day,
                    "title": f"Improvement board, {month_label(month)}",
                    "notes": None,
                }
            )
    review_month, number = add_months(start, 5), 1
    while (day := nth_weekday(review_month, 3, 2)) <= end:
        meetings.append(
            {
                "authority_code": code,
                "kind": "dfe_review",
                "meeting_date": day,
                "title": f"DfE six-monthly progress review {number}",
                "notes": "Progress against the improvement plan reviewed with DfE officials.",
            }
        )
        review_month, number = add_months(review_month, 6), number + 1
    return sorted(meetings, key=lambda m: (m["meeting_date"], m["kind"]))


# --- The adviser's contract and days ----------------------------------------------------------------------

CONTRACT_DAY_ALLOWANCE = 4.0
CONTRACT_DAILY_RATE_GBP = 600.0  # expenses included, VAT on top
CONTRACT_VAT_RATE = 0.2


def _adviser_contract_and_days(
    code: str, start: dt.date, end: dt.date, report_dates: list[dt.date], seed: int
) -> dict[str, list]:
    """The adviser's contract (DOMAIN.md's terms) and timesheet: about 3.5 to 4 days a month.

    The contract starts the day before the programme (30 June 2021 for Sefton), runs 12 months (to 29 June 2022)
    with a break clause at the end of its ninth month (31 March 2022), and is extended by whole months, at most 12,
    to cover the programme: Sefton's 24 months (July 2021 to June 2023) take the full 12, to 29 June 2023. Each
    month: the improvement board (its meeting date), coaching the DCS and Lead Members (first and third Tuesday),
    a visit to teams (second Wednesday, sometimes half a day more); in a DfE review month, a day at the review and
    half a day preparing. Two months run half a day over the allowance: the first (agreeing deliverables and
    KPIs, due within six weeks of appointment) and the second DfE review's.
    """
    rng = np.random.default_rng([seed, 4])  # its own stream: the other tables' figures do not move
    contract_start = start - dt.timedelta(days=1)
    contract_end = add_whole_months(contract_start, 12) - dt.timedelta(days=1)
    months = month_starts(start, end)
    extension = min(max(len(months) - 12, 0), 12)
    resulting_end = add_whole_months(contract_end, extension)
    author = ADVISERS[0] if code == SEFTON.code else ADVISERS[seed % len(ADVISERS)]
    contract = {
        "authority_code": code,
        "adviser_name": author,
        "start_date": contract_start,
        "end_date": contract_end,
        "break_clause_date": add_months(contract_start, 10) - dt.timedelta(days=1),
        "monthly_day_allowance": CONTRACT_DAY_ALLOWANCE,
        "daily_rate_gbp": CONTRACT_DAILY_RATE_GBP,
        "vat_rate": CONTRACT_VAT_RATE,
        "budget_gbp": None,
        "extension_months": extension,
        "notes": f"Extended by {extension} months to {style.format_date(resulting_end)}." if extension else None,
    }
    meetings = _meetings(code, start, end, report_dates)
    board = {m["meeting_date"].replace(day=1): m["meeting_date"] for m in meetings if m["kind"] == "board_meeting"}
    reviews = [m["meeting_date"] for m in meetings if m["kind"] == "dfe_review"]
    review_months = {day.replace(day=1): day for day in reviews}
    days = []

    def add(day: dt.date, amount: float, activity: str, notes: str | None = None) -> None:
        if contract_start <= day <= resulting_end:
            days.append({"authority_code": code, "day_date": day, "days": amount, "activity": activity, "notes": notes})

    for index, month in enumerate(months):
        if month in board:
            add(board[month], 1.0, "board", "Chaired the improvement board")
        if month in review_months:
            add(nth_weekday(month, 1, 3), 1.0, "coaching", "Coaching the interim DCS")
            review = review_months[month]
            add(review - dt.timedelta(days=1), 0.5, "dfe_review", "Preparing the evidence for DfE's review")
            add(review, 1.0, "dfe_review", "DfE six-monthly progress review")
            if reviews.index(review) == 1:
                add(review - dt.timedelta(days=2), 0.5, "dfe_review", "Briefing DfE officials before the review")
            add(nth_weekday(month, 2, 2), 0.5, "visit", "Visit to teams")
            continue
        add(nth_weekday(month, 1, 1), 1.0, "coaching", "Coaching the interim DCS")
        add(nth_weekday(month, 1, 3), 0.5, "coaching", "Coaching the Lead Member for Children's Services")
        add(nth_weekday(month, 2, 2), 1.0, "visit", "Visit to teams and practice observation")
        if rng.random() < 0.5 or month not in board or index == 0:
            add(nth_weekday(month, 2, 4), 0.5, "visit", "Follow-up visit")
        if month not in board:
            add(nth_weekday(month, 3, 3), 1.0, "other", "Writing the closing report on the programme")
        if index == 0:
            add(nth_weekday(month, 4, 1), 0.5, "other", "Agreeing deliverables and KPIs with the council")
    return {
        "adviser_contracts": [[contract]],
        "adviser_days": [sorted(days, key=lambda d: (d["day_date"], d["activity"]))],
    }


# --- Assembling frames -----------------------------------------------------------------------------------


def _programme_from_parts(programmes: list[dict[str, list]]) -> Programme:
    """One frame per table, built once from every programme's parts (row dicts or column dicts)."""
    frames = {}
    for name, columns in COLUMNS.items():
        data: dict[str, list] = {column: [] for column in columns}
        for parts in programmes:
            for part in parts[name]:
                for column in columns:
                    if isinstance(part, dict):
                        data[column].extend(part[column])
                    else:
                        data[column].extend(row[column] for row in part)
        frames[name] = pd.DataFrame(data, columns=list(columns))
    frames["measures"] = frames["measures"].drop_duplicates("code", ignore_index=True)
    return Programme(**frames)


# --- Many invented councils, for benchmarks --------------------------------------------------------------


def synthetic_authorities(n: int) -> list[AuthoritySpec]:
    """Invented councils ``E0999xxxx`` "Synthetic authority 001"..., spread over the nine English regions."""
    return [
        AuthoritySpec(
            code=f"E0999{number:04d}",
            old_la_code=None,  # so that no invented council matches a real one in DfE files
            name=f"Synthetic authority {number:03d}",
            region=ENGLISH_REGIONS[number % len(ENGLISH_REGIONS)],
        )
        for number in range(1, n + 1)
    ]


def build_large_dataset(
    n_authorities: int = 150, years: int = 5, seed: int = 7, start: dt.date = dt.date(2019, 4, 1)
) -> Programme:
    """``n_authorities`` invented councils, each with a ``years``-long monthly programme of its own story."""
    rng = np.random.default_rng(seed)
    end = add_months(start, 12 * years - 1)
    parts = []
    for authority in synthetic_authorities(n_authorities):
        drawn = rng.choice(STORIES, size=len(MEASURES), p=(0.55, 0.3, 0.15))
        stories = {spec.code: str(story) for spec, story in zip(MEASURES, drawn, strict=True)}
        authority_seed = int(rng.integers(2**31))
        parts.append(_programme_parts(authority, start, end, authority_seed, stories, vary_baselines=True))
    return _programme_from_parts(parts)

"""The plan's measures as generated: each measure's trajectory and actuals telling its story, the plan's
measures, targets and trajectories, the monthly figures, and the team caseload returns consistent with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from improvement.demo.specs import (
    DEMO_MEASURE_SOURCE,
    FLAT,
    FOCUSED_VISIT,
    HIGHER,
    MEASURES,
    ON_TRACK,
    PRIORITY_AREAS,
    RECOVERING,
    SLIPPING,
    SOURCE_SUPPRESSION_BELOW,
    STORIES,
    TEAM_STAYING_HIGH,
    TEAMS,
    MeasureSpec,
    PriorityAreaSpec,
)


@dataclass(frozen=True)
class Series:
    """A measure as generated: trajectory and actuals by month (actual NaN where suppressed)."""

    spec: MeasureSpec
    story: str
    baseline: float
    target: float
    planned: np.ndarray
    actual: np.ndarray
    suppressed: np.ndarray
    off_track_window: tuple[int, int]  # months [first, last) worse than trajectory


def priority_areas_of(
    code: str, areas: tuple[PriorityAreaSpec, ...] = PRIORITY_AREAS, source: str = FOCUSED_VISIT
) -> list[dict]:
    return [
        {
            "authority_code": code,
            "code": area.code,
            "title": area.title,
            "kind": area.kind,
            "ofsted_wording": area.ofsted_wording,
            "source": source,
            "sort_order": order,
            "theme": None if area.theme is None else str(area.theme),
        }
        for order, area in enumerate(areas, start=1)
    ]


def measure_catalogue() -> list[dict]:
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


def good_direction(spec: MeasureSpec) -> int:
    """+1 if a higher value is better, -1 if lower is better."""
    return 1 if spec.polarity == HIGHER else -1


def _story_windows(n: int) -> tuple[int, int]:
    """For a recovering measure: months [first, last) spent worse than trajectory; the rest on or better."""
    return round(0.3 * n), n - max(5, round(0.25 * n))


def measure_series(
    spec: MeasureSpec,
    story: str,
    n: int,
    rng: np.random.Generator,
    vary_baselines: bool,
) -> Series:
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
        target = baseline + good_direction(spec) * minimum_span
        span = minimum_span
    baseline, target = round(baseline, spec.decimals), round(target, spec.decimals)

    planned = np.round(np.linspace(baseline, target, n), spec.decimals)
    steps = np.arange(n)
    wobble = np.abs(rng.normal(0, max(0.08 * span, 1.5 if spec.unit == "count" else 0.0, spec.spread), n))
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
    elif story == FLAT:  # no change in practice: the baseline, a little worse, whatever the plan says
        gap = -((planned - baseline) * good_direction(spec) + clear_gap + 0.3 * wobble)
    else:
        raise ValueError(f"unknown story {story!r} for {spec.code}; expected one of {(*STORIES, FLAT)}")
    gap[0] = 0.0  # the first month is the baseline

    actual = planned + good_direction(spec) * gap
    upper = 100.0 if spec.unit == "percent" else np.inf
    actual = np.round(np.clip(actual, 0.0, upper), spec.decimals)
    suppressed = np.zeros(n, dtype=bool)
    if spec.counts_children:
        suppressed = actual < SOURCE_SUPPRESSION_BELOW
        actual = np.where(suppressed, np.nan, actual)
    return Series(spec, story, baseline, target, planned, actual, suppressed, off_window)


def plan_measures_targets_trajectories(
    code: str, series: list[Series], months: list[dt.date], process_changes: dict[str, dt.date] | None = None
) -> dict:
    """``process_changes``: the month each measure's process changed (limits recalculated from it), by code."""
    process_changes = process_changes or {}
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
                "process_change_from": process_changes.get(s.spec.code),
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


def observations(code: str, series: list[Series], months: list[dt.date], source: str) -> dict[str, list]:
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


def caseloads(
    code: str, series: list[Series], months: list[dt.date], rng: np.random.Generator
) -> tuple[dict, list[Series]]:
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

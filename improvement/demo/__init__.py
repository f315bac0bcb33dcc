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
  suppressed from the source (value missing, status ``c``), never as 0;
- two measures tell the two stories of statistical process control (``improvement.spc``): "Pre-proceedings
  concluded within 16 weeks" shifts after a change in the plan (the 16-week review points for every family,
  rolled out across the service in June 2022, milestone of action PA1.3: the plan's ``process_change_from``, from
  which its limits are recalculated; every month from then on is special-cause improvement, every month before
  it concern on one set of limits), and "ICPC within 15 working days" is only noise (common-cause variation in
  every month, although at or above its gentle trajectory throughout). Only Sefton's own story of a measure has
  its process change (``MeasureSpec.process_change_month``): a measure told another story (``stories``) has none.

DfE's portfolio: Sefton has an improvement notice from 30 June 2021 and an (invented) Ofsted history, an inadequate
ILACS inspection then monitoring visits; ``build_portfolio()`` (``build_council`` for one) gives six invented councils
in intervention, each named "(synthetic)", with its own priority areas (each with a theme), measures, reports,
milestones, risks, meetings, adviser, intervention and judgements, and its own story (``improvement.demo.portfolio``):
Stourmere improving fast, Thornvale stuck, Tidewell rating itself more positively than its data, Ulverdale missing
reports, Wrenbridge just out of intervention, Yarrowby recently started. ``build_large_dataset(in_intervention=n)``
puts ``n`` of its councils in intervention too.

Same arguments, same frames: randomness comes only from ``numpy.random.default_rng(seed)``; no clock is read.
Frames use codes where the database uses ids (``authority_code``, ``priority_area_code``, ``measure_code``;
``report_date`` + ``version`` for a report; ``action_reference`` and ``risk_reference``):
``loaders.seed.store_programme`` resolves them when it writes a programme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from improvement.demo import contract, governance, measures, portfolio, reports
from improvement.demo.frames import (  # noqa: F401
    COLUMNS,
    Programme,
    add_months,
    combine_programmes,
    month_starts,
    programme_from_parts,
)
from improvement.demo.specs import (  # noqa: F401 (the demo's public vocabulary, imported from here)
    ADVISERS,
    DEMO_OBSERVATION_SOURCE,
    ENGLISH_REGIONS,
    MEASURES,
    ON_TRACK,
    PRIORITY_AREAS,
    RECOVERING,
    SEFTON,
    SLIPPING,
    STORIES,
    TEAM_STAYING_HIGH,
    TEAMS,
    AuthoritySpec,
    MeasureSpec,
    PlanDesign,
)
from improvement.demo.stories import (
    GRADES_BELOW_GOOD,
    INADEQUATE,
    intervention,
    judgement,
    sefton_interventions,
    sefton_judgements,
)
from improvement.vocab import InspectionKind, InterventionKind


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
    return programme_from_parts([programme_parts(authority, start, end, seed, stories, vary_baselines)])


def programme_parts(
    authority: AuthoritySpec,
    start: dt.date,
    end: dt.date,
    seed: int,
    stories: Mapping[str, str] | None,
    vary_baselines: bool,
    design: PlanDesign | None = None,
    interventions: list[dict] | None = None,
    judgements: list[dict] | None = None,
) -> dict[str, list]:
    """Each table's content as parts: lists of row dicts, or dicts of equal-length columns (the big ones).

    ``design``: a council's own plan (``improvement.demo.portfolio``), else Sefton's priority areas and measures;
    ``interventions`` and ``judgements``: its rows of those tables (Sefton's own by default for Sefton)."""
    rng = np.random.default_rng(seed)
    months = month_starts(start, end)
    asked = dict(stories or {})
    stories = {spec.code: spec.story for spec in MEASURES} | asked
    n_months = len(months)
    specs = MEASURES
    if design is not None:  # each measure under the council's own area (all generated: the team returns need some)
        specs = tuple(replace(spec, priority_area_code=design.links.get(spec.code, "")) for spec in MEASURES)
    series = [measures.measure_series(spec, stories[spec.code], n_months, rng, vary_baselines) for spec in specs]
    # The team returns come first, from their own random stream: the three workforce measures are then what the
    # returns give (the dashboard's source rule), so every page, report and narrative quotes one figure.
    caseloads, series = measures.caseloads(authority.code, series, months, np.random.default_rng([seed, 976]))
    if design is not None:  # only the measures the council's plan tracks
        series = [s for s in series if s.spec.code in design.links]
    if authority == SEFTON and interventions is None and judgements is None:
        interventions, judgements = sefton_interventions(), sefton_judgements()
    # A process change belongs to Sefton's story of the measure: a measure told another story has none.
    process_changes = {
        spec.code: months[spec.process_change_month]
        for spec in MEASURES
        if spec.process_change_month is not None and spec.code not in asked and 0 < spec.process_change_month < n_months
    }
    area_stories = reports.area_stories(series, PRIORITY_AREAS if design is None else design.areas)
    report_days = reports.report_dates(start, end)
    code = authority.code
    source = DEMO_OBSERVATION_SOURCE.format(name=authority.name)

    return {
        "authorities": [[vars(authority)]],
        "priority_areas": [
            measures.priority_areas_of(code)
            if design is None
            else measures.priority_areas_of(code, design.areas, design.source)
        ],
        "measures": [measures.measure_catalogue()],
        **measures.plan_measures_targets_trajectories(code, series, months, process_changes),
        "observations": [measures.observations(code, series, months, source)],
        **reports.rag_reports_and_ratings(code, series, area_stories, months, report_days, rng, design),
        "caseloads": [caseloads],
        **governance.plan_actions_and_milestones(code, start, end, rng, design),
        **governance.risks_and_reviews(code, start, end, rng, design),
        "meetings": [governance.meetings(code, start, end, report_days)],
        **contract.adviser_contract_and_days(code, start, end, report_days, seed),
        "interventions": [[row | {"authority_code": code} for row in interventions or []]],
        "ofsted_judgements": [[row | {"authority_code": code} for row in judgements or []]],
    }


def council_parts(council: portfolio.Council) -> dict[str, list]:
    """One invented council of the portfolio (``portfolio.COUNCILS``): its programme, with its story's marks."""
    told = council.stories
    stories = dict.fromkeys(council.design.links, told) if isinstance(told, str) else told
    parts = programme_parts(
        council.authority, council.start, council.end, council.seed, stories, False, council.design, [], []
    )
    adviser = parts["adviser_contracts"][0][0]["adviser_name"]
    code = council.authority.code
    parts["interventions"] = [[row | {"authority_code": code} for row in council.interventions(adviser)]]
    parts["ofsted_judgements"] = [[row | {"authority_code": code} for row in council.judgements]]
    # A risk is raised within the plan's first 300 days: none after the figures end (a short programme).
    risks = [risk for risk in parts["risks"][0] if risk["raised_date"] <= council.end]
    kept = {risk["reference"] for risk in risks}
    parts["risks"] = [risks]
    parts["risk_reviews"] = [[review for review in parts["risk_reviews"][0] if review["risk_reference"] in kept]]
    if council.adjust is not None:
        council.adjust(parts, council.end, np.random.default_rng([council.seed, 15]))
    return parts


def build_council(council: portfolio.Council) -> Programme:
    """One invented council in intervention (``portfolio.COUNCILS``) and its story, as a programme of its own."""
    return programme_from_parts([council_parts(council)])


def build_portfolio() -> Programme:
    """The six invented councils in intervention besides Sefton, in one programme."""
    return programme_from_parts([council_parts(council) for council in portfolio.COUNCILS])


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
    n_authorities: int = 150,
    years: int = 5,
    seed: int = 7,
    start: dt.date = dt.date(2019, 4, 1),
    *,
    in_intervention: int = 0,
) -> Programme:
    """``n_authorities`` invented councils, each with a ``years``-long monthly programme of its own story.

    ``in_intervention`` of them, spread evenly through the list, are in intervention: each has an intervention (from
    the day before its programme starts, still in force) and an inadequate ILACS judgement before it; the others
    have neither. The councils' figures do not depend on it."""
    if not 0 <= in_intervention <= n_authorities:
        raise ValueError(f"in_intervention must be from 0 to {n_authorities}, not {in_intervention}")
    rng = np.random.default_rng(seed)
    chosen = {k * n_authorities // in_intervention for k in range(in_intervention)} if in_intervention else set()
    history = np.random.default_rng([seed, 16])  # its own stream: the programmes do not move
    end = add_months(start, 12 * years - 1)
    parts = []
    for index, authority in enumerate(synthetic_authorities(n_authorities)):
        drawn = rng.choice(STORIES, size=len(MEASURES), p=(0.55, 0.3, 0.15))
        stories = {spec.code: str(story) for spec, story in zip(MEASURES, drawn, strict=True)}
        authority_seed = int(rng.integers(2**31))
        interventions, judgements = [], []
        if index in chosen:
            kind = list(InterventionKind)[int(history.integers(3))]
            adviser = ADVISERS[int(history.integers(len(ADVISERS)))]
            began = start - dt.timedelta(days=1)
            interventions = [intervention(kind, began, adviser, "In intervention.")]
            inspected = began - dt.timedelta(days=int(history.integers(60, 240)))
            grades = [INADEQUATE] * 3 + [str(history.choice(GRADES_BELOW_GOOD)) for _ in range(2)]
            judgements = [judgement(InspectionKind.ILACS_STANDARD, inspected, "Judged inadequate.", *grades)]
        parts.append(
            programme_parts(authority, start, end, authority_seed, stories, True, None, interventions, judgements)
        )
    return programme_from_parts(parts)

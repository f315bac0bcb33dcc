"""Queries for the board's pages: priority areas, measures, observations, trajectories, RAG reports, caseloads.

Every function takes the engine and an authority code and returns a tidy DataFrame with domain column names.
Loaders append rather than overwrite, so where several loads hold a row for the same key the newest load wins
(``sql.newest_per_key``); earlier rows stay in the database as history. RAG reports are versioned explicitly and
pages see the newest *submitted* version for each report date.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, func, or_, select, union_all

from improvement.db.models import (
    AdviserContract,
    AdviserDay,
    AnnexAAggregate,
    Authority,
    Caseload,
    Intervention,
    Load,
    Measure,
    Meeting,
    Milestone,
    Observation,
    OfstedJudgement,
    PlanAction,
    PlanMeasure,
    PriorityArea,
    PublishedValue,
    RagRating,
    RagReport,
    ReportStatus,
    Risk,
    Target,
    TrajectoryPoint,
)
from improvement.queries.sql import authority_id, newest_per_key, read_frame

# What an authority can have loaded, by the table that holds it: (name, model). Every table with authority_id.
AUTHORITY_TABLES = (
    ("priority_areas", PriorityArea),
    ("plan_measures", PlanMeasure),
    ("targets", Target),
    ("trajectories", TrajectoryPoint),
    ("figures", Observation),
    ("reports", RagReport),
    ("caseloads", Caseload),
    ("actions", PlanAction),
    ("risks", Risk),
    ("meetings", Meeting),
    ("adviser_days", AdviserDay),
    ("adviser_contract", AdviserContract),
    ("annex_a", AnnexAAggregate),
    ("interventions", Intervention),
    ("ofsted_judgements", OfstedJudgement),
)


def data_version(engine: Engine) -> int:
    """The newest load's id: changes whenever anything is loaded, so caches keyed on it stay honest."""
    with engine.connect() as connection:
        return connection.scalar(select(func.coalesce(func.max(Load.id), 0)))


def authorities(engine: Engine) -> pd.DataFrame:
    statement = select(Authority.code, Authority.name, Authority.old_la_code, Authority.region, Load.is_synthetic).join(
        Load, Load.id == Authority.load_id
    )
    return read_frame(engine, statement.order_by(Authority.name))


def authority_contents(engine: Engine) -> pd.DataFrame:
    """Every authority with what has been loaded for it: ``authorities`` plus one yes/no column per name in
    ``AUTHORITY_TABLES`` and ``published`` (DfE published figures for it, by new or old LA code).

    Each answer is an EXISTS per council on an indexed column, so listing the councils costs a look-up each, not
    a read of every table."""
    local = PublishedValue.geographic_level == "Local authority"
    published = or_(
        select(PublishedValue.id).where(PublishedValue.area_code == Authority.code, local).exists(),
        and_(
            Authority.old_la_code.is_not(None),
            select(PublishedValue.id).where(PublishedValue.old_la_code == Authority.old_la_code, local).exists(),
        ),
    )
    statement = (
        select(
            Authority.code,
            Authority.name,
            Authority.old_la_code,
            Authority.region,
            Load.is_synthetic,
            *(
                select(model.id).where(model.authority_id == Authority.id).exists().label(name)
                for name, model in AUTHORITY_TABLES
            ),
            published.label("published"),
        )
        .join(Load, Load.id == Authority.load_id)
        .order_by(Authority.name)
    )
    frame = read_frame(engine, statement)
    for name in [*(name for name, _model in AUTHORITY_TABLES), "published"]:
        frame[name] = frame[name].astype(bool)
    return frame


def published_periods(engine: Engine, authority_code: str, old_la_code: str | None) -> pd.DataFrame:
    """The DfE datasets holding figures for the authority (by new or old LA code), each with its newest
    ``time_period`` and that period's ``time_identifier``."""
    council = [PublishedValue.area_code == authority_code]
    if old_la_code:
        council.append(PublishedValue.old_la_code == str(old_la_code))
    statement = (
        select(PublishedValue.dataset, PublishedValue.time_period, PublishedValue.time_identifier)
        .where(PublishedValue.geographic_level == "Local authority", or_(*council))
        .distinct()
    )
    frame = read_frame(engine, statement)
    if frame.empty:
        return frame
    return frame.sort_values(["dataset", "time_period"]).drop_duplicates("dataset", keep="last").reset_index(drop=True)


def priority_areas(engine: Engine, authority_code: str) -> pd.DataFrame:
    statement = select(
        PriorityArea.code.label("priority_area_code"),
        PriorityArea.title,
        PriorityArea.kind,
        PriorityArea.ofsted_wording,
        PriorityArea.source,
        PriorityArea.sort_order,
        PriorityArea.theme,
    ).where(PriorityArea.authority_id == authority_id(authority_code))
    newest = newest_per_key(statement, [PriorityArea.code], [PriorityArea.load_id])
    return read_frame(engine, newest).sort_values(["sort_order", "priority_area_code"], ignore_index=True)


def plan_measures(engine: Engine, authority_code: str) -> pd.DataFrame:
    """The measures the authority's plan tracks, with definition, polarity, priority area, target and the month
    its process changed (``process_change_from``, NaT if it did not)."""
    authority = authority_id(authority_code)
    plan = newest_per_key(
        select(
            PlanMeasure.measure_id,
            PlanMeasure.priority_area_id,
            PlanMeasure.is_headline,
            PlanMeasure.baseline_value,
            PlanMeasure.baseline_period,
            PlanMeasure.process_change_from,
        ).where(PlanMeasure.authority_id == authority),
        [PlanMeasure.measure_id],
        [PlanMeasure.load_id],
    ).subquery()
    target = newest_per_key(
        select(Target.measure_id, Target.value, Target.target_date).where(Target.authority_id == authority),
        [Target.measure_id],
        [Target.load_id],
    ).subquery()
    statement = (
        select(
            *_measure_columns(),
            PriorityArea.code.label("priority_area_code"),
            plan.c.is_headline,
            plan.c.baseline_value,
            plan.c.baseline_period,
            plan.c.process_change_from,
            target.c.value.label("target_value"),
            target.c.target_date,
        )
        .join(plan, plan.c.measure_id == Measure.id)
        .join(PriorityArea, PriorityArea.id == plan.c.priority_area_id)
        .outerjoin(target, target.c.measure_id == Measure.id)
        .order_by(PriorityArea.sort_order, Measure.code)
    )
    return read_frame(engine, statement, date_columns=("baseline_period", "process_change_from", "target_date"))


def _measure_columns() -> tuple:
    """What the catalogue says of a measure, as every query gives it."""
    return (
        Measure.code.label("measure_code"),
        Measure.name,
        Measure.definition,
        Measure.unit,
        Measure.polarity,
        Measure.source,
        Measure.counts_children,
        Measure.national_equivalent,
    )


def measures(engine: Engine, measure_codes: list[str]) -> pd.DataFrame:
    """The catalogue's entries for ``measure_codes``: what each measure is, whatever plan tracks it."""
    statement = select(*_measure_columns()).where(Measure.code.in_(list(measure_codes)))
    return read_frame(engine, statement.order_by(Measure.code))


def observations(engine: Engine, authority_code: str, measure_codes: list[str] | None = None) -> pd.DataFrame:
    """Each measure's value (or suppression status) per period, newest load winning."""
    statement = (
        select(
            Measure.code.label("measure_code"),
            Observation.period,
            Observation.value,
            Observation.status,
            Observation.source,
        )
        .join(Measure, Measure.id == Observation.measure_id)
        .where(Observation.authority_id == authority_id(authority_code))
    )
    if measure_codes is not None:
        statement = statement.where(Measure.code.in_(measure_codes))
    newest = newest_per_key(statement, [Observation.measure_id, Observation.period], [Observation.load_id])
    frame = read_frame(engine, newest, date_columns=("period",))
    return frame.sort_values(["measure_code", "period"], ignore_index=True)


def trajectories(engine: Engine, authority_code: str, measure_codes: list[str] | None = None) -> pd.DataFrame:
    """Planned value per measure and period."""
    statement = (
        select(Measure.code.label("measure_code"), TrajectoryPoint.period, TrajectoryPoint.planned_value)
        .join(Measure, Measure.id == TrajectoryPoint.measure_id)
        .where(TrajectoryPoint.authority_id == authority_id(authority_code))
    )
    if measure_codes is not None:
        statement = statement.where(Measure.code.in_(measure_codes))
    newest = newest_per_key(statement, [TrajectoryPoint.measure_id, TrajectoryPoint.period], [TrajectoryPoint.load_id])
    frame = read_frame(engine, newest, date_columns=("period",))
    return frame.sort_values(["measure_code", "period"], ignore_index=True)


def rag_ratings(engine: Engine, authority_code: str) -> pd.DataFrame:
    """One row per report and priority area, from the newest submitted version of each report date."""
    newest_submitted = (
        select(RagReport.report_date, func.max(RagReport.version).label("version"))
        .where(
            RagReport.authority_id == authority_id(authority_code),
            RagReport.status == ReportStatus.SUBMITTED.value,
        )
        .group_by(RagReport.report_date)
        .subquery()
    )
    statement = (
        select(
            RagReport.report_date,
            RagReport.version,
            RagReport.period_start,
            RagReport.period_end,
            RagReport.author,
            RagReport.overall_narrative,
            PriorityArea.code.label("priority_area_code"),
            RagRating.rating,
            RagRating.narrative,
            RagRating.evidence,
        )
        .join(
            newest_submitted,
            and_(
                newest_submitted.c.report_date == RagReport.report_date,
                newest_submitted.c.version == RagReport.version,
            ),
        )
        .join(RagRating, RagRating.rag_report_id == RagReport.id)
        .join(PriorityArea, PriorityArea.id == RagRating.priority_area_id)
        .where(RagReport.authority_id == authority_id(authority_code))
        .order_by(RagReport.report_date, PriorityArea.sort_order)
    )
    return read_frame(engine, statement, date_columns=("report_date", "period_start", "period_end"))


def caseloads(engine: Engine, authority_code: str) -> pd.DataFrame:
    statement = select(
        Caseload.team,
        Caseload.period,
        Caseload.case_holding_fte,
        Caseload.children_allocated,
        Caseload.agency_fte,
        Caseload.vacancies_fte,
    ).where(Caseload.authority_id == authority_id(authority_code))
    newest = newest_per_key(statement, [Caseload.team, Caseload.period], [Caseload.load_id])
    frame = read_frame(engine, newest, date_columns=("period",))
    return frame.sort_values(["team", "period"], ignore_index=True)


def milestones(engine: Engine, authority_code: str) -> pd.DataFrame:
    """Plan actions with their milestones, one row per milestone, newest load winning for each.

    A milestone is known by its action's reference and its title; the action's title, owner and priority area
    come from the newest version of the action, whichever load the milestone came from.
    """
    authority = authority_id(authority_code)
    stored = (
        select(
            PlanAction.reference,
            Milestone.title.label("milestone"),
            Milestone.due_date,
            Milestone.status,
            Milestone.completed_date,
        )
        .join(PlanAction, PlanAction.id == Milestone.plan_action_id)
        .where(PlanAction.authority_id == authority)
    )
    newest_milestones = newest_per_key(stored, [PlanAction.reference, Milestone.title], [Milestone.load_id]).subquery()
    newest_actions = newest_per_key(
        select(
            PlanAction.reference,
            PlanAction.title.label("action"),
            PlanAction.owner,
            PlanAction.priority_area_id,
        ).where(PlanAction.authority_id == authority),
        [PlanAction.reference],
        [PlanAction.load_id],
    ).subquery()
    statement = (
        select(
            PriorityArea.code.label("priority_area_code"),
            newest_actions.c.reference,
            newest_actions.c.action,
            newest_actions.c.owner,
            newest_milestones.c.milestone,
            newest_milestones.c.due_date,
            newest_milestones.c.status,
            newest_milestones.c.completed_date,
        )
        .join(newest_actions, newest_actions.c.reference == newest_milestones.c.reference)
        .join(PriorityArea, PriorityArea.id == newest_actions.c.priority_area_id)
        .order_by(PriorityArea.sort_order, newest_actions.c.reference, newest_milestones.c.due_date)
    )
    return read_frame(engine, statement, date_columns=("due_date", "completed_date"))


def meetings(engine: Engine, authority_code: str) -> pd.DataFrame:
    """The reporting rhythm's dates, newest load winning for each kind and date (a corrected title replaces)."""
    statement = select(Meeting.kind, Meeting.meeting_date, Meeting.title, Meeting.notes).where(
        Meeting.authority_id == authority_id(authority_code)
    )
    newest = newest_per_key(statement, [Meeting.kind, Meeting.meeting_date], [Meeting.load_id])
    frame = read_frame(engine, newest, date_columns=("meeting_date",))
    return frame.sort_values(["meeting_date", "kind"], ignore_index=True)


def provenance(engine: Engine, authority_code: str) -> tuple[dt.datetime | None, bool]:
    """When anything about the authority was last loaded, and whether any of it is synthetic (demo) data."""
    authority = authority_id(authority_code)
    loads = union_all(
        *(
            select(model.load_id.label("load_id")).where(model.authority_id == authority).distinct()
            for _name, model in AUTHORITY_TABLES
        )
    ).subquery()
    statement = select(func.max(Load.loaded_at), func.max(case((Load.is_synthetic, 1), else_=0))).join(
        loads, loads.c.load_id == Load.id
    )
    with engine.connect() as connection:
        loaded_at, synthetic = connection.execute(statement).one()
    return loaded_at, bool(synthetic)

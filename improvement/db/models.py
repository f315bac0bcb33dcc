"""SQLAlchemy 2 models, named from the domain (see ../shared/DOMAIN.md).

Every stored row records the ``load`` that created it (a file load or the demo seed), so history is never lost:
loaders append, and queries choose the newest row for each key. Enumerated values (polarity, RAG rating, report
status...) are stored as short text checked by the database, so the same schema serves SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from improvement.access import Role
from improvement.vocab import (  # noqa: F401 (the models' vocabulary, importable from here as before)
    InspectionKind,
    InterventionKind,
    MeetingKind,
    OfstedGrade,
    Polarity,
    PriorityAreaKind,
    Rating,
    ReportStatus,
    Theme,
    Unit,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _values(enum_cls: type[enum.Enum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_cls)


class Load(Base):
    """One load of data: a file through a loader, or the demo seed. Nothing is stored without one."""

    __tablename__ = "load"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    source_name: Mapped[str] = mapped_column(String(300))
    file_hash: Mapped[str | None] = mapped_column(String(64))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    loaded_by: Mapped[str] = mapped_column(String(120))
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(20))
    is_synthetic: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str | None] = mapped_column(Text)


class _FromLoad:
    """Mixin: the load that created the row."""

    load_id: Mapped[int] = mapped_column(ForeignKey("load.id"), index=True)


def own_columns(model: type[Base]) -> tuple[str, ...]:
    """A model's columns of its own, in order: all but its id, the authority it belongs to and the load that wrote
    it (what a file gives, a loader compares and a query reads)."""
    return tuple(c.name for c in model.__table__.columns if c.name not in ("id", "authority_id", "load_id"))


class Authority(_FromLoad, Base):
    __tablename__ = "authority"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # new LA code, e.g. E08000014
    old_la_code: Mapped[str | None] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(60))


class PriorityArea(_FromLoad, Base):
    __tablename__ = "priority_area"
    __table_args__ = (
        Index("ix_priority_area_authority_code", "authority_id", "code"),
        CheckConstraint(f"kind IN ({_values(PriorityAreaKind)})", name="kind"),
        CheckConstraint(f"theme IS NULL OR theme IN ({_values(Theme)})", name="theme"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    ofsted_wording: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    theme: Mapped[str | None] = mapped_column(String(40))  # a vocab.Theme value, or none given (migration 0009)


class Measure(_FromLoad, Base):
    """A measure in the catalogue: what it counts, its unit and polarity, where it comes from."""

    __tablename__ = "measure"
    __table_args__ = (
        CheckConstraint(f"unit IN ({_values(Unit)})", name="unit"),
        CheckConstraint(f"polarity IN ({_values(Polarity)})", name="polarity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(12))
    polarity: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(200))
    counts_children: Mapped[bool] = mapped_column(default=False)
    national_equivalent: Mapped[str | None] = mapped_column(String(80))


class PlanMeasure(_FromLoad, Base):
    """A measure as an authority's plan tracks it: under which priority area, from which baseline.

    ``process_change_from`` is the month (its 1st) a change to how the service works began, such as a new service
    model: the measure's SPC limits (``improvement.spc``) are recalculated from it. NULL: no change to the process.
    """

    __tablename__ = "plan_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id"))
    priority_area_id: Mapped[int] = mapped_column(ForeignKey("priority_area.id"))
    is_headline: Mapped[bool] = mapped_column(default=False)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_period: Mapped[dt.date | None] = mapped_column(Date)
    process_change_from: Mapped[dt.date | None] = mapped_column(Date)


class Target(_FromLoad, Base):
    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id"))
    value: Mapped[float] = mapped_column(Float)
    target_date: Mapped[dt.date] = mapped_column(Date)


class TrajectoryPoint(_FromLoad, Base):
    """The planned value of a measure for one period: the points together make the trajectory."""

    __tablename__ = "trajectory_point"
    __table_args__ = (Index("ix_trajectory_authority_measure", "authority_id", "measure_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"))
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id"))
    period: Mapped[dt.date] = mapped_column(Date)
    planned_value: Mapped[float] = mapped_column(Float)


class Observation(_FromLoad, Base):
    """One value of a measure for an authority and period, or a suppression status (``c``, ``low``, ``x``...).

    ``value`` is NULL whenever ``status`` is set: a suppressed figure is never stored as zero.
    """

    __tablename__ = "observation"
    __table_args__ = (
        Index("ix_observation_authority_measure", "authority_id", "measure_id", "period"),
        CheckConstraint("(value IS NULL) <> (status IS NULL)", name="value_or_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"))
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id"))
    period: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(200))


class RagReport(_FromLoad, Base):
    """The adviser's six-weekly report. A report date may have several versions; the newest submitted counts."""

    __tablename__ = "rag_report"
    __table_args__ = (
        UniqueConstraint("authority_id", "report_date", "version", name="authority_date_version"),
        CheckConstraint(f"status IN ({_values(ReportStatus)})", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    report_date: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12))
    overall_narrative: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)  # why a submitted report was corrected (migration 0008)

    ratings: Mapped[list[RagRating]] = relationship(back_populates="report")


class RagRating(_FromLoad, Base):
    __tablename__ = "rag_rating"
    __table_args__ = (
        UniqueConstraint("rag_report_id", "priority_area_id", name="report_area"),
        CheckConstraint(f"rating IN ({_values(Rating)})", name="rating"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rag_report_id: Mapped[int] = mapped_column(ForeignKey("rag_report.id"), index=True)
    priority_area_id: Mapped[int] = mapped_column(ForeignKey("priority_area.id"))
    rating: Mapped[str | None] = mapped_column(String(8))  # None: an area a draft has not rated yet
    narrative: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)

    report: Mapped[RagReport] = relationship(back_populates="ratings")


class Caseload(_FromLoad, Base):
    """Staffing and allocation for one team in one period (aggregates only: no child or worker names)."""

    __tablename__ = "caseload"
    __table_args__ = (Index("ix_caseload_authority_period", "authority_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"))
    team: Mapped[str] = mapped_column(String(120))
    period: Mapped[dt.date] = mapped_column(Date)
    case_holding_fte: Mapped[float] = mapped_column(Float)
    children_allocated: Mapped[int] = mapped_column(Integer)
    agency_fte: Mapped[float] = mapped_column(Float)
    vacancies_fte: Mapped[float] = mapped_column(Float)


class PlanAction(_FromLoad, Base):
    __tablename__ = "plan_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    priority_area_id: Mapped[int] = mapped_column(ForeignKey("priority_area.id"))
    reference: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120))


class Milestone(_FromLoad, Base):
    __tablename__ = "milestone"
    __table_args__ = (
        CheckConstraint("status IN ('not_started', 'in_progress', 'complete', 'dropped')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    due_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    completed_date: Mapped[dt.date | None] = mapped_column(Date)


class Risk(_FromLoad, Base):
    __tablename__ = "risk"
    __table_args__ = (CheckConstraint("status IN ('open', 'closed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    priority_area_id: Mapped[int | None] = mapped_column(ForeignKey("priority_area.id"))
    reference: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120))
    mitigation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8))
    raised_date: Mapped[dt.date] = mapped_column(Date)
    closed_date: Mapped[dt.date | None] = mapped_column(Date)


class RiskReview(_FromLoad, Base):
    """A risk's likelihood and impact (each 1 to 5) as assessed at one review."""

    __tablename__ = "risk_review"
    __table_args__ = (
        CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id"), index=True)
    review_date: Mapped[dt.date] = mapped_column(Date)
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)


class Meeting(_FromLoad, Base):
    """A date in the reporting rhythm: six-weekly report, six-monthly DfE review or board meeting."""

    __tablename__ = "meeting"
    __table_args__ = (CheckConstraint(f"kind IN ({_values(MeetingKind)})", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)


class AdviserDay(_FromLoad, Base):
    """Days the improvement adviser delivered, by date and activity (board, coaching, DfE review, visit...)."""

    __tablename__ = "adviser_day"
    __table_args__ = (CheckConstraint("days > 0 AND days <= 1", name="days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    day_date: Mapped[dt.date] = mapped_column(Date)
    days: Mapped[float] = mapped_column(Float)
    activity: Mapped[str] = mapped_column(String(30))
    notes: Mapped[str | None] = mapped_column(Text)


class PublishedValue(_FromLoad, Base):
    """One cell of a DfE explore-education-statistics table: a geography, a period, an indicator and its value.

    Any EES table loads here, including ones never seen before: the geography columns are recognised, every other
    text column is a breakdown (``breakdown`` holds them as ``name=value; ...``), every numeric one an indicator.
    A suppression symbol (``c``, ``low``, ``x``, ``z``, ``u``) is kept in ``status`` with no value, never as zero.
    """

    __tablename__ = "published_value"
    __table_args__ = (
        Index("ix_published_value_lookup", "indicator", "area_code", "time_period"),
        Index("ix_published_value_area", "area_code", "dataset", "time_period"),
        Index("ix_published_value_old_la", "old_la_code", "dataset", "time_period"),
        CheckConstraint("(value IS NULL) <> (status IS NULL)", name="value_or_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(120))
    time_period: Mapped[str] = mapped_column(String(12))
    time_identifier: Mapped[str] = mapped_column(String(40))
    geographic_level: Mapped[str] = mapped_column(String(40))
    area_code: Mapped[str] = mapped_column(String(40))  # country, region or new LA code ("A / B" when joint)
    area_name: Mapped[str] = mapped_column(String(120))
    old_la_code: Mapped[str | None] = mapped_column(String(20))
    region_code: Mapped[str | None] = mapped_column(String(12))
    region_name: Mapped[str | None] = mapped_column(String(60))
    indicator: Mapped[str] = mapped_column(String(120))
    breakdown: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(String(8))


class StatisticalNeighbour(_FromLoad, Base):
    """DfE's statistical neighbour model: for a council (old LA code), its nth most similar council."""

    __tablename__ = "statistical_neighbour"
    __table_args__ = (CheckConstraint("rank BETWEEN 1 AND 10", name="rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    old_la_code: Mapped[str] = mapped_column(String(6), index=True)
    neighbour_old_la_code: Mapped[str] = mapped_column(String(6))
    rank: Mapped[int] = mapped_column(Integer)
    closeness: Mapped[str | None] = mapped_column(String(40))


class AnnexAAggregate(_FromLoad, Base):
    """An aggregate computed from an Ofsted Annex A list at its extract date. No child-level row is ever stored.

    ``breakdown_kind`` is empty for a headline figure, or e.g. ``category_of_abuse`` / ``team`` with the
    category or team in ``breakdown_value``. Counts below the suppression threshold are stored as they are and
    suppressed when shown, like every other count about children.
    """

    __tablename__ = "annex_a_aggregate"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    extract_date: Mapped[dt.date] = mapped_column(Date)
    list_name: Mapped[str] = mapped_column(String(20))
    measure: Mapped[str] = mapped_column(String(80))
    breakdown_kind: Mapped[str] = mapped_column(String(40), default="")
    breakdown_value: Mapped[str] = mapped_column(String(200), default="")
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(12))


class AdviserContract(_FromLoad, Base):
    """The improvement adviser's contract terms for an authority: dates, monthly day allowance, rate, VAT, budget.

    Terms are data, never constants in code: the newest load per authority wins. ``daily_rate_gbp`` includes
    expenses and excludes VAT (charged on top at ``vat_rate``, e.g. 0.2). ``budget_gbp`` (excluding VAT) may be
    empty: the budget is then allowance x rate x the contract's months (extension included). ``extension_months``
    extends ``end_date`` by whole months (0 to 12).
    """

    __tablename__ = "adviser_contract"
    __table_args__ = (
        CheckConstraint("end_date > start_date", name="term"),
        CheckConstraint("extension_months BETWEEN 0 AND 12", name="extension_months"),
        CheckConstraint("monthly_day_allowance > 0", name="monthly_day_allowance"),
        CheckConstraint("daily_rate_gbp >= 0", name="daily_rate_gbp"),
        CheckConstraint("vat_rate >= 0 AND vat_rate < 1", name="vat_rate"),
        CheckConstraint("budget_gbp IS NULL OR budget_gbp > 0", name="budget_gbp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    adviser_name: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    break_clause_date: Mapped[dt.date | None] = mapped_column(Date)
    monthly_day_allowance: Mapped[float] = mapped_column(Float)
    daily_rate_gbp: Mapped[float] = mapped_column(Float)
    vat_rate: Mapped[float] = mapped_column(Float)
    budget_gbp: Mapped[float | None] = mapped_column(Float)
    extension_months: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str | None] = mapped_column(Text)


class UserGrant(Base):
    """A person's role on a council (or on every council: ``council`` is ``improvement.access.ALL_COUNCILS``),
    granted by whom and when; revoking fills ``revoked_by`` and ``revoked_at`` and keeps the row, so the table is the
    history of everyone's access. ``load_id`` is the grants file it came from, if any (else the Access page)."""

    __tablename__ = "user_grant"
    __table_args__ = (
        CheckConstraint(f"role IN ({_values(Role)})", name="role"),
        CheckConstraint("(revoked_at IS NULL) = (revoked_by IS NULL)", name="revoked"),
        Index("ix_user_grant_principal", "principal", "revoked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    principal: Mapped[str] = mapped_column(String(254))  # email or the provider's subject, lower case
    council: Mapped[str] = mapped_column(String(12))
    role: Mapped[str] = mapped_column(String(12))
    granted_by: Mapped[str] = mapped_column(String(254))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(254))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    load_id: Mapped[int | None] = mapped_column(ForeignKey("load.id"))


class AuditEvent(Base):
    """One thing someone did or was refused: sign-in, sign-out, refusal, load, grant, revoke. Append-only: the
    database refuses to change or delete a row (triggers made by migration 0006)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    who: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(20))
    council: Mapped[str | None] = mapped_column(String(12))
    detail: Mapped[str] = mapped_column(Text)


# DfE's portfolio view: interventions and Ofsted judgements (their own module, so that this one stays short).
from improvement.db.interventions import Intervention, OfstedJudgement  # noqa: E402, F401

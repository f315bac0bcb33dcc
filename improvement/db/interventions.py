"""The models of DfE's portfolio view: a council's interventions and Ofsted's judgements of it, each appended with
the load that wrote it (``models._FromLoad``), the newest load winning per key. Importable from ``models`` too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from improvement.db.models import Base, _FromLoad, _values
from improvement.vocab import InspectionKind, InterventionKind, OfstedGrade


class Intervention(_FromLoad, Base):
    """DfE's intervention in a council's children's services: its kind, from when (to when, once lifted), the
    adviser or commissioner. One row per authority, kind and start date; the newest load wins."""

    __tablename__ = "intervention"
    __table_args__ = (
        Index("ix_intervention_authority", "authority_id", "kind", "start_date"),
        CheckConstraint(f"kind IN ({_values(InterventionKind)})", name="kind"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="term"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"))
    kind: Mapped[str] = mapped_column(String(30))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)  # None: still in intervention
    adviser: Mapped[str] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)


class OfstedJudgement(_FromLoad, Base):
    """An Ofsted inspection or visit of a council's children's services and its grades (visits are not graded:
    every grade empty). One row per authority, inspection kind and date; the newest load wins."""

    __tablename__ = "ofsted_judgement"
    __table_args__ = (
        Index("ix_ofsted_judgement_authority", "authority_id", "inspection_kind", "inspection_date"),
        CheckConstraint(f"inspection_kind IN ({_values(InspectionKind)})", name="inspection_kind"),
        *(
            CheckConstraint(f"{column} IS NULL OR {column} IN ({_values(OfstedGrade)})", name=column)
            for column in ("overall", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"))
    inspection_kind: Mapped[str] = mapped_column(String(30))
    inspection_date: Mapped[dt.date] = mapped_column(Date)
    overall: Mapped[str | None] = mapped_column(String(30))
    impact_of_leaders: Mapped[str | None] = mapped_column(String(30))
    help_and_protection: Mapped[str | None] = mapped_column(String(30))
    children_in_care: Mapped[str | None] = mapped_column(String(30))
    care_leavers: Mapped[str | None] = mapped_column(String(30))
    notes: Mapped[str | None] = mapped_column(Text)

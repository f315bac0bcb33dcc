"""Queries for sign-in and access: a person's active grants, every grant with its history, the audit trail, and
which councils each load wrote rows for (so a load history can be shown only to those who may see its councils).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import CompoundSelect, Engine, select, union

from improvement.db.models import AuditEvent, Authority, UserGrant
from improvement.queries.board import AUTHORITY_TABLES
from improvement.queries.sql import read_frame

GRANT_COLUMNS = ["grant_id", "principal", "council", "role", "granted_by", "granted_at", "revoked_by", "revoked_at"]
AUDIT_COLUMNS = ["at", "who", "action", "council", "detail"]


def active_grants(engine: Engine, principal: str) -> pd.DataFrame:
    """``principal``'s grants not revoked (council, role), oldest first."""
    statement = (
        select(UserGrant.council, UserGrant.role)
        .where(UserGrant.principal == principal, UserGrant.revoked_at.is_(None))
        .order_by(UserGrant.id)
    )
    return read_frame(engine, statement)


def grants(engine: Engine) -> pd.DataFrame:
    """Every grant ever made, revoked ones included, newest first (``GRANT_COLUMNS``)."""
    statement = select(
        UserGrant.id.label("grant_id"),
        UserGrant.principal,
        UserGrant.council,
        UserGrant.role,
        UserGrant.granted_by,
        UserGrant.granted_at,
        UserGrant.revoked_by,
        UserGrant.revoked_at,
    ).order_by(UserGrant.id.desc())
    return read_frame(engine, statement, date_columns=("granted_at", "revoked_at"))


def audit_events(engine: Engine) -> pd.DataFrame:
    """The whole audit trail, newest first (``AUDIT_COLUMNS``)."""
    statement = select(AuditEvent.at, AuditEvent.who, AuditEvent.action, AuditEvent.council, AuditEvent.detail)
    return read_frame(engine, statement.order_by(AuditEvent.id.desc()), date_columns=("at",))


def councils_written(load_id: int | None = None, *, council_rows: bool = False) -> CompoundSelect:
    """The statement giving (``load_id``, ``council``) pairs: the councils whose own rows each load (only
    ``load_id``, if given) wrote; with ``council_rows``, also the council rows themselves it wrote (a plan's
    authority, DfE's register of every council). One row per pair."""
    models = [model for _name, model in AUTHORITY_TABLES]
    parts = [
        select(model.load_id.label("load_id"), Authority.code.label("council")).join(
            Authority, Authority.id == model.authority_id
        )
        for model in models
    ]
    if council_rows:
        parts.append(select(Authority.load_id.label("load_id"), Authority.code.label("council")))
        models.append(Authority)
    if load_id is not None:
        parts = [part.where(model.load_id == load_id) for part, model in zip(parts, models, strict=True)]
    return union(*parts)


def load_councils(engine: Engine) -> pd.DataFrame:
    """For each load that wrote a council's rows, the council's code (``load_id``, ``council``): one row per pair.
    A load with no row here wrote no council's own data (DfE's statistics, the neighbour lists, measure
    definitions)."""
    return read_frame(engine, councils_written())

"""Writing grants and the audit trail: each change in one transaction with its audit event.

Reading them is ``improvement.queries.access``. Grants are never deleted: ``revoke`` fills in who revoked and when.
The audit table is append-only (the database refuses updates and deletes; migration 0006).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, insert, update

from improvement.access import Grant, council_label
from improvement.db.models import AuditEvent, UserGrant


class Action:
    """The audit trail's actions."""

    SIGN_IN = "sign-in"
    SIGN_OUT = "sign-out"
    SESSION_ENDED = "session ended"
    REFUSED = "refused"
    LOAD = "load"
    GRANT = "grant"
    REVOKE = "revoke"
    REPORT_DRAFT = "report draft"
    REPORT_SUBMIT = "report submit"


def now() -> dt.datetime:
    """UTC without a time zone, as every stored time."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record(connection: Connection, who: str, action: str, detail: str, council: str | None = None) -> None:
    """Append one event inside the caller's transaction."""
    connection.execute(
        insert(AuditEvent).values(at=now(), who=who[:254], action=action, council=council, detail=detail)
    )


def record_event(engine: Engine, who: str, action: str, detail: str, council: str | None = None) -> None:
    """Append one event in its own transaction."""
    with engine.begin() as connection:
        record(connection, who, action, detail, council)


def add_grants(connection: Connection, grants: list[Grant], granted_by: str, load_id: int | None = None) -> int:
    """Store ``grants`` (each audited) inside the caller's transaction; the number stored."""
    at = now()
    for grant in grants:
        connection.execute(
            insert(UserGrant).values(
                principal=grant.principal,
                council=grant.council,
                role=grant.role.value,
                granted_by=granted_by,
                granted_at=at,
                load_id=load_id,
            )
        )
        record(
            connection,
            granted_by,
            Action.GRANT,
            f"{grant.role.value} on {council_label(grant.council)} to {grant.principal}",
            grant.council,
        )
    return len(grants)


def revoke_grants(connection: Connection, grant_ids: list[int], revoked_by: str) -> int:
    """Revoke the active grants among ``grant_ids`` (each audited) inside the caller's transaction; how many."""
    at, revoked = now(), 0
    for grant_id in grant_ids:
        row = connection.execute(
            update(UserGrant)
            .where(UserGrant.id == grant_id, UserGrant.revoked_at.is_(None))
            .values(revoked_by=revoked_by, revoked_at=at)
            .returning(UserGrant.principal, UserGrant.council, UserGrant.role)
        ).first()
        if row is None:
            continue
        revoked += 1
        record(
            connection,
            revoked_by,
            Action.REVOKE,
            f"{row.role} on {council_label(row.council)} from {row.principal}",
            row.council,
        )
    return revoked


def grant(engine: Engine, grants: list[Grant], granted_by: str) -> int:
    with engine.begin() as connection:
        return add_grants(connection, grants, granted_by)


def revoke(engine: Engine, grant_ids: list[int], revoked_by: str) -> int:
    with engine.begin() as connection:
        return revoke_grants(connection, grant_ids, revoked_by)

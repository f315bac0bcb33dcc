"""User grants: who may do what on which council (``user_grant``), one row per person + council + role.

``action`` is ``grant`` (the default) or ``revoke``: a grant already active is not given twice, and a revoke ends
the active grant of that person, council and role (the row stays, with who revoked it and when). ``council`` is a
council's code or ``all``. Only an admin may load this kind in the app (``LoaderKind.manages_access``); on the
server's command line the operating-system user is the one who granted.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from improvement.access import Grant, Role, parse_council, principal_key
from improvement.db.access import add_grants, revoke_grants
from improvement.db.models import Authority, Load, UserGrant
from loaders.framework.base import Changes, FileRefused, Layout, LoaderKind, Problem, Source, TableChange
from loaders.framework.readers import csv_header, read_csv
from loaders.framework.schema import ROW, Column, TableSpec, validate
from loaders.framework.templates import csv_template

SPEC = TableSpec(
    "user_grants",
    (
        Column("user", description="The person's email as their organisation's sign-in gives it", example="a@x.gov.uk"),
        Column("council", description="A council's new LA code (E08000014), or all", example="E08000014"),
        Column(
            "role",
            "choice",
            choices=tuple(role.value for role in Role),
            description="board, analyst, adviser, dfe or admin",
            example="board",
        ),
        Column(
            "action",
            "choice",
            required=False,
            choices=("grant", "revoke"),
            description="grant (the default) or revoke",
            example="grant",
        ),
    ),
    key=("user", "council", "role"),
    description="Who may do what on which council",
)


@dataclass(frozen=True)
class GrantRow:
    row: int
    grant: Grant
    revoke: bool


class UserGrants(LoaderKind):
    kind = "user_grants"
    title = "User grants (who may see and do what)"
    manages_access = True
    layouts = (Layout(tuple(SPEC.required_names), ("action",)),)

    def recognises(self, source: Source) -> bool:
        return not source.is_workbook and set(SPEC.required_names) <= set(csv_header(source))

    def templates(self) -> dict[str, bytes]:
        return {"user_grants.csv": csv_template(SPEC)}

    def read(self, source: Source) -> list[GrantRow]:
        raw = read_csv(source)
        validated = validate(raw, SPEC)
        problems = list(validated.problems)
        rows = []
        for record in validated.frame.to_dict("records") if not problems else []:
            who, council = principal_key(str(record["user"])), parse_council(str(record["council"]))
            if "@" not in who and len(who) < 3:
                problems.append(
                    Problem(
                        source.name,
                        "is not an email or a sign-in subject",
                        row=record[ROW],
                        column="user",
                        value=record["user"],
                    )
                )
            role = Role(record["role"])
            rows.append(GrantRow(int(record[ROW]), Grant(who, council, role), record["action"] == "revoke"))
        if problems:
            raise FileRefused(problems)
        return rows

    def store(self, session: Session, parsed: list[GrantRow], load: Load, source: Source) -> Changes:
        connection = session.connection()
        known = set(connection.scalars(select(Authority.code)))
        unknown = [row for row in parsed if row.grant.council != "*" and row.grant.council not in known]
        if unknown:
            raise FileRefused(
                [
                    Problem(
                        source.name,
                        "is not a council the dashboard knows: load its DfE statistics first, or check the code",
                        row=row.row,
                        column="council",
                        value=row.grant.council,
                    )
                    for row in unknown
                ]
            )
        active = pd.DataFrame(
            connection.execute(
                select(UserGrant.id, UserGrant.principal, UserGrant.council, UserGrant.role).where(
                    UserGrant.revoked_at.is_(None)
                )
            ).all(),
            columns=["id", "principal", "council", "role"],
        )
        ids = {(p, c, r): i for i, p, c, r in active.itertuples(index=False)}
        to_grant = [row.grant for row in parsed if not row.revoke and _key(row.grant) not in ids]
        to_revoke = [ids[_key(row.grant)] for row in parsed if row.revoke and _key(row.grant) in ids]
        granted = add_grants(connection, to_grant, load.loaded_by, load.id)
        revoked = revoke_grants(connection, to_revoke, load.loaded_by)
        changes = Changes(
            tables={
                "user_grant": TableChange(
                    "user_grant", added=granted, changed=revoked, unchanged=len(parsed) - granted - revoked
                )
            }
        )
        changes.notes.append(f"{granted} grant(s) given and {revoked} revoked (a revoked grant is kept as history)")
        return changes


def _key(grant: Grant) -> tuple[str, str, str]:
    return grant.principal, grant.council, grant.role.value

"""Who may do what: the roles, what each may do, and a signed-in person's access worked out from their grants.

The identity provider only says who someone is; what they may do comes from the dashboard's own grants (table
``user_grant``, loaded as a ``user_grants`` file or given on the Access page). A grant names a person (their email,
or their provider's subject), a council (its code, or ``ALL_COUNCILS``) and a role. Pure rules: no database, no
Streamlit.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

ALL_COUNCILS = "*"  # a grant for every council (as the grants file says it: "all")


class Permission(enum.Enum):
    READ = "read a council's pages"
    LOAD = "load files"
    REPORT = "write the adviser's reports"
    ACROSS_COUNCILS = "see the views across councils"
    MANAGE_ACCESS = "grant and revoke access"


class Role(enum.StrEnum):
    BOARD = "board"
    ANALYST = "analyst"
    ADVISER = "adviser"
    DFE = "dfe"
    ADMIN = "admin"

    @property
    def permissions(self) -> frozenset[Permission]:
        return ROLE_PERMISSIONS[self]

    @property
    def description(self) -> str:
        return ROLE_DESCRIPTIONS[self]


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.BOARD: frozenset({Permission.READ}),
    Role.ANALYST: frozenset({Permission.READ, Permission.LOAD}),
    Role.ADVISER: frozenset({Permission.READ, Permission.LOAD, Permission.REPORT}),
    Role.DFE: frozenset({Permission.READ, Permission.ACROSS_COUNCILS}),
    Role.ADMIN: frozenset({Permission.MANAGE_ACCESS}),
}
ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.BOARD: "reads the pages of the councils granted",
    Role.ANALYST: "as board, and loads files for those councils on the Data page",
    Role.ADVISER: "as analyst, and writes and submits RAG reports for those councils",
    Role.DFE: "reads every council, and the views across councils",
    Role.ADMIN: "grants and revokes access, and reads the audit trail",
}
EVERY_COUNCIL_ROLES = frozenset({Role.DFE, Role.ADMIN})  # roles that are not about one council


def council_label(council: str) -> str:
    """A grant's council as people read it."""
    return "all councils" if council == ALL_COUNCILS else council


def parse_council(text: str) -> str:
    """A council as a grants file or the Access page gives it: a code, or "all" (any case) for every council."""
    cleaned = text.strip()
    return ALL_COUNCILS if cleaned.lower() in {"all", "all councils", ALL_COUNCILS} else cleaned.upper()


def principal_key(text: str) -> str:
    """How a person is matched: their email (or subject) without surrounding spaces, in lower case."""
    return text.strip().lower()


@dataclass(frozen=True)
class Grant:
    principal: str
    council: str  # a council code, or ALL_COUNCILS
    role: Role


@dataclass(frozen=True)
class Access:
    """What one person may do: their active grants. ``everything`` is the demo's access (no sign-in)."""

    principal: str
    grants: tuple[Grant, ...]
    signed_in: bool = True

    @classmethod
    def everything(cls, principal: str = "demo") -> Access:
        """No sign-in configured: every role on every council (the demo, and a server's own tools)."""
        return cls(principal, tuple(Grant(principal, ALL_COUNCILS, role) for role in Role), signed_in=False)

    @classmethod
    def of(cls, principal: str, grants: Iterable[Grant]) -> Access:
        return cls(principal, tuple(grants))

    @property
    def has_any_grant(self) -> bool:
        return bool(self.grants)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(grant.role for grant in self.grants)

    def councils_for(self, permission: Permission) -> frozenset[str]:
        """The councils on which this person has ``permission``: codes, or ``{ALL_COUNCILS}`` for every council.
        A DfE role reads every council whatever council its grant names."""
        councils = set()
        for grant in self.grants:
            if permission in grant.role.permissions:
                councils.add(ALL_COUNCILS if grant.role in EVERY_COUNCIL_ROLES else grant.council)
        return frozenset({ALL_COUNCILS}) if ALL_COUNCILS in councils else frozenset(councils)

    def may(self, permission: Permission, council: str | None = None) -> bool:
        """Whether this person has ``permission``: on ``council`` if given, else on at least one council."""
        councils = self.councils_for(permission)
        if council is None:
            return bool(councils)
        return ALL_COUNCILS in councils or council in councils

    def every_council(self, permission: Permission) -> bool:
        return ALL_COUNCILS in self.councils_for(permission)

    def visible(self, codes: Iterable[str]) -> list[str]:
        """Of ``codes``, those this person may read, in the same order."""
        return [code for code in codes if self.may(Permission.READ, code)]

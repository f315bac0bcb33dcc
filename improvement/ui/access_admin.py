"""What the Access and Audit trail pages show and do: every grant with its history, giving and revoking a grant,
and the audit trail. Only for people who manage access (the pages are refused to everyone else by
``dashboard.main``, and each action here checks again).
"""

from __future__ import annotations

import pandas as pd

from improvement import queries, style
from improvement.access import ALL_COUNCILS, Grant, Permission, Role, council_label, parse_council, principal_key
from improvement.db import access as records
from improvement.db import get_engine
from improvement.settings import get_settings
from improvement.ui.signin import current_access


class NotAllowed(Exception):  # noqa: N818 (a refusal the page shows)
    pass


def _engine():
    return get_engine(get_settings().database_url)


def _manager() -> str:
    access = current_access()
    if not access.may(Permission.MANAGE_ACCESS):
        raise NotAllowed("Only an admin may grant and revoke access.")
    return access.principal


def grants_table(active_only: bool) -> pd.DataFrame:
    """Grants, newest first, as people read them: who, council, role, granted by and when, revoked by and when."""
    stored = queries.grants(_engine())
    if active_only:
        stored = stored[stored["revoked_at"].isna()]
    return pd.DataFrame(
        {
            "Grant": stored["grant_id"].astype(int),
            "User": stored["principal"],
            "Council": stored["council"].map(council_label),
            "Role": stored["role"],
            "Granted by": stored["granted_by"],
            "Granted (UTC)": stored["granted_at"].map(style.format_datetime),
            "Revoked by": stored["revoked_by"].fillna("—"),
            "Revoked (UTC)": stored["revoked_at"].map(style.format_datetime),
        }
    )


def council_choices() -> dict[str, str]:
    """Every council the dashboard knows, and all councils: code -> label."""
    listed = queries.authorities(_engine())
    return {ALL_COUNCILS: "All councils"} | {
        code: f"{name} ({code})" for code, name in zip(listed["code"], listed["name"], strict=True)
    }


def give(user: str, council: str, role: str) -> str:
    """Grant ``role`` on ``council`` to ``user``; what was done, in a sentence."""
    manager = _manager()
    who = principal_key(user)
    if "@" not in who:
        raise NotAllowed("Give the person's email address, as their organisation's sign-in gives it.")
    grant = Grant(who, parse_council(council), Role(role))
    held = queries.active_grants(_engine(), who)
    if ((held["council"] == grant.council) & (held["role"] == grant.role.value)).any():
        return f"{who} already has {role} on {council_label(grant.council)}: nothing changed."
    records.grant(_engine(), [grant], manager)
    return f"Granted {role} on {council_label(grant.council)} to {who}."


def take_back(grant_ids: list[int]) -> str:
    manager = _manager()
    revoked = records.revoke(_engine(), grant_ids, manager)
    return f"Revoked {revoked} grant(s); they stay in the history below."


def audit_table() -> pd.DataFrame:
    """The audit trail, newest first."""
    _manager()
    events = queries.audit_events(_engine())
    return pd.DataFrame(
        {
            "When (UTC)": events["at"].map(style.format_datetime),
            "Who": events["who"],
            "Action": events["action"],
            "Council": events["council"].fillna("").map(lambda code: council_label(code) if code else ""),
            "Detail": events["detail"],
        }
    )

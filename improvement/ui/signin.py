"""Sign-in and access in the app: who is here, what they may do, and the refusals.

Two modes. With no ``[auth]`` section in ``.streamlit/secrets.toml`` the dashboard is the demo: nobody signs in,
everyone may do everything, and a banner says so. With ``[auth]`` configured (Streamlit's ``st.login``, OpenID
Connect), a visitor who has not signed in sees only the sign-in page, whatever address they opened; a signed-in
person sees what their grants allow (``improvement.access``), read afresh at every run so a revocation takes effect
at the next click. Sessions end after ``SESSION_MAX_AGE_HOURS`` whatever the provider's cookie says.

``dashboard.main`` calls ``gate`` first; ``improvement.ui.data`` calls ``require_council`` before it reads any
council's data, so no page can forget the check. Sign-ins, sign-outs and refusals go to the audit trail.
"""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from improvement import queries, style
from improvement.access import Access, Grant, Permission, Role, principal_key
from improvement.db import get_engine
from improvement.db.access import Action, record_event
from improvement.settings import get_settings

AUTH_SECTION = "auth"
_ACCESS = "_access"  # session key: this run's Access
_RECORDED = "_signed_in_as"  # session key: whom this session's sign-in was recorded for
_STARTED = "_session_started"  # session key: when a sign-in without an issue time was first seen


ROLE_LINES = "\n".join(f"- **{role.value}**: {role.description}" for role in Role)


class CouncilRefused(Exception):  # noqa: N818 (a refusal the page shows, not a fault)
    """A council's data was asked for by someone who may not see it."""

    def __init__(self, council: str) -> None:
        super().__init__(council)
        self.council = council


def sign_in_configured() -> bool:
    """Whether ``[auth]`` is configured (the deployment) or not (the demo)."""
    try:
        return AUTH_SECTION in st.secrets
    except StreamlitSecretNotFoundError:
        return False


def _who() -> str:
    """The signed-in person as grants name them: their email, or the provider's subject if it gives no email."""
    return principal_key(str(st.user.get("email") or st.user.get("sub") or ""))


def _signed_in_at() -> float:
    """When this sign-in happened (seconds since the epoch): the ID token's ``auth_time`` or ``iat``; a provider
    that gives neither is timed from when this server first saw the session."""
    for claim in ("auth_time", "iat"):
        value = st.user.get(claim)
        if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
            return float(value)
    return st.session_state.setdefault(_STARTED, time.time())


def _read_access(who: str) -> Access:
    grants = queries.active_grants(_engine(), who)
    return Access.of(
        who, (Grant(who, council, Role(role)) for council, role in zip(grants["council"], grants["role"], strict=True))
    )


def current_access() -> Access:
    """This run's access (noted by ``gate``); everything in the demo, and outside a script run."""
    noted = st.session_state.get(_ACCESS)
    if isinstance(noted, Access):
        return noted
    return Access.everything() if not sign_in_configured() else Access.of("", ())


def audit(action: str, detail: str, council: str | None = None) -> None:
    """Append ``action`` by the current person to the audit trail."""
    record_event(_engine(), current_access().principal or "anonymous", action, detail, council)


def gate(addresses: list[str]) -> Access:
    """Who is here and what they may do; for anyone who may not go on (not signed in, session too old, no grant),
    the one page they may see, then the run stops. ``addresses`` are the app's pages' url paths: opened by one of
    them, that person gets the same page (not Streamlit's "page not found")."""
    if not sign_in_configured():
        st.session_state[_ACCESS] = access = Access.everything()
        return access
    st.session_state.pop(_ACCESS, None)
    if not st.user.get("is_logged_in", False):  # (AppTest without a user gives no is_logged_in at all)
        _only(_sign_in_page, addresses)
    who = _who()
    max_age_s = get_settings().session_max_age_hours * 3600
    if time.time() - _signed_in_at() > max_age_s:
        record_event(_engine(), who or "anonymous", Action.SESSION_ENDED, "older than the maximum session age")
        st.session_state.clear()
        st.logout()
        st.stop()
    access = _read_access(who) if who else Access.of("", ())
    st.session_state[_ACCESS] = access
    if st.session_state.get(_RECORDED) != who:
        st.session_state[_RECORDED] = who
        roles = ", ".join(sorted(role.value for role in access.roles)) or "no grant"
        signed_in = dt.datetime.fromtimestamp(_signed_in_at(), dt.UTC)
        detail = f"session started, signed in at {signed_in:%d %b %Y %H:%M} UTC ({roles})"
        record_event(_engine(), who or "anonymous", Action.SIGN_IN, detail)
    if not access.has_any_grant:
        _only(_no_grant_page, addresses)
    return access


def _engine():
    return get_engine(get_settings().database_url)


def _only(page, addresses: list[str]) -> None:
    """Show ``page`` as the app's only page, at every address (no navigation, nothing of any council); then stop."""
    pages = [st.Page(page, title="Sign in", url_path="sign-in", default=True)]
    pages += [st.Page(page, title="Sign in", url_path=address) for address in addresses if address]
    st.navigation(pages, position="hidden").run()
    st.stop()


def _sign_in_page() -> None:
    st.title("Improvement plan progress")
    st.markdown(
        f"This dashboard's information is marked `{get_settings().protective_marking.replace('`', '')}`. "
        "Sign in with your organisation's account to see the councils you are entitled to."
    )
    st.button("Sign in", type="primary", icon=":material/login:", on_click=st.login, key="sign-in")


def _no_grant_page() -> None:
    st.title("You have no access yet")
    st.markdown(
        f"You are signed in as **{style.escape_markdown(_who() or 'someone the provider did not name')}**, but "
        "nobody has given you access to any council. "
        f"{style.escape_markdown(get_settings().access_contact)}"
    )
    sign_out_button()


def sign_out_button(where=None) -> None:
    (where or st).button("Sign out", icon=":material/logout:", on_click=_sign_out, key="sign-out")


def _sign_out() -> None:
    audit(Action.SIGN_OUT, "signed out")
    st.session_state.clear()
    st.logout()


def who_is_here(access: Access) -> None:
    """The sidebar's account block: who is signed in, as what, and the sign-out control; or the demo's banner."""
    if not access.signed_in:
        st.sidebar.warning(
            "**Demo mode: no sign-in.** Anyone who can reach this address sees every council and can load files. "
            "Configure sign-in before real data is loaded (README, Deployment).",
            icon=":material/lock_open:",
        )
        return
    roles = ", ".join(sorted(role.value for role in access.roles))
    st.sidebar.caption(f"Signed in as **{style.escape_markdown(access.principal)}** ({roles})")
    sign_out_button(st.sidebar)


def refuse(what: str, council: str | None = None) -> None:
    """Say plainly that this is not allowed and whom to ask; recorded in the audit trail."""
    audit(Action.REFUSED, what, council)
    st.error(
        f"{style.escape_markdown(what)}. {style.escape_markdown(get_settings().access_contact)}",
        icon=":material/block:",
    )


def require_council(council: str) -> None:
    """Raise ``CouncilRefused`` unless the current person may read ``council``'s pages."""
    if not current_access().may(Permission.READ, council):
        raise CouncilRefused(council)

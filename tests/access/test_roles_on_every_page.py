"""Sign-in configured: every role against every registered page, for its own council and for another council.

The database holds two councils with their own improvement data (the demo's Sefton, and a synthetic council with
a plan, reports and risks). Each person signs in (AppTest's ``user``) and opens every page as a link would, once
for Sefton and once for the other council: the pages their role may use show Sefton; the others are refused; a
link to the other council is refused with a message; and nothing of the other council reaches the browser (its
name and code are searched for in everything sent, charts and tables included). A DfE user sees both.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from improvement.access import ALL_COUNCILS, Grant, Permission, Role
from improvement.db import get_engine
from improvement.db.access import grant
from improvement.demo import SEFTON, build_large_dataset, portfolio, synthetic_authorities
from loaders.seed import prepare_database, store_programme
from tests.support.apptest import ENTRY

OTHER = synthetic_authorities(1)[0]  # "Synthetic authority 001", with its own plan, reports and risks
PEOPLE = {
    Role.BOARD: ("board@sefton.example", SEFTON.code),
    Role.ANALYST: ("analyst@sefton.example", SEFTON.code),
    Role.ADVISER: ("adviser@sefton.example", SEFTON.code),
    Role.DFE: ("official@education.example", ALL_COUNCILS),
    Role.ADMIN: ("admin@dashboard.example", ALL_COUNCILS),
}
AUTH = {
    "client_id": "dashboard",
    "client_secret": "not-a-secret",
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "not-a-secret-either",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
PAGES = [spec for specs in dashboard.SECTIONS.values() for spec in specs]
INVENTED = [council.authority.name for council in portfolio.COUNCILS]  # the demo's other councils


@pytest.fixture(scope="module")
def two_councils_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('roles') / 'two-councils.sqlite'}"
    engine = get_engine(url)
    prepare_database(engine)  # the demo: Sefton and the six invented councils of the portfolio
    store_programme(engine, build_large_dataset(n_authorities=1, years=1), kind="benchmark", source_name="Other")
    grant(engine, [Grant(who, council, role) for role, (who, council) in PEOPLE.items()], granted_by="test")
    return url


def signed_in_app(url: str, monkeypatch, email: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SEED_DEMO_DATA", "no")
    app = AppTest.from_file(ENTRY, default_timeout=120)
    app.secrets["auth"] = AUTH
    app.user = {"is_logged_in": True, "email": email, "sub": email}
    return app


def sent(app: AppTest) -> str:
    """Everything the page sent to the browser, as text (charts' JSON and tables' bytes included)."""
    return "\n".join(str(node.proto) for node in _nodes(app._tree) if getattr(node, "proto", None) is not None)


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def refusals(app: AppTest) -> list[str]:
    return [error.value for error in app.error if "your access does not include" in error.value.lower()]


def picker_options(app: AppTest) -> list[str]:
    return [option for box in app.sidebar.selectbox if box.label == "Authority" for option in box.options]


@pytest.mark.parametrize("role", list(PEOPLE), ids=[role.value for role in PEOPLE])
def test_each_role_sees_what_it_may_on_every_page_and_nothing_of_another_council(two_councils_url, monkeypatch, role):
    email, council = PEOPLE[role]
    app = signed_in_app(two_councils_url, monkeypatch, email)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    reads_every_council = role is Role.DFE
    reads = Permission.READ in role.permissions
    if reads:
        expected = {SEFTON.name, OTHER.name, *INVENTED} if reads_every_council else {SEFTON.name}
        assert {option.rsplit(" (", 1)[0] for option in picker_options(app)} == expected  # "Name (code)"
    for spec in PAGES:
        for asked in (SEFTON, OTHER):
            app.switch_page(spec.path)
            app.query_params["authority"] = asked.code
            app.run()
            where = f"{role.value} on {spec.title} asking for {asked.name}"
            assert not app.exception, f"{where}: {[e.message for e in app.exception]}"
            shown = sent(app)
            allowed = spec.permission in role.permissions
            if not allowed:
                assert [t.value for t in app.title] == [], where
                assert refusals(app) and spec.title in refusals(app)[0], where
            else:
                assert [t.value for t in app.title] == [spec.title], where
            if role in (Role.DFE, Role.ADMIN):  # every council is theirs (an admin grants on any council)
                continue
            assert OTHER.name not in shown and OTHER.code not in shown.replace(f"council {OTHER.code}", ""), where
            assert not [name for name in INVENTED if name in shown], where
            if asked is OTHER and allowed and reads:
                assert any(f"council {OTHER.code}" in text for text in refusals(app)), where


def test_a_person_with_no_grant_is_told_whom_to_ask_and_sees_no_council(two_councils_url, monkeypatch):
    app = signed_in_app(two_councils_url, monkeypatch, "stranger@elsewhere.example")
    app.query_params["authority"] = SEFTON.code
    app.run()
    assert [t.value for t in app.title] == ["You have no access yet"]
    assert any("administrator" in m.value for m in app.markdown)
    assert SEFTON.name not in sent(app) and OTHER.name not in sent(app)
    assert [button.label for button in app.button] == ["Sign out"]


def test_a_visitor_not_signed_in_sees_only_the_sign_in_page(two_councils_url, monkeypatch):
    """The sign-in page is the only page there is for them: no navigation, no picker, no council; the browser test
    (tests/browser/test_sign_in.py) opens deep links too."""
    monkeypatch.setenv("DATABASE_URL", two_councils_url)
    monkeypatch.setenv("SEED_DEMO_DATA", "no")
    app = AppTest.from_file(ENTRY, default_timeout=120)
    app.secrets["auth"] = AUTH
    app.query_params["authority"] = SEFTON.code
    app.run()
    assert [t.value for t in app.title] == ["Improvement plan progress"]
    assert [button.label for button in app.button] == ["Sign in"]
    shown = sent(app)
    assert SEFTON.name not in shown and OTHER.name not in shown and not app.sidebar.selectbox
    for spec in PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):  # only the sign-in page is there
            app.switch_page(spec.path)

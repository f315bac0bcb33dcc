"""Sessions with sign-in configured: the sign-in, refusals and the sign-out in the audit trail, the maximum session
age, the sidebar's account block; and the demo (no sign-in) with its banner. AppTest, on a fresh seeded database."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from improvement import queries
from improvement.access import Grant, Role
from improvement.db import get_engine
from improvement.db.access import grant
from improvement.demo import SEFTON
from tests.support.apptest import ENTRY

BOARD = "board@sefton.example"
AUTH = {"client_id": "dashboard", "client_secret": "x", "cookie_secret": "y", "redirect_uri": "http://127.0.0.1/"}


@pytest.fixture
def app_for(seeded_database_url, monkeypatch):
    grant(get_engine(seeded_database_url), [Grant(BOARD, SEFTON.code, Role.BOARD)], granted_by="test")
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    monkeypatch.setenv("SEED_DEMO_DATA", "no")

    def app_for(user: dict | None) -> AppTest:
        app = AppTest.from_file(ENTRY, default_timeout=120)
        app.secrets["auth"] = AUTH
        if user is not None:
            app.user = {"is_logged_in": True, **user}
        return app

    return app_for


def trail(url: str) -> list[tuple[str, str, str]]:
    events = queries.audit_events(get_engine(url))
    return list(zip(events["who"], events["action"], events["detail"], strict=True))[::-1]  # oldest first


def test_signing_in_refusals_and_signing_out_are_in_the_audit_trail(app_for, seeded_database_url):
    signed_in_at = int(time.time()) - 600
    app = app_for({"email": "Board@Sefton.example", "iat": signed_in_at})
    app.run()
    assert [t.value for t in app.title] == ["Overview"]
    assert any("Signed in as **board" in caption.value for caption in app.sidebar.caption)
    app.run()  # a click: the same session, no second sign-in
    app.switch_page("pages/data.py").run()
    assert "Your access does not include the Data page" in app.error[0].value
    app.sidebar.button(key="sign-out").click().run()

    events = [(who, action, detail) for who, action, detail in trail(seeded_database_url) if who == BOARD]
    assert [action for _who, action, _detail in events] == ["sign-in", "refused", "sign-out"]
    assert events[0][2].endswith("UTC (board)") and "session started, signed in at" in events[0][2]
    assert "needs the right to load files" in events[1][2]


def test_a_session_older_than_the_maximum_age_ends(app_for, seeded_database_url, monkeypatch):
    monkeypatch.setenv("SESSION_MAX_AGE_HOURS", "12")
    app = app_for({"email": BOARD, "iat": int(time.time()) - 13 * 3600})
    app.run()
    assert not app.title and not app.sidebar.selectbox  # nothing shown: the browser is sent to sign out
    assert "session ended" in [action for _who, action, _detail in trail(seeded_database_url)]

    young = app_for({"email": BOARD, "iat": int(time.time()) - 11 * 3600})
    young.run()
    assert [t.value for t in young.title] == ["Overview"]


def test_a_link_to_another_council_is_refused_and_recorded(app_for, seeded_database_url):
    app = app_for({"email": BOARD})
    app.query_params["authority"] = "E08000015"
    app.run()
    assert "The link asks for the council E08000015, which your access does not include" in app.error[0].value
    assert [t.value for t in app.title] == ["Overview"] and SEFTON.name in app.markdown[1].value
    assert ("board@sefton.example", "refused") in [(who, action) for who, action, _ in trail(seeded_database_url)]


def test_the_demo_needs_no_sign_in_and_says_so(seeded_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    app = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert [t.value for t in app.title] == ["Overview"]
    banner = [warning.value for warning in app.sidebar.warning]
    assert banner and banner[0].startswith("**Demo mode: no sign-in.**")
    assert not [button for button in app.button if button.label == "Sign out"]

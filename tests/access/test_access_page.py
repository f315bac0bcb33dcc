"""The Access page: an admin gives a grant, sees it, revokes it (it stays in the history) and reads the audit trail;
the grantee's access follows at their next click. AppTest with sign-in configured, on a fresh seeded database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from improvement import queries
from improvement.access import ALL_COUNCILS, Grant, Role
from improvement.db import get_engine
from improvement.db.access import grant
from improvement.demo import SEFTON
from tests.support.apptest import ENTRY

ADMIN = "admin@dashboard.example"
AUTH = {"client_id": "dashboard", "client_secret": "x", "cookie_secret": "y", "redirect_uri": "http://127.0.0.1/"}


@pytest.fixture
def signed_in(seeded_database_url, monkeypatch):
    grant(get_engine(seeded_database_url), [Grant(ADMIN, ALL_COUNCILS, Role.ADMIN)], granted_by="operator")
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    monkeypatch.setenv("SEED_DEMO_DATA", "no")

    def signed_in(email: str) -> AppTest:
        app = AppTest.from_file(ENTRY, default_timeout=120)
        app.secrets["auth"] = AUTH
        app.user = {"is_logged_in": True, "email": email}
        return app.run()

    return signed_in


def test_an_admin_grants_and_revokes_and_the_grantee_follows(signed_in, seeded_database_url):
    admin = signed_in(ADMIN)
    assert [t.value for t in admin.title] == ["Access"]  # the first page an admin may use
    admin.text_input[0].set_value("Jo.Bloggs@Sefton.example")
    form_council = next(box for box in admin.selectbox if box.label == "Council")
    form_council.set_value(SEFTON.code)
    next(box for box in admin.selectbox if box.label == "Role").set_value("analyst")
    next(b for b in admin.button if b.label == "Grant").click()
    admin.run()
    assert "Granted analyst on E08000014 to jo" in admin.success[0].value
    active = next(frame.value for frame in admin.dataframe if "Granted by" in frame.value.columns)
    assert ("jo.bloggs@sefton.example", "E08000014", "analyst", ADMIN) in set(
        active[["User", "Council", "Role", "Granted by"]].itertuples(index=False, name=None)
    )

    jo = signed_in("jo.bloggs@sefton.example")
    assert [t.value for t in jo.title] == ["Overview"]
    jo.switch_page("pages/data.py").run()
    assert [t.value for t in jo.title] == ["Data"]  # an analyst may load

    grant_id = int(active.loc[active["User"] == "jo.bloggs@sefton.example", "Grant"].iloc[0])
    admin.multiselect[0].set_value([grant_id]).run()
    next(b for b in admin.button if b.label == "Revoke").click()
    admin.run()
    assert "Revoked 1 grant(s)" in admin.success[0].value
    history = queries.grants(get_engine(seeded_database_url))
    revoked = history[history["grant_id"] == grant_id].iloc[0]
    assert revoked["revoked_by"] == ADMIN

    jo.run()  # her next click
    assert [t.value for t in jo.title] == ["You have no access yet"]

    admin.switch_page("pages/audit_trail.py").run()
    trail = next(frame.value for frame in admin.dataframe if "Action" in frame.value.columns)
    done = list(zip(trail["Who"], trail["Action"], trail["Detail"], strict=True))
    assert (ADMIN, "grant", "analyst on E08000014 to jo.bloggs@sefton.example") in done
    assert (ADMIN, "revoke", "analyst on E08000014 from jo.bloggs@sefton.example") in done
    assert any(who == "jo.bloggs@sefton.example" and action == "sign-in" for who, action, _ in done)


def test_a_grant_needs_an_email(signed_in):
    admin = signed_in(ADMIN)
    admin.text_input[0].set_value("not an address")
    next(b for b in admin.button if b.label == "Grant").click()
    admin.run()
    assert "Give the person's email address" in admin.error[0].value


def test_the_data_page_says_what_this_analyst_may_load_and_offers_only_that(seeded_database_url, monkeypatch):
    grant(get_engine(seeded_database_url), [Grant("analyst@sefton.example", SEFTON.code, Role.ANALYST)], "operator")
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    app = AppTest.from_file(ENTRY, default_timeout=120)
    app.secrets["auth"] = AUTH
    app.user = {"is_logged_in": True, "email": "analyst@sefton.example"}
    app.run().switch_page("pages/data.py").run()
    assert "What you may load: the kinds of file listed below, for E08000014." in [c.value for c in app.caption]
    assert any("a file holding another council's rows is refused" in m.value for m in app.markdown)
    kinds = app.selectbox(key="data-kind").options
    assert "DfE published statistics (explore-education-statistics CSV)" not in kinds
    assert "User grants (who may see and do what)" not in kinds
    assert any(kind.startswith("Improvement plan") for kind in kinds)


def test_granting_what_someone_already_has_changes_nothing(signed_in, seeded_database_url):
    admin = signed_in(ADMIN)
    for _ in range(2):
        admin.text_input[0].set_value("jo@sefton.example")
        next(box for box in admin.selectbox if box.label == "Council").set_value(SEFTON.code)
        next(b for b in admin.button if b.label == "Grant").click()
        admin.run()
    assert admin.success[0].value.endswith("nothing changed.")
    assert len(queries.active_grants(get_engine(seeded_database_url), "jo@sefton.example")) == 1

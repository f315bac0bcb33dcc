"""The Report page, as an adviser uses it (AppTest on a fresh seeded database): start the next report prefilled,
see the rating check answer the rating being chosen, be told of a copied narrative, save a draft, come back to it,
submit it (locked), correct it with a reason; a second adviser's stale save is refused; a board member never sees
a draft, on this page or any other."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from improvement import queries
from improvement.access import Grant, Role
from improvement.board import read_board
from improvement.db import get_engine
from improvement.db.access import grant
from improvement.db.reports import save_report
from improvement.demo import SEFTON
from improvement.topics.reporting import rules
from tests.support.apptest import ENTRY

NEXT = dt.date(2023, 7, 7)  # the demo's next report due, by the reporting rhythm
AREAS = ["PA1", "PA2", "AFI3", "AFI4", "AFI5"]
AUTH = {"client_id": "dashboard", "client_secret": "x", "cookie_secret": "y", "redirect_uri": "http://127.0.0.1/"}


def report_page(url: str, monkeypatch, user: str | None = None) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SEED_DEMO_DATA", "no")
    app = AppTest.from_file(ENTRY, default_timeout=120)
    if user:
        app.secrets["auth"] = AUTH
        app.user = {"is_logged_in": True, "email": user}
    app.run()
    app.switch_page("pages/report.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def choose_report(app: AppTest, day: dt.date) -> AppTest:
    report_picker(app).set_value(day).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def report_picker(app: AppTest):
    return next(box for box in app.selectbox if box.label == "Report")


def radio(app: AppTest, area: str):
    return next(r for r in app.radio if r.label == f"Rating of {area}")


def text_area(app: AppTest, label: str):
    return next(t for t in app.text_area if t.label == label)


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def versions(url: str, day: dt.date) -> list[tuple]:
    stored = queries.report_versions(get_engine(url), SEFTON.code)
    mine = stored[stored["report_date"] == pd.Timestamp(day)].sort_values("version")
    return list(zip(mine["version"], mine["status"], strict=True))


@pytest.mark.parametrize("backend", ["sqlite"])  # saving on PostgreSQL: tests/topics/reporting/test_saving.py
def test_an_adviser_drafts_comes_back_submits_and_corrects(seeded_database_url, monkeypatch):
    app = choose_report(report_page(seeded_database_url, monkeypatch), NEXT)
    assert [t.value for t in app.title] == ["Write the report"]
    assert any("The next report is due on 7 July 2023" in c.value for c in app.caption)
    # Prefilled from the last submitted report (26 May 2023): every area's rating, and its narrative.
    last = queries.rag_ratings(get_engine(seeded_database_url), SEFTON.code)
    last = last[last["report_date"] == last["report_date"].max()].set_index("priority_area_code")
    assert [radio(app, area).value for area in AREAS] == list(last.loc[AREAS, "rating"])
    assert text_area(app, "Narrative for PA1").value == last.loc["PA1", "narrative"]
    # ... so every narrative is a copy, and the page says so.
    assert any("Repeated narrative" in w.value and "PA1" in w.value for w in app.warning)

    # The rating check answers the rating being chosen, before anything is saved.
    radio(app, "PA1").set_value("Green").run()
    assert any(w.value.startswith("**PA1 PLO pre-proceedings** is rated ● Green") for w in app.warning)
    radio(app, "PA1").set_value("Red").run()
    assert not any("**PA1 PLO pre-proceedings** is rated" in w.value for w in app.warning)
    assert any(s.value == "Rating check: Agrees with the measures." for s in app.success)

    for area in AREAS:
        text_area(app, f"Narrative for {area}").input(f"{area}: what changed in this period, in new words.")
    text_area(app, "Overall narrative").input("A period of mixed progress; drift in pre-proceedings is back.")
    app.run()
    assert not any("Repeated narrative" in w.value for w in app.warning)
    button(app, "Save draft").click().run()
    assert [s.value for s in app.success][0] == "Draft saved as version 1 of the report of 7 July 2023."
    assert versions(seeded_database_url, NEXT) == [(1, "draft")]

    # Another session: the draft in progress opens first, as saved.
    again = report_page(seeded_database_url, monkeypatch)
    assert report_picker(again).value == NEXT
    assert radio(again, "PA1").value == "Red"
    assert text_area(again, "Narrative for PA2").value == "PA2: what changed in this period, in new words."
    radio(again, "AFI3").set_value("Red").run()
    button(again, "Submit report").click().run()
    assert [s.value for s in again.success][0] == "The report of 7 July 2023 is submitted as version 2 and locked."
    assert versions(seeded_database_url, NEXT) == [(1, "draft"), (2, "submitted")]
    assert any("submitted and locked" in h.value for h in again.subheader)
    assert not [r for r in again.radio if r.label.startswith("Rating of")]  # nothing to edit
    assert [b.label for b in again.get("download_button")][0].startswith("Download the report as a workbook")
    shown = queries.rag_ratings(get_engine(seeded_database_url), SEFTON.code)
    assert (
        shown.loc[
            (shown["report_date"] == pd.Timestamp(NEXT)) & (shown["priority_area_code"] == "AFI3"), "rating"
        ].item()
        == "Red"
    )

    # A correction: drafted on top of the locked version, submitted only with a reason.
    button(again, "Correct this report").click().run()
    assert button(again, "Submit correction").disabled
    assert any("give the reason for the correction" in c.value for c in again.caption)
    radio(again, "AFI3").set_value("Amber").run()
    text_area(again, "Reason for the correction (required to submit it)").input("AFI3's audit was misread.")
    again.run()
    button(again, "Submit correction").click().run()
    assert "correction of the report of 7 July 2023 is submitted as version 3" in again.success[0].value
    assert versions(seeded_database_url, NEXT) == [(1, "draft"), (2, "submitted"), (3, "submitted")]
    history = next(frame.value for frame in again.dataframe if "Reason for correction" in frame.value.columns)
    assert list(history["Version"]) == ["3", "2", "1"]
    assert history["Reason for correction"].iloc[0] == "AFI3's audit was misread."
    assert list(history["Changed"]) == [
        "reason; AFI3 rating ✖ Red → ▲ Amber",
        "draft → submitted; AFI3 rating ▲ Amber → ✖ Red",
        "the first version",
    ]
    assert report_picker(again).value == NEXT  # still on the report just corrected
    events = queries.audit_events(get_engine(seeded_database_url))
    assert list(events.loc[events["action"].str.startswith("report"), "action"])[:3] == [
        "report submit",
        "report submit",
        "report draft",
    ]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_second_adviser_saving_a_stale_draft_is_refused_and_told_what_changed(seeded_database_url, monkeypatch):
    first = choose_report(report_page(seeded_database_url, monkeypatch), NEXT)
    button(first, "Save draft").click().run()
    second = report_page(seeded_database_url, monkeypatch)  # opens version 1
    radio(first, "PA2").set_value("Red").run()
    button(first, "Save draft").click().run()
    assert versions(seeded_database_url, NEXT) == [(1, "draft"), (2, "draft")]

    text_area(second, "Overall narrative").input("My own overall view.")
    second.run()
    assert any("saved version 2 of this report" in w.value for w in second.warning)
    button(second, "Save draft").click().run()
    assert second.error[0].value.startswith("Not saved: demo saved version 2 of the report of 7 July 2023")
    assert "They changed: PA2 rating" in second.error[0].value
    assert text_area(second, "Overall narrative").value == "My own overall view."  # nothing lost on screen
    assert versions(seeded_database_url, NEXT) == [(1, "draft"), (2, "draft")]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_loaded_text_in_a_draft_is_shown_as_text(seeded_database_url, monkeypatch):
    engine = get_engine(seeded_database_url)
    board = read_board(engine, SEFTON.code, 5)
    start = rules.prefilled(SEFTON.code, AREAS, board.ratings, rules.next_report(board.ratings, NEXT, board.as_at))
    hostile = "<script>alert(1)</script> **bold** :red[alarm] [link](http://x) =SUM(A1)"
    first = start.areas[0]
    save_report(engine, start.with_area(replace(first, narrative=hostile)), who="adviser", based_on=None, submit=False)
    app = report_page(seeded_database_url, monkeypatch)
    assert text_area(app, "Narrative for PA1").value == hostile
    assert not any("<script>" in m.value for m in app.markdown)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_board_member_never_sees_a_draft_and_cannot_open_the_report_page(seeded_database_url, monkeypatch):
    engine = get_engine(seeded_database_url)
    grant(engine, [Grant("board@sefton.example", SEFTON.code, Role.BOARD)], granted_by="test")
    grant(engine, [Grant("adviser@sefton.example", SEFTON.code, Role.ADVISER)], granted_by="test")
    board = read_board(engine, SEFTON.code, 5)
    start = rules.prefilled(SEFTON.code, AREAS, board.ratings, rules.next_report(board.ratings, NEXT, board.as_at))
    secret = "UNSUBMITTED-DRAFT-WORDING"
    draft = replace(start.with_area(replace(start.areas[0], narrative=secret)), overall_narrative=secret)
    save_report(engine, draft, who="adviser@sefton.example", based_on=None, submit=False)

    adviser = report_page(seeded_database_url, monkeypatch, user="adviser@sefton.example")
    assert [t.value for t in adviser.title] == ["Write the report"]
    assert text_area(adviser, "Overall narrative").value == secret

    member = report_page(seeded_database_url, monkeypatch, user="board@sefton.example")
    assert [t.value for t in member.title] == []
    assert any("Write the report" in e.value for e in member.error)
    for spec in [spec for specs in dashboard.SECTIONS.values() for spec in specs]:
        member.switch_page(spec.path).run()
        assert not member.exception, spec.title
        assert secret not in str([node.proto for node in _nodes(member._tree) if getattr(node, "proto", None)]), spec


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)

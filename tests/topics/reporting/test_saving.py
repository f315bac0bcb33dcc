"""Saving reports written on the Report page, on SQLite and PostgreSQL: every save a new version with its load and
audit event, a conflicting save refused with nothing stored, a submission locked and corrected with a reason, and a
submitted report's workbook loading back unchanged (the round trip)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
import sqlalchemy as sa

from improvement import queries
from improvement.board import read_board
from improvement.db.reports import save_report
from improvement.papers.workbook import report_workbook
from improvement.topics.reporting import rules
from improvement.topics.reporting.rules import ReportRefused
from loaders.run import Source, load_source
from tests.support.loading import table_counts

SEFTON = "E08000014"
DAY = dt.date(2023, 7, 7)


@pytest.fixture
def started(seeded_engine) -> rules.ReportDraft:
    """The next report as the page starts it: prefilled from the demo's last submitted report."""
    board = read_board(seeded_engine, SEFTON, 5)
    upcoming = rules.next_report(board.ratings, DAY, board.as_at)
    return rules.prefilled(SEFTON, list(board.priority_areas["priority_area_code"]), board.ratings, upcoming)


def rerated(draft: rules.ReportDraft, code: str, rating: str, narrative: str) -> rules.ReportDraft:
    """The draft with one area's rating and narrative changed (its evidence kept)."""
    return draft.with_area(replace(draft.area(code), rating=rating, narrative=narrative))


def audit(engine) -> list[tuple[str, str, str]]:
    events = queries.audit_events(engine)
    events = events[events["action"].str.startswith("report")]
    return list(zip(events["who"], events["action"], events["detail"], strict=True))[::-1]  # oldest first


def test_drafts_are_versions_and_a_submission_shows_on_the_board(seeded_engine, started):
    first = save_report(seeded_engine, started, who="adviser@sefton.example", based_on=None, submit=False)
    assert (first.version, first.status) == (1, "draft")
    assert DAY not in set(queries.rag_ratings(seeded_engine, SEFTON)["report_date"].dt.date)  # a draft: not shown

    rated = rerated(started, "PA1", "Red", "Drift is back: three cases over 26 weeks.")
    second = save_report(seeded_engine, replace(rated, overall_narrative="Mixed."), who="a2", based_on=1, submit=False)
    assert second.changed == ["overall narrative", "PA1 rating ● Green → ✖ Red", "PA1 narrative"]

    final = replace(rated, overall_narrative="Mixed period.")
    submitted = save_report(seeded_engine, final, who="adviser@sefton.example", based_on=2, submit=True)
    assert (submitted.version, submitted.status) == (3, "submitted")
    shown = queries.rag_ratings(seeded_engine, SEFTON)
    shown = shown[shown["report_date"] == pd.Timestamp(DAY)].set_index("priority_area_code")
    assert shown.loc["PA1", "rating"] == "Red" and shown.loc["PA1", "version"] == 3
    versions = queries.report_versions(seeded_engine, SEFTON)
    mine = versions[versions["report_date"] == pd.Timestamp(DAY)]
    assert list(zip(mine["version"], mine["status"], mine["saved_by"], strict=True)) == [
        (3, "submitted", "adviser@sefton.example"),
        (2, "draft", "a2"),
        (1, "draft", "adviser@sefton.example"),
    ]
    assert [action for _, action, _ in audit(seeded_engine)] == ["report draft", "report draft", "report submit"]
    assert audit(seeded_engine)[2][2] == (
        "submission of the report of 7 July 2023 saved as version 3 (changed: overall narrative)"
    )


def test_a_second_adviser_saving_the_same_draft_is_refused_and_nothing_is_stored(seeded_engine, started):
    save_report(seeded_engine, started, who="first@sefton.example", based_on=None, submit=False)
    theirs = rerated(started, "PA2", "Red", "Supervision gaps in two teams.")
    save_report(seeded_engine, theirs, who="first@sefton.example", based_on=1, submit=False)
    before = table_counts(seeded_engine)
    mine = replace(started, overall_narrative="My view.")
    with pytest.raises(ReportRefused) as refused:
        save_report(seeded_engine, mine, who="second@sefton.example", based_on=1, submit=False)
    assert "first@sefton.example saved version 2 of the report of 7 July 2023" in str(refused.value)
    assert "They changed: PA2 rating ★ Blue (complete) → ✖ Red; PA2 narrative." in str(refused.value)
    assert table_counts(seeded_engine) == before


def test_a_submitted_report_is_corrected_only_with_a_reason_and_the_history_keeps_both(seeded_engine, started):
    whole = replace(started, overall_narrative="Steady.")
    save_report(seeded_engine, whole, who="adviser", based_on=None, submit=True)
    corrected = rerated(whole, "AFI3", "Red", "The audit was misread.")
    before = table_counts(seeded_engine)
    with pytest.raises(ReportRefused, match="give the reason for the correction"):
        save_report(seeded_engine, corrected, who="adviser", based_on=1, submit=True)
    assert table_counts(seeded_engine) == before
    saved = save_report(
        seeded_engine, replace(corrected, reason="AFI3 audit misread"), who="adviser", based_on=1, submit=True
    )
    assert "correction" in saved.message and saved.version == 2
    versions = queries.report_versions(seeded_engine, SEFTON)
    mine = versions[versions["report_date"] == pd.Timestamp(DAY)]
    assert list(mine["status"]) == ["submitted", "submitted"] and mine["reason"].iloc[0] == "AFI3 audit misread"
    assert audit(seeded_engine)[-1][2].endswith("; reason: AFI3 audit misread")


def test_a_submitted_report_downloaded_as_a_workbook_loads_back_unchanged(seeded_engine, started):
    hostile = rerated(started, "PA1", "Amber", '=HYPERLINK("http://x","y") <b>bold</b> -2 +3')
    save_report(seeded_engine, replace(hostile, overall_narrative="@SUM(1)"), who="a", based_on=None, submit=True)
    fields, ratings = queries.submitted_report(seeded_engine, SEFTON)
    assert fields["report_date"] == DAY
    content = report_workbook(fields, ratings)
    before = table_counts(seeded_engine)

    again = load_source(seeded_engine, Source("rag_report_download.xlsx", content))

    assert again.ok, again.summary()
    assert "is the same as its stored version 1: no new version" in again.summary()
    assert table_counts(seeded_engine) == before
    with seeded_engine.connect() as connection:  # the cells are text, never formulas
        assert connection.scalar(sa.text("select count(*) from rag_report where report_date = :d"), {"d": DAY}) == 1


def test_a_submitted_correction_round_trips_with_its_reason(seeded_engine, started):
    whole = replace(started, overall_narrative="Steady.")
    save_report(seeded_engine, whole, who="a", based_on=None, submit=True)
    corrected = replace(rerated(whole, "PA2", "Red", "Worse."), reason="PA2 misread")
    save_report(seeded_engine, corrected, who="a", based_on=1, submit=True)
    fields, ratings = queries.submitted_report(seeded_engine, SEFTON, DAY)
    assert (fields["version"], fields["reason"]) == (2, "PA2 misread")
    again = load_source(seeded_engine, Source("download.xlsx", report_workbook(fields, ratings)))
    assert again.ok and "is the same as its stored version 2" in again.summary()


def test_nothing_to_write_when_no_report_is_submitted(seeded_engine):
    assert queries.submitted_report(seeded_engine, SEFTON, dt.date(2020, 1, 1)) is None
    assert queries.submitted_report(seeded_engine, "E09999999") is None


def test_a_submitted_report_with_a_draft_on_top_loads_back_unchanged(seeded_engine):
    """The demo's report of 26 May 2023: version 1 submitted, version 2 a draft correction on top of it."""
    fields, ratings = queries.submitted_report(seeded_engine, SEFTON)
    assert (fields["report_date"], fields["version"]) == (dt.date(2023, 5, 26), 1)
    before = table_counts(seeded_engine)

    again = load_source(seeded_engine, Source("rag_report_2023-05-26.xlsx", report_workbook(fields, ratings)))

    assert again.ok, again.summary()
    assert "is the same as its submitted version 1: no new version" in again.summary()
    assert table_counts(seeded_engine) == before

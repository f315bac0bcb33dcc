"""The ``meetings`` loader (board meetings, DfE reviews and six-weekly reports), on the seeded Sefton database on
SQLite and PostgreSQL: meetings load and show through the meetings query, a bad file is refused with exact messages
and changes nothing, a corrected title shows only the new title, a dry run stores nothing, and the template is
recognised.
"""

from __future__ import annotations

import pytest

from improvement import queries
from tests.support.loading import (
    MEETINGS,
    SEFTON,
    assert_dry_run_stores_nothing,
    assert_refused_exactly,
    csv_file,
    load,
    summary_line,
)

# --- loading ------------------------------------------------------------------------------------------------------


def test_meetings_load_and_show_through_the_meetings_query(seeded_engine) -> None:
    result = load(seeded_engine, "meetings.csv", MEETINGS)

    assert result.ok, result.summary()
    assert summary_line(result, "meeting") == "meeting: 2 added, 0 changed, 0 unchanged"
    shown = queries.meetings(seeded_engine, SEFTON)
    new = shown[shown["meeting_date"] >= "2023-07-20"]
    assert new[["kind", "title"]].values.tolist() == [
        ["board_meeting", "Improvement board July 2023"],
        ["dfe_review", "DfE six-monthly review"],
    ]


# --- refused files leave the database as it was -------------------------------------------------------------------


REFUSED = {
    "date in the wrong format": (
        "meetings.csv",
        csv_file("authority_code,kind,meeting_date,title,notes", "E08000014,board_meeting,2023/07/20,Board,"),
        None,
        [
            "meetings.csv, row 2, column 'meeting_date': expected a date like 2023-06-30 or 30/06/2023 "
            "(found '2023/07/20')"
        ],
    ),
    "unknown meeting kind": (
        "meetings.csv",
        csv_file("authority_code,kind,meeting_date,title,notes", "E08000014,away_day,2023-07-20,Away day,"),
        None,
        [
            "meetings.csv, row 2, column 'kind': expected one of: six_weekly_report, dfe_review, board_meeting "
            "(found 'away_day')"
        ],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_bad_files_are_refused_with_exact_messages_and_change_nothing(seeded_engine, case: str) -> None:
    name, content, kind, expected = REFUSED[case]
    assert_refused_exactly(seeded_engine, name, content, kind, expected)


# --- re-loading and dry runs --------------------------------------------------------------------------------------


def test_reloading_a_meeting_with_a_corrected_title_shows_only_the_new_title(seeded_engine) -> None:
    assert load(seeded_engine, "meetings.csv", MEETINGS).ok
    corrected = MEETINGS.replace(b"Improvement board July 2023", b'"Improvement board, July 2023"')

    result = load(seeded_engine, "meetings.csv", corrected)

    assert summary_line(result, "meeting") == "meeting: 0 added, 1 changed, 1 unchanged"
    shown = queries.meetings(seeded_engine, SEFTON)
    assert shown[shown["meeting_date"] == "2023-07-20"]["title"].tolist() == ["Improvement board, July 2023"]


@pytest.mark.parametrize(
    ("name", "content", "table", "rows"),
    [
        ("meetings.csv", MEETINGS, "meeting", 2),
    ],
)
def test_dry_run_reports_but_stores_nothing(seeded_engine, name: str, content: bytes, table: str, rows: int) -> None:
    assert_dry_run_stores_nothing(seeded_engine, name, content, table, rows)

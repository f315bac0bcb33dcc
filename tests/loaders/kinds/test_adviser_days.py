"""The ``adviser_days`` loader (the days the improvement adviser worked, in whole or half days), on the seeded
Sefton database on SQLite and PostgreSQL: days load, a bad file is refused with exact messages and changes nothing,
a dry run stores nothing, and the template is recognised.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from improvement.db.models import AdviserDay
from tests.support.loading import (
    ADVISER_DAYS,
    assert_dry_run_stores_nothing,
    assert_refused_exactly,
    csv_file,
    load,
)

# --- loading ------------------------------------------------------------------------------------------------------


def test_adviser_days_load(seeded_engine) -> None:
    result = load(seeded_engine, "adviser_days.csv", ADVISER_DAYS)

    assert result.ok, result.summary()
    with seeded_engine.connect() as connection:
        rows = connection.execute(
            select(AdviserDay.day_date, AdviserDay.days, AdviserDay.activity, AdviserDay.notes)
            .where(AdviserDay.day_date >= dt.date(2023, 7, 1))  # the demo's days run to June 2023
            .order_by(AdviserDay.day_date, AdviserDay.activity)
        ).all()
    assert [tuple(row) for row in rows] == [
        (dt.date(2023, 7, 20), 1.0, "board", "Chaired the board"),
        (dt.date(2023, 7, 21), 0.5, "coaching", None),
        (dt.date(2023, 7, 21), 0.5, "visit", "Front door"),
    ]


# --- refused files leave the database as it was -------------------------------------------------------------------


REFUSED = {
    "a day and a half": (
        "adviser_days.csv",
        csv_file("authority_code,day_date,days,activity,notes", "E08000014,2023-07-20,1.5,board,"),
        None,
        [
            "adviser_days.csv, row 2, column 'days': expected more than 0 and at most 1 day (half a day is 0.5) "
            "(found 1.5)"
        ],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_bad_files_are_refused_with_exact_messages_and_change_nothing(seeded_engine, case: str) -> None:
    name, content, kind, expected = REFUSED[case]
    assert_refused_exactly(seeded_engine, name, content, kind, expected)


# --- dry runs -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "table", "rows"),
    [
        ("adviser_days.csv", ADVISER_DAYS, "adviser_day", 3),
    ],
)
def test_dry_run_reports_but_stores_nothing(seeded_engine, name: str, content: bytes, table: str, rows: int) -> None:
    assert_dry_run_stores_nothing(seeded_engine, name, content, table, rows)

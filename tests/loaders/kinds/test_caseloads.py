"""The ``caseloads`` loader (each team's case-holding FTE, children allocated, agency workers and vacancies per
month), on the seeded Sefton database on SQLite and PostgreSQL: caseloads load and show through the caseloads
query, a bad file is refused with exact messages (every problem at once) and changes nothing, a corrected value
leaves the earlier one as history, a dry run stores nothing, and the template is recognised.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from improvement import queries
from improvement.db.models import Caseload
from tests.support.loading import (
    CASELOADS,
    CASELOADS_HEADER,
    SEFTON,
    assert_dry_run_stores_nothing,
    assert_refused_exactly,
    csv_file,
    load,
    summary_line,
)

# --- loading ------------------------------------------------------------------------------------------------------


def test_caseloads_load_and_show_through_the_caseloads_query(seeded_engine) -> None:
    result = load(seeded_engine, "caseloads.csv", CASELOADS)

    assert result.ok, result.summary()
    assert summary_line(result, "caseload") == "caseload: 3 added, 0 changed, 0 unchanged"
    shown = queries.caseloads(seeded_engine, SEFTON)
    north = shown[(shown["team"] == "Assessment North") & (shown["period"] >= "2023-07-01")]
    assert north[["period", "case_holding_fte", "children_allocated"]].values.tolist() == [
        [dt.datetime(2023, 7, 1), 9.5, 150],
        [dt.datetime(2023, 8, 1), 10.0, 160],  # 15 August is August
    ]
    disabled = shown[shown["team"] == "Disabled Children"].iloc[0]
    assert (disabled["agency_fte"], disabled["vacancies_fte"]) == (0.0, 0.5)


# --- refused files leave the database as it was -------------------------------------------------------------------


REFUSED = {
    "missing column": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER.removesuffix(",vacancies_fte"), "E08000014,Assessment North,2023-07-01,9.5,150,2"),
        "caseloads",
        [
            "caseloads.csv, row 1: missing column 'vacancies_fte': the header row must name every column of the "
            "'caseloads' table (authority_code, team, period, case_holding_fte, children_allocated, agency_fte, "
            "vacancies_fte)"
        ],
    ),
    "worker names are not caseload columns": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER + ",worker_name", "E08000014,Assessment North,2023-07-01,9.5,150,2,1,A Smith"),
        None,
        [
            "caseloads.csv, row 1, column 'worker_name': unexpected column: the 'caseloads' table has the columns "
            "authority_code, team, period, case_holding_fte, children_allocated, agency_fte, vacancies_fte; remove it "
            "or correct its spelling"
        ],
    ),
    "text in a number column": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER, "E08000014,Assessment North,2023-07-01,n/a,150,2,1"),
        None,
        [
            "caseloads.csv, row 2, column 'case_holding_fte': expected a number (digits only, no units or words) "
            "(found 'n/a')"
        ],
    ),
    "one authority by new and old code": (
        "caseloads.csv",
        csv_file(
            CASELOADS_HEADER,
            "E08000014,Assessment North,2023-07-01,9.5,150,2,1",
            "343,Assessment North,2023-07-01,9.5,151,2,1",
        ),
        None,
        [
            "caseloads.csv, row 3, column 'period': repeats row 2: each authority_code + team + period may appear "
            "only once (found '343 + Assessment North + 2023-07-01')"
        ],
    ),
    "agency more than case-holding": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER, "E08000014,Assessment North,2023-07-01,2.5,40,3,0"),
        None,
        [
            "caseloads.csv, row 2, column 'agency_fte': agency_fte is more than case_holding_fte (2.5): agency "
            "workers are counted within the case-holding FTE (found 3.0)"
        ],
    ),
    "negative children": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER, "E08000014,Assessment North,2023-07-01,2.5,-4,1,0"),
        None,
        ["caseloads.csv, row 2, column 'children_allocated': expected a whole number from 0 to 1,000,000 (found '-4')"],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_bad_files_are_refused_with_exact_messages_and_change_nothing(seeded_engine, case: str) -> None:
    name, content, kind, expected = REFUSED[case]
    assert_refused_exactly(seeded_engine, name, content, kind, expected)


def test_every_problem_in_a_file_is_listed_at_once(seeded_engine) -> None:
    content = csv_file(
        CASELOADS_HEADER,
        "E08000014,Assessment North,2023-07-01,n/a,150,2,1",
        "E08000014,Assessment South,July 2023,9,150,2,1",
        "E08000014,Assessment East,2023-07-01,2,30,3,1",
    )
    result = load(seeded_engine, "caseloads.csv", content)
    assert sorted((problem.row, problem.column) for problem in result.problems) == [
        (2, "case_holding_fte"),
        (3, "period"),
        (4, "agency_fte"),
    ]


# --- re-loading and dry runs --------------------------------------------------------------------------------------


def test_reloading_caseloads_with_one_corrected_value(seeded_engine) -> None:
    assert load(seeded_engine, "caseloads.csv", CASELOADS).ok
    corrected = CASELOADS.replace(b"Disabled Children,2023-07-01,6,70", b"Disabled Children,2023-07-01,6,72")

    result = load(seeded_engine, "caseloads_v2.csv", corrected)

    assert summary_line(result, "caseload") == "caseload: 0 added, 1 changed, 2 unchanged"
    shown = queries.caseloads(seeded_engine, SEFTON)
    assert shown[shown["team"] == "Disabled Children"]["children_allocated"].tolist() == [72]
    with seeded_engine.connect() as connection:
        history = (
            connection.execute(
                select(Caseload.children_allocated)
                .where(Caseload.team == "Disabled Children")
                .order_by(Caseload.load_id)
            )
            .scalars()
            .all()
        )
    assert history == [70, 72]


@pytest.mark.parametrize(
    ("name", "content", "table", "rows"),
    [
        ("caseloads.csv", CASELOADS, "caseload", 3),
    ],
)
def test_dry_run_reports_but_stores_nothing(seeded_engine, name: str, content: bytes, table: str, rows: int) -> None:
    assert_dry_run_stores_nothing(seeded_engine, name, content, table, rows)

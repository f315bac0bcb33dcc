"""Annex A never reveals a child or a worker: only Annex A's categories and real team names become breakdown
labels, a label is never cut, and no message shows a cell of a list, whatever its column is called.

Workbooks come from tests/support/annex_a_factory.py with single cells set; every refusal is checked word for word,
with every table's row count unchanged and the withheld values absent from the command line's output.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from improvement.demo import build_programme
from improvement.vocab import latest_date
from loaders.__main__ import main as cli
from loaders.framework.base import Source
from loaders.framework.personal import identifying
from loaders.run import load_source
from tests.support.annex_a_factory import RARE_TEAM, TEAMS, make_annex_a
from tests.support.loading import table_counts
from tests.support.realdata import REALDATA, needs_realdata

SEFTON = {"authority": "E08000014", "extract_date": "2023-03-31"}
TEAM = "Allocated Team"
CATEGORY = "Latest Category of Abuse"
TEAM_RULE = (
    "a team's name is stored and shown on the Annex A page, so it must not identify a child or a worker; give the "
    "team's name (a team named after a place or a person needs a word such as Team, Service or Unit)"
)
NOT_A_CATEGORY = (
    "is not one of Annex A's categories of abuse (Neglect, Physical abuse, Sexual abuse, Emotional abuse, "
    "Multiple/not recommended; a prefix like 'a) ' is fine)"
)
FORMULA = "holds a formula: copy the sheet and paste values only, so what is loaded is what you see"


def workbook(list7_rows: int = 40, **options) -> bytes:
    buffer = io.BytesIO()
    make_annex_a(buffer, list7_rows=list7_rows, list6_rows=5, list8_rows=5, **options)
    return buffer.getvalue()


def refused(engine, content: bytes) -> list[str]:
    """The problems of a workbook that must be refused, having checked that no table changed."""
    before = table_counts(engine)
    result = load_source(engine, Source("annex_a.xlsx", content), options=SEFTON)
    assert not result.ok and result.load_id is None
    assert table_counts(engine) == before
    return [str(problem) for problem in result.problems]


def printed_by_the_command_line(url: str, content: bytes, tmp_path, monkeypatch, capsys) -> str:
    path = tmp_path / "annex_a.xlsx"
    path.write_bytes(content)
    monkeypatch.setenv("DATABASE_URL", url)
    status = cli([str(path), "--authority", "E08000014", "--extract-date", "2023-03-31"])
    printed = capsys.readouterr()
    assert status == 1
    return printed.out + printed.err


def test_names_dates_identifiers_and_postcodes_in_allocated_team_are_refused_and_never_shown(
    seeded_database_url, seeded_engine, tmp_path, monkeypatch, capsys
):
    long_name = "Locality Team " + "x" * 236  # 250 characters
    content = workbook(
        cells={
            ("List 7", 4, CATEGORY): 10721552,  # a child's ID in the category column
            ("List 7", 5, TEAM): "Ezra Leigh",
            ("List 7", 7, TEAM): dt.datetime(2021, 1, 4),  # a date of birth
            ("List 7", 9, TEAM): "Ezra\xa0Leigh",
            ("List 7", 11, TEAM): "L20 3NJ",
            ("List 7", 12, TEAM): "A1234567",
            ("List 7", 13, TEAM): long_name,
        }
    )

    problems = refused(seeded_engine, content)

    where = "annex_a.xlsx, sheet 'List 7', row {}, column '{}'"
    assert problems == [
        f"{where.format(4, CATEGORY)}: {NOT_A_CATEGORY} (found <withheld: a number>)",
        f"{where.format(5, TEAM)}: looks like a person's name: {TEAM_RULE}; the same value is in 1 more row(s) (9) "
        "(found <withheld: text>)",
        f"{where.format(7, TEAM)}: is a date: {TEAM_RULE} (found <withheld: a date>)",
        f"{where.format(11, TEAM)}: looks like a postcode: {TEAM_RULE} (found <withheld: text>)",
        f"{where.format(12, TEAM)}: looks like an identifier: {TEAM_RULE} (found <withheld: text>)",
        f"{where.format(13, TEAM)}: is 250 characters long; at most 200 fit as a team's name: shorten it (nothing is "
        "cut) (found <withheld: text>)",
    ]
    printed = printed_by_the_command_line(seeded_database_url, content, tmp_path, monkeypatch, capsys)
    assert "REFUSED (6 problem(s))" in printed
    for secret in ("Ezra", "Leigh", "10721552", "04/01/2021", "2021-01-04", "L20 3NJ", "A1234567", "xxxxxxxx"):
        assert secret not in printed and secret not in "\n".join(problems)


def test_a_renamed_id_column_and_an_unknown_column_never_echo_a_formula(
    seeded_database_url, seeded_engine, tmp_path, monkeypatch, capsys
):
    content = workbook(
        renamed={"Child Unique ID": "Child ID"},
        cells={("List 7", 3, "Child ID"): "=10721552+0", ("List 7", 6, "Social Worker"): '="Ezra "&"Leigh"'},
    )

    problems = refused(seeded_engine, content)

    assert problems == [
        f"annex_a.xlsx, sheet 'List 7', row 3, column 'Child ID': {FORMULA} (found <withheld: a formula>)",
        f"annex_a.xlsx, sheet 'List 7', row 6, column 'Social Worker': {FORMULA} (found <withheld: a formula>)",
    ]
    printed = printed_by_the_command_line(seeded_database_url, content, tmp_path, monkeypatch, capsys)
    assert "REFUSED (2 problem(s))" in printed
    assert "10721552" not in printed and "Ezra" not in printed


def test_categories_are_read_however_a_list_writes_them_and_stored_by_their_name(seeded_engine):
    spellings = [
        "NEG",
        "a) neglect",
        "e) Multiple / not recommended",
        "MUL",
        "physical",
        "b)  Emotional\xa0abuse",
        "#N/A",
    ]
    content = workbook(
        list7_rows=len(spellings), cells={("List 7", row, CATEGORY): s for row, s in enumerate(spellings, start=2)}
    )

    result = load_source(seeded_engine, Source("annex_a.xlsx", content), options=SEFTON)

    assert result.ok, result.summary()
    with seeded_engine.connect() as connection:
        stored = dict(
            connection.execute(
                sa.text(
                    "SELECT breakdown_value, value FROM annex_a_aggregate WHERE breakdown_kind = 'category_of_abuse'"
                )
            ).all()
        )
    assert stored == {
        "Neglect": 2,
        "Multiple/not recommended": 2,
        "Physical abuse": 1,
        "Emotional abuse": 1,
        "Not recorded": 1,
    }


def test_a_list_whose_first_row_is_data_never_names_a_column_by_a_person(seeded_engine):
    content = workbook(renamed={"Allocated Worker": "Ezra Leigh"}, cells={("List 7", 4, "Ezra Leigh"): "=1+1"})

    assert refused(seeded_engine, content) == [
        f"annex_a.xlsx, sheet 'List 7', row 4, column 'Q': {FORMULA} (found <withheld: a formula>)"
    ]


def test_a_mistyped_year_in_a_list_is_never_taken_as_the_extract_date(seeded_engine):
    content = workbook(cells={("List 7", 3, "Date of the Last Statutory Visit"): dt.datetime(9999, 1, 1)})
    before = table_counts(seeded_engine)

    result = load_source(seeded_engine, Source("annex_a.xlsx", content), options={"authority": "E08000014"})

    assert [str(problem) for problem in result.problems] == [
        "annex_a.xlsx: the latest date in the workbook's List 6 to 8 date columns cannot be the extract date (one "
        f"falls from 01/01/2000 to {latest_date():%d/%m/%Y}): give --extract-date"
    ]
    assert table_counts(seeded_engine) == before


@pytest.mark.parametrize("extract_date", ["1999-12-31", "31/12/9999"])
def test_an_extract_date_before_2000_or_over_ten_years_ahead_is_refused(seeded_engine, extract_date):
    before = table_counts(seeded_engine)

    result = load_source(
        seeded_engine, Source("annex_a.xlsx", workbook()), options={**SEFTON, "extract_date": extract_date}
    )

    assert [str(problem) for problem in result.problems] == [
        "annex_a.xlsx: the extract date is out of range: expected a date from 01/01/2000 to "
        f"{latest_date():%d/%m/%Y} (ten years from today): check the year (--extract-date) (found '{extract_date}')"
    ]
    assert table_counts(seeded_engine) == before


DEMO_TEAMS = sorted(set(build_programme().caseloads["team"]))
WORKER_NAMES = ["Ezra Leigh", "Dustin\xa0Hazlett", "Brandon-Lee Hampton", "Dr Jo Smith", "J. Smith", "Mary O'Neil"]


@pytest.mark.parametrize("team", [*TEAMS, RARE_TEAM, *DEMO_TEAMS, "Children's Disability Service", "MASH", "Team 10"])
def test_team_names_of_the_demo_and_the_factory_are_teams(team):
    assert identifying(team) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        *((name, "looks like a person's name") for name in WORKER_NAMES),
        ("Bootle Crosby", "looks like a person's name"),  # a place alone: add Team, Service or Unit
        ("10721552", "looks like an identifier"),
        ("CH-123-456", "looks like an identifier"),
        ("Locality 1234567 Team", "looks like an identifier"),
        (10721552, "is a number, like an identifier"),
        ("L20 3NJ", "looks like a postcode"),
        ("13/07/2023", "is a date"),
        ("13.07.23", "is a date"),
        ("13 July 2023", "is a date"),
        (dt.datetime(2021, 1, 4), "is a date"),
    ],
)
def test_people_dates_identifiers_and_postcodes_are_not_team_names(value, reason):
    assert identifying(value) == reason


@needs_realdata
def test_every_team_in_the_sample_is_a_team_and_every_worker_is_a_person():
    sample = load_workbook(REALDATA / "annex_a_sample_liia_tools.xlsx")
    teams, workers = set(), set()
    for sheet in sample.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        for position, header in enumerate(rows[0]):
            found = {row[position] for row in rows[1:] if row[position] not in (None, "#N/A")}
            if header in ("Allocated Team", "Organisation completing assessment"):
                teams |= found
            elif header == "Allocated Worker":
                workers |= found

    assert len(teams) >= 15 and len(workers) >= 25
    assert {team: identifying(team) for team in teams} == dict.fromkeys(teams)
    assert {worker: identifying(worker) for worker in workers} == dict.fromkeys(workers, "looks like a person's name")

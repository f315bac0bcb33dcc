"""Ofsted Annex A workbooks: only aggregates reach the database, computed as the loader's docstring defines them.

The real sample (../shared/realdata/annex_a_sample_liia_tools.xlsx, invented children) is counted by hand below;
a generated workbook (tests/support/annex_a_factory.py) checks the percentages on 2,000 rows with planted answers.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from improvement.db.models import Base
from improvement.demo import build_programme
from improvement.topics.annex_a import rules as tables
from loaders.__main__ import main as cli
from loaders.framework.base import FileRefused, Source
from loaders.framework.stream import stream_sheets as _stream_sheets
from loaders.kinds.annex_a import AnnexAKind
from loaders.run import load_source
from loaders.seed import store_programme
from tests.support.annex_a_factory import make_annex_a
from tests.support.loading import table_counts
from tests.support.realdata import REALDATA, needs_realdata

SAMPLE = REALDATA / "annex_a_sample_liia_tools.xlsx"
SEFTON = {"authority": "E08000014"}
# From the sample's List 7 (every row) and Lists 6 and 8: what must never be stored, printed or shown.
CHILD_IDS = ["10721552", "5358472", "14953858", "16036763", "9396243", "11811692", "6913085", "1761444", "12598894"]
DATES_OF_BIRTH = ["2021-01-04", "04/01/2021", "2015-05-29", "29/05/2015", "2018-02-14", "2020-05-29"]
WORKERS = ["Ezra Leigh", "Petra Wills", "Stevie Greenwood", "Rose Cunningham", "Eugene Swift", "Wyatt Hammond"]


def load(engine, content: bytes | Path, name: str = "annex_a.xlsx", **options: str):
    source = Source.from_path(content) if isinstance(content, Path) else Source(name, content)
    return load_source(engine, source, options=options or None)


def aggregates(engine, extract_date: dt.date | None = None) -> dict[tuple[str, str, str], float | None]:
    """Newest value per key, straight from the table: (measure, breakdown kind, breakdown value) -> value."""
    statement = sa.text(
        "SELECT extract_date, measure, breakdown_kind, breakdown_value, value, load_id FROM annex_a_aggregate "
        "ORDER BY load_id"
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    found = {}
    for date, measure, kind, label, value, _ in rows:
        if extract_date is None or str(date)[:10] == extract_date.isoformat():
            found[(measure, kind, label)] = value
    return found


def every_text_in_database(engine) -> str:
    """Every text cell of every table, joined: what an identifier would have to hide in."""
    parts = []
    with engine.connect() as connection:
        for table in Base.metadata.tables.values():
            texts = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text)]
            if texts:
                for row in connection.execute(sa.select(*texts)):
                    parts += [str(value) for value in row if value is not None]
    return "\n".join(parts)


def sample_without(column: str, sheet: str = "List 7") -> bytes:
    workbook = load_workbook(SAMPLE)
    worksheet = workbook[sheet]
    header = [cell.value for cell in worksheet[1]]
    worksheet.delete_cols(header.index(column) + 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@needs_realdata
def test_the_sample_gives_the_aggregates_counted_by_hand(seeded_engine):
    result = load(seeded_engine, SAMPLE, **SEFTON, extract_date="2021-03-31")

    assert result.ok, result.summary()
    # List 7 at 31/03/2021 (Wednesday). Rows 2, 5, 6, 7, 8 ended before (16/02/2021, 04/01/2021 twice,
    # 17/09/2020 twice). Rows 3 and 4 started 08/02/2021 with no end: 2 open plans, both 'Physical abuse',
    # both 'Locality 4 Unit 1', each with 1 previous plan, last visited 02/03/2021 (21 working days before),
    # no review yet but under 3 months old.
    assert aggregates(seeded_engine) == {
        ("cp_plans", "", ""): 2,
        ("cp_plans_2_years_or_more", "", ""): 0,
        ("cp_second_or_subsequent", "", ""): 100,
        ("cp_seen_within_10_working_days", "", ""): 0,
        ("cp_reviewed_in_timescale", "", ""): 100,
        ("cp_plans", "category_of_abuse", "Physical abuse"): 2,
        ("cp_plans", "team", "Locality 4 Unit 1"): 2,
        ("cin_open", "", ""): 5,  # List 6: 5 rows, none closed
        ("cla_open", "", ""): 4,  # List 8: 5 rows, row 6 ceased 22/09/2020
    }
    assert "annex_a_aggregate: 9 added, 0 changed, 0 unchanged" in result.summary()


@needs_realdata
def test_a_new_extract_date_adds_history_and_the_same_extract_again_changes_nothing(seeded_engine):
    assert load(seeded_engine, SAMPLE, **SEFTON, extract_date="2021-03-31").ok
    before = table_counts(seeded_engine)

    again = load(seeded_engine, SAMPLE, **SEFTON, extract_date="2021-03-31")
    assert again.ok and again.load_id is None
    assert "nothing new" in again.summary()
    assert table_counts(seeded_engine) == before

    earlier = load(seeded_engine, SAMPLE, **SEFTON, extract_date="2020-12-31")
    assert earlier.ok and earlier.load_id is not None
    # At 31/12/2020 (Thursday): rows 2, 5 and 6 are open (ending 16/02/2021 and 04/01/2021). Row 2's visit
    # (22/01/2021) is after the date, so says nothing about it: rows 5 and 6 were seen 30/12/2020 (1 working day
    # before): 2 of 2. Row 2 started 23/11/2020, under 3 months before: in timescale; rows 5 and 6 started
    # 27/04/2020 and their reviews (04/01/2021) are after the date, so they are left out: 1 of 1.
    assert aggregates(seeded_engine, dt.date(2020, 12, 31)) == {
        ("cp_plans", "", ""): 3,
        ("cp_plans_2_years_or_more", "", ""): 0,
        ("cp_second_or_subsequent", "", ""): 0,
        ("cp_seen_within_10_working_days", "", ""): 100,
        ("cp_reviewed_in_timescale", "", ""): 100,
        ("cp_plans", "category_of_abuse", "Emotional abuse"): 2,
        ("cp_plans", "category_of_abuse", "Physical abuse"): 1,
        ("cp_plans", "team", "Locality 4 Unit 1"): 3,
        ("cin_open", "", ""): 5,
        ("cla_open", "", ""): 4,
    }
    assert "row(s) is after the extract date: left out of % seen (rows 2)" in earlier.summary()
    assert "2 row(s) is after the extract date: left out of % reviewed (rows 5, 6)" in earlier.summary()
    assert aggregates(seeded_engine, dt.date(2021, 3, 31))[("cp_plans", "", "")] == 2  # still there


@needs_realdata
def test_no_child_id_date_of_birth_or_worker_reaches_the_database_or_the_output(
    seeded_database_url, seeded_engine, monkeypatch, capsys
):
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    status = cli([str(SAMPLE), "--authority", "E08000014", "--extract-date", "2021-03-31"])
    printed = capsys.readouterr().out
    summary = load(seeded_engine, SAMPLE, **SEFTON, extract_date="2020-12-31").summary()

    assert status == 0, printed
    assert "annex_a_aggregate: 9 added" in printed
    stored = every_text_in_database(seeded_engine)
    for secret in CHILD_IDS + DATES_OF_BIRTH + WORKERS:
        assert secret not in stored
        assert secret not in printed
        assert secret not in summary


def test_a_generated_workbook_gives_the_planted_percentages_and_explains_unusable_rows(seeded_engine):
    buffer = io.BytesIO()
    planted = make_annex_a(buffer, list7_rows=2000, seed=3, bad_rows=4)

    result = load(seeded_engine, buffer.getvalue(), **SEFTON, extract_date="2023-03-31")

    assert result.ok, result.summary()
    found = aggregates(seeded_engine)
    assert found[("cp_plans", "", "")] == planted.cp_plans == 1900
    expected = {
        "cp_plans_2_years_or_more": planted.two_years_or_more,
        "cp_second_or_subsequent": planted.second_or_subsequent,
        "cp_seen_within_10_working_days": planted.seen_within_10_working_days,
        "cp_reviewed_in_timescale": planted.reviewed_in_timescale,
    }
    for measure, count in expected.items():
        assert found[(measure, "", "")] == pytest.approx(planted.percent(count), rel=1e-12), measure
    assert {k[2]: v for k, v in found.items() if k[1] == "category_of_abuse"} == planted.by_category
    assert {k[2]: v for k, v in found.items() if k[1] == "team"} == planted.by_team
    assert found[("cin_open", "", "")] == planted.cin_open
    assert found[("cla_open", "", "")] == planted.cla_open
    notes = result.changes.notes
    assert "List 7: 4 of 2004 row(s) could not be used and are not counted (details below)" in notes
    assert (
        "List 7, column 'Child Protection Plan Start Date': 2 row(s) is not a date (expected a date like "
        "30/06/2023): not counted (rows 2002, 2004)" in notes
    )
    assert (
        "List 7, column 'Child Protection Plan End Date': 2 row(s) is before the start date: not counted "
        "(rows 2003, 2005)" in notes
    )
    assert planted.unusable_rows == [2002, 2003, 2004, 2005]


def test_text_dates_and_no_extract_date_use_the_latest_date_in_the_workbook(seeded_engine):
    buffer = io.BytesIO()
    planted = make_annex_a(buffer, list7_rows=200, date_style="text")

    result = load(seeded_engine, buffer.getvalue(), **SEFTON)

    assert result.ok, result.summary()
    assert (
        "no extract date was given: used 31 March 2023, the latest date in the workbook's List 6 to 8 date columns "
        "(give --extract-date to choose)" in result.changes.notes
    )
    assert aggregates(seeded_engine, dt.date(2023, 3, 31))[("cp_plans", "", "")] == planted.cp_plans


@needs_realdata
@pytest.mark.parametrize(
    ("sheet", "column", "why"),
    [
        ("List 7", "Child Protection Plan Start Date", "List 7 (child protection) needs it for every plan's start"),
        ("List 7", "Allocated Team", "List 7 (child protection) needs it for an aggregate"),
        ("List 8", "Date Ceased to be Looked After", "List 8 (children in care) needs it for an aggregate"),
    ],
)
def test_a_missing_required_column_is_refused_naming_the_list_and_column(seeded_engine, sheet, column, why):
    before = table_counts(seeded_engine)

    result = load(seeded_engine, sample_without(column, sheet), **SEFTON, extract_date="2021-03-31")

    assert not result.ok
    assert [str(p) for p in result.problems] == [
        f"annex_a.xlsx, sheet '{sheet}', row 1, column '{column}': missing column '{column}': {why}; "
        "check the header row's spelling"
    ]
    assert table_counts(seeded_engine) == before


@needs_realdata
def test_a_wrong_extract_date_or_unknown_authority_is_refused(seeded_engine):
    before = table_counts(seeded_engine)

    wrong_date = load(seeded_engine, SAMPLE, **SEFTON, extract_date="31-03-2021")
    unknown = load(seeded_engine, SAMPLE, authority="E09999999", extract_date="2021-03-31")

    assert [str(p) for p in wrong_date.problems] == [
        "annex_a_sample_liia_tools.xlsx: the extract date must be a date like 2023-03-31 or 31/03/2023 "
        "(--extract-date) (found '31-03-2021')"
    ]
    assert [str(p) for p in unknown.problems] == [
        "annex_a_sample_liia_tools.xlsx: this authority is not in the database yet: load a DfE statistics file "
        "that names it (for example DfE's csww_indicators CSV) or the improvement plan's authority table first; "
        "give its new (E08000014) or old (343) LA code (found 'E09999999')"
    ]
    assert table_counts(seeded_engine) == before


@needs_realdata
def test_without_an_authority_it_uses_the_only_one_or_asks(seeded_engine, engine):
    none = load(engine, SAMPLE, extract_date="2021-03-31")
    store_programme(engine, build_programme())  # Sefton alone
    only = load(engine, SAMPLE, extract_date="2021-03-31")
    many = load(seeded_engine, SAMPLE, extract_date="2021-03-31")  # the demo: Sefton and six invented councils

    assert only.ok and "no authority was given: used E08000014, the only one in the database" in only.summary()
    assert [p.message for p in none.problems] == [
        "say which authority this Annex A belongs to with --authority (0 authorities are in the database)"
    ]
    assert [p.message for p in many.problems] == [
        "say which authority this Annex A belongs to with --authority (7 authorities are in the database)"
    ]


@needs_realdata
def test_a_formula_in_any_column_is_refused_without_showing_the_cell():
    workbook = load_workbook(SAMPLE)
    workbook["List 7"]["A3"] = "=5358472+0"
    workbook["List 7"]["I4"] = "=H4"
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(FileRefused) as refused:
        AnnexAKind().read_with_options(Source("a.xlsx", buffer.getvalue()), SEFTON)

    shown = [(p.sheet, p.row, p.column, p.value) for p in refused.value.problems]
    assert shown == [  # a formula's text may hold a child's ID: no column shows it
        ("List 7", 3, "Child Unique ID", "<withheld: a formula>"),
        ("List 7", 4, "Latest Category of Abuse", "<withheld: a formula>"),
    ]
    assert "5358472" not in str(refused.value) and "=H4" not in str(refused.value)


def openpyxl_rows(content: bytes, sheet: str) -> list[tuple[int, list]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    return [(row[0].row, [cell.value for cell in row]) for row in workbook[sheet].iter_rows() if row]


def trimmed(rows: list[tuple[int, list]]) -> list[tuple[int, list]]:
    kept = []
    for number, cells in rows:
        while cells and cells[-1] is None:
            cells = cells[:-1]
        if cells:
            kept.append((number, list(cells)))
    return kept


@needs_realdata
@pytest.mark.parametrize("date_style", ["excel", "text"])
def test_the_streaming_reader_gives_what_openpyxl_gives(date_style):
    buffer = io.BytesIO()
    make_annex_a(buffer, list7_rows=300, bad_rows=3, date_style=date_style)
    workbooks = [SAMPLE.read_bytes(), buffer.getvalue()]
    for content in workbooks:
        names = ["List 6", "List 7", "List 8", "List 1", "List 9"][: 3 if content is workbooks[1] else 5]
        streamed = _stream_sheets(content, names)
        for name in names:
            assert trimmed(streamed[name]) == trimmed(openpyxl_rows(content, name)), name


# ---------------------------------------------------------------------------------------------- the page


@needs_realdata
def test_the_page_shows_the_sample_with_small_counts_as_c(seeded_database_url, seeded_engine, open_page):
    assert load(seeded_engine, SAMPLE, **SEFTON, extract_date="2021-03-31").ok
    assert load(seeded_engine, SAMPLE, **SEFTON, extract_date="2020-12-31").ok

    app = open_page(seeded_database_url, "pages/annex_a.py", extract="2021-03-31")

    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {
        "Children on child protection plans": "c",  # 2 children
        "On a plan for 2 years or more": "c",  # a percentage of 2 children would reveal them
        "Second or subsequent plan": "c",
        "Seen within 10 working days": "c",
        "Reviewed in timescale": "c",
        "Children in need": "5",
        "Children in care": "c",  # 4
    }
    category = next(df.value for df in app.dataframe if "Latest category of abuse" in df.value.columns)
    assert category.to_dict("records") == [{"Latest category of abuse": "Physical abuse", "Children on CP plans": "c"}]
    chart = app.get("plotly_chart")[0].proto.spec
    assert "Ofsted Annex A extract" in chart and "Data as at 31 March 2021" in chart
    # Every team's count is below 5: the chart says so in words rather than drawing bars of c.
    assert '"data":[]' in chart and "teams has fewer than 5 children on child protection plans" in chart
    teams = next(df.value for df in app.dataframe if "Team" in df.value.columns)
    assert "Locality 4 Unit 1" in set(teams["Team"]) and set(teams["Children on CP plans"]) == {"c"}
    page_text = " ".join(str(e.value) for e in [*app.markdown, *app.caption, *app.metric] if hasattr(e, "value"))
    for secret in CHILD_IDS + WORKERS:
        assert secret not in page_text and secret not in chart
    assert app.selectbox(key="extract").options == ["31 March 2021", "31 December 2020"]


def test_the_page_explains_how_to_load_an_extract_when_there_is_none(seeded_sqlite_url, open_page):
    app = open_page(seeded_sqlite_url, "pages/annex_a.py")

    assert app.info[0].value.startswith("No Ofsted Annex A extract is loaded for Sefton. To see it, load")
    assert [code.value for code in app.code] == [
        "python -m loaders annex_a.xlsx --authority E08000014 --extract-date 2023-03-31"
    ]
    assert not app.get("plotly_chart")


def test_when_one_team_is_suppressed_the_next_smallest_is_hidden_too():
    frame = pd.DataFrame(
        {
            "breakdown_kind": ["team"] * 4,
            "breakdown_value": ["A", "B", "C", "D"],
            "value": [40.0, 12.0, 3.0, 0.0],
        }
    )

    shown = tables.annex_a_breakdown(frame, "team", 5)

    # C (3) is suppressed; with the total (55) shown, C = 55 - 40 - 12, so B is hidden too; D (0) is left out.
    assert shown[["label", "shown"]].to_dict("records") == [
        {"label": "A", "shown": "40"},
        {"label": "B", "shown": "c"},
        {"label": "C", "shown": "c"},
    ]

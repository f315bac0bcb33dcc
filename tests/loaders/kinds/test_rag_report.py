"""The adviser's RAG report loader, on SQLite and PostgreSQL: a report and its ratings are stored, a report for a
date already reported is a new version (the old one stays), identical content stores nothing, and every bad
report is refused with the place of each problem and the database left as it was."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from improvement import queries
from improvement.db.models import Authority, RagReport
from loaders.__main__ import main
from tests.support.loading import load, refused_with, table_counts, xlsx

SEFTON = "E08000014"
AREAS = ["PA1", "PA2", "AFI3", "AFI4", "AFI5"]
LONG = ("Progress. " * 200)[:1999] + "!"


def report_fields(**changes) -> list[list]:
    fields = {
        "authority_code": SEFTON,
        "report_date": dt.date(2023, 7, 7),
        "period_start": "27/05/2023",
        "period_end": "2023-07-07",
        "author": "Dr Helen Ashworth",
        "status": "submitted",
        "overall_narrative": "Steady progress; caseloads still too high.",
    }
    fields.update(changes)
    return [["field", "value"], *([name, value] for name, value in fields.items() if value is not ...)]


def ratings(*rows: list, **ratings_by_area) -> list[list]:
    header = ["priority_area_code", "rating", "narrative", "evidence"]
    if rows:
        return [header, *rows]
    chosen = {"PA1": "Green", "PA2": "Amber", "AFI3": "Amber", "AFI4": "Red", "AFI5": "Blue", **ratings_by_area}
    return [header, *([area, chosen[area], f"Narrative for {area}.", None] for area in AREAS)]


def report_workbook(fields: list[list] | None = None, rated: list[list] | None = None, **extra) -> bytes:
    return xlsx({"report": fields or report_fields(), "ratings": rated or ratings(), **extra})


def versions(engine: sa.Engine, day: dt.date) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(
            sa.select(RagReport.version, RagReport.status)
            .join(Authority, Authority.id == RagReport.authority_id)
            .where(RagReport.report_date == day, Authority.code == SEFTON)  # the demo's other councils report too
            .order_by(RagReport.version)
        ).all()


def shown(engine: sa.Engine, day: str) -> pd.DataFrame:
    frame = queries.rag_ratings(engine, SEFTON)
    return frame[frame["report_date"] == pd.Timestamp(day)].set_index("priority_area_code")


def test_a_report_is_stored_and_shown(seeded_engine):
    rated = ratings(
        ["PA1", "green", LONG, "Audit of 40 cases"],
        ["PA2", "AMBER", "n", None],
        ["AFI3", "Amber", "n", None],
        ["AFI4", "Red", "n", None],
        ["AFI5", " blue ", "n", None],
    )
    result = load(seeded_engine, "rag.xlsx", report_workbook(rated=rated))
    assert result.ok and result.kind == "rag_report", result.summary()
    assert {name: c.added for name, c in result.changes.tables.items()} == {"rag_report": 1, "rag_rating": 5}
    page = shown(seeded_engine, "2023-07-07")
    assert page["rating"].to_dict() == {"PA1": "Green", "PA2": "Amber", "AFI3": "Amber", "AFI4": "Red", "AFI5": "Blue"}
    assert page.loc["PA1", "narrative"] == LONG and len(LONG) == 2000  # not truncated
    assert page.loc["PA1", "evidence"] == "Audit of 40 cases"
    assert page.loc["PA1", "period_start"] == pd.Timestamp("2023-05-27")
    assert page.loc["PA1", "version"] == 1


def test_a_second_report_for_a_date_is_a_new_version_and_the_old_stays(seeded_engine):
    assert load(seeded_engine, "rag v1.xlsx", report_workbook()).ok
    correction = report_fields(reason="AFI4 was misread: the audit came in after the report")
    result = load(seeded_engine, "rag v2.xlsx", report_workbook(correction, ratings(AFI4="Amber")))
    assert result.ok, result.summary()
    assert (result.changes.tables["rag_report"].changed, result.changes.tables["rag_rating"].changed) == (1, 5)
    said = "version 2; version 1 stays as history (changed: reason, AFI4 Red -> Amber)"
    assert any(said in note for note in result.changes.notes)
    assert versions(seeded_engine, dt.date(2023, 7, 7)) == [(1, "submitted"), (2, "submitted")]
    assert shown(seeded_engine, "2023-07-07").loc["AFI4", "rating"] == "Amber"
    # A draft on top: stored as version 3, but pages keep the newest submitted version.
    draft = load(seeded_engine, "rag v3.xlsx", report_workbook(report_fields(status="draft"), ratings(AFI4="Green")))
    assert draft.ok and any("is a draft" in note for note in draft.changes.notes)
    assert versions(seeded_engine, dt.date(2023, 7, 7))[-1] == (3, "draft")
    assert shown(seeded_engine, "2023-07-07").loc["AFI4", "rating"] == "Amber"


def test_a_submitted_report_is_locked_a_correction_needs_its_reason(seeded_engine):
    assert load(seeded_engine, "rag v1.xlsx", report_workbook()).ok
    before = table_counts(seeded_engine)
    problems = refused_with(seeded_engine, "rag v2.xlsx", report_workbook(rated=ratings(AFI4="Amber")))
    assert problems == [
        "rag v2.xlsx, sheet 'report', column 'value': the report of 7 July 2023 was submitted before (version 1) "
        "and is locked: a new submitted version is a correction; add a row 'reason' to the report sheet saying "
        "why it is corrected"
    ]
    assert table_counts(seeded_engine) == before
    # A draft of the correction needs no reason yet; the submitted correction does, and keeps it.
    assert load(seeded_engine, "draft.xlsx", report_workbook(report_fields(status="draft"), ratings(AFI4="Amber"))).ok
    fixed = report_workbook(report_fields(reason="AFI4 misread"), ratings(AFI4="Amber"))
    assert load(seeded_engine, "rag v3.xlsx", fixed).ok
    assert versions(seeded_engine, dt.date(2023, 7, 7)) == [(1, "submitted"), (2, "draft"), (3, "submitted")]
    assert queries.submitted_report(seeded_engine, SEFTON, dt.date(2023, 7, 7))[0]["reason"] == "AFI4 misread"


def test_a_date_the_seed_already_reported_gets_the_next_version(seeded_engine):
    day = dt.date(2023, 5, 26)
    assert versions(seeded_engine, day) == [(1, "submitted"), (2, "draft")]
    fields = report_fields(report_date="26/05/2023", reason="Ratings revised after the board")
    result = load(seeded_engine, "rag.xlsx", report_workbook(fields))
    assert result.ok, result.summary()
    assert versions(seeded_engine, day) == [(1, "submitted"), (2, "draft"), (3, "submitted")]
    assert shown(seeded_engine, "2023-05-26")["rating"].to_dict()["AFI5"] == "Blue"


def test_the_same_report_twice_stores_nothing_new(seeded_engine):
    content = report_workbook()
    assert load(seeded_engine, "rag.xlsx", content).ok
    before = table_counts(seeded_engine)
    again = load(seeded_engine, "rag.xlsx", content)
    assert again.already_loaded_at is not None and table_counts(seeded_engine) == before
    # Saved again with other bytes (an extra Guidance sheet) but the same content: no new version, no load row.
    resaved = load(seeded_engine, "rag (resaved).xlsx", report_workbook(Guidance=[["Notes for the adviser"]]))
    assert resaved.ok and resaved.load_id is None, resaved.summary()
    assert resaved.changes.tables["rag_report"].unchanged == 1
    assert "is the same as its stored version 1: no new version" in resaved.summary()
    assert table_counts(seeded_engine) == before
    assert versions(seeded_engine, dt.date(2023, 7, 7)) == [(1, "submitted")]


def test_a_rating_that_is_not_red_amber_green_or_blue(seeded_engine):
    problems = refused_with(seeded_engine, "rag.xlsx", report_workbook(rated=ratings(AFI3="Purple")))
    assert problems == [
        "rag.xlsx, sheet 'ratings', row 4, column 'rating': expected one of: Red, Amber, Green, Blue (found 'Purple')"
    ]


def test_every_area_needs_exactly_one_known_rating(seeded_engine):
    missing = ratings()[:-1]  # no AFI5
    assert refused_with(seeded_engine, "rag.xlsx", report_workbook(rated=missing)) == [
        "rag.xlsx, sheet 'ratings', column 'priority_area_code': no rating for priority area 'AFI5' (Capacity and "
        "caseloads): every priority area of E08000014 (PA1, PA2, AFI3, AFI4, AFI5) needs one rating; "
        "add a row for it"
    ]
    duplicate = [*ratings(), ["PA1", "Red", "Again", None]]
    assert refused_with(seeded_engine, "rag.xlsx", report_workbook(rated=duplicate)) == [
        "rag.xlsx, sheet 'ratings', row 7, column 'priority_area_code': repeats row 2: each priority_area_code may "
        "appear only once (found 'PA1')"
    ]
    unknown = [*ratings(), ["PA9", "Red", "Unknown area", None]]
    assert refused_with(seeded_engine, "rag.xlsx", report_workbook(rated=unknown)) == [
        "rag.xlsx, sheet 'ratings', row 7, column 'priority_area_code': unknown priority area for E08000014: "
        "expected one of PA1, PA2, AFI3, AFI4, AFI5; load the improvement plan's priority_areas first or check the "
        "code (found 'PA9')"
    ]


def test_report_fields_are_checked(seeded_engine):
    fields = report_fields(report_date="30-06-2023", period_start="June 2023", author=..., status="final")
    assert refused_with(seeded_engine, "rag.xlsx", report_workbook(fields)) == [
        "rag.xlsx, sheet 'report', row 3, column 'value': report_date expected a date like 2023-06-30 or 30/06/2023 "
        "(found '30-06-2023')",
        "rag.xlsx, sheet 'report', row 4, column 'value': period_start expected a date like 2023-06-30 or 30/06/2023 "
        "(found 'June 2023')",
        "rag.xlsx, sheet 'report', row 6, column 'value': status expected one of: draft, submitted (found 'final')",
        "rag.xlsx, sheet 'report': missing field 'author': add a row with 'author' in the field column and its value "
        "next to it",
    ]
    unknown = refused_with(seeded_engine, "rag.xlsx", report_workbook(report_fields(authority_code="E0999")))
    assert unknown == [
        "rag.xlsx, sheet 'report', row 2, column 'value': unknown authority, not in the database yet: load a DfE "
        "statistics file that names it (for example DfE's csww_indicators CSV) or the improvement plan's authority "
        "table first; give its new (E08000014) or old (343) LA code (found 'E0999')"
    ]
    backwards = report_fields(period_start="2023-07-08")
    assert refused_with(seeded_engine, "rag.xlsx", report_workbook(backwards)) == [
        "rag.xlsx, sheet 'report', row 5, column 'value': is before period_start (2023-07-08) "
        "(found '2023-07-07')"  # as written, never datetime.date(...)
    ]


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        (
            {"Report": report_fields(), "ratings": ratings()},
            "rag.xlsx, sheet 'Report': no sheet named 'report' (found sheets: 'Report', 'ratings'): rename the sheet "
            "'Report' to 'report'",
        ),
        (
            {"ratings": ratings()},
            "rag.xlsx: no sheet named 'report' (found sheets: 'ratings'): add it from the template",
        ),
    ],
)
def test_sheets_must_be_named_as_the_template(seeded_engine, sheets, expected):
    assert refused_with(seeded_engine, "rag.xlsx", xlsx(sheets)) == [expected]


def test_a_csv_or_a_formula_is_refused(seeded_engine):
    assert refused_with(seeded_engine, "rag.csv", b"field,value\nauthority_code,E08000014\n", kind="rag_report") == [
        "rag.csv: a RAG report is an Excel workbook with the sheets 'report' and 'ratings'; start from "
        "data/templates/rag_report.xlsx"
    ]
    formula = ratings(AFI4='=IF(1,"Red","Green")')
    assert refused_with(seeded_engine, "rag.xlsx", report_workbook(rated=formula))[0].startswith(
        "rag.xlsx, sheet 'ratings', row 5, column 'rating': cell B5 holds a formula"
    )


def test_the_command_line_loads_a_report(seeded_database_url, seeded_engine, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    path = tmp_path / "rag.xlsx"
    path.write_bytes(report_workbook())
    before = table_counts(seeded_engine)
    assert main([str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "rag.xlsx (rag_report): would change" in out and "rag_rating: 5 added" in out
    assert table_counts(seeded_engine) == before
    assert main([str(path)]) == 0
    assert "rag.xlsx (rag_report): loaded as load" in capsys.readouterr().out
    assert versions(seeded_engine, dt.date(2023, 7, 7)) == [(1, "submitted")]
    path.write_bytes(report_workbook(rated=ratings(PA1="Purple")))
    assert main([str(path)]) == 1
    assert "row 2, column 'rating': expected one of: Red, Amber, Green, Blue (found 'Purple')" in (
        capsys.readouterr().out
    )

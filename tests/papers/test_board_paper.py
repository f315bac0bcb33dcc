"""The board paper as a Word document (improvement.papers.board_paper), opened with python-docx: its title page,
Word's heading styles, real tables with the demo's ratings, risks and milestones, the marking in every section's
header and footer, each picture's text alternative; partial states; and hostile loaded text kept as literal text.

Chart images need Chromium (``chromium_path``: skipped locally without it, failed under CI); a paper with no chart
to draw does not.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import pandas as pd
import pytest
import sqlalchemy as sa
from docx import Document
from docx.table import Table

from improvement import style
from improvement.board import read_board
from improvement.charting import ChartContext
from improvement.db import get_engine
from improvement.demo import build_programme
from improvement.papers import board_paper as paper
from improvement.topics.digest.view import Digest, board_meeting_choices
from improvement.topics.governance import rules as governance
from improvement.topics.rag.tables import VERDICT_LABELS
from tests.support.hostile import HOSTILE, RISK, hostile_database, load_programme

SEFTON = "E08000014"
MARKING = "OFFICIAL-SENSITIVE"
MEETING = dt.date(2023, 7, 13)
PREPARED = dt.date(2023, 7, 6)
CHANGE = 'PA1 rated ● Green, unchanged; the narrative reads =HYPERLINK("http://evil.example") <script>x</script>'


def make_digest(rows: list[tuple[str, str, str]], since: dt.date = dt.date(2023, 5, 18)):
    """A hand-built digest: ``rows`` of (When, Priority area, What changed)."""
    table = pd.DataFrame(rows, columns=["When", "Priority area", "What changed"])
    items = pd.DataFrame(
        {
            "kind": ["rating"] * len(rows),
            "priority_area_code": [row[1] for row in rows],
            "when": [pd.Timestamp(since)] * len(rows),
            "text": [row[2] for row in rows],
            "importance": range(len(rows), 0, -1),
        }
    )
    return Digest(
        since=since,
        until=dt.date(2023, 6, 30),
        since_label=f"the board meeting of {style.format_date(since)}",
        items=items,
        table=table,
        caption="What the dashboard recorded between the two dates, most important first.",
    )


def context_for(data) -> ChartContext:
    return ChartContext(data.authority_name, data.as_at, MARKING, data.synthetic)


def write(data, digest=None, meeting_date: dt.date | None = MEETING) -> Document:
    built = paper.board_paper(data, digest or make_digest([]), context_for(data), meeting_date, prepared=PREPARED)
    return Document(io.BytesIO(built))


def texts(document: Document, style_name: str | None = None) -> list[str]:
    return [p.text for p in document.paragraphs if style_name is None or p.style.name == style_name]


def headings(document: Document, level: int) -> list[str]:
    return texts(document, f"Heading {level}")


def rows_of(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_after(document: Document, heading: str):
    """The first table after the Heading 1 ``heading`` (before the next Heading 1), or None."""
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if found:
                return block
        elif block.style.name == "Heading 1":
            if found:
                return None
            found = block.text == heading
    return None


def stored_latest_ratings(url: str) -> dict[str, str]:
    """Straight from the database: each priority area's rating in its newest submitted report (drafts are never
    on the board's pages or in its papers)."""
    statement = sa.text(
        "SELECT pa.code, rr.rating, r.report_date, r.version FROM rag_rating rr "
        "JOIN rag_report r ON r.id = rr.rag_report_id JOIN priority_area pa ON pa.id = rr.priority_area_id "
        "WHERE r.status = 'submitted' ORDER BY r.report_date, r.version"
    )
    latest: dict[str, str] = {}
    with sa.create_engine(url).connect() as connection:
        for code, rating, _date, _version in connection.execute(statement):
            latest[code] = rating
    return latest


@pytest.fixture(scope="module")
def demo(seeded_sqlite_url, chromium_path):
    """The demo's board data and its paper (built once: drawing the charts takes a few seconds)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BROWSER_PATH", chromium_path)
        data = read_board(get_engine(seeded_sqlite_url), SEFTON, 5)
        digest = make_digest([("26 May 2023", "PA1", CHANGE), ("30 June 2023", "Whole plan", "2 milestones overdue")])
        built = paper.board_paper(data, digest, context_for(data), MEETING, prepared=PREPARED)
    return data, built, Document(io.BytesIO(built))


# ---------------------------------------------------------------------------------------------- the demo paper


def test_title_page_names_the_authority_meeting_date_data_date_and_marking(demo):
    data, _built, document = demo
    title_page = texts(document)[: texts(document).index(paper.CHANGES_HEADING)]
    assert title_page[0] == "Improvement board paper"
    assert document.paragraphs[0].style.name == "Title"
    assert "Sefton (E08000014, old code 343)" in title_page
    assert "Meeting of the improvement board: 13 July 2023" in title_page
    assert "Data as at 30 June 2023" in title_page
    assert "Prepared on 6 July 2023" in title_page
    assert f"Protective marking: {MARKING}" in title_page
    assert any(line.startswith("SYNTHETIC DEMO DATA: every figure") for line in title_page)
    assert document.core_properties.title == "Improvement board paper: Sefton"
    # The title page is a section of its own: the paper's body starts on a new page.
    assert len(document.sections) == 2


def test_headings_use_words_heading_styles_in_the_papers_order(demo):
    data, _built, document = demo
    assert headings(document, 1) == list(paper.HEADINGS)
    charts = paper.paper_charts(data, context_for(data))
    assert [chart.name for chart in charts] == ["headline-progress", "rag-history"]
    assert headings(document, 2) == [chart.title for chart in charts]


def test_the_marking_is_in_every_sections_header_and_footer(demo):
    _data, built, document = demo
    for section in document.sections:
        for part in (section.header, section.footer):
            assert not part.is_linked_to_previous
            assert [p.text for p in part.paragraphs] == [MARKING]
    # And Word has nothing else to fall back on: each section references its own header and footer parts.
    with zipfile.ZipFile(io.BytesIO(built)) as package:
        names = package.namelist()
    assert sum(name.startswith("word/header") for name in names) == len(document.sections)
    assert sum(name.startswith("word/footer") for name in names) == len(document.sections)


def test_the_digest_is_a_real_table(demo):
    _data, _built, document = demo
    table = table_after(document, paper.CHANGES_HEADING)
    assert rows_of(table) == [
        ["When", "Priority area", "What changed"],
        ["26 May 2023", "PA1", CHANGE],
        ["30 June 2023", "Whole plan", "2 milestones overdue"],
    ]
    assert "What the dashboard recorded between the two dates, most important first." in texts(document, "Caption")


def test_the_ratings_table_holds_each_areas_latest_rating_as_words_and_shape_with_its_narrative(
    demo, seeded_sqlite_url
):
    data, _built, document = demo
    table = table_after(document, paper.RATINGS_HEADING)
    rows = rows_of(table)
    assert rows[0] == list(paper.RATINGS_COLUMNS)
    stored = stored_latest_ratings(seeded_sqlite_url)
    codes = list(data.priority_areas["priority_area_code"])
    assert [row[0].split(" ", 1)[0] for row in rows[1:]] == codes
    assert [row[1] for row in rows[1:]] == [style.rag_text(stored[code]) for code in codes]
    latest = (
        data.ratings.sort_values("report_date").groupby("priority_area_code").tail(1).set_index("priority_area_code")
    )
    assert [row[3] for row in rows[1:]] == [latest.at[code, "narrative"] for code in codes]
    verdicts = data.latest_checks.set_index("priority_area_code")["verdict"]
    assert [row[4] for row in rows[1:]] == [VERDICT_LABELS[verdicts[code]] for code in codes]
    assert all(row[2].startswith(("unchanged", "improved", "worsened", "first report")) for row in rows[1:])
    # The rating's cell carries its colour too, in the text colour that contrasts with it.
    for row, code in zip(table.rows[1:], codes, strict=True):
        rag = style.rag_style(stored[code])
        assert row.cells[1]._tc.tcPr.xpath("./w:shd/@w:fill") == [rag.fill.lstrip("#")]
        assert str(row.cells[1].paragraphs[0].runs[0].font.color.rgb) == rag.text_colour.lstrip("#")


def test_every_table_is_a_real_table_with_a_repeating_header_row(demo):
    _data, _built, document = demo
    assert len(document.tables) == 4
    for table in document.tables:
        assert table.rows[0]._tr.trPr.xpath("./w:tblHeader/@w:val") == ["true"]
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_risks_and_overdue_milestones_agree_with_the_overview(demo):
    data, _built, document = demo
    risks = rows_of(table_after(document, paper.RISKS_HEADING))
    assert risks[0] == list(paper.RISK_COLUMNS)
    high = governance.high_risks_on(data.risks, data.risk_reviews, data.as_at)
    assert len(risks) - 1 == data.status.high_risks == len(high) > 0
    assert [row[0].split(" ", 1)[0] for row in risks[1:]] == list(high["reference"])
    assert all(int(row[1]) >= governance.HIGH_SCORE for row in risks[1:])

    milestones = rows_of(table_after(document, paper.MILESTONES_HEADING))
    assert milestones[0] == list(paper.MILESTONE_COLUMNS)
    assert len(milestones) - 1 == data.status.milestones_overdue > 0
    assert all(row[1].endswith("overdue") for row in milestones[1:])


def test_each_picture_has_its_charts_text_alternative_and_title(demo):
    data, _built, document = demo
    charts = paper.paper_charts(data, context_for(data))
    shapes = list(document.inline_shapes)
    assert len(shapes) == len(charts)
    for shape, chart in zip(shapes, charts, strict=True):
        properties = shape._inline.docPr
        assert properties.get("descr") == chart.alt_text != ""
        assert properties.get("title") == chart.title
        assert shape.width == paper.PICTURE_WIDTH
    # Each picture's caption follows it, in Word's Caption style.
    captions = texts(document, "Caption")
    assert all(chart.caption in captions for chart in charts)


# ---------------------------------------------------------------------------------------------- partial states


def test_a_plan_with_no_reports_measures_or_meetings_still_writes_a_paper_saying_what_is_missing(engine):
    load_programme(engine, build_programme(), "authority", "priority_areas")
    data = read_board(engine, SEFTON, 5)
    document = write(data)  # nothing to draw: no Chromium needed

    assert headings(document, 1) == list(paper.HEADINGS)
    said = texts(document)
    assert "Nothing the dashboard records changed after the board meeting of 18 May 2023 up to 30 June 2023." in said
    assert "No six-weekly RAG report is loaded for Sefton yet: the priority areas below have no rating." in said
    assert any(line.startswith("No headline chart can be drawn for Sefton yet") for line in said)
    assert "No risk register is loaded for Sefton yet." in said
    assert "No action plan milestones are loaded for Sefton yet." in said
    assert len(document.inline_shapes) == 0

    [ratings] = document.tables
    rows = rows_of(ratings)
    assert rows[0] == list(paper.RATINGS_COLUMNS)
    assert len(rows) - 1 == len(data.priority_areas)
    assert all(row[1:] == ["—", "no report yet", "—", "No rating yet"] for row in rows[1:])
    for section in document.sections:
        assert [p.text for p in section.header.paragraphs] == [MARKING]
        assert [p.text for p in section.footer.paragraphs] == [MARKING]


def test_an_empty_database_still_writes_a_paper(engine):
    data = read_board(engine, SEFTON, 5)
    document = write(data, meeting_date=None)
    said = texts(document)
    assert "Meeting of the improvement board: date not set" in said
    assert "Data as at nothing dated loaded yet" in said
    assert "No improvement plan is loaded for E08000014 yet, so there are no priority areas." in said
    assert document.tables == []
    assert not any(line.startswith("SYNTHETIC DEMO DATA") for line in said)


# ---------------------------------------------------------------------------------------------- loaded text


@pytest.fixture(scope="module")
def hostile_paper(tmp_path_factory, chromium_path):
    url = hostile_database(tmp_path_factory.mktemp("hostile") / "hostile.sqlite")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BROWSER_PATH", chromium_path)
        data = read_board(get_engine(url), SEFTON, 5)
        built = paper.board_paper(data, make_digest([("1 May 2023", "PA1", HOSTILE["risk_owner"])]), context_for(data))
    return built, Document(io.BytesIO(built))


def test_hostile_loaded_text_is_literal_text_in_the_paper(hostile_paper):
    built, document = hostile_paper
    ratings = rows_of(table_after(document, paper.RATINGS_HEADING))
    pa1 = next(row for row in ratings if row[0].startswith("PA1 "))
    assert pa1[0] == f"PA1 {HOSTILE['area_title']}"
    assert pa1[3] == HOSTILE["narrative"]  # HTML, Markdown and blank lines as typed

    risks = rows_of(table_after(document, paper.RISKS_HEADING))
    assert all(row[4] == HOSTILE["risk_owner"] for row in risks[1:])
    assert all(row[5] == HOSTILE["mitigation"] for row in risks[1:])
    assert any(row[0] == f"{RISK} {HOSTILE['risk_title']}" for row in risks[1:])
    assert rows_of(table_after(document, paper.CHANGES_HEADING))[1][2] == HOSTILE["risk_owner"]

    # Nothing became a field, a link, markup or a picture: the XML holds the characters, escaped.
    with zipfile.ZipFile(io.BytesIO(built)) as package:
        body = package.read("word/document.xml").decode("utf-8")
    for active in ("w:fldSimple", "w:instrText", "w:hyperlink", "<script", "<img", "<form"):
        assert active not in body
    assert "&lt;script&gt;alert('risk')&lt;/script&gt;" in body


# ---------------------------------------------------------------------------------------------- the page


def test_the_briefing_pack_page_builds_the_board_paper_when_asked(chromium_path, demo_app, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", chromium_path)
    at = demo_app("pages/briefing_pack.py")
    assert "Board paper (Word)" in [header.value for header in at.header]
    since = at.selectbox(key="paper-since")
    data = read_board(get_engine(os.environ["DATABASE_URL"]), SEFTON, 5)
    assert since.options == [style.format_date(day) for day in board_meeting_choices(data)]
    assert since.value == board_meeting_choices(data)[0]  # the last board meeting
    assert not [button for button in at.get("download_button") if button.proto.label.endswith("(Word)")]

    at.date_input(key="paper-meeting").set_value(MEETING)
    at.button(key="paper-build").click().run()
    assert not at.exception, [e.message for e in at.exception]
    [download] = [button for button in at.get("download_button") if button.proto.label.endswith("(Word)")]
    assert download.proto.label == "Download the board paper (Word)"

"""The board paper as a Word document: what the improvement board reads before it meets, in a form officials edit.

``board_paper(data, digest, context, meeting_date)`` returns the .docx bytes. Built from the topics' views and
tables, so the paper says what the pages say:

1. a title page: "Improvement board paper", the authority (name and codes), the meeting date, the date the data is
   as at, the protective marking and, for the demo, the synthetic-data notice;
2. **What changed since the last board**: the digest (``topics.digest.view.digest_view``) as a table;
3. **Ratings by priority area**: each area's latest rating (as on the Overview: ``rag.view.latest_ratings``) as
   text and shape on the rating's colour, its movement, the adviser's narrative and whether the data agrees
   (``rag.tables.VERDICT_LABELS``);
4. **Headline charts**: the headline measures' progress to target and the RAG history (the charts the Overview and
   the RAG history page draw), as PNG pictures (``improvement.exports``, marking and watermark baked in), each with
   its caption below and its text alternative and title stored as the picture's description and title;
5. **Risks**: open risks scoring ``governance.HIGH_SCORE`` or more at the data's date (``governance.high_risks_on``,
   as the Overview counts them);
6. **Overdue milestones**: as the Action plan lists them (``governance.overdue`` and ``milestone_due_table``).

Headings use Word's own "Title", "Heading 1" and "Heading 2" styles and every table is a real Word table with a
header row that repeats on each page, so officials can restyle and edit the paper. The marking is in the header
and the footer of every section. Loaded text (titles, narratives, owners) is written as plain text runs, never
interpreted; control characters are dropped (``text.printable``), as XML cannot hold them. A section with nothing
to show says so in a sentence (no reports, no measures, no risks...), so every partial state writes a paper.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from improvement import exports, style
from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.text import printable
from improvement.topics.digest.view import Digest
from improvement.topics.governance import rules as governance
from improvement.topics.governance.tables import milestone_due_table, top_risks_table
from improvement.topics.plan.view import headline_chart
from improvement.topics.rag.charts import rag_history_chart
from improvement.topics.rag.tables import VERDICT_LABELS, rating_check_rule
from improvement.topics.rag.view import latest_ratings

PAPER_TITLE = "Improvement board paper"
MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Arial"
PICTURE_WIDTH = Cm(17)  # the text width of an A4 page with 2 cm margins

CHANGES_HEADING = "What changed since the last board"
RATINGS_HEADING = "Ratings by priority area"
CHARTS_HEADING = "Headline charts"
RISKS_HEADING = "Risks"
MILESTONES_HEADING = "Overdue milestones"
HEADINGS = (CHANGES_HEADING, RATINGS_HEADING, CHARTS_HEADING, RISKS_HEADING, MILESTONES_HEADING)

RATINGS_COLUMNS = ("Priority area", "Rating", "Movement", "Narrative", "Does the rating match the data?")
RISK_COLUMNS = ("Risk", "Score", "Likelihood", "Impact", "Owner", "Mitigation", "Priority area")
MILESTONE_COLUMNS = ("Milestone", "Days from data as at", "Due", "Status", "Owner", "Action")


# ---------------------------------------------------------------------------------------------- what it shows


def paper_charts(data: BoardData, context: ChartContext) -> list[Chart]:
    """The headline charts: the headline measures' progress to target (as on the Overview) and the priority areas'
    RAG history (as on RAG history), each when there is something to draw."""
    charts = []
    headline = headline_chart(data, context)
    if headline is not None:
        charts.append(headline)
    if len(data.ratings):
        charts.append(rag_history_chart(data.ratings, data.priority_areas, context))
    return charts


def ratings_table(data: BoardData) -> tuple[pd.DataFrame, list[str | None]]:
    """Each priority area's latest rating with its movement, narrative and whether the data agrees, in the plan's
    order (``RATINGS_COLUMNS``); and each row's rating (None before any report rated the area), for its colour."""
    latest = latest_ratings(data)
    summary, shown = latest.summary, latest.table
    checks = data.latest_checks
    verdicts = dict(zip(checks["priority_area_code"], checks["verdict"], strict=True)) if len(checks) else {}
    movement = [
        f"{moved} from {style.rag_text(previous)}" if isinstance(previous, str) and previous else moved
        for moved, previous in zip(shown["Movement"], summary["previous_rating"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "Priority area": shown["Priority area"],
            "Rating": shown["Latest rating"],
            "Movement": movement,
            "Narrative": [_text(narrative) or "—" for narrative in summary["narrative"]],
            "Does the rating match the data?": [
                VERDICT_LABELS.get(verdicts.get(code), "No rating yet") for code in summary["priority_area_code"]
            ],
        }
    )
    ratings = [rating if isinstance(rating, str) and rating else None for rating in summary["rating"]]
    return table, ratings


def high_risks_table(data: BoardData) -> pd.DataFrame:
    """The open risks scoring ``governance.HIGH_SCORE`` or more at the data's date, highest first, as the Risks
    page's top-risks table shows a risk (``RISK_COLUMNS``)."""
    high = governance.high_risks_on(data.risks, data.risk_reviews, data.as_at)
    if high.empty:
        return pd.DataFrame(columns=list(RISK_COLUMNS))
    current = governance.current_risks(data.risks, data.risk_reviews).set_index("reference")
    chosen = current.loc[list(high["reference"])].reset_index()
    return top_risks_table(chosen, data.priority_areas)[list(RISK_COLUMNS)]


def overdue_milestones_table(data: BoardData) -> pd.DataFrame:
    """The milestones overdue at the data's date, longest overdue first, as the Action plan lists them."""
    overdue = governance.overdue(data.milestones, data.as_at)
    return milestone_due_table(overdue, data.as_at)[list(MILESTONE_COLUMNS)]


def paper_name(data: BoardData, meeting_date: dt.date | None = None) -> str:
    """The file name: board-paper-<authority>-<meeting date, else the data's date>.docx."""
    when = meeting_date or data.as_at
    return f"board-paper-{exports.file_stem(data.authority_name)}-{when or 'no-data'}.docx"


# ---------------------------------------------------------------------------------------------- the document


def board_paper(
    data: BoardData,
    digest: Digest,
    context: ChartContext,
    meeting_date: dt.date | None = None,
    *,
    prepared: dt.date | None = None,
) -> bytes:
    """The board paper as .docx bytes (see the module's description). Chart images need Chromium
    (``exports.ChromiumMissingError`` without it, as for the briefing pack); a paper with no chart to draw does not.
    ``prepared`` is the date it says it was prepared on (default: today)."""
    charts = paper_charts(data, context)
    images = []
    if charts:  # no browser to start when there is nothing to draw
        with exports.image_session():
            images = [
                exports.chart_image(chart, "png", marking=context.marking, synthetic=context.synthetic)
                for chart in charts
            ]

    document = Document()
    _set_up(document, data, context)
    _title_page(document, data, context, meeting_date, prepared or dt.date.today())
    document.add_section(WD_SECTION.NEW_PAGE)
    _mark(document, context.marking)
    _changes(document, data, digest)
    _ratings(document, data)
    _charts(document, data, charts, images)
    _risks(document, data)
    _milestones(document, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up(document, data: BoardData, context: ChartContext) -> None:
    """A4, 2 cm margins, Arial 11 in British English, the document's properties."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for name in ("Title", "Heading 1", "Heading 2", "Caption"):
        # The template's blues are too light for small text (#4F81BD: 3.9:1 on white); GOV.UK's text colour instead.
        font = document.styles[name].font
        font.name = FONT
        font.color.rgb = RGBColor.from_string(style.TEXT_COLOUR.lstrip("#"))
    document.styles["Caption"].font.bold = False
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    properties = document.core_properties
    properties.title = _text(f"{PAPER_TITLE}: {data.authority_name}")
    properties.subject = _text(f"{PAPER_TITLE}. Data as at {data.as_at_text}. {context.marking}.")
    properties.author = _text(data.authority_name)
    properties.keywords = _text(context.marking)
    properties.language = "en-GB"
    _mark(document, context.marking)


def _mark(document, marking: str) -> None:
    """The marking, bold and centred, in the header and the footer of the last section (not linked to the one
    before, so each section carries its own)."""
    section = document.sections[-1]
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(_text(marking)).bold = True


def _title_page(document, data: BoardData, context: ChartContext, meeting_date: dt.date | None, prepared) -> None:
    document.add_paragraph(_text(PAPER_TITLE), style="Title")
    codes = ", ".join(
        code for code in (data.authority_code, data.old_la_code and f"old code {data.old_la_code}") if code
    )
    lines = [
        f"{data.authority_name} ({codes})",
        f"Meeting of the improvement board: {style.format_date(meeting_date) if meeting_date else 'date not set'}",
        f"Data as at {data.as_at_text}",
        f"Prepared on {style.format_date(prepared)}",
        f"Protective marking: {context.marking}",
    ]
    for number, line in enumerate(lines):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(_text(line))
        run.font.size = Pt(16 if number == 0 else 13)
        run.bold = number == 0
    if data.synthetic:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(
            f"{exports.WATERMARK}: every figure, rating and narrative in this paper is invented to show how the "
            "dashboard works. None of it describes the real council."
        )
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(style.Palette.DARK_PINK.lstrip("#"))


def _changes(document, data: BoardData, digest: Digest) -> None:
    document.add_heading(CHANGES_HEADING, level=1)
    if digest.until is None:  # nothing dated is loaded: the caption says so
        document.add_paragraph(_text(digest.caption))
    elif digest.table.empty:
        document.add_paragraph(
            _text(
                f"Nothing the dashboard records changed after {digest.since_label} up to "
                f"{style.format_date(digest.until)}."
            )
        )
    else:
        _table(document, digest.table, widths=(2.8, 4.2, 10.0))
        _caption(document, digest.caption)


def _ratings(document, data: BoardData) -> None:
    document.add_heading(RATINGS_HEADING, level=1)
    if data.priority_areas.empty:
        document.add_paragraph(
            _text(f"No improvement plan is loaded for {data.authority_name} yet, so there are no priority areas.")
        )
        return
    if data.ratings.empty:
        document.add_paragraph(
            _text(
                f"No six-weekly RAG report is loaded for {data.authority_name} yet: the priority areas below have "
                "no rating."
            )
        )
    else:
        dates = sorted(pd.to_datetime(data.ratings.groupby("priority_area_code")["report_date"].max()).unique())
        reports = " and ".join(style.format_date(pd.Timestamp(when)) for when in dates)
        document.add_paragraph(
            _text(f"Each priority area's latest rating, from the adviser's report of {reports}, with its narrative.")
        )
    table, ratings = ratings_table(data)
    word_table = _table(document, table, widths=(3.6, 2.6, 2.6, 5.6, 2.6))
    for row, rating in zip(word_table.rows[1:], ratings, strict=True):
        if rating is not None:
            _rag_cell(row.cells[1], rating)
    _caption(document, rating_check_rule())


def _charts(document, data: BoardData, charts: Sequence[Chart], images: Sequence[bytes]) -> None:
    document.add_heading(CHARTS_HEADING, level=1)
    if not charts:
        document.add_paragraph(
            _text(
                f"No headline chart can be drawn for {data.authority_name} yet: it needs the improvement plan's "
                "headline measures with their baselines, targets and figures, or the adviser's RAG reports."
            )
        )
        return
    for chart, image in zip(charts, images, strict=True):
        document.add_heading(_text(chart.title), level=2)
        document.add_picture(io.BytesIO(image), width=PICTURE_WIDTH)
        picture = document.inline_shapes[-1]
        properties = picture._inline.docPr  # the picture's non-visual properties: its text alternative and title
        properties.set("descr", _text(chart.alt_text))
        properties.set("title", _text(chart.title))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _caption(document, chart.caption)


def _risks(document, data: BoardData) -> None:
    document.add_heading(RISKS_HEADING, level=1)
    if data.risks.empty:
        document.add_paragraph(_text(f"No risk register is loaded for {data.authority_name} yet."))
        return
    table = high_risks_table(data)
    when = style.format_date(data.as_at) if data.as_at is not None else None
    if when is None:
        document.add_paragraph("Nothing dated is loaded, so no risk is judged high.")
        return
    high = f"open risks scoring {governance.HIGH_SCORE} or more (likelihood × impact at their latest review)"
    if table.empty:
        document.add_paragraph(f"No {high} at {when}.")
        return
    document.add_paragraph(f"{style.count_of(len(table), 'risk')}: the {high} at {when}, highest first.")
    _table(document, table, widths=(3.6, 1.3, 1.7, 1.7, 2.6, 3.6, 2.5))


def _milestones(document, data: BoardData) -> None:
    document.add_heading(MILESTONES_HEADING, level=1)
    if data.milestones.empty:
        document.add_paragraph(_text(f"No action plan milestones are loaded for {data.authority_name} yet."))
        return
    if data.as_at is None:
        document.add_paragraph("Nothing dated is loaded, so no milestone is judged overdue.")
        return
    table = overdue_milestones_table(data)
    when = style.format_date(data.as_at)
    if table.empty:
        document.add_paragraph(f"No milestone was overdue at {when}.")
        return
    document.add_paragraph(
        f"{style.count_of(len(table), 'milestone')} due before {when} and not completed (dropped milestones are "
        "never overdue), longest overdue first."
    )
    _table(document, table, widths=(4.4, 2.2, 2.2, 1.8, 2.8, 3.6))


# ---------------------------------------------------------------------------------------------- Word parts


def _table(document, frame: pd.DataFrame, widths: Sequence[float] | None = None):
    """``frame`` as a real Word table: a bold header row that repeats on every page, one row per record, every
    cell plain text."""
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, name in zip(header.cells, frame.columns, strict=True):
        cell.paragraphs[0].add_run(_text(name)).bold = True
    for record in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, record, strict=True):
            cell.text = _text(value) or "—"
    if widths:
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    return table


def _rag_cell(cell, rating: str) -> None:
    """A rating cell on its RAG colour, in the text colour that contrasts with it (the words and the shape are
    already in the cell: never colour alone)."""
    rag = style.rag_style(rating)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), rag.fill.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(rag.text_colour.lstrip("#"))


def _caption(document, text: str) -> None:
    document.add_paragraph(_text(text), style="Caption")


def _text(value: object) -> str:
    """A value as the plain text of a run: missing values empty, control characters dropped (XML cannot hold
    them, and a terminal's escape sequence has no place in a paper)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return printable(value)

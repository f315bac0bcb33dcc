"""Page furniture: the authority picker, the page header every page starts with, charts with their tables, and the
sentence that says what to load when something is missing.

Each chart is shown the same way everywhere: the figure (titled and captioned by its topic's chart builder), its
text alternative, and an expander with the same figures as a table and a CSV download. Every table is also drawn
as a plain HTML table that only printing shows (Streamlit's data grid draws just the rows in view, and on a
canvas, so a printed page would lose rows and its text); the briefing view shows that plain table instead of the
grid, and no download buttons or expanders, so a screenshot holds only what the reader needs.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from improvement import exports, style
from improvement.access import Permission
from improvement.charting import Chart, ChartContext
from improvement.settings import get_settings
from improvement.ui import table_layout
from improvement.ui.briefing import is_briefing_view
from improvement.ui.data import BoardData, board_data, councils_with_something
from improvement.ui.signin import current_access, refuse

AUTHORITY_KEY = "authority"
DATA_PAGE = "pages/data.py"
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}

# What to load for each kind of missing data: the words of every "load ... on the Data page" sentence.
TO_LOAD = {
    "plan": "the improvement plan (the improvement_plan.xlsx template, or its CSV per table): its priority areas, "
    "measures, targets, trajectories, actions and milestones",
    "measures": "the improvement plan's measures and plan_measures tables (improvement_plan.xlsx)",
    "trajectories": "the improvement plan's trajectories and targets tables (improvement_plan.xlsx)",
    "figures": "the measures' monthly figures (the measure_actuals.csv template)",
    "reports": "the adviser's six-weekly RAG reports (the rag_report.xlsx template, one workbook per report)",
    "caseloads": "the team caseload returns (the caseloads.csv template)",
    "milestones": "the improvement plan's actions and milestones tables (improvement_plan.xlsx)",
    "risks": "the risk register (the risks.xlsx template: risks and their reviews)",
    "meetings": "the reporting dates (the meetings.csv template: DfE reviews and board meetings)",
    "contract": "the adviser's contract (the adviser_contract.csv template)",
    "adviser_days": "the adviser's days (the adviser_days.csv template)",
    "annex_a": "an Ofsted Annex A extract (python -m loaders FILE --authority CODE --extract-date YYYY-MM-DD)",
    "interventions": "the councils' interventions (the interventions.csv template: improvement notices, statutory "
    "directions and commissioners, with their dates and advisers)",
    "judgements": "Ofsted's judgements (the ofsted_judgements.csv template)",
    "published": "DfE's published statistics (explore-education-statistics CSVs such as csww_indicators) and "
    "statistical neighbour groupings",
}

# Page-wide CSS: constant text, no loaded content. Print every table in full and leave out the controls.
_PRINT_CSS = """
<style>
div[class*="st-key-print-table-"] { display: none; }
.static-table { border-collapse: collapse; width: 100%; font-size: 0.85rem; margin: 0.25rem 0 0.5rem; }
.static-table th, .static-table td { border: 1px solid #B1B4B6; padding: 0.2rem 0.4rem; text-align: left;
  vertical-align: top; }
.static-table th { background: #F3F2F1; }
@media print {
  div[class*="st-key-print-table-"] { display: block !important; }
  .static-table td:first-child { white-space: nowrap; }  /* the name a row is about stays whole on paper */
  div[class*="st-key-full-text-"] { display: none !important; }
  [data-testid="stDataFrame"], [data-testid="stDownloadButton"], [data-testid="stSidebar"],
  [data-testid="stHeader"], [data-testid="stToolbar"], .stButton { display: none !important; }
}
</style>
"""


@dataclass(frozen=True)
class PageContext:
    data: BoardData | None  # None only on pages that work without a council (guidance, the Data page)
    chart_context: ChartContext | None


def select_authority() -> str | None:
    """The authority picker in the sidebar, kept in ``?authority=`` so a copied link opens the same view.

    It lists the councils with something to show, those with their own improvement data first (the first is
    where the dashboard opens), then those with DfE's published statistics only; while no council has anything,
    every registered one (so a council whose row alone is loaded is there, saying what to load)."""
    listed = councils_with_something()  # only those the person may see
    wanted = st.query_params.get(AUTHORITY_KEY)
    refused = wanted and wanted not in set(listed["code"]) and not current_access().may(Permission.READ, wanted)
    if refused:  # a link to a council this person may not see: said so, and their own councils offered instead
        refuse(f"The link asks for the council {wanted}, which your access does not include", wanted)
        del st.query_params[AUTHORITY_KEY]
    if listed.empty:
        return None
    labels = {
        code: f"{name} ({code})" + ("" if own else " · DfE statistics only" if published else " · nothing loaded yet")
        for code, name, own, published in zip(
            listed["code"], listed["name"], listed["improvement"], listed["published"], strict=True
        )
    }
    return query_select("Authority", labels, AUTHORITY_KEY, sidebar=True)


def query_select(label: str, options: dict[str, str], key: str, *, sidebar: bool = False) -> str:
    """A drop-down of ``options`` (value -> label) whose choice lives in the URL as ``?key=value``.

    A link carrying the parameter opens with that choice; an unknown value falls back to the first option.
    ``options`` must not be empty (a page says what to load instead of offering an empty choice).
    """
    if not options:
        raise ValueError(f"query_select({label!r}) needs at least one option")
    values = list(options)
    if st.session_state.get(key) not in options:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else values[0]
    where = st.sidebar if sidebar else st
    choice = where.selectbox(label, values, format_func=options.__getitem__, key=key)
    st.query_params[key] = choice
    return choice


def query_multiselect(
    label: str,
    options: dict[str, str],
    key: str,
    *,
    default: list[str] | None = None,
    max_selections: int | None = None,
    placeholder: str | None = None,
) -> list[str]:
    """A multi-choice of ``options`` (value -> label) kept in the URL as ``?key=a&key=b``.

    A link carrying the parameter opens with those choices (unknown values are dropped); without it, ``default``.
    """
    if key not in st.session_state or not set(st.session_state[key]) <= set(options):
        wanted = [value for value in st.query_params.get_all(key) if value in options]
        if key not in st.query_params:
            wanted = [value for value in (default or []) if value in options]
        st.session_state[key] = wanted[:max_selections] if max_selections else wanted
    choice = st.multiselect(
        label,
        list(options),
        format_func=options.__getitem__,
        key=key,
        max_selections=max_selections,
        placeholder=placeholder,
    )
    if choice:
        st.query_params[key] = choice
    elif key in st.query_params:
        del st.query_params[key]
    return choice


def _run_through_the_entry_point() -> None:
    """Make sure a page runs inside dashboard.py's navigation, even on a server's very first request.

    Until ``st.navigation`` has run once in a server process, Streamlit treats the ``pages/`` folder as an old-style
    multipage folder: a first request for ``/caseloads`` would run ``pages/caseloads.py`` alone, with no database
    preparation and no authority. Switching that mode off and rerunning sends the request through dashboard.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def ask_to_load(*needs: str, what: str = "") -> None:
    """Say plainly what is missing and which file to load, with a link to the Data page.

    ``needs`` are keys of ``TO_LOAD``; ``what`` says what the page would show ("No caseload returns are loaded
    for Sefton")."""
    files = "; and ".join(TO_LOAD[need] for need in needs)
    lead = f"{what.rstrip('.')}. " if what else ""  # may name a council: loaded text, so escaped like the rest
    st.info(style.escape_markdown(f"{lead}To see it, load {files} on the Data page."), icon=":material/upload_file:")
    if not is_briefing_view():
        st.page_link(DATA_PAGE, label="Go to the Data page", icon=":material/upload_file:")


def header_line(data: BoardData, marking: str) -> str:
    """The line under every page title (Markdown, loaded text escaped): authority, the date the council's data is
    as at and the date DfE's published figures describe, and the protective marking."""
    parts = [f"**{style.escape_markdown(data.authority_name)}**"]
    if data.as_at is None and not data.published_as_at_text:
        parts.append("Nothing dated is loaded for this authority yet")
    else:
        parts.append(f"Data as at **{data.as_at_text}**")
    if data.as_at is not None and data.published_as_at_text:
        parts.append(f"DfE statistics as at **{data.published_as_at_text}**")
    parts.append(f"`{marking.replace('`', '')}`")  # inside code, Markdown is shown as typed
    return " · ".join(parts)


def page_header(
    title: str, description: str, *, needs_council: bool = True, about_a_council: bool = True
) -> PageContext:
    """Title, authority, "data as at" dates, protective marking and the synthetic-data banner; returns the data.

    With no council to show, a page that ``needs_council`` says what to load and stops; the others (guidance, the
    Data page) carry on with ``data`` None. A page not ``about_a_council`` (who may do what, the audit trail) shows
    the title, the marking and the description only."""
    _run_through_the_entry_point()
    settings = get_settings()
    st.markdown(_PRINT_CSS, unsafe_allow_html=True)
    code = st.session_state.get(AUTHORITY_KEY) if about_a_council else None
    st.title(title)
    if not about_a_council:
        st.markdown(f"`{settings.protective_marking.replace('`', '')}`")
    if code is None:
        if needs_council:
            ask_to_load(
                "published",
                "plan",
                what="Nothing is loaded yet for any council: this page has nothing to show",
            )
            st.stop()
        st.caption(description)
        return PageContext(data=None, chart_context=None)
    data = board_data(code)
    st.markdown(header_line(data, settings.protective_marking))
    if data.synthetic:
        st.warning(
            "**Synthetic demo data.** Every figure, rating and narrative here is invented to show how the "
            "dashboard works. None of it describes the real council.",
            icon=":material/science:",
        )
    st.caption(description)
    return PageContext(data=data, chart_context=ChartContext.for_board(data, settings))


def show_chart(chart: Chart) -> None:
    """The chart, its text alternative, and the same figures as a table with a CSV download (the briefing view
    leaves out the downloads and the expander)."""
    st.plotly_chart(chart.figure, theme=None, config=PLOTLY_CONFIG, alt=chart.title, key=f"chart-{chart.name}")
    st.caption(f"**Text alternative.** {style.escape_markdown(chart.alt_text)}")
    if is_briefing_view():
        return
    image_downloads(chart)
    with st.expander(f"Show as a table: {style.escape_markdown(chart.title)}"):
        show_table(chart.table, chart.name)


def image_downloads(chart: Chart) -> None:
    """PNG (twice screen resolution) and SVG buttons; the image is made only when the button is clicked.

    Each image carries the chart's title and caption, the protective marking and, for synthetic data, a watermark.
    """
    code = st.session_state.get(AUTHORITY_KEY)
    marking, synthetic = get_settings().protective_marking, code is not None and board_data(code).synthetic
    with st.container(horizontal=True):
        for fmt, label in (("png", "Download image (PNG)"), ("svg", "Download image (SVG)")):
            st.download_button(
                label,
                data=lambda fmt=fmt: exports.chart_image(chart, fmt, marking=marking, synthetic=synthetic),
                file_name=f"{exports.file_stem(chart.name)}.{fmt}",
                mime=exports.MIME[fmt],
                key=f"{fmt}-{chart.name}",
                on_click="ignore",
                icon=":material/image:",
                help=f"{style.escape_markdown(chart.title)}: with its caption and the {marking} marking",
            )


def static_table(table: pd.DataFrame) -> str:
    """A table as plain HTML, every text cell and heading escaped (``style.escape_html``): what printing and the
    briefing view show."""
    shown = table.map(lambda cell: style.escape_html(cell) if isinstance(cell, str) else cell)
    shown.columns = [style.escape_html(column) for column in table.columns]
    return shown.to_html(index=False, escape=False, na_rep="—", border=0, classes="static-table")


@dataclass(frozen=True)
class PresentedTable:
    """What ``show_table`` sends for a table besides the grid: its plain HTML, column widths, the columns cut short
    on screen, and its CSV."""

    html: str
    widths: dict[str, int]
    shortened: list[str]
    csv: bytes


_PRESENTED: dict[int, tuple[weakref.ref, PresentedTable]] = {}


def presented(table: pd.DataFrame) -> PresentedTable:
    """``PresentedTable`` of ``table``, worked out once per table: the views are kept per data state
    (``improvement.ui.views``), so a rerun shows the same table objects and finds their HTML and CSV here. An entry
    goes when its table does (nothing may change a view's table in place)."""
    key = id(table)
    entry = _PRESENTED.get(key)
    if entry is not None and entry[0]() is table:
        return entry[1]
    shown = PresentedTable(
        html=static_table(table),
        widths=table_layout.column_widths(table),
        shortened=table_layout.shortened_columns(table),
        csv=style.table_csv(table),  # no cell a spreadsheet would run as a formula
    )
    _PRESENTED[key] = (weakref.ref(table, lambda _gone, key=key: _PRESENTED.pop(key, None)), shown)
    return shown


def show_table(
    table: pd.DataFrame, name: str, *, empty: str | None = None, links: dict[str, pd.Series] | None = None
) -> None:
    """A table people read: Streamlit's grid with a CSV download on screen, every row on paper; in the briefing
    view the plain table only. With ``empty``, a table with no rows is that sentence instead. ``links``: a column
    -> each row's address, to make that column's text a link in the grid (the CSV and the printed table keep the
    text).

    Columns are as wide as their text needs, up to a limit (``table_layout``), so the finding columns a table
    builder puts first are in view at 1280 pixels; a cell cut short has its full text in an expander under it."""
    if empty is not None and table.empty:
        st.info(empty)
        return
    shown = presented(table)
    if is_briefing_view():
        st.html(shown.html)
        return
    config = {column: st.column_config.Column(width=width) for column, width in shown.widths.items()}
    grid = table
    for column, addresses in (links or {}).items():
        cells = [table_layout.link_cell(url, text) for url, text in zip(addresses, table[column], strict=True)]
        grid = grid.assign(**{column: cells})
        config[column] = st.column_config.LinkColumn(
            column, width=shown.widths.get(column), display_text=table_layout.LINK_DISPLAY
        )
    st.dataframe(grid, hide_index=True, width="stretch", column_config=config)
    with st.container(key=f"print-table-{name}"):
        st.html(shown.html)
    if shown.shortened:
        with (
            st.container(key=f"full-text-{name}"),
            st.expander(
                f"Show the full text ({style.escape_markdown(', '.join(map(str, shown.shortened)))})",
                icon=":material/notes:",
            ),
        ):
            st.html(shown.html)
    st.download_button(
        "Download as CSV",
        shown.csv,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv-{name}",
        icon=":material/download:",
    )


def rag_badge(rating: str | None) -> str:
    """A RAG rating as an inline badge: shape, word and colour, with contrasting text. For ``st.markdown``."""
    if rating is None or pd.isna(rating):
        return "—"
    rag = style.rag_style(rating)
    return (
        f'<span style="background:{rag.fill};color:{rag.text_colour};padding:0.15em 0.55em;'
        f'border-radius:0.3em;font-weight:600;white-space:nowrap">{rag.glyph} {rag.label}</span>'
    )

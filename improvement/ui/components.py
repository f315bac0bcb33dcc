"""Page furniture: the authority picker, the page header every page starts with, charts with their tables.

Each chart is shown the same way everywhere: the figure (titled and captioned by ``improvement.charts``), its
text alternative, and an expander with the same figures as a table and a CSV download.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from improvement import exports, style
from improvement.charts import Chart, ChartContext
from improvement.settings import get_settings
from improvement.ui.data import BoardData, authorities, board_data

AUTHORITY_KEY = "authority"
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


@dataclass(frozen=True)
class PageContext:
    data: BoardData
    chart_context: ChartContext


def select_authority() -> str | None:
    """The authority picker in the sidebar, kept in ``?authority=`` so a copied link opens the same view."""
    listed = authorities()
    if listed.empty:
        return None
    names = dict(zip(listed["code"], listed["name"], strict=True))
    labels = {code: f"{name} ({code})" for code, name in names.items()}
    return query_select("Authority", labels, AUTHORITY_KEY, sidebar=True)


def query_select(label: str, options: dict[str, str], key: str, *, sidebar: bool = False) -> str:
    """A drop-down of ``options`` (value -> label) whose choice lives in the URL as ``?key=value``.

    A link carrying the parameter opens with that choice; an unknown value falls back to the first option.
    """
    values = list(options)
    if st.session_state.get(key) not in options:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else values[0]
    where = st.sidebar if sidebar else st
    choice = where.selectbox(label, values, format_func=options.__getitem__, key=key)
    st.query_params[key] = choice
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


def page_header(title: str, description: str) -> PageContext:
    """Title, authority, "data as at" date, protective marking and the synthetic-data banner; returns the data."""
    _run_through_the_entry_point()
    settings = get_settings()
    code = st.session_state.get(AUTHORITY_KEY)
    if code is None:
        st.title(title)
        st.error("There is no data in the database yet. Load the improvement plan and performance data first.")
        st.stop()
    data = board_data(code)
    st.title(title)
    st.markdown(
        f"**{data.authority_name}** · Data as at **{style.format_date(data.as_at)}** · `{settings.protective_marking}`"
    )
    if data.synthetic:
        st.warning(
            "**Synthetic demo data.** Every figure, rating and narrative here is invented to show how the "
            "dashboard works. None of it describes the real council.",
            icon=":material/science:",
        )
    st.caption(description)
    context = ChartContext(
        authority=data.authority_name,
        data_as_at=data.as_at,
        marking=settings.protective_marking,
        synthetic=data.synthetic,
        suppression_threshold=settings.suppression_threshold,
    )
    return PageContext(data=data, chart_context=context)


def show_chart(chart: Chart) -> None:
    """The chart, its text alternative, and the same figures as a table with a CSV download."""
    st.plotly_chart(chart.figure, theme=None, config=PLOTLY_CONFIG, alt=chart.title, key=f"chart-{chart.name}")
    st.caption(f"**Text alternative.** {chart.alt_text}")
    image_downloads(chart)
    with st.expander(f"Show as a table: {chart.title}"):
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
                help=f"{chart.title}: with its caption and the {marking} marking",
            )


def show_table(table: pd.DataFrame, name: str) -> None:
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        "Download as CSV",
        table.to_csv(index=False).encode("utf-8"),
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

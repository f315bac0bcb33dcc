"""The briefing view (``?view=briefing``, or the sidebar's "Briefing view" button): a page ready to screenshot.

Light colours, a fixed width of 1200 pixels, no sidebar, toolbar or header, and the protective marking with the
authority and the "data as at" date in a banner at the top and the bottom of the page, so a plain screenshot of
the page can go into a submission as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from improvement import pack, style
from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.queries import loads
from improvement.settings import get_settings
from improvement.topics.digest import view as digest
from improvement.topics.review import rules as review
from improvement.ui.cache import on_newest_load
from improvement.ui.data import board_data

VIEW_KEY = "view"
BRIEFING = "briefing"
WIDTH_PX = 1200

_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stMainMenu"], [data-testid="stAppDeployButton"] {{
  display: none !important;
}}
[data-testid="stApp"], [data-testid="stMain"], [data-testid="stAppViewContainer"] {{
  background: #FFFFFF !important;
  color: #0B0C0C !important;
}}
[data-testid="stMain"] {{ margin-left: 0 !important; }}
[data-testid="stMainBlockContainer"], .block-container {{
  width: {WIDTH_PX}px !important;
  max-width: {WIDTH_PX}px !important;
  padding: 1rem 1.5rem 2rem !important;
  margin: 0 auto !important;
}}
.briefing-banner {{
  border: 2px solid #0B0C0C;
  padding: 0.35rem 0.75rem;
  margin: 0.25rem 0 0.75rem;
  display: flex;
  justify-content: space-between;
  font-size: 1rem;
  color: #0B0C0C;
  background: #FFFFFF;
}}
.briefing-banner strong {{ letter-spacing: 0.04em; }}
/* The way out of the view is there for the keyboard and the mouse, but not in a screenshot or on paper. */
.st-key-briefing-leave {{ position: fixed; top: 0.5rem; right: 0.5rem; z-index: 1000; opacity: 0; }}
.st-key-briefing-leave:hover, .st-key-briefing-leave:focus-within {{ opacity: 1; }}
@media print {{ .st-key-briefing-leave {{ display: none !important; }} }}
</style>
"""


def is_briefing_view() -> bool:
    return st.query_params.get(VIEW_KEY) == BRIEFING


def briefing_button() -> None:
    """The sidebar button that turns the briefing view on (it is also a link: add ``?view=briefing``)."""
    if st.sidebar.button(
        "Briefing view",
        icon=":material/photo_camera:",
        help="A clean, fixed-width page with the marking, authority and date, ready to screenshot "
        "(also ?view=briefing in the address)",
        key="briefing-view-on",
    ):
        st.query_params[VIEW_KEY] = BRIEFING


def banner(authority_code: str | None) -> str:
    """The marking, the authority and the data-as-at date, as one line of HTML."""
    marking = style.escape_html(get_settings().protective_marking)
    if authority_code is None:
        return f'<div class="briefing-banner"><strong>{marking}</strong></div>'
    data = board_data(authority_code)
    synthetic = " · SYNTHETIC DEMO DATA" if data.synthetic else ""
    return (
        f'<div class="briefing-banner"><strong>{marking}</strong>'
        f"<span>{style.escape_html(data.authority_name)} · Data as at {style.escape_html(data.as_at_text)}{synthetic}"
        "</span>"
        f"<strong>{marking}</strong></div>"
    )


@contextmanager
def briefing_frame(authority_code: str | None) -> Iterator[None]:
    """Wrap the page: in the briefing view, the CSS and the top banner before it, the bottom banner after it.

    Outside the briefing view it only adds the sidebar button.
    """
    briefing_button()
    if not is_briefing_view():
        yield
        return
    st.markdown(_CSS, unsafe_allow_html=True)
    st.markdown(banner(authority_code), unsafe_allow_html=True)
    yield
    st.markdown(banner(authority_code), unsafe_allow_html=True)
    with st.container(key="briefing-leave"):
        if st.button("Leave briefing view", icon=":material/close:", key="briefing-view-off"):
            del st.query_params[VIEW_KEY]
            st.rerun()


def _catalogue(
    _engine, authority_code: str, areas: tuple[str, ...], window_key: str | None, spc: bool, marking: str
) -> list[Chart]:
    data = board_data(authority_code)
    windows = {window.key: window for window in review.review_windows(data.meetings, data.as_at)}
    context = ChartContext.for_board(data, get_settings())
    return pack.briefing_charts(data, context, list(areas), windows.get(window_key) if window_key else None, spc)


_cached_catalogue = on_newest_load(_catalogue)


def briefing_catalogue(
    authority_code: str, areas: tuple[str, ...], window_key: str | None, spc: bool = False
) -> list[Chart]:
    """The briefing pack's charts (``pack.briefing_charts``) for the chosen areas and review window, built once per
    data state and choice rather than at every click on the page."""
    return _cached_catalogue(authority_code, areas, window_key, spc, get_settings().protective_marking)


# --- The board paper (Word) ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardPaperFile:
    content: bytes
    file_name: str
    mime: str  # a Word document's


def board_meeting_choices(data: BoardData) -> list[dt.date]:
    """The board meetings a paper can report changes since, newest first (``topics.digest.view``)."""
    return digest.board_meeting_choices(data)


def _board_paper(
    engine: Engine, authority_code: str, since: dt.date | None, meeting_date: dt.date | None, marking: str
) -> BoardPaperFile:
    from improvement.papers import board_paper as paper  # python-docx: only pages that write a paper load it

    data = board_data(authority_code)
    changes = digest.digest_view(data, loads.council_loads(engine, authority_code), since=since, until=None)
    context = ChartContext.for_board(data, get_settings())
    built = paper.board_paper(data, changes, context, meeting_date)
    return BoardPaperFile(built, paper.paper_name(data, meeting_date), paper.MIME)


_cached_board_paper = on_newest_load(_board_paper)


def board_paper_file(authority_code: str, since: dt.date | None, meeting_date: dt.date | None) -> BoardPaperFile:
    """The board paper (``papers.board_paper``) with what changed since the board meeting of ``since`` (None: the
    last one), built once per data state and choice, and only when asked for (it draws its charts in Chromium:
    ``exports.ChromiumMissingError`` without it)."""
    return _cached_board_paper(authority_code, since, meeting_date, get_settings().protective_marking)

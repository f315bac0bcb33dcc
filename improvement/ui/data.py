"""Everything a page needs about one authority, read once per data state and cached until the next load.

``board_data`` is the only way pages get a council's data: ``improvement.board.read_board``, cached by Streamlit
keyed on the database URL, the newest load id (so any new load invalidates it), the suppression threshold and the
authority. Every session and every rerun shares the one result for a data state.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from improvement import queries
from improvement.board import BoardData, read_board
from improvement.db import get_engine
from improvement.settings import get_settings

__all__ = ["BoardData", "authorities", "board_data"]


def authorities() -> pd.DataFrame:
    """Every registered authority (``queries.authority_contents``): councils with improvement data first, then
    the others, each group by name. ``improvement`` says whether any of the council's own data is loaded, and
    ``shows`` whether it has anything to show (its own data or DfE published figures)."""
    url = get_settings().database_url
    return _authorities(url, queries.data_version(get_engine(url)))


@st.cache_data(show_spinner=False, max_entries=8)
def _authorities(url: str, version: int) -> pd.DataFrame:
    contents = queries.authority_contents(get_engine(url))
    own = [name for name, _model in queries.AUTHORITY_TABLES]
    contents["improvement"] = contents[own].any(axis=1)
    contents["shows"] = contents["improvement"] | contents["published"]
    return contents.sort_values(["improvement", "name"], ascending=[False, True], ignore_index=True)


def board_data(authority_code: str) -> BoardData:
    """All the board's data for one authority, with small counts about children already suppressed."""
    settings = get_settings()
    version = queries.data_version(get_engine(settings.database_url))
    return _board_data(settings.database_url, version, settings.suppression_threshold, authority_code)


@st.cache_data(show_spinner="Reading the board's data…", max_entries=32)
def _board_data(url: str, version: int, threshold: int, authority_code: str) -> BoardData:
    return read_board(get_engine(url), authority_code, threshold)

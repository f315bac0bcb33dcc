"""The Data page's view of the database: every load, and how fresh each kind of data is.

Cached like ``board_data``: keyed on the database URL and the newest load id, so a new load shows at once.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from improvement import queries
from improvement.db import get_engine
from improvement.settings import get_settings


def _version() -> tuple[str, int]:
    url = get_settings().database_url
    return url, queries.data_version(get_engine(url))


def load_history() -> pd.DataFrame:
    """Every load, newest first (``queries.load_history``)."""
    return _load_history(*_version())


def freshness() -> pd.DataFrame:
    """Per kind of load: the newest load and the newest period in its data (``queries.freshness``)."""
    return _freshness(*_version())


@st.cache_data(show_spinner=False, max_entries=8)
def _load_history(url: str, version: int) -> pd.DataFrame:
    return queries.load_history(get_engine(url))


@st.cache_data(show_spinner=False, max_entries=8)
def _freshness(url: str, version: int) -> pd.DataFrame:
    return queries.freshness(get_engine(url))

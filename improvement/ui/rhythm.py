"""What the Reporting rhythm page needs beyond ``board_data``: the adviser's start date from the loaded contract.

Cached like ``board_data``: keyed on the database URL, the newest load id (any new load invalidates it) and the
authority.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from improvement import queries
from improvement.db import get_engine
from improvement.settings import get_settings


def adviser_start(authority_code: str) -> dt.date | None:
    """The adviser's contract start date (newest loaded contract), or None when no contract is loaded."""
    url = get_settings().database_url
    return _adviser_start(url, queries.data_version(get_engine(url)), authority_code)


@st.cache_data(show_spinner=False, max_entries=32)
def _adviser_start(url: str, version: int, authority_code: str) -> dt.date | None:
    contract = queries.adviser_contract(get_engine(url), authority_code)
    if contract.empty or pd.isna(contract["start_date"].iloc[0]):
        return None
    return pd.Timestamp(contract["start_date"].iloc[0]).date()

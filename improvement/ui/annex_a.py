"""Ofsted Annex A aggregates for pages, read once and cached until the next load, small counts already suppressed.

Keyed like ``board_data``: the database URL, the newest load id (any new load invalidates it), the suppression
threshold, the authority and the extract date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from improvement import queries, tables
from improvement.db import get_engine
from improvement.settings import get_settings


@dataclass(frozen=True)
class AnnexASnapshot:
    extract_date: dt.date
    headlines: pd.DataFrame  # tables.annex_a_headlines
    by_category: pd.DataFrame  # tables.annex_a_breakdown
    by_team: pd.DataFrame
    synthetic: bool


def annex_a_snapshot(authority_code: str, extract_date: dt.date) -> AnnexASnapshot:
    settings = get_settings()
    version = queries.data_version(get_engine(settings.database_url))
    return _snapshot(settings.database_url, version, settings.suppression_threshold, authority_code, extract_date)


@st.cache_data(show_spinner="Reading the Annex A figures…", max_entries=32)
def _snapshot(url: str, version: int, threshold: int, authority_code: str, extract_date: dt.date) -> AnnexASnapshot:
    aggregates = queries.annex_a_aggregates(get_engine(url), authority_code, extract_date)
    return AnnexASnapshot(
        extract_date=extract_date,
        headlines=tables.annex_a_headlines(aggregates, threshold),
        by_category=tables.annex_a_breakdown(aggregates, "category_of_abuse", threshold),
        by_team=tables.annex_a_breakdown(aggregates, "team", threshold),
        synthetic=bool(aggregates["is_synthetic"].astype(bool).any()) if len(aggregates) else False,
    )

"""Everything a page needs about one authority, read once and cached until the next load.

``board_data`` is the only way pages get data. It is cached by Streamlit keyed on the database URL, the newest
load id (so any new load invalidates it) and the authority, which keeps every page well under a second with
warm caches even on a database of 150 authorities.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from improvement import measures, queries, style
from improvement.db import get_engine
from improvement.settings import get_settings


@dataclass(frozen=True)
class BoardData:
    authority_code: str
    authority_name: str
    priority_areas: pd.DataFrame
    plan_measures: pd.DataFrame
    observations: pd.DataFrame
    trajectories: pd.DataFrame
    ratings: pd.DataFrame
    caseloads: pd.DataFrame
    milestones: pd.DataFrame
    meetings: pd.DataFrame
    progress: pd.DataFrame
    as_at: dt.date | None
    loaded_at: dt.datetime | None
    synthetic: bool

    def area_title(self, code: str) -> str:
        match = self.priority_areas.loc[self.priority_areas["priority_area_code"] == code, "title"]
        return str(match.iloc[0]) if len(match) else code


def authorities() -> pd.DataFrame:
    url = get_settings().database_url
    engine = get_engine(url)
    return _authorities(url, queries.data_version(engine))


@st.cache_data(show_spinner=False, max_entries=8)
def _authorities(url: str, version: int) -> pd.DataFrame:
    return queries.authorities(get_engine(url))


def board_data(authority_code: str) -> BoardData:
    """All the board's data for one authority, with small counts about children already suppressed."""
    settings = get_settings()
    version = queries.data_version(get_engine(settings.database_url))
    return _board_data(settings.database_url, version, settings.suppression_threshold, authority_code)


@st.cache_data(show_spinner="Reading the board's data…", max_entries=32)
def _board_data(url: str, version: int, threshold: int, authority_code: str) -> BoardData:
    engine = get_engine(url)
    names = queries.authorities(engine).set_index("code")["name"]
    plan = queries.plan_measures(engine, authority_code)
    child_counts = set(plan.loc[plan["counts_children"].astype(bool), "measure_code"])
    observed = style.suppress_observations(queries.observations(engine, authority_code), child_counts, threshold)
    planned = queries.trajectories(engine, authority_code)
    ratings = queries.rag_ratings(engine, authority_code)
    caseloads = queries.caseloads(engine, authority_code)
    loaded_at, synthetic = queries.provenance(engine, authority_code)
    progress = measures.measure_progress(plan, observed, planned).merge(
        plan[["measure_code", "definition", "source"]], on="measure_code", how="left"
    )
    return BoardData(
        authority_code=authority_code,
        authority_name=str(names.get(authority_code, authority_code)),
        priority_areas=queries.priority_areas(engine, authority_code),
        plan_measures=plan,
        observations=observed,
        trajectories=planned,
        ratings=ratings,
        caseloads=caseloads,
        milestones=queries.milestones(engine, authority_code),
        meetings=queries.meetings(engine, authority_code),
        progress=progress,
        as_at=measures.data_as_at(observed, ratings, caseloads),
        loaded_at=loaded_at,
        synthetic=synthetic,
    )

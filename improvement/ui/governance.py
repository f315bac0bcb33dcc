"""The governance pages' data and filters: the risk register (cached like ``board_data``) and multi-choice filters
kept in the URL.

``risk_register`` is cached keyed on the database URL, the newest load id (any new load invalidates it) and the
authority. Milestones come from ``board_data``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from improvement import queries
from improvement.db import get_engine
from improvement.settings import get_settings


@dataclass(frozen=True)
class RiskRegister:
    risks: pd.DataFrame  # newest version of each risk
    reviews: pd.DataFrame  # each review (likelihood, impact), newest load per risk and review date


def risk_register(authority_code: str) -> RiskRegister:
    url = get_settings().database_url
    return _risk_register(url, queries.data_version(get_engine(url)), authority_code)


@st.cache_data(show_spinner=False, max_entries=32)
def _risk_register(url: str, version: int, authority_code: str) -> RiskRegister:
    engine = get_engine(url)
    return RiskRegister(queries.risks(engine, authority_code), queries.risk_reviews(engine, authority_code))


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

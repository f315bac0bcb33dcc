"""The adviser's contract terms and delivered days for pages, read once and cached until the next load.

Keyed like ``board_data``: the database URL, the newest load id (any new load invalidates it) and the authority.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from improvement import queries
from improvement.contract import ContractTerms
from improvement.db import get_engine
from improvement.settings import get_settings


@dataclass(frozen=True)
class AdviserContractData:
    terms: ContractTerms | None  # None when no contract is loaded for the authority
    days: pd.DataFrame  # queries.adviser_days
    synthetic: bool


def adviser_contract_data(authority_code: str) -> AdviserContractData:
    url = get_settings().database_url
    return _contract_data(url, queries.data_version(get_engine(url)), authority_code)


@st.cache_data(show_spinner="Reading the adviser's contract…", max_entries=32)
def _contract_data(url: str, version: int, authority_code: str) -> AdviserContractData:
    engine = get_engine(url)
    contract = queries.adviser_contract(engine, authority_code)
    days = queries.adviser_days(engine, authority_code)
    days["day_date"] = [timestamp.date() for timestamp in days["day_date"]]
    return AdviserContractData(
        terms=ContractTerms.from_frame(contract),
        days=days,
        synthetic=bool(contract["is_synthetic"].astype(bool).any()) if len(contract) else False,
    )

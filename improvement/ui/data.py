"""What pages read about the councils, each read once per data state (``improvement.ui.cache``).

``board_data`` is the only way pages get a council's board data (``improvement.board.read_board``); the other
readers (``improvement.readers``) give what a page needs beyond it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement import queries, readers
from improvement.access import Permission
from improvement.board import BoardData, read_board
from improvement.settings import get_settings
from improvement.topics.annex_a.rules import AnnexASnapshot
from improvement.topics.benchmarks.rules import Benchmark
from improvement.ui.cache import on_newest_load
from improvement.ui.signin import current_access, require_council

__all__ = [
    "BoardData",
    "adviser_contract_data",
    "annex_a_snapshot",
    "authorities",
    "board_data",
    "freshness",
    "load_history",
    "loadable_councils",
    "published_benchmark",
    "visible_load_history",
]

_board = on_newest_load(read_board)
_annex_a = on_newest_load(readers.annex_a_snapshot)
authorities = on_newest_load(readers.councils)
_adviser_contract = on_newest_load(readers.adviser_contract)
load_history = on_newest_load(readers.load_history)
freshness = on_newest_load(readers.freshness)
_benchmark = on_newest_load(readers.published_benchmark)


def board_data(authority_code: str) -> BoardData:
    """All the board's data for one authority, with small counts about children already suppressed."""
    require_council(authority_code)
    return _board(authority_code, get_settings().suppression_threshold)


def annex_a_snapshot(authority_code: str, extract_date: dt.date) -> AnnexASnapshot:
    """The Annex A figures at one extract date, small counts already suppressed."""
    require_council(authority_code)
    return _annex_a(authority_code, extract_date, get_settings().suppression_threshold)


def published_benchmark(data: BoardData, indicator: str) -> Benchmark | None:
    """The council's published series for ``indicator`` against England, region and neighbours; None if none."""
    require_council(data.authority_code)
    return _benchmark(data.authority_code, data.authority_name, data.old_la_code, indicator)


def adviser_contract_data(authority_code: str) -> readers.AdviserContractData:
    """The adviser's contract and days for one authority (``readers.adviser_contract``)."""
    require_council(authority_code)
    return _adviser_contract(authority_code)


def councils_with_something() -> pd.DataFrame:
    """The councils the picker offers, of those the person may see: those with something to show, or every
    registered one while none has."""
    listed = authorities()
    listed = listed[listed["shows"]] if listed["shows"].any() else listed
    return listed[listed["code"].isin(current_access().visible(listed["code"]))]


_load_councils = on_newest_load(queries.load_councils)


def visible_load_history(manages_access_kinds: set[str]) -> pd.DataFrame:
    """The loads this person may know of: every load for whoever may load for all councils; otherwise those that
    wrote only councils they may see, and the loads of no council's own data (DfE's public tables), but never a
    grants file (``manages_access_kinds``) unless they manage access."""
    history, access = load_history(), current_access()
    if access.every_council(Permission.LOAD) and access.may(Permission.MANAGE_ACCESS):
        return history
    pairs = _load_councils()
    hidden = set(pairs.loc[~pairs["council"].isin(access.visible(pairs["council"].unique())), "load_id"])
    if not access.may(Permission.MANAGE_ACCESS):
        hidden |= set(history.loc[history["kind"].isin(manages_access_kinds), "load_id"])
    return history[~history["load_id"].isin(hidden)]


def loadable_councils() -> pd.DataFrame:
    """The registered councils this person may load files for (``authorities`` columns)."""
    listed, access = authorities(), current_access()
    return listed[[access.may(Permission.LOAD, code) for code in listed["code"]]]

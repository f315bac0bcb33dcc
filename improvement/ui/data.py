"""What pages read about the councils, each read once per data state (``improvement.ui.cache``).

``board_data`` is the only way pages get a council's board data (``improvement.board.read_board``); the other
readers (``improvement.readers``) give what a page needs beyond it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement import readers
from improvement.board import BoardData, read_board
from improvement.settings import get_settings
from improvement.topics.annex_a.rules import AnnexASnapshot
from improvement.topics.benchmarks.rules import Benchmark
from improvement.ui.cache import on_newest_load

__all__ = [
    "BoardData",
    "adviser_contract_data",
    "annex_a_snapshot",
    "authorities",
    "board_data",
    "freshness",
    "load_history",
    "published_benchmark",
]

_board = on_newest_load(read_board)
_annex_a = on_newest_load(readers.annex_a_snapshot)
authorities = on_newest_load(readers.councils)
adviser_contract_data = on_newest_load(readers.adviser_contract)
load_history = on_newest_load(readers.load_history)
freshness = on_newest_load(readers.freshness)
_benchmark = on_newest_load(readers.published_benchmark)


def board_data(authority_code: str) -> BoardData:
    """All the board's data for one authority, with small counts about children already suppressed."""
    return _board(authority_code, get_settings().suppression_threshold)


def annex_a_snapshot(authority_code: str, extract_date: dt.date) -> AnnexASnapshot:
    """The Annex A figures at one extract date, small counts already suppressed."""
    return _annex_a(authority_code, extract_date, get_settings().suppression_threshold)


def published_benchmark(data: BoardData, indicator: str) -> Benchmark | None:
    """The council's published series for ``indicator`` against England, region and neighbours; None if none."""
    return _benchmark(data.authority_code, data.authority_name, data.old_la_code, indicator)


def councils_with_something() -> pd.DataFrame:
    """The councils the picker offers: those with something to show, or every registered one while none has."""
    listed = authorities()
    return listed[listed["shows"]] if listed["shows"].any() else listed

"""The one cache: a core reader's result kept until the next load, for every session and every rerun.

``on_newest_load(reader)`` turns ``reader(engine, *args)`` (``improvement.board.read_board``, the functions of
``improvement.readers``, the briefing catalogue) into ``read(*args)``: it reads the database named by
``DATABASE_URL`` and keeps the result keyed on that URL, the newest load's id (so any new load invalidates it) and
the arguments. Every page, and every one of ten people at a board meeting, gets the one result for a data state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from improvement import queries
from improvement.db import get_engine
from improvement.settings import get_settings

Result = TypeVar("Result")
_READERS: dict[str, Callable[..., Any]] = {}


def on_newest_load(reader: Callable[..., Result]) -> Callable[..., Result]:
    """``reader(engine, *args)`` as ``read(*args)``, cached on the database, its newest load and the arguments."""
    name = f"{reader.__module__}.{reader.__qualname__}"
    _READERS[name] = reader

    def read(*args: Any) -> Result:
        url = get_settings().database_url
        return _read(url, queries.data_version(get_engine(url)), name, *args)

    read.__doc__ = reader.__doc__
    return read


@st.cache_data(show_spinner=False, max_entries=256)
def _read(url: str, version: int, name: str, *args: Any) -> Any:
    return _READERS[name](get_engine(url), *args)

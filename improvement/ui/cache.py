"""The one cache: what a page shows, worked out once per data state and kept for every session and every rerun.

A *data state* is the database (``DATABASE_URL``), its newest load's id (so any new load starts afresh) and the
suppression threshold. Two wrappers key on it:

- ``on_newest_load(reader)`` turns ``reader(engine, *args)`` (``improvement.board.read_board``, the functions of
  ``improvement.readers``) into ``read(*args)``;
- ``on_data_state(view)`` turns a topic's view, ``view(*args)`` (``improvement.ui.views``), into a cached one. A
  ``BoardData`` argument counts as its council (it is itself read once per data state), anything else by value.

Results are shared, not copied: the second visitor, and every click that reruns a page, gets the very object the
first one made, so a warm rerun costs little more than drawing. Nothing may change a result in place (a test runs
every page and checks that the board data is as it was read). ``note_data_state`` reads the newest load's id once
per script run (``dashboard.main`` calls it first), so a run asks the database once, and every part of one page
shows one state even if a load lands while it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from improvement import queries
from improvement.board import BoardData
from improvement.db import get_engine
from improvement.settings import get_settings

Result = TypeVar("Result")
_FUNCTIONS: dict[str, Callable[..., Any]] = {}
_NOTED = "_data_state"  # session-state key of the state noted at the start of this run


@dataclass(frozen=True)
class DataState:
    url: str
    newest_load: int
    threshold: int


def read_data_state() -> DataState:
    """The data state now, from the database (one small query)."""
    settings = get_settings()
    url = settings.database_url
    return DataState(url, queries.data_version(get_engine(url)), settings.suppression_threshold)


def note_data_state() -> DataState:
    """Read the data state and keep it for the rest of this script run (``dashboard.main`` calls it at the start of
    every run; a page that has just loaded data reruns)."""
    state = read_data_state()
    st.session_state[_NOTED] = state
    return state


def data_state() -> DataState:
    """The state noted for this run; read afresh outside a script run (a command, a benchmark) or if the settings
    changed since it was noted."""
    if get_script_run_ctx(suppress_warning=True) is not None:
        noted = st.session_state.get(_NOTED)
        settings = get_settings()
        if (
            isinstance(noted, DataState)
            and noted.url == settings.database_url
            and noted.threshold == settings.suppression_threshold
        ):
            return noted
    return read_data_state()


def _keyed_on_data_state(function: Callable[..., Any], cache: Callable[..., Any]) -> Callable[..., Any]:
    """``function``'s arguments as ``read(*args)``, answered by ``cache(data_state(), name, *args)``."""
    name = f"{function.__module__}.{function.__qualname__}"
    _FUNCTIONS[name] = function

    def read(*args: Any) -> Any:
        return cache(data_state(), name, *args)

    read.__doc__ = function.__doc__
    return read


def on_newest_load(reader: Callable[..., Result]) -> Callable[..., Result]:
    """``reader(engine, *args)`` as ``read(*args)``, cached on the data state and the arguments."""
    return _keyed_on_data_state(reader, _read)


def on_data_state(view: Callable[..., Result]) -> Callable[..., Result]:
    """``view(*args)`` cached on the data state and the arguments (a ``BoardData`` by its council)."""
    return _keyed_on_data_state(view, _view)


def _board_key(data: BoardData) -> str:
    """Within one data state there is one ``BoardData`` per council: its code is its identity."""
    return data.authority_code


@st.cache_resource(show_spinner=False, max_entries=256)
def _read(state: DataState, name: str, *args: Any) -> Any:
    return _FUNCTIONS[name](get_engine(state.url), *args)


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs={BoardData: _board_key})
def _view(state: DataState, name: str, *args: Any) -> Any:
    return _FUNCTIONS[name](*args)

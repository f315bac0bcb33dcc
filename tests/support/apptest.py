"""Make Streamlit's AppTest run the app the way a real server does (used by the test suite and scripts/bench.py).

A server learns on its first run that the app uses ``st.navigation``, which sets the class attribute
``PagesManager.uses_pages_directory`` to False for good. AppTest (Streamlit 1.67) resets it before every run, and
because a ``pages/`` folder sits next to dashboard.py it falls back to the old pages-folder mode: a rerun of a page
whose url_path equals its file name (overview, trajectories, caseloads) would then run the page script alone,
without dashboard.py: no migration check, no authority picker, no ``?authority=``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

import dashboard

ENTRY = str(Path(dashboard.__file__).resolve())
"""The app's entry point, which every AppTest runs (as a server does)."""

_original_init = PagesManager.__init__


def _init_as_a_server_does(self, *args, **kwargs) -> None:
    if PagesManager.uses_pages_directory is None:
        PagesManager.uses_pages_directory = False
    _original_init(self, *args, **kwargs)


def run_the_entry_point_on_every_run() -> None:
    """Patch ``PagesManager`` so every AppTest run executes dashboard.py and its ``st.navigation``."""
    PagesManager.__init__ = _init_as_a_server_does


def open_app_page(path: str, *, timeout: float = 60, **query: str) -> AppTest:
    """The app (on the ``DATABASE_URL`` in the environment) with the page at ``path`` open, as a user following a
    link with ``?key=value``; fails on an exception on the way. The ``open_page`` fixture sets the database."""
    app = AppTest.from_file(ENTRY, default_timeout=timeout).run()
    assert not app.exception, [e.message for e in app.exception]
    app.switch_page(path)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, f"{path}: {[e.message for e in app.exception]}"
    return app


def open_every_page(database_url: str, monkeypatch, authority: str | None = None) -> Iterator[tuple[object, AppTest]]:
    """The app on ``database_url`` (no demo seeding), then each page registered in ``dashboard.SECTIONS`` in turn,
    as a user clicks: yields (its ``PageSpec``, the app showing it)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SEED_DEMO_DATA", "no")
    app = AppTest.from_file(ENTRY, default_timeout=120)
    if authority:
        app.query_params["authority"] = authority
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    for specs in dashboard.SECTIONS.values():
        for spec in specs:
            app.switch_page(spec.path).run()
            yield spec, app


def figures(app: AppTest) -> list[dict]:
    """The plotly figures on the page, as plotly's JSON."""
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def decode(values) -> list:
    """Plotly arrays arrive either as lists or as base64-encoded typed arrays."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), values["dtype"]).tolist()
    return list(values)

"""What a page shows is worked out once per data state and shared (``improvement.ui.cache``): these tests check that
sharing is safe and real.

- A rerun (any click) shows exactly what the first run showed, on every page, and after every page has run twice
  the board data every session shares is still what ``read_board`` reads from the database: no page changes a
  shared result in place.
- A second visitor gets the first visitor's view without recomputing it; a new load makes the next run compute
  afresh, and shows the new data.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from improvement import style
from improvement.board import read_board
from improvement.db import get_engine
from improvement.demo import SEFTON
from improvement.settings import get_settings
from improvement.ui import cache
from improvement.ui.data import board_data
from tests.support.database import add_report_version

ALL_PAGES = [spec for specs in dashboard.SECTIONS.values() for spec in specs]


def shown(app: AppTest) -> list[str]:
    """Everything a reader sees on the page, as text: words, tables and charts."""
    parts = [
        element.value
        for kind in ("title", "markdown", "caption", "info", "warning", "error")
        for element in getattr(app, kind)
    ]
    parts += [frame.value.to_csv(index=False) for frame in app.dataframe]
    parts += [json.dumps(json.loads(chart.proto.spec), sort_keys=True) for chart in app.get("plotly_chart")]
    return [str(part) for part in parts]


def test_a_rerun_shows_the_same_page_and_the_shared_board_data_stays_as_read(demo_app, seeded_sqlite_url, monkeypatch):
    for spec in ALL_PAGES:
        app = demo_app(spec.path)
        first = shown(app)
        app.run()
        assert not app.exception, f"{spec.path}: {[e.message for e in app.exception]}"
        assert shown(app) == first, f"{spec.path} showed something else when rerun"

    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    shared = board_data(SEFTON.code)  # the object every session has been given
    fresh = read_board(get_engine(seeded_sqlite_url), SEFTON.code, get_settings().suppression_threshold)
    assert_same(shared, fresh, "BoardData")


def assert_same(kept: object, read: object, where: str) -> None:
    """``kept`` equals ``read``, field by field down through dataclasses and lists, frame by frame."""
    if isinstance(read, pd.DataFrame):
        pd.testing.assert_frame_equal(kept, read, obj=where)
    elif dataclasses.is_dataclass(read):
        for field in dataclasses.fields(read):
            assert_same(getattr(kept, field.name), getattr(read, field.name), f"{where}.{field.name}")
    elif isinstance(read, list | tuple):
        assert len(kept) == len(read), f"{where} changed length"
        for index, (one, other) in enumerate(zip(kept, read, strict=True)):
            assert_same(one, other, f"{where}[{index}]")
    else:
        assert kept == read, f"{where} changed"


@pytest.fixture
def overview_computations(monkeypatch) -> list[str]:
    """Every time the Overview's view is worked out, the council it was for."""
    from improvement.topics.overview import view
    from improvement.ui import views  # registers the cached views  # noqa: F401

    name = f"{view.overview_view.__module__}.{view.overview_view.__qualname__}"
    original = cache._FUNCTIONS[name]
    calls: list[str] = []

    def counted(data, context):
        calls.append(data.authority_code)
        return original(data, context)

    monkeypatch.setitem(cache._FUNCTIONS, name, counted)
    return calls


def test_the_second_visitor_and_every_rerun_reuse_the_view_until_a_new_load(
    demo_app, seeded_database_url, overview_computations
):
    first = demo_app("pages/overview.py", database_url=seeded_database_url)
    first.run()
    second = demo_app("pages/overview.py", database_url=seeded_database_url)
    assert overview_computations == [SEFTON.code]  # three runs in two sessions, one computation
    assert shown(second) == shown(first)

    add_report_version(seeded_database_url, "Red", narrative="Resubmitted after challenge")
    second.run()
    assert overview_computations == [SEFTON.code, SEFTON.code]
    latest = next(frame.value for frame in second.dataframe if "Latest rating" in frame.value.columns)
    assert set(latest["Latest rating"]) == {style.rag_text("Red")}

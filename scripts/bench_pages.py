"""Page timings for ``make bench`` (called by scripts/bench.py): each page's script run, cold and warm, beside the
bare page (scripts/bare_page.py), and the tables that report them.

The script is timed in its own thread, as Streamlit's AppTest runs it with one script cache shared by every run, as
a server has (AppTest otherwise compiles the scripts afresh at every run, which a server does not): what a click
costs the server, without AppTest's polling. Pages are opened for a chosen council with ``?authority=``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, local_script_runner
from streamlit.testing.v1 import app_test as app_test_module
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

import dashboard
from improvement.demo import AuthoritySpec
from tests.support.apptest import decode, figures

REPO_ROOT = Path(__file__).resolve().parent.parent
ENTRY = str(REPO_ROOT / "dashboard.py")
BARE_PAGE = str(REPO_ROOT / "scripts" / "bare_page.py")
TARGET_RATIO = 1.5  # a page's warm rerun against the bare page drawing as many points
APPTEST_TIMEOUT_S = 180
PAGES = [spec for specs in dashboard.SECTIONS.values() for spec in specs]


class BenchError(RuntimeError):
    """Something went wrong that makes the figures meaningless (a page raised, the wrong data was shown)."""


@dataclass(frozen=True)
class Database:
    label: str  # e.g. "sqlite demo"
    url: str
    authority: AuthoritySpec  # the authority every page is opened for


@dataclass(frozen=True)
class Timing:
    database: str
    page: str
    cold_s: float
    warm_s: list[float]
    points: int  # data points the page's charts draw
    bare_s: list[float]  # the bare page drawing as many points, timed alternately with warm_s (may be empty)

    @property
    def warm_median_s(self) -> float:
        return statistics.median(self.warm_s)

    @property
    def bare_median_s(self) -> float | None:
        return statistics.median(self.bare_s) if self.bare_s else None

    @property
    def ratio(self) -> float | None:
        bare = self.bare_median_s
        return self.warm_median_s / bare if bare else None


# --- Timing the pages ------------------------------------------------------------------------------------------


class ScriptClock:
    """The time of each script run, measured in the script's own thread (AppTest adds its own polling around it),
    with one script cache shared by every run, as a server has."""

    def __init__(self) -> None:
        self.last_s = 0.0
        shared = ScriptCache()
        app_test_module.ScriptCache = lambda: shared
        local_script_runner.ScriptCache = lambda: shared
        original = LocalScriptRunner._run_script
        clock = self

        def timed(runner, *args, **kwargs):
            start = time.perf_counter()
            try:
                return original(runner, *args, **kwargs)
            finally:
                clock.last_s = time.perf_counter() - start

        LocalScriptRunner._run_script = timed

    def run(self, app: AppTest) -> float:
        app.run()
        return self.last_s


def clear_streamlit_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def check(app: AppTest, database: Database, page: str, about_a_council: bool = True) -> None:
    """Fail loudly if the run raised, or if a page about a council does not show the authority it was opened for."""
    if app.exception:
        for exception in app.exception:
            print(f"\nEXCEPTION on {database.label} {page}: {exception.message}", file=sys.stderr)
            print("\n".join(exception.stack_trace), file=sys.stderr)
        raise BenchError(f"{page} raised {len(app.exception)} exception(s) on {database.label}")
    shown = " ".join(element.value for element in [*app.markdown, *app.title])
    if about_a_council and database.authority.name not in shown and database.authority.code not in shown:
        raise BenchError(f"{page} on {database.label} does not show {database.authority.name}")


def open_page(database: Database, path: str) -> AppTest:
    """A session on the app, switched to ``path`` for the database's chosen authority (not yet run there)."""
    app = AppTest.from_file(ENTRY, default_timeout=APPTEST_TIMEOUT_S)
    app.query_params["authority"] = database.authority.code  # as if the user followed a link
    app.run()  # the app must run once (on its default page) before it can switch pages
    check(app, database, "the default page")
    app.switch_page(path)
    app.query_params["authority"] = database.authority.code
    return app


def points_drawn(app: AppTest) -> int:
    """The data points the page's plotly charts draw (the longest of x and y of each trace)."""
    return sum(
        max(len(decode(trace.get("x", []))), len(decode(trace.get("y", []))))
        for figure in figures(app)
        for trace in figure["data"]
    )


def bare_page(database: Database, points: int) -> AppTest:
    app = AppTest.from_file(BARE_PAGE, default_timeout=APPTEST_TIMEOUT_S)
    app.query_params["authority"] = database.authority.code
    app.query_params["points"] = str(max(points, 1))
    app.run()
    check(app, database, "the bare page")
    return app


def time_page(clock: ScriptClock, database: Database, spec, repeats: int, against_bare: bool) -> Timing:
    app = open_page(database, spec.path)
    clear_streamlit_caches()  # the default page above filled them
    cold = clock.run(app)
    check(app, database, spec.title, spec.about_a_council)
    points = points_drawn(app)
    bare = bare_page(database, points) if against_bare else None
    warm, bare_s = [], []
    for _ in range(repeats):  # alternately, so both see the same machine
        warm.append(clock.run(app))
        check(app, database, spec.title, spec.about_a_council)
        if bare is not None:
            bare_s.append(clock.run(bare))
    return Timing(database.label, spec.title, cold, warm, points, bare_s)


def time_database(clock: ScriptClock, database: Database, repeats: int, against_bare: bool) -> list[Timing]:
    os.environ["DATABASE_URL"] = database.url
    print(f"\n[{database.label}] timing {len(PAGES)} pages for {database.authority.name}", flush=True)
    timings = []
    for spec in PAGES:
        timing = time_page(clock, database, spec, repeats, against_bare)
        bare = f", bare {timing.bare_median_s:.3f} s" if timing.bare_s else ""
        print(f"  {spec.title}: cold {timing.cold_s:.2f} s, warm {timing.warm_median_s:.3f} s{bare}", flush=True)
        timings.append(timing)
    return timings


def warm_up(clock: ScriptClock, database: Database) -> None:
    """One untimed run of every page, so imports and Plotly's lazy set-up are not charged to the first page."""
    os.environ["DATABASE_URL"] = database.url
    for spec in PAGES:
        app = open_page(database, spec.path)
        clock.run(app)
        check(app, database, spec.title, spec.about_a_council)
    bare_page(database, 10)


# --- Report ----------------------------------------------------------------------------------------------------


def print_rows(headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A plain table: the first two columns left-aligned, the rest right-aligned."""
    widths = [max([len(heading), *(len(row[i]) for row in rows)]) for i, heading in enumerate(headings)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    print(line(headings))
    print(line(tuple("-" * width for width in widths)))
    for row in rows:
        print(line(row))


def print_against_bare(timings: list[Timing]) -> None:
    compared = [t for t in timings if t.ratio is not None]
    print(f"\nWarm rerun against the bare page (target: {TARGET_RATIO} times the bare page or less)")
    print_rows(
        ("database", "page", "points", "warm s", "bare s", "ratio", "target"),
        [
            (
                t.database,
                t.page,
                str(t.points),
                f"{t.warm_median_s:.3f}",
                f"{t.bare_median_s:.3f}",
                f"{t.ratio:.1f}x",
                "met" if t.ratio <= TARGET_RATIO else "NOT MET",
            )
            for t in compared
        ],
    )
    missed = [t.page for t in compared if t.ratio > TARGET_RATIO]
    print(f"pages within {TARGET_RATIO}x the bare page: {len(compared) - len(missed)} of {len(compared)}")


def print_scales(timings: list[Timing], labels: list[str]) -> None:
    by = {(t.database, t.page): t for t in timings}
    print("\nCold and warm by number of councils stored (should stay flat)")
    headings = ("page", "", *(f"cold {label}" for label in labels), *(f"warm {label}" for label in labels))
    rows = []
    for spec in PAGES:
        cells = [by.get((label, spec.title)) for label in labels]
        rows.append(
            (
                spec.title,
                "",
                *(f"{t.cold_s:.2f}" if t else "-" for t in cells),
                *(f"{t.warm_median_s:.3f}" if t else "-" for t in cells),
            )
        )
    print_rows(headings, rows)
    print("(seconds; cold: first visitor after a start or a load; warm: a rerun)")


def print_other_databases(timings: list[Timing]) -> None:
    print("\nOther databases")
    print_rows(
        ("database", "page", "points", "cold s", "warm s"),
        [(t.database, t.page, str(t.points), f"{t.cold_s:.2f}", f"{t.warm_median_s:.3f}") for t in timings],
    )

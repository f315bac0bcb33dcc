"""Page timings for the dashboard, on the small demo database and on a large one (``make bench``).

What it does, top to bottom:

1. Builds the databases in a temporary directory (SQLite files; with ``--postgres`` also throwaway PostgreSQL
   databases on ``postgresql+psycopg://postgres@127.0.0.1:5432/test``, dropped at the end):

   - ``demo``: what a new user gets, ``loaders.seed.prepare_database`` (migrate, then seed Sefton);
   - ``large``: migrated, then ``store_programme(build_large_dataset(--authorities, --years))``: 150 invented
     councils with five years of monthly data by default (over 400,000 rows).

   It prints the time to build the programme in memory, the time to store it, and the rows in each table.

2. Renders every page registered in ``dashboard.SECTIONS`` with Streamlit's AppTest (no browser, no server),
   with ``DATABASE_URL`` pointing at each database in turn. On the large database the page is opened for the
   75th authority (``?authority=E09990075``), not the first, so the per-authority queries really have to find
   one council among many. For each page:

   - *cold*: one run right after ``st.cache_data`` and ``st.cache_resource`` were cleared, i.e. the first
     visitor after the server started (or after a new load): it includes the migration check, reading the
     authority list and all of the board's data from the database, and rendering;
   - *warm*: ``--repeats`` more runs of the same session (default 5) with the caches full, i.e. every later
     visit. The median and the slowest are reported.

   Python imports and Plotly's lazy set-up are paid once by an untimed warm-up pass on the demo database, so
   "cold" means cold Streamlit caches, not a cold Python process. Times are wall-clock seconds for the whole
   script run as AppTest executes it (page script, data, charts and serialising the elements), but without a
   browser drawing anything: a real browser adds the network and Plotly.js's drawing on top.

3. Prints one row per database and page: cold s, warm median s, warm max s, and whether the warm median meets
   the target, which is under 1 second per page with warm caches on the large dataset. The "met" column is
   given for every row; only the large-dataset rows are what the target is about.

4. Times the loaders (skip with ``--no-loaders``; ``scripts/bench_loaders.py``): each real file in
   ``../shared/realdata`` and a generated 100,000-row Annex A workbook, loaded with ``loaders.run.load_source`` and
   read with plain pandas from the same bytes. It prints, per file, the rows pandas read, the rows the load wrote,
   both times and rates, and the loader's overhead over pandas (load time / read time).

5. The browser figures (skip with ``--no-browser``; ``scripts/bench_browser.py``), on the large SQLite database:
   the app served by ``streamlit run`` and opened in headless Chromium by 1, 5, 10 and 20 browser contexts at once
   (p50 and p95 seconds to fully drawn), the server's memory after every page and over repeated visits, and the
   same load test on a bare one-query, one-chart Streamlit page for comparison. Skipped, with a note, where
   /usr/bin/chromium is missing.

Nothing here asserts on time (timings depend on the machine): the script exits 0 whatever the figures are, and
non-zero only if a page raised an exception, showed the wrong authority, a database could not be built, a
real file the loaders recognise was refused, or a page failed or timed out in the browser.
"""

# ruff: noqa: E402  (the repository root is put on sys.path before the project's own imports)

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # `python scripts/bench.py` puts scripts/, not the root, on the path
# AppTest outside a server warns about the missing runtime on every cache call: keep errors only.
logging.disable(logging.WARNING)

import sqlalchemy as sa
import streamlit as st
from bench_browser import browser_available, run_browser_bench  # scripts/, beside this file
from bench_loaders import LoaderRefusedError, print_loader_table, time_loaders
from sqlalchemy.pool import NullPool
from streamlit.testing.v1 import AppTest

import dashboard
from improvement.db import get_engine, migrate
from improvement.db.models import Base
from improvement.demo import SEFTON, AuthoritySpec, build_large_dataset, synthetic_authorities
from loaders.seed import prepare_database, store_programme
from tests.support.apptest import run_the_entry_point_on_every_run

ENTRY = str(REPO_ROOT / "dashboard.py")
POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_WARM_S = 1.0
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

    @property
    def warm_median_s(self) -> float:
        return statistics.median(self.warm_s)

    @property
    def warm_max_s(self) -> float:
        return max(self.warm_s)


# --- Command line ----------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5, help="warm runs per page (default 5)")
    parser.add_argument("--authorities", type=int, default=150, help="councils in the large database (default 150)")
    parser.add_argument("--years", type=int, default=5, help="years of monthly data per council (default 5)")
    parser.add_argument(
        "--postgres", action="store_true", help=f"also benchmark throwaway PostgreSQL databases on {POSTGRES_ADMIN_URL}"
    )
    parser.add_argument("--no-loaders", action="store_true", help="skip the loader timings at the end")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser load test and memory figures")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.authorities < 1 or args.years < 1:
        parser.error("--repeats, --authorities and --years must be at least 1")
    return args


# --- Building the databases ------------------------------------------------------------------------------------


@contextmanager
def stopwatch(what: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    print(f"  {what}: {time.perf_counter() - start:.1f} s", flush=True)


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table of the schema, straight from the database."""
    with get_engine(url).connect() as connection:
        return {
            table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }


def print_row_counts(url: str) -> None:
    counts = row_counts(url)
    listed = ", ".join(f"{name} {count:,}" for name, count in sorted(counts.items(), key=lambda item: -item[1]))
    print(f"  rows: {sum(counts.values()):,} in all ({listed})", flush=True)


def build_demo(label: str, url: str) -> Database:
    print(f"\n[{label}] demo database: prepare_database (migrate, seed {SEFTON.name})", flush=True)
    with stopwatch("migrate and seed"):
        prepare_database(get_engine(url))
    print_row_counts(url)
    return Database(label=label, url=url, authority=SEFTON)


def build_large(label: str, url: str, programme, authority: AuthoritySpec) -> Database:
    print(f"\n[{label}] large database: migrate, then store_programme", flush=True)
    engine = get_engine(url)
    with stopwatch("migrate"):
        migrate(engine)
    with stopwatch("store"):
        store_programme(
            engine, programme, kind="benchmark", source_name="Synthetic benchmark programme", is_synthetic=True
        )
    print_row_counts(url)
    return Database(label=label, url=url, authority=authority)


def build_programme(n_authorities: int, years: int):
    print(f"\nBuilding the large programme in memory: {n_authorities} authorities, {years} years", flush=True)
    with stopwatch("build_large_dataset"):
        programme = build_large_dataset(n_authorities=n_authorities, years=years)
    print(f"  {sum(programme.row_counts().values()):,} rows in the programme's frames", flush=True)
    return programme


def chosen_authority(n_authorities: int) -> AuthoritySpec:
    """The 75th of 150 (the middle one, whatever the count): not the first, which the app opens by default."""
    return synthetic_authorities(n_authorities)[max(0, n_authorities // 2 - 1)]


class PostgresServer:
    """Throwaway databases on the local server, created on demand and all dropped by ``drop_all``."""

    def __init__(self, admin_url: str) -> None:
        self.admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.created: list[str] = []

    def create(self, purpose: str) -> str:
        name = f"bench_{purpose}_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.admin.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        for name in self.created:
            url = self.admin.url.set(database=name).render_as_string(hide_password=False)
            get_engine(url).dispose()  # the app's cached engine holds pooled connections
            with self.admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.created.clear()
        self.admin.dispose()


# --- Timing the pages ------------------------------------------------------------------------------------------


def clear_streamlit_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def check(app: AppTest, database: Database, page: str) -> None:
    """Fail loudly if the run raised, or if the page does not show the authority it was opened for."""
    if app.exception:
        for exception in app.exception:
            print(f"\nEXCEPTION on {database.label} {page}: {exception.message}", file=sys.stderr)
            print("\n".join(exception.stack_trace), file=sys.stderr)
        raise BenchError(f"{page} raised {len(app.exception)} exception(s) on {database.label}")
    shown = " ".join(markdown.value for markdown in app.markdown)
    if database.authority.name not in shown:
        raise BenchError(f"{page} on {database.label} does not show {database.authority.name}")


def timed_run(app: AppTest) -> float:
    start = time.perf_counter()
    app.run()
    return time.perf_counter() - start


def open_page(database: Database, path: str) -> AppTest:
    """A session on the app, switched to ``path`` for the database's chosen authority (not yet run there)."""
    app = AppTest.from_file(ENTRY, default_timeout=APPTEST_TIMEOUT_S)
    app.query_params["authority"] = database.authority.code  # as if the user followed a link
    app.run()  # the app must run once (on its default page) before it can switch pages
    check(app, database, "the default page")
    app.switch_page(path)
    app.query_params["authority"] = database.authority.code
    return app


def time_page(database: Database, path: str, title: str, repeats: int) -> Timing:
    app = open_page(database, path)
    clear_streamlit_caches()  # the default page above filled them
    cold = timed_run(app)
    check(app, database, title)
    warm = []
    for _ in range(repeats):
        warm.append(timed_run(app))
        check(app, database, title)
    return Timing(database=database.label, page=title, cold_s=cold, warm_s=warm)


def time_database(database: Database, repeats: int) -> list[Timing]:
    os.environ["DATABASE_URL"] = database.url
    print(f"\n[{database.label}] timing {len(PAGES)} pages for {database.authority.name}", flush=True)
    timings = []
    for spec in PAGES:
        timing = time_page(database, spec.path, spec.title, repeats)
        print(f"  {spec.title}: cold {timing.cold_s:.2f} s, warm median {timing.warm_median_s:.2f} s", flush=True)
        timings.append(timing)
    return timings


def warm_up(database: Database) -> None:
    """One untimed run of every page, so imports and Plotly's lazy set-up are not charged to the first page."""
    os.environ["DATABASE_URL"] = database.url
    for spec in PAGES:
        app = open_page(database, spec.path)
        app.run()
        check(app, database, spec.title)


# --- Report ----------------------------------------------------------------------------------------------------


def print_table(timings: list[Timing]) -> None:
    headings = ("database", "page", "cold s", "warm median s", "warm max s", "target")
    widths = (
        max(len(headings[0]), *(len(t.database) for t in timings)),
        max(len(headings[1]), *(len(t.page) for t in timings)),
        8,
        14,
        11,
        7,
    )

    def line(cells: tuple[str, ...]) -> str:
        left = [cells[0].ljust(widths[0]), cells[1].ljust(widths[1])]
        right = [cell.rjust(width) for cell, width in zip(cells[2:5], widths[2:5], strict=True)]
        return "  ".join([*left, *right, cells[5]])

    print(f"\ntarget: < {TARGET_WARM_S:.1f} s warm on the large dataset")
    print(line(headings))
    print(line(tuple("-" * width for width in widths)))
    for t in timings:
        met = "met" if t.warm_median_s < TARGET_WARM_S else "NOT MET"
        print(line((t.database, t.page, f"{t.cold_s:.2f}", f"{t.warm_median_s:.2f}", f"{t.warm_max_s:.2f}", met)))
    large = [t for t in timings if "large" in t.database]
    missed = [t for t in large if t.warm_median_s >= TARGET_WARM_S]
    summary = "all met" if not missed else f"NOT MET on {len(missed)} of {len(large)}"
    print(f"\nlarge-dataset pages under {TARGET_WARM_S:.1f} s warm: {summary}")


# --- Briefing pack ---------------------------------------------------------------------------------------------

PACK_CHARTS = 12
TARGET_PACK_S = 10.0


def time_briefing_pack(database: Database) -> float:
    """Seconds to build the briefing pack (PDF and zip) of the first twelve charts, cold caches and browser start
    included, as ``python -m improvement.briefing`` does it."""
    from improvement import exports, pack
    from improvement.charting import ChartContext
    from improvement.settings import get_settings
    from improvement.ui.data import board_data

    os.environ["DATABASE_URL"] = database.url
    clear_streamlit_caches()
    print(f"\n[{database.label}] briefing pack of {PACK_CHARTS} charts for {database.authority.name}", flush=True)
    start = time.perf_counter()
    with exports.image_session():  # one Chromium for the whole pack, started here
        data = board_data(database.authority.code)
        context = ChartContext(data.authority_name, data.as_at, get_settings().protective_marking, data.synthetic)
        charts = pack.briefing_charts(data, context)[:PACK_CHARTS]
        built = exports.briefing_pack(charts, context)
    seconds = time.perf_counter() - start
    met = "met" if seconds < TARGET_PACK_S else "NOT MET"
    print(
        f"  {len(built.png_names)} charts: {seconds:.1f} s including the browser start "
        f"(PDF {len(built.pdf) / 1e6:.1f} MB, zip {len(built.zip) / 1e6:.1f} MB); "
        f"target < {TARGET_PACK_S:.0f} s: {met}",
        flush=True,
    )
    return seconds


# --- Main ------------------------------------------------------------------------------------------------------


def time_in_a_browser(database: Database) -> None:
    """The browser load test, the server's memory and the bare-page baseline on the large SQLite database."""
    if not browser_available():
        print("\nBrowser figures skipped: no /usr/bin/chromium (apt install chromium)", flush=True)
        return
    if run_browser_bench(database.url, database.authority.code, database.authority.name) != 0:
        raise BenchError(f"a page failed in the browser on {database.label}")


def build_databases(args: argparse.Namespace, directory: Path, postgres: PostgresServer | None) -> list[Database]:
    authority = chosen_authority(args.authorities)
    programme = build_programme(args.authorities, args.years)
    databases = [
        build_demo("sqlite demo", f"sqlite:///{directory / 'demo.sqlite'}"),
        build_large("sqlite large", f"sqlite:///{directory / 'large.sqlite'}", programme, authority),
    ]
    if postgres is not None:
        databases.append(build_demo("postgresql demo", postgres.create("demo")))
        databases.append(build_large("postgresql large", postgres.create("large"), programme, authority))
    return databases


def run(args: argparse.Namespace, directory: Path, postgres: PostgresServer | None) -> None:
    databases = build_databases(args, directory, postgres)
    print("\nWarm-up (untimed): every page once on the demo database", flush=True)
    warm_up(databases[0])
    timings = [timing for database in databases for timing in time_database(database, args.repeats)]
    print_table(timings)
    time_briefing_pack(databases[0])
    if not args.no_loaders:
        print_loader_table(time_loaders(directory / "loaders"))
    if not args.no_browser:
        time_in_a_browser(databases[1])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run_the_entry_point_on_every_run()
    previous_url = os.environ.get("DATABASE_URL")
    postgres = PostgresServer(POSTGRES_ADMIN_URL) if args.postgres else None
    try:
        with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as directory:
            run(args, Path(directory), postgres)
    except (BenchError, LoaderRefusedError) as error:
        print(f"\nBENCHMARK FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if postgres is not None:
            postgres.drop_all()
        if previous_url is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous_url
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``make bench``: how long a board member waits, on the demo database and on large ones, beside a bare baseline.

What it does, top to bottom (nothing here asserts on time: it prints figures and exits 0, and non-zero only if a
page raised, showed the wrong council, a database could not be built, or a real file the loaders know was refused):

1. Builds the databases in a temporary directory: ``demo`` (``loaders.seed.prepare_database``, what a new user
   gets) and three large ones of invented councils with five years of monthly data each (``--scales``, by default
   15, 150 and 600 councils; 150 is about 445,000 rows). With ``--postgres`` the demo and the 150-council one are
   also built as throwaway PostgreSQL databases (dropped at the end).

2. Times every page in ``dashboard.SECTIONS`` with Streamlit's AppTest, for the middle council of each large
   database (not the first, which the app opens by default), as a server runs it: one script cache shared by every
   run (AppTest otherwise compiles the scripts afresh at each run, which a server does not). The time is the
   script's own run, measured in its thread: what a click costs the server, without AppTest's polling.

   - *cold*: the first run after the Streamlit caches were cleared (the first visitor after a start or a load);
   - *warm*: ``--repeats`` reruns of the same session (every later click), median;
   - *bare*: on the 150-council database, alternately with each warm run, the bare page (scripts/bare_page.py),
     which reads the same council's figures with one query and draws one plotly chart of as many points as the
     page draws; the ratio page / bare is what the target is about: 1.5 or less on every page.

   Then cold and warm side by side at each scale, which should stay flat: a page's cost depends on its council's
   own data, not on how many councils are stored.

3. Builds the briefing pack of twelve charts as ``python -m improvement.briefing`` does (target under 10 s,
   browser start included), and the whole pack.

4. Times the loaders (skip with ``--no-loaders``; ``scripts/bench_loaders.py``): each real file in
   ``../shared/realdata`` and a generated 100,000-row Annex A workbook, loaded with ``loaders.run.load_source``
   (``--loader-repeats`` times, default 3, each into a fresh database: SQLite, and PostgreSQL with ``--postgres``)
   and read with plain pandas from the same bytes. It prints, per file and database, the rows pandas read, the rows
   the load wrote, the median load and read times, their ratio, and whether the target is met: a load within 10
   times pandas' read of the same file. With ``--no-pages`` only this step runs.

   Then DfE's Portfolio page on the 150-council database, 60 of them in intervention, cold and warm beside the
   chosen council's Overview, and its cost by the number of councils shown (``scripts/bench_portfolio.py``).

5. In a browser (``scripts/bench_browser.py``, skip with ``--no-browser``), on the 150-council database: 1, 5, 10
   and 20 people at once on one server, p50 and p95 time to a fully drawn page and the server's memory after every
   page and over 50 repeated visits, beside the same load test on the bare page. Skipped, with a note, where
   /usr/bin/chromium is missing.
"""

# ruff: noqa: E402  (the repository root is put on sys.path before the project's own imports)

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # `python scripts/bench.py` puts scripts/, not the root, on the path
# AppTest outside a server warns about the missing runtime on every cache call: keep errors only.
logging.disable(logging.WARNING)

import sqlalchemy as sa
from bench_browser import browser_available, run_browser_bench  # scripts/, beside this file
from bench_loaders import LoaderRefusedError, print_loader_table, time_loaders
from bench_pages import (
    BenchError,
    Database,
    ScriptClock,
    clear_streamlit_caches,
    print_against_bare,
    print_other_databases,
    print_scales,
    time_database,
    warm_up,
)
from bench_portfolio import time_portfolio
from bench_spc import time_spc
from sqlalchemy.pool import NullPool

from improvement.db import get_engine, migrate
from improvement.db.models import Base
from improvement.demo import SEFTON, AuthoritySpec, build_large_dataset, synthetic_authorities
from loaders.seed import prepare_database, store_programme
from tests.support.apptest import run_the_entry_point_on_every_run

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCALES = [15, 150, 600]  # councils in the large databases; the middle one is timed against the bare page


# --- Command line ----------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5, help="warm runs per page (default 5)")
    parser.add_argument(
        "--scales",
        type=lambda text: sorted({int(part) for part in text.split(",")}),
        default=SCALES,
        help="councils in each large database, comma-separated; the middle one is timed against the bare page "
        f"(default {','.join(map(str, SCALES))})",
    )
    parser.add_argument("--years", type=int, default=5, help="years of monthly data per council (default 5)")
    parser.add_argument(
        "--postgres", action="store_true", help=f"also benchmark throwaway PostgreSQL databases on {POSTGRES_ADMIN_URL}"
    )
    parser.add_argument("--no-loaders", action="store_true", help="skip the loader timings")
    parser.add_argument("--no-pages", action="store_true", help="time the loaders only (no databases, pages or pack)")
    parser.add_argument("--loader-repeats", type=int, default=3, help="loads per file and database (default 3)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser load test")
    args = parser.parse_args(argv)
    if min(args.repeats, args.years, args.loader_repeats, *args.scales) < 1:
        parser.error("--repeats, --scales, --years and --loader-repeats must be at least 1")
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
        programme = build_large_dataset(
            n_authorities=n_authorities, years=years, in_intervention=in_intervention(n_authorities)
        )
    print(f"  {sum(programme.row_counts().values()):,} rows in the programme's frames", flush=True)
    return programme


def in_intervention(n_authorities: int) -> int:
    """Councils in intervention in a large database: 60 of the 150 (DfE watches up to 60), two in five below."""
    return min(60, round(0.4 * n_authorities))


def chosen_authority(n_authorities: int) -> AuthoritySpec:
    """The 75th of 150 (the middle one, whatever the count): not the first, which the app opens by default."""
    return synthetic_authorities(n_authorities)[max(0, n_authorities // 2 - 1)]


class PostgresServer:
    """Throwaway databases on the local server, created on demand and all dropped by ``drop_all``."""

    def __init__(self, admin_url: str) -> None:
        self.admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.created: list[str] = []

    def create(self, purpose: str, template: str | None = None) -> str:
        """A new database (a copy of the database named ``template``, if given): its URL."""
        name = f"bench_{purpose}_{uuid.uuid4().hex[:8]}"
        copied = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"{copied}'))
        self.created.append(name)
        return self.admin.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        url = self.admin.url.set(database=name).render_as_string(hide_password=False)
        get_engine(url).dispose()  # the app's cached engine holds pooled connections
        with self.admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if name in self.created:
            self.created.remove(name)

    def drop_all(self) -> None:
        for name in list(self.created):
            self.drop(name)
        self.admin.dispose()


# --- Briefing pack ---------------------------------------------------------------------------------------------

PACK_CHARTS = 12
TARGET_PACK_S = 10.0


def time_briefing_pack(database: Database) -> None:
    """The briefing pack as ``python -m improvement.briefing`` builds it (board data read, charts built, PDF and zip,
    browser start included), for the first twelve charts and for every chart, beside a plain kaleido loop writing
    the same figures as PNGs with one browser: the baseline."""
    import kaleido

    from improvement import exports, pack
    from improvement.charting import ChartContext
    from improvement.settings import get_settings
    from improvement.ui.data import board_data

    os.environ["DATABASE_URL"] = database.url
    print(f"\n[{database.label}] briefing pack for {database.authority.name}", flush=True)
    for count in (PACK_CHARTS, None):
        clear_streamlit_caches()
        start = time.perf_counter()
        with exports.image_session():  # one Chromium for the whole pack, started here
            data = board_data(database.authority.code)
            context = ChartContext.for_board(data, get_settings())
            charts = pack.briefing_charts(data, context)[:count]
            built = exports.briefing_pack(charts, context)
        seconds = time.perf_counter() - start
        figures_ = [
            exports.export_figure(chart.figure, marking=context.marking, synthetic=context.synthetic).to_dict()
            for chart in charts
        ]
        start = time.perf_counter()
        kaleido.start_sync_server(n=1, mathjax=False, path=str(exports.browser_path()), silence_warnings=True)
        try:
            for figure in figures_:
                kaleido.calc_fig_sync(figure, opts={"format": "png", "scale": exports.SCALE})
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
        plain = time.perf_counter() - start
        target = f"; target < {TARGET_PACK_S:.0f} s: {'met' if seconds < TARGET_PACK_S else 'NOT MET'}" if count else ""
        print(
            f"  {len(built.png_names)} charts: {seconds:.1f} s including the browser start, against {plain:.1f} s for "
            f"a plain kaleido loop over the same figures ({seconds / plain:.1f}x){target}",
            flush=True,
        )


# --- Main ------------------------------------------------------------------------------------------------------


def time_in_a_browser(database: Database) -> None:
    """The browser load test, the server's memory and the bare-page baseline on the large SQLite database."""
    if not browser_available():
        print("\nBrowser figures skipped: no /usr/bin/chromium (apt install chromium)", flush=True)
        return
    if run_browser_bench(database.url, database.authority.code, database.authority.name) != 0:
        raise BenchError(f"a page failed in the browser on {database.label}")


def compared_scale(scales: list[int]) -> int:
    """The scale whose database pages are timed against the bare page, and the browser test runs on: the middle."""
    return scales[len(scales) // 2]


def build_databases(args: argparse.Namespace, directory: Path, postgres: PostgresServer | None) -> list[Database]:
    """The demo, then one large database per scale (and, with --postgres, the demo and the compared scale again)."""
    databases = [build_demo("sqlite demo", f"sqlite:///{directory / 'demo.sqlite'}")]
    for scale in args.scales:
        programme = build_programme(scale, args.years)
        url = f"sqlite:///{directory / f'large-{scale}.sqlite'}"
        databases.append(build_large(f"sqlite {scale}", url, programme, chosen_authority(scale)))
        if postgres is not None and scale == compared_scale(args.scales):
            databases.append(build_demo("postgresql demo", postgres.create("demo")))
            databases.append(
                build_large(f"postgresql {scale}", postgres.create("large"), programme, chosen_authority(scale))
            )
        del programme
    return databases


def run(args: argparse.Namespace, directory: Path, postgres: PostgresServer | None) -> None:
    if not args.no_pages:
        databases = build_databases(args, directory, postgres)
        clock = ScriptClock()
        print("\nWarm-up (untimed): every page once on the demo database", flush=True)
        warm_up(clock, databases[0])
        compared = f"sqlite {compared_scale(args.scales)}"
        timings = [
            timing
            for database in databases
            for timing in time_database(clock, database, args.repeats, against_bare=database.label == compared)
        ]
        print_against_bare([t for t in timings if t.database == compared])
        print_scales(timings, [f"sqlite {scale}" for scale in args.scales])
        print_other_databases([t for t in timings if not t.database.startswith("sqlite ") or "demo" in t.database])
        time_briefing_pack(databases[0])
        time_spc(n_authorities=compared_scale(args.scales), years=args.years)
        middle = next(database for database in databases if database.label == compared)
        time_portfolio(clock, middle.url, middle.authority.code, args.repeats)
    if not args.no_loaders:
        print_loader_table(time_loaders(directory / "loaders", args.loader_repeats, postgres))
    if not args.no_pages and not args.no_browser:
        time_in_a_browser(next((database for database in databases if database.label == compared), databases[-1]))


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

"""Loader timings for ``make bench`` (called by scripts/bench.py): each real file against plain pandas.

Each real file in ``../shared/realdata`` (the five DfE explore-education-statistics CSVs, the statistical neighbours
CSV, the Annex A sample workbook) and a generated Annex A workbook with 100,000 List 7 rows
(``tests/support/annex_a_factory.make_annex_a``) is loaded with ``loaders.run.load_source`` (kind worked out from the
content, as the app and the command line do) into a fresh copy of the migrated database (the seeded demo one for
Annex A, which needs Sefton): a SQLite file, and with ``--postgres`` also a throwaway PostgreSQL database made from
a template. The engine has connected before the clock starts, as the app's cached engine has. Each file is also
read with plain pandas from the same bytes: the baseline, in the same run. The machine may be busy: each load runs
``repeats`` times, each into a fresh database, and each read as many times (at least five, unless that takes more
than five seconds, as for the generated workbook); the medians are shown.

The target: a file stores within ``TARGET_RATIO`` times (10x) pandas' read of it, on each database. The table shows
it as met or NOT MET for every file; DfE's statistics files are what it is about.
"""

from __future__ import annotations

import io
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from improvement.db import get_engine, migrate
from improvement.demo import SEFTON
from loaders import report
from loaders.run import FileRefused, Source, load_source, recognise
from loaders.seed import prepare_database

REPO_ROOT = Path(__file__).resolve().parent.parent


class LoaderRefusedError(RuntimeError):
    """A real file the loaders recognise was refused: the figures would mean nothing."""


REALDATA = REPO_ROOT.parent / "shared" / "realdata"
REAL_FILES = [
    "b1_children_in_need_2013_to_2025.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "csww_indicators_2017_to_2025.csv",
    "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "d5_cpps_at31march_by_duration_2013_to_2025.csv",
    "New_Statistical_Neighbour_Groupings_April_2021.csv",
    "annex_a_sample_liia_tools.xlsx",
]
GENERATED_ANNEX_A_ROWS = 100_000
ANNEX_A_OPTIONS = {"authority": SEFTON.code, "extract_date": "2023-03-31"}
TARGET_RATIO = 10  # a load within this many times pandas' read of the same bytes
LEAST_READS = 5  # reads of each file by pandas, unless they take more than READS_WITHIN_S seconds in all
READS_WITHIN_S = 5.0


@dataclass(frozen=True)
class LoaderTiming:
    file: str
    kind: str
    database: str  # sqlite or postgresql
    rows: int  # data rows pandas read from the file (every sheet of a workbook)
    written: int  # rows the load wrote
    load_s: list[float]  # one per repeat, each into a fresh database
    read_s: list[float]

    @property
    def load_median_s(self) -> float:
        return statistics.median(self.load_s)

    @property
    def read_median_s(self) -> float:
        return statistics.median(self.read_s)

    @property
    def ratio(self) -> float:
        return self.load_median_s / self.read_median_s if self.read_median_s else float("nan")

    @property
    def met(self) -> bool:
        return self.ratio <= TARGET_RATIO


class Databases:
    """Fresh databases for each load: copies of a migrated and a seeded template, on SQLite and, given a
    ``PostgresServer`` (scripts/bench.py), on PostgreSQL (``CREATE DATABASE ... TEMPLATE``)."""

    def __init__(self, directory: Path, postgres=None) -> None:
        self.directory, self.postgres = directory, postgres
        self.backends = ["sqlite"] + (["postgresql"] if postgres is not None else [])
        self.templates: dict[tuple[str, str], str] = {}
        self.made = 0

    def template(self, backend: str, which: str) -> str:
        """The URL of the ``migrated`` or ``seeded`` template on ``backend``, made the first time it is asked for."""
        if (backend, which) not in self.templates:
            if backend == "sqlite":
                url = f"sqlite:///{self.directory / f'{which}.sqlite'}"
            else:
                url = self.postgres.create(f"loaders_{which}")
            (prepare_database if which == "seeded" else migrate)(get_engine(url))
            get_engine(url).dispose()  # nothing may be connected to a template that is copied
            self.templates[backend, which] = url
        return self.templates[backend, which]

    def fresh(self, backend: str, which: str) -> str:
        template = self.template(backend, which)
        self.made += 1
        if backend == "sqlite":
            path = self.directory / f"load_{self.made}.sqlite"
            shutil.copyfile(template.removeprefix("sqlite:///"), path)
            return f"sqlite:///{path}"
        return self.postgres.create("loaders", template=get_engine(template).url.database)

    def drop(self, url: str) -> None:
        get_engine(url).dispose()
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        else:
            self.postgres.drop(get_engine(url).url.database)


def read_with_pandas(source: Source) -> tuple[int, float]:
    """Data rows and seconds for plain pandas on the same bytes: read_csv, or read_excel of every sheet."""
    start = time.perf_counter()
    if source.is_workbook:
        rows = sum(len(frame) for frame in pd.read_excel(io.BytesIO(source.content), sheet_name=None).values())
    else:
        rows = len(pd.read_csv(io.BytesIO(source.content), low_memory=False))
    return rows, time.perf_counter() - start


def generated_annex_a(directory: Path) -> Path | None:
    """An Annex A workbook with 100,000 List 7 rows, or None (with a message) if the factory is not there."""
    try:
        from tests.support.annex_a_factory import make_annex_a
    except ImportError as error:
        print(f"  skipped the generated Annex A workbook: tests/support/annex_a_factory.make_annex_a missing ({error})")
        return None
    path = directory / f"annex_a_generated_{GENERATED_ANNEX_A_ROWS}.xlsx"
    start = time.perf_counter()
    make_annex_a(path, list7_rows=GENERATED_ANNEX_A_ROWS, seed=0)
    print(f"  generated {path.name} ({GENERATED_ANNEX_A_ROWS:,} List 7 rows) in {time.perf_counter() - start:.1f} s")
    return path


def timed_load(url: str, source: Source, options: dict | None) -> tuple[float, int]:
    """Seconds for one ``load_source`` into the database at ``url`` (engine connected first), and rows written."""
    engine = get_engine(url)
    engine.connect().close()  # the app's engine is made and connected once, not per load
    start = time.perf_counter()
    result = load_source(engine, source, options=options, loaded_by="bench")
    seconds = time.perf_counter() - start
    if not result.ok:
        print(result.summary(), file=sys.stderr)
        raise LoaderRefusedError(f"{source.name} was refused by the {result.kind} loader")
    return seconds, result.changes.rows_written if result.changes else 0


def time_loader(path: Path, databases: Databases, repeats: int) -> list[LoaderTiming]:
    source = Source.from_path(path)
    try:
        loader = recognise(source)
    except FileRefused:
        print(f"  {path.name}: skipped, no registered kind recognises it (yet)", flush=True)
        return []
    wanted = report.kind_options(loader)
    options = {name: value for name, value in ANNEX_A_OPTIONS.items() if name in wanted} or None
    reads = [read_with_pandas(source)]
    while len(reads) < max(repeats, LEAST_READS) and sum(seconds for _, seconds in reads) < READS_WITHIN_S:
        reads.append(read_with_pandas(source))
    rows, read_s = reads[0][0], [seconds for _, seconds in reads]
    timings = []
    for backend in databases.backends:
        load_s, written = [], 0
        for _ in range(repeats):
            url = databases.fresh(backend, "seeded" if options else "migrated")
            try:
                seconds, written = timed_load(url, source, options)
            finally:
                databases.drop(url)
            load_s.append(seconds)
        timing = LoaderTiming(path.name, loader.kind, backend, rows, written, load_s, read_s)
        print(
            f"  {path.name} ({loader.kind}, {backend}): load {timing.load_median_s:.3f} s, "
            f"pandas {timing.read_median_s:.4f} s, {timing.ratio:.1f}x",
            flush=True,
        )
        timings.append(timing)
    return timings


def time_loaders(directory: Path, repeats: int = 3, postgres=None) -> list[LoaderTiming]:
    """Every real file (and the generated Annex A workbook) loaded ``repeats`` times into fresh SQLite databases,
    and into PostgreSQL ones too given a ``PostgresServer`` (whose databases the caller drops)."""
    where = "SQLite" + (" and PostgreSQL" if postgres is not None else "")
    print(
        f"\nLoader timings: load_source into fresh {where} databases vs plain pandas on the same file "
        f"(median of {repeats} loads and of at least {max(repeats, LEAST_READS)} reads of a CSV file)",
        flush=True,
    )
    directory.mkdir(parents=True, exist_ok=True)
    databases = Databases(directory, postgres)
    paths = [REALDATA / name for name in REAL_FILES if (REALDATA / name).is_file()]
    for name in REAL_FILES:
        if not (REALDATA / name).is_file():
            print(f"  {name}: skipped, not found in {REALDATA}")
    generated = generated_annex_a(directory)
    paths += [generated] if generated else []
    return [timing for path in paths for timing in time_loader(path, databases, repeats)]


def print_loader_table(timings: list[LoaderTiming]) -> None:
    if not timings:
        print("\nNo loader timings: no file was recognised by a registered kind.")
        return
    headings = ("file", "kind", "database", "rows", "written", "load s", "pandas s", "ratio", "target")
    cells = [
        (
            t.file,
            t.kind,
            t.database,
            f"{t.rows:,}",
            f"{t.written:,}",
            f"{t.load_median_s:.3f}",
            f"{t.read_median_s:.4f}",
            f"{t.ratio:.1f}x",
            "met" if t.met else "NOT MET",
        )
        for t in timings
    ]
    widths = [max(len(heading), *(len(row[i]) for row in cells)) for i, heading in enumerate(headings)]

    def line(row: tuple[str, ...]) -> str:
        left = [cell.ljust(width) for cell, width in zip(row[:3], widths[:3], strict=True)]
        right = [cell.rjust(width) for cell, width in zip(row[3:-1], widths[3:-1], strict=True)]
        return "  ".join([*left, *right, row[-1]])

    print(
        "\nrows: data rows pandas read from the file; written: rows the load stored; load s and pandas s: medians; "
        f"ratio: load s / pandas s; target: within {TARGET_RATIO}x"
    )
    print(line(headings))
    print(line(tuple("-" * width for width in widths)))
    for row in cells:
        print(line(row))
    statistics_files = [t for t in timings if t.kind == "dfe_statistics"]
    missed = [t for t in statistics_files if not t.met]
    summary = "all met" if not missed else f"NOT MET on {len(missed)} of {len(statistics_files)}"
    print(f"\nDfE statistics files stored within {TARGET_RATIO}x pandas' read: {summary}")

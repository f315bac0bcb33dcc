"""Loader timings for ``make bench`` (called by scripts/bench.py): each real file against plain pandas.

Each real file in ``../shared/realdata`` (the five DfE explore-education-statistics CSVs, the statistical neighbours
CSV, the Annex A sample workbook) and a generated Annex A workbook with 100,000 List 7 rows
(``tests/support/annex_a_factory.make_annex_a``) is loaded with ``loaders.run.load_source`` (kind worked out from the
content, as the app and the command line do) into a fresh SQLite copy of the migrated database (the seeded demo one
for Annex A, which needs Sefton), and read with plain pandas from the same bytes: the baseline, in the same run.
"""

from __future__ import annotations

import io
import shutil
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


@dataclass(frozen=True)
class LoaderTiming:
    file: str
    kind: str
    rows: int  # data rows pandas read from the file (every sheet of a workbook)
    written: int  # rows the load wrote
    load_s: float
    read_s: float

    @property
    def overhead(self) -> float:
        return self.load_s / self.read_s if self.read_s else float("nan")


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


def time_loader(path: Path, templates: dict[str, Path], directory: Path) -> LoaderTiming | None:
    source = Source.from_path(path)
    try:
        loader = recognise(source)
    except FileRefused:
        print(f"  {path.name}: skipped, no registered kind recognises it (yet)", flush=True)
        return None
    wanted = report.kind_options(loader)
    options = {name: value for name, value in ANNEX_A_OPTIONS.items() if name in wanted} or None
    database = directory / f"{path.stem}.sqlite"
    shutil.copyfile(templates["seeded" if options else "migrated"], database)
    url = f"sqlite:///{database}"
    rows, read_s = read_with_pandas(source)
    start = time.perf_counter()
    result = load_source(get_engine(url), source, options=options, loaded_by="bench")
    load_s = time.perf_counter() - start
    get_engine(url).dispose()
    if not result.ok:
        print(result.summary(), file=sys.stderr)
        raise LoaderRefusedError(f"{path.name} was refused by the {loader.kind} loader")
    written = result.changes.rows_written if result.changes else 0
    timing = LoaderTiming(path.name, loader.kind, rows, written, load_s, read_s)
    print(f"  {path.name} ({loader.kind}): load {load_s:.2f} s, pandas {read_s:.2f} s", flush=True)
    return timing


def time_loaders(directory: Path) -> list[LoaderTiming]:
    print("\nLoader timings: load_source into a fresh SQLite database vs plain pandas on the same file", flush=True)
    directory.mkdir(parents=True, exist_ok=True)
    templates = {"migrated": directory / "migrated.sqlite", "seeded": directory / "seeded.sqlite"}
    migrate(get_engine(f"sqlite:///{templates['migrated']}"))
    prepare_database(get_engine(f"sqlite:///{templates['seeded']}"))
    for template in templates.values():
        get_engine(f"sqlite:///{template}").dispose()
    paths = [REALDATA / name for name in REAL_FILES if (REALDATA / name).is_file()]
    for name in REAL_FILES:
        if not (REALDATA / name).is_file():
            print(f"  {name}: skipped, not found in {REALDATA}")
    generated = generated_annex_a(directory)
    paths += [generated] if generated else []
    return [timing for path in paths if (timing := time_loader(path, templates, directory)) is not None]


def print_loader_table(timings: list[LoaderTiming]) -> None:
    if not timings:
        print("\nNo loader timings: no file was recognised by a registered kind.")
        return
    headings = ("file", "kind", "rows", "written", "load s", "load rows/s", "pandas s", "pandas rows/s", "overhead")
    cells = [
        (
            t.file,
            t.kind,
            f"{t.rows:,}",
            f"{t.written:,}",
            f"{t.load_s:.2f}",
            f"{t.rows / t.load_s:,.0f}",
            f"{t.read_s:.2f}",
            f"{t.rows / t.read_s:,.0f}",
            f"{t.overhead:.1f}x",
        )
        for t in timings
    ]
    widths = [max(len(heading), *(len(row[i]) for row in cells)) for i, heading in enumerate(headings)]

    def line(row: tuple[str, ...]) -> str:
        left = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        return "  ".join(left + [cell.rjust(width) for cell, width in zip(row[2:], widths[2:], strict=True)])

    print("\nrows: data rows pandas read from the file; written: rows the load stored; overhead: load s / pandas s")
    print(line(headings))
    print(line(tuple("-" * width for width in widths)))
    for row in cells:
        print(line(row))

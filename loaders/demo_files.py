"""The demo programme as the files a council would load: one CSV per table, one workbook per RAG report.

``loaders.seed`` writes the demo programme straight into the database, as one synthetic load. This module writes
the same programme (``improvement.demo.build_programme``) as files in the formats the loaders accept, so that a
test or an analyst can build any state a real database can be in (a plan without actuals, reports without
measures, caseloads without targets...) through the real loaders, one file at a time, with their real messages.

- ``programme_files(programme)``: file name -> bytes, in dependency order (the plan's tables, then actuals, the
  RAG reports oldest first, caseloads, risks, risk reviews, meetings, the adviser's contract and days, the
  interventions and Ofsted's judgements). Loaded in that order into an empty database, the pages show what the seed
  shows.
- ``files_of(programme, *groups)``: only some of them, by group (``GROUPS``; ``PLAN`` stands for every table of
  the plan, ``PLAN_TABLES``). ``group_of(name)`` says which group a file belongs to.
- ``python -m loaders.demo_files OUT_DIR [--only GROUP ...] [--portfolio]`` writes them into ``OUT_DIR``: Sefton's
  programme, or with ``--portfolio`` the whole demo, Sefton and the six invented councils in intervention, in one
  set of files.

Columns, their order and the file names come from the loaders' own ``TableSpec``s, the names of the blank
templates in data/templates/. Dates are written 2023-06-30, yes/no columns "yes" or "no", numbers with every
digit they have (20.8, not 20.80000000000000071), and a suppressed figure as an empty value with its status
symbol (``c``), never as 0. A report's workbook holds its ``report`` sheet (field, value rows) and its
``ratings`` sheet; its name gives the version it becomes when the earlier versions of that date are loaded first
(the loader numbers versions as they arrive), so the draft that follows a submitted report is ``..._v2.xlsx``;
with several authorities (``build_large_dataset``) it also names the authority (``rag_report_<date>_<code>_v1``).
The same programme always gives the same bytes, workbooks included, so a file written again is "already loaded".

Everything in these files is SYNTHETIC: the figures are invented. Loaded through the loaders they are recorded
as ordinary file loads, not as synthetic data, so the pages do not mark them as demo data: load them only into
a database for trying things out, and never present what it shows as a real council's figures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.xml.functions import tostring

from improvement.demo import SEFTON, Programme, build_programme, combine_programmes
from improvement.papers.workbook import report_sheets
from loaders.framework.schema import Column, TableSpec
from loaders.kinds import improvement_plan as plan
from loaders.seed import DEMO_SEED, PROGRAMME_TABLES, demo_programmes

PLAN = "plan"
"""The group that stands for every table of the improvement plan (``PLAN_TABLES``)."""

PLAN_TABLES: tuple[str, ...] = tuple(plan.SPECS)
"""The plan's tables in loading order: authority, priority_areas, measures, plan_measures, targets, trajectories,
actions, milestones. Each is a group of its own (one file, ``improvement_plan_<table>.csv``)."""

REPORTS = "rag_reports"
"""The group of the adviser's RAG report workbooks (``rag_report_<date>_v<version>.xlsx``)."""

PLAN_PREFIX = f"{plan.TEMPLATE_NAME}_"
REPORT_PREFIX = "rag_report_"

SYNTHETIC_WARNING = (
    "WARNING: these files are SYNTHETIC demo data: every figure in them is invented. Use them to try the loaders, "
    "in a throwaway database; never present what they show as a real council's figures. Loaded through the "
    "loaders they are not marked as synthetic, so the pages show no SYNTHETIC DEMO DATA banner."
)


@dataclass(frozen=True)
class _TableFile:
    """One CSV file: the group it belongs to, its name, the programme's frame it holds and the loader's spec."""

    group: str
    name: str
    frame: str  # a field of ``Programme``
    spec: TableSpec


_FRAMES = {table.spec.name: frame for frame, table in PROGRAMME_TABLES.items()}
"""A table's spec name -> the programme's frame that holds it (as the seed stores it)."""
_PLAN_FILES = tuple(
    _TableFile(table, f"{PLAN_PREFIX}{table}.csv", _FRAMES[table], plan.SPECS[table]) for table in PLAN_TABLES
)
_ACTUALS_FILE = _TableFile(
    "measure_actuals", "measure_actuals.csv", "observations", PROGRAMME_TABLES["observations"].spec
)
_LATER_FILES = tuple(
    _TableFile(spec.name, f"{spec.name}.csv", frame, spec)
    for frame in (
        "caseloads",
        "risks",
        "risk_reviews",
        "meetings",
        "adviser_contracts",
        "adviser_days",
        "interventions",
        "ofsted_judgements",
    )
    for spec in (PROGRAMME_TABLES[frame].spec,)
)

GROUPS: tuple[str, ...] = (*PLAN_TABLES, _ACTUALS_FILE.group, REPORTS, *(file.group for file in _LATER_FILES))
"""Every group, in loading order: a file of a later group may need the files of earlier ones (a report needs the
plan's priority areas, a risk review its risk), never the other way round."""


# --- The files ------------------------------------------------------------------------------------------------


def programme_files(programme: Programme) -> dict[str, bytes]:
    """Every file of ``programme``: file name -> content, in the order they must be loaded."""
    return dict(_files(programme, set(GROUPS)))


def files_of(programme: Programme, *groups: str) -> dict[str, bytes]:
    """The files of the given groups (``GROUPS``, or ``PLAN`` for all of the plan's tables), in loading order.

    ``files_of(programme, PLAN, "caseloads")`` is a plan and caseloads with no actuals, reports or risks."""
    wanted: set[str] = set()
    for group in groups:
        if group == PLAN:
            wanted.update(PLAN_TABLES)
        elif group in GROUPS:
            wanted.add(group)
        else:
            raise ValueError(f"unknown group {group!r}: expected {PLAN!r} or one of {', '.join(GROUPS)}")
    return dict(_files(programme, wanted))


def group_of(name: str) -> str:
    """The group of a file that ``programme_files`` names, e.g. ``targets`` for improvement_plan_targets.csv."""
    if name.startswith(REPORT_PREFIX) and name.endswith(".xlsx"):
        return REPORTS
    for file in (*_PLAN_FILES, _ACTUALS_FILE, *_LATER_FILES):
        if file.name == name:
            return file.group
    raise ValueError(f"{name!r} is not a name that programme_files gives a file")


def write_files(files: dict[str, bytes], directory: str | Path) -> list[Path]:
    """Write ``files`` into ``directory`` (created if need be, files of the same name replaced); the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written


def _files(programme: Programme, groups: set[str]) -> Iterator[tuple[str, bytes]]:
    for file in (*_PLAN_FILES, _ACTUALS_FILE):
        if file.group in groups:
            yield file.name, _csv(getattr(programme, file.frame), file.spec, file.name)
    if REPORTS in groups:
        yield from _report_workbooks(programme)
    for file in _LATER_FILES:
        if file.group in groups:
            yield file.name, _csv(getattr(programme, file.frame), file.spec, file.name)


# --- CSV files --------------------------------------------------------------------------------------------------


def _csv(frame: pd.DataFrame, spec: TableSpec, name: str) -> bytes:
    """``frame``'s rows under the spec's header, in the spec's column order (UTF-8, one line per row)."""
    missing = [column for column in spec.column_names if column not in frame.columns]
    if missing:
        raise ValueError(f"{name}: the programme's frame has no column {', '.join(missing)} for '{spec.name}'")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(spec.column_names)
    columns = [frame[column.name].tolist() for column in spec.columns]
    for values in zip(*columns, strict=True):
        writer.writerow([_cell(value, column) for value, column in zip(values, spec.columns, strict=True)])
    return buffer.getvalue().encode("utf-8")


def _cell(value: object, column: Column) -> str:
    """A value as the loaders read it back: empty when missing, yes/no, 2023-06-30, every digit of a number."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if column.type == "yes_no":
        raise ValueError(f"column '{column.name}' takes yes or no, not {value!r}")
    if isinstance(value, dt.datetime):  # a pandas Timestamp too
        if value.time() != dt.time(0):
            raise ValueError(f"column '{column.name}' takes a date, not the date and time {value!r}")
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"column '{column.name}': {number} cannot be loaded; only finite numbers can")
        if number.is_integer():
            return str(int(number))  # 16, not 16.0
        if column.type == "integer":
            raise ValueError(f"column '{column.name}' takes a whole number, not {number!r}")
        return repr(number)  # the shortest text that reads back as exactly this float
    return str(value)


# --- RAG report workbooks -----------------------------------------------------------------------------------------


def _report_workbooks(programme: Programme) -> Iterator[tuple[str, bytes]]:
    """One workbook per report (authority, date and version), oldest first and each date's versions in order."""
    reports = programme.rag_reports
    several = reports["authority_code"].nunique() > 1
    order = {
        (authority, code): position
        for position, (authority, code) in enumerate(
            programme.priority_areas.sort_values(["authority_code", "sort_order", "code"])[
                ["authority_code", "code"]
            ].itertuples(index=False)
        )
    }
    ratings = {
        key: group.assign(
            _order=[order.get((key[0], code), len(order)) for code in group["priority_area_code"]]
        ).sort_values(["_order", "priority_area_code"])
        for key, group in programme.rag_ratings.groupby(["authority_code", "report_date", "version"], sort=False)
    }
    empty = programme.rag_ratings.iloc[:0]
    for report in reports.sort_values(["report_date", "authority_code", "version"]).to_dict("records"):
        key = (report["authority_code"], report["report_date"], report["version"])
        authority = f"{report['authority_code']}_" if several else ""
        name = f"{REPORT_PREFIX}{report['report_date']:%Y-%m-%d}_{authority}v{report['version']}.xlsx"
        yield name, _report_workbook(report, ratings.get(key, empty))


def _report_workbook(report: dict, ratings: pd.DataFrame) -> bytes:
    """The report in the upload layout, written by the one writer (``improvement.papers.workbook``)."""
    workbook = report_sheets(report, ratings)
    workbook.properties.creator = "loaders.demo_files (synthetic demo data)"
    return _stable_bytes(workbook, dt.datetime.combine(report["report_date"], dt.time(0)))


def _append(sheet, values: Iterable[str]) -> None:
    """A row of text cells, stored as text even when one starts with '=' (openpyxl would make it a formula)."""
    sheet.append([value if value != "" else None for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


_CORE_PROPERTIES = "docProps/core.xml"  # where every .xlsx keeps its created and modified times


def _stable_bytes(workbook: Workbook, stamp: dt.datetime) -> bytes:
    """The workbook as .xlsx bytes with ``stamp`` as its created and modified times and every zip entry's time.

    openpyxl stamps the time of saving into the file and its zip entries, so the same workbook saved twice differs;
    with one fixed time the same report always gives the same bytes (and the same SHA-256 in the load history)."""
    saved = io.BytesIO()
    workbook.save(saved)
    workbook.properties.created = workbook.properties.modified = stamp
    stable = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = tostring(workbook.properties.to_tree()) if entry.filename == _CORE_PROPERTIES else source.read(entry)
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, data)
    return stable.getvalue()


# --- Command line -------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loaders.demo_files",
        description=f"Write the synthetic demo programme ({SEFTON.name}, seed {DEMO_SEED}) as the files a council "
        "would load, in the order to load them.",
    )
    parser.add_argument("out_dir", type=Path, help="directory to write the files into (created if need be)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=(PLAN, *GROUPS),
        metavar="GROUP",
        help=f"write only these groups: {PLAN} (every table of the plan) or any of {', '.join(GROUPS)}",
    )
    parser.add_argument(
        "--portfolio",
        action="store_true",
        help="the whole demo: Sefton and the six invented councils in intervention (all synthetic)",
    )
    arguments = parser.parse_args(None if argv is None else [str(argument) for argument in argv])
    if arguments.portfolio:
        programme = combine_programmes(list(demo_programmes().values()))
    else:
        programme = build_programme(SEFTON, seed=DEMO_SEED)
    files = files_of(programme, *arguments.only) if arguments.only else programme_files(programme)
    paths = write_files(files, arguments.out_dir)
    for number, path in enumerate(paths, start=1):
        print(f"{number:3d}  {path.name}")
    print(
        f"Wrote {len(paths)} files to {arguments.out_dir}. Load them in the order listed: a report needs the plan's "
        "priority areas, a risk review its risk."
    )
    print(SYNTHETIC_WARNING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

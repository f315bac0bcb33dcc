"""How a kind declares the tables it stores, and how a file of such tables is read (no database).

A ``StoredTable`` says how one table of a file becomes rows of one model, declaratively: its ``spec`` (columns,
types, key, as in the template), the columns that identify a row across loads (``key``) and those whose difference
makes a row a correction (``compared``), the column naming its authority, the codes it uses to name rows of other
tables (``references``: a measure, a priority area, a risk...), month columns, and the columns holding a measure's
figures (``measured``, ``noted_jumps``: see ``loaders.framework.plausible``). A few hooks hold what no
declaration can say: a table's own row rules (``check``), defaults (``prepare``), rules needing the database
(``check_stored``). A ``TableKind`` is a kind of file made of such tables: a CSV file holds one of them, a workbook
any of them as sheets named like the tables.

``read_table`` validates every table against its spec (``loaders.framework.schema``), moves month columns to
the 1st (with a note), refuses what the database could not hold, then applies the table's own rules to the rows
whose cells were valid: every problem is reported at once. ``TableKind`` (``loaders.framework.kind``) reads a file
of such tables with ``read_table`` and hands them to the one store, ``loaders.framework.store``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from improvement.db.models import Measure, PriorityArea
from loaders.framework.authorities import HOW_TO_ADD_AN_AUTHORITY
from loaders.framework.base import Problem, as_text
from loaders.framework.compare import month_starts, set_column
from loaders.framework.readers import ROW, RawTable
from loaders.framework.schema import Column, TableSpec, repeated_message, repeated_rows, unfit, validate
from loaders.framework.templates import csv_template

AUTHORITY_CODE = "authority_code"
AUTHORITY = "__authority__"
"""Column the store adds: the new LA code of the row's authority, however the file named it."""
MEASURES_TABLE = "measures"
"""The spec name of the table that defines measures (the improvement plan's), which a ``measure_code`` may name."""


def authority_column(
    description: str = "The council's new LA code (E08000014) or old LA code (343), as already stored",
) -> Column:
    """The ``authority_code`` column most tables start with."""
    return Column(AUTHORITY_CODE, description=description, example="E08000014")


def month_column(name: str = "period") -> Column:
    """A column holding a month, as any date in it (stored as the 1st)."""
    return Column(
        name,
        "date",
        description="The month the figures are for: any date in it (stored as the 1st)",
        example="2023-06-01",
    )


@dataclass(frozen=True)
class Reference:
    """Cells naming a row of another table by its code: a row of this file's ``defined_by`` table, or one already
    stored. The store checks every code names one (else ``message``, which may say ``{authority}``, the authority's
    new LA code, and ``{known}``, the codes it has) and stores the id of the newest such row in ``id_column``."""

    columns: tuple[str, ...]  # this table's cells, e.g. ("priority_area_code",)
    model: type  # the table they name rows of
    codes: tuple[str, ...]  # its columns matching ``columns``, e.g. ("code",); also the defining table's columns
    id_column: str  # e.g. "priority_area_id"
    message: str
    defined_by: str | None = None  # the spec name of this file's table that may hold them, e.g. "priority_areas"
    per_authority: bool = True  # an authority's own codes (priority areas), or shared by all (measures)
    optional: bool = False  # an empty cell names nothing and is stored as NULL
    order: tuple[str, ...] = ()  # the referred model's columns ``{known}`` is listed by


def measure_reference(message: str) -> Reference:
    """A ``measure_code`` naming a measure of the shared catalogue (in this file's ``measures`` table, or stored)."""
    return Reference(
        ("measure_code",), Measure, ("code",), "measure_id", message, defined_by=MEASURES_TABLE, per_authority=False
    )


def priority_area_reference(message: str, **options: Any) -> Reference:
    """A ``priority_area_code`` naming a priority area of the row's authority (in this file's ``priority_areas``
    table, or stored)."""
    return Reference(
        ("priority_area_code",),
        PriorityArea,
        ("code",),
        "priority_area_id",
        message,
        defined_by="priority_areas",
        **options,
    )


class StoredTable:
    """How one table of a file is checked and stored. Subclasses set the attributes and may override the hooks."""

    spec: TableSpec
    model: type
    key: tuple[str, ...] = ()  # columns identifying a row across loads (after look-ups: ids, not codes)
    compared: tuple[str, ...] = ()  # columns whose difference makes a row "changed"
    references: tuple[Reference, ...] = ()
    authority: str | None = AUTHORITY_CODE  # the column naming each row's authority; None: rows of no authority
    unknown_authority: str = f"no authority with this code is in the database yet: {HOW_TO_ADD_AN_AUTHORITY}"
    defines_authorities: bool = False  # its rows are authorities (``code``, ``old_la_code``) other tables may name
    catalogue: bool = False  # shared rows (authorities, measures): a stored key is kept as it is, never written again
    scope: tuple[str, ...] | None = None  # the stored rows compared with: those with the file's values of these
    version: str | None = None  # a column numbering versions: a changed row is stored as the key's next version
    part_of: str | None = None  # the spec name of the versioned table each row belongs to (stored with it)
    counted_by: str | None = None  # count changes per value of this column ("published_value <indicator>")
    months: tuple[str, ...] = ()  # date columns holding a month: any day is stored as the 1st
    measured: tuple[str, ...] = ()  # figures of the row's measure: refused outside its unit's range (``plausible``)
    noted_jumps: str | None = None  # the monthly figure whose jumps far beyond the usual change are noted
    same_month: str | None = None  # the problem for two days of one month (default: a repeated key)
    always_columns: tuple[str, ...] = ()  # optional cells, but the header must have the column
    too_long: str = "is {length} characters long: at most {limit} fit; shorten it"

    @property
    def header_columns(self) -> list[str]:
        """Columns a header must name: the required ones and ``always_columns`` (how a CSV file is recognised)."""
        return [c for c in self.spec.column_names if c in self.spec.required_names or c in self.always_columns]

    @property
    def name(self) -> str:
        """The database table, as ``Changes`` names it."""
        return self.model.__tablename__

    @property
    def stored_scope(self) -> tuple[str, ...]:
        if self.scope is not None:
            return self.scope
        return ("authority_id",) if self.authority or self.part_of else ()

    def shown(self, value: str, too_long: bool) -> str:
        """Text the database could not hold, as a problem shows it."""
        return value[:40] + "..." if too_long else value

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        """Row rules beyond each cell's type (pure); ``frame`` holds only rows whose cells were all valid."""
        return []

    def prepare(self, read: ReadTable, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        """After validation and checks (pure): the frame to store and any notes (e.g. defaults applied)."""
        return frame, []

    def check_stored(self, connection: Connection, read: ReadTable, frame: pd.DataFrame, ids: dict) -> list[Problem]:
        """The table's own rules needing the database, after its authorities and references were checked:
        problems, or raise ``FileRefused`` to refuse with that alone. ``frame`` holds the rows whose authority is
        known; ``ids`` maps a stored authority's new LA code to its id."""
        return []

    def conflicts(self, read: ReadTable, row: dict, stored: dict) -> list[Problem]:
        """For a ``catalogue`` table: what is wrong with ``row`` given the stored row of its key (``compared``
        values), e.g. a file giving a stored measure another unit."""
        return []

    def month_note(self, column: str, rows: list[int], days: list, moved: list[int]) -> str:
        """The note saying that the ``days`` at positions ``moved`` were not the 1st of their month."""
        row, day = rows[moved[0]], days[moved[0]]
        return (
            f"{self.spec.name}: {len(moved)} {column} date(s) were not the 1st of the month and were stored as "
            f"their month (first: row {row}, {day:%d/%m/%Y} -> {day:%B %Y})"
        )

    def vanished(self, key: dict, stored: dict) -> dict | None:
        """A stored row (``key`` and ``compared`` values) whose key this file, covering its whole ``scope``, no
        longer has: the row to write for it, or None to leave it as it is (the default)."""
        return None

    def templates(self) -> dict[str, bytes]:
        return {f"{self.spec.name}.csv": csv_template(self.spec)}


@dataclass
class ReadTable:
    """One table as read from a file: typed values (with ``ROW`` numbers), where it came from, and its cells as
    written (``raw``, when read from a file: what a problem shows)."""

    table: StoredTable
    file: str
    sheet: str | None
    frame: pd.DataFrame
    raw: pd.DataFrame | None = field(default=None, repr=False)
    _positions: dict[int, int] | None = field(default=None, init=False, repr=False)

    def problem(self, message: str, row: Any = None, column: str | None = None, value: Any = None) -> Problem:
        return Problem(
            self.file, message, sheet=self.sheet, row=None if row is None else int(row), column=column, value=value
        )

    def written(self, row: Any, column: str, typed: Any = None) -> Any:
        """The cell of ``row`` and ``column`` as the file has it (13/07/2023, 1e308), else ``typed``."""
        if self.raw is None or column not in self.raw.columns:
            return typed
        if self._positions is None:
            self._positions = {int(number): position for position, number in enumerate(self.raw[ROW])}
        position = self._positions.get(int(row))
        return typed if position is None else self.raw[column].iloc[position]


@dataclass
class ReadFile:
    """What ``TableKind.read`` returns: the file's tables in storing order, and notes for ``Changes``."""

    tables: list[ReadTable]
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> ReadTable | None:
        return next((read for read in self.tables if read.table.spec.name == name), None)


def read_table(table: StoredTable, raw: RawTable) -> tuple[ReadTable, list[Problem], list[str]]:
    """``raw`` validated against ``table``'s spec and rules: what was read, every problem, and notes."""
    validated = validate(raw, table.spec)
    read = ReadTable(table, raw.file, raw.sheet, validated.frame, raw.frame)
    problems = list(validated.problems)
    for name in table.always_columns:
        if name not in raw.columns:
            problems.append(
                read.problem(
                    f"missing column '{name}': the header row must name every column of the "
                    f"'{table.spec.name}' table ({', '.join(table.spec.column_names)})",
                    row=1,
                )
            )
    if validated.frame.empty or len(problems) > len(validated.problems):
        return read, problems, []
    # pandas' text columns hold a missing cell as NaN: every hook sees plain Python values, None when empty
    frame = validated.frame.astype(object)
    frame = frame.where(frame.notna(), None)
    notes = []
    for column in table.months:
        days = frame[column].tolist()
        months, moved = month_starts(days)
        if moved:
            notes.append(table.month_note(column, frame[ROW].tolist(), days, moved))
            set_column(frame, column, months)
    problems += fit_problems(read, frame)
    if table.months:  # two days of one month are the same key once normalised
        reported = {problem.row for problem in problems}
        problems += [p for p in month_repeats(read, frame) if p.row not in reported]
    bad_rows = {problem.row for problem in problems}
    problems += table.check(read, frame[~frame[ROW].isin(bad_rows)])
    if not problems:
        read.frame, more_notes = table.prepare(read, frame)
        notes += more_notes
    return read, problems, notes


def fit_problems(read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
    """Values the database could not hold as given (``schema.unfit``): refused, never cut short."""
    problems = []
    model_columns = read.table.model.__table__.columns
    for column in read.table.spec.columns:
        stored = model_columns.get(column.name)
        if stored is None:
            continue
        for row, value in zip(frame[ROW], frame[column.name], strict=True):
            message = None if value is None else unfit(value, stored, read.table.too_long)
            if message:
                if isinstance(value, str):  # too long, or holding a NUL
                    value = read.table.shown(value, too_long="\x00" not in value)
                problems.append(read.problem(message, row=row, column=column.name, value=value))
    return problems


def month_repeats(read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
    """Rows whose spec key repeats an earlier row's once their months are the 1st."""
    table = read.table
    if table.same_month is None:
        return repeated_keys(read, frame, table.spec.key)
    month = next(column for column in table.months if column in table.spec.key)
    return [
        read.problem(
            table.same_month.format(row=first),
            row=frame[ROW].iloc[position],
            column=month,
            value=read.written(frame[ROW].iloc[position], month, frame[month].iloc[position]),
        )
        for position, first in repeated_rows(frame, table.spec.key)
    ]


def repeated_keys(read: ReadTable, frame: pd.DataFrame, key: tuple[str, ...] | list[str]) -> list[Problem]:
    """Rows repeating an earlier row's ``key`` (e.g. an authority given once by its new and once by its old code,
    or two days of one month); shown as the file's key columns, as typed."""
    shown = read.table.spec.key
    return [
        read.problem(
            repeated_message(first, shown),
            row=frame[ROW].iloc[position],
            column=shown[-1],
            value=" + ".join(
                as_text(read.written(frame[ROW].iloc[position], name, frame[name].iloc[position])) for name in shown
            ),
        )
        for position, first in repeated_rows(frame, key)
    ]

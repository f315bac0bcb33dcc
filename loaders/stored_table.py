"""One mechanism for files that hold plain tables: read by ``TableSpec``, stored by "newest wins" diffing.

A ``StoredTable`` says how one table of a file becomes rows of one model: its spec (columns, types, key), the
columns that identify a row across loads (``key``) and the columns whose difference makes it a correction
(``compared``). A ``TableKind`` is a kind of file made of one or more stored tables (a CSV file holds one, a
workbook one sheet per table). Every kind built on it behaves the same way:

- ``read`` (no database): validate every table against its spec, normalise month columns to the 1st (with a
  note), check text fits its database column, then the table's own row rules (``StoredTable.check``) on the rows
  whose cells were valid; every problem is reported at once.
- ``store`` (in the load's transaction): authority codes become ids (new or old LA code), the table's own
  look-ups run (``StoredTable.resolve``: measure codes, risk references...), and then each row is compared with
  the **newest stored row for its key**: a new key is *added*, a different value is *changed* (a new row, so the
  old one stays as history), the same value is *unchanged* and nothing is written for it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Select, String, func, select
from sqlalchemy.orm import Session

from improvement.db.models import Load
from loaders.base import Changes, FileRefused, LoaderKind, Problem, Source
from loaders.bulk import authority_ids, insert_frame, records
from loaders.dfe_statistics import HOW_TO_ADD_AN_AUTHORITY
from loaders.readers import ROW, RawTable, csv_header, read_csv, read_workbook, sheet_names
from loaders.schema import TableSpec, validate
from loaders.templates import csv_template, workbook_template

AUTHORITY_CODE = "authority_code"


@dataclass
class ReadTable:
    """One table as read from a file: typed values (with ``ROW`` numbers) and where it came from."""

    table: StoredTable
    file: str
    sheet: str | None
    frame: pd.DataFrame

    def problem(self, message: str, row: Any = None, column: str | None = None, value: Any = None) -> Problem:
        return Problem(
            self.file, message, sheet=self.sheet, row=None if row is None else int(row), column=column, value=value
        )


@dataclass
class ReadFile:
    """What ``TableKind.read`` returns: the file's tables in storing order, and notes for ``Changes``."""

    tables: list[ReadTable]
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> ReadTable | None:
        return next((read for read in self.tables if read.table.spec.name == name), None)


class StoredTable:
    """How one table of a file is checked and stored. Subclasses set the attributes and may override the hooks."""

    spec: TableSpec
    model: type
    key: tuple[str, ...] = ()  # columns identifying a row across loads (after look-ups: ids, not codes)
    compared: tuple[str, ...] = ()  # columns whose difference makes a row "changed"
    months: tuple[str, ...] = ()  # date columns holding a month: any day is stored as the 1st
    always_columns: tuple[str, ...] = ()  # optional cells, but the header must have the column

    @property
    def header_columns(self) -> list[str]:
        """Columns a header must name: the required ones and ``always_columns`` (how a CSV file is recognised)."""
        return [c for c in self.spec.column_names if c in self.spec.required_names or c in self.always_columns]

    @property
    def name(self) -> str:
        """The database table, as ``Changes`` names it."""
        return self.model.__tablename__

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        """Row rules beyond each cell's type (pure); ``frame`` holds only rows whose cells were all valid."""
        return []

    def prepare(self, read: ReadTable, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        """After validation and checks (pure): the frame to store and any notes (e.g. defaults applied)."""
        return frame, []

    def resolve(
        self, connection: Connection, read: ReadTable, frame: pd.DataFrame, resolved: dict[str, pd.DataFrame]
    ) -> list[Problem]:
        """Database look-ups (codes -> ids) added to ``frame`` in place; problems for codes not found.
        ``resolved`` holds this file's earlier tables (by spec name), already resolved."""
        return []

    def before_insert(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """Last look-ups that need this load's earlier tables already written (e.g. the id of a new risk)."""
        return frame

    def stored_statement(self, authority_ids: list[int]) -> Select:
        """The stored rows to compare with: ``key`` and ``compared`` columns, newest load per key."""
        columns = [getattr(self.model, name) for name in (*self.key, *self.compared)]
        statement = select(*columns).where(self.model.authority_id.in_(authority_ids))
        return newest_per_key(
            statement, [getattr(self.model, name) for name in self.key], [self.model.load_id, self.model.id]
        )

    def templates(self) -> dict[str, bytes]:
        return {f"{self.spec.name}.csv": csv_template(self.spec)}


def newest_per_key(statement: Select, key_columns: list, order_columns: list) -> Select:
    """``statement`` reduced to the newest row per key (highest ``order_columns``), as the queries choose."""
    ranked = statement.add_columns(
        func.row_number()
        .over(partition_by=key_columns, order_by=[column.desc() for column in order_columns])
        .label("_rank")
    ).subquery()
    return select(*[column for column in ranked.columns if column.name != "_rank"]).where(ranked.c._rank == 1)


def set_column(frame: pd.DataFrame, name: str, values: list) -> None:
    """Set a column of plain Python values, kept as they are (pandas would turn ``[1, None]`` into ``[1.0, nan]``)."""
    frame[name] = pd.Series(values, index=frame.index, dtype=object)


def month_start(value: dt.date | None) -> dt.date | None:
    return None if value is None else value.replace(day=1)


class TableKind(LoaderKind):
    """A kind of file made of ``tables`` (stored in that order). A CSV file holds one of them, recognised by its
    header holding every required column; a workbook holds any of them as sheets named like the tables."""

    tables: tuple[StoredTable, ...] = ()
    workbook_template_name: str | None = None  # e.g. "risks.xlsx" for a multi-table kind

    # --- recognising ---------------------------------------------------------------------------------

    def recognises(self, source: Source) -> bool:
        if source.is_workbook:
            sheets = set(sheet_names(source))
            return any(table.spec.name in sheets for table in self.tables)
        return self._csv_table(csv_header(source)) is not None

    def _csv_table(self, header: list[str]) -> StoredTable | None:
        present = set(header)
        return next((table for table in self.tables if set(table.header_columns) <= present), None)

    # --- reading (no database) -----------------------------------------------------------------------

    def read(self, source: Source) -> ReadFile:
        raws = self._raw_tables(source)
        problems: list[Problem] = []
        result = ReadFile([])
        for table in self.tables:
            raw = raws.get(table.spec.name)
            if raw is None:
                continue
            if raw.frame.empty and len(raws) > 1:  # a header-only sheet beside others: nothing to load from it
                problems += [problem for problem in validate(raw, table.spec).problems if problem.row == 1]
                continue
            read, table_problems, notes = _read_table(table, raw)
            problems += table_problems
            result.tables.append(read)
            result.notes += notes
        if not result.tables and not problems:
            names = " and ".join(f"'{name}'" for name in raws)
            problems.append(Problem(source.name, f"the {names} sheets have a header but no rows of data"))
        if problems:
            raise FileRefused(problems)
        return result

    def _raw_tables(self, source: Source) -> dict[str, RawTable]:
        names = [table.spec.name for table in self.tables]
        if source.is_workbook:
            found = read_workbook(source, sheets=names)
            if not found:
                raise FileRefused(
                    [
                        Problem(
                            source.name,
                            f"has no sheet named {' or '.join(repr(name) for name in names)} "
                            f"(its sheets: {', '.join(sheet_names(source))}); start from the template",
                        )
                    ]
                )
            return found
        raw = read_csv(source)
        table = self._csv_table(raw.columns) or max(
            self.tables, key=lambda t: len(set(t.spec.column_names) & set(raw.columns))
        )
        return {table.spec.name: raw}

    # --- storing (inside the load's transaction) ----------------------------------------------------

    def store(self, session: Session, parsed: ReadFile, load: Load, source: Source) -> Changes:
        connection = session.connection()
        changes = Changes(notes=list(parsed.notes))
        problems: list[Problem] = []
        resolved: dict[str, pd.DataFrame] = {}
        for read in parsed.tables:
            frame = read.frame.copy()
            unknown_authorities = _resolve_authorities(connection, read, frame)
            problems += unknown_authorities
            if not unknown_authorities:
                problems += read.table.resolve(connection, read, frame, resolved)
                problems += _repeated_keys(read, frame)
            resolved[read.table.spec.name] = frame
        if problems:
            raise FileRefused(problems)
        for read in parsed.tables:
            store_newest_wins(connection, read.table, resolved[read.table.spec.name], load.id, changes)
        return changes

    def templates(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        if self.workbook_template_name:
            files[self.workbook_template_name] = workbook_template([t.spec for t in self.tables], self.title)
        for table in self.tables:
            files.update(table.templates())
        return files


def _read_table(table: StoredTable, raw: RawTable) -> tuple[ReadTable, list[Problem], list[str]]:
    validated = validate(raw, table.spec)
    read = ReadTable(table, raw.file, raw.sheet, validated.frame)
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
        moved = [
            (row, day) for row, day in zip(frame[ROW], frame[column], strict=True) if day is not None and day.day != 1
        ]
        if moved:
            set_column(frame, column, [month_start(day) for day in frame[column]])
            row, day = moved[0]
            notes.append(
                f"{table.spec.name}: {len(moved)} {column} date(s) were not the 1st of the month and were stored as "
                f"their month (first: row {row}, {day:%d/%m/%Y} -> {day:%B %Y})"
            )
    problems += _too_long(read, frame)
    if table.months:  # two days of one month are the same key once normalised
        reported = {problem.row for problem in problems}
        problems += [p for p in _repeated_keys(read, frame, table.spec.key) if p.row not in reported]
    bad_rows = {problem.row for problem in problems}
    problems += table.check(read, frame[~frame[ROW].isin(bad_rows)])
    if not problems:
        read.frame, more_notes = table.prepare(read, frame)
        notes += more_notes
    return read, problems, notes


def _too_long(read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
    """Text longer than its database column holds (refused, rather than cut short or failing on PostgreSQL)."""
    problems = []
    model_columns = read.table.model.__table__.columns
    for column in read.table.spec.columns:
        stored = model_columns.get(column.name)
        length = (
            getattr(stored.type, "length", None) if stored is not None and isinstance(stored.type, String) else None
        )
        if length is None:
            continue
        for row, value in zip(frame[ROW], frame[column.name], strict=True):
            if isinstance(value, str) and len(value) > length:
                problems.append(
                    read.problem(
                        f"is {len(value)} characters long: at most {length} fit; shorten it",
                        row=row,
                        column=column.name,
                        value=value[:40] + "...",
                    )
                )
    return problems


def _resolve_authorities(connection: Connection, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
    ids = authority_ids(connection, frame[AUTHORITY_CODE].tolist())
    set_column(frame, "authority_id", [ids.get(code) for code in frame[AUTHORITY_CODE]])
    return [
        read.problem(
            f"no authority with this code is in the database yet: {HOW_TO_ADD_AN_AUTHORITY}",
            row=row,
            column=AUTHORITY_CODE,
            value=code,
        )
        for row, code, authority in zip(frame[ROW], frame[AUTHORITY_CODE], frame["authority_id"], strict=True)
        if authority is None
    ]


def _repeated_keys(read: ReadTable, frame: pd.DataFrame, key: tuple[str, ...] | None = None) -> list[Problem]:
    """Rows repeating an earlier row's ``key`` (default the stored key, e.g. an authority given once by its new
    and once by its old code, or two days of one month); shown as the file's key columns, as typed."""
    shown = list(read.table.spec.key)
    problems, first_row = [], {}
    for position, values in enumerate(zip(*(frame[name] for name in key or read.table.key), strict=True)):
        if any(part is None for part in values):
            continue
        row = int(frame[ROW].iloc[position])
        if values in first_row:
            problems.append(
                read.problem(
                    f"repeats row {first_row[values]}: each {' + '.join(shown)} may appear only once",
                    row=row,
                    column=shown[-1],
                    value=" + ".join(str(frame[name].iloc[position]) for name in shown),
                )
            )
        else:
            first_row[values] = row
    return problems


def store_newest_wins(
    connection: Connection, table: StoredTable, frame: pd.DataFrame, load_id: int, changes: Changes
) -> int:
    """Insert the rows of ``frame`` whose key is new or whose ``compared`` values differ from the newest stored
    row for that key; count added / changed / unchanged in ``changes``. Returns the rows written."""
    ids = sorted({int(authority) for authority in frame["authority_id"]})
    stored = {
        tuple(row[: len(table.key)]): tuple(row[len(table.key) :])
        for row in connection.execute(table.stored_statement(ids))
    }
    rows = records(frame.drop(columns=[ROW]))
    to_write = []
    change = changes.table(table.name)
    for row in rows:
        key = tuple(_plain(row[name]) for name in table.key)
        earlier = stored.get(key)
        if earlier is None:
            change.added += 1
            to_write.append(row)
        elif all(_same(row[name], value) for name, value in zip(table.compared, earlier, strict=True)):
            change.unchanged += 1
        else:
            change.changed += 1
            to_write.append(row)
    if not to_write:
        return 0
    written = table.before_insert(connection, pd.DataFrame(to_write, dtype=object))
    return insert_frame(connection, table.model, written, load_id)


def _plain(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


def _same(new: Any, old: Any) -> bool:
    """Equal as stored: numbers to within float rounding, dates as dates, missing as missing."""
    if new is None or old is None:
        return new is None and old is None
    if isinstance(new, int | float) and isinstance(old, int | float) and not isinstance(new, bool):
        return math.isclose(float(new), float(old), rel_tol=1e-9, abs_tol=1e-12)
    return _plain(new) == _plain(old)

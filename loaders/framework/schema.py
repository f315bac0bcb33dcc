"""Table specifications and the validation every loader applies to its rows.

A ``TableSpec`` lists a table's columns with their type; ``validate`` checks a raw table against it and returns
typed values plus every problem found, each naming the file, sheet, row and column, the value found, and what was
expected. Nothing is coerced silently: text in a number column, a date in another format, an unknown choice, a
missing or unexpected column, an empty required cell and a repeated key are all refused.
The same specs write the blank templates in data/templates/.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pandas as pd
from sqlalchemy import Integer, String

from improvement.vocab import EARLIEST_DATE, latest_date, plausible_date
from loaders.framework.base import Problem, as_text
from loaders.framework.readers import ROW, RawTable

DATE_FORMATS_HELP = "a date like 2023-06-30 or 30/06/2023"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UK_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
SUPPRESSION_SYMBOLS = ("c", "low", "x", "z", "u")
"""What a figure may hold instead of a number: c suppressed, low rounds to zero, x not available, z not applicable,
u low reliability. Stored as a status with no value, never as zero."""
TOO_LONG = "is {length} characters long; at most {limit} fit: shorten it"
LARGEST_WHOLE_NUMBER = 2**31 - 1  # what an INTEGER column holds on PostgreSQL


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"  # text, number, integer, date, choice, yes_no
    required: bool = True
    choices: tuple[str, ...] = ()
    description: str = ""
    example: str = ""


@dataclass(frozen=True)
class TableSpec:
    name: str  # the sheet name in a workbook; the table a CSV file holds
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    extra_columns_allowed: bool = False

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_names(self) -> list[str]:
        return [column.name for column in self.columns if column.required]


@dataclass
class Validated:
    """A validated table: typed values (``ROW`` kept for later messages) and the problems found."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def validate(raw: RawTable, spec: TableSpec) -> Validated:
    """Check ``raw`` against ``spec``: columns first, then every cell, then the key."""
    where = {"sheet": raw.sheet}
    problems: list[Problem] = []
    present = raw.columns
    for name in spec.column_names:
        if name not in present and (name in spec.required_names or not present):
            problems.append(
                Problem(
                    raw.file,
                    f"missing column '{name}': the header row must name every column of the "
                    f"'{spec.name}' table ({', '.join(spec.column_names)})",
                    row=1,
                    **where,
                )
            )
    if not spec.extra_columns_allowed:
        for name in present:
            if name not in spec.column_names:
                problems.append(
                    Problem(
                        raw.file,
                        f"unexpected column: the '{spec.name}' table has the columns "
                        f"{', '.join(spec.column_names)}; remove it or correct its spelling",
                        row=1,
                        column=name,
                        **where,
                    )
                )
    if problems:
        return Validated(pd.DataFrame(), problems)
    if raw.frame.empty:
        return Validated(
            pd.DataFrame(columns=[ROW, *spec.column_names]),
            [Problem(raw.file, "has a header but no rows of data", **where)],
        )

    typed = {ROW: raw.frame[ROW].tolist()}
    for column in spec.columns:
        if column.name not in raw.frame.columns:
            typed[column.name] = [None] * len(raw.frame)
            continue
        values = []
        for row, cell in zip(raw.frame[ROW], raw.frame[column.name], strict=True):
            value, message = convert(cell, column)
            if message:
                problems.append(Problem(raw.file, message, row=int(row), column=column.name, value=cell, **where))
            values.append(value)
        typed[column.name] = values
    frame = pd.DataFrame(typed)
    problems += _duplicate_keys(raw, spec, frame)
    return Validated(frame, problems)


def convert(cell: object, column: Column) -> tuple[object, str | None]:
    """One cell as its column's type, or (None, what was expected)."""
    if _is_blank(cell):
        return None, ("is empty: every row needs a value here" if column.required else None)
    if column.type == "text":
        return str(cell).strip(), None
    if column.type in ("number", "integer"):
        number = _to_number(cell)
        if number is None:
            kind = "a whole number" if column.type == "integer" else "a number"
            return None, f"expected {kind} (digits only, no units or words)"
        if column.type == "integer":
            if number != int(number):
                return None, "expected a whole number"
            return int(number), None
        return number, None
    if column.type == "date":
        date = to_date(cell)
        if date is None:
            return None, f"expected {DATE_FORMATS_HELP}"
        return (date, None) if plausible_date(date) else (None, implausible_date())
    if column.type == "choice":
        match = {choice.lower(): choice for choice in column.choices}.get(str(cell).strip().lower())
        return (match, None) if match else (None, f"expected one of: {', '.join(column.choices)}")
    if column.type == "yes_no":
        answer = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
        value = answer.get(str(cell).strip().lower()) if not isinstance(cell, bool) else cell
        return (value, None) if value is not None else (None, "expected Yes or No")
    raise ValueError(f"unknown column type {column.type!r}")


def implausible_date() -> str:
    """The problem with a date outside ``vocab.plausible_date``: the range, and what to check."""
    return (
        f"expected a date from {EARLIEST_DATE:%d/%m/%Y} to {latest_date():%d/%m/%Y} (ten years from today): "
        "check the year"
    )


def _is_blank(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def _to_number(cell: object) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell) if math.isfinite(cell) else None
    text = str(cell).strip()
    if not _NUMBER.match(text):
        return None
    try:
        number = float(Decimal(text))
    except InvalidOperation:
        return None
    return number if math.isfinite(number) else None  # 1e400 is too large to store, not infinity


def to_date(cell: object) -> dt.date | None:
    """A date from an Excel date cell, ISO text (2023-06-30) or UK text (30/06/2023); None otherwise."""
    if isinstance(cell, dt.datetime):
        return cell.date() if cell.time() == dt.time(0) else None
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    try:
        if _ISO_DATE.match(text):
            return dt.date.fromisoformat(text)
        if _UK_DATE.match(text):
            day, month, year = (int(part) for part in text.split("/"))
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def _duplicate_keys(raw: RawTable, spec: TableSpec, frame: pd.DataFrame) -> list[Problem]:
    return [
        Problem(
            raw.file,
            repeated_message(first, spec.key),
            sheet=raw.sheet,
            row=int(frame[ROW].iloc[position]),
            column=spec.key[-1],
            value=" + ".join(as_text(raw.frame[name].iloc[position]) for name in spec.key),  # as written
        )
        for position, first in repeated_rows(frame, spec.key)
    ]


def repeated_rows(frame: pd.DataFrame, key: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """(position, the row number it repeats) of each row whose ``key``, every part of it given, an earlier row has."""
    key = list(key)
    if not key or frame.empty:
        return []
    repeated = frame.duplicated(key, keep=False)
    if not repeated.any():
        return []
    given = frame[key].notna().all(axis=1) & repeated
    first_row: dict[tuple, int] = {}
    repeats = []
    positions = [position for position, flag in enumerate(given.tolist()) if flag]
    for position in positions:
        values = tuple(frame[name].iloc[position] for name in key)
        if values in first_row:
            repeats.append((position, first_row[values]))
        else:
            first_row[values] = int(frame[ROW].iloc[position])
    return repeats


def repeated_message(first_row: int, key: tuple[str, ...] | list[str]) -> str:
    return f"repeats row {first_row}: each {' + '.join(key)} may appear only once"


def unfit(value: object, stored=None, too_long: str = TOO_LONG) -> str | None:
    """Why the database column ``stored`` (None: any text column) cannot hold ``value`` as given (a NUL character,
    text longer than the column, a whole number out of range), or None. Such values are refused, never cut short
    or left to fail half way through the store."""
    if isinstance(value, str) and "\x00" in value:
        return "holds a NUL character, which cannot be stored: retype the cell"
    if stored is None:
        return None
    if isinstance(value, str) and isinstance(stored.type, String) and stored.type.length:
        if len(value) > stored.type.length:
            return too_long.format(length=len(value), limit=stored.type.length)
    elif isinstance(stored.type, Integer) and isinstance(value, int) and abs(value) > LARGEST_WHOLE_NUMBER:
        return "is too large: expected a whole number below 2,147,483,648"
    return None

"""Read CSV files and Excel workbooks into raw tables, refusing what cannot be read faithfully.

Cells are kept as they are (text stays text, numbers keep every digit) for ``loaders.framework.schema`` to validate.
A workbook is refused if any cell holds a formula (the stored value could be stale: paste values instead) or its
header row has merged cells (the columns would be ambiguous). Every row keeps its spreadsheet row number
(``ROW``; the header is row 1) so problems can say exactly where they are.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from loaders.framework.base import FileRefused, Problem, Source, refuse

ROW = "__row__"
"""Column holding each row's number as the spreadsheet shows it."""


@dataclass(frozen=True)
class RawTable:
    """A sheet (or CSV file) as read: its header and its rows, with ``ROW`` numbers."""

    file: str
    sheet: str | None
    frame: pd.DataFrame

    @property
    def columns(self) -> list[str]:
        return [column for column in self.frame.columns if column != ROW]


def read_csv(source: Source) -> RawTable:
    """A CSV file as text cells (nothing converted, nothing treated as missing but empty cells)."""
    if not source.content.strip():
        raise refuse(source.name, "the file is empty: it needs a header row and at least one row of data")
    if source.is_workbook:
        raise refuse(source.name, "this is an Excel workbook, not a CSV file: save it as .xlsx or export as CSV")
    text = _decode(source)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise refuse(source.name, f"is not a well-formed CSV file ({exc}); check quotes and commas") from exc
    first = next((i for i, record in enumerate(records) if any(cell.strip() for cell in record)), None)
    if first is None:
        raise refuse(source.name, "the file is empty: it needs a header row and at least one row of data")
    header = [cell.strip() for cell in records[first]]  # the first line with anything on it
    _refuse_unnamed_or_repeated_columns(source.name, None, header)
    numbers, rows = [], []
    for number, record in enumerate(records[first + 1 :], start=first + 2):  # a blank line still counts as a row
        if all(not cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            raise refuse(
                source.name,
                f"has {len(record)} cells but the header names {len(header)} columns; check quotes and commas",
                row=number,
            )
        numbers.append(number)
        rows.append(record[: len(header)] + [""] * (len(header) - len(record)))
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame.insert(0, ROW, numbers)
    return RawTable(source.name, None, frame)


def _decode(source: Source) -> str:
    try:
        return source.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return source.content.decode("cp1252", errors="strict")
    except UnicodeDecodeError as exc:
        raise refuse(
            source.name, "is not a text file in UTF-8 or Windows-1252 encoding; save it again as CSV (UTF-8)"
        ) from exc


def read_workbook(source: Source, sheets: list[str] | None = None) -> dict[str, RawTable]:
    """Each sheet (or only ``sheets``) of an .xlsx workbook as a raw table."""
    if not source.content:
        raise refuse(source.name, "the file is empty")
    try:
        workbook = load_workbook(io.BytesIO(source.content), data_only=False, read_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise refuse(
            source.name, "is not an Excel workbook (.xlsx) that can be opened; save it again from Excel as .xlsx"
        ) from exc
    tables, problems = {}, []
    for sheet in workbook.worksheets:
        if sheets is not None and sheet.title not in sheets:
            continue
        problems += _formula_and_merge_problems(source.name, sheet)
        rows = list(sheet.iter_rows(values_only=True))
        while rows and all(_blank(cell) for cell in rows[-1]):
            rows.pop()
        if not rows:
            tables[sheet.title] = RawTable(source.name, sheet.title, pd.DataFrame({ROW: []}))
            continue
        header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
        while header and header[-1] == "" and all(len(r) < len(header) or _blank(r[len(header) - 1]) for r in rows):
            header.pop()
        body = [list(row[: len(header)]) + [None] * (len(header) - len(row)) for row in rows[1:]]
        numbered = [(number, row) for number, row in enumerate(body, start=2) if not all(_blank(c) for c in row)]
        frame = pd.DataFrame([row for _, row in numbered], columns=header, dtype=object)
        frame.insert(0, ROW, [number for number, _ in numbered])
        try:
            _refuse_unnamed_or_repeated_columns(source.name, sheet.title, header)
        except FileRefused as refused:
            problems += refused.problems
        tables[sheet.title] = RawTable(source.name, sheet.title, frame)
    if problems:
        raise FileRefused(problems)
    return tables


def sheet_names(source: Source) -> list[str]:
    """The workbook's sheet names, or [] if it is not a workbook (cheap: used to recognise kinds)."""
    if not source.is_workbook:
        return []
    try:
        return load_workbook(io.BytesIO(source.content), read_only=True).sheetnames
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []


def csv_header(source: Source) -> list[str]:
    """The first line of a CSV file as column names, or [] (cheap: used to recognise kinds)."""
    if source.is_workbook or not source.content.strip():
        return []
    try:
        first_line = next(line for line in _decode(source).splitlines() if line.strip())
        return [column.strip() for column in next(csv.reader([first_line]))]
    except (FileRefused, StopIteration, csv.Error):
        return []


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _formula_and_merge_problems(file: str, sheet) -> list[Problem]:
    problems = []
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == 1:
            problems.append(
                Problem(
                    file,
                    f"the header row has merged cells ({merged.coord}): unmerge them so each column has one name",
                    sheet=sheet.title,
                    row=1,
                )
            )
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                problems.append(
                    Problem(
                        file,
                        f"cell {get_column_letter(cell.column)}{cell.row} holds a formula: copy the sheet and paste "
                        "values only, so what is loaded is what you see",
                        sheet=sheet.title,
                        row=cell.row,
                        column=str(sheet.cell(1, cell.column).value or get_column_letter(cell.column)),
                        value=cell.value,
                    )
                )
    return problems


def _refuse_unnamed_or_repeated_columns(file: str, sheet: str | None, header: list[str]) -> None:
    problems = []
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name or name.startswith("Unnamed:"):
            problems.append(
                Problem(file, f"column {get_column_letter(position)} has no name in the header row", sheet=sheet, row=1)
            )
        elif name in seen:
            problems.append(
                Problem(file, "this column name appears twice in the header row", sheet=sheet, row=1, column=name)
            )
        seen.add(name)
    if problems:
        raise FileRefused(problems)

"""The adviser's six-weekly report as a workbook: the upload format, which is also what DfE receives.

One layout, read by the loader (``loaders.kinds.rag_report``) and written here, so a report downloaded from the
Report page or written by ``python -m improvement.papers report`` loads back unchanged:

- sheet ``report``: two columns, ``field`` and ``value``, one row per field of ``FIELD_NAMES`` (``reason`` only
  when the version is a correction);
- sheet ``ratings``: one row per priority area, in the plan's order: ``priority_area_code``, ``rating``,
  ``narrative`` and ``evidence``.

Every text cell is written as text: a narrative starting with ``=`` stays words in Excel, never a formula.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font

REPORT_SHEET = "report"
RATINGS_SHEET = "ratings"
FIELD_NAMES = (
    "authority_code",
    "report_date",
    "period_start",
    "period_end",
    "author",
    "status",
    "overall_narrative",
    "reason",
)
OPTIONAL_FIELDS = ("reason",)
RATING_COLUMNS = ("priority_area_code", "rating", "narrative", "evidence")
DATE_FIELDS = ("report_date", "period_start", "period_end")


def report_workbook(fields: dict, ratings: pd.DataFrame) -> bytes:
    """The report as the upload workbook's bytes (``report_sheets``)."""
    buffer = io.BytesIO()
    report_sheets(fields, ratings).save(buffer)
    return buffer.getvalue()


def report_sheets(fields: dict, ratings: pd.DataFrame) -> Workbook:
    """The report as the upload workbook: ``fields`` by ``FIELD_NAMES`` (dates as dates), ``ratings`` one row per
    priority area with ``RATING_COLUMNS`` (missing evidence is left blank)."""
    workbook = Workbook()
    report = workbook.active
    report.title = REPORT_SHEET
    _header(report, ("field", "value"))
    for name in FIELD_NAMES:
        value = fields.get(name)
        if name in OPTIONAL_FIELDS and _blank(value):
            continue
        report.append([name, None])
        _write(report.cell(report.max_row, 2), _date(value) if name in DATE_FIELDS else value)
    report.column_dimensions["A"].width = 22
    report.column_dimensions["B"].width = 90

    sheet = workbook.create_sheet(RATINGS_SHEET)
    _header(sheet, RATING_COLUMNS)
    for row in ratings.to_dict("records"):
        sheet.append([None] * len(RATING_COLUMNS))
        for column, name in enumerate(RATING_COLUMNS, start=1):
            _write(sheet.cell(sheet.max_row, column), row.get(name))
    for letter, width in zip("ABCD", (20, 10, 90, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook


def _header(sheet, names: tuple[str, ...]) -> None:
    sheet.append(list(names))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _write(cell: Cell, value: object) -> None:
    """A value into a cell: dates as dates, text always as text (``data_type 's'`` with Excel's quote prefix, so
    '=...' is never a formula), nothing for a missing value."""
    if _blank(value):
        return
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return
    cell.value = str(value)
    cell.data_type = "s"
    if cell.value.startswith(("=", "+", "-", "@")):
        cell.quotePrefix = True
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _date(value: object) -> dt.date | None:
    return None if _blank(value) else pd.Timestamp(value).date()


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def table_workbook(table: pd.DataFrame, sheet: str) -> bytes:
    """A table people read (a page's table) as a one-sheet workbook: the header in bold and frozen, every text cell
    as text (never a formula), numbers as numbers."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    _header(worksheet, tuple(str(column) for column in table.columns))
    for row in table.itertuples(index=False):
        worksheet.append([None] * len(table.columns))
        for column, value in enumerate(row, start=1):
            cell = worksheet.cell(worksheet.max_row, column)
            if isinstance(value, int | float) and not isinstance(value, bool) and not pd.isna(value):
                cell.value = value
            else:
                _write(cell, value)
    for column in range(1, len(table.columns) + 1):
        worksheet.column_dimensions[worksheet.cell(1, column).column_letter].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

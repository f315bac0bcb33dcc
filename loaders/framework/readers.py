"""Read CSV files and Excel workbooks into raw tables, refusing what cannot be read faithfully.

Before anything is parsed, ``check_readable`` refuses at once what no kind could read, each with its own message:
an empty file, a file over the size limits (``loaders.framework.limits``), a workbook that cannot be opened or has
no sheets, an old .xls or password-protected workbook, UTF-16 or binary data, text neither UTF-8 nor Windows-1252,
and columns separated by semicolons or tabs instead of commas. Cells are kept as they are (text stays text, numbers
keep every digit) for ``loaders.framework.schema`` to validate. A workbook's sheets are streamed
(``loaders.framework.stream``); one is refused if any cell holds a formula (the stored value could be stale: paste
values instead) or its header row has merged cells (the columns would be ambiguous). Every row keeps its
spreadsheet row number (``ROW``; the header is row 1) so problems can say exactly where they are.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from dataclasses import dataclass

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from loaders.framework.base import FileRefused, Problem, Source, refuse
from loaders.framework.limits import MAX_CELL_CHARACTERS, MAX_CSV_BYTES, csv_too_big
from loaders.framework.stream import UNREADABLE, Formula, Sheet, WorkbookTooBigError, read_sheets, sheet_titles

ROW = "__row__"
"""Column holding each row's number as the spreadsheet shows it."""

# Python's csv module refuses a cell over 131,072 characters without saying which: read any cell a file within the
# size limit can hold, and refuse an over-long one naming its row and column (``MAX_CELL_CHARACTERS``).
csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_BYTES))

EMPTY = "the file is empty: it needs a header row and at least one row of data"
NOT_A_WORKBOOK = "is not an Excel workbook (.xlsx) that can be opened; save it again from Excel as .xlsx"
SAVE_AS_CSV = "in Excel: File, Save As, 'CSV UTF-8 (Comma delimited) (*.csv)'"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), and any workbook saved with a password
_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines splits
_LINE_BREAK = re.compile(f"[{_LINE_BREAKS}]")


@dataclass(frozen=True)
class RawTable:
    """A sheet (or CSV file) as read: its header and its rows, with ``ROW`` numbers."""

    file: str
    sheet: str | None
    frame: pd.DataFrame

    @property
    def columns(self) -> list[str]:
        return [column for column in self.frame.columns if column != ROW]


def check_readable(source: Source) -> None:
    """Refuse ``source`` at once if no kind of file could read it, saying why and what to do."""
    if not source.content or source.content.isspace():
        raise refuse(source.name, EMPTY)
    if source.is_workbook:
        try:
            titles = sheet_titles(source.content)
        except WorkbookTooBigError as exc:
            raise refuse(source.name, str(exc)) from None
        except UNREADABLE as exc:
            raise refuse(source.name, NOT_A_WORKBOOK) from exc
        if not titles:
            raise refuse(source.name, "is a workbook with no sheets: open it in Excel, add the sheets and save it")
        return
    _csv_text(source)  # too big, not text, not UTF-8 or Windows-1252, not separated by commas


def read_csv(source: Source) -> RawTable:
    """A CSV file as text cells (nothing converted, nothing treated as missing but empty cells)."""
    if source.is_workbook:
        raise refuse(source.name, "this is an Excel workbook, not a CSV file: save it as .xlsx or export as CSV")
    records = csv_records(source)
    first = next((i for i, record in enumerate(records) if any(map(str.strip, record))), None)
    if first is None:
        raise refuse(source.name, EMPTY)
    header = [cell.strip() for cell in records[first]]  # the first line with anything on it
    _refuse_unnamed_or_repeated_columns(source.name, None, header)
    numbers, rows = [], []
    for number, record in enumerate(records[first + 1 :], start=first + 2):  # a blank line still counts as a row
        if not any(map(str.strip, record)):
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


def csv_records(source: Source) -> list[list[str]]:
    """A CSV file's records (row n of the spreadsheet is ``records[n - 1]``), once it is known to be readable
    text separated by commas; a malformed file or an over-long cell is refused naming its row (and column)."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(_csv_text(source), newline=""), strict=True)
    try:
        records.extend(reader)
    except csv.Error as exc:
        raise refuse(
            source.name,
            f"is not a well-formed CSV file ({exc}); check quotes and commas",
            row=len(records) + 1,
        ) from exc
    if max(map(len, itertools.chain.from_iterable(records)), default=0) <= MAX_CELL_CHARACTERS:
        return records
    header = next((record for record in records if any(map(str.strip, record))), [])
    problems = [
        Problem(
            source.name,
            f"this cell holds {len(cell):,} characters: a cell may hold at most {MAX_CELL_CHARACTERS:,}; shorten it, "
            "or close the quote opened in it (an unclosed quote runs the rest of the file into one cell)",
            row=number,
            column=header[position].strip() if position < len(header) else get_column_letter(position + 1),
        )
        for number, record in enumerate(records, start=1)
        for position, cell in enumerate(record)
        if len(cell) > MAX_CELL_CHARACTERS
    ]
    raise FileRefused(problems)


def decode_text(source: Source) -> str:
    """A text file's content: UTF-8 (with or without a byte-order mark), else Windows-1252 (cp1252), as Excel saves
    CSV; anything else (UTF-16, binary data, another encoding) is refused saying how to save it as UTF-8."""
    content = source.content
    why = csv_too_big(len(content))
    if why:
        raise refuse(source.name, why)
    if content.startswith(_OLE2):
        raise refuse(
            source.name,
            "is an Excel 97-2003 workbook (.xls) or a workbook saved with a password, which cannot be read: open it "
            "in Excel and save it as an Excel Workbook (.xlsx) without a password",
        )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or _every_other_byte_is_nul(content[:4096]):
        raise refuse(source.name, f"is saved as UTF-16 text (Excel's 'Unicode Text'): save it as CSV ({SAVE_AS_CSV})")
    if b"\x00" in content[:4096]:
        raise refuse(source.name, "is not a text (CSV) file: it holds binary data; load CSV text or an .xlsx workbook")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise refuse(
            source.name,
            f"is not text in UTF-8 or Windows-1252 (cp1252), the two encodings tried: the byte "
            f"0x{content[exc.start]:02X} on line {line} is neither; save it as CSV UTF-8 ({SAVE_AS_CSV})",
        ) from None


def _every_other_byte_is_nul(head: bytes) -> bool:
    """UTF-16 text without a byte-order mark: mostly Latin letters, each followed (or preceded) by a zero byte."""
    return len(head) >= 4 and any(head[start::2].count(0) >= len(head[start::2]) * 0.9 for start in (0, 1))


def _refuse_other_separators(file: str, text: str) -> None:
    """Refuse a file whose header is one column with commas but several with semicolons, tabs or bars."""
    line = _first_line(text)
    if len(next(csv.reader([line]), [])) > 1:
        return
    for separator, name in _SEPARATORS.items():
        if len(next(csv.reader([line], delimiter=separator), [])) > 1:
            raise refuse(file, f"is separated by {name}, not commas: save it as comma-separated CSV ({SAVE_AS_CSV})")


def _first_line(text: str) -> str:
    """The first of ``text.splitlines()`` with anything on it, or "" (found without splitting the whole text)."""
    start = len(text) - len(text.lstrip())  # its first character: every line before it is blank
    if start == len(text):
        return ""
    begins = max(text.rfind(mark, 0, start) for mark in _LINE_BREAKS) + 1
    end = _LINE_BREAK.search(text, start)
    return text[begins : end.start() if end else len(text)]


def _csv_text(source: Source) -> str:
    """The file's text, once it is known to be text separated by commas."""
    text = decode_text(source)
    _refuse_other_separators(source.name, text)
    return text


def read_workbook(source: Source, sheets: list[str] | None = None) -> dict[str, RawTable]:
    """Each sheet (or only ``sheets``) of an .xlsx workbook as a raw table."""
    if not source.content:
        raise refuse(source.name, EMPTY)
    try:
        found = read_sheets(source.content, sheets)
    except WorkbookTooBigError as exc:
        raise refuse(source.name, str(exc)) from None
    except UNREADABLE as exc:
        raise refuse(source.name, NOT_A_WORKBOOK) from exc
    tables, problems = {}, []
    for title, sheet in found.items():
        problems += _formula_and_merge_problems(source.name, title, sheet)
        table = _raw_table(source.name, title, sheet.rows)
        try:
            _refuse_unnamed_or_repeated_columns(source.name, title, table.columns)
        except FileRefused as refused:
            problems += refused.problems
        tables[title] = table
    if problems:
        raise FileRefused(problems)
    return tables


def _raw_table(file: str, title: str, rows: list[tuple[int, list]]) -> RawTable:
    """A sheet's rows as a raw table: row 1 is the header; blank rows and blank trailing columns left out."""
    rows = [(number, cells) for number, cells in rows if not all(_blank(cell) for cell in cells)]
    if not rows:
        return RawTable(file, title, pd.DataFrame({ROW: []}))
    width = max(len(cells) for _, cells in rows)
    first = rows[0][1] if rows[0][0] == 1 else []
    header = [str(cell).strip() if cell is not None else "" for cell in first] + [""] * (width - len(first))
    while header and header[-1] == "" and all(len(c) < len(header) or _blank(c[len(header) - 1]) for _, c in rows):
        header.pop()
    body = [(number, cells) for number, cells in rows if number > 1]
    frame = pd.DataFrame(
        [list(cells[: len(header)]) + [None] * (len(header) - len(cells)) for _, cells in body],
        columns=header,
        dtype=object,
    )
    frame.insert(0, ROW, [number for number, _ in body])
    return RawTable(file, title, frame)


def sheet_names(source: Source) -> list[str]:
    """The workbook's sheet names, or [] if it is not a workbook or cannot be opened (cheap: used to recognise
    kinds; ``check_readable`` says why)."""
    if not source.is_workbook:
        return []
    try:
        return sheet_titles(source.content)
    except UNREADABLE:
        return []


def csv_header(source: Source) -> list[str]:
    """The first line of a CSV file as column names, or [] (cheap: used to recognise kinds)."""
    if source.is_workbook or not source.content.strip():
        return []
    try:
        first_line = _first_line(_csv_text(source))
        return [column.strip() for column in next(csv.reader([first_line]))] if first_line else []
    except (FileRefused, StopIteration, csv.Error):
        return []


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _formula_and_merge_problems(file: str, title: str, sheet: Sheet) -> list[Problem]:
    problems = []
    for merged in sheet.merged:
        if range_boundaries(merged)[1] == 1:
            problems.append(
                Problem(
                    file,
                    f"the header row has merged cells ({merged}): unmerge them so each column has one name",
                    sheet=title,
                    row=1,
                )
            )
    header = next((cells for number, cells in sheet.rows if number == 1), [])
    for number, cells in sheet.rows:
        for position, cell in enumerate(cells):
            if isinstance(cell, Formula):
                letter = get_column_letter(position + 1)
                named = header[position] if position < len(header) else None
                problems.append(
                    Problem(
                        file,
                        f"cell {letter}{number} holds a formula: copy the sheet and paste values only, so what is "
                        "loaded is what you see",
                        sheet=title,
                        row=number,
                        column=str(named or letter),
                        value=str(cell),
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

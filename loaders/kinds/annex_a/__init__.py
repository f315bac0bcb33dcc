"""Ofsted ILACS Annex A workbooks: child-level lists in, aggregates out. No child's row is ever stored.

An Annex A workbook has one sheet per list ('List 1' ... 'List 11'). This loader reads only List 7 (child
protection, required) and, where present, List 6 (children in need) and List 8 (children in care), and computes
as at the **extract date**, for one **authority** (the workbook names neither: both come from the options
``authority`` and ``extract_date``, i.e. ``python -m loaders FILE --authority E08000014 --extract-date
2023-03-31``):

List 7: a plan is *open* at the extract date D when its start date is on or before D and it has no end date or
ends after D. Then

- ``cp_plans`` (count): open plans; also by ``category_of_abuse`` (Latest Category of Abuse: one of Annex A's
  categories, by its name) and by ``team`` (Allocated Team); a blank or '#N/A' is 'Not recorded'. What a label
  may be is in ``breakdowns``: a value that is not a category, or a "team" that is a person's name, a date, an
  identifier or too long, refuses the file;
- ``cp_plans_2_years_or_more`` (%): open plans that started on or before the same day two years before D;
- ``cp_second_or_subsequent`` (%): open plans whose Number of Previous Child Protection Plans is 1 or more, of
  the open plans where that number is recorded;
- ``cp_seen_within_10_working_days`` (%): open plans whose Date of the Last Statutory Visit is on or before D
  and at most 10 working days before it (``numpy.busday_count(visit, D) <= 10``: Monday to Friday; bank
  holidays are NOT excluded, so around them the figure is slightly generous). A blank visit date counts as not
  seen; a visit dated after D says nothing about D, so that plan is left out of this percentage (noted);
- ``cp_reviewed_in_timescale`` (%): open plans whose Date of latest review conference falls in the six
  calendar months up to D (on or after D minus six months), or whose plan started less than three months before
  D (no review due yet). A plan with no review after three months is not in timescale; a review dated after D
  leaves the plan out of this percentage (noted). This simplifies the statutory rhythm (first review within
  three months of the initial conference, then at most every six months).

List 6: ``cin_open`` (count), CIN Start Date on or before D and no CIN Closure Date or one after D.
List 8: ``cla_open`` (count), Date Started to be Looked After on or before D and no Date Ceased to be Looked
After or one after D.

Rows that cannot be used (no or unreadable start date, unreadable end date, an end before the start) are left
out, counted and explained in the load's notes by list, column, rows and reason; they do not refuse the file.
A file is refused when a list cannot be used at all (no List 7, a required column missing, a formula in a list
read), when a breakdown label could not be stored as it is, or for bad options (an extract date must fall from
2000 to ten years from today). Nothing identifying (child IDs, dates of birth, workers' names) reaches the
database or a message, whatever its column is called: no message shows any cell of a list, only the kind of value
found (``<withheld: a date>``, ``personal.withheld``), and notes name rows and columns, never values.

Excel dates with a time of day are taken as their date (case systems export timestamps); text dates may be
30/06/2023 or 2023-06-30. Counts are stored as computed and suppressed where shown (``improvement.style``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from improvement import style
from improvement.db.models import AnnexAAggregate, Authority, Load
from improvement.vocab import EARLIEST_DATE, latest_date, plausible_date
from loaders.framework.authorities import NOT_IN_THE_DATABASE
from loaders.framework.base import Changes, FileRefused, Layout, LoaderKind, Problem, Source, refuse
from loaders.framework.personal import identifying, withheld
from loaders.framework.readers import ROW, sheet_names
from loaders.framework.schema import TableSpec, implausible_date, to_date
from loaders.framework.store import store_file
from loaders.framework.stream import UNREADABLE, stream_sheets
from loaders.framework.tables import AUTHORITY_CODE, ReadFile, ReadTable, StoredTable
from loaders.kinds.annex_a.breakdowns import MISSING_TEXT, category_label, labels, team_label

TABLE = "annex_a_aggregate"
_NOTE_ROWS = 10

LIST6, LIST7, LIST8 = "List 6", "List 7", "List 8"
START, END, VISIT, REVIEW, CATEGORY, PREVIOUS, TEAM = "start", "end", "visit", "review", "category", "previous", "team"

COLUMNS: dict[str, dict[str, str]] = {
    LIST7: {
        START: "Child Protection Plan Start Date",
        END: "Child Protection Plan End Date",
        VISIT: "Date of the Last Statutory Visit",
        REVIEW: "Date of latest review conference",
        CATEGORY: "Latest Category of Abuse",
        PREVIOUS: "Number of Previous Child Protection Plans",
        TEAM: "Allocated Team",
    },
    LIST6: {START: "CIN Start Date", END: "CIN Closure Date"},
    LIST8: {START: "Date Started to be Looked After", END: "Date Ceased to be Looked After"},
}
"""The columns each list needs, by role. Headers match ignoring case, spacing and a trailing full stop."""
LIST_TITLES = {LIST6: "children in need", LIST7: "child protection", LIST8: "children in care"}

MEASURES: dict[str, tuple[str, str]] = {
    "cp_plans": ("Children on child protection plans", "count"),
    "cp_plans_2_years_or_more": ("Plans open 2 years or more", "percent"),
    "cp_second_or_subsequent": ("Second or subsequent plans", "percent"),
    "cp_seen_within_10_working_days": ("Seen within 10 working days", "percent"),
    "cp_reviewed_in_timescale": ("Reviewed in timescale", "percent"),
    "cin_open": ("Children in need (List 6)", "count"),
    "cla_open": ("Children in care (List 8)", "count"),
}
"""Measure code -> (name, unit), in the order pages show them."""


@dataclass
class AnnexA:
    """What ``read`` found: the aggregates at the extract date, for the authority named (if any), and notes."""

    extract_date: dt.date
    authority: str | None
    aggregates: pd.DataFrame  # list_name, measure, breakdown_kind, breakdown_value, value, unit
    notes: list[str] = field(default_factory=list)


def normalise(header: object) -> str:
    return " ".join(str(header or "").replace("\xa0", " ").split()).rstrip(".").casefold()


class AnnexAKind(LoaderKind):
    kind = "annex_a"
    title = (
        "Ofsted ILACS Annex A workbook (aggregates only; --authority CODE, and --extract-date YYYY-MM-DD unless the "
        "lists' latest date is the extract date)"
    )
    layouts = (Layout(sheets=(LIST6, LIST7, LIST8)),)

    def recognises(self, source: Source) -> bool:
        names = sheet_names(source)
        return LIST7 in names and sum(bool(re.fullmatch(r"List \d{1,2}", name)) for name in names) >= 2

    def read(self, source: Source) -> AnnexA:
        return self.read_with_options(source, {})

    def read_with_options(self, source: Source, options: dict[str, str] | None) -> AnnexA:
        options = options or {}
        problems: list[Problem] = []
        given_date = None
        text = (options.get("extract_date") or "").strip()
        if text:
            given_date = to_date(text)
            if given_date is not None and not plausible_date(given_date):
                message = f"the extract date is out of range: {implausible_date()} (--extract-date)"
                problems.append(Problem(source.name, message, value=text))
            elif given_date is None:
                problems.append(
                    Problem(
                        source.name,
                        "the extract date must be a date like 2023-03-31 or 31/03/2023 (--extract-date)",
                        value=text,
                    )
                )
        try:
            sheets = _read_lists(source)
        except FileRefused as refused:
            raise FileRefused(problems + refused.problems) from None
        if LIST7 not in sheets:
            problems.append(
                Problem(source.name, "has no 'List 7' sheet (child protection): an Annex A workbook needs it")
            )
        lists: dict[str, _List] = {}
        for name, (header, rows) in sheets.items():
            parsed, found = _List.build(source.name, name, header, rows)
            problems += found
            if parsed is not None:
                lists[name] = parsed
        if problems:
            raise FileRefused(problems)

        notes: list[str] = []
        extract_date = given_date
        if extract_date is None:
            extract_date = max((d for part in lists.values() for d in part.latest_dates()), default=None)
            if extract_date is None:
                raise refuse(source.name, "holds no dates to take an extract date from: give --extract-date")
            if not plausible_date(extract_date):  # a mistyped year in a list: the date itself is a child's
                raise refuse(
                    source.name,
                    "the latest date in the workbook's List 6 to 8 date columns cannot be the extract date (one "
                    f"falls from {EARLIEST_DATE:%d/%m/%Y} to {latest_date():%d/%m/%Y}): give --extract-date",
                )
            notes.append(
                f"no extract date was given: used {style.format_date(extract_date)}, the latest date in the "
                "workbook's List 6 to 8 date columns (give --extract-date to choose)"
            )
        rows: list[dict] = []
        for name in (LIST7, LIST6, LIST8):
            if name in lists:
                rows += lists[name].aggregates(extract_date)
                notes += lists[name].notes()
        authority = (options.get("authority") or "").strip() or None
        return AnnexA(extract_date, authority, pd.DataFrame(rows), notes)

    def store(self, session: Session, parsed: AnnexA, load: Load, source: Source) -> Changes:
        connection = session.connection()
        notes, authority = list(parsed.notes), parsed.authority
        if authority is None:
            stored = connection.execute(select(Authority.id, Authority.code)).all()
            if len(stored) != 1:
                raise refuse(
                    source.name,
                    "say which authority this Annex A belongs to with --authority "
                    f"({len(stored)} authorities are in the database)",
                )
            authority = stored[0].code
            notes.append(f"no authority was given: used {authority}, the only one in the database")
        frame = parsed.aggregates.assign(**{AUTHORITY_CODE: authority, "extract_date": parsed.extract_date})
        frame.insert(0, ROW, range(2, len(frame) + 2))
        read = _ExtractRead(AGGREGATES, source.name, None, frame)
        return store_file(connection, ReadFile([read], notes), load.id).changes


class _ExtractRead(ReadTable):
    """The aggregates of one extract: a problem with them is the file's (no row of a list is ever named)."""

    def problem(self, message: str, row=None, column: str | None = None, value=None) -> Problem:
        return Problem(self.file, message, value=value)


class _Aggregates(StoredTable):
    """One aggregate per list, measure and breakdown, at an authority's extract date; a figure the extract no
    longer has is none now (a count 0, a percentage empty)."""

    spec = TableSpec(TABLE, (), key=("list_name", "measure", "breakdown_kind", "breakdown_value"))
    model = AnnexAAggregate
    key = ("authority_id", "extract_date", "list_name", "measure", "breakdown_kind", "breakdown_value")
    compared = ("value", "unit")
    scope = ("authority_id", "extract_date")
    unknown_authority = NOT_IN_THE_DATABASE

    def vanished(self, key: dict, stored: dict) -> dict | None:
        value, unit = stored["value"], stored["unit"]
        gone = value if value is None else (0.0 if unit == "count" else None)
        if gone is None and value is None:
            return None
        return key | {"value": gone, "unit": unit}


AGGREGATES = _Aggregates()


# ------------------------------------------------------------------------------------------------ reading


def _read_lists(source: Source) -> dict[str, tuple[list[str], list[tuple]]]:
    """Lists 6, 7 and 8 as (header, rows of (row number, cells)), refusing a formula in any of them.

    Only these sheets are read, so formulas elsewhere in the workbook (List 10 often has some) do not matter.
    Cells come as openpyxl gives them (``read_only=True, data_only=False``: text, numbers, datetimes for date
    formats, '=...' for formulas), by ``loaders.framework.stream``, a streaming reader about five times faster than
    openpyxl's on 100,000-row lists.
    """
    try:
        sheets = stream_sheets(source.content, [LIST6, LIST7, LIST8])
    except UNREADABLE as exc:
        raise refuse(
            source.name, "is not an Excel workbook (.xlsx) that can be opened; save it again from Excel as .xlsx"
        ) from exc
    found: dict[str, tuple[list[str], list[tuple]]] = {}
    problems: list[Problem] = []
    for name, rows in sheets.items():
        rows = iter(rows)
        first = next(rows, (1, ()))
        header = [str(cell).strip() if cell is not None else "" for cell in first[1]] if first[0] == 1 else []
        while header and header[-1] == "":
            header.pop()
        body = [] if first[0] == 1 else [first]
        body += list(rows)
        kept = []
        for number, row in body:
            row = tuple(row[: len(header)]) + (None,) * (len(header) - len(row))
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
                continue
            for position, cell in enumerate(row):
                if isinstance(cell, str) and cell.startswith("="):
                    problems.append(
                        Problem(
                            source.name,
                            "holds a formula: copy the sheet and paste values only, so what is loaded is what you see",
                            sheet=name,
                            row=number,
                            column=_header_shown(header, position),
                            value=withheld(cell),
                        )
                    )
            kept.append((number, row))
        found[name] = (header, kept)
    if problems:
        raise FileRefused(problems)
    return found


def _header_shown(header: list[str], position: int) -> str:
    """A column as a message names it: its header, or its letter when the header could be a child's or a worker's
    detail (a list whose first row is data, not headers)."""
    name = header[position]
    return name if name and identifying(name) is None else get_column_letter(position + 1)


class _List:
    """One list's columns as typed arrays, and the rows that could not be used, with why."""

    def __init__(self, file: str, name: str, rows: list[int], cells: dict[str, list]) -> None:
        self.file, self.name, self.rows = file, name, np.asarray(rows)
        self.columns = COLUMNS[name]
        self.issues: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        self.dates = {}
        self.bad = {}
        for role in cells:
            if role in (START, END, VISIT, REVIEW):
                self.dates[role], self.bad[role] = _dates(cells[role])
        self.cells = cells
        self.labels: dict[str, list] = {}
        self.problems: list[Problem] = []
        for role, label in ((CATEGORY, category_label), (TEAM, team_label)):
            if role in cells:
                header = self.columns[role]
                self.labels[role], problems = labels(file, name, header, rows, cells[role], label)
                self.problems += problems
        start, end = self.dates[START], self.dates[END]
        no_start = np.isnat(start) & ~self.bad[START]
        ends_first = ~np.isnat(start) & ~np.isnat(end) & (end < start)
        self._note(START, no_start, "has no start date", "not counted")
        self._note(START, self.bad[START], "is not a date (expected a date like 30/06/2023)", "not counted")
        self._note(END, self.bad[END], "is not a date (expected a date like 30/06/2023)", "not counted")
        self._note(END, ends_first, "is before the start date", "not counted")
        self.usable = ~(np.isnat(start) | self.bad[END] | ends_first)

    @classmethod
    def build(
        cls, file: str, name: str, header: list[str], body: list[tuple[int, tuple]]
    ) -> tuple[_List | None, list[Problem]]:
        positions = {normalise(column): index for index, column in enumerate(header)}
        problems = []
        indexes = {}
        for role, column in COLUMNS[name].items():
            if normalise(column) in positions:
                indexes[role] = positions[normalise(column)]
            else:
                needed = "every plan's start" if role == START else "an aggregate"
                problems.append(
                    Problem(
                        file,
                        f"missing column '{column}': {name} ({LIST_TITLES[name]}) needs it for {needed}; "
                        "check the header row's spelling",
                        sheet=name,
                        row=1,
                        column=column,
                    )
                )
        if problems:
            return None, problems
        cells = {role: [row[index] if index < len(row) else None for _, row in body] for role, index in indexes.items()}
        found = cls(file, name, [number for number, _ in body], cells)
        return found, found.problems

    def _note(self, role: str, mask: np.ndarray, reason: str, consequence: str) -> None:
        if mask.any():
            self.issues[(self.columns[role], reason, consequence)] += self.rows[mask].tolist()

    def latest_dates(self) -> list[dt.date]:
        latest = [values[~np.isnat(values)].max() for values in self.dates.values() if (~np.isnat(values)).any()]
        return [value.astype(dt.date) for value in latest]

    def open_at(self, date: np.datetime64) -> np.ndarray:
        start, end = self.dates[START], self.dates[END]
        return self.usable & (start <= date) & (np.isnat(end) | (end > date))

    def aggregates(self, extract_date: dt.date) -> list[dict]:
        date = np.datetime64(extract_date, "D")
        open_now = self.open_at(date)
        code = {LIST6: "cin_open", LIST7: "cp_plans", LIST8: "cla_open"}[self.name]
        rows = [_row(self.name, code, float(open_now.sum()))]
        if self.name != LIST7:
            return rows
        start = self.dates[START]
        rows.append(
            _row(self.name, "cp_plans_2_years_or_more", _percent(start <= _years_before(extract_date, 2), open_now))
        )

        previous, bad_previous = _counts(self.cells[PREVIOUS])
        self._note(PREVIOUS, open_now & bad_previous, "is not a whole number", "left out of % second or subsequent")
        blank = open_now & np.isnan(previous) & ~bad_previous
        self._note(PREVIOUS, blank, "is blank on an open plan", "left out of % second or subsequent")
        known = open_now & ~np.isnan(previous)
        rows.append(_row(self.name, "cp_second_or_subsequent", _percent(previous >= 1, known)))

        visit = self.dates[VISIT]
        self._note(VISIT, open_now & self.bad[VISIT], "is not a date", "left out of % seen")
        after = open_now & ~np.isnat(visit) & (visit > date)
        self._note(VISIT, after, "is after the extract date", "left out of % seen")
        counted = open_now & ~self.bad[VISIT] & ~after
        seen = np.zeros(len(visit), dtype=bool)
        dated = counted & ~np.isnat(visit)
        seen[dated] = np.busday_count(visit[dated], date) <= 10
        rows.append(_row(self.name, "cp_seen_within_10_working_days", _percent(seen, counted)))

        review = self.dates[REVIEW]
        new_plan = start > np.datetime64(pd.Timestamp(extract_date) - pd.DateOffset(months=3), "D")
        unknown = open_now & ~new_plan & (self.bad[REVIEW] | (~np.isnat(review) & (review > date)))
        self._note(REVIEW, unknown & self.bad[REVIEW], "is not a date", "left out of % reviewed in timescale")
        self._note(REVIEW, unknown & ~self.bad[REVIEW], "is after the extract date", "left out of % reviewed")
        six_months = np.datetime64(pd.Timestamp(extract_date) - pd.DateOffset(months=6), "D")
        recent = ~np.isnat(review) & (review >= six_months) & (review <= date)
        rows.append(_row(self.name, "cp_reviewed_in_timescale", _percent(new_plan | recent, open_now & ~unknown)))

        for kind, role in (("category_of_abuse", CATEGORY), ("team", TEAM)):
            open_labels = pd.Series(self.labels[role], dtype=object)[open_now]
            for label, count in open_labels.value_counts().sort_index().items():
                rows.append(_row(self.name, "cp_plans", float(count), kind, label))
        return rows

    def notes(self) -> list[str]:
        notes = []
        unusable = int((~self.usable).sum())
        if unusable:
            notes.append(
                f"{self.name}: {unusable} of {len(self.usable)} row(s) could not be used and are not counted "
                "(details below)"
            )
        for (column, reason, consequence), rows in self.issues.items():
            rows = sorted(set(rows))
            listed = ", ".join(str(row) for row in rows[:_NOTE_ROWS]) + (" ..." if len(rows) > _NOTE_ROWS else "")
            notes.append(f"{self.name}, column '{column}': {len(rows)} row(s) {reason}: {consequence} (rows {listed})")
        return notes


def _row(list_name: str, measure: str, value: float | None, kind: str = "", label: str = "") -> dict:
    unit = MEASURES[measure][1]
    return {
        "list_name": list_name,
        "measure": measure,
        "breakdown_kind": kind,
        "breakdown_value": label,
        "value": value,
        "unit": unit,
    }


def _percent(hit: np.ndarray, among: np.ndarray) -> float | None:
    total = int(among.sum())
    return None if total == 0 else 100.0 * int((hit & among).sum()) / total


def _years_before(date: dt.date, years: int) -> np.datetime64:
    try:
        earlier = date.replace(year=date.year - years)
    except ValueError:  # 29 February
        earlier = date.replace(year=date.year - years, day=28)
    return np.datetime64(earlier, "D")


def _dates(cells: list) -> tuple[np.ndarray, np.ndarray]:
    """Cells as datetime64[D] (NaT when blank or unreadable) and a mask of the unreadable ones."""
    cache: dict = {}
    values, bad = [], []
    for cell in cells:
        try:
            parsed = cache[cell]
        except KeyError:
            parsed = cache[cell] = _date(cell)
        except TypeError:  # unhashable: never a date
            parsed = False
        values.append(parsed if parsed else None)
        bad.append(parsed is False)
    return np.array(values, dtype="datetime64[D]"), np.array(bad, dtype=bool)


def _date(cell: object) -> dt.date | None | bool:
    """A date, None for a blank cell, False for something that is not a date."""
    if cell is None or (isinstance(cell, str) and cell.strip().casefold() in MISSING_TEXT):
        return None
    if isinstance(cell, dt.datetime):
        return cell.date()
    return to_date(cell) or False


def _counts(cells: list) -> tuple[np.ndarray, np.ndarray]:
    """Whole numbers as floats (NaN when blank or not a whole number) and a mask of the unreadable ones."""
    values, bad = [], []
    for cell in cells:
        number = None
        if isinstance(cell, bool):
            number = None
        elif isinstance(cell, int | float):
            number = float(cell)
        elif isinstance(cell, str) and cell.strip().casefold() not in MISSING_TEXT:
            text = cell.strip()
            number = float(text) if text.isdigit() else None
        blank = cell is None or (isinstance(cell, str) and cell.strip().casefold() in MISSING_TEXT)
        valid = number is not None and math.isfinite(number) and number >= 0 and number == int(number)
        values.append(number if valid else math.nan)
        bad.append(not blank and not valid)
    return np.array(values, dtype=float), np.array(bad, dtype=bool)

"""Ofsted ILACS Annex A workbooks: child-level lists in, aggregates out. No child's row is ever stored.

An Annex A workbook has one sheet per list ('List 1' ... 'List 11'). This loader reads only List 7 (child
protection, required) and, where present, List 6 (children in need) and List 8 (children in care), and computes
as at the **extract date**, for one **authority** (the workbook names neither: both come from the options
``authority`` and ``extract_date``, i.e. ``python -m loaders FILE --authority E08000014 --extract-date
2023-03-31``):

List 7: a plan is *open* at the extract date D when its start date is on or before D and it has no end date or
ends after D. Then

- ``cp_plans`` (count): open plans; also by ``category_of_abuse`` (Latest Category of Abuse, its list prefix
  such as 'a) ' removed) and by ``team`` (Allocated Team); a blank or '#N/A' is 'Not recorded';
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
A file is refused only when a list cannot be used at all: no List 7, a required column missing, a formula in a
list read, or bad options. Nothing identifying (child IDs, dates of birth, workers' names) reaches a message:
cells of those columns are shown as '<withheld>', and notes name rows and columns, never values.

Excel dates with a time of day are taken as their date (case systems export timestamps); text dates may be
30/06/2023 or 2023-06-30. Counts are stored as computed and suppressed where shown (``improvement.style``).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers.expat import ExpatError, ParserCreate

import numpy as np
import pandas as pd
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from sqlalchemy import select
from sqlalchemy.orm import Session

from improvement import style
from improvement.db.models import AnnexAAggregate, Authority, Load
from loaders.base import Changes, FileRefused, LoaderKind, Problem, Source, refuse
from loaders.bulk import authority_ids, insert_frame
from loaders.dfe_statistics import NOT_IN_THE_DATABASE
from loaders.readers import sheet_names
from loaders.schema import to_date
from loaders.stored_table import newest_per_key

WITHHELD = "<withheld>"
NOT_RECORDED = "Not recorded"
TABLE = "annex_a_aggregate"
IDENTIFYING_COLUMNS = {
    "child unique id",
    "date of birth",
    "allocated worker",
    "family identifier",
    "individual adopter identifier",
    "placement postcode",
}
"""Columns whose cells never appear in a message (normalised header names)."""
_PREFIX = re.compile(r"^\s*[a-z]{1,3}\)\s*", re.IGNORECASE)
_MISSING_TEXT = {"", "#n/a", "n/a", "na", "null", "none"}
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


def shown(column: str, value: object) -> object:
    """A cell as a message may show it: withheld for identifying columns."""
    return WITHHELD if normalise(column) in IDENTIFYING_COLUMNS else value


class AnnexAKind(LoaderKind):
    kind = "annex_a"
    title = (
        "Ofsted ILACS Annex A workbook (aggregates only; --authority CODE, and --extract-date YYYY-MM-DD unless the "
        "lists' latest date is the extract date)"
    )

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
            if given_date is None:
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
        changes = Changes(notes=list(parsed.notes))
        if parsed.authority is not None:
            found = authority_ids(connection, [parsed.authority])
            if parsed.authority not in found:
                raise refuse(
                    source.name,
                    NOT_IN_THE_DATABASE,
                    value=parsed.authority,
                )
            authority_id = found[parsed.authority]
        else:
            stored = connection.execute(select(Authority.id, Authority.code)).all()
            if len(stored) != 1:
                raise refuse(
                    source.name,
                    "say which authority this Annex A belongs to with --authority "
                    f"({len(stored)} authorities are in the database)",
                )
            authority_id = stored[0].id
            changes.notes.append(f"no authority was given: used {stored[0].code}, the only one in the database")

        key = ["list_name", "measure", "breakdown_kind", "breakdown_value"]
        statement = select(
            *(getattr(AnnexAAggregate, name) for name in key), AnnexAAggregate.value, AnnexAAggregate.unit
        ).where(AnnexAAggregate.authority_id == authority_id, AnnexAAggregate.extract_date == parsed.extract_date)
        newest = newest_per_key(
            statement,
            [getattr(AnnexAAggregate, name) for name in key],
            [AnnexAAggregate.load_id, AnnexAAggregate.id],
        )
        earlier = {tuple(row[:4]): (row.value, row.unit) for row in connection.execute(newest)}
        change = changes.table(TABLE)
        to_write = []
        for row in parsed.aggregates.to_dict("records"):
            row_key = tuple(row[name] for name in key)
            before = earlier.pop(row_key, None)
            if before is None:
                change.added += 1
                to_write.append(row)
            elif _same(row["value"], before[0]):
                change.unchanged += 1
            else:
                change.changed += 1
                to_write.append(row)
        for row_key, (value, unit) in earlier.items():  # no longer in this extract: none now
            gone = value if value is None else (0.0 if unit == "count" else None)
            if gone is None and value is None:
                continue
            change.changed += 1
            to_write.append(dict(zip(key, row_key, strict=True)) | {"value": gone, "unit": unit})
        if to_write:
            frame = pd.DataFrame(to_write).assign(authority_id=authority_id, extract_date=parsed.extract_date)
            insert_frame(connection, AnnexAAggregate, frame, load.id)
        return changes


def _same(new: float | None, old: float | None) -> bool:
    if new is None or old is None or (isinstance(new, float) and math.isnan(new)):
        return (new is None or (isinstance(new, float) and math.isnan(new))) and old is None
    return math.isclose(float(new), float(old), rel_tol=1e-12, abs_tol=1e-12)


# ------------------------------------------------------------------------------------------------ reading


def _read_lists(source: Source) -> dict[str, tuple[list[str], list[tuple]]]:
    """Lists 6, 7 and 8 as (header, rows of (row number, cells)), refusing a formula in any of them.

    Only these sheets are read, so formulas elsewhere in the workbook (List 10 often has some) do not matter.
    Cells come as openpyxl gives them (``read_only=True, data_only=False``: text, numbers, datetimes for date
    formats, '=...' for formulas), by ``_stream_sheets``, a streaming reader about five times faster than
    openpyxl's on 100,000-row lists (tests/test_loaders_annex_a.py checks they agree).
    """
    try:
        sheets = _stream_sheets(source.content, [LIST6, LIST7, LIST8])
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, ExpatError, ElementTree.ParseError) as exc:
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
                            column=header[position],
                            value=shown(header[position], cell),
                        )
                    )
            kept.append((number, row))
        found[name] = (header, kept)
    if problems:
        raise FileRefused(problems)
    return found


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _stream_sheets(content: bytes, wanted: list[str]) -> dict[str, list[tuple[int, list]]]:
    """The ``wanted`` sheets that exist, as (row number, cells) lists, read with expat straight from the zip."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    properties = workbook.find(f"{_NS}workbookPr")
    epoch = (
        CALENDAR_MAC_1904
        if properties is not None and properties.get("date1904") in ("1", "true")
        else CALENDAR_WINDOWS_1900
    )
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in relations.iter(f"{_RELS}Relationship")}
    paths = {}
    for sheet in workbook.iter(f"{_NS}sheet"):
        if sheet.get("name") in wanted:
            target = targets[sheet.get(_R_ID)]
            paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    if not paths:
        return {}
    names = set(archive.namelist())
    strings = _shared_strings(archive.read("xl/sharedStrings.xml")) if "xl/sharedStrings.xml" in names else []
    dates = _date_styles(archive.read("xl/styles.xml")) if "xl/styles.xml" in names else set()
    return {name: _sheet_rows(archive.read(path), strings, dates, epoch) for name, path in paths.items()}


def _shared_strings(xml: bytes) -> list[str]:
    strings = []
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):
        if element.tag == f"{_NS}si":
            strings.append("".join(t.text or "" for t in element.iter(f"{_NS}t") if not _in_phonetic(element, t)))
            element.clear()
    return strings


def _in_phonetic(si, t) -> bool:
    return any(t in list(rph.iter()) for rph in si.iter(f"{_NS}rPh"))


def _date_styles(xml: bytes) -> set[int]:
    """Indexes of the cell styles whose number format is a date."""
    styles = ElementTree.fromstring(xml)
    formats = dict(BUILTIN_FORMATS)
    for number_format in styles.iter(f"{_NS}numFmt"):
        formats[int(number_format.get("numFmtId"))] = number_format.get("formatCode")
    cell_xfs = styles.find(f"{_NS}cellXfs")
    found = set()
    for index, xf in enumerate(cell_xfs.findall(f"{_NS}xf") if cell_xfs is not None else []):
        code = formats.get(int(xf.get("numFmtId", 0)))
        if code and is_date_format(code):
            found.add(index)
    return found


def _column_index(reference: str) -> int:
    index = 0
    for character in reference:
        if character.isalpha():
            index = index * 26 + ord(character.upper()) - 64
        else:
            break
    return index - 1


def _sheet_rows(xml: bytes, strings: list[str], dates: set[int], epoch: dt.datetime) -> list[tuple[int, list]]:
    """One worksheet's rows with expat: values as openpyxl's read-only, values-only reading gives them."""
    rows: list[tuple[int, list]] = []
    state = {"row": None, "number": 0, "col": -1, "type": "n", "style": 0, "text": None, "formula": None}
    capture: list[str] = []
    capturing = [False]
    phonetic = [False]  # <rPh> holds a reading guide, not the cell's text

    def start(tag: str, attrs: dict) -> None:
        tag = tag.rsplit("}", 1)[-1]
        if tag == "c":
            reference = attrs.get("r")
            state["col"] = _column_index(reference) if reference else state["col"] + 1
            state["type"], state["style"] = attrs.get("t", "n"), int(attrs.get("s", 0))
            state["text"], state["formula"] = None, None
        elif tag in ("v", "t", "f") and not phonetic[0]:
            capturing[0] = True
            capture.clear()
        elif tag == "row":
            number = attrs.get("r")
            state["number"] = int(number) if number else state["number"] + 1
            state["row"], state["col"] = [], -1
        elif tag == "rPh":
            phonetic[0], capturing[0] = True, False

    def end(tag: str) -> None:
        tag = tag.rsplit("}", 1)[-1]
        if tag == "rPh":
            phonetic[0] = False
        elif phonetic[0]:
            return
        elif tag in ("v", "t"):
            state["text"] = (state["text"] or "") + "".join(capture) if tag == "t" else "".join(capture)
            capturing[0] = False
        elif tag == "f":
            state["formula"] = "".join(capture)
            capturing[0] = False
        elif tag == "c":
            value = _cell_value(state, strings, dates, epoch)
            if value is not None:
                row = state["row"]
                row.extend([None] * (state["col"] + 1 - len(row)))
                row[state["col"]] = value
        elif tag == "row":
            rows.append((state["number"], state["row"]))

    def text(data: str) -> None:
        if capturing[0]:
            capture.append(data)

    parser = ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    parser.Parse(xml, True)
    return rows


def _cell_value(state: dict, strings: list[str], dates: set[int], epoch: dt.datetime) -> object:
    if state["formula"] is not None:
        return f"={state['formula']}"
    kind, text = state["type"], state["text"]
    if text is None or (text == "" and kind not in ("inlineStr", "str")):
        return None
    if kind == "s":
        return strings[int(text)]
    if kind in ("inlineStr", "str", "e"):
        return text
    if kind == "b":
        return text in ("1", "true")
    number = float(text) if any(c in text for c in ".eE") else int(text)
    if state["style"] in dates:
        return from_excel(number, epoch)
    return number


@dataclass
class _Issue:
    column: str
    reason: str
    consequence: str


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
        return cls(file, name, [number for number, _ in body], cells), []

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
            labels = pd.Series(self.cells[role], dtype=object)[open_now]
            for label, count in _labels(labels, strip_prefix=role == CATEGORY).value_counts().sort_index().items():
                rows.append(_row(self.name, "cp_plans", float(count), kind, str(label)[:200]))
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
    if cell is None or (isinstance(cell, str) and cell.strip().casefold() in _MISSING_TEXT):
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
        elif isinstance(cell, str) and cell.strip().casefold() not in _MISSING_TEXT:
            text = cell.strip()
            number = float(text) if text.isdigit() else None
        blank = cell is None or (isinstance(cell, str) and cell.strip().casefold() in _MISSING_TEXT)
        valid = number is not None and math.isfinite(number) and number >= 0 and number == int(number)
        values.append(number if valid else math.nan)
        bad.append(not blank and not valid)
    return np.array(values, dtype=float), np.array(bad, dtype=bool)


def _labels(values: pd.Series, strip_prefix: bool) -> pd.Series:
    def label(cell: object) -> str:
        text = " ".join(str(cell).replace("\xa0", " ").split()) if cell is not None else ""
        if text.casefold() in _MISSING_TEXT:
            return NOT_RECORDED
        if strip_prefix:
            text = _PREFIX.sub("", text, count=1)
            text = text[:1].upper() + text[1:]
        return text or NOT_RECORDED

    return values.map(label)

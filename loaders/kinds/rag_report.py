"""The improvement adviser's six-weekly RAG report: one workbook per report.

Sheet ``report`` has two columns, ``field`` and ``value``, one row per field (authority_code, report_date,
period_start, period_end, author, status, overall_narrative, and ``reason`` for a correction). The layout is
``improvement.papers.workbook``'s, which writes reports in it (the Report page's download, ``python -m
improvement.papers report``), so a report written there loads back unchanged. Sheet ``ratings`` has one row per
priority area of the authority: its code, the rating (Red, Amber, Green or Blue = complete), the narrative and,
optionally, the evidence. Every priority area needs exactly one rating.

Reports are versioned: loading a report for a date that already has one stores it as the next version, and the
earlier versions stay as history (pages show the newest *submitted* version). A report whose content equals the
newest stored version of its date (the same file, or the same content saved again) stores nothing. A submitted
report is locked: a new submitted version of a date already submitted is a correction and needs its ``reason``
(``topics.reporting.rules``, as on the Report page).

Both sheets are tables the framework stores (``loaders.framework.store``): the report is a ``version``ed record,
the ratings its parts, compared with the newest stored version as one and stored as its next version when anything
differs; each rating names its priority area by code, the newest stored version of that area.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from itertools import groupby

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from improvement.db.models import Load, PriorityArea, RagRating, RagReport, Rating, ReportStatus
from improvement.db.reports import stored_versions
from improvement.papers.workbook import FIELD_NAMES, OPTIONAL_FIELDS, RATING_COLUMNS, RATINGS_SHEET, REPORT_SHEET
from improvement.queries.sql import newest_per_key
from improvement.style import format_date
from improvement.topics.reporting.rules import draft_from, what_changed
from loaders.framework.authorities import HOW_TO_ADD_AN_AUTHORITY, authority_lookup
from loaders.framework.base import Changes, FileRefused, Layout, LoaderKind, Problem, Source, as_text, refuse
from loaders.framework.compare import set_column
from loaders.framework.readers import ROW, RawTable, read_workbook, sheet_names
from loaders.framework.schema import Column, TableSpec, convert, unfit, validate
from loaders.framework.store import Difference, Version, store_file
from loaders.framework.tables import (
    AUTHORITY,
    AUTHORITY_CODE,
    ReadFile,
    ReadTable,
    Reference,
    priority_area_reference,
    read_table,
)
from loaders.framework.templates import GUIDANCE_SHEET, workbook_template
from loaders.framework.workbook import WorkbookTable, check_claimed_format, check_sheets, normal_name

TEMPLATE_NAME = "rag_report.xlsx"

FIELDS = (
    Column("authority_code", description="new (or old) LA code", example="E08000014"),
    Column("report_date", "date", description="the date of the report", example="2023-06-30"),
    Column("period_start", "date", description="first day the report covers", example="2023-05-19"),
    Column("period_end", "date", description="last day the report covers", example="2023-06-30"),
    Column("author", description="the improvement adviser", example="Dr Helen Ashworth"),
    Column("status", "choice", choices=tuple(s.value for s in ReportStatus), example="submitted"),
    Column("overall_narrative", description="the adviser's overall view", example="Steady progress on ..."),
    Column("reason", required=False, description="why a submitted report is corrected", example="PA2 misread"),
)
assert tuple(column.name for column in FIELDS) == FIELD_NAMES, "the fields are improvement.papers.workbook's"
REPORT = TableSpec(
    REPORT_SHEET,
    (
        Column("field", description="one row per field: " + ", ".join(FIELD_NAMES), example="report_date"),
        Column("value", description="the field's value (see the rows below)", example="2023-06-30"),
    ),
    key=("field",),
)
RATINGS = TableSpec(
    RATINGS_SHEET,
    (
        Column("priority_area_code", description="one row per priority area of the authority", example="PA1"),
        Column("rating", "choice", choices=tuple(r.value for r in Rating), description="Blue = complete"),
        Column("narrative", description="progress and trajectory, honestly", example="Drift has reduced ..."),
        Column("evidence", required=False, description="what the rating rests on", example="Audit of 40 cases"),
    ),
    key=("priority_area_code",),
)
assert tuple(RATINGS.column_names) == RATING_COLUMNS, "the ratings sheet is improvement.papers.workbook's"


@dataclass
class _ReportRead(ReadTable):
    """The report sheet as one record; a problem with a field is placed at that field's row, column 'value'."""

    rows: dict[str, int] = field(default_factory=dict)
    cells: dict[str, object] = field(default_factory=dict)  # field -> its value as written

    def problem(self, message: str, row=None, column: str | None = None, value=None) -> Problem:
        return Problem(self.file, message, sheet=REPORT_SHEET, row=self.rows.get(column), column="value", value=value)

    def written(self, row, column: str, typed=None):
        return self.cells.get(column, typed)


@dataclass
class _RatingsRead(ReadTable):
    """The ratings sheet, each row with its report's authority, date and version (the record it is part of)."""

    report: _ReportRead | None = None


class _Report(WorkbookTable):
    spec, model = REPORT, RagReport
    key, version = ("authority_id", "report_date"), "version"
    compared = ("period_start", "period_end", "author", "status", "overall_narrative", "reason")
    unknown_authority = f"unknown authority, not in the database yet: {HOW_TO_ADD_AN_AUTHORITY}"


class _Ratings(WorkbookTable):
    spec, model, part_of = RATINGS, RagRating, REPORT_SHEET
    key, compared = ("rag_report_id", "priority_area_id"), ("rating", "narrative", "evidence")
    references = (
        priority_area_reference(
            "unknown priority area for {authority}: expected one of {known}; load the improvement plan's "
            "priority_areas first or check the code",
            order=("sort_order", "code"),
        ),
        Reference(
            ("report_date", "version"),
            RagReport,
            ("report_date", "version"),
            "rag_report_id",
            "no report of this date and version for {authority}, in this file or already stored",
            defined_by=REPORT_SHEET,
        ),
    )

    def check_stored(self, connection: Connection, read: ReadTable, frame: pd.DataFrame, ids: dict) -> list[Problem]:
        """Every priority area of the report's authority needs one rating (an authority with none: refused)."""
        if frame.empty or not isinstance(read, _RatingsRead):
            return []
        code = frame[AUTHORITY].iloc[0]
        areas = _newest_areas(connection, ids[code])
        if not areas:
            raise FileRefused(
                [
                    read.report.problem(
                        f"{code} has no priority areas yet: load the improvement plan's priority_areas first",
                        column=AUTHORITY_CODE,
                        value=read.report.frame[AUTHORITY_CODE].iloc[0],
                    )
                ]
            )
        rated = set(frame["priority_area_code"])
        return [
            read.problem(
                f"no rating for priority area '{area}' ({title}): every priority area of {code} "
                f"({', '.join(areas)}) needs one rating; add a row for it",
                column="priority_area_code",
            )
            for area, title in areas.items()
            if area not in rated
        ]


REPORT_TABLE, RATINGS_TABLE = _Report(), _Ratings()


class RagReportKind(LoaderKind):
    kind = "rag_report"
    title = "The improvement adviser's six-weekly RAG report"
    layouts = (Layout(sheets=(REPORT_SHEET, RATINGS_SHEET)),)

    def templates(self) -> dict[str, bytes]:
        return {TEMPLATE_NAME: rag_report_template()}

    def recognises(self, source: Source) -> bool:
        if not source.is_workbook:
            return False
        return any(normal_name(name) in ("report", "rating") for name in sheet_names(source))

    def read(self, source: Source) -> ReadFile:
        check_claimed_format(source)
        if not source.is_workbook:
            raise refuse(
                source.name,
                f"a RAG report is an Excel workbook with the sheets '{REPORT_SHEET}' and '{RATINGS_SHEET}'; start "
                f"from data/templates/{TEMPLATE_NAME}",
            )
        present = check_sheets(source, (REPORT_SHEET, RATINGS_SHEET), "a RAG report workbook")
        found = ", ".join(f"'{name}'" for name in sheet_names(source))
        missing = [
            Problem(source.name, f"no sheet named '{name}' (found sheets: {found}): add it from the template")
            for name in (REPORT_SHEET, RATINGS_SHEET)
            if name not in present
        ]
        if missing:
            raise FileRefused(missing)
        raws = read_workbook(source, sheets=present)
        report, problems = _read_report(raws[REPORT_SHEET])
        read, found_problems, _ = read_table(RATINGS_TABLE, raws[RATINGS_SHEET])
        problems += found_problems
        fields = report.frame.iloc[0] if len(report.frame) else {}
        start, end = fields.get("period_start"), fields.get("period_end")
        if start and end and start > end:
            problems.append(
                report.problem(
                    f"is before period_start ({as_text(report.written(None, 'period_start', start))})",
                    column="period_end",
                    value=report.written(None, "period_end", end),
                )
            )
        if problems:
            raise FileRefused(problems)
        ratings = _RatingsRead(RATINGS_TABLE, read.file, read.sheet, read.frame.copy(), read.raw, report=report)
        for name in (AUTHORITY_CODE, "report_date", "version"):
            set_column(ratings.frame, name, [fields[name]] * len(ratings.frame))
        return ReadFile([report, ratings])

    def store(self, session: Session, parsed: ReadFile, load: Load, source: Source) -> Changes:
        report = next(table for table in parsed.tables if isinstance(table, _ReportRead))
        ratings = next(table for table in parsed.tables if isinstance(table, _RatingsRead))
        same = _same_as_submitted(session.connection(), report, ratings)
        if same is not None:
            return Changes(
                notes=[
                    f"the report of {format_date(report.frame['report_date'].iloc[0])} is the same as its submitted "
                    f"version {same}: no new version (a later draft stays a draft)"
                ]
            )
        stored = store_file(session.connection(), parsed, load.id)
        for version in stored.versions:
            _check_correction(session.connection(), version, report)
            stored.changes.notes += _notes(version)
        return stored.changes


def _same_as_submitted(connection: Connection, report: _ReportRead, ratings: _RatingsRead) -> int | None:
    """The newest submitted version of the report's date when the file is that version again (submitted, the same
    content: ``topics.reporting.rules.what_changed`` finds nothing) while a later draft is stored on top of it; the
    file then stores nothing (a submitted report downloaded and loaded back is unchanged). None otherwise: the
    newest stored version is compared as for every versioned record."""
    fields = report.frame.iloc[0].to_dict()
    if fields.get("status") != ReportStatus.SUBMITTED.value:
        return None
    found = authority_lookup(connection, [fields[AUTHORITY_CODE]])
    if not found:
        return None
    versions = stored_versions(connection, found[fields[AUTHORITY_CODE]][0], fields["report_date"])
    submitted = [version for version in versions if version.status == ReportStatus.SUBMITTED.value]
    if not submitted or submitted[-1] is versions[-1]:
        return None
    parsed = draft_from("", fields, ratings.frame.to_dict("records"))
    return submitted[-1].version if what_changed(submitted[-1].draft, parsed) == ["nothing"] else None


def _check_correction(connection: Connection, version: Version, report: _ReportRead) -> None:
    """A new submitted version of a date already submitted is a correction: refused without its reason (the
    transaction then stores nothing)."""
    record = version.record
    if not version.written or version.previous is None or record["status"] != ReportStatus.SUBMITTED.value:
        return
    if isinstance(record.get("reason"), str) and record["reason"].strip():
        return
    submitted_before = connection.scalar(
        select(RagReport.version)
        .where(
            RagReport.authority_id == record["authority_id"],
            RagReport.report_date == record["report_date"],
            RagReport.version < version.number,
            RagReport.status == ReportStatus.SUBMITTED.value,
        )
        .limit(1)
    )
    if submitted_before is not None:
        raise FileRefused(
            [
                report.problem(
                    f"the report of {format_date(record['report_date'])} was submitted before (version "
                    f"{submitted_before}) and is locked: a new submitted version is a correction; add a row "
                    "'reason' to the report sheet saying why it is corrected",
                    column="reason",
                )
            ]
        )


def _notes(version: Version) -> list[str]:
    when = format_date(version.record["report_date"])
    if version.previous is not None and not version.written:
        return [f"the report of {when} is the same as its stored version {version.previous}: no new version"]
    notes = []
    if version.previous is not None:
        notes.append(
            f"the report of {when} is stored as version {version.number}; version {version.previous} stays as "
            f"history (changed: {', '.join(_in_words(version.differences))})"
        )
    if version.record["status"] == ReportStatus.DRAFT.value:
        notes.append(f"the report of {when} is a draft: pages show the newest submitted version until it is submitted")
    return notes


def _in_words(differences: list[Difference]) -> list[str]:
    """What a new version changes, in words: fields, and each area's rating or text."""
    moved = [
        f"{d.column} {d.old} -> {d.new}" if d.column == "status" else d.column for d in differences if d.part is None
    ]
    for (code,), changed in groupby((d for d in differences if d.part is not None), key=lambda d: d.part):
        changed = list(changed)
        if changed[0].column is None:
            if changed[0].new is not None:  # a rating the stored version does not have
                moved.append(f"{code} rated {changed[0].new['rating']}")
            continue
        moved += [f"{code} {d.old} -> {d.new}" for d in changed if d.column == "rating"]
        if any(d.column in ("narrative", "evidence") for d in changed):
            moved.append(f"{code} narrative or evidence")
    return moved or ["nothing visible"]


def _newest_areas(connection: Connection, authority_id: int) -> dict[str, str]:
    """Priority area code -> title of its newest version, in the authority's order."""
    newest = newest_per_key(
        select(PriorityArea.code, PriorityArea.title, PriorityArea.sort_order).where(
            PriorityArea.authority_id == authority_id
        ),
        [PriorityArea.code],
        [PriorityArea.load_id, PriorityArea.id],
    )
    rows = connection.execute(newest.order_by(newest.selected_columns.sort_order, newest.selected_columns.code))
    return {code: title for code, title, _ in rows}


def _read_report(raw: RawTable) -> tuple[_ReportRead, list[Problem]]:
    """The report sheet's field/value rows as one record of typed values, with each field's row number."""
    report: dict = {}
    read = _ReportRead(REPORT_TABLE, raw.file, raw.sheet, pd.DataFrame())
    rows = read.rows  # field -> its row
    problems = [p for p in validate(raw, REPORT).problems if p.row == 1 or "repeats row" in p.message]
    if any(p.row == 1 for p in problems):
        return read, problems
    by_name = {column.name: column for column in FIELDS}
    for number, name, cell in zip(raw.frame[ROW], raw.frame["field"], raw.frame["value"], strict=True):
        name = str(name).strip() if name is not None else ""
        column = by_name.get(name)
        if column is None:
            problems.append(
                Problem(
                    raw.file,
                    f"unknown field: the report sheet has the fields {', '.join(FIELD_NAMES)}",
                    sheet=raw.sheet,
                    row=int(number),
                    column="field",
                    value=name,
                )
            )
            continue
        if name in rows:
            continue  # a repeated field: already a problem from validate
        value, message = convert(cell, column)
        if message is None:
            message = unfit(value, RagReport.__table__.c.get(name))
        if message:
            problems.append(
                Problem(raw.file, f"{name} {message}", sheet=raw.sheet, row=int(number), column="value", value=cell)
            )
        report[name], rows[name], read.cells[name] = value, int(number), cell
    for name in FIELD_NAMES:
        if name not in rows and name not in OPTIONAL_FIELDS:
            problems.append(
                Problem(
                    raw.file,
                    f"missing field '{name}': add a row with '{name}' in the field column and its value next to it",
                    sheet=raw.sheet,
                )
            )
    optional = dict.fromkeys(OPTIONAL_FIELDS)
    read.frame = pd.DataFrame(
        [{ROW: min(rows.values(), default=2), **optional, **report, "version": None}], dtype=object
    )
    return read, problems


def rag_report_template() -> bytes:
    """The workbook template with the report's field names already in the report sheet and in the Guidance."""
    workbook = load_workbook(io.BytesIO(workbook_template([REPORT, RATINGS], "Six-weekly RAG report")))
    report = workbook[REPORT_SHEET]
    for name in FIELD_NAMES:
        report.append([name, None])
    report.column_dimensions["B"].width = 60
    guidance = workbook[GUIDANCE_SHEET]
    type_help = {"text": "text", "date": "date (2023-06-30 or 30/06/2023)", "choice": "one of the allowed values"}
    for column in FIELDS:
        guidance.append(
            [
                REPORT_SHEET,
                f"value of {column.name}",
                "yes",
                type_help[column.type],
                ", ".join(column.choices),
                column.description,
                column.example,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The improvement adviser's six-weekly RAG report: one workbook per report.

Sheet ``report`` has two columns, ``field`` and ``value``, one row per field (authority_code, report_date,
period_start, period_end, author, status, overall_narrative). Sheet ``ratings`` has one row per priority area of
the authority: its code, the rating (Red, Amber, Green or Blue = complete), the narrative and, optionally, the
evidence. Every priority area needs exactly one rating.

Reports are versioned: loading a report for a date that already has one stores it as the next version, and the
earlier versions stay as history (pages show the newest *submitted* version). A report whose content equals the
newest stored version of its date (the same file, or the same content saved again) stores nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from improvement.db.models import Load, PriorityArea, RagRating, RagReport, Rating, ReportStatus
from improvement.style import format_date
from loaders.base import Changes, FileRefused, LoaderKind, Problem, Source, refuse
from loaders.bulk import insert_frame
from loaders.dfe_statistics import HOW_TO_ADD_AN_AUTHORITY
from loaders.plan import authority_lookup, check_claimed_format, check_sheets, normal_name, same, typed_rows
from loaders.readers import ROW, RawTable, read_workbook, sheet_names
from loaders.schema import Column, TableSpec, convert, validate
from loaders.templates import GUIDANCE_SHEET, workbook_template

TEMPLATE_NAME = "rag_report.xlsx"
REPORT_SHEET = "report"
RATINGS_SHEET = "ratings"

FIELDS = (
    Column("authority_code", description="new (or old) LA code", example="E08000014"),
    Column("report_date", "date", description="the date of the report", example="2023-06-30"),
    Column("period_start", "date", description="first day the report covers", example="2023-05-19"),
    Column("period_end", "date", description="last day the report covers", example="2023-06-30"),
    Column("author", description="the improvement adviser", example="Dr Helen Ashworth"),
    Column("status", "choice", choices=tuple(s.value for s in ReportStatus), example="submitted"),
    Column("overall_narrative", description="the adviser's overall view", example="Steady progress on ..."),
)
FIELD_NAMES = tuple(column.name for column in FIELDS)
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
_LENGTHS = {"author": RagReport.__table__.c.author.type.length}


@dataclass
class RagFile:
    file: str
    report: dict  # field -> typed value
    report_rows: dict  # field -> row number in the report sheet
    ratings: list[dict]

    def field_problem(self, name: str, message: str) -> Problem:
        return Problem(
            self.file,
            message,
            sheet=REPORT_SHEET,
            row=self.report_rows.get(name),
            column="value",
            value=self.report.get(name),
        )

    def content(self) -> tuple:
        """What makes two versions the same report: every field but the date, and every rating."""
        fields = tuple(self.report[name] for name in FIELD_NAMES if name not in ("authority_code", "report_date"))
        ratings = {r["priority_area_code"]: (r["rating"], r["narrative"], r["evidence"]) for r in self.ratings}
        return fields, ratings


class RagReportKind(LoaderKind):
    kind = "rag_report"
    title = "The improvement adviser's six-weekly RAG report"

    def templates(self) -> dict[str, bytes]:
        return {TEMPLATE_NAME: rag_report_template()}

    def recognises(self, source: Source) -> bool:
        if not source.is_workbook:
            return False
        return any(normal_name(name) in ("report", "rating") for name in sheet_names(source))

    def read(self, source: Source) -> RagFile:
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
        report, rows, problems = _read_report(raws[REPORT_SHEET])
        ratings, found_problems = typed_rows(raws[RATINGS_SHEET], RATINGS, RagRating)
        parsed = RagFile(source.name, report, rows, ratings)
        problems += found_problems
        start, end = report.get("period_start"), report.get("period_end")
        if start and end and start > end:
            problems.append(parsed.field_problem("period_end", f"is before period_start ({start:%Y-%m-%d})"))
        if problems:
            raise FileRefused(problems)
        return parsed

    def store(self, session: Session, parsed: RagFile, load: Load, source: Source) -> Changes:
        return _store(session.connection(), parsed, load.id)


def _read_report(raw: RawTable) -> tuple[dict, dict, list[Problem]]:
    """The report sheet's field/value rows as typed values, with each field's row number."""
    problems = [p for p in validate(raw, REPORT).problems if p.row == 1 or "repeats row" in p.message]
    if any(p.row == 1 for p in problems):
        return {}, {}, problems
    report, rows = {}, {}
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
        if message is None and isinstance(value, str) and name in _LENGTHS and len(value) > _LENGTHS[name]:
            message = f"is {len(value)} characters long; at most {_LENGTHS[name]} fit: shorten it"
        if message is None and isinstance(value, str) and "\x00" in value:
            message = "holds a NUL character, which cannot be stored: retype the cell"
        if message:
            problems.append(
                Problem(raw.file, f"{name} {message}", sheet=raw.sheet, row=int(number), column="value", value=cell)
            )
        report[name], rows[name] = value, int(number)
    for name in FIELD_NAMES:
        if name not in rows:
            problems.append(
                Problem(
                    raw.file,
                    f"missing field '{name}': add a row with '{name}' in the field column and its value next to it",
                    sheet=raw.sheet,
                )
            )
    return report, rows, problems


def _store(c: Connection, parsed: RagFile, load_id: int) -> Changes:
    problems = []
    code = parsed.report["authority_code"]
    authority = authority_lookup(c, [code]).get(code)
    if authority is None:
        raise FileRefused(
            [
                parsed.field_problem(
                    "authority_code", f"unknown authority, not in the database yet: {HOW_TO_ADD_AN_AUTHORITY}"
                )
            ]
        )
    authority_id, authority_code = authority
    areas = _newest_areas(c, authority_id)
    if not areas:
        raise FileRefused(
            [
                parsed.field_problem(
                    "authority_code",
                    f"{authority_code} has no priority areas yet: load the improvement plan's priority_areas first",
                )
            ]
        )
    rated = set()
    for row in parsed.ratings:
        if row["priority_area_code"] not in areas:
            problems.append(
                Problem(
                    parsed.file,
                    f"unknown priority area for {authority_code}: expected one of {', '.join(areas)}; "
                    "load the improvement plan's priority_areas first or check the code",
                    sheet=RATINGS_SHEET,
                    row=row[ROW],
                    column="priority_area_code",
                    value=row["priority_area_code"],
                )
            )
        rated.add(row["priority_area_code"])
    for area_code, (_, title) in areas.items():
        if area_code not in rated:
            problems.append(
                Problem(
                    parsed.file,
                    f"no rating for priority area '{area_code}' ({title}): every priority area of {authority_code} "
                    f"({', '.join(areas)}) needs one rating; add a row for it",
                    sheet=RATINGS_SHEET,
                    column="priority_area_code",
                )
            )
    if problems:
        raise FileRefused(problems)

    report_date = parsed.report["report_date"]
    newest = _newest_version(c, authority_id, report_date)
    changes = Changes()
    report_change, rating_change = changes.table(RagReport.__tablename__), changes.table(RagRating.__tablename__)
    when = format_date(report_date)
    if newest is not None and _same_content(newest[1], parsed.content()):
        report_change.unchanged, rating_change.unchanged = 1, len(parsed.ratings)
        changes.notes.append(f"the report of {when} is the same as its stored version {newest[0]}: no new version")
        return changes
    version = 1 if newest is None else newest[0] + 1
    report_id = c.execute(
        insert(RagReport).values(
            authority_id=authority_id,
            report_date=report_date,
            version=version,
            period_start=parsed.report["period_start"],
            period_end=parsed.report["period_end"],
            author=parsed.report["author"],
            status=parsed.report["status"],
            overall_narrative=parsed.report["overall_narrative"],
            load_id=load_id,
        )
    ).inserted_primary_key[0]
    ratings = pd.DataFrame(
        [
            {
                "rag_report_id": report_id,
                "priority_area_id": areas[row["priority_area_code"]][0],
                "rating": row["rating"],
                "narrative": row["narrative"],
                "evidence": row["evidence"],
            }
            for row in parsed.ratings
        ]
    )
    insert_frame(c, RagRating, ratings, load_id)
    if newest is None:
        report_change.added, rating_change.added = 1, len(parsed.ratings)
    else:
        report_change.changed, rating_change.changed = 1, len(parsed.ratings)
        moved = _differences(newest[1], parsed.content())
        changes.notes.append(
            f"the report of {when} is stored as version {version}; version {newest[0]} stays as history "
            f"(changed: {', '.join(moved)})"
        )
    if parsed.report["status"] == ReportStatus.DRAFT.value:
        changes.notes.append(
            f"the report of {when} is a draft: pages show the newest submitted version until it is submitted"
        )
    return changes


def _newest_areas(c: Connection, authority_id: int) -> dict[str, tuple[int, str]]:
    """Priority area code -> (id of its newest version, title), in the authority's order."""
    newest = (
        select(func.max(PriorityArea.id))
        .where(PriorityArea.authority_id == authority_id)
        .group_by(PriorityArea.code)
        .scalar_subquery()
    )
    rows = c.execute(
        select(PriorityArea.code, PriorityArea.id, PriorityArea.title)
        .where(PriorityArea.id.in_(newest))
        .order_by(PriorityArea.sort_order, PriorityArea.code)
    ).all()
    return {code: (area_id, title) for code, area_id, title in rows}


def _newest_version(c: Connection, authority_id: int, report_date: dt.date) -> tuple[int, tuple] | None:
    """The newest stored version of the authority's report for ``report_date`` and its content, or None."""
    report = c.execute(
        select(
            RagReport.id,
            RagReport.version,
            RagReport.period_start,
            RagReport.period_end,
            RagReport.author,
            RagReport.status,
            RagReport.overall_narrative,
        )
        .where(RagReport.authority_id == authority_id, RagReport.report_date == report_date)
        .order_by(RagReport.version.desc())
        .limit(1)
    ).first()
    if report is None:
        return None
    ratings = c.execute(
        select(PriorityArea.code, RagRating.rating, RagRating.narrative, RagRating.evidence)
        .join(PriorityArea, PriorityArea.id == RagRating.priority_area_id)
        .where(RagRating.rag_report_id == report.id)
    ).all()
    fields = (report.period_start, report.period_end, report.author, report.status, report.overall_narrative)
    return report.version, (
        fields,
        {code: (rating, narrative, evidence) for code, rating, narrative, evidence in ratings},
    )


def _same_content(stored: tuple, given: tuple) -> bool:
    (stored_fields, stored_ratings), (fields, ratings) = stored, given
    return (
        all(same(a, b) for a, b in zip(stored_fields, fields, strict=True))
        and stored_ratings.keys() == ratings.keys()
        and all(all(same(a, b) for a, b in zip(stored_ratings[k], ratings[k], strict=True)) for k in ratings)
    )


def _differences(stored: tuple, given: tuple) -> list[str]:
    """What a new version changes, in words: fields, and each area's rating or text."""
    (stored_fields, stored_ratings), (fields, ratings) = stored, given
    names = [name for name in FIELD_NAMES if name not in ("authority_code", "report_date")]
    moved = [
        f"{name} {old} -> {new}" if name == "status" else name
        for name, old, new in zip(names, stored_fields, fields, strict=True)
        if not same(old, new)
    ]
    for code, (rating, narrative, evidence) in ratings.items():
        old = stored_ratings.get(code)
        if old is None:
            moved.append(f"{code} rated {rating}")
            continue
        if old[0] != rating:
            moved.append(f"{code} {old[0]} -> {rating}")
        if not same(old[1], narrative) or not same(old[2], evidence):
            moved.append(f"{code} narrative or evidence")
    return moved or ["nothing visible"]


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

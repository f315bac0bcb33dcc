"""The improvement plan: its authority, priority areas, measures, targets, trajectories, actions and milestones.

One Excel workbook with a sheet per table (any subset of them; a ``Guidance`` sheet is ignored), or the same
tables as separate CSV files, each recognised by its header. Rows refer to one another by code (authority code,
measure code, priority area code, action reference); a code must name a row in the same file or one already in
the database, otherwise the file is refused with the place of every such row.

The measure catalogue is shared by all authorities: a measure already stored must be given exactly as stored
(a file cannot change a measure's unit, polarity, name or definition). An authority already stored must match.
Everything else is appended with the newest load winning; a row equal to the current newest is not written
again, so re-loading an overlapping file only adds what is new or different.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Integer, String, func, or_, select
from sqlalchemy.orm import Session

from improvement.db.models import (
    Authority,
    Load,
    Measure,
    Milestone,
    PlanAction,
    PlanMeasure,
    Polarity,
    PriorityArea,
    PriorityAreaKind,
    Target,
    TrajectoryPoint,
    Unit,
)
from loaders.base import Changes, FileRefused, LoaderKind, Problem, Source, refuse
from loaders.bulk import insert_frame, records
from loaders.readers import ROW, RawTable, csv_header, read_csv, read_workbook, sheet_names
from loaders.schema import Column, TableSpec, validate
from loaders.templates import GUIDANCE_SHEET, csv_template, workbook_template

TEMPLATE_NAME = "improvement_plan"

AUTHORITY = TableSpec(
    "authority",
    (
        Column("code", description="the council's new LA code", example="E08000014"),
        Column("old_la_code", required=False, description="the council's old (3-digit) LA code", example="343"),
        Column("name", description="the council's name", example="Sefton"),
        Column("region", required=False, description="the English region", example="North West"),
    ),
    key=("code",),
    description="The council the plan belongs to (created if new; must match the stored one if not).",
)
PRIORITY_AREAS = TableSpec(
    "priority_areas",
    (
        Column("authority_code", description="new (or old) LA code", example="E08000014"),
        Column("code", description="short code for the area", example="PA1"),
        Column("title", description="short title", example="PLO pre-proceedings"),
        Column("kind", "choice", choices=tuple(k.value for k in PriorityAreaKind), example="priority_action"),
        Column("ofsted_wording", description="Ofsted's words", example="Timely application of the PLO ..."),
        Column("source", description="the inspection or visit", example="Ofsted focused visit, March 2021"),
        Column("sort_order", "integer", description="order on the pages", example="1"),
    ),
    key=("authority_code", "code"),
)
MEASURES = TableSpec(
    "measures",
    (
        Column("code", description="short code, shared by every authority", example="social_worker_caseload"),
        Column("name", example="Social worker caseload"),
        Column("definition", example="Cases per FTE case-holding social worker"),
        Column("unit", "choice", choices=tuple(u.value for u in Unit), example="ratio"),
        Column("polarity", "choice", choices=tuple(p.value for p in Polarity), example="lower_is_better"),
        Column("source", example="Local performance report"),
        Column("counts_children", "yes_no", description="whether small counts must be suppressed", example="no"),
        Column("national_equivalent", required=False, description="DfE statistics column, if any", example=""),
    ),
    key=("code",),
)
PLAN_MEASURES = TableSpec(
    "plan_measures",
    (
        Column("authority_code", example="E08000014"),
        Column("measure_code", example="social_worker_caseload"),
        Column("priority_area_code", description="the area the measure evidences", example="AFI5"),
        Column("is_headline", "yes_no", description="shown on the Overview", example="yes"),
        Column("baseline_value", "number", required=False, example="22.5"),
        Column("baseline_period", "date", required=False, description="month of the baseline", example="2021-06-01"),
    ),
    key=("authority_code", "measure_code"),
)
TARGETS = TableSpec(
    "targets",
    (
        Column("authority_code", example="E08000014"),
        Column("measure_code", example="social_worker_caseload"),
        Column("value", "number", example="16"),
        Column("target_date", "date", example="2023-06-30"),
    ),
    key=("authority_code", "measure_code"),
)
TRAJECTORIES = TableSpec(
    "trajectories",
    (
        Column("authority_code", example="E08000014"),
        Column("measure_code", example="social_worker_caseload"),
        Column("period", "date", description="the month (any day of it; stored as the 1st)", example="2022-01-01"),
        Column("planned_value", "number", description="the value planned for that month", example="19.5"),
    ),
    key=("authority_code", "measure_code", "period"),
)
ACTIONS = TableSpec(
    "actions",
    (
        Column("authority_code", example="E08000014"),
        Column("priority_area_code", example="PA1"),
        Column("reference", description="the plan's action reference", example="PA1.1"),
        Column("title", example="Weekly legal gateway panel for every case in pre-proceedings"),
        Column("owner", description="a role, not a person's name", example="Head of Service, Safeguarding"),
    ),
    key=("authority_code", "reference"),
)
MILESTONES = TableSpec(
    "milestones",
    (
        Column("authority_code", example="E08000014"),
        Column("action_reference", example="PA1.1"),
        Column("title", example="Panel terms of reference agreed"),
        Column("due_date", "date", example="2021-10-31"),
        Column("status", "choice", choices=("not_started", "in_progress", "complete", "dropped"), example="complete"),
        Column("completed_date", "date", required=False, description="required when complete", example="2021-10-20"),
    ),
    key=("authority_code", "action_reference", "title"),
)
SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (AUTHORITY, PRIORITY_AREAS, MEASURES, PLAN_MEASURES, TARGETS, TRAJECTORIES, ACTIONS, MILESTONES)
}
MODELS = {
    "authority": Authority,
    "priority_areas": PriorityArea,
    "measures": Measure,
    "plan_measures": PlanMeasure,
    "targets": Target,
    "trajectories": TrajectoryPoint,
    "actions": PlanAction,
    "milestones": Milestone,
}

# --- Shared by the workbook loaders (this one and the RAG report) --------------------------------------------


def normal_name(name: str) -> str:
    """A sheet name as people mistype it: case, spaces, hyphens and a plural 's' ignored."""
    return re.sub(r"[\s\-_]+", "_", name.strip().lower()).strip("_").rstrip("s")


def check_claimed_format(source: Source) -> None:
    """Refuse a file whose content is not what its name says (an .xlsx that is CSV text, a .csv that is a zip)."""
    if source.suffix in (".xlsx", ".xlsm") and not source.is_workbook:
        looks = "text, perhaps CSV" if _is_text(source.content) else "not an Excel workbook"
        raise refuse(
            source.name,
            f"is named {source.suffix} but its content is {looks}: open it in Excel and save it as an Excel "
            "workbook (.xlsx), or give it the name it deserves (.csv)",
        )
    if source.suffix == ".csv" and source.is_workbook:
        raise refuse(
            source.name,
            "is named .csv but is an Excel workbook (a zip file): rename it .xlsx, or export each sheet as CSV",
        )


def _is_text(content: bytes) -> bool:
    try:
        content[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in content[:4096]


def check_sheets(source: Source, expected: Iterable[str], what: str) -> list[str]:
    """The expected sheets the workbook has; refuses wrongly named or unknown sheets, naming them."""
    expected = list(expected)
    found = sheet_names(source)
    by_normal = {normal_name(name): name for name in expected}
    listed = ", ".join(f"'{name}'" for name in found)
    problems = []
    for name in found:
        if name in expected or name.strip().lower() == GUIDANCE_SHEET.lower():
            continue
        meant = by_normal.get(normal_name(name))
        if meant is not None and meant not in found:
            message = f"no sheet named '{meant}' (found sheets: {listed}): rename the sheet '{name}' to '{meant}'"
        else:
            message = (
                f"unknown sheet (found sheets: {listed}): {what} has the sheets "
                f"{', '.join(repr(n) for n in expected)} and '{GUIDANCE_SHEET}'; rename or remove it"
            )
        problems.append(Problem(source.name, message, sheet=name))
    if problems:
        raise FileRefused(problems)
    return [name for name in found if name in expected]


def fit_problems(raw: RawTable, rows: list[dict], spec: TableSpec, model) -> list[Problem]:
    """Values the database could not hold as given: text longer than its column, a whole number out of range,
    a NUL character. Refused here rather than truncated, or failing half way through the store."""
    problems = []
    table = model.__table__
    for column in spec.columns:
        stored = table.columns.get(column.name)
        for row in rows:
            value = row.get(column.name)
            if value is None or stored is None:
                continue
            message = None
            if isinstance(value, str) and "\x00" in value:
                message = "holds a NUL character, which cannot be stored: retype the cell"
            elif isinstance(value, str) and isinstance(stored.type, String) and stored.type.length:
                if len(value) > stored.type.length:
                    message = f"is {len(value)} characters long; at most {stored.type.length} fit: shorten it"
            elif isinstance(stored.type, Integer) and isinstance(value, int) and abs(value) > 2**31 - 1:
                message = "is too large: expected a whole number below 2,147,483,648"
            if message:
                shown = value if not isinstance(value, str) or len(value) <= 60 else value[:57] + "..."
                problems.append(
                    Problem(raw.file, message, sheet=raw.sheet, row=row[ROW], column=column.name, value=shown)
                )
    return problems


def typed_rows(raw: RawTable, spec: TableSpec, model) -> tuple[list[dict], list[Problem]]:
    """Validate ``raw`` against ``spec``: rows as plain dicts (``ROW`` kept) and every problem."""
    validated = validate(raw, spec)
    rows = records(validated.frame) if validated.frame.shape[1] else []
    for row in rows:
        for name, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                row[name] = None
    return rows, validated.problems + fit_problems(raw, rows, spec, model)


def same(a: Any, b: Any) -> bool:
    """Equal as stored: None and NaN are both missing; 3 == 3.0; a datetime's date is its date."""
    missing_a = a is None or (isinstance(a, float) and math.isnan(a))
    missing_b = b is None or (isinstance(b, float) and math.isnan(b))
    if missing_a or missing_b:
        return missing_a and missing_b
    if isinstance(a, dt.datetime):
        a = a.date()
    if isinstance(b, dt.datetime):
        b = b.date()
    return a == b


def authority_lookup(connection: Connection, codes: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Stored authorities by new or old LA code -> (id, new code)."""
    wanted = list(dict.fromkeys(str(code) for code in codes))
    if not wanted:
        return {}
    rows = connection.execute(
        select(Authority.id, Authority.code, Authority.old_la_code).where(
            or_(Authority.code.in_(wanted), Authority.old_la_code.in_(wanted))
        )
    ).all()
    found = {}
    for authority_id, code, old_code in rows:
        found[code] = (authority_id, code)
        if old_code:
            found[old_code] = (authority_id, code)
    return found


# --- The improvement plan -------------------------------------------------------------------------------------


@dataclass
class PlanFile:
    """What ``read`` found: typed rows per table (each with ``ROW``), where each came from, and notes."""

    file: str
    rows: dict[str, list[dict]]
    sheets: dict[str, str | None]
    notes: list[str] = field(default_factory=list)

    def problem(self, table: str, row: dict, column: str, message: str) -> Problem:
        return Problem(self.file, message, sheet=self.sheets[table], row=row[ROW], column=column, value=row[column])


class ImprovementPlan(LoaderKind):
    kind = "improvement_plan"
    title = "Improvement plan (priority areas, measures, targets, trajectories, actions, milestones)"

    def templates(self) -> dict[str, bytes]:
        specs = list(SPECS.values())
        files = {f"{TEMPLATE_NAME}.xlsx": workbook_template(specs, "Improvement plan: one sheet per table")}
        files.update({f"{TEMPLATE_NAME}_{spec.name}.csv": csv_template(spec) for spec in specs})
        return files

    def recognises(self, source: Source) -> bool:
        if source.is_workbook:
            wanted = {normal_name(name) for name in SPECS}
            return any(normal_name(name) in wanted for name in sheet_names(source))
        return table_for_header(csv_header(source)) is not None

    def read(self, source: Source) -> PlanFile:
        check_claimed_format(source)
        if source.is_workbook:
            present = check_sheets(source, SPECS, "an improvement plan workbook")
            raws = read_workbook(source, sheets=present)
        else:
            raw = read_csv(source)
            raws = {_table_for_csv(source, raw): raw}
        parsed = PlanFile(source.name, {}, {})
        problems: list[Problem] = []
        for name in SPECS:  # in dependency order, whatever the order of the sheets
            raw = raws.get(name)
            if raw is None:
                continue
            if raw.frame.empty and source.is_workbook:
                if raw.columns:  # a header-only sheet: nothing to load, but its header must still be right
                    problems += [p for p in validate(raw, SPECS[name]).problems if p.row == 1]
                continue
            rows, found = typed_rows(raw, SPECS[name], MODELS[name])
            problems += found
            parsed.rows[name], parsed.sheets[name] = rows, raw.sheet
        if not parsed.rows and not problems:
            raise refuse(
                source.name,
                f"holds no rows of data: fill in at least one of the sheets ({', '.join(SPECS)}) below its header row",
            )
        problems += _row_rules(parsed)
        if problems:
            raise FileRefused(problems)
        return parsed

    def store(self, session: Session, parsed: PlanFile, load: Load, source: Source) -> Changes:
        return _PlanWriter(session.connection(), parsed, load.id).write()


def table_for_header(header: list[str]) -> str | None:
    """The plan table a CSV header is exactly (every required column, nothing foreign), or None."""
    columns = set(header)
    for spec in SPECS.values():
        if set(spec.required_names) <= columns <= set(spec.column_names):
            return spec.name
    return None


def _table_for_csv(source: Source, raw: RawTable) -> str:
    """The table a CSV file holds: by its exact header, else by its name, else the closest header."""
    exact = table_for_header(raw.columns)
    if exact:
        return exact
    stem = normal_name(source.name.rsplit(".", 1)[0])
    for name in sorted(SPECS, key=len, reverse=True):
        if stem.endswith(normal_name(name)):
            return name
    overlap = {name: len(set(raw.columns) & set(spec.column_names)) for name, spec in SPECS.items()}
    best = max(overlap, key=lambda name: overlap[name])
    if overlap[best] == 0:
        raise refuse(
            source.name,
            "its header matches none of the improvement plan's tables; start from a template "
            f"(data/templates/{TEMPLATE_NAME}_<table>.csv, tables: {', '.join(SPECS)})",
            row=1,
        )
    return best


def _row_rules(parsed: PlanFile) -> list[Problem]:
    """Rules across a row's cells, and months: what ``validate`` cannot see column by column."""
    problems = []
    for row in parsed.rows.get("milestones", []):
        if row["status"] == "complete" and row["completed_date"] is None:
            problems.append(
                parsed.problem("milestones", row, "completed_date", "is empty: a complete milestone needs the date")
            )
        if row["status"] in ("not_started", "in_progress") and row["completed_date"] is not None:
            problems.append(
                parsed.problem(
                    "milestones", row, "completed_date", f"a milestone that is {row['status']} has no completed date"
                )
            )
    moved, first_row = [], {}
    for row in parsed.rows.get("trajectories", []):
        period = row["period"]
        if period is not None and period.day != 1:
            row["period"] = period.replace(day=1)
            moved.append(f"row {row[ROW]}: {period:%Y-%m-%d} -> {row['period']:%Y-%m-%d}")
        key = (row["authority_code"], row["measure_code"], row["period"])
        if row["period"] is not None and key in first_row and first_row[key][1] != period:  # else validate said
            problems.append(
                parsed.problem(
                    "trajectories",
                    row,
                    "period",
                    f"is the same month as row {first_row[key][0]}: each measure has one planned value per month",
                )
            )
        first_row.setdefault(key, (row[ROW], period))
    if moved:
        examples = "; ".join(moved[:3]) + ("; ..." if len(moved) > 3 else "")
        parsed.notes.append(
            f"trajectories: {len(moved)} period(s) were not the 1st of the month and are stored as their month "
            f"({examples})"
        )
    return problems


class _PlanWriter:
    """Resolves every code (file first, then the database), refuses unknown ones, then appends what changed."""

    def __init__(self, connection: Connection, parsed: PlanFile, load_id: int) -> None:
        self.c = connection
        self.p = parsed
        self.load_id = load_id
        self.changes = Changes(notes=list(parsed.notes))
        self.problems: list[Problem] = []

    def rows(self, table: str) -> list[dict]:
        return self.p.rows.get(table, [])

    def write(self) -> Changes:
        self._check_authorities()
        self._check_measures()
        self._check_references()
        if self.problems:
            raise FileRefused(self.problems)
        self._write_authorities()
        self._write_measures()
        self._write_priority_areas()
        self._write_keyed(
            "plan_measures",
            PlanMeasure,
            select(
                PlanMeasure.authority_id,
                PlanMeasure.measure_id,
                PriorityArea.code,
                PlanMeasure.is_headline,
                PlanMeasure.baseline_value,
                PlanMeasure.baseline_period,
            ).join(PriorityArea, PriorityArea.id == PlanMeasure.priority_area_id),
            PlanMeasure.authority_id,
            key=lambda r: (r["authority_id"], r["measure_id"]),
            values=("priority_area_code", "is_headline", "baseline_value", "baseline_period"),
        )
        self._write_keyed(
            "targets",
            Target,
            select(Target.authority_id, Target.measure_id, Target.value, Target.target_date),
            Target.authority_id,
            key=lambda r: (r["authority_id"], r["measure_id"]),
            values=("value", "target_date"),
        )
        self._write_keyed(
            "trajectories",
            TrajectoryPoint,
            select(
                TrajectoryPoint.authority_id,
                TrajectoryPoint.measure_id,
                TrajectoryPoint.period,
                TrajectoryPoint.planned_value,
            ),
            TrajectoryPoint.authority_id,
            key=lambda r: (r["authority_id"], r["measure_id"], r["period"]),
            values=("planned_value",),
        )
        self._write_keyed(
            "actions",
            PlanAction,
            select(
                PlanAction.authority_id,
                PlanAction.reference,
                PriorityArea.code,
                PlanAction.title,
                PlanAction.owner,
            ).join(PriorityArea, PriorityArea.id == PlanAction.priority_area_id),
            PlanAction.authority_id,
            key=lambda r: (r["authority_id"], r["reference"]),
            values=("priority_area_code", "title", "owner"),
        )
        self._write_keyed(
            "milestones",
            Milestone,
            select(
                PlanAction.authority_id,
                PlanAction.reference,
                Milestone.title,
                Milestone.due_date,
                Milestone.status,
                Milestone.completed_date,
            ).join(PlanAction, PlanAction.id == Milestone.plan_action_id),
            PlanAction.authority_id,
            key=lambda r: (r["authority_id"], r["action_reference"], r["title"]),
            values=("due_date", "status", "completed_date"),
            order=(Milestone.load_id, Milestone.id),
        )
        return self.changes

    # --- checks: every problem the database reveals, before anything is written ---

    def _check_authorities(self) -> None:
        file_rows = self.rows("authority")
        referenced = [r["authority_code"] for t in SPECS for r in self.rows(t) if "authority_code" in r]
        self.stored_authorities = authority_lookup(self.c, [r["code"] for r in file_rows] + referenced)
        columns = (Authority.code, Authority.name, Authority.old_la_code, Authority.region)
        stored = {
            row.code: row
            for row in self.c.execute(select(*columns).where(Authority.code.in_([r["code"] for r in file_rows])))
        }
        self.file_authorities: dict[str, str] = {}  # new or old code in the file -> new code
        for row in file_rows:
            self.file_authorities[row["code"]] = row["code"]
            if row["old_la_code"]:
                self.file_authorities[row["old_la_code"]] = row["code"]
            existing = stored.get(row["code"])
            if existing is None:
                continue
            for column in ("name", "old_la_code", "region"):
                given, kept = row[column], getattr(existing, column)
                if given is not None and not same(given, kept):
                    self.problems.append(
                        self.p.problem(
                            "authority",
                            row,
                            column,
                            f"authority {row['code']} is already stored with {column} {kept!r}: a plan file cannot "
                            "change an authority; correct the cell to match",
                        )
                    )

    def _check_measures(self) -> None:
        file_rows = self.rows("measures")
        columns = [Measure.__table__.c[name] for name in MEASURES.column_names]
        stored = {
            m.code: m for m in self.c.execute(select(*columns).where(Measure.code.in_([r["code"] for r in file_rows])))
        }
        for row in file_rows:
            existing = stored.get(row["code"])
            if existing is None:
                continue
            for column in ("unit", "polarity"):
                if not same(row[column], getattr(existing, column)):
                    self.problems.append(
                        self.p.problem(
                            "measures",
                            row,
                            column,
                            f"measure {row['code']} already exists with {column} {getattr(existing, column)!r}; "
                            f"measures cannot change {column}: define a new measure with a new code instead",
                        )
                    )
            for column in ("name", "definition", "source", "counts_children", "national_equivalent"):
                if not same(row[column], getattr(existing, column)):
                    self.problems.append(
                        self.p.problem(
                            "measures",
                            row,
                            column,
                            f"measure {row['code']} already exists with {column} {getattr(existing, column)!r}: "
                            "the measure catalogue is shared by every authority and a file cannot change it; copy "
                            "the stored value, or define a new measure with a new code",
                        )
                    )
        known = {code for (code,) in self.c.execute(select(Measure.code)).all()}
        self.known_measures = known | {r["code"] for r in file_rows}

    def _authority(self, table: str, row: dict) -> str | None:
        """The new LA code a row's authority_code means (file first, then database), or None with a problem."""
        code = row["authority_code"]
        if code in self.file_authorities:
            return self.file_authorities[code]
        if code in self.stored_authorities:
            return self.stored_authorities[code][1]
        self.problems.append(
            self.p.problem(
                table,
                row,
                "authority_code",
                "unknown authority: it is neither in this file's 'authority' table (sheet 'authority') nor in the "
                "database yet: add it there, or load a DfE statistics file that names it (for example DfE's "
                "csww_indicators CSV) first; give its new (E08000014) or old (343) LA code",
            )
        )
        return None

    def _check_references(self) -> None:
        stored_areas = self._stored_codes(PriorityArea, PriorityArea.code)
        stored_actions = self._stored_codes(PlanAction, PlanAction.reference)
        file_areas = set()
        for row in self.rows("priority_areas"):
            row["authority"] = self._authority("priority_areas", row)
            file_areas.add((row["authority"], row["code"]))
        file_actions = set()
        for row in self.rows("actions"):
            row["authority"] = self._authority("actions", row)
            file_actions.add((row["authority"], row["reference"]))
        areas, actions = stored_areas | file_areas, stored_actions | file_actions
        for table in ("plan_measures", "targets", "trajectories", "milestones", "actions"):
            for row in self.rows(table):
                if table != "actions":
                    row["authority"] = self._authority(table, row)
                if row["authority"] is None:
                    continue
                if "measure_code" in row and row["measure_code"] not in self.known_measures:
                    self.problems.append(
                        self.p.problem(
                            table,
                            row,
                            "measure_code",
                            "unknown measure: load the measures table first (sheet 'measures') or check the code",
                        )
                    )
                area = row.get("priority_area_code")
                if area is not None and (row["authority"], area) not in areas:
                    self.problems.append(
                        self.p.problem(
                            table,
                            row,
                            "priority_area_code",
                            f"unknown priority area for {row['authority']}: load the priority_areas table first "
                            "(sheet 'priority_areas') or check the code",
                        )
                    )
                if table == "milestones" and (row["authority"], row["action_reference"]) not in actions:
                    self.problems.append(
                        self.p.problem(
                            table,
                            row,
                            "action_reference",
                            f"unknown action for {row['authority']}: load the actions table first "
                            "(sheet 'actions') or check the reference",
                        )
                    )

    def _stored_codes(self, model, code_column) -> set[tuple[str, str]]:
        """(new LA code, code) of the rows of ``model`` stored for the authorities this file mentions."""
        new_code = dict(self.stored_authorities.values())  # id -> new LA code
        if not new_code:
            return set()
        result = self.c.execute(
            select(model.authority_id, code_column).where(model.authority_id.in_(list(new_code))).distinct()
        ).all()
        return {(new_code[authority_id], code) for authority_id, code in result}

    # --- writes ---

    def _insert(self, model, rows: list[dict]) -> None:
        if rows:
            insert_frame(self.c, model, pd.DataFrame(rows), self.load_id)

    def _write_authorities(self) -> None:
        change = self.changes.table(Authority.__tablename__) if self.rows("authority") else None
        new = [r for r in self.rows("authority") if r["code"] not in self.stored_authorities]
        self._insert(Authority, [{k: v for k, v in r.items() if k != ROW} for r in new])
        if change:
            change.added, change.unchanged = len(new), len(self.rows("authority")) - len(new)
        ids = dict(self.c.execute(select(Authority.code, Authority.id)).all()) if new else {}
        self.authority_ids = {ids_[1]: ids_[0] for ids_ in self.stored_authorities.values()}
        self.authority_ids.update({code: ids[code] for code in (r["code"] for r in new)})

    def _write_measures(self) -> None:
        file_rows = self.rows("measures")
        stored = {code for (code,) in self.c.execute(select(Measure.code)).all()}
        new = [r for r in file_rows if r["code"] not in stored]
        self._insert(Measure, new)
        if file_rows:
            change = self.changes.table(Measure.__tablename__)
            change.added, change.unchanged = len(new), len(file_rows) - len(new)
        self.measure_ids = dict(self.c.execute(select(Measure.code, Measure.id)).all())

    def _write_priority_areas(self) -> None:
        self._write_keyed(
            "priority_areas",
            PriorityArea,
            select(
                PriorityArea.authority_id,
                PriorityArea.code,
                PriorityArea.title,
                PriorityArea.kind,
                PriorityArea.ofsted_wording,
                PriorityArea.source,
                PriorityArea.sort_order,
            ),
            PriorityArea.authority_id,
            key=lambda r: (r["authority_id"], r["code"]),
            values=("title", "kind", "ofsted_wording", "source", "sort_order"),
        )

    def _newest_ids(self, model, code_column) -> dict[tuple[int, str], int]:
        newest = (
            select(model.authority_id, code_column, func.max(model.id))
            .where(model.authority_id.in_(list(self.authority_ids.values())))
            .group_by(model.authority_id, code_column)
        )
        return {(a, code): row_id for a, code, row_id in self.c.execute(newest).all()}

    def _write_keyed(self, table: str, model, stored_query, authority_column, *, key, values, order=None) -> None:
        """Append the file's rows of ``table`` whose values differ from the newest stored row with the same key."""
        file_rows = self.rows(table)
        if not file_rows:
            return
        for row in file_rows:
            row["authority_id"] = self.authority_ids[row["authority"]]
            if "measure_code" in row:
                row["measure_id"] = self.measure_ids[row["measure_code"]]
        if "priority_area_code" in file_rows[0]:
            area_ids = self._newest_ids(PriorityArea, PriorityArea.code)
            for row in file_rows:
                row["priority_area_id"] = area_ids[(row["authority_id"], row["priority_area_code"])]
        if table == "milestones":
            action_ids = self._newest_ids(PlanAction, PlanAction.reference)
            for row in file_rows:
                row["plan_action_id"] = action_ids[(row["authority_id"], row["action_reference"])]
        order = order or (model.load_id, model.id)
        wanted = list({r["authority_id"] for r in file_rows})
        statement = stored_query.where(authority_column.in_(wanted)).order_by(*order)
        key_names = [column.name for column in statement.selected_columns][: -len(values)]
        newest: dict[tuple, tuple] = {}
        for stored in self.c.execute(statement).all():
            newest[tuple(stored[: len(key_names)])] = tuple(stored[len(key_names) :])
        change = self.changes.table(model.__tablename__)
        to_insert = []
        for row in file_rows:
            kept = newest.get(key(row))
            if kept is None:
                change.added += 1
            elif all(same(row[name], value) for name, value in zip(values, kept, strict=True)):
                change.unchanged += 1
                continue
            else:
                change.changed += 1
            to_insert.append(row)
        self._insert(model, to_insert)

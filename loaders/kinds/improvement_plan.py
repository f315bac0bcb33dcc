"""The improvement plan: its authority, priority areas, measures, targets, trajectories, actions and milestones.

One Excel workbook with a sheet per table (any subset of them; a ``Guidance`` sheet is ignored), or the same
tables as separate CSV files, each recognised by its header. Rows refer to one another by code (authority code,
measure code, priority area code, action reference); a code must name a row in the same file or one already in
the database, otherwise the file is refused with the place of every such row.

The measure catalogue is shared by all authorities: a measure already stored must be given exactly as stored
(a file cannot change a measure's unit, polarity, name or definition). An authority already stored must match.
A baseline, target or planned value must be possible in its measure's unit (a percentage from 0 to 100, a count a
whole number 0 or more: ``loaders.framework.plausible``), and every date fall from 2000 to ten years from today.
A month (a trajectory's ``period``, a plan measure's ``process_change_from``: the month a change to how the service
works began, from which the measure's SPC limits are recalculated) may be any day of it and is stored as its 1st.
Everything else is appended with the newest load winning; a row equal to the current newest is not written
again, so re-loading an overlapping file only adds what is new or different.

| table (sheet) | database table | one row per (key) |
|---|---|---|
| ``authority`` | ``authority`` (shared, never changed) | code |
| ``priority_areas`` | ``priority_area`` (with an optional ``theme`` from ``vocab.Theme``) | authority + code |
| ``measures`` | ``measure`` (shared, never changed) | code |
| ``plan_measures`` | ``plan_measure`` | authority + measure |
| ``targets`` | ``target`` | authority + measure |
| ``trajectories`` | ``trajectory_point`` | authority + measure + month |
| ``actions`` | ``plan_action`` | authority + reference |
| ``milestones`` | ``milestone`` | authority + action + title |
"""

from __future__ import annotations

import pandas as pd

from improvement.db.models import (
    Authority,
    Measure,
    Milestone,
    PlanAction,
    PlanMeasure,
    Polarity,
    PriorityArea,
    PriorityAreaKind,
    Target,
    Theme,
    TrajectoryPoint,
    Unit,
)
from loaders.framework.base import Problem, Source, refuse
from loaders.framework.compare import month_start, same
from loaders.framework.kind import TableKind, header_problems
from loaders.framework.readers import ROW, RawTable, csv_header, read_csv, read_workbook, sheet_names
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import ReadTable, Reference, StoredTable, measure_reference, priority_area_reference
from loaders.framework.templates import csv_template, workbook_template
from loaders.framework.workbook import WorkbookTable, check_claimed_format, check_sheets, normal_name

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
        Column(
            "theme",
            "choice",
            required=False,
            choices=tuple(theme.value for theme in Theme),
            description=(
                "what the area is about, one of the themes the Methodology page lists (DfE compares councils' plans "
                "by theme). Empty: none"
            ),
            example=Theme.PRE_PROCEEDINGS.value,
        ),
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
        Column(
            "process_change_from",
            "date",
            required=False,
            description=(
                "The month a change to how the service works began (a new service model): the measure's SPC limits "
                "are recalculated from it. Any date in the month (stored as the 1st). Empty: none"
            ),
            example="2022-06-01",
        ),
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

UNKNOWN_AUTHORITY = (
    "unknown authority: it is neither in this file's 'authority' table (sheet 'authority') nor in the database yet: "
    "add it there, or load a DfE statistics file that names it (for example DfE's csww_indicators CSV) first; give "
    "its new (E08000014) or old (343) LA code"
)
MEASURE = measure_reference("unknown measure: load the measures table first (sheet 'measures') or check the code")
AREA = priority_area_reference(
    "unknown priority area for {authority}: load the priority_areas table first (sheet 'priority_areas') or check "
    "the code"
)
ACTION = Reference(
    ("action_reference",),
    PlanAction,
    ("reference",),
    "plan_action_id",
    "unknown action for {authority}: load the actions table first (sheet 'actions') or check the reference",
    defined_by="actions",
)


class _PlanTable(WorkbookTable):
    unknown_authority = UNKNOWN_AUTHORITY


class _Authority(_PlanTable):
    spec, model = AUTHORITY, Authority
    key, compared = ("code",), ("name", "old_la_code", "region")
    authority, defines_authorities, catalogue = None, True, True

    def conflicts(self, read: ReadTable, row: dict, stored: dict) -> list[Problem]:
        return [
            read.problem(
                f"authority {row['code']} is already stored with {column} {stored[column]!r}: a plan file cannot "
                "change an authority; correct the cell to match",
                row=row[ROW],
                column=column,
                value=row[column],
            )
            for column in self.compared
            if row[column] is not None and not same(row[column], stored[column])
        ]


class _Measures(_PlanTable):
    spec, model = MEASURES, Measure
    key = ("code",)
    compared = ("unit", "polarity", "name", "definition", "source", "counts_children", "national_equivalent")
    authority, catalogue = None, True

    def conflicts(self, read: ReadTable, row: dict, stored: dict) -> list[Problem]:
        problems = []
        for column in self.compared:
            if same(row[column], stored[column]):
                continue
            if column in ("unit", "polarity"):
                message = (
                    f"measure {row['code']} already exists with {column} {stored[column]!r}; measures cannot change "
                    f"{column}: define a new measure with a new code instead"
                )
            else:
                message = (
                    f"measure {row['code']} already exists with {column} {stored[column]!r}: the measure catalogue "
                    "is shared by every authority and a file cannot change it; copy the stored value, or define a "
                    "new measure with a new code"
                )
            problems.append(read.problem(message, row=row[ROW], column=column, value=row[column]))
        return problems


class _PriorityAreas(_PlanTable):
    spec, model = PRIORITY_AREAS, PriorityArea
    key, compared = ("authority_id", "code"), ("title", "kind", "ofsted_wording", "source", "sort_order", "theme")


class _PlanMeasures(_PlanTable):
    spec, model, references = PLAN_MEASURES, PlanMeasure, (MEASURE, AREA)
    key, compared = (
        ("authority_id", "measure_id"),
        ("priority_area_code", "is_headline", "baseline_value", "baseline_period", "process_change_from"),
    )
    months, measured = ("process_change_from",), ("baseline_value",)


class _Targets(_PlanTable):
    spec, model, references = TARGETS, Target, (MEASURE,)
    key, compared = ("authority_id", "measure_id"), ("value", "target_date")
    measured = ("value",)


class _Trajectories(_PlanTable):
    spec, model, references = TRAJECTORIES, TrajectoryPoint, (MEASURE,)
    key, compared = ("authority_id", "measure_id", "period"), ("planned_value",)
    months, measured = ("period",), ("planned_value",)
    same_month = "is the same month as row {row}: each measure has one planned value per month"

    def month_note(self, column: str, rows: list[int], days: list, moved: list[int]) -> str:
        shown = [f"row {rows[i]}: {days[i]:%Y-%m-%d} -> {month_start(days[i]):%Y-%m-%d}" for i in moved[:3]]
        examples = "; ".join(shown) + ("; ..." if len(moved) > 3 else "")
        return (
            f"trajectories: {len(moved)} period(s) were not the 1st of the month and are stored as their month "
            f"({examples})"
        )


class _Actions(_PlanTable):
    spec, model, references = ACTIONS, PlanAction, (AREA,)
    key, compared = ("authority_id", "reference"), ("priority_area_code", "title", "owner")


class _Milestones(_PlanTable):
    spec, model, references = MILESTONES, Milestone, (ACTION,)
    key, compared = ("authority_id", "action_reference", "title"), ("due_date", "status", "completed_date")

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        problems = []
        for row, status, completed in zip(frame[ROW], frame["status"], frame["completed_date"], strict=True):
            if status == "complete" and completed is None:
                problems.append(
                    read.problem("is empty: a complete milestone needs the date", row=row, column="completed_date")
                )
            if status in ("not_started", "in_progress") and completed is not None:
                problems.append(
                    read.problem(
                        f"a milestone that is {status} has no completed date",
                        row=row,
                        column="completed_date",
                        value=completed,
                    )
                )
        return problems


TABLES: dict[str, StoredTable] = {
    table.spec.name: table
    for table in (
        _Authority(),
        _Measures(),
        _PriorityAreas(),
        _PlanMeasures(),
        _Targets(),
        _Trajectories(),
        _Actions(),
        _Milestones(),
    )
}
"""Every table of the plan by its sheet name, in the order they are stored (each after those it names); their
problems are reported in the order of the sheets (``SPECS``)."""


class ImprovementPlan(TableKind):
    kind = "improvement_plan"
    title = "Improvement plan (priority areas, measures, targets, trajectories, actions, milestones)"
    tables = tuple(TABLES.values())
    read_order = tuple(SPECS)

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

    def loading_rank(self, source: Source) -> int:
        """A plan workbook first (-1), then a plan CSV by its table's place in the plan (authority first)."""
        if source.is_workbook:
            return -1
        table = table_for_header(csv_header(source))
        return list(SPECS).index(table) if table else len(SPECS)

    def raw_tables(self, source: Source) -> dict[str, RawTable]:
        check_claimed_format(source)
        if source.is_workbook:
            present = check_sheets(source, SPECS, "an improvement plan workbook")
            return read_workbook(source, sheets=present)
        raw = read_csv(source)
        return {_table_for_csv(source, raw): raw}

    def empty_sheet_problems(
        self, source: Source, raws: dict[str, RawTable], raw: RawTable, table: StoredTable
    ) -> list[Problem] | None:
        """A workbook's header-only sheet: nothing to load, but its header must still be right."""
        if not source.is_workbook:
            return None
        return header_problems(raw, table) if raw.columns else []

    def no_rows(self, source: Source, raws: dict[str, RawTable]) -> Problem:
        return Problem(
            source.name,
            f"holds no rows of data: fill in at least one of the sheets ({', '.join(SPECS)}) below its header row",
        )


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

"""The monthly and operational files: measure actuals, caseloads, risks, meetings and adviser days.

Each is a plain table (a CSV file, or a workbook sheet named like the table) read and stored by
``loaders.stored_table``: validated by its ``TableSpec``, checked by the rules below, and diffed against the newest
stored row for its key so that a re-loaded or overlapping file adds only what is new or corrected.

| kind | table(s) | one row per (key) |
|---|---|---|
| ``measure_actuals`` | ``observation`` | authority + measure + month |
| ``caseloads`` | ``caseload`` | authority + team + month |
| ``risks`` | ``risk``, ``risk_review`` | authority + reference; authority + risk + review date |
| ``meetings`` | ``meeting`` | authority + kind + date |
| ``adviser_days`` | ``adviser_day`` | authority + date + activity |
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Select, select

from improvement.db.models import (
    AdviserDay,
    Caseload,
    Meeting,
    MeetingKind,
    Observation,
    PriorityArea,
    Risk,
    RiskReview,
)
from loaders.base import Problem
from loaders.bulk import measure_ids, priority_area_ids
from loaders.readers import ROW
from loaders.schema import Column, TableSpec, convert
from loaders.stored_table import AUTHORITY_CODE, ReadTable, StoredTable, TableKind, newest_per_key, set_column

SUPPRESSION_SYMBOLS = ("c", "low", "x", "z", "u")
ADVISER_ACTIVITIES = ("board", "coaching", "dfe_review", "visit", "other")

_AUTHORITY = Column(
    AUTHORITY_CODE,
    description="The council's new LA code (E08000014) or old LA code (343), as already stored",
    example="E08000014",
)


def _month(name: str = "period") -> Column:
    return Column(
        name,
        "date",
        description="The month the figures are for: any date in it (stored as the 1st)",
        example="2023-06-01",
    )


# --- measure actuals ----------------------------------------------------------------------------------------


class _Actuals(StoredTable):
    spec = TableSpec(
        "measure_actuals",
        (
            _AUTHORITY,
            Column(
                "measure_code", description="A measure code from the plan's measures table", example="repeat_cp_plans"
            ),
            _month(),
            Column(
                "value",
                required=False,
                description="The figure, digits only (17.5, 42); leave empty when status holds a symbol",
                example="17.5",
            ),
            Column(
                "status",
                "choice",
                required=False,
                choices=SUPPRESSION_SYMBOLS,
                description="Instead of a value: c suppressed, low rounds to zero, x not available, z not applicable, "
                "u low reliability",
            ),
            Column("source", required=False, description="Where the figure comes from (default: the file's name)"),
        ),
        key=(AUTHORITY_CODE, "measure_code", "period"),
        description="One figure per authority, measure and month, in long format",
    )
    model = Observation
    key = ("authority_id", "measure_id", "period")
    compared = ("value", "status")
    months = ("period",)
    always_columns = ("value",)

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        problems = []
        for row, value, status in zip(frame[ROW], frame["value"], frame["status"], strict=True):
            symbol = value.lower() if value is not None and value.lower() in SUPPRESSION_SYMBOLS else None
            if value is not None and symbol is None and _number(value) is None:
                problems.append(
                    read.problem(
                        "expected a number (digits only, no units or words) or a suppression symbol "
                        f"({', '.join(SUPPRESSION_SYMBOLS)})",
                        row=row,
                        column="value",
                        value=value,
                    )
                )
            elif value is not None and status is not None and symbol != status:
                problems.append(read.problem("give a value or a status symbol, not both", row=row, column="status"))
            elif value is None and status is None:
                problems.append(
                    read.problem("give a value or a status symbol: both are empty", row=row, column="value")
                )
        return problems

    def prepare(self, read: ReadTable, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        values, statuses, symbols_in_value = [], [], 0
        for value, status in zip(frame["value"], frame["status"], strict=True):
            if value is not None and value.lower() in SUPPRESSION_SYMBOLS:
                values.append(None)
                statuses.append(value.lower())
                symbols_in_value += 1
            else:
                values.append(None if value is None else _number(value))
                statuses.append(status)
        frame = frame.copy()
        set_column(frame, "value", values)
        set_column(frame, "status", statuses)
        set_column(frame, "source", [source or read.file[:200] for source in frame["source"]])
        notes = []
        if symbols_in_value:
            notes.append(
                f"measure_actuals: {symbols_in_value} row(s) had a suppression symbol in the value column; "
                "stored as that status with no value (never as 0)"
            )
        return frame, notes

    def resolve(
        self, connection: Connection, read: ReadTable, frame: pd.DataFrame, resolved: dict[str, pd.DataFrame]
    ) -> list[Problem]:
        ids = measure_ids(connection)
        set_column(frame, "measure_id", [ids.get(code) for code in frame["measure_code"]])
        return [
            read.problem(
                "unknown measure code: add it to the plan's measures table first",
                row=row,
                column="measure_code",
                value=code,
            )
            for row, code, measure in zip(frame[ROW], frame["measure_code"], frame["measure_id"], strict=True)
            if measure is None
        ]


def _number(text: str) -> float | None:
    value, message = convert(text, Column("value", "number"))
    return None if message else value


class MeasureActuals(TableKind):
    kind = "measure_actuals"
    title = "Measure actuals (monthly figures for the plan's measures)"
    tables = (_Actuals(),)


# --- caseloads ------------------------------------------------------------------------------------------------

_FTE = ("case_holding_fte", "agency_fte", "vacancies_fte")


class _Caseloads(StoredTable):
    spec = TableSpec(
        "caseloads",
        (
            _AUTHORITY,
            Column(
                "team", description="The team's name (no worker or child names anywhere)", example="Assessment North"
            ),
            _month(),
            Column(
                "case_holding_fte",
                "number",
                description="FTE of case-holding social workers, agency included",
                example="8.5",
            ),
            Column(
                "children_allocated", "integer", description="Children allocated to the team's workers", example="152"
            ),
            Column(
                "agency_fte", "number", description="Of the case-holding FTE, how much is agency staff", example="2"
            ),
            Column("vacancies_fte", "number", description="Vacant case-holding posts, FTE", example="1.5"),
        ),
        key=(AUTHORITY_CODE, "team", "period"),
        description="One row per team and month: aggregates only",
    )
    model = Caseload
    key = ("authority_id", "team", "period")
    compared = ("case_holding_fte", "children_allocated", "agency_fte", "vacancies_fte")
    months = ("period",)

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        problems = []
        for record in frame.to_dict("records"):
            row = record[ROW]
            for column in (*_FTE, "children_allocated"):
                if record[column] < 0:
                    problems.append(read.problem("must not be negative", row=row, column=column, value=record[column]))
            if record["agency_fte"] > record["case_holding_fte"]:
                problems.append(
                    read.problem(
                        f"agency_fte is more than case_holding_fte ({record['case_holding_fte']:g}): agency workers "
                        "are counted within the case-holding FTE",
                        row=row,
                        column="agency_fte",
                        value=record["agency_fte"],
                    )
                )
        return problems


class Caseloads(TableKind):
    kind = "caseloads"
    title = "Caseloads (per team and month: FTE, children allocated, agency, vacancies)"
    tables = (_Caseloads(),)


# --- risks and their reviews ---------------------------------------------------------------------------------


class _Risks(StoredTable):
    spec = TableSpec(
        "risks",
        (
            _AUTHORITY,
            Column("reference", description="The risk's reference in the risk register", example="R01"),
            Column(
                "title", description="What could go wrong", example="Legal capacity delays letters before proceedings"
            ),
            Column("owner", description="Who owns the risk (a role)", example="Service Manager, Legal Gateway"),
            Column("mitigation", description="What is being done about it", example="Weekly legal gateway slot"),
            Column("status", "choice", choices=("open", "closed"), example="open"),
            Column("raised_date", "date", description="When the risk was raised", example="2022-03-14"),
            Column("closed_date", "date", required=False, description="When it was closed (needed if closed)"),
            Column(
                "priority_area_code",
                required=False,
                description="The priority area it threatens (a code from the plan), if any",
                example="PA1",
            ),
        ),
        key=(AUTHORITY_CODE, "reference"),
        description="The risk register: one row per risk",
    )
    model = Risk
    key = ("authority_id", "reference")
    compared = ("title", "owner", "mitigation", "status", "raised_date", "closed_date", "priority_area_code")

    def stored_statement(self, authority_ids: list[int]) -> Select:
        statement = (
            select(
                Risk.authority_id,
                Risk.reference,
                Risk.title,
                Risk.owner,
                Risk.mitigation,
                Risk.status,
                Risk.raised_date,
                Risk.closed_date,
                PriorityArea.code.label("priority_area_code"),
            )
            .outerjoin(PriorityArea, PriorityArea.id == Risk.priority_area_id)
            .where(Risk.authority_id.in_(authority_ids))
        )
        return newest_per_key(statement, [Risk.authority_id, Risk.reference], [Risk.load_id, Risk.id])

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        problems = []
        for row, status, raised, closed in zip(
            frame[ROW], frame["status"], frame["raised_date"], frame["closed_date"], strict=True
        ):
            if status == "closed" and closed is None:
                problems.append(
                    read.problem("a closed risk needs its closed_date", row=row, column="closed_date", value=None)
                )
            elif status == "open" and closed is not None:
                problems.append(
                    read.problem(
                        "an open risk has no closed_date: clear it, or set status to closed",
                        row=row,
                        column="closed_date",
                        value=f"{closed:%d/%m/%Y}",
                    )
                )
            elif closed is not None and closed < raised:
                problems.append(
                    read.problem(
                        f"is before raised_date ({raised:%d/%m/%Y})",
                        row=row,
                        column="closed_date",
                        value=f"{closed:%d/%m/%Y}",
                    )
                )
        return problems

    def resolve(
        self, connection: Connection, read: ReadTable, frame: pd.DataFrame, resolved: dict[str, pd.DataFrame]
    ) -> list[Problem]:
        areas = {authority: priority_area_ids(connection, authority) for authority in set(frame["authority_id"])}
        set_column(
            frame,
            "priority_area_id",
            [
                None if code is None else areas[authority].get(code)
                for authority, code in zip(frame["authority_id"], frame["priority_area_code"], strict=True)
            ],
        )
        return [
            read.problem(
                "unknown priority area code for this authority: add it to the plan's priority areas first",
                row=row,
                column="priority_area_code",
                value=code,
            )
            for row, code, area in zip(frame[ROW], frame["priority_area_code"], frame["priority_area_id"], strict=True)
            if code is not None and area is None
        ]


class _RiskReviews(StoredTable):
    spec = TableSpec(
        "risk_reviews",
        (
            _AUTHORITY,
            Column(
                "risk_reference",
                description="The reviewed risk's reference (in this file or already stored)",
                example="R01",
            ),
            Column("review_date", "date", example="2022-06-04"),
            Column("likelihood", "integer", description="1 (rare) to 5 (almost certain)", example="3"),
            Column("impact", "integer", description="1 (negligible) to 5 (severe)", example="4"),
        ),
        key=(AUTHORITY_CODE, "risk_reference", "review_date"),
        description="Each review of a risk: likelihood and impact",
    )
    model = RiskReview
    key = ("authority_id", "risk_reference", "review_date")
    compared = ("likelihood", "impact")

    def stored_statement(self, authority_ids: list[int]) -> Select:
        statement = (
            select(
                Risk.authority_id,
                Risk.reference.label("risk_reference"),
                RiskReview.review_date,
                RiskReview.likelihood,
                RiskReview.impact,
            )
            .join(Risk, Risk.id == RiskReview.risk_id)
            .where(Risk.authority_id.in_(authority_ids))
        )
        return newest_per_key(
            statement,
            [Risk.authority_id, Risk.reference, RiskReview.review_date],
            [RiskReview.load_id, RiskReview.id],
        )

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        return [
            read.problem("expected a whole number from 1 to 5", row=row, column=column, value=value)
            for column in ("likelihood", "impact")
            for row, value in zip(frame[ROW], frame[column], strict=True)
            if not 1 <= value <= 5
        ]

    def resolve(
        self, connection: Connection, read: ReadTable, frame: pd.DataFrame, resolved: dict[str, pd.DataFrame]
    ) -> list[Problem]:
        known = set(_newest_risk_ids(connection, sorted(set(frame["authority_id"]))))
        risks = resolved.get("risks")
        if risks is not None:
            known |= set(zip(risks["authority_id"], risks["reference"], strict=True))
        return [
            read.problem(
                "no risk with this reference for this authority, in this file or already stored: add it to the "
                "risks sheet first",
                row=row,
                column="risk_reference",
                value=reference,
            )
            for row, authority, reference in zip(
                frame[ROW], frame["authority_id"], frame["risk_reference"], strict=True
            )
            if (authority, reference) not in known
        ]

    def before_insert(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        ids = _newest_risk_ids(connection, sorted({int(a) for a in frame["authority_id"]}))
        set_column(
            frame, "risk_id", [ids[(a, r)] for a, r in zip(frame["authority_id"], frame["risk_reference"], strict=True)]
        )
        return frame


def _newest_risk_ids(connection: Connection, authority_ids: list[int]) -> dict[tuple[int, str], int]:
    """(authority id, reference) -> id of the newest stored version of each risk (this load's included)."""
    statement = newest_per_key(
        select(Risk.authority_id, Risk.reference, Risk.id).where(Risk.authority_id.in_(authority_ids)),
        [Risk.authority_id, Risk.reference],
        [Risk.load_id, Risk.id],
    )
    return {(authority, reference): risk for authority, reference, risk in connection.execute(statement)}


class Risks(TableKind):
    kind = "risks"
    title = "Risks to delivery and their reviews (likelihood x impact)"
    tables = (_Risks(), _RiskReviews())
    workbook_template_name = "risks.xlsx"


# --- meetings -------------------------------------------------------------------------------------------------


class _Meetings(StoredTable):
    spec = TableSpec(
        "meetings",
        (
            _AUTHORITY,
            Column(
                "kind",
                "choice",
                choices=tuple(kind.value for kind in MeetingKind),
                description="six_weekly_report (adviser's report), dfe_review (six-monthly), board_meeting",
                example="board_meeting",
            ),
            Column("meeting_date", "date", description="The date it happens or is due", example="2023-07-20"),
            Column("title", example="Improvement board, July 2023"),
            Column("notes", required=False),
        ),
        key=(AUTHORITY_CODE, "kind", "meeting_date"),
        description="The reporting rhythm: reports, DfE reviews and board meetings",
    )
    model = Meeting
    key = ("authority_id", "kind", "meeting_date")
    compared = ("title", "notes")


class Meetings(TableKind):
    kind = "meetings"
    title = "Meetings (six-weekly reports, DfE reviews, board meetings)"
    tables = (_Meetings(),)


# --- adviser days ---------------------------------------------------------------------------------------------


class _AdviserDays(StoredTable):
    spec = TableSpec(
        "adviser_days",
        (
            _AUTHORITY,
            Column("day_date", "date", description="The date the work was done", example="2021-07-15"),
            Column(
                "days", "number", description="Days worked: more than 0, at most 1 (half a day is 0.5)", example="1"
            ),
            Column("activity", "choice", choices=ADVISER_ACTIVITIES, example="board"),
            Column("notes", required=False),
        ),
        key=(AUTHORITY_CODE, "day_date", "activity"),
        description="The improvement adviser's days, by date and activity",
    )
    model = AdviserDay
    key = ("authority_id", "day_date", "activity")
    compared = ("days", "notes")

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        return [
            read.problem(
                "expected more than 0 and at most 1 day (half a day is 0.5)", row=row, column="days", value=days
            )
            for row, days in zip(frame[ROW], frame["days"], strict=True)
            if not 0 < days <= 1
        ]


class AdviserDays(TableKind):
    kind = "adviser_days"
    title = "Improvement adviser days (date, days, activity)"
    tables = (_AdviserDays(),)


KINDS = [MeasureActuals(), Caseloads(), Risks(), Meetings(), AdviserDays()]
"""The operational kinds, in the order ``loaders.kinds`` registers them."""

__all__ = ["KINDS", "AdviserDays", "Caseloads", "MeasureActuals", "Meetings", "Risks"]

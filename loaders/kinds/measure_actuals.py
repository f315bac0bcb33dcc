"""Measure actuals: one figure per authority, measure and month, in long format (``observation``).

A plain table (a CSV file, or a workbook sheet named ``measure_actuals``) read and stored by the framework:
validated by its ``TableSpec``, checked by the rules below (a value or a suppression symbol, not both), the month
stored as its 1st, and compared with the newest stored figure for authority + measure + month, so a re-loaded or
overlapping file adds only what is new or corrected. A suppression symbol is stored as a status with no value, never
as 0.
"""

from __future__ import annotations

import pandas as pd

from improvement.db.models import Observation
from loaders.framework.base import Problem
from loaders.framework.compare import set_column
from loaders.framework.kind import TableKind
from loaders.framework.readers import ROW
from loaders.framework.schema import SUPPRESSION_SYMBOLS, Column, TableSpec, convert, unfit
from loaders.framework.tables import (
    AUTHORITY_CODE,
    ReadTable,
    StoredTable,
    authority_column,
    measure_reference,
    month_column,
)


class _Actuals(StoredTable):
    spec = TableSpec(
        "measure_actuals",
        (
            authority_column(),
            Column(
                "measure_code", description="A measure code from the plan's measures table", example="repeat_cp_plans"
            ),
            month_column(),
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
    references = (measure_reference("unknown measure code: add it to the plan's measures table first"),)
    key = ("authority_id", "measure_id", "period")
    compared = ("value", "status")
    months = ("period",)
    always_columns = ("value",)
    measured = ("value",)  # in its measure's unit's range (a percentage 0 to 100...)
    noted_jumps = "value"  # a month far out of line with the series is noted

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
        unsourced = frame[ROW][frame["source"].isna()].tolist()
        too_long = unfit(read.file, Observation.__table__.c.source, "is {length} characters long; at most {limit} fit")
        if unsourced and too_long:
            problems.append(
                read.problem(
                    f"is empty in {len(unsourced)} row(s), so the file's name would be their source, and the name "
                    f"{too_long}: give a source, or shorten the file's name",
                    row=unsourced[0],
                    column="source",
                )
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
        set_column(frame, "source", [source or read.file for source in frame["source"]])
        notes = []
        if symbols_in_value:
            notes.append(
                f"measure_actuals: {symbols_in_value} row(s) had a suppression symbol in the value column; "
                "stored as that status with no value (never as 0)"
            )
        return frame, notes


def _number(text: str) -> float | None:
    value, message = convert(text, Column("value", "number"))
    return None if message else value


class MeasureActuals(TableKind):
    kind = "measure_actuals"
    title = "Measure actuals (monthly figures for the plan's measures)"
    tables = (_Actuals(),)

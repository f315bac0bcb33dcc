"""The improvement adviser's days: by date and activity, more than 0 and at most 1 day each (``adviser_day``),
one row per authority + date + activity; a re-loaded day with other days or notes is a change.
"""

from __future__ import annotations

import pandas as pd

from improvement.db.models import AdviserDay
from loaders.framework.base import Problem
from loaders.framework.kind import TableKind
from loaders.framework.readers import ROW
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import AUTHORITY_CODE, ReadTable, StoredTable, authority_column

ADVISER_ACTIVITIES = ("board", "coaching", "dfe_review", "visit", "other")


class _AdviserDays(StoredTable):
    spec = TableSpec(
        "adviser_days",
        (
            authority_column(),
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

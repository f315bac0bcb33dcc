"""Interventions: DfE's intervention in a council's children's services (``intervention``), one row per authority +
kind + start date: the kind (improvement notice, statutory direction, commissioner), when it started and, once
lifted, ended, the adviser or commissioner, and notes. A re-loaded intervention with a new end date, adviser or notes
is a change: stored as a new row, the earlier one kept as history.

| kind | table | one row per (key) |
|---|---|---|
| ``interventions`` | ``intervention`` | authority + kind + start date |
"""

from __future__ import annotations

import pandas as pd

from improvement.db.models import Intervention, InterventionKind
from improvement.vocab import INTERVENTION_LABELS
from loaders.framework.base import Problem
from loaders.framework.kind import TableKind
from loaders.framework.readers import ROW
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import AUTHORITY_CODE, ReadTable, StoredTable, authority_column


class _Interventions(StoredTable):
    spec = TableSpec(
        "interventions",
        (
            authority_column(),
            Column(
                "kind",
                "choice",
                choices=tuple(kind.value for kind in InterventionKind),
                description="; ".join(f"{kind.value} ({label.lower()})" for kind, label in INTERVENTION_LABELS.items()),
                example="improvement_notice",
            ),
            Column("start_date", "date", description="The day the intervention began", example="2021-06-30"),
            Column(
                "end_date",
                "date",
                required=False,
                description="The day it was lifted, on or after the start; empty while it lasts",
                example="",
            ),
            Column(
                "adviser",
                description="The DfE-appointed improvement adviser or commissioner",
                example="Dr Helen Ashworth",
            ),
            Column("notes", required=False),
        ),
        key=(AUTHORITY_CODE, "kind", "start_date"),
        description="DfE's interventions in the council's children's services, with their history",
    )
    model = Intervention
    key = ("authority_id", "kind", "start_date")
    compared = ("end_date", "adviser", "notes")

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        return [
            read.problem(
                f"the end date is before the start date {read.written(row, 'start_date', start)}: an intervention ends "
                "on or after it starts; correct either date",
                row=row,
                column="end_date",
                value=read.written(row, "end_date", end),
            )
            for row, start, end in zip(frame[ROW], frame["start_date"], frame["end_date"], strict=True)
            if end is not None and end < start
        ]


class Interventions(TableKind):
    kind = "interventions"
    title = "Interventions (improvement notice, statutory direction, commissioner: start, end, adviser)"
    tables = (_Interventions(),)

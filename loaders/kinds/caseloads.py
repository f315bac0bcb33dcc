"""Caseloads: per team and month, the case-holding FTE, children allocated, agency FTE and vacancies (``caseload``).

Aggregates only: no worker's or child's name has a column. A plain table stored by the framework, one row per
authority + team + month (any day of the month is stored as its 1st); a re-loaded month with a corrected figure is
a change, the earlier figure stays as history.
"""

from __future__ import annotations

import pandas as pd

from improvement.db.models import Caseload
from loaders.framework.base import Problem
from loaders.framework.kind import TableKind
from loaders.framework.readers import ROW
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import AUTHORITY_CODE, ReadTable, StoredTable, authority_column, month_column

_FTE = ("case_holding_fte", "agency_fte", "vacancies_fte")


class _Caseloads(StoredTable):
    spec = TableSpec(
        "caseloads",
        (
            authority_column(),
            Column(
                "team", description="The team's name (no worker or child names anywhere)", example="Assessment North"
            ),
            month_column(),
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

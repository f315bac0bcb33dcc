"""Caseloads: per team and month, the case-holding FTE, children allocated, agency FTE and vacancies (``caseload``).

Aggregates only: no worker's or child's name has a column. Each FTE is from 0 to 1,000, children allocated a whole
number 0 or more, and the agency FTE no more than the case-holding FTE it is part of. A plain table stored by the
framework, one row per authority + team + month (any day of the month is stored as its 1st); a re-loaded month with
a corrected figure is a change, the earlier figure stays as history.
"""

from __future__ import annotations

import pandas as pd

from improvement.db.models import Caseload
from improvement.vocab import TEAM_FTE, UNIT_RANGES, Unit
from loaders.framework.base import Problem
from loaders.framework.kind import TableKind
from loaders.framework.plausible import range_problem
from loaders.framework.readers import ROW
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import AUTHORITY_CODE, ReadTable, StoredTable, authority_column, month_column

_RANGES = {
    "case_holding_fte": TEAM_FTE,
    "children_allocated": UNIT_RANGES[Unit.COUNT],
    "agency_fte": TEAM_FTE,
    "vacancies_fte": TEAM_FTE,
}
"""What each figure can be: an FTE from 0 to 1,000, a whole number of children 0 or more."""


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
            for column, allowed in _RANGES.items():
                problem = range_problem(read, row, column, record[column], allowed)
                if problem is not None:
                    problems.append(problem)
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

"""Risks to delivery and their reviews: the risk register (``risk``) and each review's likelihood x impact
(``risk_review``), in one workbook (sheets ``risks`` and ``risk_reviews``) or as two CSV files.

A review names its risk by reference: one in the same file or one already stored (the framework resolves it to the
newest stored version of that risk, this load's included). One row per authority + reference, and per authority +
risk + review date; a risk re-loaded with a new status is a change, its earlier row and its reviews stay.
"""

from __future__ import annotations

import pandas as pd

from improvement.db.models import Risk, RiskReview
from loaders.framework.base import Problem, as_text
from loaders.framework.kind import TableKind
from loaders.framework.readers import ROW
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import (
    AUTHORITY_CODE,
    ReadTable,
    Reference,
    StoredTable,
    authority_column,
    priority_area_reference,
)


class _Risks(StoredTable):
    spec = TableSpec(
        "risks",
        (
            authority_column(),
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
    references = (
        priority_area_reference(
            "unknown priority area code for this authority: add it to the plan's priority areas first", optional=True
        ),
    )
    key = ("authority_id", "reference")
    compared = ("title", "owner", "mitigation", "status", "raised_date", "closed_date", "priority_area_code")

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
                        value=read.written(row, "closed_date", closed),
                    )
                )
            elif closed is not None and closed < raised:
                problems.append(
                    read.problem(
                        f"is before raised_date ({as_text(read.written(row, 'raised_date', raised))})",
                        row=row,
                        column="closed_date",
                        value=read.written(row, "closed_date", closed),
                    )
                )
        return problems


class _RiskReviews(StoredTable):
    spec = TableSpec(
        "risk_reviews",
        (
            authority_column(),
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
    references = (
        Reference(
            ("risk_reference",),
            Risk,
            ("reference",),
            "risk_id",
            "no risk with this reference for this authority, in this file or already stored: add it to the risks "
            "sheet first",
            defined_by="risks",
        ),
    )
    key = ("authority_id", "risk_reference", "review_date")
    compared = ("likelihood", "impact")

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        return [
            read.problem("expected a whole number from 1 to 5", row=row, column=column, value=value)
            for column in ("likelihood", "impact")
            for row, value in zip(frame[ROW], frame[column], strict=True)
            if not 1 <= value <= 5
        ]


class Risks(TableKind):
    kind = "risks"
    title = "Risks to delivery and their reviews (likelihood x impact)"
    tables = (_Risks(), _RiskReviews())
    workbook_template_name = "risks.xlsx"

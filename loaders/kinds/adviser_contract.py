"""The improvement adviser's contract terms: one row per authority (a CSV file, or a workbook sheet of that name).

Read and stored by the framework (``loaders.framework``) like the other plain tables: validated by its
``TableSpec``, checked by ``topics.contract.rules.term_problems`` (end after start, break clause inside the term,
extension 0 to 12 whole months, VAT as a fraction...), and compared with the newest stored terms for the
authority, so that a re-loaded contract with, say, a new extension is *changed* (stored as a new row; the page
shows it, the old terms stay as history) and an identical one is *unchanged* (nothing written).

| kind | table | one row per (key) |
|---|---|---|
| ``adviser_contract`` | ``adviser_contract`` | authority |
"""

from __future__ import annotations

import pandas as pd

from improvement.db.models import AdviserContract, own_columns
from improvement.topics.contract.rules import MAX_EXTENSION_MONTHS, term_problems
from loaders.framework.base import Problem
from loaders.framework.compare import set_column
from loaders.framework.kind import TableKind
from loaders.framework.readers import ROW
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import AUTHORITY_CODE, ReadTable, StoredTable, authority_column


class _Contract(StoredTable):
    spec = TableSpec(
        "adviser_contract",
        (
            authority_column(),
            Column("adviser_name", description="The improvement adviser appointed by DfE", example="Dr Helen Ashworth"),
            Column("start_date", "date", description="The first day of the contract", example="2021-06-30"),
            Column("end_date", "date", description="The last day of the original term", example="2022-06-29"),
            Column(
                "break_clause_date",
                "date",
                required=False,
                description="From when either party may end the contract, if it has a break clause",
                example="2022-03-31",
            ),
            Column(
                "monthly_day_allowance",
                "number",
                description="Days a month the adviser may deliver",
                example="4",
            ),
            Column(
                "daily_rate_gbp",
                "number",
                description="Pounds a day, expenses included, VAT excluded",
                example="600",
            ),
            Column("vat_rate", "number", description="VAT charged on top, as a fraction (20% is 0.2)", example="0.2"),
            Column(
                "budget_gbp",
                "number",
                required=False,
                description="The budget excluding VAT; empty: allowance x daily rate x contract months",
                example="",
            ),
            Column(
                "extension_months",
                "integer",
                required=False,
                description=f"Whole months the end date is extended by, 0 to {MAX_EXTENSION_MONTHS} (empty: 0)",
                example="0",
            ),
            Column("notes", required=False),
        ),
        key=(AUTHORITY_CODE,),
        description="The adviser's contract terms: one row per authority",
    )
    model = AdviserContract
    key = ("authority_id",)
    compared = own_columns(AdviserContract)

    def check(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        problems = []
        for record in frame.to_dict("records"):
            found = term_problems(
                record["start_date"],
                record["end_date"],
                record["break_clause_date"],
                0 if record["extension_months"] is None else record["extension_months"],
                record["monthly_day_allowance"],
                record["daily_rate_gbp"],
                record["vat_rate"],
                record["budget_gbp"],
            )
            for column, message in found.items():
                value = record[column]
                if isinstance(value, float) and value.is_integer():
                    value = int(value)  # 20, not 20.0, as it was typed
                problems.append(read.problem(message, row=record[ROW], column=column, value=value))
        return problems

    def prepare(self, read: ReadTable, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        empty = [row for row, months in zip(frame[ROW], frame["extension_months"], strict=True) if months is None]
        if not empty:
            return frame, []
        frame = frame.copy()
        set_column(frame, "extension_months", [0 if months is None else months for months in frame["extension_months"]])
        return frame, [
            f"adviser_contract: extension_months was empty in {len(empty)} row(s), stored as 0 (no extension)"
        ]


class AdviserContractKind(TableKind):
    kind = "adviser_contract"
    title = "Improvement adviser contract (dates, day allowance, daily rate, VAT, budget, extension)"
    tables = (_Contract(),)

"""Blank templates, written from the same ``TableSpec``s the loaders validate against.

A CSV template is a table's header row; a workbook template has one sheet per table plus a ``Guidance`` sheet
(ignored by every loader) describing each column. Each kind says which templates it has (``LoaderKind.templates``);
``python -m loaders.templates`` writes them all into data/templates/.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from loaders.framework.schema import TableSpec

GUIDANCE_SHEET = "Guidance"


def workbook_template(specs: list[TableSpec], title: str) -> bytes:
    """An .xlsx with a header-only sheet per table and a Guidance sheet (deterministic bytes)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in specs:
        sheet = workbook.create_sheet(spec.name)
        sheet.append(spec.column_names)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(14, len(column.name) + 4)
    guidance = workbook.create_sheet(GUIDANCE_SHEET)
    guidance.append([title])
    guidance["A1"].font = Font(bold=True, size=14)
    guidance.append([])
    guidance.append(["Sheet", "Column", "Required", "Type", "Allowed values", "Meaning", "Example"])
    for cell in guidance[3]:
        cell.font = Font(bold=True)
    for spec in specs:
        for column in spec.columns:
            guidance.append(
                [
                    spec.name,
                    column.name,
                    "yes" if column.required else "no",
                    _type_help(column.type),
                    ", ".join(column.choices),
                    column.description,
                    column.example,
                ]
            )
    workbook.properties.creator = "improvement dashboard"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_template(spec: TableSpec) -> bytes:
    return (",".join(spec.column_names) + "\n").encode("utf-8")


def _type_help(kind: str) -> str:
    return {
        "text": "text",
        "number": "number (digits only)",
        "integer": "whole number",
        "date": "date (2023-06-30 or 30/06/2023)",
        "choice": "one of the allowed values",
        "yes_no": "Yes or No",
    }[kind]

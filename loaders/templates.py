"""Blank templates in data/templates/, written from the same ``TableSpec``s the loaders validate against.

``python -m loaders.templates`` rewrites them all; tests/test_templates.py fails if a committed template differs
from what the specs produce, so templates and validation cannot drift apart. A workbook template has one sheet
per table plus a ``Guidance`` sheet (ignored by every loader) describing each column.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from improvement.settings import DATA_DIR
from loaders.schema import TableSpec

TEMPLATES_DIR = DATA_DIR / "templates"
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


def all_templates() -> dict[str, bytes]:
    """File name -> bytes for every kind that has a template."""
    from loaders.kinds import KINDS

    templates: dict[str, bytes] = {}
    for kind in KINDS:
        templates.update(getattr(kind, "templates", lambda: {})())
    return templates


def write_all(directory: Path = TEMPLATES_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in all_templates().items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path}")

"""Loading test files through the real loaders, and the workbooks and CSV files to load."""

from __future__ import annotations

import io

import pandas as pd
import sqlalchemy as sa
from openpyxl import Workbook

from improvement.db.models import Base
from loaders.framework.base import Source
from loaders.framework.templates import GUIDANCE_SHEET
from loaders.run import load_source


def xlsx(sheets: dict[str, list[list]], merge: str | None = None, guidance: bool = False) -> bytes:
    """A workbook with one sheet per entry (first row = header); ``merge`` merges cells of the first sheet;
    ``guidance`` adds the templates' guidance sheet (with a formula, which the loaders must ignore)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if merge:
        workbook.worksheets[0].merge_cells(merge)
    if guidance:
        workbook.create_sheet(GUIDANCE_SHEET).append(["Anything here is ignored", "=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    return pd.DataFrame(rows[1:], columns=rows[0]).to_csv(index=False).encode()


def table_counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }


def load(engine: sa.Engine, name: str, content: bytes, kind: str | None = None, **options):
    return load_source(engine, Source(name, content), kind, **options)


def load_file(engine: sa.Engine, path_or_source, kind: str | None = None):
    """Load a file, given by its path or as a ``Source``, through the real loaders."""
    source = path_or_source if isinstance(path_or_source, Source) else Source.from_path(path_or_source)
    return load_source(engine, source, kind)


def refused_with(engine: sa.Engine, name: str, content: bytes, kind: str | None = None) -> list[str]:
    """Load a file that must be refused; return its problems as text, after checking nothing changed."""
    before = table_counts(engine)
    result = load(engine, name, content, kind)
    assert not result.ok, result.summary()
    assert result.load_id is None
    assert table_counts(engine) == before
    assert "REFUSED" in result.summary() and "nothing was stored" in result.summary()
    return [str(problem) for problem in result.problems]

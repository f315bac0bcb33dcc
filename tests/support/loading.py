"""Loading test files through the real loaders, and the workbooks and CSV files to load."""

from __future__ import annotations

import datetime as dt
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


# --- the monthly and operational files (measure actuals, caseloads, risks, meetings, adviser days) ---------------

SEFTON = "E08000014"


def csv_file(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def workbook_file(sheets: dict[str, list[list[object]]], guidance: bool = True) -> bytes:
    return xlsx(sheets, guidance=guidance)


def summary_line(result, table: str) -> str:
    return str(result.changes.tables[table])


ACTUALS_HEADER = "authority_code,measure_code,period,value,status,source"
CASELOADS_HEADER = "authority_code,team,period,case_holding_fte,children_allocated,agency_fte,vacancies_fte"
CASELOADS = csv_file(
    CASELOADS_HEADER,
    "E08000014,Assessment North,2023-07-01,9.5,150,2,1.5",
    "E08000014,Assessment North,2023-08-15,10,160,2.5,1",
    "343,Disabled Children,2023-07-01,6,70,0,0.5",
)
MEETINGS = csv_file(
    "authority_code,kind,meeting_date,title,notes",
    "E08000014,board_meeting,20/07/2023,Improvement board July 2023,",
    "E08000014,dfe_review,2023-09-14,DfE six-monthly review,Second review of the refreshed plan",
)
ADVISER_DAYS = csv_file(
    "authority_code,day_date,days,activity,notes",
    "E08000014,2023-07-20,1,board,Chaired the board",
    "E08000014,2023-07-21,0.5,coaching,",
    "E08000014,2023-07-21,0.5,visit,Front door",
)
RISKS_HEADER = [
    "authority_code",
    "reference",
    "title",
    "owner",
    "mitigation",
    "status",
    "raised_date",
    "closed_date",
    "priority_area_code",
]
REVIEWS_HEADER = ["authority_code", "risk_reference", "review_date", "likelihood", "impact"]
NEW_RISK = [SEFTON, "R50", "Court delays", "Head of Legal", "Weekly tracker", "open", dt.date(2023, 7, 3), None, "PA1"]


def risks_workbook(risks: list[list[object]] | None = None, reviews: list[list[object]] | None = None) -> bytes:
    return workbook_file(
        {
            "risks": [RISKS_HEADER, *(risks if risks is not None else [NEW_RISK])],
            "risk_reviews": [
                REVIEWS_HEADER,
                *(
                    reviews
                    if reviews is not None
                    else [[SEFTON, "R50", dt.date(2023, 7, 3), 4, 3], [SEFTON, "R01", dt.date(2023, 7, 3), 2, 4]]
                ),
            ],
        }
    )


def assert_refused_exactly(engine: sa.Engine, name: str, content: bytes, kind: str | None, expected: list[str]) -> None:
    """A bad file is refused with exactly the ``expected`` messages, and every table stays as it was."""
    before = table_counts(engine)

    result = load(engine, name, content, kind=kind)

    assert [str(problem) for problem in result.problems] == expected
    assert result.summary().startswith(f"{name}: REFUSED ({len(expected)} problem(s)); nothing was stored.")
    assert table_counts(engine) == before


def assert_dry_run_stores_nothing(engine: sa.Engine, name: str, content: bytes, table: str, rows: int) -> None:
    """A dry run reports ``rows`` added to ``table`` but stores nothing, and does not remember the file as loaded."""
    before = table_counts(engine)

    result = load(engine, name, content, dry_run=True)

    assert result.ok and result.load_id is None
    assert summary_line(result, table) == f"{table}: {rows} added, 0 changed, 0 unchanged"
    assert result.summary().startswith(f"{name} ({result.kind}): would change")
    assert table_counts(engine) == before
    assert load(engine, name, content).load_id is not None  # and it was not remembered as loaded

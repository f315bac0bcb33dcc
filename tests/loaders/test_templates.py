"""The templates in data/templates/: the committed files are what the loaders' specs produce (so templates and
validation cannot drift apart), and a filled-in copy of each improvement plan and RAG report template loads."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from improvement import queries
from loaders.framework.base import Source
from loaders.framework.templates import GUIDANCE_SHEET
from loaders.registry import KINDS
from loaders.run import load_source, recognise
from loaders.templates import TEMPLATES_DIR

SEFTON = "E08000014"
TEMPLATES = [(kind.kind, name, content) for kind in KINDS for name, content in kind.templates().items()]


def cells(content: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values (openpyxl stamps the save time, so bytes differ between runs)."""
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


@pytest.mark.parametrize(("kind", "name", "content"), TEMPLATES, ids=[name for _, name, _ in TEMPLATES])
def test_committed_template_matches_what_the_specs_produce(kind, name, content):
    committed = TEMPLATES_DIR / name
    assert committed.is_file(), f"{name} missing: run python -m loaders.templates"
    if name.endswith(".xlsx"):
        assert cells(committed.read_bytes()) == cells(content), f"{name} is stale: run python -m loaders.templates"
    else:
        assert committed.read_bytes() == content, f"{name} is stale: run python -m loaders.templates"
    assert recognise(Source(name, content)).kind == kind  # the template is recognised as its kind


def test_plan_templates_have_the_documented_sheets_and_columns():
    sheets = cells((TEMPLATES_DIR / "improvement_plan.xlsx").read_bytes())
    headers = {name: list(rows[0]) for name, rows in sheets.items() if name != GUIDANCE_SHEET}
    assert headers["trajectories"] == ["authority_code", "measure_code", "period", "planned_value"]
    assert list(headers) == [
        "authority",
        "priority_areas",
        "measures",
        "plan_measures",
        "targets",
        "trajectories",
        "actions",
        "milestones",
    ]
    for table, header in headers.items():
        assert (TEMPLATES_DIR / f"improvement_plan_{table}.csv").read_text() == ",".join(header) + "\n"
    report = cells((TEMPLATES_DIR / "rag_report.xlsx").read_bytes())
    assert [row[0] for row in report["report"]] == [
        "field",
        "authority_code",
        "report_date",
        "period_start",
        "period_end",
        "author",
        "status",
        "overall_narrative",
        "reason",
    ]
    assert report["ratings"] == [("priority_area_code", "rating", "narrative", "evidence")]


def _filled(name: str, fill) -> bytes:
    workbook = load_workbook(TEMPLATES_DIR / name)
    fill(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_filled_in_plan_template_loads(seeded_engine):
    def fill(workbook):
        workbook["trajectories"].append([SEFTON, "social_worker_caseload", "2023-07-01", 15.5])
        workbook["actions"].append([SEFTON, "AFI5", "AFI5.9", "Retention payments for experienced staff", "DCS"])
        workbook["milestones"].append([SEFTON, "AFI5.9", "Scheme agreed by cabinet", "30/09/2023", "not_started"])

    blank = load_source(
        seeded_engine, Source("improvement_plan.xlsx", (TEMPLATES_DIR / "improvement_plan.xlsx").read_bytes())
    )
    assert not blank.ok and "holds no rows of data" in blank.problems[0].message
    result = load_source(seeded_engine, Source("plan.xlsx", _filled("improvement_plan.xlsx", fill)))
    assert result.ok, result.summary()
    assert queries.trajectories(seeded_engine, SEFTON, ["social_worker_caseload"]).iloc[-1]["planned_value"] == 15.5
    milestones = queries.milestones(seeded_engine, SEFTON)
    assert milestones.set_index("reference").loc["AFI5.9", "milestone"] == "Scheme agreed by cabinet"

    csv = (
        TEMPLATES_DIR / "improvement_plan_targets.csv"
    ).read_bytes() + b"E08000014,social_worker_caseload,14,2024-03-31\n"
    result = load_source(seeded_engine, Source("targets.csv", csv))
    assert result.ok and result.changes.tables["target"].changed == 1, result.summary()
    plan = queries.plan_measures(seeded_engine, SEFTON).set_index("measure_code")
    assert plan.loc["social_worker_caseload", "target_value"] == 14


def test_a_filled_in_rag_report_template_loads(seeded_engine):
    values = [SEFTON, "2023-07-07", "2023-05-27", "2023-07-07", "Dr Helen Ashworth", "submitted", "Progress."]

    def fill(workbook):
        for row, value in enumerate(values, start=2):
            workbook["report"].cell(row, 2, value)
        for area, rating in (("PA1", "Green"), ("PA2", "Amber"), ("AFI3", "Amber"), ("AFI4", "Red"), ("AFI5", "Red")):
            workbook["ratings"].append([area, rating, f"{area} narrative"])

    result = load_source(seeded_engine, Source("rag.xlsx", _filled("rag_report.xlsx", fill)))
    assert result.ok, result.summary()
    ratings = queries.rag_ratings(seeded_engine, SEFTON)
    latest = ratings[ratings["report_date"] == ratings["report_date"].max()].set_index("priority_area_code")
    assert latest["rating"].to_dict() == {"PA1": "Green", "PA2": "Amber", "AFI3": "Amber", "AFI4": "Red", "AFI5": "Red"}

"""Ofsted judgements: a council's inspections and visits of its children's services (``ofsted_judgement``), one row
per authority + inspection kind + date, with the overall grade and the four sub-judgements (each outstanding, good,
requires_improvement or inadequate; empty for a visit, which is not graded) and notes. A re-loaded judgement with
different grades or notes is a change: stored as a new row, the earlier one kept as history.

| kind | table | one row per (key) |
|---|---|---|
| ``ofsted_judgements`` | ``ofsted_judgement`` | authority + inspection kind + date |
"""

from __future__ import annotations

from improvement.db.models import InspectionKind, OfstedGrade, OfstedJudgement
from improvement.vocab import INSPECTION_LABELS, JUDGEMENT_AREAS
from loaders.framework.kind import TableKind
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import AUTHORITY_CODE, StoredTable, authority_column

GRADES = tuple(grade.value for grade in OfstedGrade)


def _grade(name: str, example: str) -> Column:
    return Column(
        name,
        "choice",
        required=False,
        choices=GRADES,
        description=f"{JUDGEMENT_AREAS[name]}: {', '.join(GRADES)}; empty when not graded (a visit)",
        example=example,
    )


class _Judgements(StoredTable):
    spec = TableSpec(
        "ofsted_judgements",
        (
            authority_column(),
            Column(
                "inspection_kind",
                "choice",
                choices=tuple(kind.value for kind in InspectionKind),
                description="; ".join(f"{kind.value} ({label})" for kind, label in INSPECTION_LABELS.items()),
                example="ilacs_standard",
            ),
            Column(
                "inspection_date", "date", description="The last day of the inspection or visit", example="2022-03-04"
            ),
            _grade("overall", "inadequate"),
            _grade("impact_of_leaders", "inadequate"),
            _grade("help_and_protection", "inadequate"),
            _grade("children_in_care", "requires_improvement"),
            _grade("care_leavers", "requires_improvement"),
            Column("notes", required=False),
        ),
        key=(AUTHORITY_CODE, "inspection_kind", "inspection_date"),
        description="Ofsted's inspections and visits of the council's children's services, with their grades",
    )
    model = OfstedJudgement
    key = ("authority_id", "inspection_kind", "inspection_date")
    compared = ("overall", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers", "notes")
    always_columns = ("overall", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


class OfstedJudgements(TableKind):
    kind = "ofsted_judgements"
    title = "Ofsted judgements (inspections and visits, overall and sub-judgements)"
    tables = (_Judgements(),)

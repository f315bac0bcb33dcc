"""The ``ofsted_judgements`` loader (Ofsted's inspections and visits), on the seeded demo on SQLite and PostgreSQL: a
file is recognised and has its template, a graded inspection and an ungraded visit show through
``queries.ofsted_judgements``, a corrected grade replaces the stored row and keeps it as history, the same content
stores nothing, and a grade off the list is refused with exact messages and changes nothing.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from improvement import queries
from improvement.db.models import OfstedJudgement
from loaders.framework.base import Source
from loaders.registry import kind_named
from loaders.run import recognise
from tests.support.loading import (
    SEFTON,
    assert_dry_run_stores_nothing,
    assert_refused_exactly,
    csv_file,
    load,
    summary_line,
)

HEADER = (
    "authority_code,inspection_kind,inspection_date,overall,impact_of_leaders,help_and_protection,"
    "children_in_care,care_leavers,notes"
)
FILE = csv_file(
    HEADER,
    "343,ilacs_standard,13/07/2023,requires_improvement,Good,requires_improvement,good,requires_improvement,Re-inspected",
    "E08000014,monitoring_visit,2023-10-06,,,,,,A visit is not graded",
)


def sefton(engine) -> pd.DataFrame:
    shown = queries.ofsted_judgements(engine)
    return shown[shown["authority_code"] == SEFTON].reset_index(drop=True)


def test_a_file_is_recognised_and_its_template_has_every_column() -> None:
    assert recognise(Source("anything.csv", FILE)).kind == "ofsted_judgements"
    assert kind_named("ofsted_judgements").templates()["ofsted_judgements.csv"] == (HEADER + "\n").encode()


def test_an_inspection_and_a_visit_load_and_show_for_their_council(seeded_engine) -> None:
    result = load(seeded_engine, "ofsted_judgements.csv", FILE)

    assert result.ok, result.summary()
    assert summary_line(result, "ofsted_judgement") == "ofsted_judgement: 2 added, 0 changed, 0 unchanged"
    shown = sefton(seeded_engine)
    assert shown["inspection_date"].dtype.kind == "M"
    new = shown[shown["inspection_date"] >= "2023-07-01"]
    assert new.drop(columns="authority_code").to_dict("records") == [
        {
            "inspection_kind": "ilacs_standard",
            "inspection_date": pd.Timestamp("2023-07-13"),
            "overall": "requires_improvement",
            "impact_of_leaders": "good",  # as the list spells it, whatever the case typed
            "help_and_protection": "requires_improvement",
            "children_in_care": "good",
            "care_leavers": "requires_improvement",
            "notes": "Re-inspected",
        },
        {
            "inspection_kind": "monitoring_visit",
            "inspection_date": pd.Timestamp("2023-10-06"),
            "overall": None,
            "impact_of_leaders": None,
            "help_and_protection": None,
            "children_in_care": None,
            "care_leavers": None,
            "notes": "A visit is not graded",
        },
    ]


def test_a_corrected_grade_replaces_the_row_and_keeps_the_earlier_one(seeded_engine) -> None:
    assert load(seeded_engine, "ofsted_judgements.csv", FILE).ok
    corrected = FILE.replace(b"13/07/2023,requires_improvement,Good", b"13/07/2023,good,Good")

    result = load(seeded_engine, "corrected.csv", corrected)

    assert summary_line(result, "ofsted_judgement") == "ofsted_judgement: 0 added, 1 changed, 1 unchanged"
    shown = sefton(seeded_engine)
    assert shown.loc[shown["inspection_date"] == "2023-07-13", "overall"].tolist() == ["good"]
    with seeded_engine.connect() as connection:
        history = connection.scalars(
            select(OfstedJudgement.overall).where(OfstedJudgement.notes == "Re-inspected").order_by(OfstedJudgement.id)
        ).all()
    assert history == ["requires_improvement", "good"]
    again = load(seeded_engine, "again.csv", corrected + b"\n")  # other bytes, the same content
    assert again.ok and again.load_id is None
    assert summary_line(again, "ofsted_judgement") == "ofsted_judgement: 0 added, 0 changed, 2 unchanged"


GRADES = "outstanding, good, requires_improvement, inadequate"
REFUSED = {
    "a sub-grade off the list and an unknown inspection kind": (
        csv_file(
            HEADER,
            "343,ilacs_standard,13/07/2023,good,fine,good,good,good,",
            "E08000014,inspection,2023-07-13,,,,,,",
        ),
        [
            "ofsted_judgements.csv, row 3, column 'inspection_kind': expected one of: ilacs_standard, ilacs_short, "
            "focused_visit, monitoring_visit, jtai (found 'inspection')",
            f"ofsted_judgements.csv, row 2, column 'impact_of_leaders': expected one of: {GRADES} (found 'fine')",
        ],
    ),
    "an overall grade in words Ofsted's report uses, and a date in neither format": (
        csv_file(HEADER, "343,ilacs_short,2023.07.13,Requires improvement to be good,,,,,"),
        [
            "ofsted_judgements.csv, row 2, column 'inspection_date': expected a date like 2023-06-30 or 30/06/2023 "
            "(found '2023.07.13')",
            f"ofsted_judgements.csv, row 2, column 'overall': expected one of: {GRADES} (found 'Requires "
            "improvement to be good')",
        ],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_bad_files_are_refused_with_exact_messages_and_change_nothing(seeded_engine, case: str) -> None:
    content, expected = REFUSED[case]
    assert_refused_exactly(seeded_engine, "ofsted_judgements.csv", content, None, expected)


def test_dry_run_reports_but_stores_nothing(seeded_engine) -> None:
    assert_dry_run_stores_nothing(seeded_engine, "ofsted_judgements.csv", FILE, "ofsted_judgement", 2)

"""The ``interventions`` loader (DfE's interventions in a council), on the seeded demo on SQLite and PostgreSQL: a
file is recognised and has its template, its rows show through ``queries.interventions`` by new or old LA code and
either date format, a lifted intervention replaces the stored row and keeps it as history, the same content stores
nothing, and a bad file is refused with exact messages and changes nothing.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select

from improvement import queries
from improvement.db.models import Authority, Intervention
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
    table_counts,
)

HEADER = "authority_code,kind,start_date,end_date,adviser,notes"
NEW = csv_file(HEADER, "343,statutory_direction,01/07/2023,,A N Commissioner,Direction after the re-inspection")


def sefton(engine) -> pd.DataFrame:
    shown = queries.interventions(engine)
    return shown[shown["authority_code"] == SEFTON].reset_index(drop=True)


def test_a_file_is_recognised_and_its_template_has_every_column() -> None:
    assert recognise(Source("anything.csv", NEW)).kind == "interventions"
    assert kind_named("interventions").templates()["interventions.csv"] == (HEADER + "\n").encode()


def test_an_intervention_loads_by_old_code_and_uk_dates_and_shows_for_its_council(seeded_engine) -> None:
    result = load(seeded_engine, "interventions.csv", NEW)

    assert result.ok, result.summary()
    assert summary_line(result, "intervention") == "intervention: 1 added, 0 changed, 0 unchanged"
    shown = sefton(seeded_engine)
    assert shown["kind"].tolist() == ["improvement_notice", "statutory_direction"]  # the demo's, then the new one
    new = shown.iloc[1]
    assert (new["start_date"], new["adviser"], new["notes"]) == (
        pd.Timestamp("2023-07-01"),
        "A N Commissioner",
        "Direction after the re-inspection",
    )
    assert pd.isna(new["end_date"]) and shown["start_date"].dtype.kind == "M"


def test_lifting_an_intervention_changes_it_and_keeps_the_earlier_row(seeded_engine) -> None:
    lifted = csv_file(HEADER, "E08000014,improvement_notice,2021-06-30,2023-09-30,Dr Helen Ashworth,Lifted")

    result = load(seeded_engine, "lifted.csv", lifted)

    assert summary_line(result, "intervention") == "intervention: 0 added, 1 changed, 0 unchanged"
    shown = sefton(seeded_engine)
    assert len(shown) == 1
    assert (shown.loc[0, "end_date"], shown.loc[0, "notes"]) == (pd.Timestamp("2023-09-30"), "Lifted")
    with seeded_engine.connect() as connection:
        ends = connection.scalars(
            select(Intervention.end_date)
            .join(Authority, Authority.id == Intervention.authority_id)
            .where(Authority.code == SEFTON)
            .order_by(Intervention.id)
        ).all()
    assert ends == [None, dt.date(2023, 9, 30)]  # the demo's row stays as history

    same = csv_file(HEADER, "343,improvement_notice,30/06/2021,30/09/2023,Dr Helen Ashworth,Lifted")
    again = load(seeded_engine, "same.csv", same)  # other bytes, the same content
    assert again.ok and again.load_id is None
    assert summary_line(again, "intervention") == "intervention: 0 added, 0 changed, 1 unchanged"


REFUSED = {
    "an end before the start, and an unknown kind": (
        csv_file(
            HEADER,
            "343,improvement_notice,30/06/2021,01/05/2021,Dr Helen Ashworth,",
            "E08000014,warning_notice,2021-06-30,,A N Adviser,",
        ),
        [
            "interventions.csv, row 3, column 'kind': expected one of: improvement_notice, statutory_direction, "
            "commissioner (found 'warning_notice')",
            "interventions.csv, row 2, column 'end_date': the end date is before the start date 30/06/2021: an "
            "intervention ends on or after it starts; correct either date (found '01/05/2021')",
        ],
    ),
    "a date in neither format and no adviser": (
        csv_file(HEADER, "343,commissioner,2023/07/01,,,"),
        [
            "interventions.csv, row 2, column 'start_date': expected a date like 2023-06-30 or 30/06/2023 (found "
            "'2023/07/01')",
            "interventions.csv, row 2, column 'adviser': is empty: every row needs a value here (found '')",
        ],
    ),
    "a repeated key, by old and new code": (
        csv_file(HEADER, "343,commissioner,01/07/2023,,A,", "E08000014,commissioner,2023-07-01,,B,"),
        [
            "interventions.csv, row 3, column 'start_date': repeats row 2: each authority_code + kind + start_date "
            "may appear only once (found 'E08000014 + commissioner + 2023-07-01')"
        ],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_bad_files_are_refused_with_exact_messages_and_change_nothing(seeded_engine, case: str) -> None:
    content, expected = REFUSED[case]
    assert_refused_exactly(seeded_engine, "interventions.csv", content, None, expected)


def test_an_unknown_council_is_refused_with_its_row(seeded_engine) -> None:
    before = table_counts(seeded_engine)
    result = load(seeded_engine, "interventions.csv", csv_file(HEADER, "E09999999,commissioner,2023-07-01,,A,"))
    assert not result.ok
    [problem] = [str(problem) for problem in result.problems]
    assert problem.startswith("interventions.csv, row 2, column 'authority_code': no authority with this code")
    assert table_counts(seeded_engine) == before


def test_dry_run_reports_but_stores_nothing(seeded_engine) -> None:
    assert_dry_run_stores_nothing(seeded_engine, "interventions.csv", NEW, "intervention", 1)

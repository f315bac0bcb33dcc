"""The month a measure's process changed (``plan_measures.process_change_from``), on SQLite and PostgreSQL: loaded as
its month's 1st, a bad date refused with file, row and column and nothing stored, a re-load with another month kept
as history with the newest shown, and the column reaching the board's progress rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from improvement import queries
from improvement.board import read_board
from improvement.db.models import Authority, Measure, PlanMeasure
from tests.support.loading import csv_bytes, load, refused_with

SEFTON = "E08000014"
NEW = "E06000999"
SHIFT = "pre_proceedings_within_16_weeks"  # the demo's measure whose process changed in June 2022
HEADER = [
    "authority_code",
    "measure_code",
    "priority_area_code",
    "is_headline",
    "baseline_value",
    "baseline_period",
    "process_change_from",
]


def new_plan(*changes: object) -> dict[str, list[list]]:
    """A plan for a new authority with two new measures, the first ``process_change_from`` ``changes[0]``, the
    second ``changes[1]``; with no ``changes``, no ``process_change_from`` column at all."""
    plan_measures = [
        [NEW, "ex_caseload", "AFI2", "yes", 22.5, dt.date(2021, 6, 1)],
        [NEW, "ex_timely", "AFI2", "no", None, None],
    ]
    return {
        "authority": [["code", "old_la_code", "name", "region"], [NEW, "999", "Exampleshire", "North West"]],
        "priority_areas": [
            ["authority_code", "code", "title", "kind", "ofsted_wording", "source", "sort_order"],
            [NEW, "AFI2", "Caseloads", "area_for_improvement", "Caseloads are too high.", "Focused visit 2021", 1],
        ],
        "measures": [
            ["code", "name", "definition", "unit", "polarity", "source", "counts_children"],
            ["ex_caseload", "Caseload", "Cases per FTE", "ratio", "lower_is_better", "Local report", "no"],
            ["ex_timely", "Timely visits", "Visits on time", "percent", "higher_is_better", "Local report", "no"],
        ],
        "plan_measures": (
            [HEADER, *([*row, change] for row, change in zip(plan_measures, changes, strict=True))]
            if changes
            else [HEADER[:-1], *plan_measures]
        ),
    }


def stored_changes(engine: sa.Engine, measure_code: str) -> list[dt.date | None]:
    """Every stored row's ``process_change_from`` for Sefton's ``measure_code``, oldest load first (history)."""
    with engine.connect() as connection:
        return list(
            connection.scalars(
                sa.select(PlanMeasure.process_change_from)
                .join(Measure, Measure.id == PlanMeasure.measure_id)
                .join(Authority, Authority.id == PlanMeasure.authority_id)
                .where(Measure.code == measure_code, Authority.code == SEFTON)
                .order_by(PlanMeasure.load_id)
            )
        )


def sefton_row(engine: sa.Engine, measure_code: str, process_change_from: object) -> list:
    """Sefton's stored plan measure as a ``plan_measures`` row, with ``process_change_from`` as given."""
    stored = queries.plan_measures(engine, SEFTON).set_index("measure_code").loc[measure_code]
    return [
        SEFTON,
        measure_code,
        stored["priority_area_code"],
        "yes" if stored["is_headline"] else "no",
        stored["baseline_value"],
        stored["baseline_period"].date(),
        process_change_from,
    ]


def test_a_process_change_loads_and_is_stored_as_the_first_of_its_month(engine):
    plan = new_plan("15/06/2022", None)
    for table in plan:
        result = load(engine, f"plan_{table}.csv", csv_bytes(plan[table]))
        assert result.ok, result.summary()
        if table == "plan_measures":
            assert result.changes.tables["plan_measure"].added == 2
            assert any(
                "plan_measures: 1 process_change_from date(s) were not the 1st of the month and were stored as "
                "their month (first: row 2, 15/06/2022 -> June 2022)" in note
                for note in result.changes.notes
            ), result.changes.notes

    with engine.connect() as connection:
        stored = dict(connection.execute(sa.select(PlanMeasure.measure_id, PlanMeasure.process_change_from)).all())
        ids = dict(connection.execute(sa.select(Measure.code, Measure.id)).all())
    assert stored[ids["ex_caseload"]] == dt.date(2022, 6, 1)
    assert stored[ids["ex_timely"]] is None
    shown = queries.plan_measures(engine, NEW).set_index("measure_code")["process_change_from"]
    assert pd.api.types.is_datetime64_any_dtype(shown)  # like baseline_period
    assert shown["ex_caseload"] == pd.Timestamp("2022-06-01")
    assert pd.isna(shown["ex_timely"])


def test_a_plan_without_the_column_loads_with_no_process_change(engine):
    plan = new_plan()
    assert "process_change_from" not in plan["plan_measures"][0]
    for table in plan:
        assert load(engine, f"plan_{table}.csv", csv_bytes(plan[table])).ok
    assert queries.plan_measures(engine, NEW)["process_change_from"].isna().all()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("June 2022", "expected a date like 2023-06-30 or 30/06/2023"),
        ("2022-13-01", "expected a date like 2023-06-30 or 30/06/2023"),
        ("31/02/2022", "expected a date like 2023-06-30 or 30/06/2023"),
    ],
)
def test_a_bad_process_change_date_is_refused_naming_file_row_and_column(seeded_engine, written, message):
    before = queries.plan_measures(seeded_engine, SEFTON)
    rows = [HEADER, sefton_row(seeded_engine, "icpc_within_15_days", "2022-06-01")]
    rows.append(sefton_row(seeded_engine, SHIFT, written))
    problems = refused_with(seeded_engine, "plan_measures.csv", csv_bytes(rows))
    assert problems == [
        f"plan_measures.csv, row 3, column 'process_change_from': {message} (found {written!r})",
    ]
    pd.testing.assert_frame_equal(queries.plan_measures(seeded_engine, SEFTON), before)  # the good row was not kept
    assert stored_changes(seeded_engine, SHIFT) == [dt.date(2022, 6, 1)]


def test_a_process_change_before_2000_is_refused(seeded_engine):
    rows = [HEADER, sefton_row(seeded_engine, SHIFT, "1999-12-01")]
    (problem,) = refused_with(seeded_engine, "plan_measures.csv", csv_bytes(rows))
    assert problem.startswith("plan_measures.csv, row 2, column 'process_change_from': expected a date from 01/01/2000")
    assert problem.endswith("check the year (found '1999-12-01')")


def test_a_reload_with_another_month_keeps_history_and_the_newest_wins(seeded_engine):
    assert stored_changes(seeded_engine, SHIFT) == [dt.date(2022, 6, 1)]  # the demo's, as seeded

    moved = load(seeded_engine, "moved.csv", csv_bytes([HEADER, sefton_row(seeded_engine, SHIFT, "2022-09-20")]))
    assert moved.ok, moved.summary()
    change = moved.changes.tables["plan_measure"]
    assert (change.added, change.changed, change.unchanged) == (0, 1, 0)
    shown = queries.plan_measures(seeded_engine, SEFTON).set_index("measure_code")["process_change_from"]
    assert shown[SHIFT] == pd.Timestamp("2022-09-01")
    assert stored_changes(seeded_engine, SHIFT) == [dt.date(2022, 6, 1), dt.date(2022, 9, 1)]

    again = load(seeded_engine, "moved again.csv", csv_bytes([HEADER, sefton_row(seeded_engine, SHIFT, "2022-09-01")]))
    assert again.ok and again.load_id is None  # the same month: nothing new
    assert again.changes.tables["plan_measure"].unchanged == 1

    cleared = load(seeded_engine, "cleared.csv", csv_bytes([HEADER, sefton_row(seeded_engine, SHIFT, None)]))
    assert cleared.ok and cleared.changes.tables["plan_measure"].changed == 1
    shown = queries.plan_measures(seeded_engine, SEFTON).set_index("measure_code")["process_change_from"]
    assert pd.isna(shown[SHIFT])
    assert stored_changes(seeded_engine, SHIFT) == [dt.date(2022, 6, 1), dt.date(2022, 9, 1), None]


def test_the_board_carries_each_plan_measure_s_process_change(seeded_engine):
    data = read_board(seeded_engine, SEFTON, 5)
    for frame in (data.plan_measures, data.progress):
        changes = frame.set_index("measure_code")["process_change_from"]
        assert changes[SHIFT] == pd.Timestamp("2022-06-01")
        assert changes.drop(SHIFT).isna().all()
    assert len(data.progress) == len(data.plan_measures)
    if len(data.untracked):
        assert data.untracked["process_change_from"].isna().all()

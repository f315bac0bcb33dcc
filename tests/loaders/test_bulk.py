"""Bulk inserts (``loaders.framework.bulk``), on SQLite and PostgreSQL: the rows stored are exactly the frame's, every
kind of missing value (NaN, None, NaT, pd.NA) is NULL, and text (suppression symbols, tabs, backslashes, quotes,
line breaks, ``\\N``) is stored as it is, whatever the frame's column types."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import sqlalchemy as sa

from improvement.db.models import Authority, Load, Measure, PlanMeasure, PriorityArea, PublishedValue
from loaders.framework.bulk import insert_frame

AWKWARD = ["tab\there", "back\\slash", 'a "quote", a comma', "two\nlines\r\n", "\\N", "Ōfsted – £5 ✓", ""]


def rows(connection: sa.Connection, model, *columns: str) -> list[tuple]:
    table = model.__table__
    return [tuple(row) for row in connection.execute(sa.select(*(table.c[c] for c in columns)).order_by(table.c.id))]


def test_a_frame_is_stored_exactly_with_every_kind_of_missing_value_as_null(engine):
    with engine.begin() as connection:
        load_id = connection.scalar(
            sa.insert(Load)
            .values(
                kind="test",
                source_name="bulk.csv",
                loaded_at=dt.datetime(2025, 1, 1),
                loaded_by="test",
                row_count=0,
                outcome="loaded",
                is_synthetic=False,
            )
            .returning(Load.id)
        )
        authorities = pd.DataFrame(
            {
                "code": pd.Series(["E08000014", "E08000015", "E08000016"], dtype="str"),  # pandas' own text type
                "old_la_code": ["343", np.nan, None],
                "name": ["Sefton", "Wirral", "Barnsley"],
                "region": pd.Series(["North West", pd.NA, None], dtype=object),
            }
        )
        values = pd.DataFrame(
            {
                "dataset": "bulk",
                "time_period": ["2025"] * 8,
                "time_identifier": ["Reporting year"] * 8,
                "geographic_level": ["Local authority"] * 8,
                "area_code": ["E08000014"] * 8,
                "area_name": [*AWKWARD, "Sefton"],
                "old_la_code": pd.Series(["343", None, np.nan, pd.NA, "343", "343", "343", "343"], dtype=object),
                "indicator": [f"rate_{i}" for i in range(8)],
                "value": [15.9, np.nan, np.nan, np.nan, np.nan, np.nan, 0.1 + 0.2, 1e-300],
                "status": pd.Series([None, "c", "low", "x", "u", "z", None, None], dtype="str"),  # missing: NaN
            }
        )
        # no "breakdown" column: the model's default ("") is stored, as an insert would store it
        measures = pd.DataFrame(
            {
                "code": ["m1", "m2"],
                "name": AWKWARD[:2],
                "definition": AWKWARD[2:4],
                "unit": ["percent", "count"],
                "polarity": ["higher_is_better", "lower_is_better"],
                "source": ["test", "test"],
                "counts_children": [np.True_, False],  # numpy's own bool in a column of objects
                "national_equivalent": [None, "caseload_fte"],
            },
        )

        assert insert_frame(connection, Authority, authorities, load_id) == 3
        assert insert_frame(connection, PublishedValue, values, load_id) == 8
        assert insert_frame(connection, Measure, measures, load_id) == 2
        assert insert_frame(connection, Authority, authorities.iloc[:0], load_id) == 0
        authority_ids = [row[0] for row in rows(connection, Authority, "id")]
        measure_ids = [row[0] for row in rows(connection, Measure, "id")]
        areas = pd.DataFrame(
            {
                "authority_id": [authority_ids[0]] * 4,
                "code": ["PA1", "PA2", "PA3", "PA4"],
                "title": AWKWARD[:4],
                "kind": ["priority_action"] * 4,
                "ofsted_wording": AWKWARD[3:7],
                "source": ["test"] * 4,
                "sort_order": pd.Series([1, 2, 3, 4], dtype="int64"),
            }
        )
        assert insert_frame(connection, PriorityArea, areas, load_id) == 4
        area_ids = [row[0] for row in rows(connection, PriorityArea, "id")]
        plan = pd.DataFrame(
            {
                "authority_id": pd.Series([authority_ids[0]] * 4, dtype="int64"),
                "measure_id": [np.int64(measure_ids[0]), measure_ids[1], measure_ids[0], measure_ids[1]],
                "priority_area_id": area_ids,
                "is_headline": [True, False, np.False_, True],
                "baseline_value": pd.Series([12.5, pd.NA, None, 3], dtype="Float64"),
                "baseline_period": pd.to_datetime(["2023-03-01", None, "2024-06-01", pd.NaT]),
            }
        )
        plan_objects = plan.astype({"baseline_period": object})
        plan_objects["baseline_period"] = [dt.date(2023, 3, 1), pd.NaT, None, np.nan]
        assert insert_frame(connection, PlanMeasure, plan, load_id) == 4
        assert insert_frame(connection, PlanMeasure, plan_objects, load_id) == 4

    with engine.connect() as connection:
        assert rows(connection, Authority, "code", "old_la_code", "name", "region", "load_id") == [
            ("E08000014", "343", "Sefton", "North West", load_id),
            ("E08000015", None, "Wirral", None, load_id),
            ("E08000016", None, "Barnsley", None, load_id),
        ]
        assert rows(connection, PublishedValue, "area_name", "old_la_code", "value", "status", "breakdown") == [
            ("tab\there", "343", 15.9, None, ""),
            ("back\\slash", None, None, "c", ""),
            ('a "quote", a comma', None, None, "low", ""),
            ("two\nlines\r\n", None, None, "x", ""),
            ("\\N", "343", None, "u", ""),
            ("Ōfsted – £5 ✓", "343", None, "z", ""),
            ("", "343", 0.30000000000000004, None, ""),
            ("Sefton", "343", 1e-300, None, ""),
        ]
        assert rows(connection, Measure, "name", "definition", "counts_children", "national_equivalent") == [
            ("tab\there", 'a "quote", a comma', True, None),
            ("back\\slash", "two\nlines\r\n", False, "caseload_fte"),
        ]
        assert rows(connection, PriorityArea, "title", "ofsted_wording", "sort_order") == list(
            zip(AWKWARD[:4], AWKWARD[3:7], [1, 2, 3, 4], strict=True)
        )
        plan_rows = rows(connection, PlanMeasure, "measure_id", "is_headline", "baseline_value", "baseline_period")
        assert plan_rows == [
            (measure_ids[0], True, 12.5, dt.date(2023, 3, 1)),
            (measure_ids[1], False, None, None),
            (measure_ids[0], False, None, dt.date(2024, 6, 1)),
            (measure_ids[1], True, 3.0, None),
            (measure_ids[0], True, 12.5, dt.date(2023, 3, 1)),
            (measure_ids[1], False, None, None),
            (measure_ids[0], False, None, None),
            (measure_ids[1], True, 3.0, None),
        ]

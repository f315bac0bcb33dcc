"""The improvement plan loader, on SQLite and PostgreSQL: what a valid plan stores, what every bad file is told
(file, sheet, row, column, value), that a refused file leaves every table as it was, and history on re-load."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from improvement import queries
from improvement.db.models import Load, Measure, TrajectoryPoint
from loaders.__main__ import main
from tests.support.loading import csv_bytes, load, refused_with, table_counts, xlsx

SEFTON = "E08000014"
CASELOAD = "social_worker_caseload"

TRAJECTORY_HEADER = ["authority_code", "measure_code", "period", "planned_value"]


# --- helpers (also used by the other loader tests) ------------------------------------------------------------


def full_plan(code: str = "E06000999", old_code: str = "999") -> dict[str, list[list]]:
    """A complete plan for a new authority, with new measures: every table, a few rows each."""
    return {
        "authority": [["code", "old_la_code", "name", "region"], [code, old_code, "Exampleshire", "North West"]],
        "priority_areas": [
            ["authority_code", "code", "title", "kind", "ofsted_wording", "source", "sort_order"],
            [code, "PA1", "Pre-proceedings", "priority_action", "Timely PLO " * 200, "Focused visit 2021", 1],
            [code, "AFI2", "Caseloads", "area_for_improvement", "Caseloads are too high.", "Focused visit 2021", 2],
        ],
        "measures": [
            [
                "code",
                "name",
                "definition",
                "unit",
                "polarity",
                "source",
                "counts_children",
                "national_equivalent",
            ],
            ["ex_caseload", "Caseload", "Cases per FTE", "ratio", "lower_is_better", "Local report", "no", "caseload"],
            ["ex_in_plo", "Children in PLO", "Count of children", "count", "lower_is_better", "Local", "yes", None],
        ],
        "plan_measures": [
            [
                "authority_code",
                "measure_code",
                "priority_area_code",
                "is_headline",
                "baseline_value",
                "baseline_period",
            ],
            [code, "ex_caseload", "AFI2", "yes", 22.123456789, dt.date(2021, 6, 1)],
            [old_code, "ex_in_plo", "PA1", "no", None, None],
        ],
        "targets": [
            ["authority_code", "measure_code", "value", "target_date"],
            [code, "ex_caseload", 16, "30/06/2023"],
            [code, "ex_in_plo", 20, "2023-06-30"],
        ],
        "trajectories": [
            TRAJECTORY_HEADER,
            [code, "ex_caseload", dt.date(2022, 1, 1), 20.5],
            [code, "ex_caseload", "2022-02-15", 15.123456789],
            [code, "ex_in_plo", "01/01/2022", 30],
        ],
        "actions": [
            ["authority_code", "priority_area_code", "reference", "title", "owner"],
            [code, "PA1", "PA1.1", "Legal gateway panel", "Head of Service"],
            [code, "AFI2", "AFI2.1", "Recruit permanent social workers", "Principal Social Worker"],
        ],
        "milestones": [
            ["authority_code", "action_reference", "title", "due_date", "status", "completed_date"],
            [code, "PA1.1", "Terms of reference agreed", "2021-10-31", "complete", "2021-10-20"],
            [code, "AFI2.1", "Campaign launched", "2022-03-31", "in_progress", None],
        ],
    }


def trajectory_workbook(*rows: list, header: list | None = None, sheet: str = "trajectories") -> bytes:
    return xlsx({sheet: [header or TRAJECTORY_HEADER, *rows]})


# --- a valid plan -----------------------------------------------------------------------------------------------


def test_a_full_plan_workbook_loads_every_table(engine):
    result = load(engine, "plan.xlsx", xlsx({**full_plan(), "Guidance": [["ignored", "=1+1"]]}))
    assert result.ok, result.summary()
    assert result.kind == "improvement_plan" and result.load_id is not None
    added = {name: change.added for name, change in result.changes.tables.items()}
    assert added == {
        "authority": 1,
        "measure": 2,
        "priority_area": 2,
        "plan_measure": 2,
        "target": 2,
        "trajectory_point": 3,
        "plan_action": 2,
        "milestone": 2,
    }
    assert any("2022-02-15 -> 2022-02-01" in note for note in result.changes.notes)

    code = "E06000999"
    assert queries.authorities(engine)["name"].tolist() == ["Exampleshire"]
    areas = queries.priority_areas(engine, code)
    assert areas["priority_area_code"].tolist() == ["PA1", "AFI2"]
    assert areas["ofsted_wording"][0] == ("Timely PLO " * 200).strip()  # 2,200 characters, not truncated
    plan = queries.plan_measures(engine, code).set_index("measure_code")
    assert plan.loc["ex_caseload", "baseline_value"] == 22.123456789
    assert plan.loc["ex_caseload", "target_value"] == 16
    assert plan.loc["ex_in_plo", "priority_area_code"] == "PA1"  # referred to by the old LA code
    assert bool(plan.loc["ex_in_plo", "counts_children"]) is True
    planned = queries.trajectories(engine, code)
    assert planned["period"].dt.strftime("%Y-%m-%d").tolist() == ["2022-01-01", "2022-02-01", "2022-01-01"]
    assert planned["planned_value"].tolist() == [20.5, 15.123456789, 30.0]  # every digit kept
    done = queries.milestones(engine, code).set_index("milestone")
    assert done.loc["Terms of reference agreed", "status"] == "complete"
    assert done.loc["Terms of reference agreed", "completed_date"] == pd.Timestamp("2021-10-20")
    assert done.loc["Campaign launched", "reference"] == "AFI2.1"


def test_the_same_tables_load_as_separate_csv_files(engine):
    plan = full_plan()
    for table in plan:  # in dependency order, each CSV recognised by its header alone
        result = load(engine, f"export_{table}.csv", csv_bytes(plan[table]))
        assert result.ok and result.kind == "improvement_plan", result.summary()
    assert queries.trajectories(engine, "E06000999")["planned_value"].tolist() == [20.5, 15.123456789, 30.0]
    assert len(queries.milestones(engine, "E06000999")) == 2


def test_a_subset_of_tables_refers_to_rows_already_stored(seeded_engine):
    before = queries.trajectories(seeded_engine, SEFTON, [CASELOAD])
    result = load(
        seeded_engine,
        "trajectory.xlsx",
        trajectory_workbook(["343", CASELOAD, "2023-07-01", 15.5], [SEFTON, CASELOAD, "2021-07-01", 20.8]),
    )
    assert result.ok, result.summary()
    change = result.changes.tables["trajectory_point"]
    assert (change.added, change.changed, change.unchanged) == (1, 0, 1)  # the seeded July 2021 value is unchanged
    after = queries.trajectories(seeded_engine, SEFTON, [CASELOAD])
    assert len(after) == len(before) + 1
    assert after.iloc[-1]["planned_value"] == 15.5


def test_a_corrected_trajectory_replaces_what_pages_show_and_keeps_the_old_row(seeded_engine):
    first = load(seeded_engine, "t1.xlsx", trajectory_workbook([SEFTON, CASELOAD, "2023-08-01", 18.5]))
    corrected = load(seeded_engine, "t2.xlsx", trajectory_workbook([SEFTON, CASELOAD, "2023-08-01", 17.25]))
    assert first.ok and corrected.ok
    assert corrected.changes.tables["trajectory_point"].changed == 1
    shown = queries.trajectories(seeded_engine, SEFTON, [CASELOAD]).set_index("period")
    assert shown.loc[pd.Timestamp("2023-08-01"), "planned_value"] == 17.25
    with seeded_engine.connect() as connection:
        stored = connection.execute(
            sa.select(TrajectoryPoint.planned_value, TrajectoryPoint.load_id)
            .where(TrajectoryPoint.period == dt.date(2023, 8, 1))
            .order_by(TrajectoryPoint.load_id)
        ).all()
    assert stored == [(18.5, first.load_id), (17.25, corrected.load_id)]


def test_loading_the_same_file_twice_changes_nothing_the_second_time(seeded_engine):
    content = xlsx(full_plan())
    assert load(seeded_engine, "plan.xlsx", content).ok
    before = table_counts(seeded_engine)
    again = load(seeded_engine, "plan copy.xlsx", content)
    assert again.ok and again.already_loaded_at is not None
    assert "already loaded" in again.summary()
    assert table_counts(seeded_engine) == before
    # The same content saved again (other bytes, other hash): every row is unchanged, no load is recorded.
    resaved = load(seeded_engine, "plan resaved.xlsx", xlsx({**full_plan(), "Guidance": [["notes"]]}))
    assert resaved.ok and resaved.load_id is None, resaved.summary()
    assert all(change.added + change.changed == 0 for change in resaved.changes.tables.values())
    assert "nothing new" in resaved.summary()
    assert table_counts(seeded_engine) == before


def test_a_dry_run_reports_the_changes_and_stores_nothing(seeded_engine):
    before = table_counts(seeded_engine)
    result = load(seeded_engine, "plan.xlsx", xlsx(full_plan()), dry_run=True)
    assert result.ok and result.load_id is None
    assert result.changes.tables["trajectory_point"].added == 3
    assert "would change" in result.summary()
    assert table_counts(seeded_engine) == before


# --- refused files: each problem names file, sheet, row, column and value ----------------------------------------


def test_a_missing_column_is_named(seeded_engine):
    problems = refused_with(
        seeded_engine,
        "plan.xlsx",
        trajectory_workbook([SEFTON, CASELOAD, "2023-07-01"], header=TRAJECTORY_HEADER[:3]),
    )
    assert problems == [
        "plan.xlsx, sheet 'trajectories', row 1: missing column 'planned_value': the header row must name every "
        "column of the 'trajectories' table (authority_code, measure_code, period, planned_value)"
    ]


def test_a_missing_column_in_a_csv_file_of_a_named_kind(seeded_engine):
    content = csv_bytes([TRAJECTORY_HEADER[:3], [SEFTON, CASELOAD, "2023-07-01"]])
    problems = refused_with(seeded_engine, "trajectories.csv", content, kind="improvement_plan")
    assert problems[0].startswith("trajectories.csv, row 1: missing column 'planned_value'")


def test_an_unknown_measure(seeded_engine):
    problems = refused_with(
        seeded_engine,
        "plan.xlsx",
        trajectory_workbook([SEFTON, CASELOAD, "2023-07-01", 15], [SEFTON, "casload", "2023-07-01", 2]),
    )
    assert problems == [
        "plan.xlsx, sheet 'trajectories', row 3, column 'measure_code': unknown measure: load the measures table "
        "first (sheet 'measures') or check the code (found 'casload')"
    ]


def test_an_unknown_priority_area_and_action(seeded_engine):
    content = xlsx(
        {
            "plan_measures": [
                [
                    "authority_code",
                    "measure_code",
                    "priority_area_code",
                    "is_headline",
                    "baseline_value",
                    "baseline_period",
                ],
                [SEFTON, CASELOAD, "PA9", "yes", 20, "2021-06-01"],
            ],
            "milestones": [
                ["authority_code", "action_reference", "title", "due_date", "status", "completed_date"],
                [SEFTON, "PA1.1", "Known action", "2023-09-30", "not_started", None],
                [SEFTON, "PA1.99", "Unknown action", "2023-09-30", "not_started", None],
            ],
        }
    )
    problems = refused_with(seeded_engine, "plan.xlsx", content)
    assert problems == [
        "plan.xlsx, sheet 'plan_measures', row 2, column 'priority_area_code': unknown priority area for E08000014: "
        "load the priority_areas table first (sheet 'priority_areas') or check the code (found 'PA9')",
        "plan.xlsx, sheet 'milestones', row 3, column 'action_reference': unknown action for E08000014: load the "
        "actions table first (sheet 'actions') or check the reference (found 'PA1.99')",
    ]


def test_an_unknown_authority(seeded_engine):
    problems = refused_with(seeded_engine, "plan.xlsx", trajectory_workbook(["E0800001", CASELOAD, "2023-07-01", 1]))
    assert problems == [
        "plan.xlsx, sheet 'trajectories', row 2, column 'authority_code': unknown authority: it is neither in "
        "this file's 'authority' table (sheet 'authority') nor in the database yet: add it there, or load a DfE "
        "statistics file that names it (for example DfE's csww_indicators CSV) first; give its new (E08000014) or "
        "old (343) LA code (found 'E0800001')"
    ]


@pytest.mark.parametrize("written", ["30-06-2023", "June 2023", "2023-13-01", "31/02/2023"])
def test_a_date_in_another_format(seeded_engine, written):
    problems = refused_with(seeded_engine, "plan.xlsx", trajectory_workbook([SEFTON, CASELOAD, written, 15]))
    assert problems == [
        "plan.xlsx, sheet 'trajectories', row 2, column 'period': expected a date like 2023-06-30 or 30/06/2023 "
        f"(found {written!r})"
    ]


def test_text_in_a_numeric_column(seeded_engine):
    problems = refused_with(
        seeded_engine, "plan.csv", csv_bytes([TRAJECTORY_HEADER, [SEFTON, CASELOAD, "2023-07-01", "about 15"]])
    )
    assert problems == [
        "plan.csv, row 2, column 'planned_value': expected a number (digits only, no units or words) (found 'about 15')"
    ]


def test_a_duplicate_key(seeded_engine):
    rows = [[SEFTON, CASELOAD, "2023-07-01", 15], [SEFTON, CASELOAD, "2023-07-01", 16]]
    problems = refused_with(seeded_engine, "plan.xlsx", trajectory_workbook(*rows))
    assert problems == [
        "plan.xlsx, sheet 'trajectories', row 3, column 'period': repeats row 2: each authority_code + measure_code "
        "+ period may appear only once (found 'E08000014 + social_worker_caseload + 2023-07-01')"
    ]
    same_month = [[SEFTON, CASELOAD, "2023-07-01", 15], [SEFTON, CASELOAD, "2023-07-20", 16]]
    problems = refused_with(seeded_engine, "plan.xlsx", trajectory_workbook(*same_month))
    assert problems == [
        "plan.xlsx, sheet 'trajectories', row 3, column 'period': is the same month as row 2: each measure has one "
        "planned value per month (found '2023-07-20')"  # as written in row 3, never datetime.date(...)
    ]


def test_empty_files(seeded_engine):
    assert refused_with(seeded_engine, "plan.csv", b"", kind="improvement_plan") == [
        "plan.csv: the file is empty: it needs a header row and at least one row of data"
    ]
    assert refused_with(seeded_engine, "plan.csv", b"") == [  # its kind need not be known to say it is empty
        "plan.csv: the file is empty: it needs a header row and at least one row of data"
    ]
    empty_sheets = xlsx({"trajectories": [], "measures": []})
    assert refused_with(seeded_engine, "plan.xlsx", empty_sheets) == [
        "plan.xlsx: holds no rows of data: fill in at least one of the sheets (authority, priority_areas, measures, "
        "plan_measures, targets, trajectories, actions, milestones) below its header row"
    ]
    header_only = csv_bytes([TRAJECTORY_HEADER])
    assert refused_with(seeded_engine, "plan.csv", header_only) == ["plan.csv: has a header but no rows of data"]


@pytest.mark.parametrize("wrong", ["Measures ", "measure", "MEASURES"])
def test_a_wrongly_named_sheet(seeded_engine, wrong):
    content = xlsx({"trajectories": [TRAJECTORY_HEADER, [SEFTON, CASELOAD, "2023-07-01", 1]], wrong: [["code"]]})
    assert refused_with(seeded_engine, "plan.xlsx", content) == [
        f"plan.xlsx, sheet '{wrong}': no sheet named 'measures' (found sheets: 'trajectories', '{wrong}'): rename "
        f"the sheet '{wrong}' to 'measures'"
    ]


def test_an_unknown_sheet(seeded_engine):
    content = xlsx({"trajectories": [TRAJECTORY_HEADER, [SEFTON, CASELOAD, "2023-07-01", 1]], "Notes": [["x"]]})
    problems = refused_with(seeded_engine, "plan.xlsx", content)
    assert len(problems) == 1
    assert problems[0].startswith("plan.xlsx, sheet 'Notes': unknown sheet (found sheets: 'trajectories', 'Notes')")


def test_a_file_that_is_not_the_format_it_claims(seeded_engine):
    text = csv_bytes([TRAJECTORY_HEADER, [SEFTON, CASELOAD, "2023-07-01", 1]])
    assert refused_with(seeded_engine, "plan.xlsx", text) == [
        "plan.xlsx: is named .xlsx but its content is text, perhaps CSV: open it in Excel and save it as an Excel "
        "workbook (.xlsx), or give it the name it deserves (.csv)"
    ]
    workbook = trajectory_workbook([SEFTON, CASELOAD, "2023-07-01", 1])
    assert refused_with(seeded_engine, "plan.csv", workbook) == [
        "plan.csv: is named .csv but is an Excel workbook (a zip file): rename it .xlsx, or export each sheet as CSV"
    ]


def test_a_formula(seeded_engine):
    problems = refused_with(seeded_engine, "plan.xlsx", trajectory_workbook([SEFTON, CASELOAD, "2023-07-01", "=10+5"]))
    assert problems == [
        "plan.xlsx, sheet 'trajectories', row 2, column 'planned_value': cell D2 holds a formula: copy the sheet and "
        "paste values only, so what is loaded is what you see (found '=10+5')"
    ]


def test_merged_header_cells(seeded_engine):
    content = xlsx({"trajectories": [TRAJECTORY_HEADER, [SEFTON, CASELOAD, "2023-07-01", 1]]}, merge="C1:D1")
    problems = refused_with(seeded_engine, "plan.xlsx", content)
    assert problems[0] == (
        "plan.xlsx, sheet 'trajectories', row 1: the header row has merged cells (C1:D1): unmerge them so each "
        "column has one name"
    )


def test_a_stored_measure_cannot_change(seeded_engine):
    with Session(seeded_engine) as session:
        stored = session.scalars(sa.select(Measure).where(Measure.code == CASELOAD)).one()
        row = [stored.code, stored.name, stored.definition, "percent", stored.polarity, "Another source", "no"]
        row.append(stored.national_equivalent)
        header = full_plan()["measures"][0]
    problems = refused_with(seeded_engine, "plan.xlsx", xlsx({"measures": [header, row]}))
    assert problems == [
        "plan.xlsx, sheet 'measures', row 2, column 'unit': measure social_worker_caseload already exists with unit "
        "'ratio'; measures cannot change unit: define a new measure with a new code instead (found 'percent')",
        "plan.xlsx, sheet 'measures', row 2, column 'source': measure social_worker_caseload already exists with "
        f"source {stored.source!r}: the measure catalogue is shared by every authority and a file cannot change it; "
        "copy the stored value, or define a new measure with a new code (found 'Another source')",
    ]
    same_row = [stored.code, stored.name, stored.definition, stored.unit, stored.polarity, stored.source, "no"]
    result = load(seeded_engine, "same.xlsx", xlsx({"measures": [header, [*same_row, stored.national_equivalent]]}))
    assert result.ok and result.changes.tables["measure"].unchanged == 1 and result.load_id is None


def test_a_stored_authority_must_match_and_milestones_need_their_dates(seeded_engine):
    content = xlsx({"authority": [["code", "old_la_code", "name", "region"], [SEFTON, "343", "Sefton Council", None]]})
    assert refused_with(seeded_engine, "plan.xlsx", content) == [
        "plan.xlsx, sheet 'authority', row 2, column 'name': authority E08000014 is already stored with name "
        "'Sefton': a plan file cannot change an authority; correct the cell to match (found 'Sefton Council')"
    ]
    milestones = full_plan(SEFTON)["milestones"]
    milestones[1][5] = None
    assert refused_with(seeded_engine, "plan.xlsx", xlsx({"milestones": milestones})) == [
        "plan.xlsx, sheet 'milestones', row 2, column 'completed_date': is empty: a complete milestone needs the date"
    ]


def test_too_long_text_is_refused_not_truncated(seeded_engine):
    header = ["authority_code", "priority_area_code", "reference", "title", "owner"]
    content = xlsx({"actions": [header, [SEFTON, "PA1", "PA1.9", "A new action", "x" * 121]]})
    problems = refused_with(seeded_engine, "plan.xlsx", content)
    assert problems[0].startswith(
        "plan.xlsx, sheet 'actions', row 2, column 'owner': is 121 characters long; at most 120 fit: shorten it"
    )


# --- the command line ----------------------------------------------------------------------------------------------


def test_the_command_line_loads_dry_runs_and_refuses(seeded_database_url, seeded_engine, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    good = tmp_path / "trajectory.xlsx"
    good.write_bytes(trajectory_workbook([SEFTON, CASELOAD, "2023-07-01", 15.123456789]))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(trajectory_workbook([SEFTON, CASELOAD, "2023-07-01", "about 15"]))
    before = table_counts(seeded_engine)

    assert main([str(good), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "trajectory.xlsx (improvement_plan): would change" in out
    assert "trajectory_point: 1 added, 0 changed, 0 unchanged" in out
    assert "Dry run: nothing was stored." in out
    assert table_counts(seeded_engine) == before

    assert main([str(bad)]) == 1
    out = capsys.readouterr().out
    assert "bad.xlsx: REFUSED (1 problem(s)); nothing was stored." in out
    assert "bad.xlsx, sheet 'trajectories', row 2, column 'planned_value': expected a number" in out
    assert table_counts(seeded_engine) == before

    assert main([str(good)]) == 0
    assert "trajectory.xlsx (improvement_plan): loaded as load" in capsys.readouterr().out
    shown = queries.trajectories(seeded_engine, SEFTON, [CASELOAD]).set_index("period")
    assert shown.loc[pd.Timestamp("2023-07-01"), "planned_value"] == 15.123456789
    with seeded_engine.connect() as connection:
        loads = connection.scalar(sa.select(sa.func.count()).select_from(Load))
    assert main([str(good)]) == 0
    assert "already loaded" in capsys.readouterr().out
    with seeded_engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(Load)) == loads

"""The demo programme as loadable files (``loaders.demo_files``), on SQLite and PostgreSQL.

Loaded file by file through ``loaders.run.load_source`` into an empty database, the files must give the board
exactly what the demo seed gives it; loaded again, or saved again and reloaded, they must change nothing. Any
group of them must load on its own plan, so a test can build a partial database through the real loaders.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select

from improvement import queries
from improvement.db import get_engine
from improvement.db.models import Base
from improvement.demo import SEFTON, build_large_dataset, build_programme, combine_programmes
from loaders import demo_files
from loaders.demo_files import GROUPS, PLAN, PLAN_TABLES, REPORTS, files_of, group_of, programme_files
from loaders.framework.base import Source
from loaders.framework.readers import read_csv
from loaders.run import LoadResult, load_source, recognise
from loaders.seed import DEMO_SEED, demo_programmes
from loaders.templates import all_templates

AUTHORITY = SEFTON.code

#: The board's frames, read by the same queries the pages use.
BOARD_QUERIES = {
    "priority_areas": queries.priority_areas,
    "plan_measures": queries.plan_measures,
    "observations": queries.observations,
    "trajectories": queries.trajectories,
    "rag_ratings": queries.rag_ratings,
    "caseloads": queries.caseloads,
    "milestones": queries.milestones,
    "meetings": queries.meetings,
    "risks": queries.risks,
    "risk_reviews": queries.risk_reviews,
    "adviser_contract": queries.adviser_contract,
    "adviser_days": queries.adviser_days,
}
#: The same, about every council at once.
PORTFOLIO_QUERIES = {"interventions": queries.interventions, "ofsted_judgements": queries.ofsted_judgements}
#: What only says which load a row came from: the seed's is synthetic and earlier, a file load is neither.
LOAD_COLUMNS = ("loaded_at", "is_synthetic")


@pytest.fixture(scope="module")
def programme():
    return build_programme(SEFTON, seed=DEMO_SEED)


@pytest.fixture(scope="module")
def files(programme) -> dict[str, bytes]:
    return programme_files(programme)


def load_all(engine: Engine, files: dict[str, bytes]) -> list[LoadResult]:
    return [load_source(engine, Source(name, content)) for name, content in files.items()]


def refusals(results: list[LoadResult]) -> list[str]:
    return [result.summary() for result in results if not result.ok]


def board(engine: Engine, name: str, authority: str = AUTHORITY) -> pd.DataFrame:
    """One board frame with load columns dropped, rows in a fixed order, so two databases can be compared."""
    frame = PORTFOLIO_QUERIES[name](engine) if name in PORTFOLIO_QUERIES else BOARD_QUERIES[name](engine, authority)
    frame = frame.drop(columns=[column for column in LOAD_COLUMNS if column in frame.columns])
    return frame.sort_values(list(frame.columns), ignore_index=True, na_position="first")


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
            if table.name not in ("load", "audit_event")  # a load each: one seed against many files
        }


# --- The files, without a database ----------------------------------------------------------------------------


def test_one_file_per_table_and_one_workbook_per_report_version_in_loading_order(programme, files):
    names = list(files)
    reports = [name for name in names if group_of(name) == REPORTS]
    assert names == [
        *(f"improvement_plan_{table}.csv" for table in PLAN_TABLES),
        "measure_actuals.csv",
        *reports,
        "caseloads.csv",
        "risks.csv",
        "risk_reviews.csv",
        "meetings.csv",
        "adviser_contract.csv",
        "adviser_days.csv",
        "interventions.csv",
        "ofsted_judgements.csv",
    ]
    assert len(reports) == len(programme.rag_reports) == 17
    assert reports == sorted(reports), "reports oldest first, and a date's versions in order"
    assert reports[0] == "rag_report_2021-09-03_v1.xlsx"
    assert reports[-2:] == ["rag_report_2023-05-26_v1.xlsx", "rag_report_2023-05-26_v2.xlsx"]
    assert [group_of(name) for name in names] == [
        group for group in GROUPS for name in names if group_of(name) == group
    ], "groups appear in GROUPS' order"


def test_the_same_programme_gives_the_same_bytes(files):
    assert programme_files(build_programme(SEFTON, seed=DEMO_SEED)) == files


def test_every_csv_has_its_templates_header_and_every_file_is_recognised_as_its_kind(files):
    templates = all_templates()
    kinds = {}
    for name, content in files.items():
        if name.endswith(".csv"):
            assert content.split(b"\n", 1)[0] == templates[name].rstrip(b"\n"), name
        kinds[name] = recognise(Source(name, content)).kind
    assert {kinds[name] for name in files if name.startswith("improvement_plan_")} == {"improvement_plan"}
    assert {kinds[name] for name in files if group_of(name) == REPORTS} == {"rag_report"}
    assert [kinds[name] for name in files if group_of(name) not in (*PLAN_TABLES, REPORTS)] == [
        "measure_actuals",
        "caseloads",
        "risks",
        "risks",
        "meetings",
        "adviser_contract",
        "adviser_days",
        "interventions",
        "ofsted_judgements",
    ]


def test_values_are_written_as_the_loaders_read_them(programme, files):
    def rows(name: str) -> list[dict]:
        return read_csv(Source(name, files[name])).frame.to_dict("records")

    measures = {row["code"]: row for row in rows("improvement_plan_measures.csv")}
    assert measures["children_in_pre_proceedings"]["counts_children"] == "yes"
    assert measures["social_worker_caseload"]["counts_children"] == "no"
    assert measures["cp_reviews_in_timescale"]["national_equivalent"] == ""
    headline = {row["measure_code"]: row["is_headline"] for row in rows("improvement_plan_plan_measures.csv")}
    assert set(headline.values()) == {"yes", "no"}
    targets = {row["measure_code"]: row for row in rows("improvement_plan_targets.csv")}
    assert (targets["social_worker_caseload"]["value"], targets["social_worker_caseload"]["target_date"]) == (
        "16",
        "2023-06-01",
    )
    suppressed = [row for row in rows("measure_actuals.csv") if row["status"]]
    assert suppressed, "the demo has months of children in pre-proceedings below 5"
    assert {(row["measure_code"], row["value"], row["status"]) for row in suppressed} == {
        ("children_in_pre_proceedings", "", "c")
    }
    written = [float(row["value"]) if row["value"] else None for row in rows("measure_actuals.csv")]
    values = [None if pd.isna(value) else value for value in programme.observations["value"]]
    assert written == values, "every figure reads back as exactly the programme's float"
    contract = rows("adviser_contract.csv")[0]
    assert (contract["start_date"], contract["budget_gbp"], contract["extension_months"]) == ("2021-06-30", "", "12")

    workbook = load_workbook(io.BytesIO(files["rag_report_2023-05-26_v2.xlsx"]))
    assert workbook.sheetnames == ["report", "ratings"]
    fields = dict(workbook["report"].iter_rows(min_row=2, values_only=True))
    assert (fields["report_date"], fields["status"]) == (dt.datetime(2023, 5, 26), "draft")  # a date cell
    ratings = list(workbook["ratings"].iter_rows(values_only=True))
    assert ratings[0] == ("priority_area_code", "rating", "narrative", "evidence")
    assert [row[0] for row in ratings[1:]] == ["PA1", "PA2", "AFI3", "AFI4", "AFI5"]


def test_files_of_picks_groups_and_plan_stands_for_every_table_of_the_plan(programme, files):
    assert list(files_of(programme, PLAN)) == [f"improvement_plan_{table}.csv" for table in PLAN_TABLES]
    picked = files_of(programme, "caseloads", "authority", REPORTS)
    assert list(picked) == [
        "improvement_plan_authority.csv",
        *(name for name in files if group_of(name) == REPORTS),
        "caseloads.csv",
    ], "in loading order, whatever the order asked"
    assert picked == {name: files[name] for name in picked}
    assert files_of(programme, *GROUPS) == files
    with pytest.raises(ValueError, match="unknown group 'reports'"):
        files_of(programme, "reports")
    with pytest.raises(ValueError, match="not a name"):
        group_of("caseload.csv")


def test_with_several_authorities_a_reports_file_name_says_whose_it_is():
    programme = build_large_dataset(n_authorities=2, years=1)
    names = list(files_of(programme, REPORTS))
    assert len(names) == len(programme.rag_reports)
    assert names[:2] == ["rag_report_2019-06-07_E09990001_v1.xlsx", "rag_report_2019-06-07_E09990002_v1.xlsx"]


# --- Loaded into a database -----------------------------------------------------------------------------------


def test_loading_every_file_in_order_gives_the_board_the_seed_gives(database_url, seeded_database_url):
    """The whole demo (``--portfolio``: Sefton and the six invented councils) as files gives what the seed gives."""
    engine, seeded = get_engine(database_url), get_engine(seeded_database_url)
    files = programme_files(combine_programmes(list(demo_programmes().values())))

    results = load_all(engine, files)

    assert refusals(results) == []
    assert all(result.load_id is not None and result.changes.rows_written > 0 for result in results)
    assert table_counts(engine) == table_counts(seeded)
    councils = queries.authorities(seeded)["code"].tolist()
    assert len(councils) == 7
    for name in [*BOARD_QUERIES, *PORTFOLIO_QUERIES]:
        for council in councils if name in BOARD_QUERIES else [AUTHORITY]:
            loaded, expected = board(engine, name, council), board(seeded, name, council)
            assert len(loaded) > 0 or name in ("risks", "risk_reviews"), (name, council)
            pd.testing.assert_frame_equal(loaded, expected, obj=f"{name} of {council}")


def resaved(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files as someone opening and saving each would leave them: CRLF line ends, workbooks saved again by
    openpyxl (a new save time). Different bytes, so not "already loaded": each is read and compared again."""
    again = {}
    for name, content in files.items():
        if name.endswith(".csv"):
            again[name] = content.replace(b"\n", b"\r\n")
        else:
            buffer = io.BytesIO()
            load_workbook(io.BytesIO(content)).save(buffer)
            again[name] = buffer.getvalue()
    assert all(again[name] != files[name] for name in files)
    return again


def superseded_reports(files: dict[str, bytes]) -> list[str]:
    """Report versions with a later version of the same date among the files (the demo's last report, v1)."""
    reports = [name for name in files if group_of(name) == REPORTS]
    dates = [name.rsplit("_v", 1)[0] for name in reports]
    return [name for name, date, later in zip(reports, dates, dates[1:], strict=False) if date == later]


def test_loading_the_files_again_or_saved_again_changes_nothing(database_url, files):
    engine = get_engine(database_url)
    assert refusals(load_all(engine, files)) == []
    counts = table_counts(engine)

    again = load_all(engine, files)
    assert [(result.ok, result.already_loaded_at is not None) for result in again] == [(True, True)] * len(files)

    # A report is compared with the newest stored version of its date only, so a re-saved earlier version is a
    # new version (see the next test): every other file, saved again, adds nothing.
    superseded = superseded_reports(files)
    assert superseded == ["rag_report_2023-05-26_v1.xlsx"]
    results = load_all(engine, {name: content for name, content in resaved(files).items() if name not in superseded})
    assert refusals(results) == []
    for result in results:
        assert result.already_loaded_at is None, result.source
        assert result.changes.rows_written == 0, result.summary()
        assert "nothing new" in result.summary(), result.summary()
    assert table_counts(engine) == counts


def test_a_resaved_submitted_version_under_a_draft_stores_nothing(database_url, files):
    """v1 (submitted) loaded again once the v2 draft is stored: the file is the submitted report as it stands, so
    nothing is stored (neither a new version nor a correction) and the draft stays a draft on top."""
    engine = get_engine(database_url)
    assert refusals(load_all(engine, files)) == []
    before = board(engine, "rag_ratings")
    name = "rag_report_2023-05-26_v1.xlsx"

    result = load_all(engine, {name: resaved(files)[name]})[0]

    assert result.ok and result.changes.rows_written == 0
    assert "is the same as its submitted version 1: no new version" in result.summary()
    pd.testing.assert_frame_equal(board(engine, "rag_ratings"), before)


def test_a_partial_database_plan_and_caseloads_without_targets_actuals_or_reports(
    database_url, seeded_database_url, programme
):
    engine, seeded = get_engine(database_url), get_engine(seeded_database_url)
    picked = files_of(programme, "authority", "priority_areas", "measures", "plan_measures", "caseloads")

    assert refusals(load_all(engine, picked)) == []

    pd.testing.assert_frame_equal(board(engine, "caseloads"), board(seeded, "caseloads"))
    plan = board(engine, "plan_measures")
    assert len(plan) == len(programme.plan_measures)
    assert plan["target_value"].isna().all() and plan["target_date"].isna().all()
    for name in ("observations", "trajectories", "rag_ratings", "milestones", "risks", "adviser_days"):
        assert board(engine, name).empty, name


# --- The command line -----------------------------------------------------------------------------------------


def test_main_writes_every_file_and_warns_that_they_are_synthetic(tmp_path, capsys, files):
    out = tmp_path / "demo"
    assert demo_files.main([str(out)]) == 0

    assert sorted(path.name for path in out.iterdir()) == sorted(files)
    assert all((out / name).read_bytes() == content for name, content in files.items())
    printed = capsys.readouterr().out
    assert f"Wrote {len(files)} files to {out}" in printed
    assert "SYNTHETIC" in printed and "every figure in them is invented" in printed
    assert "never present" in printed and "real council" in printed
    listed = [line.split()[1] for line in printed.splitlines() if line[:3].strip().isdigit()]
    assert listed == list(files), "listed in loading order"


def test_main_only_writes_the_groups_asked_for(tmp_path, capsys):
    assert demo_files.main([str(tmp_path), "--only", PLAN, "risks"]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [f"improvement_plan_{table}.csv" for table in PLAN_TABLES] + ["risks.csv"]
    )
    assert "Wrote 9 files" in capsys.readouterr().out

"""The loaders' command line, ``python -m loaders FILE... [--kind] [--dry-run] [--list-kinds]``, as a user meets it:
exit status, what it prints per file and per table, and what it leaves in the database.

The behaviour of the command line itself is tested with a small test kind (tests/support/fake_loader.py), so these tests
hold whatever real kinds are registered; the real kinds' rules are tested in their own files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from improvement.db.models import Authority, Base, Load, StatisticalNeighbour
from loaders import report
from loaders.__main__ import main
from loaders.framework.base import Source
from loaders.registry import KINDS
from tests.support.environment import REPO_ROOT
from tests.support.fake_loader import COUNCIL_PAIRS, pairs_csv, registered_kinds
from tests.support.realdata import REALDATA, needs_realdata


@pytest.fixture
def cli(database_url, monkeypatch, tmp_path, capsys):
    """Run the command line on ``database_url`` with the test kind registered: (exit status, printed text)."""
    monkeypatch.setenv("DATABASE_URL", database_url)

    def run(*argv: str | Path) -> tuple[int, str]:
        capsys.readouterr()
        with registered_kinds(COUNCIL_PAIRS):
            status = main([str(arg) for arg in argv])
        return status, capsys.readouterr().out

    return run


def write(directory: Path, name: str, content: bytes) -> Path:
    path = directory / name
    path.write_bytes(content)
    return path


def table_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def stored_pairs(url: str) -> list[tuple[str, str, int, str]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [
                tuple(row)
                for row in connection.execute(
                    sa.select(
                        StatisticalNeighbour.old_la_code,
                        StatisticalNeighbour.neighbour_old_la_code,
                        StatisticalNeighbour.rank,
                        Load.source_name,
                    )
                    .join(Load, Load.id == StatisticalNeighbour.load_id)
                    .order_by(StatisticalNeighbour.id)
                )
            ]
    finally:
        engine.dispose()


def test_list_kinds_names_every_registered_kind_and_its_templates(cli):
    status, out = cli("--list-kinds")

    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(KINDS) + 1  # the test kind as well as the real ones
    assert lines[0].split()[0] == "council_pairs"
    assert COUNCIL_PAIRS.title in lines[0] and "(templates: data/templates/council_pairs.csv)" in lines[0]
    for kind in KINDS:
        assert any(line.startswith(f"{kind.kind} ") and kind.title in line for line in lines), kind.kind


def test_no_files_lists_the_kinds_and_exits_2(cli):
    status, out = cli()

    assert status == 2
    assert "council_pairs" in out


def test_a_file_is_loaded_and_each_table_change_printed(cli, database_url, tmp_path):
    path = write(tmp_path, "pairs.csv", pairs_csv(("343", "344", 1), ("343", "340", 2), ("344", "343", 1)))

    status, out = cli(path)

    assert status == 0
    load_id = table_counts(database_url)["load"]
    assert out.splitlines() == [
        f"pairs.csv (council_pairs): loaded as load {load_id}",
        "  statistical_neighbour: 3 added, 0 changed, 0 unchanged",
        "Files: 1 loaded, 0 unchanged, 0 refused, 0 skipped.",
    ]
    assert stored_pairs(database_url) == [
        ("343", "344", 1, "pairs.csv"),
        ("343", "340", 2, "pairs.csv"),
        ("344", "343", 1, "pairs.csv"),
    ]


def test_a_corrected_file_reports_changed_and_unchanged_rows_and_appends_only_the_change(cli, database_url, tmp_path):
    cli(write(tmp_path, "pairs.csv", pairs_csv(("343", "344", 1), ("343", "340", 2))))

    status, out = cli(write(tmp_path, "pairs-v2.csv", pairs_csv(("343", "344", 1), ("343", "341", 2), ("343", "9", 3))))

    assert status == 0
    assert out.splitlines()[1] == "  statistical_neighbour: 1 added, 1 changed, 1 unchanged"
    assert stored_pairs(database_url)[2:] == [("343", "341", 2, "pairs-v2.csv"), ("343", "9", 3, "pairs-v2.csv")]


def test_the_same_file_again_is_already_loaded_and_changes_nothing(cli, database_url, tmp_path):
    path = write(tmp_path, "pairs.csv", pairs_csv(("343", "344", 1)))
    cli(path)
    before = table_counts(database_url)

    status, out = cli(path)

    assert status == 0
    assert out.startswith("pairs.csv (council_pairs): already loaded on ")
    assert out.splitlines()[0].endswith("; nothing changed.")
    assert out.splitlines()[-1] == "Files: 0 loaded, 1 unchanged, 0 refused, 0 skipped."
    assert table_counts(database_url) == before


def test_dry_run_reports_what_would_change_and_stores_nothing(cli, database_url, tmp_path):
    before = table_counts(database_url)

    status, out = cli(write(tmp_path, "pairs.csv", pairs_csv(("343", "344", 1), ("343", "340", 2))), "--dry-run")

    assert status == 0
    assert out.splitlines() == [
        "pairs.csv (council_pairs): would change",
        "  statistical_neighbour: 2 added, 0 changed, 0 unchanged",
        "Files: 1 would load, 0 unchanged, 0 refused, 0 skipped.",
        "Dry run: nothing was stored.",
    ]
    assert table_counts(database_url) == before


def test_a_refused_file_prints_every_problem_where_it_is_and_exits_1(cli, database_url, tmp_path):
    good = write(tmp_path, "good.csv", pairs_csv(("343", "344", 1)))
    bad = write(tmp_path, "bad.csv", pairs_csv(("343", "344", 1), ("343", "340", "second"), ("", "341", 3)))
    before = table_counts(database_url)

    status, out = cli(bad)

    assert status == 1
    assert out.splitlines() == [
        "bad.csv: REFUSED (2 problem(s)); nothing was stored.",
        "  - bad.csv, row 4, column 'council': is empty: every row needs a value here (found '')",
        "  - bad.csv, row 3, column 'rank': expected a whole number (digits only, no units or words) (found 'second')",
        "Files: 0 loaded, 0 unchanged, 1 refused, 0 skipped.",
    ]
    assert table_counts(database_url) == before

    status, out = cli(good, bad)  # one refused file fails the run, but the good one is still loaded
    assert status == 1
    assert out.splitlines()[0].startswith("good.csv (council_pairs): loaded as load ")
    assert "bad.csv: REFUSED (2 problem(s)); nothing was stored." in out
    assert stored_pairs(database_url) == [("343", "344", 1, "good.csv")]


def test_an_unrecognised_file_and_a_missing_file_are_refused_with_what_to_do(cli, database_url, tmp_path):
    before = table_counts(database_url)

    status, out = cli(write(tmp_path, "mystery.csv", b"a,b\n1,2\n"), tmp_path / "nowhere.csv")

    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "mystery.csv: REFUSED (1 problem(s)); nothing was stored."
    assert lines[1].startswith("  - mystery.csv: could not tell what kind of file this is")
    assert "council_pairs" in lines[1] and "--kind" in lines[1]
    assert lines[2] == f"{tmp_path / 'nowhere.csv'}: REFUSED: no such file."
    assert table_counts(database_url) == before


def test_kind_forces_the_kind_of_a_file_its_columns_do_not_reveal(cli, database_url, tmp_path):
    path = write(tmp_path, "mystery.csv", b"a,b\n1,2\n")

    status, out = cli(path, "--kind", "council_pairs")

    assert status == 1  # read as council pairs, and refused for that kind's missing columns
    assert out.splitlines()[0] == "mystery.csv: REFUSED (5 problem(s)); nothing was stored."
    assert "  - mystery.csv, row 1: missing column 'council'" in out


def test_an_unknown_kind_is_an_argument_error(cli):
    with pytest.raises(SystemExit) as exit_:
        cli("x.csv", "--kind", "no_such_kind")
    assert exit_.value.code == 2


def test_a_new_sqlite_database_is_created_and_migrated_by_the_command(tmp_path):
    """``python -m loaders`` itself (a real process) on a database file that does not exist yet."""
    database = tmp_path / "new" / "folder" / "dashboard.sqlite"
    mystery = write(tmp_path, "mystery.csv", b"a,b\n1,2\n")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}

    done = subprocess.run(
        [sys.executable, "-m", "loaders", str(mystery), "--dry-run"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == "mystery.csv: REFUSED (1 problem(s)); nothing was stored."
    assert done.stdout.splitlines()[-1] == "Dry run: nothing was stored."
    assert database.is_file()
    engine = sa.create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            heads = connection.scalars(sa.text("SELECT version_num FROM alembic_version")).all()
            tables = set(sa.inspect(connection).get_table_names())
            loads = connection.scalar(sa.text("SELECT count(*) FROM load"))
    finally:
        engine.dispose()
    from alembic.script import ScriptDirectory

    from improvement.db.engine import MIGRATIONS_DIR, alembic_config

    script = ScriptDirectory.from_config(alembic_config(engine))
    assert heads == [script.get_current_head()], MIGRATIONS_DIR
    assert {table.name for table in Base.metadata.sorted_tables} <= tables
    assert loads == 0


# --------------------------------------------------------------------------------------------- folders


def test_a_folder_loads_each_file_directly_in_it_by_name_and_skips_what_it_cannot_load(cli, database_url, tmp_path):
    folder = tmp_path / "exports"
    (folder / "older").mkdir(parents=True)
    write(folder, "b_pairs.csv", pairs_csv(("344", "343", 1)))
    write(folder, "a_pairs.csv", pairs_csv(("343", "344", 1)))
    write(folder, "README.md", b"# What these files are\n")
    write(folder, "mystery.csv", b"a,b\n1,2\n")
    write(folder, "notes.txt", b"a,b\n1,2\n")
    write(folder / "older", "c_pairs.csv", pairs_csv(("340", "343", 1)))  # not loaded: folders are not searched

    status, out = cli(folder)

    assert status == 0  # skipped files do not fail the run
    lines = out.splitlines()
    assert lines[:4] == [
        "a_pairs.csv (council_pairs): loaded as load 1",
        "  statistical_neighbour: 1 added, 0 changed, 0 unchanged",
        "b_pairs.csv (council_pairs): loaded as load 2",
        "  statistical_neighbour: 1 added, 0 changed, 0 unchanged",
    ]
    assert lines[4] == f"{folder / 'README.md'}: SKIPPED: not a CSV or Excel file"
    assert lines[5].startswith(
        f"{folder / 'mystery.csv'}: SKIPPED: could not tell what kind of file this is from its columns or sheet "
        "names; start from a template in data/templates/, or choose its kind (--kind on the command line"
    )
    assert "council_pairs" in lines[5]
    assert lines[6:] == [
        f"{folder / 'notes.txt'}: SKIPPED: not a CSV or Excel file",
        "Files: 2 loaded, 0 unchanged, 0 refused, 3 skipped.",
    ]
    assert stored_pairs(database_url) == [("343", "344", 1, "a_pairs.csv"), ("344", "343", 1, "b_pairs.csv")]


def test_an_unrecognised_file_named_on_the_command_line_is_still_refused(cli, database_url, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    mystery = write(folder, "mystery.csv", b"a,b\n1,2\n")

    named_status, named = cli(mystery)
    folder_status, in_folder = cli(folder)

    assert named_status == 1
    assert named.splitlines()[0] == "mystery.csv: REFUSED (1 problem(s)); nothing was stored."
    assert named.splitlines()[-1] == "Files: 0 loaded, 0 unchanged, 1 refused, 0 skipped."
    assert folder_status == 0
    assert in_folder.splitlines()[0].startswith(f"{mystery}: SKIPPED: could not tell what kind of file this is")
    assert in_folder.splitlines()[-1] == "Files: 0 loaded, 0 unchanged, 0 refused, 1 skipped."
    assert table_counts(database_url)["load"] == 0


def test_a_refused_file_in_a_folder_fails_the_run_and_the_others_still_load(cli, database_url, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    write(folder, "bad.csv", pairs_csv(("343", "340", "second")))
    write(folder, "good.csv", pairs_csv(("343", "344", 1)))
    write(folder, "README.md", b"notes\n")

    status, out = cli(folder)
    again_status, again = cli(folder, tmp_path / "nowhere")

    assert status == 1
    assert out.splitlines()[0] == "bad.csv: REFUSED (1 problem(s)); nothing was stored."
    assert out.splitlines()[-1] == "Files: 1 loaded, 0 unchanged, 1 refused, 1 skipped."
    assert stored_pairs(database_url) == [("343", "344", 1, "good.csv")]
    assert again_status == 1
    assert f"{tmp_path / 'nowhere'}: REFUSED: no such file." in again.splitlines()
    assert again.splitlines()[-1] == "Files: 0 loaded, 1 unchanged, 2 refused, 1 skipped."


def test_a_dry_run_of_a_folder_counts_what_would_load(cli, database_url, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    write(folder, "pairs.csv", pairs_csv(("343", "344", 1)))
    write(folder, "README.md", b"notes\n")

    status, out = cli(folder, "--dry-run")

    assert status == 0
    assert out.splitlines()[-2:] == [
        "Files: 1 would load, 0 unchanged, 0 refused, 1 skipped.",
        "Dry run: nothing was stored.",
    ]
    assert table_counts(database_url)["load"] == 0


EES_CSV = (
    b"time_period,time_identifier,geographic_level,country_code,old_la_code,new_la_code,la_name,rate\n"
    b"2025,Reporting year,Local authority,E92000001,343,E08000014,Sefton,15.9\n"
)
NEIGHBOURS_CSV = (
    "LA num,LA Name,LA number,GOInd,GOReg," + ",".join(f"SN{rank},SNP" for rank in range(1, 11)) + "\n"
    "343,Sefton,343,5,North West," + ",".join(["344,Close"] * 10) + "\n"
).encode()
TEMPLATES = REPO_ROOT / "data" / "templates"


def test_load_order_puts_plans_then_dfe_statistics_then_neighbours_first_and_each_kinds_files_in_its_order():
    given = [
        Source("mystery.csv", b"a,b\n1,2\n"),
        Source.from_path(TEMPLATES / "rag_report.xlsx"),
        Source("neighbours.csv", NEIGHBOURS_CSV),
        Source.from_path(TEMPLATES / "meetings.csv"),
        Source("rates.csv", EES_CSV),
        Source.from_path(TEMPLATES / "improvement_plan_actions.csv"),
        Source.from_path(TEMPLATES / "caseloads.csv"),
        Source.from_path(TEMPLATES / "risk_reviews.csv"),
        Source.from_path(TEMPLATES / "improvement_plan_authority.csv"),
        Source.from_path(TEMPLATES / "improvement_plan.xlsx"),
        Source.from_path(TEMPLATES / "risks.csv"),
    ]

    ordered = [source.name for source in report.load_order(given)]
    forced = [source.name for source in report.load_order(given, "caseloads")]

    assert ordered == [
        "improvement_plan.xlsx",  # a plan workbook, then its CSV tables in the plan's order: authority first
        "improvement_plan_authority.csv",
        "improvement_plan_actions.csv",
        "rates.csv",  # DfE statistics register the councils they name
        "neighbours.csv",  # and neighbours register more from the stored statistics
        "mystery.csv",  # then every other file as given, unrecognised ones included
        "rag_report.xlsx",
        "meetings.csv",
        "caseloads.csv",
        "risks.csv",  # a kind's own files in its order, in the places they take: risks before their reviews
        "risk_reviews.csv",
    ]
    assert forced == [source.name for source in given]  # one kind for every file: as given


def test_load_files_loads_a_plan_before_the_files_that_refer_to_its_authority(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    meetings = Source(
        "meetings.csv", b"authority_code,kind,meeting_date,title,notes\nE08000014,board_meeting,2023-07-20,Board,\n"
    )
    plan = Source("improvement_plan_authority.csv", b"code,old_la_code,name,region\nE08000014,343,Sefton,North West\n")

    results = report.load_files([meetings, plan], dry_run=False, loaded_by="test")

    assert [(result.source, result.ok) for result in results] == [
        ("improvement_plan_authority.csv", True),
        ("meetings.csv", True),
    ]
    assert table_counts(database_url)["meeting"] == 1


@needs_realdata
def test_the_real_data_folder_loads_on_a_fresh_database_councils_first(cli, database_url):
    status, out = cli(REALDATA, "--authority", "E08000014", "--extract-date", "2023-03-31")

    assert status == 0, out
    headlines = [line for line in out.splitlines() if not line.startswith("  ")]
    assert headlines == [
        "b1_children_in_need_2013_to_2025.csv (dfe_statistics): loaded as load 1",
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv (dfe_statistics): loaded as load 2",
        "csww_indicators_2017_to_2025.csv (dfe_statistics): loaded as load 3",
        "d3_cpps_subsequent_plan_2013_to_2025.csv (dfe_statistics): loaded as load 4",
        "d5_cpps_at31march_by_duration_2013_to_2025.csv (dfe_statistics): loaded as load 5",
        "New_Statistical_Neighbour_Groupings_April_2021.csv (statistical_neighbours): loaded as load 6",
        "annex_a_sample_liia_tools.xlsx (annex_a): loaded as load 7",
        f"{REALDATA / 'README.md'}: SKIPPED: not a CSV or Excel file",
        headlines[8],
        "Files: 7 loaded, 0 unchanged, 0 refused, 2 skipped.",
    ]
    assert headlines[8].startswith(
        f"{REALDATA / 'lait_csc_data_dictionary.csv'}: SKIPPED: could not tell what kind of file this is"
    )
    assert "  authority: 158 added, 0 changed, 0 unchanged" in out  # 161 codes; 3 councils changed code
    assert "  annex_a_aggregate: 9 added, 0 changed, 0 unchanged" in out
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            sefton = connection.execute(
                sa.select(Authority.old_la_code, Authority.name, Authority.region).where(Authority.code == "E08000014")
            ).one()
    finally:
        engine.dispose()
    assert tuple(sefton) == ("343", "Sefton", "North West")

"""What the monthly and operational loaders (measure actuals, caseloads, risks, meetings, adviser days) do
together, on the seeded Sefton database on SQLite and PostgreSQL: the command line loads, refuses and dry-runs
several kinds at once, re-loading unchanged meetings and adviser days writes nothing, and the CSV templates' headers
are the columns each kind reads. Each kind's own tests are in its module (test_measure_actuals.py,
test_caseloads.py, test_risks.py, test_meetings.py, test_adviser_days.py).
"""

from __future__ import annotations

from loaders import __main__ as cli
from loaders.registry import kind_named
from tests.support.loading import (
    ACTUALS_HEADER,
    ADVISER_DAYS,
    CASELOADS,
    CASELOADS_HEADER,
    MEETINGS,
    csv_file,
    load,
    risks_workbook,
    table_counts,
)

# --- re-loading unchanged files -----------------------------------------------------------------------------------


def test_reloading_meetings_and_adviser_days_unchanged_writes_nothing(seeded_engine) -> None:
    for name, content in (("meetings.csv", MEETINGS), ("adviser_days.csv", ADVISER_DAYS)):
        assert load(seeded_engine, name, content).ok
        before = table_counts(seeded_engine)
        again = load(seeded_engine, "copy_of_" + name, content + b"\n")  # other bytes, same rows
        assert again.ok and again.load_id is None
        assert again.summary().startswith(f"copy_of_{name} ({again.kind}): nothing new;")
        assert table_counts(seeded_engine) == before


# --- the command line ---------------------------------------------------------------------------------------------


def test_command_line_loads_refuses_and_dry_runs(
    seeded_engine, seeded_database_url, monkeypatch, tmp_path, capsys
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    (tmp_path / "caseloads.csv").write_bytes(CASELOADS)
    (tmp_path / "bad.csv").write_bytes(csv_file(CASELOADS_HEADER, "E08000014,Assessment North,2023-07-01,2.5,40,3,0"))
    (tmp_path / "risks.xlsx").write_bytes(risks_workbook())
    before = table_counts(seeded_engine)

    assert cli.main([str(tmp_path / "caseloads.csv"), "--dry-run"]) == 0
    assert (
        "caseloads.csv (caseloads): would change\n  caseload: 3 added, 0 changed, 0 unchanged"
        in capsys.readouterr().out
    )
    assert table_counts(seeded_engine) == before

    assert cli.main([str(tmp_path / "bad.csv")]) == 1
    output = capsys.readouterr().out
    assert "bad.csv: REFUSED (1 problem(s)); nothing was stored." in output
    assert "bad.csv, row 2, column 'agency_fte': agency_fte is more than case_holding_fte (2.5)" in output
    assert table_counts(seeded_engine) == before

    assert cli.main([str(tmp_path / "caseloads.csv"), str(tmp_path / "risks.xlsx")]) == 0
    output = capsys.readouterr().out
    assert "caseload: 3 added, 0 changed, 0 unchanged" in output
    assert "risk: 1 added, 0 changed, 0 unchanged\n  risk_review: 2 added, 0 changed, 0 unchanged" in output
    after = table_counts(seeded_engine)
    assert (after["caseload"], after["risk"], after["risk_review"]) == (
        before["caseload"] + 3,
        before["risk"] + 1,
        before["risk_review"] + 2,
    )

    assert cli.main([str(tmp_path / "caseloads.csv")]) == 0
    assert "already loaded on" in capsys.readouterr().out


# --- templates ----------------------------------------------------------------------------------------------------


def test_csv_template_headers_match_the_columns_each_kind_reads() -> None:
    assert kind_named("measure_actuals").templates()["measure_actuals.csv"] == (ACTUALS_HEADER + "\n").encode()
    assert kind_named("caseloads").templates()["caseloads.csv"] == (CASELOADS_HEADER + "\n").encode()
    assert kind_named("meetings").templates()["meetings.csv"] == b"authority_code,kind,meeting_date,title,notes\n"
    assert (
        kind_named("adviser_days").templates()["adviser_days.csv"] == b"authority_code,day_date,days,activity,notes\n"
    )

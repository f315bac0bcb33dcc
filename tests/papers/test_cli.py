"""``python -m improvement.papers``: the submitted report as the upload workbook and the board paper as a Word
document, written on the demo; one line and exit status 1 when there is nothing to write, 2 for bad arguments."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

import dashboard
from improvement.demo import build_programme
from improvement.papers import board_paper as paper
from improvement.papers.__main__ import main
from improvement.papers.workbook import FIELD_NAMES, RATING_COLUMNS, RATINGS_SHEET, REPORT_SHEET
from tests.support.hostile import load_programme

REPO_ROOT = Path(dashboard.__file__).resolve().parent
SEFTON = "E08000014"


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def fields_of(path: Path) -> tuple[dict, list[dict]]:
    workbook = load_workbook(path)
    report = {row[0]: row[1] for row in workbook[REPORT_SHEET].iter_rows(min_row=2, values_only=True)}
    sheet = workbook[RATINGS_SHEET].iter_rows(values_only=True)
    header = next(sheet)
    return report, [dict(zip(header, row, strict=True)) for row in sheet]


# ---------------------------------------------------------------------------------------------- report


def test_report_writes_the_latest_submitted_report_as_the_upload_workbook(seeded_sqlite_url, tmp_path, capsys):
    out = tmp_path / "papers" / "report.xlsx"
    code = main(["report", "--authority", SEFTON, "--out", str(out), "--database-url", seeded_sqlite_url])
    assert code == 0
    said = one_line(capsys.readouterr().out)
    assert said == f"Wrote Sefton's report of 26 May 2023 (version 1, 5 priority areas) to {out}"
    report, ratings = fields_of(out)
    assert set(report) <= set(FIELD_NAMES)
    assert report["authority_code"] == SEFTON
    assert report["report_date"].date().isoformat() == "2023-05-26"
    assert report["status"] == "submitted"  # the submitted version 1, not the newer draft of the same date
    assert [row["priority_area_code"] for row in ratings] == ["PA1", "PA2", "AFI3", "AFI4", "AFI5"]
    assert set(ratings[0]) == set(RATING_COLUMNS)


def test_report_of_a_chosen_date_by_the_old_la_code(seeded_sqlite_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    out = tmp_path / "report.xlsx"
    assert main(["report", "--authority", "343", "--report-date", "2023-04-14", "--out", str(out)]) == 0
    assert "report of 14 April 2023" in one_line(capsys.readouterr().out)
    report, _ratings = fields_of(out)
    assert report["report_date"].date().isoformat() == "2023-04-14"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--authority", SEFTON, "--report-date", "2023-05-27"], "papers: Sefton has no submitted report dated 27 May"),
        (["--authority", "E09999999"], "papers: Unknown authority 'E09999999'. Known: E08000014 (Sefton), "),
    ],
)
def test_report_with_nothing_to_write_says_so_in_one_line(
    seeded_sqlite_url, tmp_path, monkeypatch, capsys, arguments, message
):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    out = tmp_path / "report.xlsx"
    assert main(["report", *arguments, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert one_line(captured.err).startswith(message)
    assert captured.out == ""
    assert not out.exists()


def test_report_of_a_council_with_no_report_yet(engine, database_url, tmp_path, capsys):
    load_programme(engine, build_programme(), "authority", "priority_areas")
    out = tmp_path / "report.xlsx"
    assert main(["report", "--authority", SEFTON, "--out", str(out), "--database-url", database_url]) == 1
    assert one_line(capsys.readouterr().err) == "papers: Sefton has no submitted report yet: nothing to write."


# ---------------------------------------------------------------------------------------------- board


def test_board_writes_the_paper_on_the_demo(chromium_path, seeded_sqlite_url, tmp_path):
    out = tmp_path / "board-paper.docx"
    result = subprocess.run(
        [sys.executable, "-m", "improvement.papers", "board", "--authority", SEFTON, "--out", str(out)]
        + ["--meeting-date", "2023-07-13", "--database-url", seeded_sqlite_url],
        cwd=REPO_ROOT,
        env={**os.environ, "BROWSER_PATH": chromium_path},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    said = one_line(result.stdout)
    assert said.startswith("Wrote the board paper for Sefton (changes since ")
    assert said.endswith(f") to {out}")
    document = Document(io.BytesIO(out.read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Meeting of the improvement board: 13 July 2023" in paragraphs
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == list(paper.HEADINGS)
    assert len(document.tables) >= 3  # ratings, risks, overdue milestones (and the digest when anything changed)
    assert len(document.inline_shapes) == 2


def test_board_of_a_council_with_nothing_loaded_says_so_in_one_line(engine, database_url, tmp_path, capsys):
    load_programme(engine, build_programme(), "authority")
    out = tmp_path / "board.docx"
    assert main(["board", "--authority", SEFTON, "--out", str(out), "--database-url", database_url]) == 1
    assert one_line(capsys.readouterr().err).startswith("papers: nothing is loaded for Sefton yet")
    assert not out.exists()


def test_board_on_an_empty_database_names_no_council(database_url, tmp_path, capsys):
    out = tmp_path / "board.docx"
    assert main(["board", "--authority", SEFTON, "--out", str(out), "--database-url", database_url]) == 1
    assert one_line(capsys.readouterr().err) == (
        "papers: The database holds no council yet: load the improvement plan or DfE's published statistics first "
        "(python -m loaders FILE...), or run `make run` for the demo data."
    )


# ---------------------------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["report", "--out", "x.xlsx"],  # no authority
        ["board", "--authority", SEFTON],  # no file
        ["board", "--authority", SEFTON, "--out", "x.docx", "--since", "13/07/2023"],
        ["minutes", "--authority", SEFTON, "--out", "x.docx"],
    ],
)
def test_bad_arguments_exit_2(arguments, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(arguments)
    assert exit_.value.code == 2
    assert "Traceback" not in capsys.readouterr().err

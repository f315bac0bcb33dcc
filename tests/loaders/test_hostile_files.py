"""Files that would exhaust the server, and files no kind can read: each refused at once with its own message, the
database left exactly as it was.

The zip bomb's memory is measured in a fresh Python process, two ways: its peak resident memory, imports included
(about 150 MB for the loaders, pandas and SQLAlchemy), from Linux's VmHWM in /proc/self/status, which bounds
everything the refusal needed (``resource.getrusage(RUSAGE_SELF).ru_maxrss`` would do, but Linux carries it over from
the parent across fork and exec, so under a big pytest worker it reports the worker's peak); and what Python itself
allocated during the refusal (``tracemalloc``). Unzipping the bomb's 3,000 MB sheet would need that much and more.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook

from improvement import briefing
from improvement.db import get_engine
from improvement.text import printable
from loaders.__main__ import main
from loaders.framework.limits import MAX_CELL_CHARACTERS, MAX_CSV_BYTES
from loaders.run import Source, load_source
from tests.support.environment import REPO_ROOT
from tests.support.loading import (
    CASELOADS,
    CASELOADS_HEADER,
    csv_file,
    load,
    refused_with,
    table_counts,
    workbook_file,
    xlsx,
)
from tests.support.zip_bomb import zip_bomb

SAVE_AS = "(in Excel: File, Save As, 'CSV UTF-8 (Comma delimited) (*.csv)')"
CHOOSE = "or choose its kind (--kind on the command line, the kind list on the Data page)"
CORRECT = f"correct the file (see the templates in data/templates/), {CHOOSE}"
PEAK_MEMORY_MB = 300

REFUSE_IN_A_SUBPROCESS = """
import json, re, sys, time, tracemalloc
from pathlib import Path
from improvement.db import get_engine
from loaders.run import Source, load_source
engine = get_engine()
tracemalloc.start()
started = time.perf_counter()
result = load_source(engine, Source.from_path(sys.argv[1]))
seconds = time.perf_counter() - started
allocated_mb = tracemalloc.get_traced_memory()[1] / 1e6
peak_mb = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)) / 1024
print(json.dumps({"problems": [str(p) for p in result.problems], "seconds": seconds, "peak_mb": peak_mb,
                  "allocated_mb": allocated_mb}))
"""


# --- files that would exhaust the server ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> str:
    """A 3 MB workbook whose sheet unzips to 3,000 MB (3,000 rows of a 1 MB cell)."""
    path = tmp_path_factory.mktemp("bomb") / "report.xlsx"
    path.write_bytes(zip_bomb(rows=3000))
    return str(path)


def test_the_zip_bomb_is_a_real_workbook():
    """A small one of the same make opens in openpyxl, so the big one is no broken file refused by luck."""
    sheet = load_workbook(io.BytesIO(zip_bomb(rows=3)), read_only=True)["Sheet1"]
    assert [len(row[0]) for row in sheet.iter_rows(values_only=True)] == [1_000_000] * 3
    members = zipfile.ZipFile(io.BytesIO(zip_bomb(rows=3))).infolist()
    assert sum(member.file_size for member in members) > 3_000_000


def test_a_zip_bomb_is_refused_at_once_in_little_memory(bomb, database_url):
    assert os.path.getsize(bomb) < 4_000_000
    before = table_counts_at(database_url)

    done = subprocess.run(
        [sys.executable, "-c", REFUSE_IN_A_SUBPROCESS, bomb],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    refused = json.loads(done.stdout)
    assert refused["problems"] == [
        "report.xlsx: unzips to 3,000 MB: a workbook may unzip to at most 500 MB; split it into smaller workbooks, "
        "or save the sheets to load as CSV files"
    ]
    assert refused["seconds"] < 5, refused
    assert refused["peak_mb"] < PEAK_MEMORY_MB, refused
    assert refused["allocated_mb"] < 20, refused  # the 3 MB file read, and little more
    assert table_counts_at(database_url) == before


def test_a_workbook_that_unzips_a_thousand_times_its_size_is_refused(engine):
    assert refused_with(engine, "report.xlsx", zip_bomb(rows=20)) == [
        "report.xlsx: unzips to 20 MB from 22 KB, 927 times its size: a workbook may unzip to at most 100 times "
        "its size (Excel's unzip to about 4 to 10 times), so this is not a workbook Excel saved; open it in Excel "
        "and save it again"
    ]


def test_a_file_name_too_long_for_the_load_history_is_refused_not_cut(engine):
    name = "caseloads " + "x" * 300 + ".csv"
    before = table_counts(engine)

    assert refused_with(engine, name, CASELOADS) == [
        f"{name[:57]}...: the file's name is {len(name)} characters long; at most 300 fit in the load history: "
        "rename the file"
    ]
    assert table_counts(engine) == before


def test_a_csv_file_over_the_size_limit_is_refused_before_it_is_parsed(engine):
    rows = (MAX_CSV_BYTES // len(b"E08000014,Team,2023-07-01,1,1,0,0\n")) + 1000
    content = (CASELOADS_HEADER + "\n").encode() + b"E08000014,Team,2023-07-01,1,1,0,0\n" * rows

    assert refused_with(engine, "caseloads.csv", content) == [
        "caseloads.csv: is 50 MB: a CSV file may be at most 50 MB; split it into smaller files (for DfE statistics, "
        "download only the local authority rows or the years you need)"
    ]


def test_the_command_line_refuses_a_file_too_big_without_reading_it(tmp_path, database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    big = tmp_path / "caseloads.csv"
    with big.open("wb") as file:
        file.truncate(60_000_000)  # sparse: nothing to read, nothing in memory
    before = table_counts_at(database_url)

    status = main([str(big)])

    assert status == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{big}: REFUSED: is 60 MB: a CSV file may be at most 50 MB; split it into smaller files (for DfE "
        "statistics, download only the local authority rows or the years you need)",
        "Files: 0 loaded, 0 unchanged, 1 refused, 0 skipped.",
    ]
    assert table_counts_at(database_url) == before


def test_an_over_long_csv_cell_is_refused_naming_its_row_and_column(engine):
    long_team = "x" * 200_000
    content = csv_file(
        CASELOADS_HEADER, "E08000014,North,2023-07-01,9,150,2,1", f"E08000014,{long_team},2023-07-01,9,1,2,1"
    )

    assert refused_with(engine, "caseloads.csv", content) == [
        f"caseloads.csv, row 3, column 'team': this cell holds 200,000 characters: a cell may hold at most "
        f"{MAX_CELL_CHARACTERS:,}; shorten it, or close the quote opened in it (an unclosed quote runs the rest of "
        "the file into one cell)"
    ]


# --- files no kind can read ----------------------------------------------------------------------------------

UTF16 = "is saved as UTF-16 text (Excel's 'Unicode Text'): save it as CSV " + SAVE_AS
NOT_A_WORKBOOK = "is not an Excel workbook (.xlsx) that can be opened; save it again from Excel as .xlsx"


def _no_sheets() -> bytes:
    """A workbook whose workbook part lists no sheet (Excel never saves one; a tool can)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx({"caseloads": [["team"]]}))) as source, zipfile.ZipFile(buffer, "w") as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheet [^>]*/>", b"", data)  # however the writer spaced it (lxml or not)
            out.writestr(member, data)
    return buffer.getvalue()


def _word_document() -> bytes:
    """A zip that is an Office file, but a Word document, not a workbook."""
    relations = "http://schemas.openxmlformats.org/package/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as document:
        document.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{relations}"><Relationship Id="rId1" Target="word/document.xml" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
        )
        document.writestr("word/document.xml", '<document xmlns="http://schemas.openxmlformats.org/wordprocessingml"/>')
        document.writestr("word/_rels/document.xml.rels", f'<Relationships xmlns="{relations}"/>')
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("caseloads.csv", b"", "the file is empty: it needs a header row and at least one row of data"),
        ("caseloads.csv", b" \r\n\r\n", "the file is empty: it needs a header row and at least one row of data"),
        ("caseloads.csv", CASELOADS.decode().encode("utf-16"), UTF16),
        ("caseloads.csv", CASELOADS.decode().encode("utf-16-le"), UTF16),  # no byte-order mark
        (
            "caseloads.csv",
            CASELOADS.replace(b"Disabled", b"Dis\x81bled"),
            "is not text in UTF-8 or Windows-1252 (cp1252), the two encodings tried: the byte 0x81 on line 4 is "
            f"neither; save it as CSV UTF-8 {SAVE_AS}",
        ),
        (
            "caseloads.csv",
            CASELOADS.replace(b",", b";"),
            f"is separated by semicolons, not commas: save it as comma-separated CSV {SAVE_AS}",
        ),
        (
            "caseloads.csv",
            CASELOADS.replace(b",", b"\t"),
            f"is separated by tabs, not commas: save it as comma-separated CSV {SAVE_AS}",
        ),
        (
            "caseloads.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "is not a text (CSV) file: it holds binary data; load CSV text or an .xlsx workbook",
        ),
        (
            "caseloads.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "is an Excel 97-2003 workbook (.xls) or a workbook saved with a password, which cannot be read: open it "
            "in Excel and save it as an Excel Workbook (.xlsx) without a password",
        ),
        ("caseloads.xlsx", workbook_file({"caseloads": [["team"]]})[:-200], NOT_A_WORKBOOK),  # cut short
        ("caseloads.xlsx", b"PK\x03\x04 not really a zip", NOT_A_WORKBOOK),
        ("caseloads.xlsx", _word_document(), NOT_A_WORKBOOK),
        ("caseloads.xlsx", _no_sheets(), "is a workbook with no sheets: open it in Excel, add the sheets and save it"),
    ],
    ids=[
        "empty",
        "blank lines",
        "utf-16",
        "utf-16 without bom",
        "neither utf-8 nor cp1252",
        "semicolons",
        "tabs",
        "binary",
        "old xls",
        "truncated workbook",
        "corrupt workbook",
        "word document",
        "no sheets",
    ],
)
def test_a_file_no_kind_can_read_gets_its_own_message(engine, name, content, message):
    assert refused_with(engine, name, content) == [f"{name}: {message}"]
    assert refused_with(engine, name, content, kind="caseloads") == [f"{name}: {message}"]  # whatever kind is chosen


def test_an_empty_workbook_is_called_empty(engine):
    assert refused_with(engine, "caseloads.xlsx", xlsx({"Sheet1": [], "Sheet2": [[None, "  "]]})) == [
        "caseloads.xlsx: the workbook is empty: its sheets ('Sheet1', 'Sheet2') hold nothing; fill in a template from "
        "data/templates/"
    ]


def test_a_windows_1252_csv_still_loads(seeded_engine):
    result = load(seeded_engine, "caseloads.csv", CASELOADS.replace(b"Disabled Children", b"Enfants d\xe9sactiv\xe9s"))
    assert result.ok, result.summary()
    assert str(result.changes.tables["caseload"]) == "caseload: 3 added, 0 changed, 0 unchanged"


def test_a_neighbours_file_that_is_not_text_is_refused_saying_how_to_save_it(engine):
    content = b"LA num,LA Name,SN1,SNP\n343,Sefton\x9d,344,0.9\n"
    expected = [
        "neighbours.csv: is not text in UTF-8 or Windows-1252 (cp1252), the two encodings tried: the byte 0x9D on "
        f"line 2 is neither; save it as CSV UTF-8 {SAVE_AS}"
    ]

    assert refused_with(engine, "neighbours.csv", content) == expected
    assert refused_with(engine, "neighbours.csv", content, kind="statistical_neighbours") == expected


# --- no kind recognises it: the closest kind, and what is missing or extra -------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "closest"),
    [
        (
            "caseloads.csv",
            CASELOADS.replace(b",team,", b",teem,"),
            "caseloads; missing column 'team'; unexpected column 'teem'",
        ),
        (
            "caseloads.csv",
            CASELOADS.replace(b",agency_fte,vacancies_fte", b",agency,vacancies,worker_name"),
            "caseloads; missing columns 'agency_fte', 'vacancies_fte'; unexpected columns 'agency', 'vacancies', "
            "'worker_name'",
        ),
        (
            "statistics.csv",
            b"time_period,geographic_level,country_code,rate\n2023,National,E92000001,15.2\n",
            "dfe_statistics; missing column 'time_identifier'",
        ),
        (
            "caseloads.xlsx",
            xlsx({"Sheet1": [CASELOADS_HEADER.replace("team", "teem").split(","), ["E08000014", "A", "2023-07-01"]]}),
            "caseloads (its columns are on the sheet 'Sheet1', which must be named 'caseloads'); missing column "
            "'team'; unexpected column 'teem'",
        ),
        (
            "risks.xlsx",
            xlsx({"Risks": [["reference"], ["R1"]], "Risk reviews": [["risk_reference"], ["R1"]]}),
            "risks; missing sheets 'risks', 'risk_reviews'; unexpected sheets 'Risks', 'Risk reviews'",
        ),
    ],
    ids=["renamed column", "missing and extra columns", "dfe statistics", "sheet1", "sheet names"],
)
def test_an_unrecognised_file_is_told_its_closest_kind(engine, name, content, closest):
    assert refused_with(engine, name, content) == [
        f"{name}: could not tell what kind of file this is: closest kind: {closest}; {CORRECT}"
    ]


def test_a_file_like_no_kind_lists_every_kind(engine):
    [problem] = refused_with(engine, "mystery.csv", b"a,b\n1,2\n")
    assert problem.startswith(
        "mystery.csv: could not tell what kind of file this is from its columns or sheet names; start from a "
        f"template in data/templates/, {CHOOSE}: improvement_plan, rag_report, annex_a, dfe_statistics"
    )


# --- control characters never reach a message or the terminal ----------------------------------------------------


def test_printable_keeps_tabs_and_line_breaks_and_drops_every_control_character():
    hostile = "a\tb\nc\x1b[2J\rd\x07e\x08f\x7fg\x9bh\u202ei\u2066j\x00k"
    assert printable(hostile) == "a\tb\nc[2Jdefghijk"


def test_control_characters_in_a_file_are_never_echoed(engine):
    name = "case\x1b[31mloads\r.csv"
    content = CASELOADS.replace(b",team,", b",te\x07am\x1b[2J,")

    [problem] = refused_with(engine, name, content)

    assert problem == (
        "case[31mloads.csv: could not tell what kind of file this is: closest kind: caseloads; missing column "
        f"'team'; unexpected column 'team[2J'; {CORRECT}"
    )
    summary = load_source(engine, Source(name, content)).summary()
    assert not any(character in summary for character in "\x1b\r\x07")


def test_a_load_notes_names_without_their_control_characters(engine, capsys, tmp_path, monkeypatch):
    """A neighbours file naming a council with escape sequences: the load's note lists it, cleaned."""
    path = tmp_path / "neighbours.csv"
    ranks = ",".join(f"SN{rank},SNP" for rank in range(1, 11))
    path.write_bytes(f"LA num,LA Name,{ranks}\n999,\x1b]0;owned\x07Nowhere\x1b[2J,".encode() + b"344,0.9," * 10 + b"\n")
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))

    assert main([str(path)]) == 0

    out = capsys.readouterr().out
    assert "999 ]0;ownedNowhere[2J" in out
    assert not any(character in out for character in "\x1b\x07\r")


def test_a_name_stored_with_control_characters_is_echoed_without_them(engine, capsys, tmp_path, monkeypatch):
    """A council registered from a DfE file with an escape sequence in its name; the briefing command lists the
    councils it knows when asked for one it does not."""
    statistics = (
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,"
        "new_la_code,la_name,rate\n2023,Reporting year,Local authority,E92000001,England,E12000002,North West,343,"
        "E08000014,Sef\x1b[2J\x1b]0;owned\x07ton,15.9\n"
    )
    assert load(engine, "csww.csv", statistics.encode()).ok
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))

    assert briefing.main(["--out", str(tmp_path), "--authority", "999"]) == 2

    assert capsys.readouterr().err == "briefing: Unknown authority '999'. Known: E08000014 (Sef[2J]0;ownedton).\n"


def table_counts_at(url: str) -> dict[str, int]:
    return table_counts(get_engine(url))

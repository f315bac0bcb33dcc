"""The briefing pack's contents (improvement.pack), its command line (improvement.briefing), the Briefing pack page,
the briefing view (``?view=briefing``) and the image buttons under every chart.

What the pack holds is checked against the stored rows on SQLite and PostgreSQL; rendering needs Chromium
(``chromium_path``: skipped locally without it, failed under CI).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

import dashboard
from improvement import briefing, exports, pack
from improvement.charting import ChartContext
from improvement.ui.briefing import BRIEFING, VIEW_KEY
from loaders.run import Source, load_source
from tests.support.realdata import REALDATA, needs_realdata

REPO_ROOT = Path(dashboard.__file__).resolve().parent
ENTRY = str(REPO_ROOT / "dashboard.py")
SEFTON = "E08000014"
MARKING = "OFFICIAL-SENSITIVE"

SEFTON_ID = "(SELECT id FROM authority WHERE code = 'E08000014')"  # the demo holds six invented councils too


def board(database_url: str):
    from improvement.ui.data import board_data

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_url)
        return board_data(SEFTON)


def context_for(data) -> ChartContext:
    return ChartContext(data.authority_name, data.as_at, MARKING, data.synthetic)


def stored_measures_by_area(url: str) -> dict[str, list[str]]:
    """Straight from the database: each priority area's plan measures."""
    statement = sa.text(
        "SELECT pa.code, m.code FROM plan_measure pm JOIN priority_area pa ON pa.id = pm.priority_area_id "
        f"JOIN measure m ON m.id = pm.measure_id WHERE pm.authority_id = {SEFTON_ID}"
    )
    result: dict[str, list[str]] = {}
    with sa.create_engine(url).connect() as connection:
        for area, measure in connection.execute(statement):
            result.setdefault(area, []).append(measure)
    return result


def stored_busiest_team(url: str) -> str:
    """Straight from the database: the team with the most children per case-holding FTE in the newest month."""
    statement = sa.text(
        f"SELECT team FROM caseload WHERE authority_id = {SEFTON_ID} "
        f"AND period = (SELECT MAX(period) FROM caseload WHERE authority_id = {SEFTON_ID}) "
        "ORDER BY children_allocated / case_holding_fte DESC LIMIT 1"
    )
    with sa.create_engine(url).connect() as connection:
        return connection.scalar(statement)


# ---------------------------------------------------------------------------------------------- what a pack holds


def test_briefing_charts_hold_the_overview_rag_each_areas_measures_and_caseloads(seeded_database_url):
    data = board(seeded_database_url)
    charts = pack.briefing_charts(data, context_for(data))
    names = [chart.name for chart in charts]

    measures = stored_measures_by_area(seeded_database_url)
    all_measures = {code for codes in measures.values() for code in codes}
    assert names[:2] == ["headline-progress", "rag-history"]
    assert {name.removeprefix("trajectory-") for name in names[2:-2]} == all_measures
    assert len(names) == 2 + len(all_measures) + 2
    assert names[-2:] == [f"caseload-{stored_busiest_team(seeded_database_url)}", "staffing-rates"]
    assert len(set(names)) == len(names)
    for chart in charts:
        assert MARKING in chart.caption and "SYNTHETIC DEMO DATA" in chart.caption and chart.alt_text


def test_briefing_charts_for_chosen_areas_show_only_their_measures(seeded_database_url):
    data = board(seeded_database_url)
    charts = pack.briefing_charts(data, context_for(data), ["PA2", "PA1"])

    measures = stored_measures_by_area(seeded_database_url)
    trajectories = [c.name.removeprefix("trajectory-") for c in charts if c.name.startswith("trajectory-")]
    assert trajectories == sorted(trajectories, key=lambda code: code not in measures["PA1"])  # plan order: PA1 first
    assert set(trajectories) == set(measures["PA1"]) | set(measures["PA2"])
    rag = next(c for c in charts if c.name == "rag-history")
    assert "2 priority areas" in rag.alt_text and "PA1" in rag.alt_text and "AFI3" not in rag.alt_text


def test_an_unknown_priority_area_is_refused_by_name(seeded_sqlite_url):
    data = board(seeded_sqlite_url)
    with pytest.raises(ValueError, match=r"Unknown priority area\(s\): PA9\. This authority has: PA1, PA2, AFI3"):
        pack.briefing_charts(data, context_for(data), ["PA1", "PA9"])


# ---------------------------------------------------------------------------------------------- command line


def test_cli_writes_the_pdf_and_the_zip_of_pngs(chromium_path, seeded_sqlite_url, tmp_path):
    out = tmp_path / "pack"
    result = subprocess.run(
        [sys.executable, "-m", "improvement.briefing", "--out", str(out)],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": seeded_sqlite_url, "BROWSER_PATH": chromium_path},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = out / "briefing-pack-sefton-2023-06-30.pdf"
    archive = out / "briefing-pack-sefton-2023-06-30-charts.zip"
    assert result.stdout.splitlines()[1:] == [str(pdf), str(archive)]

    expected = pack.briefing_charts(board(seeded_sqlite_url), context_for(board(seeded_sqlite_url)))
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.namelist() == [f"{n:02d}-{exports.file_stem(c.name)}.png" for n, c in enumerate(expected, 1)]
    reader = PdfReader(pdf)
    contents_pages = -(-len(expected) // exports.CONTENTS_PER_PAGE)
    assert len(reader.pages) == 1 + contents_pages + len(expected)
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Improvement plan briefing pack Sefton Data as at 30 June 2023" in first
    assert result.stdout.startswith(f"{len(expected)} charts in ")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--authority", "999"],
            "briefing: Unknown authority '999'. Known: E08000014 (Sefton), E06099901 (Stourmere (synthetic)), "
            "E06099902 (Thornvale (synthetic)), E06099903 (Tidewell (synthetic)), E06099904 (Ulverdale (synthetic)), "
            "E06099905 (Wrenbridge (synthetic)), E06099906 (Yarrowby (synthetic)).",
        ),
        (["--areas", "PA1,ZZ"], "briefing: Unknown priority area(s): ZZ. This authority has: PA1, PA2, AFI3"),
    ],
)
def test_cli_refuses_an_unknown_authority_or_area(seeded_sqlite_url, monkeypatch, capsys, tmp_path, arguments, message):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    assert briefing.main(["--out", str(tmp_path / "pack"), *arguments]) == 2
    assert capsys.readouterr().err.startswith(message)
    assert not (tmp_path / "pack").exists()


def test_cli_on_an_empty_database_says_what_to_do(database_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert briefing.main(["--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "briefing: The database holds no council yet: load the improvement plan or DfE's published statistics "
        "first (python -m loaders FILE...), or run `make run` for the demo data.\n"
    )


def test_cli_on_a_database_that_does_not_exist_yet_creates_it_and_says_in_one_line_there_is_no_data(tmp_path):
    """As on a fresh clone, before anything else has run: no traceback, one line, a non-zero exit."""
    database = tmp_path / "new" / "dashboard.sqlite"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    done = subprocess.run(
        [sys.executable, "-m", "improvement.briefing", "--out", str(tmp_path / "out")],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "briefing: The database holds no council yet: load the improvement plan or DfE's published statistics "
        "first (python -m loaders FILE...), or run `make run` for the demo data."
    ]
    with sa.create_engine(f"sqlite:///{database}").connect() as connection:  # created and migrated
        assert connection.scalar(sa.text("SELECT count(*) FROM load")) == 0


@needs_realdata
def test_cli_with_only_published_statistics_says_there_is_nothing_to_chart(database_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    from improvement.db import get_engine

    assert load_source(get_engine(database_url), Source.from_path(REALDATA / "csww_indicators_2017_to_2025.csv")).ok
    assert briefing.main(["--out", str(tmp_path), "--authority", "343"]) == 2
    assert capsys.readouterr().err.startswith("briefing: Nothing to chart for Sefton: load its improvement plan")


def test_cli_accepts_the_old_la_code(seeded_sqlite_url):
    from improvement import queries
    from improvement.db import get_engine

    listed = queries.authority_contents(get_engine(seeded_sqlite_url))
    assert briefing.find_authority(listed, "343") == SEFTON
    assert briefing.find_authority(listed, None) == SEFTON


# ---------------------------------------------------------------------------------------------- the app


@pytest.fixture
def app(seeded_sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)

    def open_app(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(ENTRY, default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page)
            for key, value in query.items():
                at.query_params[key] = value
            at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return open_app


def banners(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith('<div class="briefing-banner"')]


def test_briefing_view_by_url_shows_marking_authority_and_date_and_hides_the_clutter(app):
    at = app(view=BRIEFING)

    top, bottom = banners(at)
    assert top == bottom
    for expected in (f"<strong>{MARKING}</strong>", "Sefton", "Data as at 30 June 2023", "SYNTHETIC DEMO DATA"):
        assert expected in top
    css = next(m.value for m in at.markdown if m.value.lstrip().startswith("<style>"))
    assert '[data-testid="stSidebar"]' in css and '[data-testid="stToolbar"]' in css and "width: 1200px" in css
    assert at.markdown[0].value.lstrip().startswith("<style>")  # before the page, so nothing flashes
    assert at.title[0].value == "Overview"


def test_briefing_view_button_turns_it_on_and_leave_turns_it_off(app):
    at = app()
    assert not banners(at)
    at.sidebar.button(key="briefing-view-on").click().run()
    assert at.query_params[VIEW_KEY] == BRIEFING
    assert len(banners(at)) == 2

    at.button(key="briefing-view-off").click().run()
    assert VIEW_KEY not in at.query_params
    assert not banners(at)


def test_every_chart_offers_png_and_svg_downloads(app):
    at = app("pages/rag_history.py")
    labels = {button.proto.label for button in at.get("download_button")}
    assert {"Download image (PNG)", "Download image (SVG)", "Download as CSV"} <= labels


def test_briefing_pack_page_builds_the_pack_of_the_ticked_charts(chromium_path, app, seeded_sqlite_url):
    at = app("pages/briefing_pack.py")
    data = board(seeded_sqlite_url)
    catalogue = pack.briefing_charts(data, context_for(data))
    assert [box.label for box in at.checkbox if box.key.startswith("pack-chart-")] == [
        f"{n}. {c.title}" for n, c in enumerate(catalogue, start=1)
    ]

    at.multiselect(key="pack-areas").set_value(["PA1"]).run()
    only_pa1 = pack.briefing_charts(data, context_for(data), ["PA1"])
    assert [box.label for box in at.checkbox if box.key.startswith("pack-chart-")] == [
        f"{n}. {c.title}" for n, c in enumerate(only_pa1, start=1)
    ]
    for chart in only_pa1[2:]:
        at.checkbox(key=f"pack-chart-{chart.name}").uncheck()
    at.run()
    assert at.button(key="pack-build").proto.label == "Build the briefing pack (2 charts)"

    at.button(key="pack-build").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "Pack ready: 2 charts for Sefton, data as at 30 June 2023."
    assert {button.proto.label for button in at.get("download_button")} >= {
        "Download the PDF",
        "Download the PNGs (zip)",
    }
    (built,) = at.session_state["pack-built"].values()
    assert built.png_names == ("01-headline-progress.png", "02-rag-history.png")
    assert len(PdfReader(io.BytesIO(built.pdf)).pages) == 2 + 2

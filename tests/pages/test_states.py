"""Every registered page on every state a real council's database passes through, built through the loaders.

A council does not load everything at once: first DfE's published statistics, perhaps only an authority and an
Annex A extract, a plan before its actuals, reports before measures. Each state below is built the way a user
builds it (``loaders.run.load_source`` on the real files in ../shared/realdata and on the demo programme written
as the files a council loads, ``loaders.demo_files``), and every page registered in ``dashboard.SECTIONS`` is
rendered on it with AppTest: a page added to the navigation is checked here on every state at once.

On every state, every page must: run without an exception; show its title; never say "Data as at —" when
something dated is loaded; show what the data supports (a chart, a table, a figure) or say plainly what to load,
with a link to the Data page; and never print a Python artefact ("nan", "None", "NaT") or the day of a load as
the date of the figures. Each state then has its own checks of what the pages say.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from improvement.db import get_engine, migrate
from improvement.demo import AuthoritySpec, build_programme
from improvement.ui import table_layout
from loaders import demo_files
from loaders.run import Source, load_source
from loaders.seed import prepare_database
from tests.support.apptest import open_every_page
from tests.support.realdata import REALDATA, needs_realdata

PUBLISHED = [
    "csww_indicators_2017_to_2025.csv",
    "b1_children_in_need_2013_to_2025.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "d5_cpps_at31march_by_duration_2013_to_2025.csv",
]
NEIGHBOURS = "New_Statistical_Neighbour_Groupings_April_2021.csv"
ANNEX_A = "annex_a_sample_liia_tools.xlsx"
SEFTON, WIRRAL = "E08000014", "E08000015"
GUIDANCE = {spec.url_path for spec in dashboard.SECTIONS["About"]}  # text for everyone, whatever is loaded
TODAY = f"{dt.date.today().day} {dt.date.today():%B %Y}"  # the day of every load here: never a data-as-at date
ARTEFACT = re.compile(r"\b(nan|NaN|NaT|None(?! of))\b")  # "None of it..." is English
# The columns that carry a table's finding (beside its first column, the thing named): in view without scrolling.
FINDINGS = {
    "Trajectory",
    "On trajectory",
    "Forecast to reach target",
    "Judgement",
    "Latest rating",
    "Rating",
    "Rating at end",
    "Movement",
    "Does the rating match the data?",
    "Status",
    "State",
    "Due",
    "Days from data as at",
    "Against due date",
    "Overdue at window end",
    "Score",
    "Score at window end",
    "End: on trajectory",
    "Outcome",
}


# --- building the states through the loaders ---------------------------------------------------------------------


def load(engine, name: str, content: bytes, **options: str) -> None:
    result = load_source(engine, Source(name, content), options=options or None)
    assert result.ok, result.summary()


def load_real(engine, *names: str, **options: str) -> None:
    for name in names:
        load(engine, name, (REALDATA / name).read_bytes(), **options)


def load_demo(engine, *groups: str, authority: AuthoritySpec | None = None) -> None:
    programme = build_programme() if authority is None else build_programme(authority, seed=7)
    for name, content in demo_files.files_of(programme, *groups).items():
        load(engine, name, content)


PLAN_BASE = ("authority", "priority_areas")


def empty(engine) -> None:
    """Nothing loaded at all (a deployment that does not seed the demo)."""


def published_only(engine) -> None:
    load_real(engine, *PUBLISHED)


def published_and_neighbours(engine) -> None:
    """DfE's statistics and neighbours: every council registered, none with a plan."""
    load_real(engine, *PUBLISHED, NEIGHBOURS)


def authority_only(engine) -> None:
    """A council's row and nothing else (as a hand-written authority table leaves it)."""
    load_demo(engine, "authority")


def authority_and_annex_a(engine) -> None:
    load_demo(engine, "authority")
    load_real(engine, ANNEX_A, authority=SEFTON, extract_date="2023-03-31")


def plan_without_actuals(engine) -> None:
    load_demo(engine, demo_files.PLAN)


def actuals_without_plan(engine) -> None:
    """The measure catalogue and its monthly figures, but no priority areas, plan measures or trajectories."""
    load_demo(engine, "authority", "measures", "measure_actuals")


def reports_without_measures(engine) -> None:
    load_demo(engine, *PLAN_BASE, demo_files.REPORTS)


def caseloads_without_targets(engine) -> None:
    load_demo(engine, *PLAN_BASE, "measures", "plan_measures", "caseloads")


def demo_and_real_files(engine) -> None:
    """What `make run` seeds, then every real file a user brings."""
    prepare_database(engine)
    load_real(engine, *PUBLISHED, NEIGHBOURS)
    load_real(engine, ANNEX_A, authority=SEFTON, extract_date="2023-03-31")


def two_councils_one_plan(engine) -> None:
    load_demo(engine, *demo_files.GROUPS)
    load_demo(
        engine, "authority", "caseloads", "meetings", authority=AuthoritySpec(WIRRAL, "344", "Wirral", "North West")
    )


STATES: dict[str, Callable] = {
    "empty": empty,
    "published_only": published_only,
    "published_and_neighbours": published_and_neighbours,
    "authority_only": authority_only,
    "authority_and_annex_a": authority_and_annex_a,
    "plan_without_actuals": plan_without_actuals,
    "actuals_without_plan": actuals_without_plan,
    "reports_without_measures": reports_without_measures,
    "caseloads_without_targets": caseloads_without_targets,
    "demo_and_real_files": demo_and_real_files,
    "two_councils_one_plan": two_councils_one_plan,
}


@pytest.fixture(scope="session")
def state_databases(tmp_path_factory) -> Iterator[Callable[[str], str]]:
    """A function giving a fresh copy of a state's SQLite database, each state built once per worker."""
    folder = tmp_path_factory.mktemp("states")
    built: dict[str, Path] = {}

    def copy_of(state: str) -> str:
        if state not in built:
            path = folder / f"{state}.sqlite"
            engine = get_engine(f"sqlite:///{path}")
            migrate(engine)
            STATES[state](engine)
            engine.dispose()
            built[state] = path
        copy = folder / f"{state}-{len(list(folder.iterdir()))}.sqlite"
        shutil.copyfile(built[state], copy)
        return f"sqlite:///{copy}"

    yield copy_of


# --- what a user reads -------------------------------------------------------------------------------------------


def texts(app: AppTest) -> list[str]:
    """Every text on the page a user reads: headings, Markdown, notes, captions, metric labels and values."""
    found = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        found += [str(element.value) for element in getattr(app, kind)]
    found += [f"{metric.label} {metric.value}" for metric in app.metric]
    return found


def chart_texts(app: AppTest) -> list[str]:
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    return [
        " ".join(
            [spec["layout"]["title"]["text"], *(a.get("text", "") for a in spec["layout"].get("annotations", []))]
        ).replace("<br>", " ")
        for spec in specs
    ]


def tables(app: AppTest) -> list:
    return [frame.value for frame in app.dataframe]


def shows_something(app: AppTest) -> bool:
    """A chart, a table or a figure, or a sentence naming what to load with a link to the Data page."""
    asks = any("on the Data page" in info.value for info in app.info) and any(
        "Data page" in str(link.proto.label) for link in app.get("page_link")
    )
    return bool(app.get("plotly_chart") or app.dataframe or app.metric or app.get("html") or app.checkbox or asks)


def check_every_page(database_url: str, monkeypatch, authority: str | None = None) -> dict[str, dict]:
    """The checks every page passes on every state; returns what each page showed, for the state's own checks."""
    shown = {}
    for spec, app in open_every_page(database_url, monkeypatch, authority):
        where = f"{spec.url_path} ({authority or 'default authority'})"
        assert not app.exception, f"{where}: {[e.message for e in app.exception]}"
        assert [title.value for title in app.title] == [spec.title], where
        words = texts(app)
        joined = "\n".join(words)
        assert "Data as at —" not in joined and "Data as at **—**" not in joined, where
        found = ARTEFACT.search(joined)
        assert not found, f"{where}: {found.group(0)!r} in ...{joined[max(found.start() - 300, 0) : found.end() + 80]}"
        for chart in chart_texts(app):
            assert TODAY not in chart, f"{where}: a chart dated by the day of the load: {chart}"
            assert "Data as at —" not in chart and not ARTEFACT.search(chart), f"{where}: {chart}"
        for frame in tables(app):
            cells = " ".join(frame.astype(str).to_numpy().ravel().tolist())
            assert not ARTEFACT.search(cells), f"{where}: {ARTEFACT.search(cells).group(0)!r} in a table: {cells[:500]}"
        check_tables_read_at_a_glance(app, where)
        if spec.url_path in GUIDANCE:
            assert sum(len(str(m.value)) for m in app.markdown) > 500, f"{where}: the guidance is missing"
        else:
            assert shows_something(app), f"{where}: shows nothing and does not say what to load"
        shown[spec.url_path] = {
            "texts": words,
            "charts": chart_texts(app),
            "tables": tables(app),
            "selectboxes": {box.label: box.options for box in app.selectbox},
        }
    return shown


def check_tables_read_at_a_glance(app: AppTest, where: str) -> None:
    """In a 1280-pixel window, each table's first column and its finding columns are in view without scrolling,
    and a table whose cells are cut short has their full text in an expander."""
    full_text = [e for e in app.expander if str(e.label).startswith("Show the full text")]
    for element in app.dataframe:
        columns = list(element.value.columns)
        configured = json.loads(element.proto.columns)
        widths = {column: configured.get(str(column), {}).get("width") for column in columns}
        assert all(widths.values()), f"{where}: a column has no width in {widths}"
        edges = table_layout.right_edges(widths)
        out_of_view = [
            column
            for column in columns
            if (column == columns[0] or column in FINDINGS) and edges[column] > table_layout.READING_WIDTH_PX
        ]
        assert not out_of_view, f"{where}: {out_of_view} out of view at 1280 pixels in {list(edges.items())}"
        shortened = table_layout.shortened_columns(element.value)
        if shortened:
            assert any(", ".join(shortened) in str(e.label) for e in full_text), f"{where}: {shortened} cut short"


# --- every state ---------------------------------------------------------------------------------------------------


USES_REALDATA = {
    "published_only",
    "published_and_neighbours",
    "authority_and_annex_a",
    "demo_and_real_files",
}


@pytest.mark.parametrize(
    "state", [pytest.param(state, marks=[needs_realdata] if state in USES_REALDATA else []) for state in STATES]
)
def test_every_page_works_on_every_state(state, state_databases, monkeypatch):
    url = state_databases(state)
    shown = check_every_page(url, monkeypatch)
    CHECKS[state](shown, url, monkeypatch)


def header(shown: dict, page: str = "overview") -> str:
    return next(text for text in shown[page]["texts"] if "Data as at" in text or "Nothing dated" in text)


def table_with(shown: dict, page: str, column: str):
    return next(frame for frame in shown[page]["tables"] if column in frame.columns)


def said(shown: dict, page: str) -> str:
    return "\n".join(shown[page]["texts"])


def check_empty(shown, url, monkeypatch) -> None:
    assert "Nothing is loaded yet for any council" in said(shown, "overview")
    for page in ("overview", "trajectories", "caseloads", "risks"):
        assert "To see it, load" in said(shown, page)
    assert "Load files" in said(shown, "data")  # the Data page works with nothing loaded


def check_published_only(shown, url, monkeypatch) -> None:
    # The council the app opens on has no plan: its header dates the published figures, never the load.
    assert "DfE published statistics only" in header(shown)
    summary = table_with(shown, "overview", "England")
    caseload = summary[summary["Measure"] == "Social worker caseload"].iloc[0]
    assert caseload["England"] == "15.2" and caseload["Data as at"] == "30 September 2025"
    assert "Only DfE's published statistics are loaded" in said(shown, "overview")
    # Sefton's own published figures, checked against DfE's release.
    sefton = check_every_page(url, monkeypatch, SEFTON)
    assert header(sefton) == (
        "**Sefton** · Data as at **30 September 2025 (DfE published statistics only)** · `OFFICIAL-SENSITIVE`"
    )
    figures = table_with(sefton, "overview", "England").set_index("Measure")
    assert figures.loc["Social worker caseload", "Sefton"] == "15.9"
    assert figures.loc["Agency worker rate", "Sefton"] == "24.6%"
    assert figures.loc["Vacancy rate", "Sefton"] == "31.5%"
    assert figures.loc["Repeat CP plans", ["Sefton", "England", "Data as at"]].tolist() == [
        "25.4%",
        "24.5%",
        "31 March 2025",
    ]
    charts = sefton["caseloads"]["charts"]
    assert any("Sefton social worker caseload 15.9 in 2025, above England's 15.2" in chart for chart in charts)
    assert all("Data as at 30 September 2025" in chart for chart in charts)
    assert all("caseload_fte" not in chart for chart in charts)  # the measure's name, not the column's


def check_published_and_neighbours(shown, url, monkeypatch) -> None:
    sefton = check_every_page(url, monkeypatch, SEFTON)
    charts = sefton["caseloads"]["charts"]
    assert charts and all("statistical neighbours (DfE groupings)" in chart for chart in charts)
    neighbours = table_with(sefton, "overview", "England").set_index("Measure")
    assert neighbours.loc["Social worker caseload", "Statistical neighbours (average)"] != "not loaded"
    # Every council registered by the files is in the picker, and those with a plan (none) would come first.
    options = sefton["overview"]["selectboxes"]["Authority"]
    assert "Sefton (E08000014) · DfE statistics only" in options and len(options) > 150


def check_authority_only(shown, url, monkeypatch) -> None:
    assert header(shown) == "**Sefton** · Nothing dated is loaded for this authority yet · `OFFICIAL-SENSITIVE`"
    assert shown["overview"]["selectboxes"]["Authority"] == ["Sefton (E08000014) · nothing loaded yet"]
    assert "Nothing is loaded for Sefton yet" in said(shown, "overview")
    for page in ("priority_areas", "rag_history", "trajectories", "caseloads", "action_plan", "risks"):
        assert "To see it, load" in said(shown, page), page


def check_authority_and_annex_a(shown, url, monkeypatch) -> None:
    assert header(shown) == "**Sefton** · Data as at **31 March 2023** · `OFFICIAL-SENSITIVE`"  # the extract date
    annex = said(shown, "annex_a")
    assert "At 31 March 2023" in annex
    assert "Children in need" in annex


def check_plan_without_actuals(shown, url, monkeypatch) -> None:
    assert "No monthly figures are loaded for the plan's measures" in said(shown, "trajectories")
    assert "measure\\_actuals.csv" in said(shown, "trajectories")
    overview = said(shown, "overview")
    assert "Needs attention" in overview and "Milestones overdue" in overview
    assert "No submitted six-weekly report is loaded yet" in overview
    # Milestones are judged at the newest date the plan itself records: its newest completed milestone.
    newest = max(day for day in build_programme().milestones["completed_date"] if day is not None and day == day)
    assert f"Data as at **{newest.day} {newest:%B %Y}**" in header(shown)


def check_actuals_without_plan(shown, url, monkeypatch) -> None:
    trajectories = said(shown, "trajectories")
    assert "Figures for measures the plan does not track" in trajectories
    assert table_with(shown, "trajectories", "Measure")["Priority area"].eq("not in the plan").all()
    assert "No improvement plan is loaded" in said(shown, "overview") or "no priority areas" in said(shown, "overview")


def check_reports_without_measures(shown, url, monkeypatch) -> None:
    latest = table_with(shown, "overview", "Latest rating")
    assert latest["Latest rating"].str.len().gt(1).all()  # every area rated
    assert "The plan has no measures loaded" in said(shown, "overview")
    assert any("Latest report rates" in chart for chart in shown["rag_history"]["charts"])
    assert "No measures to check against" in said(shown, "overview")


def check_caseloads_without_targets(shown, url, monkeypatch) -> None:
    caseloads = said(shown, "caseloads")
    assert "The plan sets no caseload target" in caseloads
    team_chart = shown["caseloads"]["charts"][0]
    assert "caseloads" in team_chart and "target" not in team_chart.split("</b>")[0]  # no target in the title


def check_demo_and_real_files(shown, url, monkeypatch) -> None:
    assert header(shown) == (
        "**Sefton** · Data as at **30 June 2023** · DfE statistics as at **30 September 2025** · `OFFICIAL-SENSITIVE`"
    )
    # One figure per council, measure and month: the Trajectories page shows the team returns' figure and, where
    # DfE's census month has an own figure too, both side by side with the reason.
    detail = check_every_page(url, monkeypatch, SEFTON)
    assert any("Sefton social worker caseload" in chart for chart in detail["caseloads"]["charts"])
    assert "At 31 March 2023" in said(detail, "annex_a")


def check_two_councils_one_plan(shown, url, monkeypatch) -> None:
    options = shown["overview"]["selectboxes"]["Authority"]
    assert options == ["Sefton (E08000014)", "Wirral (E08000015)"]  # the one with a plan first, where it opens
    wirral = check_every_page(url, monkeypatch, WIRRAL)
    assert "No improvement plan is loaded for Wirral" in said(wirral, "overview")
    assert wirral["caseloads"]["charts"], "Wirral's caseload returns are charted"


CHECKS = {
    "empty": check_empty,
    "published_only": check_published_only,
    "published_and_neighbours": check_published_and_neighbours,
    "authority_only": check_authority_only,
    "authority_and_annex_a": check_authority_and_annex_a,
    "plan_without_actuals": check_plan_without_actuals,
    "actuals_without_plan": check_actuals_without_plan,
    "reports_without_measures": check_reports_without_measures,
    "caseloads_without_targets": check_caseloads_without_targets,
    "demo_and_real_files": check_demo_and_real_files,
    "two_councils_one_plan": check_two_councils_one_plan,
}

"""Any text a council loads reads as typed (property-based, hypothesis): generated strings of HTML, Markdown,
Streamlit directives and formulas in the free-text columns of the plan (priority area titles and wording, actions,
owners, milestones), the RAG report (narratives), the risk register (title, owner, mitigation), the meetings
(title, notes) and the caseload returns (team), loaded through the loaders into a copy of the demo database; the
pages that show them must show each escaped and as typed, chart text must hold no markup of its own, and no CSV
download may carry a formula.
"""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from improvement.db import get_engine, migrate
from improvement.demo import build_programme
from loaders import demo_files
from tests.support import hostile
from tests.support.apptest import ENTRY

TOKENS = [
    "<script>",
    "</script>",
    "<b>",
    "<br>",
    '<a href="javascript:alert(1)">',
    "<img src=x onerror=alert(1)>",
    '<div style="position:fixed">',
    ":red[",
    ":material/warning:",
    ":smile:",
    "$x^2$",
    "**",
    "__",
    "`",
    "[link](https://evil.example)",
    "www.evil.example",
    "a@evil.example",
    "&lt;",
    "&amp;",
    "&#36;",
    "=HYPERLINK(",
    "@SUM(",
    "# ",
    "- ",
    "1. ",
    "> ",
    "|",
    "\\",
    "%{y}",
]
ALPHABET = list("<>/&;\"'=+-@$*_[](){}:#!|~\\`%.,^ abxyz019")
hostile_text = (
    st.lists(st.sampled_from(TOKENS) | st.sampled_from(ALPHABET), min_size=1, max_size=12)
    .map("".join)
    .map(lambda text: " ".join(text[:80].split()))  # short enough for any column; no runs of blanks
    .filter(bool)
)

# Each free-text column's generated text, between markers of its own letter (``hostile.marked``).
FIELDS = {
    "area_title": "A",
    "area_wording": "B",
    "narrative": "C",
    "overall_narrative": "D",
    "risk_title": "E",
    "risk_owner": "F",
    "mitigation": "G",
    "meeting_title": "H",
    "meeting_notes": "I",
    "team": "J",
    "action": "K",
    "action_owner": "L",
    "milestone": "M",
}
PAGES = [
    ("pages/priority_areas.py", {"area": hostile.AREA}),
    ("pages/rag_history.py", {}),
    ("pages/risks.py", {}),
    ("pages/reporting_rhythm.py", {}),
]
"""The pages that show the generated text (with the Caseloads page on the generated team); the Action plan's
timeline is checked on hostile text by tests/pages/test_hostile_text.py."""


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """The demo programme loaded through the loaders once; each example loads its text into a copy."""
    folder = tmp_path_factory.mktemp("hostile-property")
    path = folder / "demo.sqlite"
    engine = get_engine(f"sqlite:///{path}")
    migrate(engine)
    hostile.load_programme(engine, build_programme())
    engine.dispose()
    copies = iter(range(10**6))
    return lambda: shutil.copyfile(path, folder / f"example-{next(copies)}.sqlite")


def load_text(url: str, text: dict[str, str]) -> None:
    """The generated text loaded as a council would: the plan's areas, actions and milestones, the latest
    submitted RAG report again (a new version), the risks, the meetings and one team's caseload returns."""
    values = {**hostile.HOSTILE, **{name: hostile.marked(text[name], letter) for name, letter in FIELDS.items()}}
    programme = hostile.hostile_programme(values)
    reports = programme.rag_reports
    latest = reports[reports["status"] == "submitted"].sort_values("report_date").tail(1)
    ratings = programme.rag_ratings.merge(latest[["report_date", "version"]], on=["report_date", "version"])
    programme = dataclasses.replace(
        programme,
        # A submitted report is locked: its new version is a correction, loaded only with the reason for it.
        rag_reports=latest.assign(reason="Narratives corrected"),
        rag_ratings=ratings,
        meetings=programme.meetings.assign(notes=values["meeting_notes"]),
        caseloads=programme.caseloads[programme.caseloads["team"] == values["team"]],
    )
    engine = get_engine(url)
    hostile.load_programme(
        engine,
        programme,
        "priority_areas",
        "actions",
        "milestones",
        demo_files.REPORTS,
        "caseloads",
        "risks",
        "meetings",
    )
    engine.dispose()


@settings(
    max_examples=15,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each try loads files and renders five pages
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=st.fixed_dictionaries({name: hostile_text for name in FIELDS}))
def test_any_loaded_text_reads_as_typed(text, demo_database, monkeypatch):
    path = demo_database()
    url = f"sqlite:///{path}"
    load_text(url, text)
    typed = {letter: hostile.marked(text[name], letter) for name, letter in FIELDS.items()}
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SEED_DEMO_DATA", "no")
    files = hostile.record_downloads(monkeypatch)
    app = AppTest.from_file(ENTRY, default_timeout=120).run()
    try:
        for page_path, query in [*PAGES, ("pages/caseloads.py", {"team": typed[FIELDS["team"]]})]:
            for key, value in query.items():
                app.query_params[key] = value
            app.switch_page(page_path).run()
            assert not app.exception, f"{page_path}: {[e.message for e in app.exception]}"
            for source in hostile.markdown_sources(app):
                for letter, value in typed.items():
                    for region in hostile.marked_regions(source, letter):
                        hostile.check_markdown_region(region, value)
            for figure_text in hostile.figure_strings(app):
                assert not hostile.active_plotly(figure_text), f"{page_path}: chart text {figure_text!r}"
            cells = hostile.frame_cells(app)
            for letter, value in typed.items():
                for cell in cells:
                    if f"ZZ{letter}S" in cell and f"ZZ{letter}E" in cell:
                        assert value in cell, f"{page_path}: table shows {cell!r} for {value!r}"
            for rows in hostile.csv_downloads(app, files).values():
                assert hostile.formula_cells(rows) == [], f"{page_path}: formula in a CSV download"
    finally:
        get_engine(url).dispose()
        path.unlink(missing_ok=True)

"""Loaded text is text: titles, narratives, names, owners, mitigations, team names, meeting titles, measure names and
file names holding HTML, script, Markdown, Streamlit directives and spreadsheet formulas, loaded through the loaders,
show on every registered page exactly as typed and never act, and no CSV download carries a formula.

The database is the demo programme written as the files a council loads (``loaders.demo_files``) with the hostile
values of ``tests.support.hostile.HOSTILE`` in it, loaded with ``loaders.run.load_source``.
"""

from __future__ import annotations

import pytest

from improvement import style
from tests.support import hostile
from tests.support.apptest import open_every_page

H = hostile.HOSTILE
STATIC_TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> str:
    return hostile.hostile_database(tmp_path_factory.mktemp("hostile") / "hostile.sqlite")


def test_every_page_shows_loaded_text_as_text(hostile_url, monkeypatch):
    pages = 0
    for spec, app in open_every_page(hostile_url, monkeypatch):
        where = spec.url_path
        assert not app.exception, f"{where}: {[e.message for e in app.exception]}"
        for source in hostile.markdown_sources(app):
            assert hostile.active_markdown(source) == [], f"{where}: loaded markup acts in {source[:300]!r}"
        for text in hostile.figure_strings(app):
            assert not hostile.active_plotly(text), f"{where}: loaded markup in a chart: {text[:300]!r}"
        for body in hostile.html_bodies(app):
            tags, _ = hostile.html_tags_and_text(body)
            assert tags <= STATIC_TABLE_TAGS, f"{where}: tags {tags - STATIC_TABLE_TAGS} from loaded text"
        pages += 1
    assert pages >= 16


def test_what_people_typed_reads_exactly_as_typed(hostile_url, open_page):
    """Where each hostile value shows, it shows literally: in Markdown escaped (so the reader sees the characters
    typed), in charts as character references plotly turns back into them, in tables as it is."""
    area = open_page(hostile_url, "pages/priority_areas.py", area=hostile.AREA)
    sources = hostile.markdown_sources(area)
    assert f"PA1 {style.escape_markdown(H['area_title'])}" in [h.value for h in area.subheader]
    assert hostile.shown(f"PA1 {style.escape_markdown(H['area_title'])}") == f"PA1 {H['area_title']}"
    assert f"> {style.escape_markdown(H['area_wording'])}" in sources
    narrative = style.markdown_paragraphs(H["narrative"])
    assert narrative in sources
    assert hostile.shown(narrative).split("\n\n") == H["narrative"].split("\n\n")
    assert any('&lt;script&gt;alert("title")&lt;/script&gt;' in text for text in hostile.figure_strings(area))
    assert any(H["action"] in cell for cell in hostile.frame_cells(area))  # the plan's actions, as typed

    overview = open_page(hostile_url, "pages/overview.py")
    assert any(
        f"**PA1** {style.escape_markdown(H['area_title'])} |" in text for text in hostile.markdown_sources(overview)
    )

    history = open_page(hostile_url, "pages/rag_history.py")
    assert style.markdown_paragraphs(H["overall_narrative"]) in hostile.markdown_sources(history)
    assert any(style.escape_markdown(H["author"]) in label for label in hostile.markdown_sources(history))
    assert f"PA1 {H['area_title']}" in hostile.frame_cells(history)

    review = open_page(hostile_url, "pages/review_pack.py")
    assert any(style.escape_markdown(H["narrative"]) in text for text in hostile.markdown_sources(review))

    caseloads = open_page(hostile_url, "pages/caseloads.py", team=H["team"])
    assert style.escape_html(H["team"]) in hostile.figure_strings(caseloads)  # the team's line, named as typed
    assert H["team"] in hostile.frame_cells(caseloads)

    rhythm = open_page(hostile_url, "pages/reporting_rhythm.py")
    assert style.escape_html(H["meeting_title"]) in hostile.figure_strings(rhythm)
    assert H["meeting_title"] in hostile.frame_cells(rhythm)

    risks = open_page(hostile_url, "pages/risks.py")
    top = next(frame.value for frame in risks.dataframe if "Mitigation" in frame.value.columns)
    assert set(top["Owner"]) == {H["risk_owner"]} and set(top["Mitigation"]) == {H["mitigation"]}

    measure = open_page(hostile_url, "pages/trajectories.py", measure=hostile.MEASURE)
    assert f"**Definition.** {style.escape_markdown(H['measure_definition'])}" in hostile.markdown_sources(measure)

    contract = open_page(hostile_url, "pages/adviser_contract.py")
    assert any(f"**{style.escape_markdown(H['adviser_name'])}**" in text for text in hostile.markdown_sources(contract))
    assert style.escape_markdown(H["contract_notes"]) in [caption.value for caption in contract.caption]

    data = open_page(hostile_url, "pages/data.py")
    assert hostile.MEETINGS_FILE in hostile.frame_cells(data)  # the load history lists the file as named


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("pages/risks.py", {}),
        ("pages/data.py", {}),
        ("pages/caseloads.py", {"team": H["team"]}),
        ("pages/action_plan.py", {}),
        ("pages/priority_areas.py", {"area": hostile.AREA}),
        ("pages/reporting_rhythm.py", {}),
    ],
    ids=["risks", "data", "caseloads", "action_plan", "priority_areas", "reporting_rhythm"],
)
def test_no_csv_download_carries_a_formula(path, query, hostile_url, open_page, monkeypatch):
    files = hostile.record_downloads(monkeypatch)
    app = open_page(hostile_url, path, **query)
    downloads = hostile.csv_downloads(app, files)
    assert downloads, f"{path}: no CSV download"
    for key, rows in downloads.items():
        assert hostile.formula_cells(rows) == [], f"{path} {key}: a spreadsheet would run these"
    cells = {cell for rows in downloads.values() for row in rows for cell in row}
    expected = {
        "pages/risks.py": {"'" + H["risk_owner"], "'" + H["mitigation"]},  # top-risks.csv: owner and mitigation
        "pages/data.py": {"'" + hostile.MEETINGS_FILE},  # the load history and freshness tables
        "pages/caseloads.py": {"'" + H["team"]},  # the team's column and row
        "pages/action_plan.py": {"'" + H["action_owner"]},
        "pages/priority_areas.py": {f"'{H['milestone']} 1"},
        "pages/reporting_rhythm.py": {"'" + H["meeting_title"]},
    }[path]
    assert expected <= cells, f"{path}: {expected - cells} not in the CSVs, quoted as text"


def test_every_csv_download_on_every_page_is_safe_for_a_spreadsheet(hostile_url, monkeypatch):
    files = hostile.record_downloads(monkeypatch)
    seen = 0
    for spec, app in open_every_page(hostile_url, monkeypatch):
        for key, rows in hostile.csv_downloads(app, files).items():
            assert hostile.formula_cells(rows) == [], f"{spec.url_path} {key}: a spreadsheet would run these"
            seen += 1
    assert seen >= 20, f"only {seen} CSV downloads found"


def test_a_refused_upload_is_named_as_typed(hostile_url, open_page):
    name = "<img src=x onerror=alert('file')> **x** :red[y].csv"
    app = open_page(hostile_url, "pages/data.py")
    app.file_uploader[0].set_value((name, b"a,b\n1,2\n", "text/csv")).run()
    errors = [error.value for error in app.error]
    assert errors and all(hostile.active_markdown(error) == [] for error in errors)
    assert any(error.startswith(f"**{style.escape_markdown(name)}** cannot be loaded") for error in errors), errors

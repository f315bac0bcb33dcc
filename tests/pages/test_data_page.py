"""The Data page: loading files (preview, then confirm), freshness, load history and templates, as a user sees them.

Uploads are driven through Streamlit's AppTest ``file_uploader`` with a small test kind (tests/support/fake_loader.py),
so the page is tested whatever real kinds are registered. What the page shows is checked against the database and
against ``LoadResult.summary()``, the text the command line prints.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from improvement import queries, style
from improvement.db import get_engine
from improvement.db.models import Base, Load, Observation
from improvement.demo import portfolio
from improvement.topics.loads import tables as loads_tables
from loaders import report
from loaders.registry import KINDS
from loaders.run import Changes, LoadResult, Problem, Source, load_source
from loaders.seed import DEMO_SOURCE_NAME
from loaders.templates import TEMPLATES_DIR
from tests.support.annex_a_factory import make_annex_a
from tests.support.fake_loader import COUNCIL_PAIRS, NEEDS_OPTIONS, pairs_csv, registered_kinds

PAGE = "pages/data.py"
GOOD = pairs_csv(("343", "344", 1), ("343", "340", 2))
BAD = pairs_csv(("343", "344", 1), ("343", "340", "second"))

DATA_PAGE_KINDS = [kind for kind in KINDS if not kind.manages_access]  # grants are loaded on the Access page

SEED_SOURCE_NAMES = [
    DEMO_SOURCE_NAME,
    *(f"Synthetic demo programme for {c.authority.name} (seed {c.seed})" for c in portfolio.COUNCILS),
]
"""The demo seed's loads in the order stored: Sefton's, then each invented council's (one load per council)."""


@pytest.fixture
def open_data_page(open_page):
    """The Data page on the database at ``database_url``."""
    return lambda database_url: open_page(database_url, PAGE)


@pytest.fixture
def test_kinds():
    with registered_kinds(COUNCIL_PAIRS, NEEDS_OPTIONS):
        yield


def elements_of(node) -> list:
    """Every element on the page in order (containers' contents in place of the containers)."""
    children = getattr(node, "children", None)
    if children is None:
        return [node]
    return [element for key in sorted(children) for element in elements_of(children[key])]


def table_after(app: AppTest, header: str) -> pd.DataFrame:
    """The first table shown after the section header ``header``."""
    elements = elements_of(app.main)
    start = next(i for i, e in enumerate(elements) if e.type in ("header", "subheader") and e.value == header)
    return next(e for e in elements[start:] if e.type == "dataframe").value


def history_table(app: AppTest) -> pd.DataFrame:
    return table_after(app, "Load history")


def freshness_table(app: AppTest) -> pd.DataFrame:
    return table_after(app, "Freshness")


def preview_table(app: AppTest) -> pd.DataFrame:
    return table_after(app, "What loading would do")


def outcome_table(app: AppTest) -> pd.DataFrame:
    return table_after(app, "What the load did")


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def counts(url: str) -> dict[str, int]:
    with get_engine(url).connect() as connection:
        return {
            table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }


def loads(url: str) -> pd.DataFrame:
    return queries.load_history(get_engine(url))


# --- On the demo database -------------------------------------------------------------------------------------


def test_the_page_shows_its_header_and_the_seed_load_in_the_history(open_data_page, seeded_sqlite_url):
    app = open_data_page(seeded_sqlite_url)

    assert app.title[0].value == "Data"
    assert any("Synthetic demo data" in w.value for w in app.warning)
    assert [h.value for h in app.header] == ["Load files", "Freshness", "Load history", "Templates"]
    stored = loads(seeded_sqlite_url)
    shown = history_table(app)
    assert len(shown) == len(stored) == 7  # the demo seeds seven councils, each its own load
    assert shown["File"].tolist() == SEED_SOURCE_NAMES[::-1]  # newest first: Sefton's, stored first, last
    assert stored["load_id"].iloc[-1] == 1
    for (_, seed), (_, load) in zip(shown.iterrows(), stored.iterrows(), strict=True):
        assert seed["Kind"] == "Synthetic demo programme (seed)"
        assert seed["Who"] == "seed"
        assert seed["Rows"] == load["row_count"] > (1000 if load["load_id"] == 1 else 0)  # Sefton's is the largest
        assert seed["Synthetic"] == "Yes" and seed["Outcome"] == "loaded" and seed["SHA-256"] == "—"
        assert seed["When (UTC)"].startswith(f"{load['loaded_at']:%-d %B %Y}")


def test_freshness_shows_the_newest_month_of_the_demo_figures_and_every_kind_never_loaded(
    open_data_page, seeded_sqlite_url
):
    app = open_data_page(seeded_sqlite_url)

    shown = freshness_table(app).set_index("Kind")
    with get_engine(seeded_sqlite_url).connect() as connection:
        newest = connection.scalar(sa.select(sa.func.max(Observation.period)))
    assert shown.loc["demo_seed", "Newest period in the data"] == f"{newest:%b %Y} (month of figures)"
    assert shown.loc["demo_seed", "From file"] == SEED_SOURCE_NAMES[-1]  # the newest of the seed's seven loads
    assert shown.loc["demo_seed", "Loads"] == 7
    for kind in DATA_PAGE_KINDS:  # whatever is registered, and never loaded here
        assert shown.loc[kind.kind, "Data"] == kind.title
        assert shown.loc[kind.kind, "Last loaded (UTC)"] == "never loaded"
        assert shown.loc[kind.kind, "Rows loaded"] == 0


def test_a_download_button_for_every_file_in_data_templates(open_data_page, seeded_sqlite_url):
    app = open_data_page(seeded_sqlite_url)

    buttons = [b for b in app.get("download_button") if b.proto.id and "template-" in b.proto.id]
    expected = sorted(p.name for p in TEMPLATES_DIR.glob("*") if p.is_file() and not p.name.startswith("."))
    assert [b.proto.label for b in buttons] == expected
    if not expected:
        assert any("No templates yet" in i.value for i in app.info)


def test_template_files_name_the_kind_that_writes_each(tmp_path, test_kinds):
    (tmp_path / "council_pairs.csv").write_bytes(COUNCIL_PAIRS.templates()["council_pairs.csv"])
    (tmp_path / "old_notes.xlsx").write_bytes(b"PK\x03\x04")

    listed = report.template_files(tmp_path)

    assert [(t.path.name, t.kind, t.title, t.mime) for t in listed] == [
        ("council_pairs.csv", "council_pairs", COUNCIL_PAIRS.title, "text/csv"),
        (
            "old_notes.xlsx",
            None,
            "no loader uses this file",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ]


# --- Uploading: preview, then confirm ---------------------------------------------------------------------------


def test_upload_previews_without_storing_then_confirm_loads(open_data_page, seeded_database_url, test_kinds):
    app = open_data_page(seeded_database_url)
    before = counts(seeded_database_url)

    app.file_uploader[0].set_value([("pairs.csv", GOOD, "text/csv"), ("bad.csv", BAD, "text/csv")])
    app.run()

    assert not app.exception, [e.message for e in app.exception]
    preview = preview_table(app)
    assert preview.to_dict("records") == [
        {
            "File": "pairs.csv",
            "Kind": COUNCIL_PAIRS.title,
            "Table": "statistical_neighbour",
            "Added": 2,
            "Changed": 0,
            "Unchanged": 0,
            "Outcome": "would load",
        },
        {
            "File": "bad.csv",
            "Kind": COUNCIL_PAIRS.title,
            "Table": "—",
            "Added": None,
            "Changed": None,
            "Unchanged": None,
            "Outcome": "refused",
        },
    ]
    cli_text = load_source(get_engine(seeded_database_url), Source("bad.csv", BAD), dry_run=True).summary()
    assert [c.value for c in app.code] == [cli_text]  # the refused file's problems, word for word as the CLI
    assert "bad.csv, row 3, column 'rank'" in cli_text
    assert any("bad.csv" in e.value and "1 problem(s)" in e.value for e in app.error)
    assert counts(seeded_database_url) == before  # the preview stored nothing

    button(app, "Confirm and load").click()
    app.run()

    assert not app.exception, [e.message for e in app.exception]
    stored = loads(seeded_database_url)
    new = stored.iloc[0]
    assert (new["source_name"], new["kind"], new["row_count"], new["loaded_by"]) == (
        "pairs.csv",
        "council_pairs",
        2,
        "dashboard user",
    )
    assert counts(seeded_database_url)["statistical_neighbour"] == before["statistical_neighbour"] + 2
    assert len(stored) == 8  # the seed's seven (one per council) and pairs.csv: bad.csv left nothing, not even a load
    assert [s.value for s in app.success] == [f"Loaded 1 of 2 file(s): pairs.csv as load {new['load_id']}."]
    assert outcome_table(app)["Outcome"].tolist() == ["loaded", "refused"]
    assert not app.file_uploader[0].value  # a fresh uploader for the next files

    history = history_table(app)
    top = history.iloc[0]
    sha = Source("pairs.csv", GOOD).sha256
    assert (top["File"], top["Who"], top["Rows"], top["Outcome"], top["Synthetic"]) == (
        "pairs.csv",
        "dashboard user",
        2,
        "loaded",
        "No",
    )
    assert (top["SHA-256"], top["Full SHA-256"], top["Kind"]) == (sha[:12], sha, COUNCIL_PAIRS.title)
    fresh = freshness_table(app).set_index("Kind")
    assert fresh.loc["council_pairs", "From file"] == "pairs.csv"
    assert fresh.loc["council_pairs", "Rows loaded"] == 2
    assert fresh.iloc[0].name == "council_pairs"  # newest first


def test_the_same_file_again_previews_as_already_loaded_and_cannot_be_confirmed(
    open_data_page, seeded_database_url, test_kinds
):
    load_source(get_engine(seeded_database_url), Source("pairs.csv", GOOD))
    app = open_data_page(seeded_database_url)

    app.file_uploader[0].set_value(("pairs-copy.csv", GOOD, "text/csv"))
    app.run()

    assert preview_table(app)["Outcome"].tolist() == ["already loaded"]
    assert button(app, "Confirm and load").disabled


def test_only_refused_files_cannot_be_confirmed_and_leave_the_database_as_it_was(
    open_data_page, seeded_database_url, test_kinds
):
    app = open_data_page(seeded_database_url)
    before = counts(seeded_database_url)

    app.file_uploader[0].set_value([("bad.csv", BAD, "text/csv"), ("mystery.csv", b"a,b\n1,2\n", "text/csv")])
    app.run()

    assert button(app, "Confirm and load").disabled
    assert len(app.code) == 2
    assert (
        app.code[1]
        .value.splitlines()[1]
        .startswith("  - mystery.csv: could not tell what kind of file this is from its columns or sheet names")
    )
    assert counts(seeded_database_url) == before


def test_a_month_far_out_of_line_previews_with_its_warning(open_data_page, seeded_database_url):
    measures = (
        b"code,name,definition,unit,polarity,source,counts_children,national_equivalent\n"
        b"local_visits_rate,Local visits,Visits in time,percent,higher_is_better,Local,no,\n"
    )
    assert load_source(get_engine(seeded_database_url), Source("improvement_plan_measures.csv", measures)).ok
    actuals = "authority_code,measure_code,period,value,status,source\n" + "".join(
        f"E08000014,local_visits_rate,2022-{month:02d}-01,{value},,\n"
        for month, value in enumerate([70, 71, 70, 72, 71, 95, 72, 73], start=1)
    )
    app = open_data_page(seeded_database_url)

    app.file_uploader[0].set_value([("visits.csv", actuals.encode(), "text/csv")])
    app.run()

    assert not app.exception, [e.message for e in app.exception]
    assert preview_table(app)["Outcome"].tolist() == ["would load"]
    warning = (
        "warning: local_visits_rate for E08000014 in June 2022 is 95, against 71 in May 2022 and 72 in July 2022: "
        "more than 5 times its usual month-to-month change (1.2); loaded, but check the figure"
    )
    # The note is loaded text shown in Markdown: escaped, so it reads exactly as above.
    assert [info.value for info in app.info if "warning" in info.value] == [f"- {style.escape_markdown(warning)}"]


def test_an_annex_a_with_a_worker_as_its_team_is_refused_without_showing_the_name(open_data_page, seeded_database_url):
    buffer = io.BytesIO()
    make_annex_a(
        buffer, list7_rows=20, list6_rows=2, list8_rows=2, cells={("List 7", 5, "Allocated Team"): "Ezra Leigh"}
    )
    before = counts(seeded_database_url)
    app = open_data_page(seeded_database_url)

    app.file_uploader[0].set_value([("annex_a.xlsx", buffer.getvalue(), "application/octet-stream")])
    app.run()

    assert not app.exception, [e.message for e in app.exception]
    assert "row 5, column 'Allocated Team': looks like a person's name" in app.code[0].value
    shown = [str(getattr(element, "value", "")) for element in elements_of(app.main)]
    assert not [text for text in shown if "Ezra" in text or "Leigh" in text]
    assert counts(seeded_database_url) == before


def test_choosing_the_kind_reads_the_file_as_that_kind(open_data_page, seeded_database_url, test_kinds):
    app = open_data_page(seeded_database_url)
    kind = app.selectbox(key="data-kind")
    assert kind.options[0] == "Work it out from the content"
    assert set(kind.options[1:]) >= {k.title for k in DATA_PAGE_KINDS}
    assert "User grants (who may see and do what)" not in kind.options  # an admin's file: the Access page

    kind.set_value("council_pairs")
    app.file_uploader[0].set_value(("mystery.csv", b"a,b\n1,2\n", "text/csv"))
    app.run()

    assert app.code[0].value.splitlines()[0] == "mystery.csv: REFUSED (5 problem(s)); nothing was stored."
    assert "  - mystery.csv, row 1: missing column 'council'" in app.code[0].value


def test_option_inputs_appear_only_for_a_kind_that_needs_them(open_data_page, seeded_database_url, test_kinds):
    app = open_data_page(seeded_database_url)
    app.selectbox(key="data-kind").set_value("council_pairs").run()
    assert not [s for s in app.selectbox if s.key == "data-option-authority"]
    assert not app.date_input

    app.selectbox(key="data-kind").set_value("needs_options").run()

    authority = app.selectbox(key="data-option-authority")
    assert authority.value == "E08000014"
    assert authority.format_func(authority.value) == "Sefton (E08000014)"
    assert app.date_input(key="data-option-extract-date").label.startswith("Extract date")


def test_the_page_opens_on_a_database_with_loads_but_no_authority(open_data_page, database_url, test_kinds):
    load_source(get_engine(database_url), Source("pairs.csv", GOOD))

    app = open_data_page(database_url)

    assert app.title[0].value == "Data"
    assert history_table(app)["File"].tolist() == ["pairs.csv"]


def test_options_reach_only_the_files_of_a_kind_that_asks_for_them(seeded_database_url, monkeypatch, test_kinds):
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    load_source(get_engine(seeded_database_url), Source("pairs.csv", GOOD))
    options = {"authority": "E08000014", "extract_date": "2023-03-31"}

    first, second = report.load_files([Source("pairs.csv", GOOD)] * 2, dry_run=True, loaded_by="t", options=options)
    wanting = report.load_files([Source("p.csv", GOOD)], "needs_options", dry_run=True, loaded_by="t", options=options)
    without = report.load_files([Source("p.csv", GOOD)], "needs_options", dry_run=True, loaded_by="t")

    assert report.outcome(first) == report.outcome(second) == "already loaded"  # no options: recognised as loaded
    assert report.outcome(wanting[0]) == "nothing new"  # read with the options (and nothing differs)
    assert [str(p) for p in without[0].problems] == ["p.csv: needs an authority"]
    assert report.options_needed("council_pairs") == ()
    assert report.options_needed("needs_options") == ("authority", "extract_date")


# --- The builders and queries behind the page --------------------------------------------------------------------


def test_a_file_loaded_with_load_source_appears_in_the_history_and_freshness_queries(seeded_engine, test_kinds):
    result = load_source(seeded_engine, Source("pairs.csv", GOOD), loaded_by="analyst@example.org")

    history = queries.load_history(seeded_engine)
    fresh = queries.freshness(seeded_engine).set_index("kind")

    assert history.iloc[0][["load_id", "kind", "source_name", "loaded_by", "row_count", "outcome"]].tolist() == [
        result.load_id,
        "council_pairs",
        "pairs.csv",
        "analyst@example.org",
        2,
        "loaded",
    ]
    assert history.iloc[0]["file_hash"] == Source("pairs.csv", GOOD).sha256
    assert not history.iloc[0]["is_synthetic"] and history.iloc[1]["is_synthetic"]
    assert fresh.loc["council_pairs", ["loads", "rows", "last_source_name"]].tolist() == [1, 2, "pairs.csv"]
    assert pd.isna(fresh.loc["council_pairs", "newest_period"])  # neighbours have no period
    with seeded_engine.connect() as connection:
        newest = connection.scalar(sa.select(sa.func.max(Observation.period)))
        seed_rows = connection.scalar(sa.select(sa.func.sum(Load.row_count)).where(Load.kind == "demo_seed"))
    assert fresh.loc["demo_seed", ["newest_period", "newest_period_of", "rows", "loads"]].tolist() == [
        str(newest),
        "month of figures",
        seed_rows,  # the seven councils' loads together
        7,
    ]


def test_results_table_has_a_row_per_file_and_table():
    changes = Changes()
    changes.table("observation").added = 3
    changes.table("observation").changed = 1
    changes.table("target").unchanged = 2
    results = [
        LoadResult("plan.xlsx", "council_pairs", dry_run=True, changes=changes),
        LoadResult("bad.csv", None, dry_run=True, problems=[Problem("bad.csv", "no", row=2)]),
        LoadResult("old.csv", "council_pairs", dry_run=False, already_loaded_at=dt.datetime(2024, 1, 2, 3, 4)),
    ]

    table = report.results_table(results)

    assert table[["File", "Table", "Added", "Changed", "Unchanged", "Outcome"]].astype(object).where(
        table.notna(), None
    ).values.tolist() == [
        ["plan.xlsx", "observation", 3, 1, 0, "would load"],
        ["plan.xlsx", "target", 0, 0, 2, "would load"],
        ["bad.csv", "—", None, None, None, "refused"],
        ["old.csv", "—", None, None, None, "already loaded"],
    ]
    assert table["Kind"].tolist()[2] == "—"


def test_freshness_table_words_periods_and_lists_kinds_never_loaded():
    fresh = pd.DataFrame(
        {
            "kind": ["dfe_statistics", "rag_report", "statistical_neighbours"],
            "loads": [2, 1, 1],
            "rows": [100, 12, 1560],
            "first_loaded_at": pd.to_datetime(["2024-01-01 09:00"] * 3),
            "last_loaded_at": pd.to_datetime(["2024-02-03 10:05", "2024-01-05 08:00", "2024-01-01 09:00"]),
            "last_source_name": ["c1.csv", "rag.xlsx", "sn.csv"],
            "last_loaded_by": ["a", "b", "c"],
            "newest_period": ["202425", "2023-06-30", None],
            "newest_period_of": ["time period", "report date", None],
        }
    )

    table = loads_tables.freshness_table(fresh, {"dfe_statistics": "DfE statistics"}, ["dfe_statistics", "annex_a"])

    assert table["Newest period in the data"].tolist() == [
        "2024/25 (time period)",
        "30 June 2023 (report date)",
        "—",
        "—",
    ]
    assert table["Data"].tolist() == ["DfE statistics", "rag_report", "statistical_neighbours", "annex_a"]
    assert table.iloc[0]["Last loaded (UTC)"] == "3 February 2024, 10:05"
    assert table.iloc[3][["Last loaded (UTC)", "Loads", "Rows loaded"]].tolist() == ["never loaded", 0, 0]

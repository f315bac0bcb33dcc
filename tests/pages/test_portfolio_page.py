"""The Portfolio page on the demo's seven councils (AppTest), against the stored rows: every council in intervention
once, worst first by the documented rule, each row's ratings and counts as the database holds them, the council
just out of intervention only when asked for; the theme grid; the feed for a chosen date; the exports; and only a
DfE user reaches it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from improvement import queries, style
from improvement.access import ALL_COUNCILS, Grant, Role
from improvement.board import read_board
from improvement.db import get_engine, migrate
from improvement.db.access import grant
from improvement.papers.workbook import table_workbook
from improvement.topics.portfolio import rules
from improvement.ui.table_layout import shown_text
from improvement.vocab import RATING_RANK
from loaders.run import Source, load_source
from tests.support.apptest import ENTRY, figures
from tests.support.realdata import REALDATA, needs_realdata

PUBLISHED = [
    "csww_indicators_2017_to_2025.csv",
    "b1_children_in_need_2013_to_2025.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "d5_cpps_at31march_by_duration_2013_to_2025.csv",
]
NEIGHBOURS = "New_Statistical_Neighbour_Groupings_April_2021.csv"

STUCK, OPTIMIST, MISSED, ENDED, RECENT, FAST = (
    "Thornvale (synthetic)",
    "Tidewell (synthetic)",
    "Ulverdale (synthetic)",
    "Wrenbridge (synthetic)",
    "Yarrowby (synthetic)",
    "Stourmere (synthetic)",
)
AUTH = {"client_id": "dashboard", "client_secret": "x", "cookie_secret": "y", "redirect_uri": "http://127.0.0.1/"}


def councils_table(app: AppTest) -> pd.DataFrame:
    table = next(frame.value for frame in app.dataframe if "Concerns" in frame.value.columns)
    return table.assign(Council=table["Council"].map(shown_text)).set_index("Council")


def stored(url: str, sql: str, **params) -> list[tuple]:
    with get_engine(url).connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql), params)]


def latest_ratings(url: str, code: str) -> dict[str, str]:
    ratings = queries.rag_ratings(get_engine(url), code)
    latest = ratings.sort_values("report_date").groupby("priority_area_code").tail(1)
    return dict(zip(latest["priority_area_code"], latest["rating"], strict=True))


def overdue_milestones(url: str, code: str, as_at: dt.date) -> tuple[int, int]:
    """(overdue, due) straight from the milestone rows: due before as-at and not dropped; overdue when not completed
    by then."""
    rows = stored(
        url,
        "SELECT m.due_date, m.status, m.completed_date FROM milestone m JOIN plan_action a ON a.id = m.plan_action_id "
        "JOIN authority au ON au.id = a.authority_id WHERE au.code = :code",
        code=code,
    )
    due = [(status, done) for day, status, done in rows if pd.Timestamp(day).date() < as_at and status != "dropped"]
    overdue = [
        1 for status, done in due if not (status == "complete" and (done is None or pd.Timestamp(done).date() <= as_at))
    ]
    return len(overdue), len(due)


def every_council_in_intervention_worst_first_as_the_database_holds_it(app: AppTest, seeded_sqlite_url: str):
    assert [t.value for t in app.title] == ["Portfolio"]
    table = councils_table(app)
    interventions = queries.interventions(get_engine(seeded_sqlite_url))
    open_ended = set(interventions.loc[interventions["end_date"].isna(), "authority_code"])
    assert set(table["Code"]) == open_ended and len(table) == 6 and ENDED not in table.index

    engine = get_engine(seeded_sqlite_url)
    for name, row in table.iterrows():
        code = row["Code"]
        ratings = latest_ratings(seeded_sqlite_url, code)
        worst = min(ratings.values(), key=RATING_RANK.__getitem__)
        assert row["Overall rating"] == style.rag_text(worst), name
        red = sum(1 for rating in ratings.values() if rating == "Red")
        assert row["Areas Red"] == f"{red} of {len(queries.priority_areas(engine, code))}", name
        as_at = read_board(engine, code, 5).as_at
        overdue, due = overdue_milestones(seeded_sqlite_url, code, as_at)
        assert row["Milestones overdue"].startswith(f"{overdue} of {due} due"), name
        assert row["Data as at"] == style.format_date(as_at), name

    # The stories: the stuck council on top, the fast improver last, the optimist's ratings flagged, the missed
    # reports counted, the overdue review said.
    assert table.index[0] == STUCK and table.index[-1] == FAST
    assert table.loc[FAST, "Concerns"] == "0"
    assert rules.DISAGREEMENT in table.loc[OPTIMIST, "Concerns"]
    assert int(table.loc[OPTIMIST, "Ratings the data disagrees with"]) >= 3
    assert table.loc[MISSED, "Reports missing"] == "2"
    assert table.loc[MISSED, "Next DfE review"].endswith("(overdue)")
    assert table.loc[RECENT, "Intervention"] == "Children's services commissioner from 31 January 2023"
    # Worst first, by the documented rule, read back from the rows themselves.
    concerns = [0 if text == "0" else int(text.split(":")[0]) for text in table["Concerns"]]
    assert concerns == sorted(concerns, reverse=True)


def a_council_out_of_intervention_shows_only_when_asked_and_last(app: AppTest):
    app.toggle(key="include-ended").set_value(True).run()
    table = councils_table(app)
    assert table.index[-1] == ENDED and len(table) == 7
    assert table.loc[ENDED, "Concerns"] == "out of intervention"
    assert table.loc[ENDED, "Intervention"].endswith("to 31 March 2023")
    assert (
        table.loc[ENDED, "Latest Ofsted"]
        == "Requires improvement to be good (ILACS standard inspection), 10 February 2023"
    )


def test_the_portfolio_on_the_demo_against_the_stored_rows(demo_app, seeded_sqlite_url):
    """One visit, as DfE reads the page (the first run cold, every later click warm): the table against the stored
    rows, its workbook and CSV, the theme grid, then the council out of intervention and the feed for a chosen date
    (each a click on the same page)."""
    app = demo_app("pages/portfolio.py")
    every_council_in_intervention_worst_first_as_the_database_holds_it(app, seeded_sqlite_url)
    the_table_downloads_as_a_workbook_and_csv_with_text_kept_as_text(app)
    the_theme_grid_holds_each_councils_worst_rating_per_theme(app, seeded_sqlite_url)
    a_council_out_of_intervention_shows_only_when_asked_and_last(app)
    the_feed_for_a_chosen_date_lists_what_changed_across_councils(app)


def test_the_filters_keep_the_councils_asked_for(demo_app, seeded_sqlite_url):
    app = demo_app("pages/portfolio.py", intervention="Statutory direction")
    table = councils_table(app)
    assert list(table["Intervention"].str.split(" from ").str[0].unique()) == ["Statutory direction"]


def the_theme_grid_holds_each_councils_worst_rating_per_theme(app: AppTest, seeded_sqlite_url: str):
    grid = next(
        frame.value
        for frame in app.dataframe
        if list(frame.value.columns)[:1] == ["Council"] and "front door" in frame.value.columns
    )
    engine = get_engine(seeded_sqlite_url)
    listed = queries.authorities(engine)
    codes = dict(zip(listed["name"], listed["code"], strict=True))
    for row in grid.itertuples(index=False):
        name = row[0]
        code = codes[name]
        areas = queries.priority_areas(engine, code)
        ratings = latest_ratings(seeded_sqlite_url, code)
        for theme, cell in zip(grid.columns[1:], row[1:], strict=True):
            mine = [
                ratings[a]
                for a, t in zip(areas["priority_area_code"], areas["theme"], strict=True)
                if t == theme and a in ratings
            ]
            expected = style.rag_text(min(mine, key=RATING_RANK.__getitem__)) if mine else None
            if expected is None:
                assert cell in ("—", "not rated yet"), (name, theme)
            else:
                assert cell == expected, (name, theme)


def the_feed_for_a_chosen_date_lists_what_changed_across_councils(app: AppTest):
    app.toggle(key="include-ended").set_value(True).run()
    app.date_input(key="feed-since").set_value(dt.date(2023, 1, 1)).run()
    feed = next(frame.value for frame in app.dataframe if "Detail" in frame.value.columns)
    events = set(zip(feed["When"], feed["Council"], feed["What"], strict=True))
    assert ("31 March 2023", ENDED, "Intervention ended") in events
    assert ("10 February 2023", ENDED, "New Ofsted judgement") in events
    assert ("31 January 2023", RECENT, "Intervention started") in events
    assert any(what == "Report missing or late" and council == MISSED for _w, council, what in events)
    dates = [pd.Timestamp(day) for day in feed["When"]]
    assert dates == sorted(dates, reverse=True) and min(dates) > pd.Timestamp("2023-01-01")


def the_table_downloads_as_a_workbook_and_csv_with_text_kept_as_text(app: AppTest):
    table = councils_table(app).reset_index()
    hostile = table.assign(Adviser='=HYPERLINK("http://x","y")')
    sheet = load_workbook(io.BytesIO(table_workbook(hostile, "portfolio")))["portfolio"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(table.columns) and len(rows) == len(table) + 1
    assert rows[1][list(table.columns).index("Adviser")] == '=HYPERLINK("http://x","y")'
    assert sheet.cell(2, list(table.columns).index("Adviser") + 1).data_type == "s"  # text, never a formula
    csv = style.table_csv(hostile).decode()
    assert "'=HYPERLINK" in csv


@pytest.mark.parametrize("backend", ["sqlite"])  # grants on PostgreSQL: tests/access
def test_only_a_dfe_user_reaches_the_portfolio_and_sees_every_council(seeded_database_url, monkeypatch):
    engine = get_engine(seeded_database_url)
    grant(engine, [Grant("official@education.example", ALL_COUNCILS, Role.DFE)], granted_by="test")
    grant(engine, [Grant("board@sefton.example", "E08000014", Role.BOARD)], granted_by="test")
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    monkeypatch.setenv("SEED_DEMO_DATA", "no")

    def as_user(email: str) -> AppTest:
        app = AppTest.from_file(ENTRY, default_timeout=120)
        app.secrets["auth"] = AUTH
        app.user = {"is_logged_in": True, "email": email}
        app.run()
        app.switch_page("pages/portfolio.py").run()
        assert not app.exception, [e.message for e in app.exception]
        return app

    official = as_user("official@education.example")
    assert [t.value for t in official.title] == ["Portfolio"]
    assert len(councils_table(official)) == 6
    member = as_user("board@sefton.example")
    assert [t.value for t in member.title] == []
    assert any("Portfolio" in e.value for e in member.error)


@pytest.mark.browser
def test_the_review_packs_zip_holds_a_pdf_per_council(seeded_sqlite_url, monkeypatch, chromium_path):
    """The six-monthly review packs for the six months to 30 June 2023, as the page's button makes them, for two
    councils: one with figures in the window (a PDF) and one whose data starts after it (a line in the README)."""
    from improvement.ui import portfolio

    monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)
    codes = ("E08000014", "E06099906")
    archive = zipfile.ZipFile(io.BytesIO(portfolio.review_packs(codes, dt.date(2023, 6, 30))))
    pdfs = sorted(name for name in archive.namelist() if name.endswith(".pdf"))
    readme = archive.read("README.txt").decode().splitlines()
    skipped = [line.split("(")[1].split(")")[0] for line in readme[1:]]
    assert sorted([name.split("-")[0] for name in pdfs] + skipped) == sorted(codes)  # each council: a pack or why not
    assert pdfs and all(archive.read(name).startswith(b"%PDF") for name in pdfs)
    assert readme[0] == "Six-monthly review packs for the six months to 30 June 2023. OFFICIAL-SENSITIVE."


@needs_realdata
def test_benchmarks_across_the_portfolio_from_dfes_real_files(empty_database_url, open_page):
    """DfE's real published statistics and neighbour groupings, and interventions for three real councils (no plan
    of their own): the portfolio lists them and sets each one's newest published figures against England and its
    neighbours, as each council's own Overview does."""
    engine = get_engine(empty_database_url)
    migrate(engine)
    for name in (*PUBLISHED, NEIGHBOURS):
        result = load_source(engine, Source(name, (REALDATA / name).read_bytes()))
        assert result.ok, result.summary()
    interventions = (
        "authority_code,kind,start_date,end_date,adviser,notes\n"
        "E08000014,improvement_notice,2021-06-30,,An Adviser,\n"
        "E08000015,statutory_direction,2022-01-10,,Another Adviser,\n"
        "E06000001,improvement_notice,2023-04-01,,A Third,\n"
    )
    result = load_source(engine, Source("interventions.csv", interventions.encode()))
    assert result.ok, result.summary()

    app = open_page(empty_database_url, "pages/portfolio.py")
    table = councils_table(app)
    assert set(table["Code"]) == {"E08000014", "E08000015", "E06000001"}
    bench = next(frame.value for frame in app.dataframe if "Council's figure" in frame.value.columns)
    assert set(bench["Council"]) == set(table.index)
    caseload = bench[bench["Measure"].str.contains("caseload", case=False)]
    assert len(caseload) == 3 and caseload["England"].nunique() == 1 and (caseload["England"] != "—").all()
    assert (bench["Statistical neighbours (average)"] != "not loaded").all()
    charts = [figure for figure in figures(app) if "councils in intervention" in figure["layout"]["title"]["text"]]
    assert charts, "a benchmark chart across the portfolio"

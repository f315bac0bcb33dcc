"""Every registered page, rendered with Streamlit's AppTest on the seeded demo database.

A page registered in ``dashboard.SECTIONS`` is tested here the moment it is added: it must render without an
exception, show the "data as at" line and the synthetic-data banner, and every chart on it must hold data.
The other tests check that what a user reads equals what is stored.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

import dashboard
from improvement import style
from improvement.access import Permission
from tests.support.apptest import decode, figures
from tests.support.database import add_report_version, latest_submitted_ratings

ALL_PAGES = [spec for specs in dashboard.SECTIONS.values() for spec in specs]

SEFTON_ID = "(SELECT id FROM authority WHERE code = 'E08000014')"  # the demo holds six invented councils too


@pytest.mark.parametrize("spec", ALL_PAGES, ids=[spec.url_path for spec in ALL_PAGES])
def test_every_registered_page_renders_its_header_and_charts_with_data(demo_app, spec):
    app = demo_app(spec.path)

    assert app.title[0].value == spec.title
    header = " ".join(m.value for m in app.markdown)
    if spec.permission is Permission.MANAGE_ACCESS:  # who may do what: about people, not one council
        assert "`OFFICIAL-SENSITIVE`" in header and "Sefton" not in header and not app.main.warning
        return
    if spec.about_a_council:
        assert "Data as at" in header and "Sefton" in header
    else:  # across councils: the marking in the header, each council's data as at in its row and chart captions
        assert "`OFFICIAL-SENSITIVE`" in header
    assert any("Synthetic demo data" in w.value for w in app.warning)
    charts = figures(app)
    assert charts or not spec.has_charts, f"{spec.path} shows no chart"
    for figure in charts:
        title = figure["layout"]["title"]["text"]
        assert any(len(decode(trace.get("y", []))) for trace in figure["data"]), f"empty chart: {title}"
        words = title.replace("<b>", "").replace("</b>", "").split()
        assert len(words) <= 10, title
        caption = " ".join(a["text"] for a in figure["layout"].get("annotations", [])).replace("<br>", " ")
        assert "Data as at" in caption and "SYNTHETIC DEMO DATA" in caption and "OFFICIAL-SENSITIVE" in caption
        # Legends speak words: no trace with text in it has an entry (plotly would draw its 'Aa' glyph there).
        for trace in figure["data"]:
            # Every point sent is drawn: no hidden trace makes the browser download what nobody sees.
            assert trace.get("visible", True) is True, f"{title}: a hidden trace {trace.get('name')}"
            if "text" in trace.get("mode", "") and trace.get("name"):
                assert trace.get("showlegend") is False, f"{title}: legend entry with 'Aa' for {trace['name']}"
        # The title sits at the very top; the legend between it and the plot, with room for its rows.
        layout = figure["layout"]
        assert layout["title"]["yref"] == "container" and layout["title"]["y"] == 1, title
        assert layout["margin"]["t"] >= 56, title


def test_overview_shows_the_latest_submitted_rating_for_each_priority_area(demo_app, seeded_sqlite_url):
    expected = latest_submitted_ratings(seeded_sqlite_url)
    app = demo_app("pages/overview.py")

    table = next(df.value for df in app.dataframe if "Latest rating" in df.value.columns)
    shown = {row["Priority area"].split()[0]: row["Latest rating"] for _, row in table.iterrows()}
    assert shown == {code: style.rag_text(rating) for code, rating in expected.items()}
    badges = " ".join(m.value for m in app.markdown)
    for rating in expected.values():
        assert f"{style.rag_style(rating).glyph} {style.rag_style(rating).label}" in badges


def shown_latest_ratings(app: AppTest) -> dict[str, str]:
    table = next(df.value for df in app.dataframe if "Latest rating" in df.value.columns)
    return {row["Priority area"].split()[0]: row["Latest rating"] for _, row in table.iterrows()}


def test_a_draft_version_is_ignored_until_a_newer_version_is_submitted(demo_app, seeded_database_url):
    before = latest_submitted_ratings(seeded_database_url)
    add_report_version(seeded_database_url, "Blue", status="draft", narrative="DRAFT NOT FOR THE BOARD")

    app = demo_app("pages/overview.py", database_url=seeded_database_url)
    assert shown_latest_ratings(app) == {code: style.rag_text(rating) for code, rating in before.items()}
    history = demo_app("pages/rag_history.py", database_url=seeded_database_url)
    assert "DRAFT NOT FOR THE BOARD" not in " ".join(m.value for m in history.markdown)

    add_report_version(seeded_database_url, "Red", narrative="Resubmitted after challenge")
    app = demo_app("pages/overview.py", database_url=seeded_database_url)
    assert set(shown_latest_ratings(app).values()) == {style.rag_text("Red")}


def stored_observations(url: str, measure_code: str) -> pd.DataFrame:
    statement = sa.text(
        "SELECT o.period, o.value, o.status FROM observation o JOIN measure m ON m.id = o.measure_id "
        f"WHERE m.code = :code AND o.authority_id = {SEFTON_ID} ORDER BY o.period"
    )
    with sa.create_engine(url).connect() as connection:
        return pd.DataFrame(connection.execute(statement, {"code": measure_code}).all(), columns=["p", "v", "s"])


def test_trajectory_chart_plots_exactly_the_stored_observations(demo_app, seeded_sqlite_url):
    with sa.create_engine(seeded_sqlite_url).connect() as connection:
        code = connection.execute(
            sa.text("SELECT code FROM measure WHERE counts_children = false AND unit = 'percent' ORDER BY code")
        ).scalar()
    app = demo_app("pages/trajectories.py", measure=code)

    figure = figures(app)[0]
    actual = next(trace for trace in figure["data"] if trace["name"] == "Actual")
    stored = stored_observations(seeded_sqlite_url, code)
    plotted = [None if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in decode(actual["y"])]
    assert plotted == pytest.approx(stored["v"].tolist())
    assert [x[:10] for x in decode(actual["x"])] == [str(p)[:10] for p in stored["p"]]


def test_small_counts_about_children_show_as_c_in_chart_and_table(demo_app, seeded_sqlite_url):
    with sa.create_engine(seeded_sqlite_url).connect() as connection:
        code = connection.execute(sa.text("SELECT code FROM measure WHERE counts_children = true")).scalar()
    app = demo_app("pages/trajectories.py", measure=code)

    stored = stored_observations(seeded_sqlite_url, code)
    small = stored[(stored["v"] > 0) & (stored["v"] < 5) | stored["s"].notna()]
    assert len(small), "the demo data should hold small counts"
    table = next(df.value for df in app.dataframe if "Actual" in df.value.columns)
    assert (table["Actual"] == "c").sum() == len(small)
    actual = next(trace for trace in figures(app)[0]["data"] if trace["name"] == "Actual")
    plotted = decode(actual["y"])
    assert all(v is None or np.isnan(v) or v >= 5 or v == 0 for v in plotted)


def test_query_parameters_choose_the_priority_area_and_team(demo_app):
    app = demo_app("pages/priority_areas.py", area="PA2")
    assert app.subheader[0].value.startswith("PA2 ")
    assert app.selectbox(key="area").value == "PA2"

    app = demo_app("pages/caseloads.py", team="Leaving Care")
    assert app.selectbox(key="team").value == "Leaving Care"
    assert "Leaving Care" in figures(app)[0]["layout"]["title"]["text"]


def test_every_chart_can_be_read_as_a_table_and_downloaded(demo_app):
    for spec in [spec for spec in ALL_PAGES if spec.has_charts]:
        app = demo_app(spec.path)
        tables = len(app.dataframe)
        assert tables >= len(figures(app)), spec.path
        assert any(e.label.startswith("Show as a table") for e in app.expander), spec.path


def test_overview_shows_when_the_next_report_and_dfe_review_are_due(demo_app, seeded_sqlite_url):
    with sa.create_engine(seeded_sqlite_url).connect() as connection:
        last_report = connection.execute(
            sa.text(
                f"SELECT MAX(report_date) FROM rag_report WHERE status = 'submitted' AND authority_id = {SEFTON_ID}"
            )
        ).scalar()
        last_review = connection.execute(
            sa.text(f"SELECT MAX(meeting_date) FROM meeting WHERE kind = 'dfe_review' AND authority_id = {SEFTON_ID}")
        ).scalar()
    last_report = pd.Timestamp(last_report)
    app = demo_app("pages/overview.py")

    metrics = {m.label: m for m in app.metric}
    assert metrics["Last six-weekly report"].value == style.format_date(last_report)
    assert metrics["Next six-weekly report due"].value == style.format_date(last_report + pd.Timedelta(weeks=6))
    review_due = pd.Timestamp(last_review) + pd.DateOffset(months=6)
    assert metrics["Next DfE six-monthly review"].value == style.format_date(review_due)
    # The demo data ends on 30 June 2023 with no review recorded since December 2022: the board must see that.
    assert metrics["Next DfE six-monthly review"].proto.delta == "Overdue"


def test_trajectory_titles_state_the_latest_value_whether_the_row_comes_from_a_frame_or_a_dict(demo_app):
    from improvement.charting import ChartContext
    from improvement.topics.plan import rules as measures
    from improvement.topics.plan.charts import trajectory_chart
    from improvement.ui.data import board_data

    app = demo_app("pages/trajectories.py", measure="social_worker_caseload")
    shown = figures(app)[0]["layout"]["title"]["text"]
    data = board_data("E08000014")
    row = data.progress.set_index("measure_code").loc["social_worker_caseload"]
    as_series = row.copy()
    as_series["measure_code"] = "social_worker_caseload"  # a pandas row: a missing status is NaN, not None
    series = measures.measure_series(data.observations, data.trajectories, "social_worker_caseload", row["polarity"])
    context = ChartContext("Sefton", data.as_at, "OFFICIAL-SENSITIVE", True)
    title = trajectory_chart(as_series, series, context).title
    assert "not published" not in title and "not published" not in shown
    assert style.format_value(row["latest_value"], "ratio") in title


def test_the_overviews_attention_row_says_what_every_other_page_says(demo_app, seeded_sqlite_url):
    """Milestones overdue, measures off track, high risks, disagreements and late reports on the first screen are
    the Action plan's, the Trajectories', the Risks', the Priority areas' and the Reporting rhythm's own figures."""
    overview = demo_app("pages/overview.py")
    tiles = {metric.label: metric.value for metric in overview.metric}

    action_plan = demo_app("pages/action_plan.py")
    overdue = next(h.value for h in action_plan.header if h.value.startswith("Overdue ("))
    assert tiles["Milestones overdue"] == f"{overdue[len('Overdue (') : -1]} of {milestones_total(seeded_sqlite_url)}"

    trajectories = demo_app("pages/trajectories.py")
    summary = next(df.value for df in trajectories.dataframe if "Months off trajectory" in df.value.columns)
    assert tiles["Measures off track"] == f"{(summary['Trajectory'] == 'Off track').sum()} of {len(summary)}"

    with sa.create_engine(seeded_sqlite_url).connect() as connection:
        high = connection.execute(
            sa.text(
                f"SELECT count(*) FROM risk r WHERE r.authority_id = {SEFTON_ID} AND r.status = 'open' AND "
                "(SELECT v.likelihood * v.impact FROM "
                "risk_review v WHERE v.risk_id = r.id ORDER BY v.review_date DESC LIMIT 1) >= 15"
            )
        ).scalar()
        open_risks = connection.execute(
            sa.text(f"SELECT count(*) FROM risk WHERE status = 'open' AND authority_id = {SEFTON_ID}")
        ).scalar()
    assert tiles["High risks open"] == f"{high} of {open_risks} open"

    rhythm_page = demo_app("pages/reporting_rhythm.py")
    counts = {metric.label: metric.value for metric in rhythm_page.metric}
    late_or_missing = int(counts["Late"]) + int(counts["Missing"])
    assert tiles["Reports late or missing"] == f"{late_or_missing} of {counts['Reports due']}"

    flagged = [w.value for w in overview.main.warning if "Synthetic demo data" not in w.value]
    assert tiles["Ratings the data disagrees with"] == f"{len(flagged)} of 5"
    sentence = next(m.value for m in overview.markdown if m.value.startswith("**At "))
    assert f"{tiles['Milestones overdue'].split()[0]} of {milestones_total(seeded_sqlite_url)} milestones overdue" in (
        sentence
    )


def milestones_total(url: str) -> int:
    with sa.create_engine(url).connect() as connection:
        return connection.execute(
            sa.text(
                "SELECT count(*) FROM milestone m JOIN plan_action a ON a.id = m.plan_action_id "
                f"WHERE a.authority_id = {SEFTON_ID}"
            )
        ).scalar()

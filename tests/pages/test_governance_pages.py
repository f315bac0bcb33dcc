"""The Action plan and Risks pages show what is stored: each figure checked against SQL on the demo database.

The demo seed stores each council as its own load (Sefton's, the pages' default council, first), so plain SQL
over Sefton's rows is the stored truth here; the last test loads a correction on both backends and checks that the
page shows the newest load.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
import sqlalchemy as sa

from loaders.run import Source, load_source
from tests.support.apptest import decode, figures

SEFTON = "E08000014"
SEFTON_ID = "(SELECT id FROM authority WHERE code = 'E08000014')"  # the demo holds six invented councils too


def rows(url: str, sql: str, **params) -> list[tuple]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def as_at(app) -> dt.date:
    header = " ".join(m.value for m in app.markdown)
    return dt.datetime.strptime(re.search(r"Data as at \*\*(.+?)\*\*", header).group(1), "%d %B %Y").date()


def table_with(app, column: str, index: int = 0) -> pd.DataFrame:
    return [df.value for df in app.dataframe if column in df.value.columns][index]


MILESTONES_SQL = f"""
    SELECT a.reference, m.title, m.due_date, m.status, a.owner FROM milestone m
    JOIN plan_action a ON a.id = m.plan_action_id WHERE a.authority_id = {SEFTON_ID}
"""


# --- Action plan -------------------------------------------------------------------------------------------------


def test_action_plan_lists_exactly_the_stored_overdue_and_due_soon_milestones(demo_app, seeded_sqlite_url):
    app = demo_app("pages/action_plan.py")
    when = as_at(app)
    stored = rows(seeded_sqlite_url, MILESTONES_SQL)
    unfinished = [(r, t, pd.Timestamp(d).date()) for r, t, d, s, _ in stored if s not in ("complete", "dropped")]
    overdue = sorted((d, r, t) for r, t, d in unfinished if d < when)
    soon = sorted((d, r, t) for r, t, d in unfinished if when <= d <= when + dt.timedelta(weeks=6))
    assert overdue and soon, "the demo data should hold both"

    shown_overdue, shown_soon = table_with(app, "Days from data as at", 0), table_with(app, "Days from data as at", 1)
    assert shown_overdue["Milestone"].tolist() == [t for _, _, t in overdue]
    assert shown_overdue["Action"].str.split().str[0].tolist() == [r for _, r, _ in overdue]
    assert shown_overdue["Days from data as at"].tolist() == [
        f"{(when - d).days} day{'s' if (when - d).days != 1 else ''} overdue" for d, _, _ in overdue
    ]
    assert shown_soon["Milestone"].tolist() == [t for _, _, t in soon]
    assert any(h.value == f"Overdue ({len(overdue)})" for h in app.header)

    timeline = figures(app)[0]
    assert timeline["layout"]["title"]["text"] == f"<b>{len(overdue)} of {len(stored)} milestones overdue at " + (
        f"{when.day} {when:%B %Y}</b>"
    )
    overdue_trace = next(t for t in timeline["data"] if t.get("name") == "Overdue: due date")
    assert sorted(x[:10] for x in decode(overdue_trace["x"])) == [f"{d:%Y-%m-%d}" for d, _, _ in overdue]


def test_action_plan_filters_by_owner_and_status_kept_in_the_url(demo_app, seeded_sqlite_url):
    stored = rows(seeded_sqlite_url, MILESTONES_SQL)
    owner = sorted({o for *_, s, o in stored if s in ("complete", "in_progress")})[0]
    expected = sorted(t for r, t, d, s, o in stored if o == owner and s in ("complete", "in_progress"))
    assert expected

    app = demo_app("pages/action_plan.py", owner=owner, status=["complete", "in_progress"])

    assert app.multiselect(key="owner").value == [owner]
    assert app.multiselect(key="status").value == ["complete", "in_progress"]
    assert app.query_params["owner"] == owner and app.query_params["status"] == ["complete", "in_progress"]
    shown = table_with(app, "State")
    assert sorted(shown["Milestone"]) == expected
    assert set(shown["Owner"]) == {owner}
    assert any(f"owner: {owner}" in a["text"] for a in figures(app)[0]["layout"]["annotations"])


def test_completion_chart_ends_with_the_stored_share_of_due_milestones_completed(demo_app, seeded_sqlite_url):
    app = demo_app("pages/action_plan.py")
    when = pd.Timestamp(as_at(app))
    month_end = when + pd.offsets.MonthEnd(0)
    stored = rows(
        seeded_sqlite_url,
        f"""SELECT pa.code, m.due_date, m.status, m.completed_date FROM milestone m
           JOIN plan_action a ON a.id = m.plan_action_id JOIN priority_area pa ON pa.id = a.priority_area_id
           WHERE m.status <> 'dropped' AND a.authority_id = {SEFTON_ID}""",
    )
    chart = next(f for f in figures(app) if f["layout"]["title"]["text"].endswith("were completed</b>"))
    for trace in chart["data"]:
        mine = [r for r in stored if r[0] == trace["name"]]
        due = [r for r in mine if pd.Timestamp(r[1]) <= month_end]
        done = [r for r in due if r[2] == "complete" and pd.Timestamp(r[3]) <= month_end]
        assert decode(trace["y"])[-1] == pytest.approx(100 * len(done) / len(due)), trace["name"]


# --- Risks -------------------------------------------------------------------------------------------------------

LATEST_REVIEWS_SQL = f"""
    SELECT r.reference, r.status, v.likelihood, v.impact, r.owner, r.mitigation FROM risk r
    JOIN risk_review v ON v.risk_id = r.id
    WHERE r.authority_id = {SEFTON_ID}
      AND v.review_date = (SELECT MAX(v2.review_date) FROM risk_review v2 JOIN risk r2 ON r2.id = v2.risk_id
                           WHERE r2.reference = r.reference AND r2.authority_id = r.authority_id)
"""


def test_risk_matrix_cells_hold_the_stored_count_of_open_risks_by_latest_review(demo_app, seeded_sqlite_url):
    counts = {}
    for _, status, likelihood, impact, *_ in rows(seeded_sqlite_url, LATEST_REVIEWS_SQL):
        if status == "open":
            counts[(likelihood, impact)] = counts.get((likelihood, impact), 0) + 1
    app = demo_app("pages/risks.py")

    heatmap = figures(app)[0]["data"][0]
    for row_label, texts in zip(heatmap["y"], heatmap["text"], strict=True):
        for column_label, text in zip(heatmap["x"], texts, strict=True):
            cell = (int(row_label.split()[0]), int(column_label.split()[0]))
            assert int(text) == counts.get(cell, 0), cell
    open_count = rows(
        seeded_sqlite_url, f"SELECT COUNT(*) FROM risk WHERE status = 'open' AND authority_id = {SEFTON_ID}"
    )[0][0]
    assert sum(int(t) for texts in heatmap["text"] for t in texts) == open_count


def test_top_risks_are_the_open_risks_with_the_highest_latest_score(demo_app, seeded_sqlite_url):
    latest = [
        (-(lk * im), -im, -lk, ref, owner, mitigation)
        for ref, status, lk, im, owner, mitigation in rows(seeded_sqlite_url, LATEST_REVIEWS_SQL)
        if status == "open"
    ]
    expected = sorted(latest)[:5]
    app = demo_app("pages/risks.py")

    top = table_with(app, "Mitigation")
    assert top["Risk"].str.split().str[0].tolist() == [row[3] for row in expected]
    assert top["Score"].tolist() == [-row[0] for row in expected]
    assert top["Owner"].tolist() == [row[4] for row in expected]
    assert top["Mitigation"].tolist() == [row[5] for row in expected]


def test_a_risks_score_series_equals_its_stored_reviews(demo_app, seeded_sqlite_url):
    reviews = rows(
        seeded_sqlite_url,
        "SELECT v.review_date, v.likelihood * v.impact FROM risk_review v JOIN risk r ON r.id = v.risk_id "
        f"WHERE r.reference = 'R03' AND r.authority_id = {SEFTON_ID} ORDER BY v.review_date",
    )
    app = demo_app("pages/risks.py", risk="R03")

    assert app.multiselect(key="risk").value == ["R03"]
    chart = next(f for f in figures(app) if f["layout"]["title"]["text"].startswith("<b>Risk R03"))
    (trace,) = chart["data"]
    assert decode(trace["y"]) == [score for _, score in reviews]
    assert [x[:10] for x in decode(trace["x"])] == [str(day)[:10] for day, _ in reviews]


def test_raised_and_closed_per_month_add_up_to_the_stored_register(demo_app, seeded_sqlite_url):
    raised, closed = rows(
        seeded_sqlite_url, f"SELECT COUNT(raised_date), COUNT(closed_date) FROM risk WHERE authority_id = {SEFTON_ID}"
    )[0]
    app = demo_app("pages/risks.py")

    table = table_with(app, "Open at month end")
    assert table["Raised"].sum() == raised and table["Closed"].sum() == closed
    assert table["Open at month end"].iloc[-1] == raised - closed


def test_a_corrected_review_replaces_what_the_risks_page_shows(demo_app, seeded_database_url):
    reference, review_date = rows(
        seeded_database_url,
        "SELECT r.reference, MAX(v.review_date) FROM risk r JOIN risk_review v ON v.risk_id = r.id "
        f"WHERE r.status = 'open' AND r.authority_id = {SEFTON_ID} GROUP BY r.reference ORDER BY r.reference",
    )[0]
    engine = sa.create_engine(seeded_database_url)
    content = f"authority_code,risk_reference,review_date,likelihood,impact\n{SEFTON},{reference},{review_date},5,5\n"
    result = load_source(engine, Source("risk_reviews.csv", content.encode()))
    engine.dispose()
    assert result.ok, result.summary()

    app = demo_app("pages/risks.py", database_url=seeded_database_url)
    heatmap = figures(app)[0]["data"][0]
    assert heatmap["y"][0] == "5 Almost certain" and heatmap["x"][4] == "5 Severe"
    assert int(heatmap["text"][0][4]) >= 1
    top = table_with(app, "Mitigation")
    assert top["Risk"].iloc[0].startswith(reference) and top["Score"].iloc[0] == 25

"""The six-monthly review pack's rules (improvement/topics/review/rules.py) on small hand-made frames, its charts in the
briefing pack, and the Six-monthly review pack page against the stored rows on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest
import sqlalchemy as sa

from improvement import pack, style
from improvement.charting import ChartContext
from improvement.topics.review import charts as review_charts
from improvement.topics.review import rules as review
from improvement.topics.review import tables as review_tables
from improvement.topics.review import view as review_view
from tests.support.apptest import figures

D = dt.date
T = pd.Timestamp
PAGE = "pages/review_pack.py"
CONTEXT = ChartContext(authority="Testshire", data_as_at=D(2022, 12, 31), marking="OFFICIAL", synthetic=True)
WINDOW = review.window_ending(D(2022, 7, 15), "DfE review 15 July 2022")  # after 15 Jan 2022, up to 15 Jul 2022

AREAS = pd.DataFrame(
    {
        "priority_area_code": ["PA1", "PA2", "PA3", "PA4"],
        "title": ["PLO", "Supervision", "Quality assurance", "Caseloads"],
        "sort_order": [1, 2, 3, 4],
    }
)

SEFTON_MILESTONE = (  # a milestone of Sefton's plan
    "plan_action_id IN (SELECT id FROM plan_action WHERE authority_id = "
    "(SELECT id FROM authority WHERE code = 'E08000014'))"
)
SEFTON_ID = "(SELECT id FROM authority WHERE code = 'E08000014')"  # the demo holds six invented councils too


def ratings(*rows: tuple[str, dt.date, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "report_date": T(day),
                "priority_area_code": code,
                "rating": rating,
                "narrative": f"{code} on {day}",
                "overall_narrative": f"Report {day}",
            }
            for code, day, rating in rows
        ],
        columns=["report_date", "priority_area_code", "rating", "narrative", "overall_narrative"],
    )


def milestones(*rows: tuple[str, dt.date, str, dt.date | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "priority_area_code": "PA1",
                "reference": f"PA1.{number}",
                "action": "An action",
                "owner": "Head of Service",
                "milestone": name,
                "due_date": T(due),
                "status": status,
                "completed_date": T(done) if done else pd.NaT,
            }
            for number, (name, due, status, done) in enumerate(rows, start=1)
        ],
        columns=[
            "priority_area_code",
            "reference",
            "action",
            "owner",
            "milestone",
            "due_date",
            "status",
            "completed_date",
        ],
    )


def risks(*rows: tuple[str, dt.date, dt.date | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "reference": reference,
                "title": f"Risk {reference}",
                "priority_area_code": None,
                "owner": "DCS",
                "mitigation": "Mitigate",
                "status": "closed" if closed else "open",
                "raised_date": T(raised),
                "closed_date": T(closed) if closed else pd.NaT,
            }
            for reference, raised, closed in rows
        ],
        columns=[
            "reference",
            "title",
            "priority_area_code",
            "owner",
            "mitigation",
            "status",
            "raised_date",
            "closed_date",
        ],
    )


def reviews(*rows: tuple[str, dt.date, int, int]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"risk_reference": r, "review_date": T(d), "likelihood": li, "impact": im} for r, d, li, im in rows],
        columns=["risk_reference", "review_date", "likelihood", "impact"],
    )


# --- windows -----------------------------------------------------------------------------------------------


def test_windows_end_on_each_dfe_review_held_and_on_the_as_at_date_newest_first():
    meetings = pd.DataFrame(
        {
            "kind": ["dfe_review", "board_meeting", "dfe_review", "dfe_review"],
            "meeting_date": [T(2021, 12, 9), T(2022, 1, 20), T(2022, 6, 9), T(2023, 1, 12)],
        }
    )
    windows = review.review_windows(meetings, D(2022, 12, 31))

    assert [(w.start, w.end) for w in windows] == [
        (D(2022, 6, 30), D(2022, 12, 31)),
        (D(2021, 12, 9), D(2022, 6, 9)),
        (D(2021, 6, 9), D(2021, 12, 9)),
    ]
    assert windows[0].label == "30 June 2022 to 31 December 2022 (data as at 31 December 2022)"
    assert windows[1].key == "2022-06-09" and "DfE review 9 June 2022" in windows[1].label
    # On the day of a review, no second window ends on the same date.
    assert len(review.review_windows(meetings, D(2022, 6, 9))) == 2


def test_a_window_holds_dates_after_its_start_up_to_and_including_its_end():
    inside = WINDOW.contains(pd.Series([T(2022, 1, 15), T(2022, 1, 16), T(2022, 7, 15), T(2022, 7, 16), pd.NaT]))

    assert list(inside) == [False, True, True, False, False]


def test_a_window_counts_a_time_as_its_day_and_answers_for_one_date():
    # The digest's window between two board meetings and a report's period are this window too.
    times = pd.Series([T("2022-01-15 09:00"), T("2022-07-15 23:59"), T("2022-07-16 00:00")])
    assert list(WINDOW.contains(times)) == [False, True, False]
    assert WINDOW.holds(T("2022-07-15 23:59")) and WINDOW.holds(D(2022, 1, 16))
    assert not WINDOW.holds(D(2022, 1, 15)) and not WINDOW.holds(None) and not WINDOW.holds(pd.NaT)
    assert (WINDOW.start_time, WINDOW.end_time) == (T(2022, 1, 15), T(2022, 7, 15))
    unnamed = review.Window(D(2022, 1, 15), D(2022, 7, 15))
    assert unnamed.label == "15 January 2022 to 15 July 2022"  # no reason given: none in brackets
    assert unnamed.contains(times).tolist() == [False, True, False]


def test_the_rating_in_force_at_a_date_can_bring_its_narrative():
    rated = ratings(("PA1", D(2022, 1, 7), "Red"), ("PA1", D(2022, 5, 13), "Amber"), ("PA2", D(2022, 5, 13), "Green"))
    at = review.ratings_at(rated, T(2022, 5, 13), also=["narrative"])
    assert at.to_dict("records") == [
        {
            "priority_area_code": "PA1",
            "report_date": T(2022, 5, 13),
            "rating": "Amber",
            "narrative": "PA1 on 2022-05-13",
        },
        {
            "priority_area_code": "PA2",
            "report_date": T(2022, 5, 13),
            "rating": "Green",
            "narrative": "PA2 on 2022-05-13",
        },
    ]
    assert list(review.ratings_at(rated, D(2022, 5, 12)).columns) == ["priority_area_code", "report_date", "rating"]
    assert review.ratings_at(rated, D(2022, 5, 12))["rating"].tolist() == ["Red"]


# --- RAG movement ------------------------------------------------------------------------------------------


def test_rag_movement_compares_the_ratings_in_force_at_the_window_start_and_end():
    rated = ratings(
        ("PA1", D(2022, 1, 7), "Red"),
        ("PA2", D(2022, 1, 7), "Green"),
        ("PA1", D(2022, 5, 13), "Amber"),
        ("PA2", D(2022, 5, 13), "Amber"),
        ("PA3", D(2022, 5, 13), "Amber"),
        ("PA1", D(2022, 8, 5), "Green"),  # after the window: not its end rating
    )
    movement = review.rag_movement(rated, AREAS, WINDOW).set_index("priority_area_code")

    assert movement.loc["PA1", ["start_rating", "end_rating", "movement"]].tolist() == ["Red", "Amber", "improved"]
    assert movement.loc["PA1", "end_report"] == T(2022, 5, 13)
    assert movement.loc["PA2", ["start_rating", "end_rating", "movement"]].tolist() == ["Green", "Amber", "worsened"]
    assert movement.loc["PA3", "movement"] == review.FIRST_RATED and pd.isna(movement.loc["PA3", "start_rating"])
    assert movement.loc["PA4", "movement"] == review.NOT_RATED

    chart = review_charts.review_rag_chart(movement.reset_index(), WINDOW, CONTEXT)
    assert chart.title == "Priority areas: 1 improved, 1 worsened, 1 first rated"
    assert list(chart.table["Rating at start"]) == ["✖ Red", "● Green", "—", "—"]
    assert list(chart.table["Rating at end"]) == ["▲ Amber", "▲ Amber", "▲ Amber", "—"]
    assert "PA1: ✖ Red to ▲ Amber, improved" in chart.alt_text


# --- measures at the window's ends -------------------------------------------------------------------------

PLAN = pd.DataFrame(
    {
        "measure_code": ["caseload", "visits"],
        "name": ["Social worker caseload", "CP visits within 10 working days"],
        "unit": ["ratio", "percent"],
        "polarity": ["lower_is_better", "higher_is_better"],
        "priority_area_code": ["PA4", "PA2"],
    }
)


def test_measures_are_judged_in_the_latest_month_ended_by_each_end_and_a_suppressed_month_is_not_judged():
    months = [T(2021, 12, 1), T(2022, 1, 1), T(2022, 6, 1), T(2022, 7, 1)]
    observations = pd.DataFrame(
        {
            "measure_code": ["caseload"] * 4 + ["visits"] * 4,
            "period": months * 2,
            "value": [19.0, 18.0, 17.4, 16.0, 70.0, 72.0, None, 90.0],
            "status": [None, None, None, None, None, None, "c", None],
        }
    )
    trajectories = pd.DataFrame(
        {
            "measure_code": ["caseload"] * 4 + ["visits"] * 4,
            "period": months * 2,
            "planned_value": [18.5, 18.2, 17.0, 16.5, 71.0, 72.0, 80.0, 82.0],
        }
    )
    at_ends = review.measures_at_ends(PLAN, observations, trajectories, WINDOW).set_index("measure_code")

    # Start 15 Jan 2022: December is the latest month ended. End 15 Jul 2022: June (July has not ended).
    assert at_ends.loc["caseload", "start_period"] == T(2021, 12, 1)
    assert at_ends.loc["caseload", ["start_value", "start_planned", "start_judgement"]].tolist() == [
        19.0,
        18.5,
        review.OFF,
    ]
    assert at_ends.loc["caseload", ["end_period", "end_value", "end_judgement"]].tolist() == [
        T(2022, 6, 1),
        17.4,
        review.OFF,
    ]
    assert at_ends.loc["visits", "start_judgement"] == review.OFF
    assert at_ends.loc["visits", ["end_status", "end_judgement"]].tolist() == ["c", review.NOT_JUDGED]

    table = review_tables.review_measures_table(at_ends.reset_index())
    assert table.loc[0, "Start: actual vs planned"] == "19.0 vs 18.5 planned (Dec 2021)"
    assert table.loc[1, "End: actual vs planned"] == "c vs 80.0% planned (Jun 2022)"
    assert table.loc[1, "End: on trajectory"] == "– Not judged"
    chart = review_charts.review_measures_chart(at_ends.reset_index(), WINDOW, CONTEXT)
    assert chart.title == "0 of 2 measures on trajectory, from 0"


# --- actions and risks ----------------------------------------------------------------------------------------


def test_actions_completed_in_the_window_and_those_due_in_it_but_not_complete_by_its_end():
    plan = milestones(
        ("done early", D(2022, 3, 1), "complete", D(2022, 2, 20)),
        ("done late, in the window", D(2022, 2, 1), "complete", D(2022, 3, 10)),
        ("done before the window", D(2022, 1, 1), "complete", D(2022, 1, 10)),
        ("due in window, done after its end", D(2022, 6, 1), "complete", D(2022, 8, 1)),
        ("due in window, not done", D(2022, 7, 1), "in_progress", None),
        ("due in window, dropped", D(2022, 5, 1), "dropped", None),
        ("due after the window", D(2022, 9, 1), "not_started", None),
    )
    completed = review.actions_completed(plan, WINDOW)
    slipped = review.actions_slipped(plan, WINDOW)

    assert list(completed["milestone"]) == ["done early", "done late, in the window"]
    assert list(completed["days_late"]) == [0, 37]
    assert list(slipped["milestone"]) == ["due in window, done after its end", "due in window, not done"]
    assert list(slipped["days_overdue_at_end"]) == [44, 14]
    assert list(review_tables.review_completed_table(completed)["Against due date"]) == ["On time", "Late by 37 days"]
    assert list(review_tables.review_slipped_table(slipped)["Status now"]) == ["Complete", "In progress"]


def test_risks_opened_and_closed_in_the_window_with_their_score_at_its_end():
    register = risks(
        ("R01", D(2021, 11, 1), D(2022, 3, 1)),  # closed in the window
        ("R02", D(2022, 2, 1), None),  # opened in the window
        ("R03", D(2022, 7, 20), None),  # opened after it
    )
    scores = reviews(
        ("R01", D(2021, 11, 1), 4, 4),
        ("R01", D(2022, 2, 1), 2, 3),
        ("R02", D(2022, 2, 1), 3, 5),
        ("R02", D(2022, 8, 1), 1, 5),  # after the window's end
    )
    opened = review.risks_opened(register, scores, WINDOW)
    closed = review.risks_closed(register, scores, WINDOW)

    assert list(opened["reference"]) == ["R02"] and opened["score"].tolist() == [15]
    assert list(closed["reference"]) == ["R01"] and closed["score"].tolist() == [6]
    shown = review_tables.review_risks_table(opened)
    assert shown.loc[0, "Score at window end"] == "15 (likelihood 3 × impact 5)"


def test_a_window_with_nothing_in_it_shows_empty_sections_and_charts_that_say_so():
    data = SimpleNamespace(
        ratings=ratings(),
        priority_areas=AREAS,
        plan_measures=PLAN.iloc[0:0],
        observations=pd.DataFrame(columns=["measure_code", "period", "value", "status"]),
        trajectories=pd.DataFrame(columns=["measure_code", "period", "planned_value"]),
        milestones=milestones(),
        risks=risks(),
        risk_reviews=reviews(),
    )
    result = review_view.review_pack(data, WINDOW)

    assert set(result.rag["movement"]) == {review.NOT_RATED}
    for frame in (result.measures, result.completed, result.slipped, result.opened, result.closed, result.narratives):
        assert frame.empty
    assert (
        review_charts.review_rag_chart(result.rag, WINDOW, CONTEXT).title
        == "No priority area rated by the end of this window"
    )
    assert (
        review_charts.review_measures_chart(result.measures, WINDOW, CONTEXT).title
        == "0 of 0 measures on trajectory, from 0"
    )


def test_narratives_are_the_reports_dated_in_the_window():
    rated = ratings(("PA1", D(2022, 1, 15), "Red"), ("PA1", D(2022, 4, 1), "Amber"), ("PA1", D(2022, 7, 15), "Green"))

    assert list(review.narratives(rated, WINDOW)["report_date"]) == [T(2022, 4, 1), T(2022, 7, 15)]


# --- the briefing pack -----------------------------------------------------------------------------------------


def test_the_briefing_pack_adds_the_review_packs_charts_when_a_window_is_chosen(seeded_database_url, monkeypatch):
    from improvement.ui.data import board_data

    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    data = board_data("E08000014")
    context = ChartContext(data.authority_name, data.as_at, "OFFICIAL-SENSITIVE", data.synthetic)
    window = review.review_windows(data.meetings, data.as_at)[1]

    without = pack.briefing_charts(data, context)
    with_review = pack.briefing_charts(data, context, review_window=window)

    assert [c.name for c in with_review[: len(without)]] == [c.name for c in without]
    added = with_review[len(without) :]
    assert [c.name for c in added] == [f"review-rag-{window.key}", f"review-measures-{window.key}"]
    assert all(style.format_date(window.end) in c.caption for c in added)


# --- the page, against the stored rows ---------------------------------------------------------------------


@pytest.fixture
def open_page(open_page):
    """The review pack page on the database at ``url``."""
    return lambda url, **query: open_page(url, PAGE, **query)


def stored(url: str, sql: str, **params) -> list[tuple]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(sql), params).all()
    engine.dispose()
    return rows


RATING_AT = f"""
    SELECT pa.code, rr.rating FROM rag_rating rr
    JOIN rag_report r ON r.id = rr.rag_report_id
    JOIN priority_area pa ON pa.id = rr.priority_area_id
    WHERE r.status = 'submitted' AND r.authority_id = {SEFTON_ID}
      AND r.report_date = (SELECT MAX(report_date) FROM rag_report WHERE status = 'submitted' AND report_date <= :day
                           AND authority_id = r.authority_id)
      AND r.version = (SELECT MAX(version) FROM rag_report r2
                       WHERE r2.report_date = r.report_date AND r2.status = 'submitted'
                         AND r2.authority_id = r.authority_id)
"""


def test_the_page_shows_the_chosen_windows_movement_actions_risks_and_narratives_as_stored(
    open_page, seeded_database_url
):
    start, end = D(2022, 6, 8), D(2022, 12, 8)  # the window ending on the demo's third DfE review
    app = open_page(seeded_database_url, window=end.isoformat())

    assert app.selectbox(key="window").value == end.isoformat()
    rag = next(df.value for df in app.dataframe if "Rating at start" in df.value.columns)
    at_start, at_end = (
        dict(stored(seeded_database_url, RATING_AT, day=start)),
        dict(stored(seeded_database_url, RATING_AT, day=end)),
    )
    shown = {
        row["Priority area"].split()[0]: (row["Rating at start"], row["Rating at end"]) for _, row in rag.iterrows()
    }
    assert shown == {code: (style.rag_text(at_start[code]), style.rag_text(at_end[code])) for code in at_end}

    metrics = {m.label: m.value for m in app.metric}
    window = {"start": start, "end": end}
    completed = stored(
        seeded_database_url,
        f"SELECT COUNT(*) FROM milestone WHERE {SEFTON_MILESTONE} AND completed_date > :start "
        "AND completed_date <= :end AND status <> 'dropped'",
        **window,
    )[0][0]
    slipped = stored(
        seeded_database_url,
        f"SELECT COUNT(*) FROM milestone WHERE {SEFTON_MILESTONE} AND due_date > :start AND due_date <= :end "
        "AND status <> 'dropped' "
        "AND (completed_date IS NULL OR completed_date > :end) "
        "AND NOT (status = 'complete' AND completed_date IS NULL)",
        **window,
    )[0][0]
    opened = stored(
        seeded_database_url,
        f"SELECT COUNT(*) FROM risk WHERE authority_id = {SEFTON_ID} AND raised_date > :start AND raised_date <= :end",
        **window,
    )[0][0]
    closed = stored(
        seeded_database_url,
        f"SELECT COUNT(*) FROM risk WHERE authority_id = {SEFTON_ID} AND closed_date > :start AND closed_date <= :end",
        **window,
    )[0][0]
    assert (metrics["Milestones completed"], metrics["Milestones slipped"]) == (str(completed), str(slipped))
    assert (metrics["Risks opened"], metrics["Risks closed"]) == (str(opened), str(closed))

    report_dates = stored(
        seeded_database_url,
        f"SELECT DISTINCT report_date FROM rag_report WHERE status = 'submitted' AND authority_id = {SEFTON_ID} "
        "AND report_date > :start AND report_date <= :end ORDER BY report_date",
        **window,
    )
    labels = [e.label for e in app.expander if e.label.startswith("Report of ")]
    assert labels == [f"Report of {style.format_date(pd.Timestamp(day))}" for (day,) in report_dates]

    # The measures table: the end figure is November 2022's stored value against its planned value.
    value, planned = stored(
        seeded_database_url,
        "SELECT o.value, t.planned_value FROM observation o JOIN measure m ON m.id = o.measure_id "
        "JOIN trajectory_point t ON t.measure_id = m.id AND t.period = o.period AND t.authority_id = o.authority_id "
        f"WHERE m.code = 'social_worker_caseload' AND o.period = :period AND o.authority_id = {SEFTON_ID}",
        period=D(2022, 11, 1),
    )[0]
    measures_table = next(df.value for df in app.dataframe if "End: actual vs planned" in df.value.columns)
    row = measures_table[measures_table["Measure"] == "Social worker caseload"].iloc[0]
    assert row["End: actual vs planned"] == (
        f"{style.format_value(value, 'ratio')} vs {style.format_value(planned, 'ratio')} planned (Nov 2022)"
    )
    assert row["End: on trajectory"] == ("✔ On trajectory" if value <= planned else "✖ Off trajectory")

    titles = [figure["layout"]["title"]["text"] for figure in figures(app)]
    assert len(titles) == 2
    hint = " ".join(i.value for i in app.info)
    assert f"?view=briefing&window={end.isoformat()}" in hint and "Print / save as PDF" in hint


def test_the_page_opens_on_the_newest_window_and_prints_with_narratives_open(open_page, seeded_sqlite_url):
    app = open_page(seeded_sqlite_url)
    newest = app.selectbox(key="window").value
    assert newest == "2023-06-30"  # the demo's data as at, after its last DfE review
    assert "(data as at 30 June 2023)" in app.selectbox(key="window").format_func(newest)

    printed = open_page(seeded_sqlite_url, window=newest, view="briefing")
    assert not any("Print / save as PDF" in i.value for i in printed.info)
    assert all(e.proto.expanded for e in printed.expander if e.label.startswith("Report of "))

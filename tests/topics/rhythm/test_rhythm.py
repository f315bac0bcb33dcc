"""The reporting rhythm's rules (improvement/topics/rhythm/rules.py) on small hand-made frames, and the Reporting
rhythm page against the stored rows on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from improvement import style
from improvement.charting import ChartContext
from improvement.topics.rhythm import charts as rhythm_charts
from improvement.topics.rhythm import rules as rhythm
from improvement.topics.rhythm import tables as rhythm_tables
from tests.support.apptest import figures

D = dt.date
PAGE = "pages/reporting_rhythm.py"
CONTEXT = ChartContext(authority="Testshire", data_as_at=D(2023, 6, 30), marking="OFFICIAL", synthetic=True)

SEFTON_ID = "(SELECT id FROM authority WHERE code = 'E08000014')"  # the demo holds six invented councils too


def schedule_rows(schedule: pd.DataFrame) -> list[tuple]:
    return [
        (
            row.due_date.date(),
            None if pd.isna(row.submitted_date) else row.submitted_date.date(),
            row.status,
            None if pd.isna(row.days_late) else int(row.days_late),
        )
        for row in schedule.itertuples()
    ]


def ratings_on(*days: dt.date) -> pd.DataFrame:
    """What queries.rag_ratings returns (submitted versions only), two priority areas per report."""
    return pd.DataFrame(
        [
            {"report_date": pd.Timestamp(day), "priority_area_code": code, "rating": "Amber", "narrative": "n"}
            for day in days
            for code in ("PA1", "PA2")
        ]
    )


def meetings_of(*rows: tuple[str, dt.date]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"kind": kind, "meeting_date": pd.Timestamp(day), "title": f"{kind} {day}", "notes": None}
            for kind, day in rows
        ],
        columns=["kind", "meeting_date", "title", "notes"],
    )


# --- six-weekly reports ----------------------------------------------------------------------------------


def test_reports_every_six_weeks_are_all_on_time_and_the_next_is_due_six_weeks_after_the_last():
    days = [D(2021, 9, 3), D(2021, 10, 15), D(2021, 11, 26)]
    schedule = rhythm.report_schedule(days, as_at=D(2021, 12, 31))

    assert schedule_rows(schedule) == [(day, day, rhythm.ON_TIME, 0) for day in days]
    assert rhythm.report_counts(schedule) == rhythm.ReportCounts(due=3, made=3, on_time=3, late=0, missing=0)
    assert rhythm.next_report_due(schedule) == D(2022, 1, 7)
    # The whole rhythm (what the Overview and the briefing pack read) gives the same date.
    assert rhythm.reporting_rhythm(ratings_on(*days), meetings_of(), D(2021, 12, 31)).next_report_due == D(2022, 1, 7)


def test_next_report_six_weeks_after_the_last_and_the_next_dfe_review_scheduled_or_six_months_on():
    ratings = ratings_on(D(2023, 5, 1), D(2023, 6, 12))
    meetings = meetings_of(
        ("dfe_review", D(2023, 1, 15)), ("dfe_review", D(2023, 7, 15)), ("board_meeting", D(2023, 6, 20))
    )
    state = rhythm.reporting_rhythm(ratings, meetings, D(2023, 6, 30))
    assert state.next_report_due == D(2023, 7, 24)
    assert state.last_review == D(2023, 1, 15)
    assert state.next_review_due == D(2023, 7, 15)

    unscheduled = rhythm.reporting_rhythm(ratings, meetings.iloc[[0]], D(2023, 6, 30))
    assert unscheduled.next_review_due == D(2023, 7, 15)  # six months after the last review


def test_with_no_report_yet_the_first_is_due_six_weeks_after_the_start_and_overdue_once_passed():
    # The case: contract from 20 November 2022, no report yet.
    before = rhythm.reporting_rhythm(ratings_on(), meetings_of(), D(2022, 12, 15), start=D(2022, 11, 20))
    assert (before.next_report_due, before.next_report_overdue) == (D(2023, 1, 1), False)
    after = rhythm.reporting_rhythm(ratings_on(), meetings_of(), D(2023, 1, 15), start=D(2022, 11, 20))
    assert (after.next_report_due, after.next_report_overdue) == (D(2023, 1, 1), True)
    assert after.counts.missing == 1


def test_the_first_report_is_due_six_weeks_after_the_start_and_a_later_one_is_late_by_the_days_past_due():
    schedule = rhythm.report_schedule([D(2021, 9, 3), D(2021, 10, 15)], as_at=D(2021, 10, 31), start=D(2021, 6, 30))

    assert schedule_rows(schedule) == [
        (D(2021, 8, 11), D(2021, 9, 3), rhythm.LATE, 23),
        (D(2021, 9, 3) + dt.timedelta(weeks=6), D(2021, 10, 15), rhythm.ON_TIME, 0),
    ]
    assert rhythm.report_counts(schedule).late == 1


def test_a_due_date_passed_with_no_report_is_missing_and_still_owed():
    schedule = rhythm.report_schedule([D(2022, 1, 7)], as_at=D(2022, 4, 1))

    assert schedule_rows(schedule) == [
        (D(2022, 1, 7), D(2022, 1, 7), rhythm.ON_TIME, 0),
        (D(2022, 2, 18), None, rhythm.MISSING, None),  # passed by the as-at date with nothing made
    ]  # the next, 1 April, falls on the as-at date: not yet passed
    counts = rhythm.report_counts(schedule)
    assert (counts.due, counts.made, counts.missing) == (2, 1, 1)
    # The board sees the earliest report still owed, overdue, rather than a date in the future.
    assert rhythm.next_report_due(schedule) == D(2022, 2, 18)


def test_a_due_date_is_missing_only_once_it_has_passed():
    on_the_day = rhythm.report_schedule([D(2022, 1, 7)], as_at=D(2022, 2, 18))
    a_day_later = rhythm.report_schedule([D(2022, 1, 7)], as_at=D(2022, 2, 19))

    assert rhythm.report_counts(on_the_day).missing == 0
    assert rhythm.next_report_due(on_the_day) == D(2022, 2, 18)
    assert schedule_rows(a_day_later)[-1] == (D(2022, 2, 18), None, rhythm.MISSING, None)


def test_a_long_gap_counts_every_six_weeks_missed():
    schedule = rhythm.report_schedule([D(2022, 1, 7)], as_at=D(2022, 4, 30))

    assert [row[2] for row in schedule_rows(schedule)] == [rhythm.ON_TIME, rhythm.MISSING, rhythm.MISSING]
    assert [row[0] for row in schedule_rows(schedule)][1:] == [D(2022, 2, 18), D(2022, 4, 1)]
    assert rhythm.next_report_due(schedule) == D(2022, 2, 18)


def test_a_report_more_than_six_weeks_late_counts_one_missing_then_answers_the_next_due_date_late():
    # Due 18 February; nothing by 1 April (six weeks later); made 15 April.
    schedule = rhythm.report_schedule([D(2022, 1, 7), D(2022, 4, 15)], as_at=D(2022, 4, 30))

    assert schedule_rows(schedule) == [
        (D(2022, 1, 7), D(2022, 1, 7), rhythm.ON_TIME, 0),
        (D(2022, 2, 18), None, rhythm.MISSING, None),
        (D(2022, 4, 1), D(2022, 4, 15), rhythm.LATE, 14),
    ]
    assert rhythm.next_report_due(schedule) == D(2022, 5, 27)  # six weeks after the late report


def test_a_report_made_early_restarts_the_six_week_clock():
    schedule = rhythm.report_schedule([D(2022, 1, 7), D(2022, 1, 28), D(2022, 3, 11)], as_at=D(2022, 3, 31))

    assert schedule_rows(schedule) == [
        (D(2022, 1, 7), D(2022, 1, 7), rhythm.ON_TIME, 0),
        (D(2022, 2, 18), D(2022, 1, 28), rhythm.ON_TIME, 0),
        (D(2022, 3, 11), D(2022, 3, 11), rhythm.ON_TIME, 0),
    ]


def test_no_reports_and_no_start_means_nothing_is_due_yet():
    schedule = rhythm.report_schedule([], as_at=D(2022, 3, 31))
    state = rhythm.reporting_rhythm(ratings_on(), meetings_of(), D(2022, 3, 31))

    assert schedule.empty and rhythm.next_report_due(schedule) is None
    assert state.counts == rhythm.ReportCounts(0, 0, 0, 0, 0)
    assert state.reviews_held == 0 and state.board_meetings_held == 0


def test_with_a_start_and_no_report_yet_the_first_report_is_missing_once_six_weeks_have_passed():
    schedule = rhythm.report_schedule([], as_at=D(2021, 8, 31), start=D(2021, 6, 30))

    assert schedule_rows(schedule) == [(D(2021, 8, 11), None, rhythm.MISSING, None)]


def test_a_draft_never_counts_because_only_submitted_reports_reach_the_rule():
    # queries.rag_ratings returns the newest *submitted* version of each report date: several areas per date
    # and a second submitted version of the same date are still one report.
    ratings = pd.concat([ratings_on(D(2022, 1, 7)), ratings_on(D(2022, 1, 7))])

    assert rhythm.submitted_report_dates(ratings) == [pd.Timestamp(2022, 1, 7)]


# --- DfE reviews and board meetings ------------------------------------------------------------------------


def test_dfe_reviews_held_by_as_at_and_the_next_one_due_six_months_after_the_last():
    meetings = meetings_of(
        ("dfe_review", D(2021, 12, 9)),
        ("dfe_review", D(2022, 7, 14)),  # over six months after the one before
        ("board_meeting", D(2022, 1, 20)),
        ("board_meeting", D(2022, 2, 17)),
        ("board_meeting", D(2022, 9, 15)),  # after as-at: scheduled
    )
    state = rhythm.reporting_rhythm(ratings_on(D(2021, 9, 3)), meetings, D(2022, 8, 31))

    assert state.reviews_held == 2
    assert state.last_review == D(2022, 7, 14)
    assert state.next_review_due == D(2023, 1, 14)
    assert not state.review_overdue
    assert list(state.reviews["over_six_months"]) == [False, True]
    assert state.board_meetings_held == 2
    assert list(state.board_meetings["held"]) == [True, True, False]
    table = rhythm_tables.board_meetings_table(state.board_meetings)
    assert list(table["Date"]) == ["15 September 2022", "17 February 2022", "20 January 2022"]
    assert list(table["Held"]) == ["Scheduled", "Held", "Held"]
    assert "⚠ More than six months" in rhythm_tables.dfe_reviews_table(state.reviews)["Gap since previous"].iloc[1]


def test_a_scheduled_review_is_the_next_one_due_and_a_passed_one_is_overdue():
    meetings = meetings_of(("dfe_review", D(2021, 12, 9)), ("dfe_review", D(2022, 6, 9)))

    scheduled = rhythm.reporting_rhythm(ratings_on(), meetings, D(2022, 3, 31))
    overdue = rhythm.reporting_rhythm(ratings_on(), meetings_of(("dfe_review", D(2021, 12, 9))), D(2022, 6, 30))

    assert (scheduled.reviews_held, scheduled.next_review_due, scheduled.review_overdue) == (1, D(2022, 6, 9), False)
    assert (overdue.next_review_due, overdue.review_overdue) == (D(2022, 6, 9), True)


# --- the chart -----------------------------------------------------------------------------------------------


def test_the_rhythm_chart_flags_late_and_missing_reports_with_text_shape_and_colour():
    state = rhythm.reporting_rhythm(
        ratings_on(D(2021, 9, 3), D(2022, 1, 7)),
        meetings_of(("dfe_review", D(2021, 12, 9)), ("board_meeting", D(2021, 7, 15))),
        D(2022, 1, 31),
        start=D(2021, 6, 30),
    )
    chart = rhythm_charts.reporting_rhythm_chart(state, CONTEXT)

    # Due 11 Aug (late 23 days), 15 Oct missing, 26 Nov answered by 7 Jan (late 42 days).
    assert (state.counts.due, state.counts.made, state.counts.late, state.counts.missing) == (3, 2, 2, 1)
    assert chart.title == "2 of 3 six-weekly reports made, 2 late, 1 missing"
    traces: dict = {}
    for trace in chart.figure.data:  # the drawn trace first; a marker-only legend entry of that name comes later
        if trace.name:
            traces.setdefault(trace.name, trace)
    late, missing = traces["▲ Late"], traces["✖ Missing"]
    assert late.marker.symbol == "triangle-up" and late.marker.color == style.Palette.ORANGE
    assert list(late.text) == ["+23d", "+42d"]
    assert missing.marker.symbol == "x" and list(missing.text) == ["Missing"]
    assert [pd.Timestamp(x).date() for x in missing.x] == [D(2021, 10, 15)]
    reports = chart.table[chart.table["What"] == "Six-weekly report"]
    assert list(reports["Status"]) == ["▲ Late by 23 days", "✖ Missing", "▲ Late by 42 days", "Next due"]
    assert "2 late, 1 missing" in chart.alt_text and "SYNTHETIC DEMO DATA" in chart.caption


# --- the page, against the stored rows ---------------------------------------------------------------------


@pytest.fixture
def open_page(open_page):
    """A page (the Reporting rhythm unless told) on the database at ``url``."""
    return lambda url, page=PAGE, **query: open_page(url, page, **query)


def stored_rhythm(url: str) -> tuple[list[dt.date], dt.date | None, pd.DataFrame]:
    """Straight from the database: the submitted report dates, the adviser's start and every meeting."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        reports = connection.execute(
            sa.text(
                "SELECT DISTINCT report_date FROM rag_report WHERE status = 'submitted' "
                f"AND authority_id = {SEFTON_ID} ORDER BY report_date"
            )
        ).scalars()
        reports = [pd.Timestamp(day).date() for day in reports]
        start = connection.execute(
            sa.text(f"SELECT MIN(start_date) FROM adviser_contract WHERE authority_id = {SEFTON_ID}")
        ).scalar()
        meetings = pd.DataFrame(
            connection.execute(
                sa.text(f"SELECT kind, meeting_date FROM meeting WHERE authority_id = {SEFTON_ID}")
            ).all(),
            columns=["kind", "meeting_date"],
        )
    engine.dispose()
    meetings["meeting_date"] = pd.to_datetime(meetings["meeting_date"])
    return reports, pd.Timestamp(start).date() if start is not None else None, meetings


def as_at_of(app) -> dt.date:
    header = next(m.value for m in app.markdown if "Data as at" in m.value)
    text = header.split("Data as at **")[1].split("**")[0]
    return pd.Timestamp(text).date()


def expected_counts(reports: list[dt.date], start: dt.date | None, as_at: dt.date) -> dict:
    """The rule worked by hand over the stored dates, independently of improvement.topics.rhythm."""
    six = dt.timedelta(weeks=6)
    due, previous = (start + six, start - dt.timedelta(days=1)) if start else (reports[0], reports[0] - dt.timedelta(1))
    result = {"due": 0, "made": 0, "late": 0, "missing": 0}
    while True:
        answer = next((day for day in reports if previous < day <= due + six), None)
        if answer:
            result["due"] += 1
            result["made"] += 1
            result["late"] += answer > due
            previous, due = answer, answer + six
        elif due < as_at:
            result["due"] += 1
            result["missing"] += 1
            due += six
        else:
            break
    return result


@pytest.mark.parametrize("remove", [None, dt.date(2022, 6, 24)], ids=["as-seeded", "one-report-removed"])
def test_the_page_shows_reports_due_made_late_and_missing_as_stored(open_page, seeded_database_url, remove):
    if remove is not None:  # the adviser never submitted that report: the next one, six weeks on, is late
        with sa.create_engine(seeded_database_url).begin() as connection:
            ids = f"SELECT id FROM rag_report WHERE report_date = :day AND authority_id = {SEFTON_ID}"
            connection.execute(sa.text(f"DELETE FROM rag_rating WHERE rag_report_id IN ({ids})"), {"day": remove})
            connection.execute(sa.text(f"DELETE FROM rag_report WHERE id IN ({ids})"), {"day": remove})
    reports, start, meetings = stored_rhythm(seeded_database_url)
    app = open_page(seeded_database_url)
    as_at = as_at_of(app)
    expected = expected_counts(reports, start, as_at)

    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Reports due"] == str(expected["due"])
    assert metrics["Reports made"] == str(expected["made"]) == str(len(reports))
    assert metrics["Late"] == str(expected["late"])
    assert metrics["Missing"] == str(expected["missing"])
    assert metrics["Last report"] == style.format_date(reports[-1])
    assert metrics["Next report due"] == style.format_date(reports[-1] + dt.timedelta(weeks=6))
    if remove is not None:
        assert metrics["Late"] == str(int(start is not None) + 1)
        warning = " ".join(w.value for w in app.warning)
        assert f"Late by 42 days (made {style.format_date(D(2022, 8, 5))})" in warning

    reviews = meetings[meetings["kind"] == "dfe_review"]["meeting_date"]
    held = reviews[reviews <= pd.Timestamp(as_at)]
    assert metrics["DfE reviews held"] == str(len(held))
    assert metrics["Last DfE review"] == style.format_date(held.max())
    boards = meetings[meetings["kind"] == "board_meeting"]["meeting_date"]
    assert metrics["Board meetings held"] == str(int((boards <= pd.Timestamp(as_at)).sum()))
    listed = next(df.value for df in app.dataframe if "Meeting" in df.value.columns)
    assert sorted(listed["Date"]) == sorted(boards.map(style.format_date))

    chart = figures(app)[0]
    title = chart["layout"]["title"]["text"]
    if expected["late"] or expected["missing"]:
        assert f"{expected['made']} of {expected['due']} six-weekly reports made" in title
    else:
        assert f"All {expected['due']} six-weekly reports made on time" in title


def test_the_overview_and_the_rhythm_page_give_one_next_report_date(open_page, database_url):
    """The issue's case, loaded as a council would: a contract from 20 November 2022, no report yet, and the
    adviser's days up to 15 January 2023. The first report was due on 1 January 2023: both pages say it is overdue."""
    from improvement.db import get_engine
    from loaders.run import Source, load_source

    engine = get_engine(database_url)
    files = {
        "improvement_plan_authority.csv": "code,old_la_code,name,region\nE08000014,343,Sefton,North West\n",
        "adviser_contract.csv": "authority_code,adviser_name,start_date,end_date,break_clause_date,"
        "monthly_day_allowance,daily_rate_gbp,vat_rate,budget_gbp,extension_months,notes\n"
        "E08000014,A Adviser,2022-11-20,2023-11-19,,4,600,0.2,,0,\n",
        "adviser_days.csv": "authority_code,day_date,days,activity,notes\nE08000014,2023-01-15,1,board,\n",
    }
    for name, text in files.items():
        assert load_source(engine, Source(name, text.encode())).ok

    overview = open_page(database_url, "pages/overview.py")
    rhythm_page = open_page(database_url, "pages/reporting_rhythm.py")

    def next_due(app) -> tuple[str, str | None]:
        metric = next(m for m in app.metric if m.label.startswith("Next") and "report" in m.label)
        return metric.value, metric.delta

    assert next_due(overview) == next_due(rhythm_page) == ("1 January 2023", "Overdue")
    assert "Data as at **15 January 2023**" in " ".join(m.value for m in overview.markdown)

"""The digest on the demo database: its items for chosen pairs of board meetings against the stored rows (read with
plain SQL), and the default window."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from improvement import style
from improvement.board import read_board
from improvement.queries.loads import council_loads
from improvement.topics.digest import rules
from improvement.topics.digest.view import board_meeting_choices, digest_view

SEFTON = "E08000014"
THRESHOLD = 5


@pytest.fixture(params=[pytest.param("sqlite")])
def backend(request) -> str:
    """The demo's digest on SQLite only: its reads are the board's queries, tested on PostgreSQL in tests/queries."""
    return request.param


@pytest.fixture
def demo(seeded_engine):
    return seeded_engine, read_board(seeded_engine, SEFTON, THRESHOLD), council_loads(seeded_engine, SEFTON)


SEFTON_ID = (
    "(SELECT id FROM authority WHERE code = 'E08000014')"  # the demo holds seven councils: every query here is Sefton's
)


def rows(engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql), params)]


def day(value) -> dt.date:
    return pd.Timestamp(value).date()


def stored_boards(engine) -> list[dt.date]:
    return sorted(
        day(d)
        for (d,) in rows(
            engine, f"SELECT meeting_date FROM meeting WHERE kind = 'board_meeting' AND authority_id = {SEFTON_ID}"
        )
    )


def of_kind(items: pd.DataFrame, *kinds: str) -> pd.DataFrame:
    return items[items["kind"].isin(kinds)]


def rating_in_force(engine, when: dt.date) -> dict[str, tuple[str, dt.date, str]]:
    """Straight from the database: each area's rating, report date and narrative in the newest submitted version of
    the newest submitted report on or before ``when``."""
    found: dict[str, tuple] = {}
    for code, report_date, _version, rating, narrative in sorted(
        rows(
            engine,
            "SELECT pa.code, r.report_date, r.version, rr.rating, rr.narrative FROM rag_rating rr "
            "JOIN rag_report r ON r.id = rr.rag_report_id JOIN priority_area pa ON pa.id = rr.priority_area_id "
            f"WHERE r.status = 'submitted' AND r.authority_id = {SEFTON_ID}",
        ),
        key=lambda row: (day(row[1]), row[2]),
    ):
        if day(report_date) <= when:
            found[code] = (rating, day(report_date), narrative)
    return found


RANK = {"Red": 1, "Amber": 2, "Green": 3, "Blue": 4}
PAIRS = [(dt.date(2021, 8, 19), dt.date(2021, 9, 16)), (dt.date(2022, 4, 21), dt.date(2022, 5, 19))]


@pytest.mark.parametrize(("since", "until"), PAIRS, ids=["first-reports", "spring-2022"])
def test_the_rating_moves_between_two_board_meetings_are_the_stored_ratings(demo, since, until):
    engine, data, loads = demo
    assert {since, until} <= set(stored_boards(engine))
    before, after = rating_in_force(engine, since), rating_in_force(engine, until)
    expected = set()
    for code, (rating, report_date, _narrative) in after.items():
        if since < report_date and before.get(code, (None,))[0] != rating:
            was = before.get(code, (None,))[0]
            kind = rules.FIRST_RATING if was is None else (
                rules.RATING_WORSE if RANK[rating] < RANK[was] else rules.RATING_BETTER
            )  # fmt: skip
            expected.add((kind, code, report_date))
    digest = digest_view(data, loads, since, until)
    shown = of_kind(digest.items, rules.RATING_WORSE, rules.RATING_BETTER, rules.FIRST_RATING)
    assert set(zip(shown["kind"], shown["priority_area_code"], shown["when"], strict=True)) == expected
    assert expected, "the chosen meetings should hold rating moves"
    for row in shown.itertuples():
        rating, report_date, narrative = after[row.priority_area_code]
        assert f"{style.rag_text(rating)} in the report of {report_date.day} {report_date:%B %Y}: " in row.text
        assert row.text.endswith(narrative.split(". ")[0].rstrip(".") + ".")


@pytest.mark.parametrize(("since", "until"), PAIRS, ids=["first-reports", "spring-2022"])
def test_the_milestones_completed_and_newly_overdue_are_the_stored_milestones(demo, since, until):
    engine, data, loads = demo
    stored = rows(
        engine,
        "SELECT a.reference, m.title, m.due_date, m.status, m.completed_date FROM milestone m "
        f"JOIN plan_action a ON a.id = m.plan_action_id WHERE a.authority_id = {SEFTON_ID}",
    )
    completed, overdue = set(), set()
    for reference, title, due, status, done in stored:
        due, done = day(due), (day(done) if done is not None else None)
        if status == "complete" and done is not None and since < done <= until:
            completed.add((reference, title, done))
        finished_by = status == "complete" and (done is None or done <= until)
        if status != "dropped" and since <= due < until and not finished_by:
            overdue.add((reference, title, due))
    digest = digest_view(data, loads, since, until)

    def shown(kind: str) -> set:
        found = of_kind(digest.items, kind)
        return {
            (text.split("milestone ")[1].split(" ")[0], text.split("\u201c")[1].split("\u201d")[0], when)
            for text, when in zip(found["text"], found["when"], strict=True)
        }

    assert shown(rules.MILESTONE_COMPLETED) == completed
    assert shown(rules.MILESTONE_OVERDUE) == overdue
    assert completed or overdue


@pytest.mark.parametrize(("since", "until"), PAIRS, ids=["first-reports", "spring-2022"])
def test_the_risks_raised_closed_and_rescored_are_the_stored_risks(demo, since, until):
    engine, data, loads = demo
    risks = rows(engine, f"SELECT id, reference, raised_date, closed_date FROM risk WHERE authority_id = {SEFTON_ID}")
    reviews = rows(engine, "SELECT risk_id, review_date, likelihood * impact FROM risk_review")
    expected = set()
    for risk_id, reference, raised, closed in risks:
        scores = sorted((day(d), score) for rid, d, score in reviews if rid == risk_id)
        at_until = [(d, s) for d, s in scores if d <= until]
        at_since = [(d, s) for d, s in scores if d <= since]
        if since < day(raised) <= until:
            high = bool(at_until) and at_until[-1][1] >= 15
            expected.add((rules.RISK_UP if high else rules.RISK_RAISED, reference, day(raised)))
        elif at_until and at_since and since < at_until[-1][0] and at_until[-1][1] > at_since[-1][1]:
            expected.add((rules.RISK_UP, reference, at_until[-1][0]))
        if closed is not None and since < day(closed) <= until:
            expected.add((rules.RISK_CLOSED, reference, day(closed)))
    digest = digest_view(data, loads, since, until)
    found = of_kind(digest.items, rules.RISK_UP, rules.RISK_RAISED, rules.RISK_CLOSED)
    shown = {
        (kind, text.split("risk ")[1].split(" ")[0], when)
        for kind, text, when in zip(found["kind"], found["text"], found["when"], strict=True)
    }
    assert shown == expected and expected


def test_the_first_report_made_late_is_an_item_of_the_window_it_was_made_in(demo):
    engine, data, loads = demo
    (start,) = rows(engine, f"SELECT start_date FROM adviser_contract WHERE authority_id = {SEFTON_ID}")[0]
    due = day(start) + dt.timedelta(weeks=6)
    first = min(
        day(d)
        for (d,) in rows(
            engine, f"SELECT report_date FROM rag_report WHERE status = 'submitted' AND authority_id = {SEFTON_ID}"
        )
    )
    assert first > due  # the demo's first report is late
    missing = digest_view(data, loads, dt.date(2021, 7, 15), dt.date(2021, 8, 19))
    assert of_kind(missing.items, rules.REPORT_LATE)["text"].tolist() == [
        f"The six-weekly report due on {due.day} {due:%B %Y} is missing: no submitted report answered it by "
        "19 August 2021."
    ]
    late = digest_view(data, loads, dt.date(2021, 8, 19), dt.date(2021, 9, 16))
    assert of_kind(late.items, rules.REPORT_LATE)["text"].tolist() == [
        f"The six-weekly report due on {due.day} {due:%B %Y} was made on {first.day} {first:%B %Y}, "
        f"{(first - due).days} days late."
    ]


def test_the_measures_that_crossed_their_trajectory_are_those_the_stored_figures_show(demo):
    engine, data, loads = demo
    since, until = dt.date(2022, 7, 21), dt.date(2022, 8, 18)  # June 2022 judged at the board, July at the next
    measures = rows(
        engine,
        "SELECT m.code, m.polarity, m.counts_children FROM plan_measure pm JOIN measure m ON m.id = pm.measure_id "
        f"WHERE pm.authority_id = {SEFTON_ID}",
    )
    figures = rows(
        engine,
        "SELECT m.code, o.period, o.value FROM observation o JOIN measure m ON m.id = o.measure_id "
        f"WHERE o.value IS NOT NULL AND o.authority_id = {SEFTON_ID}",
    )
    planned = {
        (code, day(period)): value
        for code, period, value in rows(
            engine,
            "SELECT m.code, t.period, t.planned_value FROM trajectory_point t JOIN measure m ON m.id = t.measure_id "
            f"WHERE t.authority_id = {SEFTON_ID}",
        )
    }
    expected = set()
    for code, polarity, counts_children in measures:
        judged = {}
        for measure, period, value in figures:
            key = (code, day(period))
            if measure != code or key not in planned or (counts_children and 0 < value < THRESHOLD):
                continue
            on = value >= planned[key] if polarity == "higher_is_better" else value <= planned[key]
            judged[day(period)] = on
        then = [on for month, on in sorted(judged.items()) if month <= dt.date(2022, 6, 1)]
        now = [on for month, on in sorted(judged.items()) if month <= dt.date(2022, 7, 1)]
        if then and now and judged.get(dt.date(2022, 7, 1)) is not None and then[-1] != now[-1]:
            expected.add((code, rules.ON_TRAJECTORY if now[-1] else rules.OFF_TRAJECTORY))
    digest = digest_view(data, loads, since, until)
    found = of_kind(digest.items, rules.ON_TRAJECTORY, rules.OFF_TRAJECTORY)
    names = dict(zip(data.plan_measures["name"], data.plan_measures["measure_code"], strict=True))
    shown = {
        (next(code for name, code in names.items() if f": {name} " in text), kind)
        for kind, text in zip(found["kind"], found["text"], strict=True)
    }
    assert shown == expected and expected
    assert set(found["when"]) == {dt.date(2022, 7, 31)}


def test_the_default_window_runs_from_the_last_board_to_the_data_as_at_date(demo):
    engine, data, loads = demo
    boards = stored_boards(engine)
    held = [meeting for meeting in boards if meeting <= data.as_at]
    assert board_meeting_choices(data) == sorted(held, reverse=True)
    digest = digest_view(data, loads)
    last = max(meeting for meeting in boards if meeting < data.as_at)
    assert (digest.since, digest.until) == (last, data.as_at)
    assert digest.since_label == f"the board meeting of {last.day} {last:%B %Y}"
    assert f"{len(digest.items)} changes after the board meeting of" in digest.caption
    assert list(digest.table.columns) == ["When", "Priority area", "What changed"]
    titles = dict(zip(data.priority_areas["priority_area_code"], data.priority_areas["title"], strict=True))
    table = zip(digest.table["Priority area"], digest.table["What changed"], digest.items["text"], strict=True)
    for area, shown, text in table:  # the sentence first; the area's code has its column, its title stays in the text
        if area == "Whole plan":
            assert shown == text[:1].upper() + text[1:]
        else:
            assert area in titles and text == f"{area} {shown}" and shown.startswith(f"{titles[area]}: ")
    assert digest.top(3).equals(digest.table.head(3)) and len(digest.top()) == min(5, len(digest.table))
    assert digest.items["importance"].is_monotonic_decreasing
    # The demo was loaded after the date it describes: the latest window runs on to take in its load.
    ((row_count,),) = rows(
        engine, "SELECT row_count FROM load WHERE kind = 'demo_seed' ORDER BY id LIMIT 1"
    )  # Sefton's, the first
    assert of_kind(digest.items, rules.DATA_LOADED)["text"].str.contains(f"{row_count:,} rows added").tolist() == [True]
    # A past window ends at its end.
    assert of_kind(digest_view(data, loads, *PAIRS[1]).items, rules.DATA_LOADED).empty


def test_with_no_board_meeting_the_window_is_six_weeks_and_with_nothing_dated_empty(demo):
    _engine, data, loads = demo
    no_meetings = dataclasses.replace(data, meetings=data.meetings.iloc[0:0])
    digest = digest_view(no_meetings, loads)
    assert digest.since == data.as_at - dt.timedelta(weeks=6)
    assert digest.since_label == f"six weeks before {data.as_at.day} {data.as_at:%B %Y}"
    assert board_meeting_choices(no_meetings) == []
    nothing = digest_view(dataclasses.replace(data, as_at=None), loads.iloc[0:0])
    assert nothing.items.empty and nothing.table.empty and nothing.until is None
    assert "Nothing dated is loaded for Sefton" in nothing.caption
    assert digest_view(data, loads, data.as_at, data.as_at).items.empty

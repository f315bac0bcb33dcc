"""The digest's rule on hand-made frames: the window, each kind of item (and what is not one), the texts as plain
text, and the order of importance."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from improvement import style
from improvement.topics.digest import rules
from improvement.topics.review import rules as review

SINCE, UNTIL = dt.date(2023, 5, 18), dt.date(2023, 6, 30)  # a board meeting, and the date the data describes
WINDOW = review.Window(SINCE, UNTIL)
TITLES = {"PA1": "PLO pre-proceedings", "PA2": "CP supervision and monitoring"}
AREAS = pd.DataFrame({"priority_area_code": list(TITLES), "title": list(TITLES.values())})
D = pd.Timestamp


def kinds(items: list[dict]) -> list[str]:
    return [item["kind"] for item in items]


# --- the window ------------------------------------------------------------------------------------------------------


def test_the_window_runs_after_its_start_up_to_and_including_its_end():
    assert not WINDOW.holds(D("2023-05-18"))  # the day of the board: before it
    assert WINDOW.holds(D("2023-05-19 00:00")) and WINDOW.holds(D("2023-06-30 23:59"))
    assert not WINDOW.holds(D("2023-07-01")) and not WINDOW.holds(None) and not WINDOW.holds(pd.NaT)
    dates = pd.Series([D("2023-05-18"), D("2023-05-19"), D("2023-06-30"), pd.NaT])
    assert WINDOW.contains(dates).tolist() == [False, True, True, False]


def test_the_months_judged_at_a_date_are_those_ended_by_it():
    assert rules.last_month_ended(dt.date(2023, 5, 18)) == D("2023-04-01")
    assert rules.last_month_ended(dt.date(2023, 6, 30)) == D("2023-06-01")  # its own month on its last day
    assert rules.last_month_ended(dt.date(2023, 7, 1)) == D("2023-06-01")


def test_the_default_start_is_the_last_board_before_the_end_or_six_weeks_before_it():
    boards = [dt.date(2023, 4, 20), dt.date(2023, 5, 18), dt.date(2023, 6, 30), dt.date(2023, 7, 20)]
    assert rules.default_since(boards, UNTIL) == dt.date(2023, 5, 18)  # a board on the end day is the end
    assert rules.default_since(boards, dt.date(2023, 5, 18)) == dt.date(2023, 4, 20)
    assert rules.default_since(boards, dt.date(2023, 4, 20)) is None
    assert rules.six_weeks_before(UNTIL) == dt.date(2023, 5, 19)


def test_a_narrative_gives_its_first_sentence_on_one_line_as_typed():
    assert rules.first_sentence("Progress is slow.  Caseloads\nrose. More.") == "Progress is slow."
    assert rules.first_sentence("No full stop at all") == "No full stop at all"
    assert rules.first_sentence("Risk\x1b[31m is **high**!\nNext.") == "Risk[31m is **high**!"
    assert rules.first_sentence(None) == "" and rules.first_sentence(float("nan")) == ""
    long = rules.first_sentence("word " * 100)
    assert len(long) == rules.MAX_SENTENCE and long.endswith("…")


# --- ratings ---------------------------------------------------------------------------------------------------------


def ratings(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """Submitted ratings (report date, area, rating, narrative)."""
    return pd.DataFrame(
        [{"report_date": D(day), "priority_area_code": area, "rating": rating, "narrative": text}
         for day, area, rating, text in rows]
    )  # fmt: skip


def test_a_rating_worse_better_or_first_given_in_the_window_is_an_item_with_its_narrative():
    items = rules.rating_items(
        ratings(
            ("2023-04-14", "PA1", "Amber", "Before."),
            ("2023-05-26", "PA1", "Red", "Drift has returned. Managers know."),
            ("2023-04-14", "PA2", "Red", "Before."),
            ("2023-05-26", "PA2", "Amber", None),
            ("2023-05-26", "AFI3", "Green", "First look."),
        ),
        WINDOW,
        TITLES,
    )
    assert items == [
        {
            "kind": rules.RATING_WORSE,
            "priority_area_code": "PA1",
            "when": dt.date(2023, 5, 26),
            "text": "PA1 PLO pre-proceedings: ▲ Amber → ✖ Red in the report of 26 May 2023: Drift has returned.",
            "importance": rules.IMPORTANCE[rules.RATING_WORSE],
        },
        {
            "kind": rules.RATING_BETTER,
            "priority_area_code": "PA2",
            "when": dt.date(2023, 5, 26),
            "text": "PA2 CP supervision and monitoring: ✖ Red → ▲ Amber in the report of 26 May 2023.",
            "importance": rules.IMPORTANCE[rules.RATING_BETTER],
        },
        {
            "kind": rules.FIRST_RATING,
            "priority_area_code": "AFI3",
            "when": dt.date(2023, 5, 26),
            "text": "AFI3: first rated ● Green in the report of 26 May 2023: First look.",  # no title in the plan
            "importance": rules.IMPORTANCE[rules.FIRST_RATING],
        },
    ]


def test_the_same_rating_a_round_trip_or_a_report_outside_the_window_is_not_an_item():
    items = rules.rating_items(
        ratings(
            ("2023-04-14", "PA1", "Amber", ""),
            ("2023-05-26", "PA1", "Amber", "Same again."),  # no change
            ("2023-04-14", "PA2", "Amber", ""),
            ("2023-05-26", "PA2", "Red", ""),
            ("2023-06-23", "PA2", "Amber", ""),  # back where it was at the board
            ("2023-05-18", "AFI3", "Red", ""),  # on the day of the board: in force at it
            ("2023-07-07", "AFI3", "Green", ""),  # after the window
        ),
        WINDOW,
        TITLES,
    )
    assert items == []
    assert rules.rating_items(ratings(), WINDOW, TITLES) == []  # nothing rated yet
    assert rules.rating_items(pd.DataFrame(columns=["report_date"]), WINDOW, TITLES) == []


# --- measures --------------------------------------------------------------------------------------------------------


def plan(code: str, area: str = "PA1", polarity: str = "lower_is_better", unit: str = "count") -> pd.DataFrame:
    return pd.DataFrame(
        [{"measure_code": code, "name": f"Measure {code}", "unit": unit, "polarity": polarity,
          "priority_area_code": area, "process_change_from": pd.NaT}]
    )  # fmt: skip


def monthly(code: str, first: str, values: list[float | None]) -> pd.DataFrame:
    months = pd.date_range(first, periods=len(values), freq="MS")
    return pd.DataFrame(
        {
            "measure_code": code,
            "period": months,
            "value": values,
            "status": [style.SUPPRESSED if value is None else None for value in values],
        }
    )


def planned(code: str, first: str, values: list[float]) -> pd.DataFrame:
    months = pd.date_range(first, periods=len(values), freq="MS")
    return pd.DataFrame({"measure_code": code, "period": months, "planned_value": values})


def test_a_measure_that_crossed_its_trajectory_between_the_two_dates_is_an_item():
    # March to June 2023, lower is better, planned 10 each month. At the board (18 May) the latest month ended is
    # April: on trajectory. At 30 June it is June: off.
    trajectory = planned("m", "2023-03-01", [10, 10, 10, 10])
    off = rules.trajectory_items(plan("m"), monthly("m", "2023-03-01", [9, 9, 9, 12]), trajectory, WINDOW, TITLES)
    assert off == [
        {
            "kind": rules.OFF_TRAJECTORY,
            "priority_area_code": "PA1",
            "when": dt.date(2023, 6, 30),
            "text": "PA1 PLO pre-proceedings: Measure m off trajectory: 12 in Jun 2023 against a planned 10 (lower is "
            "better).",
            "importance": rules.IMPORTANCE[rules.OFF_TRAJECTORY],
        }
    ]
    back = rules.trajectory_items(plan("m"), monthly("m", "2023-03-01", [12, 12, 9, 9]), trajectory, WINDOW, TITLES)
    assert kinds(back) == [rules.ON_TRAJECTORY] and "back on trajectory: 9 in Jun 2023" in back[0]["text"]


def test_a_measure_not_judged_at_one_end_or_that_did_not_cross_is_not_an_item():
    trajectory = planned("m", "2023-03-01", [10, 10, 10, 10])
    still_on = monthly("m", "2023-03-01", [9, 9, 9, 9])
    suppressed = monthly("m", "2023-03-01", [9, 9, None, None])  # no judged month in the window
    first_judged = monthly("m", "2023-05-01", [12, 12])  # nothing judged at the board
    for observations in (still_on, suppressed, first_judged):
        assert rules.trajectory_items(plan("m"), observations, trajectory, WINDOW, TITLES) == []
    # A suppressed latest month: the judgement is the latest judged month, May (off).
    last_suppressed = monthly("m", "2023-03-01", [9, 9, 12, None])
    assert kinds(rules.trajectory_items(plan("m"), last_suppressed, trajectory, WINDOW, TITLES)) == [
        rules.OFF_TRAJECTORY
    ]


def stable_then(last: float | None, months: int = 26) -> list[float | None]:
    """Two years of ordinary variation from May 2021 to April 2023, then May and June 2023."""
    values: list[float | None] = [50.0 + (1 if index % 2 else -1) * (index % 3) for index in range(months - 2)]
    return [*values, 50.0, last]


def test_a_new_special_cause_signal_in_the_window_is_an_item_by_polarity():
    observations = monthly("m", "2021-05-01", stable_then(80.0))
    concern = rules.spc_items(plan("m", polarity="lower_is_better"), observations, WINDOW, TITLES)
    assert concern == [
        {
            "kind": rules.SPC_CONCERN,
            "priority_area_code": "PA1",
            "when": dt.date(2023, 6, 30),
            "text": "PA1 PLO pre-proceedings: Measure m shows special-cause concern in Jun 2023 (a point beyond a "
            "process limit).",
            "importance": rules.IMPORTANCE[rules.SPC_CONCERN],
        }
    ]
    improvement = rules.spc_items(plan("m", polarity="higher_is_better"), observations, WINDOW, TITLES)
    assert kinds(improvement) == [rules.SPC_IMPROVEMENT]


def test_a_signal_already_showing_at_the_start_or_outside_the_window_is_not_new():
    ordinary = monthly("m", "2021-05-01", stable_then(50.0))
    assert rules.spc_items(plan("m"), ordinary, WINDOW, TITLES) == []
    # April 2023 (the latest month at the board) was already beyond the limit, and June is again.
    values = stable_then(80.0)
    values[-3] = 80.0
    already = monthly("m", "2021-05-01", values)
    assert rules.spc_items(plan("m"), already, WINDOW, TITLES) == []
    # A jump in July 2023 is after the window.
    later = monthly("m", "2021-05-01", [*stable_then(50.0), 80.0])
    assert rules.spc_items(plan("m"), later, WINDOW, TITLES) == []


# --- milestones and risks ---------------------------------------------------------------------------------------


def milestones(*rows: tuple[str, str, str, str | None]) -> pd.DataFrame:
    """(reference, due, status, completed)."""
    return pd.DataFrame(
        [{"priority_area_code": "PA2", "reference": ref, "milestone": f"Milestone <b>{ref}</b>", "owner": "HoS",
          "due_date": D(due), "status": status, "completed_date": D(done) if done else pd.NaT}
         for ref, due, status, done in rows]
    )  # fmt: skip


def test_milestones_completed_in_the_window_and_newly_overdue_are_items():
    items = rules.milestone_items(
        milestones(
            ("M1", "2023-05-26", "complete", "2023-05-29"),  # completed late, in the window
            ("M2", "2023-06-01", "complete", "2023-05-18"),  # completed on the board's day: before the window
            ("M3", "2023-06-02", "in_progress", None),  # newly overdue
            ("M4", "2023-05-01", "in_progress", None),  # overdue at the board already
            ("M5", "2023-06-02", "dropped", None),  # never overdue
            ("M6", "2023-07-02", "not_started", None),  # not due yet
            ("M7", "2023-06-02", "complete", "2023-07-05"),  # overdue on 30 June (completed after it)
        ),
        WINDOW,
        TITLES,
    )
    assert [(item["kind"], item["when"]) for item in items] == [
        (rules.MILESTONE_COMPLETED, dt.date(2023, 5, 29)),
        (rules.MILESTONE_OVERDUE, dt.date(2023, 6, 2)),
        (rules.MILESTONE_OVERDUE, dt.date(2023, 6, 2)),
    ]
    assert items[0]["text"] == (
        "PA2 CP supervision and monitoring: milestone M1 \u201cMilestone <b>M1</b>\u201d completed on 29 May 2023, "
        "3 days after its due date."
    )
    assert items[1]["text"] == (
        "PA2 CP supervision and monitoring: milestone M3 \u201cMilestone <b>M3</b>\u201d was due on 2 June 2023 and "
        "was not completed by 30 June 2023 (owner: HoS)."
    )


def risks(*rows: tuple[str, str | None, str, str | None]) -> pd.DataFrame:
    """(reference, area, raised, closed)."""
    return pd.DataFrame(
        [{"reference": ref, "title": f"Risk {ref}", "priority_area_code": area, "owner": "AD",
          "status": "closed" if closed else "open", "raised_date": D(raised),
          "closed_date": D(closed) if closed else pd.NaT}
         for ref, area, raised, closed in rows]
    )  # fmt: skip


def reviews(*rows: tuple[str, str, int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["risk_reference", "review_date", "likelihood", "impact"]).assign(
        review_date=lambda frame: pd.to_datetime(frame["review_date"])
    )


def test_risks_raised_closed_or_rescored_up_in_the_window_are_items():
    items = rules.risk_items(
        risks(
            ("R1", "PA1", "2023-05-20", None),  # raised high
            ("R2", None, "2023-06-01", None),  # raised, not high, about the whole plan
            ("R3", "PA2", "2022-01-01", None),  # re-scored up 9 -> 16
            ("R4", "PA2", "2022-01-01", None),  # re-scored down
            ("R5", "PA1", "2022-01-01", "2023-06-15"),  # closed
            ("R6", "PA1", "2022-01-01", None),  # up, but reviewed after the window
        ),
        reviews(
            ("R1", "2023-05-20", 4, 4),
            ("R2", "2023-06-01", 2, 3),
            ("R3", "2023-01-10", 3, 3),
            ("R3", "2023-06-10", 4, 4),
            ("R4", "2023-01-10", 4, 4),
            ("R4", "2023-06-10", 2, 2),
            ("R6", "2023-01-10", 2, 2),
            ("R6", "2023-07-10", 5, 5),
        ),
        WINDOW,
        TITLES,
    )
    assert [(item["kind"], item["priority_area_code"], item["when"]) for item in items] == [
        (rules.RISK_UP, "PA1", dt.date(2023, 5, 20)),
        (rules.RISK_RAISED, None, dt.date(2023, 6, 1)),
        (rules.RISK_UP, "PA2", dt.date(2023, 6, 10)),
        (rules.RISK_CLOSED, "PA1", dt.date(2023, 6, 15)),
    ]
    texts = [item["text"] for item in items]
    assert (
        texts[0]
        == "PA1 PLO pre-proceedings: risk R1 \u201cRisk R1\u201d raised on 20 May 2023 with a score of 16 (high)."
    )
    assert texts[1] == "risk R2 \u201cRisk R2\u201d raised on 1 June 2023 with a score of 6."
    assert texts[2].endswith("re-scored up from 9 to 16 (high) at its review of 10 June 2023.")
    assert texts[3].endswith("closed on 15 June 2023.")


# --- reports and loads -----------------------------------------------------------------------------------------


def test_reports_missing_or_made_late_in_the_window_are_items():
    # Reports every six weeks from 7 April 2023: the one due 19 May is made late on 26 May, the one due 7 July
    # (after the window) is not judged, and with no start the first report sets the rhythm.
    made = ratings(("2023-04-07", "PA1", "Red", ""), ("2023-05-26", "PA1", "Red", ""))
    items = rules.report_items(made, WINDOW)
    assert items == [
        {
            "kind": rules.REPORT_LATE,
            "priority_area_code": None,
            "when": dt.date(2023, 5, 26),
            "text": "The six-weekly report due on 19 May 2023 was made on 26 May 2023, 7 days late.",
            "importance": rules.IMPORTANCE[rules.REPORT_LATE],
        }
    ]
    missing = rules.report_items(ratings(("2023-04-07", "PA1", "Red", "")), WINDOW)
    assert [item["text"] for item in missing] == [
        "The six-weekly report due on 19 May 2023 is missing: no submitted report answered it by 30 June 2023."
    ]
    assert rules.report_items(ratings(("2023-06-01", "PA1", "Red", "")), WINDOW) == []  # the first sets the rhythm


def loads(*rows: tuple[str, str, str, int, int]) -> pd.DataFrame:
    """(loaded at, kind, file, rows, councils)."""
    return pd.DataFrame(
        [{"loaded_at": D(at), "kind": kind, "source_name": name, "row_count": count, "outcome": "loaded",
          "message": None, "councils": councils}
         for at, kind, name, count, councils in rows]
    )  # fmt: skip


def test_loads_in_the_window_but_reports_are_items_and_the_latest_window_runs_on():
    stored = loads(
        ("2023-05-18 09:00", "measure_actuals", "april.csv", 15, 1),  # the board's day
        ("2023-06-12 10:30", "measure_actuals", "may.csv", 15, 1),
        ("2023-06-13 10:30", "rag_report", "report.xlsx", 5, 1),  # its ratings are items of their own
        ("2023-06-14 10:30", "meetings", "meetings.csv", 40, 3),
        ("2023-07-11 08:00", "measure_actuals", "june.csv", 15, 1),  # after the window's end
    )
    items = rules.load_items(stored, WINDOW)
    assert [item["text"] for item in items] == [
        "Measure actuals loaded on 12 June 2023 from may.csv: 15 rows added or changed.",
        "Meetings loaded on 14 June 2023 from meetings.csv: a file with rows for 3 councils.",
    ]
    assert {item["kind"] for item in items} == {rules.DATA_LOADED} and items[0]["priority_area_code"] is None
    running_on = rules.load_items(stored, WINDOW, open_ended=True)
    assert [item["when"] for item in running_on][-1] == dt.date(2023, 7, 11)
    assert rules.load_items(stored.iloc[0:0], WINDOW) == []


# --- the whole digest ------------------------------------------------------------------------------------------------


NO_LOADS = pd.DataFrame(columns=["loaded_at", "kind", "source_name", "row_count", "message"])


def digest(loads: pd.DataFrame = NO_LOADS, **frames: pd.DataFrame) -> pd.DataFrame:
    """``rules.digest_items`` of ``WINDOW`` on a board of the frames given (the others empty)."""
    board = SimpleNamespace(
        priority_areas=AREAS,
        ratings=pd.DataFrame(columns=["report_date", "priority_area_code", "rating", "narrative"]),
        plan_measures=pd.DataFrame(columns=["measure_code", "priority_area_code", "polarity"]),
        observations=pd.DataFrame(columns=["measure_code", "period", "value", "status"]),
        trajectories=pd.DataFrame(columns=["measure_code", "period", "planned_value"]),
        milestones=milestones(),
        risks=pd.DataFrame(columns=["reference", "title", "priority_area_code", "raised_date", "closed_date"]),
        risk_reviews=pd.DataFrame(columns=["risk_reference", "review_date", "likelihood", "impact"]),
        adviser_start=None,
    )
    for name, frame in frames.items():
        setattr(board, name, frame)
    return rules.digest_items(WINDOW, board, loads)


def test_the_digest_lists_every_kind_most_important_first():
    items = digest(
        ratings=ratings(
            ("2023-04-07", "PA1", "Amber", ""),
            ("2023-04-07", "PA2", "Red", ""),
            ("2023-05-19", "PA1", "Red", "Worse."),
            ("2023-05-19", "PA2", "Amber", "Better."),
        ),
        plan_measures=plan("m", area="PA2"),
        observations=monthly("m", "2021-05-01", stable_then(80.0)),
        milestones=milestones(("M1", "2023-05-26", "complete", "2023-05-29"), ("M3", "2023-06-02", "open", None)),
        risks=risks(("R1", "PA1", "2023-05-20", None), ("R5", "PA2", "2022-01-01", "2023-06-15")),
        risk_reviews=reviews(("R1", "2023-05-20", 2, 2)),
        loads=loads(("2023-06-12 10:30", "measure_actuals", "may.csv", 15, 1)),
    )
    assert list(items.columns) == rules.ITEM_COLUMNS
    assert items["kind"].tolist() == [
        rules.RATING_WORSE,
        rules.SPC_CONCERN,
        rules.MILESTONE_OVERDUE,
        rules.RISK_RAISED,
        rules.RATING_BETTER,
        rules.MILESTONE_COMPLETED,
        rules.RISK_CLOSED,
        rules.DATA_LOADED,
    ]
    assert items["importance"].is_monotonic_decreasing and items["importance"].dtype == int
    assert all(isinstance(day, dt.date) for day in items["when"])
    counts = rules.kind_counts(items)
    assert counts["kind"].tolist() == items["kind"].tolist() and counts["items"].eq(1).all()


def test_within_a_kind_the_newest_comes_first_then_the_plan_order():
    items = digest(
        milestones=milestones(
            ("M1", "2023-05-26", "complete", "2023-05-29"), ("M2", "2023-05-26", "complete", "2023-06-20")
        ).assign(priority_area_code=["PA2", "PA1"]),
    )
    assert items["text"].str.extract(r"milestone (M\d)")[0].tolist() == ["M2", "M1"]
    empty = digest()
    assert empty.empty and list(empty.columns) == rules.ITEM_COLUMNS


@pytest.mark.parametrize("kind", rules.ORDER)
def test_every_kind_has_words_and_an_importance_in_order(kind):
    assert rules.KIND_LABELS[kind]
    assert rules.IMPORTANCE[kind] == len(rules.ORDER) - rules.ORDER.index(kind)

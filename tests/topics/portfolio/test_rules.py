"""The portfolio's rules on hand-made councils: in or out of intervention on a date, the overall rating, each
concern, the documented worst-first order, the theme grid, and the events DfE follows."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from improvement.topics.portfolio import rules
from improvement.topics.portfolio.rules import CouncilSummary

ON = dt.date(2023, 6, 30)


def council(name: str, **facts) -> CouncilSummary:
    base = CouncilSummary(
        code=name[:3].upper(),
        name=name,
        region="North West",
        as_at=ON,
        in_intervention=True,
        intervention="Improvement notice",
        intervention_start=dt.date(2021, 7, 1),
        intervention_end=None,
        adviser="A Adviser",
        ofsted=None,
        ofsted_date=None,
        ratings={"PA1": "Amber", "PA2": "Green"},
        areas=2,
    )
    return replace(base, **facts)


def interventions(*rows: tuple) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["authority_code", "kind", "start_date", "end_date", "adviser", "notes"])
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def test_in_intervention_on_a_date_and_the_intervention_shown():
    frame = interventions(
        ("A", "improvement_notice", "2019-01-01", "2020-12-31", "X", None),
        ("A", "statutory_direction", "2021-01-01", None, "Y", None),
        ("B", "improvement_notice", "2021-01-01", "2023-03-31", "Z", None),
        ("C", "commissioner", "2023-09-01", None, "W", None),
    )
    inside, shown = rules.in_intervention(frame, "A", ON)
    assert inside and shown["kind"] == "statutory_direction"
    inside, shown = rules.in_intervention(frame, "B", ON)
    assert not inside and shown["end_date"] == pd.Timestamp("2023-03-31")  # just out: the one that ended
    assert rules.in_intervention(frame, "B", dt.date(2023, 3, 31))[0]  # in force on its last day
    assert not rules.in_intervention(frame, "C", ON)[0]  # not started yet
    assert rules.in_intervention(frame, "D", ON) == (False, None)


def test_the_overall_rating_is_the_worst_area_and_each_concern_counts_once():
    calm = council("Calm")
    assert calm.overall == "Amber" and calm.concerns == []
    troubled = council(
        "Troubled",
        ratings={"PA1": "Red", "PA2": "Red", "PA3": "Blue"},
        disagreements=1,
        reports_missing=2,
        review_overdue=True,
        milestones_due=8,
        milestones_overdue=2,  # exactly a quarter
        measures_judged=5,
        measures_off=3,
        spc_concern=1,
        high_risks=2,
        spend_gbp=60_001.0,
        budget_gbp=60_000.0,
    )
    assert troubled.overall == "Red" and troubled.areas_red == 2
    assert troubled.concerns == list(rules.CONCERNS)
    assert council("Half", measures_judged=4, measures_off=2).concerns == []  # "most" is more than half
    assert council("Due", next_report_due=ON, report_overdue=True).concerns == [rules.REPORT_OVERDUE]
    assert council("Unrated", ratings={}).overall is None


def test_worst_first_by_concerns_then_red_areas_then_share_overdue_then_off_trajectory_then_name():
    out = council("Aardvark", in_intervention=False, ratings={"PA1": "Red"}, high_risks=3)
    two_concerns = council("Zeta", ratings={"PA1": "Red"}, high_risks=1)
    two_concerns_more_red = council("Yew", ratings={"PA1": "Red", "PA2": "Red"}, high_risks=1)
    one = council("Beta", high_risks=1, milestones_due=10, milestones_overdue=1)
    one_more_overdue = council("Gamma", high_risks=1, milestones_due=10, milestones_overdue=2)
    none_b, none_a = council("Bravo"), council("Alpha")
    ordered = rules.worst_first([out, none_b, one, two_concerns, none_a, one_more_overdue, two_concerns_more_red])
    assert [c.name for c in ordered] == ["Yew", "Zeta", "Gamma", "Beta", "Alpha", "Bravo", "Aardvark"]


def test_the_theme_grid_takes_the_worst_rating_of_a_councils_areas_of_each_theme():
    first = council("First", ratings={"PA1": "Green", "PA2": "Red", "PA3": "Amber"})
    second = council("Second", code="SEC", ratings={"X1": "Blue"})
    grid = rules.theme_grid(
        [first, second],
        {
            "FIR": {"PA1": "front door", "PA2": "front door", "PA3": "care leavers", "PA4": None},
            "SEC": {"X1": "front door", "X2": "workforce and caseloads"},
        },
    )
    cells = {(row.name, row.theme): row.rating if isinstance(row.rating, str) else None for row in grid.itertuples()}
    assert cells == {
        ("First", "front door"): "Red",
        ("First", "care leavers"): "Amber",
        ("Second", "front door"): "Blue",
        ("Second", "workforce and caseloads"): None,  # an area not rated yet
    }


def test_milestones_due_leaves_out_dropped_ones_and_those_not_yet_due():
    milestones = pd.DataFrame(
        {
            "due_date": pd.to_datetime(["2023-01-01", "2023-05-01", "2023-06-30", "2023-12-01"]),
            "status": ["complete", "dropped", "in_progress", "not_started"],
        }
    )
    assert rules.milestones_due(milestones, ON) == 1  # 30 June is not before 30 June; dropped ones never count
    assert rules.milestones_due(milestones, None) == 0


def test_the_events_after_a_date_up_to_another():
    events = rules.portfolio_events(
        council("Calm"),
        [dt.date(2023, 1, 10), dt.date(2023, 5, 10)],
        [(dt.date(2023, 6, 1), "Requires improvement to be good (ILACS)")],
        [("Improvement notice", dt.date(2021, 7, 1), dt.date(2023, 6, 30))],
        [
            ("Contract break clause", dt.date(2023, 4, 1), "Either party may end it."),
            ("Contract ended", dt.date(2024, 6, 30), "Ended."),
        ],
        since=dt.date(2023, 3, 1),
        until=ON,
    )
    assert [(e["when"], e["what"]) for e in events] == [
        (dt.date(2023, 5, 10), "DfE review held"),
        (dt.date(2023, 6, 1), "New Ofsted judgement"),
        (dt.date(2023, 6, 30), "Intervention ended"),
        (dt.date(2023, 4, 1), "Contract break clause"),
    ]
    assert events[2]["detail"] == "Improvement notice ended on 30 June 2023."

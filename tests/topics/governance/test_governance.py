"""The governance rules (improvement/topics/governance/rules.py), their chart and table builders, and the queries
behind them.

Unit tests use small hand-made frames whose answers can be worked out by hand; the query tests run on SQLite and
PostgreSQL and load corrections through the real loaders to show that the newest load wins for each key.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from improvement import queries
from improvement.charting import ChartContext
from improvement.topics.governance import charts as governance_charts
from improvement.topics.governance import rules as governance
from improvement.topics.governance import tables as governance_tables
from loaders.run import Source, load_source

AS_AT = dt.date(2023, 6, 30)
CONTEXT = ChartContext("Testshire", AS_AT, "OFFICIAL-SENSITIVE", synthetic=True)
AREAS = pd.DataFrame(
    {"priority_area_code": ["PA1", "PA2"], "title": ["PLO pre-proceedings", "CP supervision"], "sort_order": [1, 2]}
)
SEFTON = "E08000014"


def milestones(*rows: tuple) -> pd.DataFrame:
    """(area, reference, owner, milestone, due, status, completed) tuples as the ``milestones`` query returns."""
    frame = pd.DataFrame(
        rows, columns=["priority_area_code", "reference", "owner", "milestone", "due_date", "status", "completed_date"]
    )
    frame["action"] = "Action " + frame["reference"]
    frame["due_date"] = pd.to_datetime(frame["due_date"])
    frame["completed_date"] = pd.to_datetime(frame["completed_date"])
    return frame


BOUNDARIES = milestones(
    ("PA1", "PA1.1", "Head of Service", "due the day before, in progress", "2023-06-29", "in_progress", None),
    ("PA1", "PA1.1", "Head of Service", "due on the as-at date", "2023-06-30", "not_started", None),
    ("PA1", "PA1.2", "Legal", "due long ago, complete", "2022-01-31", "complete", "2022-03-01"),
    ("PA2", "PA2.1", "Legal", "due long ago, dropped", "2022-01-31", "dropped", None),
    ("PA2", "PA2.1", "Legal", "due in exactly six weeks", "2023-08-11", "not_started", None),
    ("PA2", "PA2.2", "Principal Social Worker", "due six weeks and a day on", "2023-08-12", "in_progress", None),
)


# --- milestones --------------------------------------------------------------------------------------------------


def test_overdue_is_due_before_the_as_at_date_and_not_complete_or_dropped() -> None:
    late = governance.overdue(BOUNDARIES, AS_AT)

    assert list(late["milestone"]) == ["due the day before, in progress"]
    assert late["days_late"].tolist() == [1]


def test_due_soon_runs_from_the_as_at_date_to_six_weeks_after_it_inclusive() -> None:
    soon = governance.due_soon(BOUNDARIES, AS_AT)

    assert list(soon["milestone"]) == ["due on the as-at date", "due in exactly six weeks"]


def test_each_milestone_has_one_of_four_states() -> None:
    states = governance.milestone_states(BOUNDARIES, AS_AT).set_index("milestone")["state"]

    assert states.to_dict() == {
        "due the day before, in progress": "Overdue",
        "due on the as-at date": "Open",
        "due long ago, complete": "Complete",
        "due long ago, dropped": "Dropped",
        "due in exactly six weeks": "Open",
        "due six weeks and a day on": "Open",
    }
    assert set(states) <= set(governance.STATES) and len(governance.STATES) == 4


def test_filters_keep_the_chosen_owners_and_statuses_and_an_empty_choice_keeps_all() -> None:
    assert len(governance.filter_milestones(BOUNDARIES, [], [])) == len(BOUNDARIES)
    legal = governance.filter_milestones(BOUNDARIES, ["Legal"], [])
    assert set(legal["owner"]) == {"Legal"} and len(legal) == 3
    both = governance.filter_milestones(BOUNDARIES, ["Legal", "Head of Service"], ["not_started", "complete"])
    assert list(both["milestone"]) == ["due on the as-at date", "due long ago, complete", "due in exactly six weeks"]


def test_completion_counts_milestones_due_by_each_month_end_that_were_complete_by_then() -> None:
    frame = milestones(
        ("PA1", "PA1.1", "A", "finished early", "2023-02-15", "complete", "2023-01-10"),
        ("PA1", "PA1.1", "A", "finished late", "2023-01-20", "complete", "2023-03-05"),
        ("PA1", "PA1.2", "A", "still open", "2023-02-28", "in_progress", None),
        ("PA1", "PA1.2", "A", "dropped: never counted", "2023-01-05", "dropped", None),
        ("PA2", "PA2.1", "B", "due later", "2023-03-10", "not_started", None),
    )
    result = governance.completion_by_month(frame, dt.date(2023, 3, 31)).set_index(["priority_area_code", "period"])

    pa1 = result.loc["PA1"]
    assert pa1["due"].tolist() == [1, 3, 3]  # January, February, March
    assert pa1["complete"].tolist() == [0, 1, 2]
    assert pa1["percent"].tolist() == pytest.approx([0.0, 100 / 3, 200 / 3])
    pa2 = result.loc["PA2"]
    assert pa2["due"].tolist() == [0, 0, 1]
    assert pa2["percent"].isna().tolist() == [True, True, False]  # nothing due: no figure, not 0%
    assert list(pa1.index) == list(pd.to_datetime(["2023-01-01", "2023-02-01", "2023-03-01"]))


# --- risks -----------------------------------------------------------------------------------------------------


def risk_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    risks = pd.DataFrame(
        {
            "reference": ["R01", "R02", "R03", "R04", "R05"],
            "title": ["Recruitment", "Legal capacity", "Data", "Demand", "Never reviewed"],
            "priority_area_code": ["PA1", None, "PA2", "PA1", None],
            "owner": ["HR", "Legal", "Performance", "Early help", "DCS"],
            "mitigation": ["Campaign", "Locum", "Tracker", "Triage", "None yet"],
            "status": ["open", "open", "closed", "open", "open"],
            "raised_date": pd.to_datetime(["2023-01-10", "2023-01-20", "2023-02-01", "2023-04-02", "2023-06-01"]),
            "closed_date": pd.to_datetime([None, None, "2023-04-30", None, None]),
        }
    )
    reviews = pd.DataFrame(
        {
            "risk_reference": ["R01", "R01", "R02", "R03", "R04"],
            "review_date": pd.to_datetime(["2023-01-10", "2023-04-10", "2023-01-20", "2023-02-01", "2023-04-02"]),
            "likelihood": [5, 3, 4, 5, 3],
            "impact": [5, 4, 5, 5, 4],
        }
    )
    return risks, reviews


def test_a_risks_score_is_likelihood_times_impact_and_its_current_score_is_the_latest_review() -> None:
    risks, reviews = risk_frames()
    assert governance.scored_reviews(reviews)["score"].tolist() == [25, 12, 20, 25, 12]

    current = governance.current_risks(risks, reviews).set_index("reference")
    assert current.loc["R01", ["likelihood", "impact", "score", "first_score"]].tolist() == [3, 4, 12, 25]
    assert current.loc["R01", "last_reviewed"] == pd.Timestamp("2023-04-10")
    assert pd.isna(current.loc["R05", "score"])  # never reviewed: no score, not zero


def test_a_risks_score_on_a_date_is_its_latest_review_by_then() -> None:
    _risks, reviews = risk_frames()
    early = governance.scores_by(reviews, dt.date(2023, 4, 9))
    assert early.index.tolist() == ["R01", "R02", "R03", "R04"]
    assert early.loc["R01", ["likelihood", "impact", "score"]].tolist() == [5, 5, 25]
    assert early.loc["R01", "review_date"] == pd.Timestamp("2023-01-10")
    later = governance.scores_by(reviews, pd.Timestamp("2023-04-10"))  # a review on the day counts
    assert later.loc["R01", ["score", "review_date"]].tolist() == [12, pd.Timestamp("2023-04-10")]
    assert governance.scores_by(reviews, dt.date(2023, 1, 15)).index.tolist() == ["R01"]
    assert governance.scores_by(reviews, dt.date(2022, 12, 31)).empty


def test_matrix_counts_open_reviewed_risks_by_latest_likelihood_and_impact() -> None:
    risks, reviews = risk_frames()
    counts = governance.matrix_counts(governance.current_risks(risks, reviews))

    assert counts.shape == (5, 5) and list(counts.index) == [5, 4, 3, 2, 1] and list(counts.columns) == [1, 2, 3, 4, 5]
    assert counts.loc[3, 4] == 2  # R01 (latest review, not its first 5 x 5) and R04
    assert counts.loc[4, 5] == 1  # R02
    assert counts.loc[5, 5] == 0  # R03 is closed
    assert int(counts.to_numpy().sum()) == 3  # R05 has no review


def test_top_risks_are_open_risks_by_score_with_ties_broken_by_impact_likelihood_and_reference() -> None:
    risks, reviews = risk_frames()
    top = governance.top_risks(governance.current_risks(risks, reviews))

    assert top["reference"].tolist() == ["R02", "R01", "R04"]
    assert governance.top_risks(governance.current_risks(risks, reviews), count=1)["reference"].tolist() == ["R02"]


def test_raised_and_closed_per_month_with_open_risks_at_each_month_end() -> None:
    risks, _ = risk_frames()
    monthly = governance.raised_and_closed(risks, AS_AT)

    assert monthly["period"].dt.strftime("%Y-%m").tolist() == [f"2023-0{m}" for m in range(1, 7)]
    assert monthly["raised"].tolist() == [2, 1, 0, 1, 0, 1]
    assert monthly["closed"].tolist() == [0, 0, 0, 1, 0, 0]
    assert monthly["open"].tolist() == [2, 3, 3, 3, 3, 4]


# --- chart and table builders ------------------------------------------------------------------------------------


def words(title: str) -> int:
    return len(title.split())


def test_timeline_chart_states_the_overdue_count_and_shows_each_state_by_shape_and_word() -> None:
    chart = governance_charts.milestone_timeline_chart(BOUNDARIES, AREAS, AS_AT, CONTEXT)

    assert chart.title == "1 of 6 milestones overdue at 30 June 2023"
    assert "improvement plan action tracker" in chart.caption and "Data as at 30 June 2023" in chart.caption
    named = {trace.name: trace for trace in chart.figure.data if trace.name}
    assert {"Overdue: due date", "Open: due date", "Complete: due date", "Dropped: due date"} <= set(named)
    symbols = {named[f"{state}: due date"].marker.symbol for state in governance.STATES}
    colours = {named[f"{state}: due date"].marker.color for state in governance.STATES}
    assert len(symbols) == 4 and len(colours) <= 4
    assert list(chart.table["State"]).count("Overdue") == 1
    assert "due the day before, in progress, due 29 June 2023" in chart.alt_text


def test_completion_chart_has_one_panel_per_area_in_one_colour() -> None:
    frame = milestones(
        ("PA1", "PA1.1", "A", "m1", "2023-05-15", "complete", "2023-05-10"),
        ("PA2", "PA2.1", "B", "m2", "2023-05-20", "in_progress", None),
    )
    chart = governance_charts.milestone_completion_chart(governance.completion_by_month(frame, AS_AT), AREAS, CONTEXT)

    assert chart.title == "50% of milestones due by Jun 2023 were completed"
    assert [trace.name for trace in chart.figure.data] == ["PA1", "PA2"]
    assert len({trace.line.color for trace in chart.figure.data}) == 1
    assert chart.table.to_dict("list") == {
        "Month": ["May 2023", "Jun 2023"],
        "PA1": ["1 of 1 (100%)", "1 of 1 (100%)"],
        "PA2": ["0 of 1 (0%)", "0 of 1 (0%)"],
    }


def test_risk_matrix_writes_the_count_in_every_cell() -> None:
    risks, reviews = risk_frames()
    counts = governance.matrix_counts(governance.current_risks(risks, reviews))
    chart = governance_charts.risk_matrix_chart(counts, CONTEXT, unreviewed=1)

    heatmap = chart.figure.data[0]
    assert [[int(text) for text in row] for row in heatmap.text] == counts.to_numpy().tolist()
    assert heatmap.y[0] == "5 Almost certain" and heatmap.x[4] == "5 Severe"
    assert chart.title == "1 of 3 open risks score 15 or more"
    assert "risk register" in chart.caption and "1 open risk not yet reviewed" in chart.caption
    assert chart.table.set_index("Likelihood \\ impact").at["3 Possible", "4 Major"] == 2


def test_risk_score_chart_plots_each_review_and_names_the_movement() -> None:
    risks, reviews = risk_frames()
    one = governance_charts.risk_score_chart(reviews[reviews["risk_reference"] == "R01"], risks, CONTEXT)
    assert one.title == "Risk R01 score fell from 25 to 12"
    assert list(one.figure.data[0].y) == [25, 12]

    several = governance_charts.risk_score_chart(
        reviews[reviews["risk_reference"].isin(["R01", "R02", "R04"])], risks, CONTEXT
    )
    assert several.title == "Risk R02 scores highest of 3 chosen, at 20"
    assert len({trace.line.color for trace in several.figure.data}) == 3
    assert several.table["Score"].tolist() == [25, 12, 20, 12]


def test_raised_and_closed_chart_and_tables() -> None:
    risks, reviews = risk_frames()
    chart = governance_charts.risks_raised_closed_chart(governance.raised_and_closed(risks, AS_AT), CONTEXT)
    assert chart.title == "4 risks open in Jun 2023: 5 raised, 1 closed"
    assert words(chart.title) <= 10

    top = governance_tables.top_risks_table(governance.top_risks(governance.current_risks(risks, reviews)), AREAS)
    assert top[["Risk", "Priority area", "Owner", "Score", "Mitigation"]].iloc[0].tolist() == [
        "R02 Legal capacity",
        "Whole plan",
        "Legal",
        20,
        "Locum",
    ]
    due = governance_tables.milestone_due_table(governance.overdue(BOUNDARIES, AS_AT), AS_AT)
    assert due["Days from data as at"].tolist() == ["1 day overdue"]
    soon = governance_tables.milestone_due_table(governance.due_soon(BOUNDARIES, AS_AT), AS_AT)
    assert soon["Days from data as at"].tolist() == ["due in 0 days", "due in 42 days"]


# --- queries: newest load wins, on both backends -------------------------------------------------------------------


def test_risk_queries_return_the_newest_version_of_each_risk_and_review(seeded_engine) -> None:
    before = queries.risks(seeded_engine, SEFTON).set_index("reference")
    reviews_before = queries.risk_reviews(seeded_engine, SEFTON)
    first = reviews_before[reviews_before["risk_reference"] == "R01"].iloc[0]
    r01 = before.loc["R01"]

    risk_file = Source(
        "risks.csv",
        (
            "authority_code,reference,title,owner,mitigation,status,raised_date,closed_date,priority_area_code\n"
            f'{SEFTON},R01,"{r01["title"]}",New owner,New mitigation,open,{r01["raised_date"]:%Y-%m-%d},,'
            f"{r01['priority_area_code'] or ''}\n"
        ).encode(),
    )
    result = load_source(seeded_engine, risk_file)
    assert result.ok, result.summary()
    review_file = Source(
        "risk_reviews.csv",
        (
            "authority_code,risk_reference,review_date,likelihood,impact\n"
            f"{SEFTON},R01,{first['review_date']:%Y-%m-%d},1,1\n"
        ).encode(),
    )
    result = load_source(seeded_engine, review_file)
    assert result.ok, result.summary()

    after = queries.risks(seeded_engine, SEFTON).set_index("reference")
    assert len(after) == len(before)
    assert after.loc["R01", ["owner", "mitigation"]].tolist() == ["New owner", "New mitigation"]
    reviews_after = queries.risk_reviews(seeded_engine, SEFTON)
    assert len(reviews_after) == len(reviews_before)  # the correction replaced, it did not add a review
    corrected = reviews_after[reviews_after["risk_reference"] == "R01"].iloc[0]
    assert (corrected["likelihood"], corrected["impact"]) == (1, 1)
    # Every earlier review of R01 stays attached to it although it pointed at the older version of the risk.
    assert (reviews_after["risk_reference"] == "R01").sum() == (reviews_before["risk_reference"] == "R01").sum()

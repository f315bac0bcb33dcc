"""Honest RAG: each branch of the rule comparing the adviser's rating with the area's measures, the demo data's
verdicts against the stored rows, and the flags with their evidence on the Overview and Priority areas pages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from improvement import queries, style
from improvement.topics.rag import rules as honesty
from improvement.topics.rag import tables as rag_tables
from tests.support.database import add_report_version, latest_submitted_ratings

HIGHER = "higher_is_better"
LOWER = "lower_is_better"

# A report of 15 June 2022 covering 4 May to 15 June: only May is a whole month ended by then, so the rule uses
# the two months that ended last before the report date, April and May 2022.
REPORT = {"report_date": pd.Timestamp("2022-06-15"), "period_start": pd.Timestamp("2022-05-04")}
REPORT["period_end"] = REPORT["report_date"]
MONTHS = pd.date_range("2022-01-01", periods=8, freq="MS")  # Jan to Aug 2022: Jun to Aug come after the report

SEFTON_ID = "(SELECT id FROM authority WHERE code = 'E08000014')"  # the demo holds six invented councils too


def plan(*measures: tuple[str, str, str]) -> pd.DataFrame:
    """Plan measures (code, priority area, polarity)."""
    return pd.DataFrame(
        [
            {"measure_code": code, "name": f"Measure {code}", "unit": "percent", "polarity": polarity,
             "priority_area_code": area}
            for code, area, polarity in measures
        ]
    )  # fmt: skip


def series(code: str, actual: list[float | None], planned: list[float | None]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One measure's observations (None = suppressed, status c) and trajectory, monthly from January 2022."""
    observations = pd.DataFrame(
        {
            "measure_code": code,
            "period": MONTHS[: len(actual)],
            "value": actual,
            "status": [style.SUPPRESSED if v is None else None for v in actual],
        }
    )
    trajectory = pd.DataFrame({"measure_code": code, "period": MONTHS[: len(planned)], "planned_value": planned})
    return observations, trajectory.dropna(subset=["planned_value"])


def check(rating: str, measures: pd.DataFrame, *data: tuple[pd.DataFrame, pd.DataFrame], area: str = "PA1"):
    ratings = pd.DataFrame([REPORT | {"priority_area_code": area, "rating": rating}])
    observations = pd.concat([d[0] for d in data]) if data else pd.DataFrame(columns=["measure_code", "period"])
    trajectories = pd.concat([d[1] for d in data]) if data else pd.DataFrame(columns=["measure_code", "period"])
    checks, evidence = honesty.check_ratings(ratings, measures, observations, trajectories)
    assert len(checks) == 1
    return checks.iloc[0], evidence


# Higher is better, planned 50 every month. Off = below 50.
ON = [60.0] * 8
OFF_SINCE_MARCH = [60.0, 60.0, 40.0, 40.0, 40.0, 60.0, 60.0, 60.0]  # off Mar-May (3 months), on again after
OFF_IN_MAY_ONLY = [60.0, 60.0, 60.0, 60.0, 40.0, 40.0, 40.0, 40.0]  # off for 1 month up to the report
PLANNED = [50.0] * 8


@pytest.mark.parametrize(
    ("report_date", "period_start", "period_end", "expected"),
    [
        ("2021-09-03", "2021-07-24", "2021-09-03", ["2021-07-01", "2021-08-01"]),  # 2 months overlap, both ended
        ("2021-12-10", "2021-09-20", "2021-12-10", ["2021-09-01", "2021-10-01", "2021-11-01"]),  # December not ended
        ("2022-05-13", "2022-04-02", "2022-05-13", ["2022-03-01", "2022-04-01"]),  # only April: 2 months before
        ("2022-05-31", "2022-05-01", "2022-05-31", ["2022-04-01", "2022-05-01"]),  # written on the month's last day
        ("2022-05-13", None, None, ["2022-03-01", "2022-04-01"]),  # no period stored
    ],
)
def test_the_months_a_report_covers(report_date, period_start, period_end, expected):
    start = pd.Timestamp(period_start) if period_start else None
    end = pd.Timestamp(period_end) if period_end else None
    assert honesty.report_months(pd.Timestamp(report_date), start, end) == [pd.Timestamp(m) for m in expected]


def test_green_while_most_measures_are_off_trajectory_for_two_months_is_more_positive_than_the_data():
    measures = plan(("a", "PA1", HIGHER), ("b", "PA1", HIGHER), ("c", "PA1", HIGHER))
    result, evidence = check(
        "Green",
        measures,
        series("a", OFF_SINCE_MARCH, PLANNED),
        series("b", [60.0, 60.0, 60.0, 45.0, 42.0], PLANNED),
        series("c", ON, PLANNED),
    )

    assert result["verdict"] == honesty.MORE_POSITIVE
    assert result["measures_judged"] == 3
    # Longest run first; run counted up to May (the last month ended before the report), whatever came after.
    assert [(m["measure_code"], m["months_off"]) for m in result["measures_off"]] == [("a", 3), ("b", 2)]
    assert result["measures_off"][1] | {} == {
        "measure_code": "b",
        "name": "Measure b",
        "unit": "percent",
        "months_off": 2,
        "period": pd.Timestamp("2022-05-01"),
        "actual": 42.0,
        "planned": 50.0,
    }
    assert rag_tables.off_trajectory_text(result["measures_off"][1]) == (
        "Measure b: off trajectory for 2 months in a row; May 2022: 42.0% against 50.0% planned"
    )
    assert list(evidence["on_trajectory"]) == [False, False, True]


def test_blue_is_also_flagged_and_most_means_more_than_half():
    measures = plan(("a", "PA1", HIGHER), ("b", "PA1", HIGHER), ("c", "PA1", HIGHER), ("d", "PA1", HIGHER))
    half_off = [series("a", OFF_SINCE_MARCH, PLANNED), series("b", OFF_SINCE_MARCH, PLANNED)]
    on = [series("c", ON, PLANNED), series("d", ON, PLANNED)]

    assert check("Blue", measures, *half_off, *on)[0]["verdict"] == honesty.AGREES  # 2 of 4 is not most
    three_off = [*half_off, series("c", OFF_SINCE_MARCH, PLANNED), on[1]]
    assert check("Blue", measures, *three_off)[0]["verdict"] == honesty.MORE_POSITIVE


def test_a_single_month_off_trajectory_does_not_count():
    measures = plan(("a", "PA1", HIGHER))
    result, _ = check("Green", measures, series("a", OFF_IN_MAY_ONLY, PLANNED))
    assert result["verdict"] == honesty.AGREES
    assert result["measures_off"] == []


def test_polarity_decides_off_trajectory():
    measures = plan(("caseload", "AFI5", LOWER))
    rising = series("caseload", [20.0, 20.0, 20.0, 24.0, 25.0], [22.0] * 5)  # above planned = off when lower is better
    assert check("Green", measures, rising, area="AFI5")[0]["verdict"] == honesty.MORE_POSITIVE
    assert check("Green", plan(("caseload", "AFI5", HIGHER)), rising, area="AFI5")[0]["verdict"] == honesty.AGREES


def test_red_while_every_measure_is_on_trajectory_is_more_negative_than_the_data():
    measures = plan(("a", "PA1", HIGHER), ("b", "PA1", HIGHER))
    result, evidence = check(
        "Red", measures, series("a", ON, PLANNED), series("b", OFF_SINCE_MARCH[:2] + ON[2:], PLANNED)
    )
    assert result["verdict"] == honesty.MORE_NEGATIVE
    assert result["measures_off"] == []
    text = rag_tables.disagreement_text(result.to_dict(), evidence, "PA1 Pre-proceedings")
    assert text.startswith("**PA1 Pre-proceedings** is rated ✖ Red in the report of 15 June 2022, but all 2 of its")
    assert "the data suggests a better rating" in text
    assert "- Measure a: on trajectory; May 2022: 60.0% against 50.0% planned" in text

    # One measure off in the latest month covered: Red is a fair reading.
    assert check("Red", measures, series("a", ON, PLANNED), series("b", OFF_IN_MAY_ONLY, PLANNED))[0]["verdict"] == (
        honesty.AGREES
    )


def test_amber_is_never_flagged():
    measures = plan(("a", "PA1", HIGHER))
    assert check("Amber", measures, series("a", OFF_SINCE_MARCH, PLANNED))[0]["verdict"] == honesty.AGREES
    assert check("Amber", measures, series("a", ON, PLANNED))[0]["verdict"] == honesty.AGREES


def test_nothing_to_check_without_linked_measures_trajectories_or_unsuppressed_months():
    no_measures, evidence = check("Green", plan(("a", "PA2", HIGHER)), series("a", OFF_SINCE_MARCH, PLANNED))
    assert no_measures["verdict"] == honesty.NOTHING_TO_CHECK and no_measures["measures_judged"] == 0
    assert evidence.empty

    no_trajectory = check("Green", plan(("a", "PA1", HIGHER)), series("a", OFF_SINCE_MARCH, [None] * 8))[0]
    assert no_trajectory["verdict"] == honesty.NOTHING_TO_CHECK

    # April and May suppressed: months before the report's period do not stand in for it.
    suppressed = series("a", [40.0, 40.0, 40.0, None, None, 40.0], PLANNED)
    result, evidence = check("Red", plan(("a", "PA1", HIGHER)), suppressed)
    assert result["verdict"] == honesty.NOTHING_TO_CHECK
    assert not evidence["judged"].any()
    assert rag_tables.rating_evidence_table(evidence)["On trajectory"].tolist() == [
        "Not judged (suppressed or no trajectory)"
    ]


def test_a_suppressed_month_is_skipped_not_judged():
    # Off in Feb, Mar and May; April suppressed: the run up to May counts the judged months only (3).
    measures = plan(("a", "PA1", HIGHER))
    result, _ = check("Green", measures, series("a", [60.0, 40.0, 40.0, None, 40.0], PLANNED))
    assert result["verdict"] == honesty.MORE_POSITIVE
    assert result["measures_off"][0]["months_off"] == 3

    # The latest month covered suppressed: the measure is judged on the month before it, if that is covered.
    result, _ = check("Green", measures, series("a", [60.0, 60.0, 40.0, 40.0, None], PLANNED))
    assert result["measures_off"][0]["period"] == pd.Timestamp("2022-04-01")
    assert result["measures_off"][0]["months_off"] == 2


def test_latest_checks_and_disagreements():
    checks = pd.DataFrame(
        {
            "priority_area_code": ["PA1", "PA2", "PA1", "PA2"],
            "report_date": pd.to_datetime(["2022-01-07", "2022-01-07", "2022-02-18", "2022-02-18"]),
            "verdict": [honesty.MORE_POSITIVE, honesty.AGREES, honesty.AGREES, honesty.MORE_NEGATIVE],
        }
    )
    latest = honesty.latest_checks(checks)
    assert list(zip(latest["priority_area_code"], latest["verdict"], strict=True)) == [
        ("PA1", honesty.AGREES),
        ("PA2", honesty.MORE_NEGATIVE),
    ]
    assert list(honesty.disagreements(latest)["priority_area_code"]) == ["PA2"]


# --- the demo data ---------------------------------------------------------------------------------------------


def stored_value(connection, table: str, column: str, measure_code: str, period: str) -> float:
    statement = sa.text(
        f"SELECT t.{column} FROM {table} t JOIN measure m ON m.id = t.measure_id "
        f"WHERE m.code = :code AND t.period = :period AND t.authority_id = {SEFTON_ID} ORDER BY t.load_id DESC"
    )
    return float(connection.execute(statement, {"code": measure_code, "period": period}).scalars().first())


def board_checks(engine):
    authority = "E08000014"
    measures = queries.plan_measures(engine, authority)
    observations = style.suppress_observations(
        queries.observations(engine, authority),
        set(measures.loc[measures["counts_children"].astype(bool), "measure_code"]),
        5,
    )
    return honesty.check_ratings(
        queries.rag_ratings(engine, authority), measures, observations, queries.trajectories(engine, authority)
    )


def test_demo_latest_ratings_agree_with_the_data_and_the_evidence_is_the_stored_rows(seeded_engine):
    checks, evidence = board_checks(seeded_engine)

    latest = honesty.latest_checks(checks)
    assert dict(zip(latest["priority_area_code"], latest["verdict"], strict=True)) == {
        code: honesty.AGREES for code in ["PA1", "PA2", "AFI3", "AFI4", "AFI5"]
    }
    # Early in the programme the adviser rated areas Red while every measure was still on its trajectory.
    flagged = honesty.disagreements(checks)
    assert set(flagged["verdict"]) == {honesty.MORE_NEGATIVE}
    assert set(flagged["rating"]) == {"Red"}

    # AFI5 stays Amber: agency and vacancy rates slipping (2 of its 4 measures: not most), evidenced by the rows.
    afi5 = latest.set_index("priority_area_code").loc["AFI5"]
    off = {m["measure_code"]: m for m in afi5["measures_off"]}
    assert set(off) == {"agency_worker_rate", "vacancy_rate"} and afi5["measures_judged"] == 4
    with seeded_engine.connect() as connection:
        for code, item in off.items():
            month = item["period"].date().isoformat()
            assert item["period"] == pd.Timestamp("2023-04-01")  # the report of 26 May 2023: Mar and Apr 2023
            assert item["actual"] == pytest.approx(stored_value(connection, "observation", "value", code, month))
            assert item["planned"] == pytest.approx(
                stored_value(connection, "trajectory_point", "planned_value", code, month)
            )
            assert item["actual"] > item["planned"]  # lower is better
    assert len(evidence) == sum(
        len(checks[checks["priority_area_code"] == area]) * n
        for area, n in queries.plan_measures(seeded_engine, "E08000014").groupby("priority_area_code").size().items()
    )


# --- the pages -------------------------------------------------------------------------------------------------


# --- the rest of the plan: milestones and risks ------------------------------------------------------------------


def milestone(reference: str, due: str, status: str, completed: str | None = None, area: str = "PA1") -> dict:
    return {
        "priority_area_code": area,
        "reference": reference,
        "action": f"Action {reference}",
        "owner": "Head of Service",
        "milestone": f"Milestone {reference}",
        "due_date": pd.Timestamp(due),
        "status": status,
        "completed_date": pd.Timestamp(completed) if completed else pd.NaT,
    }


def risk(reference: str, raised: str, closed: str | None = None, area: str = "PA1") -> dict:
    return {
        "reference": reference,
        "title": f"Risk {reference}",
        "priority_area_code": area,
        "owner": "Director",
        "mitigation": "m",
        "status": "closed" if closed else "open",
        "raised_date": pd.Timestamp(raised),
        "closed_date": pd.Timestamp(closed) if closed else pd.NaT,
    }


def check_plan(rating: str, milestones=(), risks=(), reviews=(), *, as_at=None, measures_on: bool = True):
    """The check of one rating (the report of 15 June 2022, PA1) with one measure on trajectory (or off for 3
    months when not ``measures_on``) and the given milestones, risks and reviews."""
    ratings = pd.DataFrame([REPORT | {"priority_area_code": "PA1", "rating": rating}])
    observations, trajectory = series("a", ON if measures_on else OFF_SINCE_MARCH, PLANNED)
    review_frame = pd.DataFrame(
        [
            {"risk_reference": r, "review_date": pd.Timestamp(d), "likelihood": lk, "impact": im}
            for r, d, lk, im in reviews
        ],
        columns=["risk_reference", "review_date", "likelihood", "impact"],
    )
    checks, _evidence = honesty.check_ratings(
        ratings,
        plan(("a", "PA1", HIGHER)),
        observations,
        trajectory,
        milestones=pd.DataFrame(list(milestones), columns=list(milestone("x", "2022-01-01", "complete"))),
        risks=pd.DataFrame(list(risks), columns=list(risk("x", "2022-01-01"))),
        risk_reviews=review_frame,
        as_at=as_at,
    )
    return checks.iloc[0]


def test_green_or_blue_with_an_overdue_milestone_is_more_positive_than_the_plan():
    late = milestone("PA1.1", "2022-05-31", "in_progress")
    done_in_time = milestone("PA1.2", "2022-05-31", "complete", "2022-05-30")
    finished_after_the_report = milestone("PA1.3", "2022-06-01", "complete", "2022-07-01")
    dropped = milestone("PA1.4", "2022-01-31", "dropped")
    not_yet_due = milestone("PA1.5", "2022-06-15", "not_started")  # due on the report date: not yet overdue

    for rating in ("Green", "Blue"):
        result = check_plan(rating, [late, done_in_time, finished_after_the_report, dropped, not_yet_due])
        assert result["verdict"] == honesty.MORE_POSITIVE
        assert [item["reference"] for item in result["milestones_overdue"]] == ["PA1.1", "PA1.3"]
        assert result["judged_on"] == pd.Timestamp("2022-06-15")
    assert check_plan("Green", [done_in_time, dropped, not_yet_due])["verdict"] == honesty.AGREES
    assert check_plan("Amber", [late])["verdict"] == honesty.AGREES  # Amber is never flagged


def test_an_open_risk_scoring_15_or_more_against_the_area_flags_green():
    reviews = [("R1", "2022-03-01", 3, 5), ("R2", "2022-03-01", 5, 4), ("R2", "2022-06-01", 2, 4)]
    high = risk("R1", "2022-02-01")  # 15 at its latest review
    came_down = risk("R2", "2022-02-01")  # 20, then 8 by the report
    closed = risk("R3", "2022-02-01", "2022-06-01")
    other_area = risk("R4", "2022-02-01", area="PA2")
    result = check_plan(
        "Green", risks=[high, came_down, closed, other_area], reviews=[*reviews, ("R4", "2022-03-01", 5, 5)]
    )
    assert result["verdict"] == honesty.MORE_POSITIVE
    assert [(item["reference"], item["score"]) for item in result["high_risks"]] == [("R1", 15)]
    assert check_plan("Green", risks=[came_down, closed], reviews=reviews)["verdict"] == honesty.AGREES


def test_the_latest_rating_is_judged_on_the_plan_at_the_date_the_data_describes():
    # Due after the report, overdue by the data's as-at date: the rating in force now is contradicted.
    went_late = milestone("PA1.1", "2022-07-01", "in_progress")
    assert check_plan("Blue", [went_late])["verdict"] == honesty.AGREES  # at the report date it was not yet due
    result = check_plan("Blue", [went_late], as_at=dt.date(2022, 8, 31))
    assert result["verdict"] == honesty.MORE_POSITIVE
    assert result["judged_on"] == pd.Timestamp("2022-08-31")
    text = rag_tables.disagreement_text(result.to_dict(), pd.DataFrame(), "PA1 Pre-proceedings")
    assert "- 1 of its milestones were overdue at 31 August 2022:" in text
    assert "PA1.1 Milestone PA1.1: due 1 July 2022, not completed" in text


def test_red_is_fair_while_a_milestone_is_overdue_even_with_every_measure_on_trajectory():
    assert check_plan("Red")["verdict"] == honesty.MORE_NEGATIVE
    assert check_plan("Red", [milestone("PA1.1", "2022-05-31", "in_progress")])["verdict"] == honesty.AGREES


def test_an_area_with_no_measures_is_checked_on_its_milestones_and_risks_alone():
    ratings = pd.DataFrame([REPORT | {"priority_area_code": "PA1", "rating": "Green"}])
    empty = pd.DataFrame(columns=["measure_code", "period", "value", "status"])
    no_plan = pd.DataFrame(columns=["measure_code", "name", "unit", "polarity", "priority_area_code"])
    trajectory = pd.DataFrame(columns=["measure_code", "period", "planned_value"])
    nothing, _ = honesty.check_ratings(ratings, no_plan, empty, trajectory)
    assert nothing.iloc[0]["verdict"] == honesty.NOTHING_TO_CHECK
    late, _ = honesty.check_ratings(
        ratings, no_plan, empty, trajectory, milestones=pd.DataFrame([milestone("PA1.1", "2022-05-31", "in_progress")])
    )
    assert late.iloc[0]["verdict"] == honesty.MORE_POSITIVE


def honesty_warnings(app: AppTest) -> list[str]:
    return [w.value for w in app.main.warning if "Synthetic demo data" not in w.value]


def without_milestones_and_risks(url: str) -> None:
    """Take the plan's milestones and risks out of a throwaway database, so that only the measures rule speaks."""
    with sa.create_engine(url).begin() as connection:
        for table in ("milestone", "risk_review", "risk"):
            connection.execute(sa.text(f"DELETE FROM {table}"))


def areas_the_plan_contradicts(url: str, as_at: str) -> list[str]:
    """Straight from the stored rows: the areas whose latest rating is Green or Blue while one of their milestones
    was due before ``as_at`` and not completed by then, or an open risk against them scores 15 or more."""
    latest = latest_submitted_ratings(url)
    with sa.create_engine(url).connect() as connection:
        late = connection.execute(
            sa.text(
                "SELECT DISTINCT pa.code FROM milestone m JOIN plan_action a ON a.id = m.plan_action_id "
                f"JOIN priority_area pa ON pa.id = a.priority_area_id WHERE a.authority_id = {SEFTON_ID} "
                "AND m.due_date < :as_at "
                "AND m.status <> 'dropped' AND NOT (m.status = 'complete' AND m.completed_date <= :as_at)"
            ),
            {"as_at": as_at},
        ).scalars()
        risky = connection.execute(
            sa.text(
                "SELECT DISTINCT pa.code FROM risk r JOIN priority_area pa ON pa.id = r.priority_area_id "
                f"WHERE r.authority_id = {SEFTON_ID} AND r.status = 'open' "
                "AND (SELECT v.likelihood * v.impact FROM risk_review v WHERE v.risk_id = r.id "
                "ORDER BY v.review_date DESC LIMIT 1) >= 15"
            )
        ).scalars()
        behind = set(late) | set(risky)
    return [code for code, rating in latest.items() if rating in ("Green", "Blue") and code in behind]


def test_overview_flags_the_demo_ratings_its_plan_contradicts_and_says_what_was_checked(open_page, seeded_sqlite_url):
    expected = areas_the_plan_contradicts(seeded_sqlite_url, "2023-06-30")
    assert expected  # the demo's adviser rates some areas Green or Blue while their milestones are late

    app = open_page(seeded_sqlite_url, "pages/overview.py")

    flagged = [warning.split("**")[1].split()[0] for warning in honesty_warnings(app)]
    assert sorted(flagged) == sorted(expected)
    for warning in honesty_warnings(app):
        assert "of its milestones were overdue at 30 June 2023" in warning or "scored 15 or more" in warning
    captions = " ".join(c.value for c in app.caption)
    assert f"Flagged: {', '.join(code for code in ('PA1', 'PA2', 'AFI3', 'AFI4', 'AFI5') if code in expected)}." in (
        captions
    )


def test_overview_flags_ratings_that_disagree_with_the_measures_with_the_evidence(open_page, seeded_database_url):
    # The revised report rates AFI3 Green (its one measure slipping for months), PA2 Red (every measure on
    # trajectory) and AFI5 Green (2 of its 4 measures slipping: not most, so not flagged). Milestones and risks are
    # taken out, so that the measures alone decide.
    without_milestones_and_risks(seeded_database_url)
    add_report_version(seeded_database_url, {"AFI3": "Green", "PA2": "Red", "AFI5": "Green"})
    with sa.create_engine(seeded_database_url).connect() as connection:
        actual = stored_value(connection, "observation", "value", "audits_good_or_better", "2023-04-01")
        planned = stored_value(connection, "trajectory_point", "planned_value", "audits_good_or_better", "2023-04-01")
        cp_reviews = stored_value(connection, "observation", "value", "cp_reviews_in_timescale", "2023-04-01")

    app = open_page(seeded_database_url, "pages/overview.py")

    warnings = honesty_warnings(app)
    assert len(warnings) == 2
    pa2, afi3 = warnings  # in the priority areas' order
    assert afi3.startswith("**AFI3 ") and "is rated ● Green in the report of 26 May 2023" in afi3
    assert "1 of its 1 measures with a trajectory had been off trajectory for 2 or more months in a row" in afi3
    assert (
        f"- Audits graded good or better: off trajectory for 10 months in a row; Apr 2023: "
        f"{style.format_value(actual, 'percent')} against {style.format_value(planned, 'percent')} planned"
    ) in afi3
    assert pa2.startswith("**PA2 ") and "is rated ✖ Red" in pa2 and "the data suggests a better rating" in pa2
    assert f"CP reviews in timescale: on trajectory; Apr 2023: {style.format_value(cp_reviews, 'percent')}" in pa2
    assert all(w.proto.icon == ":material/warning:" for w in app.warning if w.value in warnings)
    captions = " ".join(c.value for c in app.caption)
    assert "Agrees with the measures: PA1, AFI4, AFI5. Flagged: PA2, AFI3." in captions


def test_priority_areas_page_shows_each_reports_verdict_and_the_latest_evidence(open_page, seeded_database_url):
    without_milestones_and_risks(seeded_database_url)
    add_report_version(seeded_database_url, {"AFI3": "Green"})
    app = open_page(seeded_database_url, "pages/priority_areas.py", area="AFI3")

    assert "Does the rating match the data?" in [h.value for h in app.header]
    [warning] = honesty_warnings(app)
    assert "Audits graded good or better: off trajectory for 10 months in a row" in warning
    frames = {tuple(df.value.columns): df.value for df in app.dataframe}
    verdicts = next(f for columns, f in frames.items() if "Does the rating match the data?" in columns)
    assert len(verdicts) == 16  # one row per submitted report
    newest = verdicts.iloc[0]
    assert (newest["Report date"], newest["Rating"]) == ("26 May 2023", "● Green")
    assert newest["Does the rating match the data?"] == "⚠ Rating more positive than the measures"
    assert verdicts.iloc[1]["Does the rating match the data?"] == "Agrees with the measures"  # Amber before
    evidence = next(f for columns, f in frames.items() if "Months off trajectory in a row" in columns)
    assert evidence.to_dict("records") == [
        {
            "Measure": "Audits graded good or better",
            "Better is": "higher",
            "Month": "Apr 2023",
            "Actual": warning.split("Apr 2023: ")[1].split(" against")[0],
            "Planned": warning.split("against ")[1].split(" planned")[0],
            "On trajectory": "No",
            "Months off trajectory in a row": 10,
        }
    ]

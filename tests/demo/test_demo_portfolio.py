"""The demo's portfolio: Sefton's intervention and Ofsted history and the six invented councils in intervention,
each telling its story in the stored data (read back through ``improvement.board.read_board``, the pages' one
read), on SQLite; every invented council says it is synthetic, in its name and in every load of it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select

from improvement import queries
from improvement.board import read_board
from improvement.db.models import Load
from improvement.demo import SEFTON, build_council, build_large_dataset, build_portfolio, portfolio
from improvement.topics.rag import rules as honesty
from improvement.vocab import Rating, Theme
from tests.support.realdata import REALDATA

CODES = {council.authority.code: council for council in portfolio.COUNCILS}
MORE_POSITIVE = "rating more positive than data"


@pytest.fixture(scope="module")
def boards(seeded_sqlite_url: str):
    from improvement.db import get_engine

    engine = get_engine(seeded_sqlite_url)
    return engine, {code: read_board(engine, code, 5) for code in [SEFTON.code, *CODES]}


def latest(board) -> pd.DataFrame:
    return honesty.latest_checks(board.checks)


def test_the_demo_holds_sefton_and_six_invented_councils_all_synthetic(boards) -> None:
    engine, _ = boards
    councils = queries.authorities(engine)
    assert sorted(councils["code"]) == sorted([SEFTON.code, *CODES])
    invented = councils[councils["code"] != SEFTON.code]
    assert all(name.endswith(" (synthetic)") for name in invented["name"])
    assert set(invented["old_la_code"]) == {"991", "992", "993", "994", "995", "996"}
    with engine.connect() as connection:
        loads = connection.execute(select(Load.source_name, Load.is_synthetic, Load.kind)).all()
        written = {row.council for row in connection.execute(queries.councils_written(council_rows=True))}
    assert len(loads) == 7 and all(is_synthetic for _name, is_synthetic, _kind in loads)
    assert written == {SEFTON.code, *CODES}
    assert all(board.synthetic for board in boards[1].values())


def test_every_council_is_in_intervention_with_an_ofsted_history(boards) -> None:
    engine, _ = boards
    interventions = queries.interventions(engine)
    judgements = queries.ofsted_judgements(engine)
    assert sorted(interventions["authority_code"]) == sorted([SEFTON.code, *CODES])
    sefton = interventions[interventions["authority_code"] == SEFTON.code].iloc[0]
    assert (sefton["kind"], sefton["start_date"], sefton["adviser"]) == (
        "improvement_notice",
        pd.Timestamp("2021-06-30"),
        "Dr Helen Ashworth",
    )
    assert pd.isna(sefton["end_date"])
    sefton_history = judgements[judgements["authority_code"] == SEFTON.code]
    assert sefton_history["inspection_kind"].tolist() == ["ilacs_standard", *["monitoring_visit"] * 3]
    assert sefton_history["overall"].tolist()[0] == "inadequate"
    assert sefton_history["overall"].tolist()[1:] == [None] * 3
    assert set(judgements["authority_code"]) == {SEFTON.code, *CODES}
    assert all("Synthetic demo data" in note for note in [*interventions["notes"], *judgements["notes"]])


def test_each_council_has_its_own_themed_priority_areas(boards) -> None:
    engine, _ = boards
    themes = {code: set(queries.priority_areas(engine, code)["theme"]) for code in [SEFTON.code, *CODES]}
    assert themes[SEFTON.code] == {
        Theme.PRE_PROCEEDINGS,
        Theme.CP_PLANNING,
        Theme.QUALITY_ASSURANCE,
        Theme.FRONT_DOOR,
        Theme.WORKFORCE,
    }
    for code in CODES:
        areas = queries.priority_areas(engine, code)
        assert 3 <= len(areas) <= 5 and areas["theme"].notna().all()
    # Councils x themes has gaps and overlaps: every theme is someone's, none is everyone's.
    assert set().union(*themes.values()) == set(Theme)
    assert all(sum(theme in found for found in themes.values()) < len(themes) for theme in Theme)


def test_stourmere_improves_fast(boards) -> None:
    board = boards[1][portfolio.STOURMERE.authority.code]
    by_report = board.ratings.groupby("report_date")["rating"].agg(set).sort_index()
    firsts = {
        rating: next(day for day, given in by_report.items() if given == {rating})
        for rating in ("Red", "Amber", "Green")
    }
    assert firsts["Red"] < firsts["Amber"] < firsts["Green"] <= firsts["Red"] + pd.Timedelta(days=365)
    assert set(latest(board)["rating"]) == {Rating.GREEN} and set(latest(board)["verdict"]) == {"agrees"}
    assert board.status.measures_off_track == 0 and board.status.milestones_overdue == 0
    done = board.milestones[board.milestones["status"] == "complete"]
    assert len(done) and (done["completed_date"] <= done["due_date"]).all()


def test_thornvale_is_stuck(boards) -> None:
    board = boards[1][portfolio.THORNVALE.authority.code]
    assert board.status.measures_off_track == board.status.measures > 0
    year_ago = pd.Timestamp(board.as_at) - pd.Timedelta(days=365)
    recent = board.ratings[board.ratings["report_date"] >= year_ago]
    assert recent.groupby("priority_area_code")["rating"].nunique().max() == 1  # unchanged for a year
    assert set(recent["rating"]) <= {Rating.RED, Rating.AMBER}
    assert board.status.milestones_overdue > board.status.milestones / 2
    reviews = board.risk_reviews.assign(score=lambda f: f["likelihood"] * f["impact"]).sort_values("review_date")
    raised = [scores.tolist() for _risk, scores in reviews.groupby("risk_reference")["score"] if len(scores) > 1]
    assert any(scores[-1] >= 15 and scores[-1] > scores[-2] for scores in raised)


def test_tidewells_green_ratings_are_flagged_by_the_rating_check(boards) -> None:
    board = boards[1][portfolio.TIDEWELL.authority.code]
    checks = latest(board)
    assert set(checks["rating"]) == {Rating.GREEN}
    with_measures = checks[checks["measures_judged"] > 0]
    assert len(with_measures) == 3 and (with_measures["verdict"] == MORE_POSITIVE).all()
    assert all(
        len(off) > with_measures.loc[i, "measures_judged"] / 2 for i, off in with_measures["measures_off"].items()
    )
    assert board.status.disagreements >= 3


def test_ulverdale_misses_reports_and_a_dfe_review(boards) -> None:
    board = boards[1][portfolio.ULVERDALE.authority.code]
    assert board.rhythm.counts.missing >= 2 and board.status.reports_missing == board.rhythm.counts.missing
    made = sorted(board.rhythm.schedule["submitted_date"].dropna())
    assert max(b - a for a, b in zip(made, made[1:], strict=False)) > pd.Timedelta(weeks=6)
    assert board.rhythm.review_overdue and board.rhythm.last_review == dt.date(2022, 8, 11)


def test_wrenbridge_has_just_left_intervention(boards) -> None:
    engine, all_boards = boards
    board = all_boards[portfolio.WRENBRIDGE.authority.code]
    mine = queries.interventions(engine).set_index("authority_code").loc[portfolio.WRENBRIDGE.authority.code]
    assert mine["end_date"] == pd.Timestamp("2023-03-31") < pd.Timestamp(board.as_at)
    assert pd.Timestamp(board.as_at) - mine["end_date"] < pd.Timedelta(days=120)
    judgements = queries.ofsted_judgements(engine)
    newest = judgements[judgements["authority_code"] == portfolio.WRENBRIDGE.authority.code].iloc[-1]
    assert newest["overall"] in ("requires_improvement", "good") and newest["inspection_kind"] == "ilacs_standard"
    interventions = queries.interventions(engine)
    ended = interventions.loc[interventions["end_date"].notna(), "authority_code"]
    assert ended.tolist() == [portfolio.WRENBRIDGE.authority.code]  # the only one out of intervention


def test_yarrowby_has_only_just_started(boards) -> None:
    engine, all_boards = boards
    board = all_boards[portfolio.YARROWBY.authority.code]
    mine = queries.interventions(engine).set_index("authority_code").loc[portfolio.YARROWBY.authority.code]
    assert pd.Timestamp(board.as_at) - mine["start_date"] < pd.Timedelta(days=180)
    assert 1 <= board.rhythm.counts.made <= 2
    assert board.observations["period"].nunique() <= 6


def test_the_portfolio_is_deterministic_and_each_council_stands_alone() -> None:
    first, second = build_portfolio(), build_portfolio()
    for name, frame in first.frames().items():
        pd.testing.assert_frame_equal(frame, second.frames()[name], check_dtype=False)
    alone = build_council(portfolio.TIDEWELL)
    assert set(alone.authorities["code"]) == {portfolio.TIDEWELL.authority.code}


def test_the_large_dataset_puts_some_councils_in_intervention() -> None:
    plain = build_large_dataset(n_authorities=10, years=1, seed=3)
    mixed = build_large_dataset(n_authorities=10, years=1, seed=3, in_intervention=4)
    assert plain.interventions.empty and plain.ofsted_judgements.empty
    assert mixed.interventions["authority_code"].nunique() == 4
    assert set(mixed.ofsted_judgements["authority_code"]) == set(mixed.interventions["authority_code"])
    pd.testing.assert_frame_equal(plain.observations, mixed.observations)  # the figures do not move
    with pytest.raises(ValueError, match="in_intervention"):
        build_large_dataset(n_authorities=2, years=1, in_intervention=3)


def test_no_invented_code_is_a_real_one() -> None:
    codes = {council.authority.code for council in portfolio.COUNCILS}
    olds = {council.authority.old_la_code for council in portfolio.COUNCILS}
    for path in REALDATA.glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, usecols=lambda c: c in ("new_la_code", "old_la_code"))
        assert not codes & set(frame.get("new_la_code", pd.Series(dtype=str)).dropna())
        assert not olds & set(frame.get("old_la_code", pd.Series(dtype=str)).dropna())

"""The charts a page and the briefing pack both show, each built by one function from the board's data.

A page and the pack never assemble the same chart their own way: the Trajectories and Priority areas pages and
the pack's per-area charts call ``measure_chart``; the Caseloads page and the pack call ``caseload_view``; the
Overview and the pack call ``headline_chart``; the Six-monthly review pack page and the pack call
``review_pack`` and ``review_charts``. So a chart in a board paper is the chart on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from improvement import charts, measures, review, sources
from improvement.board import BoardData
from improvement.charts import Chart, ChartContext


def measure_chart(data: BoardData, measure: dict, context: ChartContext) -> Chart:
    """One measure (a row of ``data.progress`` or ``data.untracked``, as a dict) against its trajectory and
    target, its figures as shown everywhere (``data.observations``)."""
    series = measures.measure_series(data.observations, data.trajectories, measure["measure_code"], measure["polarity"])
    return charts.trajectory_chart(measure, series, context)


def headline_chart(data: BoardData, context: ChartContext) -> Chart | None:
    """The headline measures' progress from baseline to target; None when no headline measure has both."""
    headline = data.progress[data.progress["is_headline"].astype(bool)]
    if not headline["progress_to_target"].notna().any():
        return None
    return charts.progress_chart(headline, context)


def caseload_target(plan_measures: pd.DataFrame) -> float | None:
    """The plan's caseload target: the target of the plan measure published by DfE as ``caseload_fte``."""
    rows = plan_measures[plan_measures["national_equivalent"] == "caseload_fte"]
    value = rows["target_value"].iloc[0] if len(rows) else None
    return None if value is None or pd.isna(value) else float(value)


@dataclass(frozen=True)
class CaseloadView:
    """What the Caseloads page shows from the team returns, and the pack's two caseload charts."""

    by_team: pd.DataFrame  # measures.caseload_by_team
    teams: list[str]  # highest caseload in the latest month first
    team: str  # the team drawn
    target: float | None
    team_chart: Chart
    rates_chart: Chart


def caseload_view(data: BoardData, context: ChartContext, team: str | None = None) -> CaseloadView | None:
    """The team returns for one team (default: the highest caseload in the latest month); None with no returns."""
    if data.caseloads.empty:
        return None
    by_team = measures.caseload_by_team(data.caseloads)
    latest_month = by_team[by_team["period"] == by_team["period"].max()]
    teams = [str(name) for name in latest_month.sort_values("caseload", ascending=False)["team"]]
    chosen = team if team in teams else teams[0]
    target = caseload_target(data.plan_measures)
    overall = measures.caseload_for_authority(data.caseloads)
    return CaseloadView(
        by_team=by_team,
        teams=teams,
        team=chosen,
        target=target,
        team_chart=charts.caseload_chart(by_team, chosen, target, context, sources.RETURNS_SOURCE),
        rates_chart=charts.staffing_rates_chart(overall, context, sources.RETURNS_SOURCE),
    )


def review_pack(data: BoardData, window: review.Window) -> review.ReviewPack:
    """Everything the six-monthly review pack shows for ``window`` (the rules are ``improvement.review``'s)."""
    return review.ReviewPack(
        window=window,
        rag=review.rag_movement(data.ratings, data.priority_areas, window),
        measures=review.measures_at_ends(data.plan_measures, data.observations, data.trajectories, window),
        completed=review.actions_completed(data.milestones, window),
        slipped=review.actions_slipped(data.milestones, window),
        opened=review.risks_opened(data.risks, data.risk_reviews, window),
        closed=review.risks_closed(data.risks, data.risk_reviews, window),
        narratives=review.narratives(data.ratings, window),
    )


def review_charts(pack: review.ReviewPack, context: ChartContext) -> list[Chart]:
    """The six-monthly review pack's charts: RAG movement, and measures on trajectory at the window's ends."""
    return [
        charts.review_rag_chart(pack.rag, pack.window, context),
        charts.review_measures_chart(pack.measures, pack.window, context),
    ]

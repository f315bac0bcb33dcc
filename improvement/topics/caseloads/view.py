"""What the Caseloads page and the briefing pack show from the team returns: one view, built once."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.caseloads import charts, rules, tables


@dataclass(frozen=True)
class CaseloadView:
    """What the Caseloads page shows from the team returns, and the pack's two caseload charts."""

    by_team: pd.DataFrame  # rules.caseload_by_team
    teams: list[str]  # highest caseload in the latest month first
    team: str  # the team drawn
    target: float | None
    team_chart: Chart
    teams_table: pd.DataFrame  # tables.team_table: each team's latest month
    rates_chart: Chart


def caseload_view(data: BoardData, context: ChartContext, team: str | None = None) -> CaseloadView | None:
    """The team returns for one team (default: the highest caseload in the latest month); None with no returns."""
    if data.caseloads.empty:
        return None
    by_team = rules.caseload_by_team(data.caseloads)
    latest_month = by_team[by_team["period"] == by_team["period"].max()]
    teams = [str(name) for name in latest_month.sort_values("caseload", ascending=False)["team"]]
    chosen = team if team in teams else teams[0]
    target = rules.caseload_target(data.plan_measures)
    overall = rules.caseload_for_authority(data.caseloads)
    return CaseloadView(
        by_team=by_team,
        teams=teams,
        team=chosen,
        target=target,
        team_chart=charts.caseload_chart(by_team, chosen, target, context, rules.RETURNS_SOURCE),
        teams_table=tables.team_table(by_team, context.suppression_threshold),
        rates_chart=charts.staffing_rates_chart(overall, context, rules.RETURNS_SOURCE),
    )

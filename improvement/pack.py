"""Which charts a briefing pack holds: the same builders the pages use, for the chosen priority areas.

``briefing_charts`` is the one way to list a pack's charts, used by the Briefing pack page and by the command
line (``python -m improvement.briefing``). In order:

1. the headline measures' progress to target (as on the Overview);
2. the RAG rating history of the chosen priority areas (as on RAG history);
3. for each chosen priority area, each of its measures against trajectory (as on Priority areas);
4. the team with the highest caseload against the authority and the target, then agency and vacancy rates
   (as on Caseloads), when caseload data is loaded;
5. optionally, the six-monthly review pack for one window (``review_window``): the priority areas' RAG movement
   and the measures on trajectory at the window's start and end (as on Six-monthly review pack).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

import pandas as pd

from improvement import charts, measures, review
from improvement.charts import Chart, ChartContext

CASELOAD_SOURCE = "council workforce and allocation data"


class BoardFrames(Protocol):
    """What the pack reads from an authority's board data (``improvement.ui.BoardData`` has all of it)."""

    priority_areas: pd.DataFrame
    plan_measures: pd.DataFrame
    observations: pd.DataFrame
    trajectories: pd.DataFrame
    ratings: pd.DataFrame
    caseloads: pd.DataFrame
    progress: pd.DataFrame


def area_codes(data: BoardFrames) -> list[str]:
    """The authority's priority areas in the plan's order."""
    return list(data.priority_areas["priority_area_code"])


def chosen_areas(data: BoardFrames, areas: Sequence[str] | None) -> list[str]:
    """``areas`` in the plan's order (all if None); a ValueError naming any the authority does not have."""
    known = area_codes(data)
    unknown = sorted(set(areas or []) - set(known))
    if unknown:
        raise ValueError(f"Unknown priority area(s): {', '.join(unknown)}. This authority has: {', '.join(known)}.")
    return known if areas is None else [code for code in known if code in set(areas)]


def briefing_charts(
    data: BoardFrames,
    context: ChartContext,
    areas: Sequence[str] | None = None,
    review_window: review.Window | None = None,
) -> list[Chart]:
    """Every chart a pack can hold for ``areas`` (default: all priority areas), in the order above; the review
    pack's charts too when ``review_window`` is given.

    Chart names are unique within the list (they name the PNG files in the zip).
    """
    chosen = chosen_areas(data, areas)

    result: list[Chart] = []
    headline = data.progress[data.progress["is_headline"].astype(bool)]
    if headline["progress_to_target"].notna().any():
        result.append(charts.progress_chart(headline, context))

    ratings = data.ratings[data.ratings["priority_area_code"].isin(chosen)]
    if len(ratings):
        shown_areas = data.priority_areas[data.priority_areas["priority_area_code"].isin(chosen)]
        result.append(charts.rag_history_chart(ratings, shown_areas, context))

    seen: set[str] = set()
    for code in chosen:
        for measure in data.progress[data.progress["priority_area_code"] == code].to_dict("records"):
            if measure["measure_code"] in seen:
                continue
            seen.add(measure["measure_code"])
            series = measures.measure_series(
                data.observations, data.trajectories, measure["measure_code"], measure["polarity"]
            )
            result.append(charts.trajectory_chart(measure, series, context))

    result.extend(caseload_charts(data, context))
    if review_window is not None:
        result.extend(review_charts(data, context, review_window))
    return _unique_names(result)


def review_charts(data: BoardFrames, context: ChartContext, window: review.Window) -> list[Chart]:
    """The six-monthly review pack's charts for ``window``: RAG movement, measures on trajectory at both ends."""
    rag = review.rag_movement(data.ratings, data.priority_areas, window)
    at_ends = review.measures_at_ends(data.plan_measures, data.observations, data.trajectories, window)
    return [charts.review_rag_chart(rag, window, context), charts.review_measures_chart(at_ends, window, context)]


def caseload_charts(data: BoardFrames, context: ChartContext) -> list[Chart]:
    """The highest-caseload team against the authority and the target, and the agency and vacancy rates."""
    if data.caseloads.empty:
        return []
    by_team = measures.caseload_by_team(data.caseloads)
    overall = measures.caseload_for_authority(data.caseloads)
    target_rows = data.plan_measures[data.plan_measures["national_equivalent"] == "caseload_fte"]
    target = target_rows["target_value"].iloc[0] if len(target_rows) else None
    latest_month = by_team[by_team["period"] == by_team["period"].max()]
    team = str(latest_month.sort_values("caseload", ascending=False)["team"].iloc[0])
    return [
        charts.caseload_chart(by_team, team, target, context, CASELOAD_SOURCE),
        charts.staffing_rates_chart(overall, context, CASELOAD_SOURCE),
    ]


def _unique_names(result: list[Chart]) -> list[Chart]:
    counts: dict[str, int] = {}
    unique = []
    for chart in result:
        counts[chart.name] = counts.get(chart.name, 0) + 1
        unique.append(chart if counts[chart.name] == 1 else replace(chart, name=f"{chart.name}-{counts[chart.name]}"))
    return unique

"""Which charts a briefing pack holds: the same builders the pages use, for the chosen priority areas.

``briefing_charts`` is the one way to list a pack's charts, used by the Briefing pack page and by the command
line (``python -m improvement.briefing``). Each chart comes from the function its page uses (the topics' views),
so the pack and the page never differ. In order:

1. the headline measures' progress to target (as on the Overview);
2. the RAG rating history of the chosen priority areas (as on RAG history);
3. for each chosen priority area, each of its measures against trajectory (as on Priority areas) and, with
   ``spc``, the SPC chart of each of those measures whose latest month shows special cause (as on Trajectories);
4. the team with the highest caseload against the authority and the target, then agency and vacancy rates
   (as on Caseloads), when caseload data is loaded;
5. optionally, the six-monthly review pack for one window (``review_window``): the priority areas' RAG movement
   and the measures on trajectory at the window's start and end (as on Six-monthly review pack).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.caseloads.view import caseload_view
from improvement.topics.plan.view import headline_chart, measure_chart
from improvement.topics.rag.charts import rag_history_chart
from improvement.topics.review import rules as review
from improvement.topics.review.view import review_charts, review_pack
from improvement.topics.spc.view import spc_detail, spc_summary


def area_codes(data: BoardData) -> list[str]:
    """The authority's priority areas in the plan's order."""
    return list(data.priority_areas["priority_area_code"])


def chosen_areas(data: BoardData, areas: Sequence[str] | None) -> list[str]:
    """``areas`` in the plan's order (all if None); a ValueError naming any the authority does not have."""
    known = area_codes(data)
    unknown = sorted(set(areas or []) - set(known))
    if unknown:
        listed = ", ".join(known) if known else "no priority areas (no improvement plan is loaded)"
        raise ValueError(f"Unknown priority area(s): {', '.join(unknown)}. This authority has: {listed}.")
    return known if areas is None else [code for code in known if code in set(areas)]


def briefing_charts(
    data: BoardData,
    context: ChartContext,
    areas: Sequence[str] | None = None,
    review_window: review.Window | None = None,
    spc: bool = False,
) -> list[Chart]:
    """Every chart a pack can hold for ``areas`` (default: all priority areas), in the order above; the review
    pack's charts too when ``review_window`` is given. Empty when the council has nothing a chart can show.

    Chart names are unique within the list (they name the PNG files in the zip).
    """
    chosen = chosen_areas(data, areas)

    result: list[Chart] = []
    headline = headline_chart(data, context)
    if headline is not None:
        result.append(headline)

    ratings = data.ratings[data.ratings["priority_area_code"].isin(chosen)]
    if len(ratings):
        shown_areas = data.priority_areas[data.priority_areas["priority_area_code"].isin(chosen)]
        result.append(rag_history_chart(ratings, shown_areas, context))

    special = set()
    if spc:
        summary = spc_summary(data)
        special = set(summary.loc[summary["signal"].isin(["improvement", "concern", "neither"]), "measure_code"])
    seen: set[str] = set()
    for code in chosen:
        for measure in data.progress[data.progress["priority_area_code"] == code].to_dict("records"):
            if measure["measure_code"] in seen or pd.isna(measure["latest_period"]):
                continue  # a measure with no figures yet has nothing to brief on
            seen.add(measure["measure_code"])
            result.append(measure_chart(data, measure, context))
            if measure["measure_code"] in special:
                result.append(spc_detail(data, measure["measure_code"], context).chart)

    caseloads = caseload_view(data, context)
    if caseloads is not None:
        result.extend([caseloads.team_chart, caseloads.rates_chart])
    if review_window is not None:
        result.extend(review_charts(review_pack(data, review_window), context))
    return _unique_names(result)


def _unique_names(result: list[Chart]) -> list[Chart]:
    counts: dict[str, int] = {}
    unique = []
    for chart in result:
        counts[chart.name] = counts.get(chart.name, 0) + 1
        unique.append(chart if counts[chart.name] == 1 else replace(chart, name=f"{chart.name}-{counts[chart.name]}"))
    return unique

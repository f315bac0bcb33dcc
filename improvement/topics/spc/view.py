"""What the pages and the briefing pack show of SPC: one measure's chart with its icons, every measure's icons, and
which measures show special cause now. Worked out from the board's data once per data state (``ui.views``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.plan import tables as plan_tables
from improvement.topics.spc import charts, rules, tables


@dataclass(frozen=True)
class SpcDetail:
    chart: Chart
    variation: str  # the icon in shape and words
    assurance: str


def _measures(data: BoardData) -> pd.DataFrame:
    return pd.concat([data.progress, data.untracked], ignore_index=True) if len(data.untracked) else data.progress


def spc_detail(data: BoardData, code: str, context: ChartContext) -> SpcDetail:
    """One measure (of the plan, or with figures the plan does not track) as an SPC chart."""
    measure = _measures(data).set_index("measure_code").loc[code].to_dict() | {"measure_code": code}
    chart = rules.measure_spc(
        data.observations,
        code,
        measure["polarity"],
        measure.get("target_value"),
        measure.get("process_change_from"),
    )
    planned = data.trajectories.loc[data.trajectories["measure_code"] == code, ["period", "planned_value"]]
    return SpcDetail(
        chart=charts.spc_chart(chart, measure, planned.sort_values("period"), context),
        variation=tables.variation_text(chart.variation),
        assurance=tables.assurance_text(chart.assurance),
    )


def spc_summary(data: BoardData) -> pd.DataFrame:
    """``rules.spc_summary`` of every measure the plan tracks."""
    return rules.spc_summary(rules.spc_of_measures(data.observations, data.progress))


def icons_table(data: BoardData) -> pd.DataFrame:
    """Every plan measure's variation and assurance icons as text (for the all-measures table)."""
    return tables.icons_table(spc_summary(data), data.progress)


def special_cause_now(data: BoardData, area: str | None = None) -> pd.DataFrame:
    """The plan measures (of ``area``, if given) whose latest month is special-cause improvement or concern."""
    progress = data.progress if area is None else data.progress[data.progress["priority_area_code"] == area]
    summary = rules.spc_summary(rules.spc_of_measures(data.observations, progress))  # only the measures shown
    return tables.special_cause_now_table(summary, progress)


def trajectory_table(data: BoardData) -> pd.DataFrame:
    """The Trajectories page's all-measures table (``plan.tables.trajectory_table``) with each measure's two SPC
    icons as text, after the trajectory's findings (the columns a board reads first stay in view)."""
    table = plan_tables.trajectory_table(data.progress, data.priority_areas)
    icons = icons_table(data)
    position = table.columns.get_loc("Priority area")  # after the trajectory's findings, before the long area name
    for offset, column in enumerate(("Variation (SPC)", "Assurance (SPC)")):
        table.insert(position + offset, column, icons[column].to_numpy())
    return table

"""What the plan's pages and the briefing pack show of its measures: one function per chart they share."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.plan import charts, rules, tables


def measure_chart(data: BoardData, measure: dict, context: ChartContext) -> Chart:
    """One measure (a row of ``data.progress`` or ``data.untracked``, as a dict) against its trajectory and
    target, its figures as shown everywhere (``data.observations``)."""
    series = rules.measure_series(data.observations, data.trajectories, measure["measure_code"], measure["polarity"])
    return charts.trajectory_chart(measure, series, context)


def headline_chart(data: BoardData, context: ChartContext) -> Chart | None:
    """The headline measures' progress from baseline to target; None when no headline measure has both."""
    headline = data.progress[data.progress["is_headline"].astype(bool)]
    if not headline["progress_to_target"].notna().any():
        return None
    return charts.progress_chart(headline, context)


@dataclass(frozen=True)
class TrajectoriesView:
    summary: pd.DataFrame  # tables.trajectory_table of every plan measure
    untracked: pd.DataFrame  # the same for measures with figures the plan does not track
    replaced: pd.DataFrame  # tables.source_differences_table
    choices: dict[str, str]  # every measure with a row above: code -> name


def trajectories_view(data: BoardData) -> TrajectoriesView:
    shown = pd.concat([data.progress, data.untracked], ignore_index=True) if len(data.untracked) else data.progress
    return TrajectoriesView(
        summary=tables.trajectory_table(data.progress, data.priority_areas),
        untracked=tables.trajectory_table(data.untracked, data.priority_areas),
        replaced=tables.source_differences_table(data.source_differences),
        choices=dict(zip(shown["measure_code"], shown["name"], strict=True)),
    )


@dataclass(frozen=True)
class MeasureDetail:
    definition: str
    chart: Chart
    months_replaced: int  # loaded figures of this measure another source replaced


def measure_detail(data: BoardData, code: str, context: ChartContext) -> MeasureDetail:
    """One measure of ``data.progress`` or ``data.untracked`` in detail."""
    rows = pd.concat([data.progress, data.untracked], ignore_index=True)
    measure = rows.set_index("measure_code").loc[code].to_dict() | {"measure_code": code}
    replaced = data.source_differences[data.source_differences["measure_code"] == code]
    return MeasureDetail(
        definition=str(measure["definition"]),
        chart=measure_chart(data, measure, context),
        months_replaced=len(replaced),
    )

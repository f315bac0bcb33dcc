"""What the pages show of DfE's published figures: which indicator a measure is published as, under which name,
the chart, the months both the council and DfE describe, and the Overview's newest-year summary.

The benchmarks themselves (``rules.Benchmark``) are read from the database once per data state by the app
(``improvement.ui.data.published_benchmark``) and passed in; nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.benchmarks import rules as benchmarks
from improvement.topics.benchmarks.charts import benchmark_chart
from improvement.topics.benchmarks.tables import own_and_published_table, published_summary_row

SUMMARY_INDICATORS = (
    "caseload_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "turnover_rate_fte",
    "CPP_subsequent_percent",
    "rereferral_percent",
    "2_years_or_more_percent",
)
"""The published indicators the Overview summarises, when loaded."""

NEIGHBOURS_MISSING = (
    "Statistical neighbours are not loaded: load DfE's New_Statistical_Neighbour_Groupings CSV to add the neighbour "
    "average."
)


@dataclass(frozen=True)
class PublishedAs:
    """The published indicator a plan measure is compared with, and the name and unit to show it under."""

    measure_code: str
    indicator: str
    name: str
    unit: str
    caveat: str | None  # why DfE's figure is not quite the measure, when it is a near equivalent


def indicator_label(data: BoardData, indicator: str) -> tuple[str, str]:
    """The plan's own name and unit for the measure published as ``indicator``, else the indicator's label."""
    plan = data.plan_measures[data.plan_measures["national_equivalent"] == indicator]
    if len(plan):
        return str(plan["name"].iloc[0]), str(plan["unit"].iloc[0])
    known = benchmarks.INDICATORS.get(indicator)
    return (known.label, known.unit) if known else (indicator.replace("_", " ").capitalize(), "ratio")


def published_as(data: BoardData, measure_code: str) -> PublishedAs | None:
    """The published equivalent of a plan measure; None for a measure DfE does not publish (or not in the plan)."""
    plan = data.plan_measures.set_index("measure_code")
    if measure_code not in plan.index:
        return None
    indicator, caveat = benchmarks.published_equivalent(measure_code, plan.at[measure_code, "national_equivalent"])
    if indicator is None:
        return None
    unit = str(plan.at[measure_code, "unit"])
    if caveat:
        known = benchmarks.INDICATORS.get(indicator)
        name, unit = (known.label, known.unit) if known else (indicator, unit)
    else:
        name = str(plan.at[measure_code, "name"])
    return PublishedAs(measure_code, indicator, name, unit, caveat)


def benchmark_view(
    bench: benchmarks.Benchmark, name: str, unit: str, context: ChartContext, caveat: str | None = None
) -> tuple[Chart, str | None]:
    """The benchmark chart, and the note to show under it when no statistical neighbours are loaded."""
    return benchmark_chart(bench, name, unit, context, caveat), None if bench.neighbour_count else NEIGHBOURS_MISSING


def own_and_published_view(data: BoardData, measure: PublishedAs, bench: benchmarks.Benchmark) -> pd.DataFrame:
    """The months where the council's own figure and DfE's published one describe the same month, side by side
    (empty when none does, or when DfE's figure is only a near equivalent)."""
    if measure.caveat:
        return pd.DataFrame()
    council = bench.values(benchmarks.COUNCIL)
    published = council.assign(as_at=[bench.as_at_of(period) for period in council["time_period"]])
    own = data.observations[data.observations["measure_code"] == measure.measure_code]
    both = benchmarks.own_and_published(own, published)
    return own_and_published_table(both, measure.unit) if len(both) else pd.DataFrame()


def published_summary(data: BoardData, loaded: Mapping[str, benchmarks.Benchmark | None]) -> pd.DataFrame:
    """The council's newest published figure for each summary indicator loaded, against England and its
    neighbours: what the dashboard can show for a council with no plan of its own. Empty when none is loaded."""
    rows = []
    for indicator in SUMMARY_INDICATORS:
        bench = loaded.get(indicator)
        latest = benchmarks.latest_comparison(bench) if bench is not None else None
        if latest is None:
            continue
        name, unit = indicator_label(data, indicator)
        rows.append(
            published_summary_row(data.authority_name, name, unit, latest, bench, bench.as_at_of(latest["time_period"]))
        )
    return pd.DataFrame(rows)

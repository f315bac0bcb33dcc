"""DfE published figures on a page: a council against England, its region and its statistical neighbours.

What is shown comes from ``topics.benchmarks.view`` through ``improvement.ui.views``, worked out once per data
state. When nothing is loaded, the page says which DfE file to load: published data comes
from the user, never from the demo seed.
"""

from __future__ import annotations

import streamlit as st

from improvement import style
from improvement.board import BoardData
from improvement.charting import ChartContext
from improvement.topics.benchmarks import rules as benchmarks
from improvement.ui import views
from improvement.ui.components import ask_to_load, show_chart, show_table


def show_benchmark(
    data: BoardData, indicator: str, name: str, unit: str, context: ChartContext, caveat: str | None = None
) -> benchmarks.Benchmark | None:
    """The benchmark chart for one indicator, or a short note saying which DfE file to load."""
    shown = views.benchmark_view(data, indicator, name, unit, context, caveat)
    if shown is None:
        st.info(
            style.escape_markdown(f"No DfE published figures for {name} are loaded. {benchmarks.file_hint(indicator)}")
        )
        return None
    bench, chart, note = shown
    show_chart(chart)
    if note:
        st.caption(note)
    return bench


def show_measure_benchmark(data: BoardData, measure_code: str, context: ChartContext) -> None:
    """For a plan measure with a published equivalent: its benchmark chart (nothing for a local-only measure), and
    the months where the council's own figure and DfE's describe the same month, side by side."""
    measure = views.published_as(data, measure_code)
    if measure is None:
        return
    st.subheader("Against England, the region and statistical neighbours")
    bench = show_benchmark(data, measure.indicator, measure.name, measure.unit, context, measure.caveat)
    if bench is None:
        return
    both = views.own_and_published(data, measure_code)
    if both.empty:
        return
    st.markdown(
        f"**Two figures for the same month.** The chart above is DfE's published figure; the trajectory chart is the "
        f"council's own. {benchmarks.PUBLISHED_DIFFERS}"
    )
    show_table(both, f"own-and-published-{measure_code}")


def show_benchmarks(data: BoardData, indicators: list[str], context: ChartContext) -> None:
    """A benchmark chart per indicator; one note naming the file to load when none of them is loaded."""
    if not views.any_published(data, tuple(indicators)):
        ask_to_load("published", what=f"No DfE published figures are loaded for {data.authority_name}")
        return
    for indicator in indicators:
        name, unit = views.indicator_label(data, indicator)
        show_benchmark(data, indicator, name, unit, context)


def show_published_summary(data: BoardData) -> None:
    """The council's newest published figure for each summary indicator loaded, against England and its
    neighbours: what the dashboard can show for a council with no plan of its own."""
    summary = views.published_summary(data)
    if summary.empty:
        ask_to_load("published", what="None of the usual DfE indicators is loaded for this council")
        return
    st.caption(
        "The newest year DfE publishes for each measure: the council's figure, England's and its statistical "
        "neighbours' average. The Caseloads and Trajectories pages chart them over time."
    )
    show_table(summary, "published-summary")

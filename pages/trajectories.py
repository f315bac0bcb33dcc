"""Trajectories: each plan measure's actuals against its planned trajectory and target, with a forecast."""

import streamlit as st

from improvement import charts, measures, tables
from improvement.ui import page_header, query_select, show_chart, show_table
from improvement.ui.benchmarks import show_measure_benchmark

page = page_header(
    "Trajectories",
    "Each measure in the plan against the trajectory the council committed to. On track means the latest month "
    "is at or better than planned; the forecast extends the last six months' straight-line trend to the target.",
)
data = page.data
progress = data.progress

st.header("All measures")
show_table(tables.trajectory_table(progress, data.priority_areas), "trajectories-summary")

st.header("One measure in detail")
measure_code = query_select("Measure", dict(zip(progress["measure_code"], progress["name"], strict=True)), "measure")
measure = progress.set_index("measure_code").loc[measure_code].to_dict() | {"measure_code": measure_code}
st.markdown(f"**Definition.** {measure['definition']}")
series = measures.measure_series(data.observations, data.trajectories, measure_code, measure["polarity"])
show_chart(charts.trajectory_chart(measure, series, page.chart_context))
show_measure_benchmark(data, measure_code, page.chart_context)  # DfE published figures, when loaded

"""Trajectories: each plan measure's actuals against its planned trajectory and target, with a forecast."""

import pandas as pd
import streamlit as st

from improvement import sources, style, tables, views
from improvement.ui import ask_to_load, page_header, query_select, show_chart, show_table
from improvement.ui.benchmarks import show_benchmarks, show_measure_benchmark

page = page_header(
    "Trajectories",
    "Each measure in the plan against the trajectory the council committed to. On track means the latest month "
    "is at or better than planned; the forecast extends the last six months' straight-line trend to the target.",
)
data = page.data
progress = data.progress
shown = pd.concat([progress, data.untracked], ignore_index=True) if len(data.untracked) else progress

st.header("All measures")
if progress.empty:
    ask_to_load("measures", what=f"The improvement plan for {data.authority_name} has no measures loaded")
else:
    if not data.loaded["figures"]:
        ask_to_load("figures", what="No monthly figures are loaded for the plan's measures, so none can be judged")
    if not data.loaded["trajectories"]:
        ask_to_load("trajectories", what="No trajectory is loaded, so no measure can be judged on or off track")
    show_table(tables.trajectory_table(progress, data.priority_areas), "trajectories-summary")
if len(data.untracked):
    st.subheader("Figures for measures the plan does not track")
    st.caption(
        "These measures have monthly figures loaded, but the plan's plan_measures table does not link them to a "
        "priority area, so they have no trajectory, target or place on the other pages."
    )
    show_table(tables.trajectory_table(data.untracked, data.priority_areas), "measures-not-in-plan")
if len(data.source_differences):
    st.subheader("Figures replaced by the team caseload returns")
    st.caption(
        "For the caseload, agency and vacancy rates, the team caseload returns give the figure for every month they "
        "cover, so every page shows one figure; these loaded monthly figures differ from what the returns give."
    )
    show_table(tables.source_differences_table(data.source_differences), "figures-replaced-by-returns")

if shown.empty:
    if data.loaded["published"]:  # no plan of its own: what DfE publishes about the council's child protection
        st.header("Published measures against England, the region and statistical neighbours")
        st.caption("The workforce measures (caseloads, agency, vacancy and turnover rates) are on the Caseloads page.")
        show_benchmarks(
            data, ["CPP_subsequent_percent", "rereferral_percent", "2_years_or_more_percent"], page.chart_context
        )
    st.stop()

st.header("One measure in detail")
measure_code = query_select("Measure", dict(zip(shown["measure_code"], shown["name"], strict=True)), "measure")
measure = shown.set_index("measure_code").loc[measure_code].to_dict() | {"measure_code": measure_code}
st.markdown(f"**Definition.** {style.escape_markdown(measure['definition'])}")
show_chart(views.measure_chart(data, measure, page.chart_context))
replaced = data.source_differences[data.source_differences["measure_code"] == measure_code]
if len(replaced):
    st.caption(
        f"{len(replaced)} month(s) of this measure's loaded figures differ from the team caseload returns; the chart "
        f"shows the returns ({sources.RETURNS_SOURCE}), as every page does. The table above lists both."
    )
show_measure_benchmark(data, measure_code, page.chart_context)  # DfE published figures, when loaded

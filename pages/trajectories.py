"""Trajectories: each plan measure's actuals against its planned trajectory and target, with a forecast."""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, query_select, show_chart, show_table
from improvement.ui import views as view
from improvement.ui.benchmarks import show_benchmarks, show_measure_benchmark

CHART_KINDS = {
    "trajectory": "Against the trajectory and target",
    "spc": "Signal or noise: statistical process control (SPC)",
}

page = page_header(
    "Trajectories",
    "Each measure in the plan against the trajectory the council committed to. On track means the latest month "
    "is at or better than planned; the forecast extends the last six months' straight-line trend to the target.",
)
data = page.data
shown = view.trajectories_view(data)

st.header("All measures")
if data.progress.empty:
    ask_to_load("measures", what=f"The improvement plan for {data.authority_name} has no measures loaded")
else:
    if not data.loaded["figures"]:
        ask_to_load("figures", what="No monthly figures are loaded for the plan's measures, so none can be judged")
    if not data.loaded["trajectories"]:
        ask_to_load("trajectories", what="No trajectory is loaded, so no measure can be judged on or off track")
    st.caption(
        "Variation and assurance read each measure as signal or noise (statistical process control, NHS England's "
        "Making Data Count): special cause is a real change, common cause everyday variation. See the chart below."
    )
    show_table(view.spc_trajectory_table(data), "trajectories-summary")
for table, name, heading, explanation in (
    (
        shown.untracked,
        "measures-not-in-plan",
        "Figures for measures the plan does not track",
        "These measures have monthly figures loaded, but the plan's plan_measures table does not link them to a "
        "priority area, so they have no trajectory, target or place on the other pages.",
    ),
    (
        shown.replaced,
        "figures-replaced-by-returns",
        "Figures replaced by the team caseload returns",
        "For the caseload, agency and vacancy rates, the team caseload returns give the figure for every month they "
        "cover, so every page shows one figure; these loaded monthly figures differ from what the returns give.",
    ),
):
    if len(table):  # shown only when there is something to say
        st.subheader(heading)
        st.caption(explanation)
        show_table(table, name)

if not shown.choices:
    if data.loaded["published"]:  # no plan of its own: what DfE publishes about the council's child protection
        st.header("Published measures against England, the region and statistical neighbours")
        st.caption("The workforce measures (caseloads, agency, vacancy and turnover rates) are on the Caseloads page.")
        show_benchmarks(
            data, ["CPP_subsequent_percent", "rereferral_percent", "2_years_or_more_percent"], page.chart_context
        )
    st.stop()

st.header("One measure in detail")
measure_code = query_select("Measure", shown.choices, "measure")
detail = view.measure_detail(data, measure_code, page.chart_context)
st.markdown(f"**Definition.** {style.escape_markdown(detail.definition)}")
kind = query_select("Chart", CHART_KINDS, "chart")
if kind == "spc":
    spc = view.spc_detail(data, measure_code, page.chart_context)
    st.markdown(f"**Variation:** {spc.variation} · **Assurance:** {spc.assurance}")
    show_chart(spc.chart)
else:
    show_chart(detail.chart)
if detail.months_replaced:
    st.caption(
        f"{detail.months_replaced} month(s) of this measure's loaded figures differ from the team caseload returns; "
        "the chart shows the returns' figures, as every page does. The table above lists both."
    )
show_measure_benchmark(data, measure_code, page.chart_context)  # DfE published figures, when loaded

"""Action plan: the plan's milestones on a timeline by priority area, what is overdue or due soon, and completion."""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, query_multiselect, show_chart, show_table
from improvement.ui import views as view

page = page_header(
    "Action plan",
    "The improvement plan's actions and milestones: when each was due and done, what is overdue or due in the next "
    "six weeks at the date the data describes, and how much of what was due each priority area has completed.",
)
data = page.data
if data.milestones.empty:
    ask_to_load("milestones", what=f"No plan actions or milestones are loaded for {data.authority_name}")
    st.stop()
if data.as_at is None:
    st.warning(
        "Nothing dated is loaded for this council (no figures, reports, reviews or completed milestones), so no "
        "milestone can be judged overdue or due soon yet."
    )

owner_options, status_options = view.action_plan_filters(data)
left, right = st.columns(2)
with left:
    owners = query_multiselect("Owner", owner_options, "owner", placeholder="All owners")
with right:
    statuses = query_multiselect("Status", status_options, "status", placeholder="All")
plan = view.action_plan_view(data, owners, statuses, page.chart_context)
if plan.chosen.empty:
    st.info("No milestones match these filters. Clear a filter to see more.")
    st.stop()
if plan.scope:
    st.caption(
        style.escape_markdown(f"Showing {len(plan.chosen)} of {len(data.milestones)} milestones ({plan.scope}).")
    )

st.header("Milestones by priority area")
show_chart(plan.timeline)

st.header(f"Overdue ({len(plan.overdue)})")
st.caption("Due before the data's as-at date and not complete (dropped milestones are never overdue).")
if plan.overdue.empty:
    st.success("No milestone is overdue.")
else:
    show_table(plan.overdue, "milestones-overdue")

st.header(f"Due within the next six weeks ({len(plan.due_soon)})")
st.caption("Not complete or dropped, and due from the data's as-at date to six weeks after it.")
show_table(
    plan.due_soon, "milestones-due-soon", empty="No milestone falls due in the six weeks after the data's as-at date."
)

st.header("Completion by priority area over time")
show_chart(plan.completion)

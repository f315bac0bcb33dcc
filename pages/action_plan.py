"""Action plan: the plan's milestones on a timeline by priority area, what is overdue or due soon, and completion."""

import streamlit as st

from improvement import charts, governance, tables
from improvement.ui import ask_to_load, page_header, show_chart, show_table
from improvement.ui.governance import query_multiselect

page = page_header(
    "Action plan",
    "The improvement plan's actions and milestones: when each was due and done, what is overdue or due in the next "
    "six weeks at the date the data describes, and how much of what was due each priority area has completed.",
)
data = page.data
milestones = data.milestones
if milestones.empty:
    ask_to_load("milestones", what=f"No plan actions or milestones are loaded for {data.authority_name}")
    st.stop()
if data.as_at is None:
    st.warning(
        "Nothing dated is loaded for this council (no figures, reports, reviews or completed milestones), so no "
        "milestone can be judged overdue or due soon yet."
    )

left, right = st.columns(2)
with left:
    owners = query_multiselect(
        "Owner", {owner: owner for owner in sorted(milestones["owner"].unique())}, "owner", placeholder="All owners"
    )
with right:
    present = [status for status in governance.STATUS_LABELS if status in set(milestones["status"])]
    statuses = query_multiselect(
        "Status", {status: governance.STATUS_LABELS[status] for status in present}, "status", placeholder="All"
    )
chosen = governance.filter_milestones(milestones, owners, statuses)
scope = "; ".join(
    part
    for part in (
        f"owner: {', '.join(owners)}" if owners else "",
        f"status: {', '.join(governance.STATUS_LABELS[s] for s in statuses)}" if statuses else "",
    )
    if part
)
if chosen.empty:
    st.info("No milestones match these filters. Clear a filter to see more.")
    st.stop()
if scope:
    st.caption(f"Showing {len(chosen)} of {len(milestones)} milestones ({scope}).")

st.header("Milestones by priority area")
show_chart(charts.milestone_timeline_chart(chosen, data.priority_areas, data.as_at, page.chart_context, scope))

as_at = data.as_at
overdue = governance.overdue(chosen, as_at)
st.header(f"Overdue ({len(overdue)})")
st.caption("Due before the data's as-at date and not complete (dropped milestones are never overdue).")
if overdue.empty:
    st.success("No milestone is overdue.")
else:
    show_table(tables.milestone_due_table(overdue, as_at), "milestones-overdue")

soon = governance.due_soon(chosen, as_at)
st.header(f"Due within the next six weeks ({len(soon)})")
st.caption("Not complete or dropped, and due from the data's as-at date to six weeks after it.")
if soon.empty:
    st.info("No milestone falls due in the six weeks after the data's as-at date.")
else:
    show_table(tables.milestone_due_table(soon, as_at), "milestones-due-soon")

st.header("Completion by priority area over time")
completion = governance.completion_by_month(chosen, as_at)
show_chart(charts.milestone_completion_chart(completion, data.priority_areas, page.chart_context))

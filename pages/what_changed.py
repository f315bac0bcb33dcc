"""What changed: a digest, from the data and the reports, of what moved between two board meetings (by default since
the last one): ratings, measures against trajectory and SPC signals, milestones, risks, reports and loads."""

import datetime as dt

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, query_select, show_table
from improvement.ui.views import board_meeting_choices, digest_view

page = page_header(
    "What changed",
    "What changed between two board meetings, most important first: ratings that moved, measures that crossed their "
    "trajectory or showed a new special-cause signal, milestones completed or newly overdue, risks raised, closed or "
    "re-scored up, reports late or missing, and data loaded.",
)
data = page.data
if data.as_at is None:
    ask_to_load(
        "reports",
        "figures",
        "meetings",
        what=f"Nothing dated is loaded for {data.authority_name}, so there is nothing to compare",
    )
    st.stop()

boards = board_meeting_choices(data)
ends = {data.as_at.isoformat(): f"{style.format_date(data.as_at)} (the date the data describes)"}
ends |= {day.isoformat(): f"{style.format_date(day)} (board meeting)" for day in boards if day < data.as_at}
left, right = st.columns(2)
with right:
    until = dt.date.fromisoformat(query_select("To", ends, "digest_to"))
starts = {day.isoformat(): f"{style.format_date(day)} (board meeting)" for day in boards if day < until}
with left:
    if starts:
        since = dt.date.fromisoformat(query_select("From", starts, "digest_from"))
    else:
        since = None
        st.caption("No board meeting was held before this date, so the digest covers the six weeks before it.")

digest = digest_view(data, since, until)
st.caption(digest.caption)
if not data.loaded["meetings"]:
    ask_to_load(
        "meetings",
        what=f"No board meetings are loaded for {data.authority_name}, so the digest covers the six weeks before "
        "the date the data describes",
    )

counts = digest.counts
attention = digest.needs_attention
for column, (label, value) in zip(
    st.columns(3),
    [
        ("Changes", len(digest.items)),
        ("Need the board's attention", attention),
        ("Progress and news", len(digest.items) - attention),
    ],
    strict=True,
):
    column.metric(label, f"{value:,}", border=True)

st.header("What changed, most important first")
show_table(
    digest.table,
    "what-changed",
    empty=(
        f"Nothing the digest counts changed after {digest.since_label} up to {style.format_date(digest.until)}: no "
        "rating moved, no measure crossed its trajectory, no milestone, risk or report changed and nothing was loaded."
    ),
)

st.header("By kind")
show_table(counts, "what-changed-by-kind", empty="No changes to count.")
st.caption(
    "Most important first: a rating worse, a new special-cause concern, a measure off trajectory, a milestone newly "
    "overdue, a risk raised high or re-scored up, a report missing or late, a risk raised, an area first rated, a "
    "rating better, a measure back on trajectory, a new special-cause improvement, a milestone completed, a risk "
    "closed, data loaded. The methodology page gives the rule for each."
)

"""Reporting rhythm: six-weekly reports made against those due, DfE's six-monthly reviews and board meetings."""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, show_chart, show_table
from improvement.ui.views import rhythm_view

page = page_header(
    "Reporting rhythm",
    "Whether the adviser reports at least every six weeks and DfE reviews progress every six months: reports made "
    "against those due, late or missing ones, the next dates due, and the improvement board's meetings.",
)
data = page.data
if not (data.loaded["reports"] or data.loaded["meetings"] or data.loaded["contract"]):
    ask_to_load(
        "reports",
        "meetings",
        "contract",
        what=f"No six-weekly reports, reporting dates or adviser contract are loaded for {data.authority_name}",
    )
    st.stop()
view = rhythm_view(data, page.chart_context)
state, counts = view.state, view.state.counts


def metric(column, label: str, value: str, overdue: bool = False) -> None:
    column.metric(
        label,
        value,
        delta="Overdue" if overdue else None,
        delta_color="inverse" if overdue else "off",
        delta_arrow="off",
        border=True,
    )


st.header("Six-weekly reports")
for column, (label, value) in zip(
    st.columns(4),
    [
        ("Reports due", str(counts.due)),
        ("Reports made", str(counts.made)),
        ("Late", str(counts.late)),
        ("Missing", str(counts.missing)),
    ],
    strict=True,
):
    metric(column, label, value)
left, right = st.columns(2)
metric(left, "Last report", style.format_date(state.last_report))
metric(right, "Next report due", style.format_date(state.next_report_due), state.next_report_overdue)
st.caption(view.caption)
if view.not_on_time:
    st.warning(
        "**Reports not made on time:**\n" + "\n".join(f"- {line}" for line in view.not_on_time),
        icon=":material/schedule:",
    )
show_chart(view.chart)

st.header("DfE six-monthly reviews")
left, middle, right = st.columns(3)
metric(left, "DfE reviews held", str(state.reviews_held))
metric(middle, "Last DfE review", style.format_date(state.last_review))
metric(right, "Next DfE review due", style.format_date(state.next_review_due), state.review_overdue)
st.caption("The next review is the next one scheduled, or six months after the last one held when none is scheduled.")
show_table(view.reviews, "dfe-reviews", empty="No DfE reviews are recorded. Load them as meetings of kind dfe_review.")

st.header("Board meetings")
metric(st.columns(3)[0], "Board meetings held", str(state.board_meetings_held))
if view.board_meetings_upcoming:
    st.caption(f"{view.board_meetings_upcoming} more scheduled after the date the data describes.")
show_table(
    view.board_meetings,
    "board-meetings",
    empty="No board meetings are recorded. Load them as meetings of kind board_meeting.",
)

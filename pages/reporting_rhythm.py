"""Reporting rhythm: six-weekly reports made against those due, DfE's six-monthly reviews and board meetings."""

import streamlit as st

from improvement import charts, rhythm, style, tables
from improvement.ui import ask_to_load, page_header, show_chart, show_table

page = page_header(
    "Reporting rhythm",
    "Whether the adviser reports at least every six weeks and DfE reviews progress every six months: reports made "
    "against those due, late or missing ones, the next dates due, and the improvement board's meetings.",
)
data = page.data
start = data.adviser_start
state = data.rhythm
counts = state.counts
if not (data.loaded["reports"] or data.loaded["meetings"] or data.loaded["contract"]):
    ask_to_load(
        "reports",
        "meetings",
        "contract",
        what=f"No six-weekly reports, reporting dates or adviser contract are loaded for {data.authority_name}",
    )
    st.stop()


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
st.caption(
    f"{tables.rhythm_caption(state, start)} Late: made after its due date. Missing: the due date had passed by the "
    "date the data describes with no report. Only submitted reports count."
)
flagged = state.schedule[state.schedule["status"] != rhythm.ON_TIME]
if len(flagged):
    st.warning(
        "**Reports not made on time:**\n"
        + "\n".join(
            f"- Due {style.format_date(row.due_date)}: {charts.report_status_text(row.status, row.days_late)}"
            + (f" (made {style.format_date(row.submitted_date)})" if row.status == rhythm.LATE else "")
            for row in flagged.itertuples()
        ),
        icon=":material/schedule:",
    )
show_chart(charts.reporting_rhythm_chart(state, page.chart_context))

st.header("DfE six-monthly reviews")
left, middle, right = st.columns(3)
metric(left, "DfE reviews held", str(state.reviews_held))
metric(middle, "Last DfE review", style.format_date(state.last_review))
metric(right, "Next DfE review due", style.format_date(state.next_review_due), state.review_overdue)
st.caption("The next review is the next one scheduled, or six months after the last one held when none is scheduled.")
if state.reviews.empty:
    st.info("No DfE reviews are recorded. Load them as meetings of kind dfe_review.")
else:
    show_table(tables.dfe_reviews_table(state.reviews), "dfe-reviews")

st.header("Board meetings")
upcoming = len(state.board_meetings) - state.board_meetings_held
metric(st.columns(3)[0], "Board meetings held", str(state.board_meetings_held))
if upcoming:
    st.caption(f"{upcoming} more scheduled after the date the data describes.")
if state.board_meetings.empty:
    st.info("No board meetings are recorded. Load them as meetings of kind board_meeting.")
else:
    show_table(tables.board_meetings_table(state.board_meetings), "board-meetings")

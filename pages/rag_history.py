"""RAG history: every priority area's rating in every submitted report, as text, shape and colour."""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, show_chart, show_table
from improvement.ui.views import rag_history_view

page = page_header(
    "RAG history",
    "The improvement adviser's rating of each priority area in each six-weekly report (newest submitted version "
    "of each report). Red, Amber, Green, and Blue for complete.",
)
data = page.data
if data.ratings.empty:
    missing = ["reports"] if data.loaded["plan"] else ["plan", "reports"]
    ask_to_load(*missing, what=f"No submitted six-weekly report is loaded for {data.authority_name}")
    st.stop()
history = rag_history_view(data, page.chart_context)

show_chart(history.chart)

st.header("Ratings by report, latest first")
show_table(history.grid, "rag-history-grid")

st.header("Overall narratives")
for report in history.reports.itertuples():
    with st.expander(
        f"{style.format_date(report.report_date)} (covering {style.format_date(report.period_start)} to "
        f"{style.format_date(report.period_end)}), {style.escape_markdown(report.author)}"
    ):
        st.markdown(style.markdown_paragraphs(report.overall_narrative))

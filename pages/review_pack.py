"""Six-monthly review pack: what changed in a six-month window, for DfE's review of the improvement plan."""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, query_select, rag_badge, show_chart, show_table, views
from improvement.ui.briefing import BRIEFING, VIEW_KEY

page = page_header(
    "Six-monthly review pack",
    "For DfE's six-monthly review: in the chosen six months, how each priority area's rating moved, the measures "
    "against trajectory at the start and the end, actions completed and slipped, risks opened and closed, and "
    "the adviser's narratives.",
)
data = page.data
windows = views.review_windows(data)
if not windows:
    ask_to_load(
        "plan",
        "figures",
        "reports",
        what=f"There is nothing to review for {data.authority_name} yet: nothing dated is loaded",
    )
    st.stop()
key = query_select("Six-month window", {window.key: window.label for window in windows}, "window")
window = next(window for window in windows if window.key == key)
shown = views.review_view(data, window, page.chart_context)
pack = shown.pack

printing = st.query_params.get(VIEW_KEY) == BRIEFING
if not printing:
    link = urlencode({VIEW_KEY: BRIEFING, "window": window.key, "authority": data.authority_code})  # loaded code
    st.info(
        f"**Print / save as PDF:** open this pack in the [briefing view](?{link}), then use your browser's Print "
        "(Ctrl+P or ⌘P) and choose "
        '"Save as PDF". The **Briefing pack** page can add this window\'s charts to its PDF.',
        icon=":material/print:",
    )

st.header("Priority areas: movement of the RAG rating")
lines = ["| Priority area | At start | At end | Movement |", "|---|---|---|---|"]
for area in pack.rag.itertuples():
    lines.append(
        f"| **{style.escape_markdown(area.priority_area_code)}** {style.escape_markdown(area.title)} | "
        f"{rag_badge(area.start_rating)} | {rag_badge(area.end_rating)} | {area.movement} |"
    )
if pack.rag.empty:
    ask_to_load("plan", what="No improvement plan is loaded, so there are no priority areas to rate")
else:
    st.markdown("\n".join(lines), unsafe_allow_html=True)
    st.caption(
        "The rating in the adviser's latest submitted report on or before the window's start, and on or before its end."
    )
    show_chart(shown.rag_chart)

st.header("Measures against trajectory at the start and the end")
st.caption(
    "Each measure's figure for the latest month that had ended by the date, against that month's planned value. "
    f"A suppressed figure ({style.SUPPRESSED}) is not judged."
)
if pack.measures.empty:
    ask_to_load("measures", what="The plan has no measures loaded")
else:
    show_table(shown.measures, f"review-measures-table-{window.key}")
    show_chart(shown.measures_chart)


def counted_lists(heading: str, *lists: tuple[str, str, pd.DataFrame, str, str]) -> None:
    """A header, each list's count side by side, then each list (or the sentence saying it is empty). A list is
    (count label, subheading, table, download name, sentence when empty)."""
    st.header(heading)
    for column, (label, _, table, _, _) in zip(st.columns(len(lists)), lists, strict=True):
        column.metric(label, len(table), border=True)
    for _, subheading, table, name, empty in lists:
        st.subheader(subheading)
        show_table(table, f"{name}-{window.key}", empty=empty)


counted_lists(
    "Actions completed and slipped",
    (
        "Milestones completed",
        "Completed in the window",
        shown.completed,
        "review-completed",
        "No milestone was completed in this window.",
    ),
    (
        "Milestones slipped",
        "Slipped: due in the window, not complete by its end",
        shown.slipped,
        "review-slipped",
        "No milestone due in this window slipped.",
    ),
)
counted_lists(
    "Risks opened and closed",
    ("Risks opened", "Opened in the window", shown.opened, "review-risks-opened", "No risk was raised in this window."),
    ("Risks closed", "Closed in the window", shown.closed, "review-risks-closed", "No risk was closed in this window."),
)

st.header("The adviser's narratives")
if pack.narratives.empty:
    st.info("The adviser submitted no report in this window.")
for report_date, report in pack.narratives.groupby("report_date", sort=False):
    first = report.iloc[0]
    with st.expander(f"Report of {style.format_date(report_date)}", expanded=printing):
        st.markdown(style.markdown_paragraphs(first["overall_narrative"]))
        for rating in report.itertuples():
            st.markdown(
                f"**{style.escape_markdown(rating.priority_area_code)}** {rag_badge(rating.rating)} "
                f"{style.escape_markdown(rating.narrative)}",
                unsafe_allow_html=True,
            )

"""Risks: the risk register's open risks by likelihood and impact, each risk's score over reviews, the top risks."""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, query_multiselect, show_chart, show_table
from improvement.ui import views as view

page = page_header(
    "Risks",
    "Risks to delivering the improvement plan: where the open risks sit by likelihood and impact at their latest "
    "review, how each risk's score (likelihood × impact) has moved, the highest risks with their owners and "
    "mitigations, and how many were raised and closed each month.",
)
data = page.data
if data.risks.empty:
    ask_to_load("risks", what=f"No risk register is loaded for {data.authority_name}")
    st.stop()
register = view.risks_view(data, page.chart_context)

st.header("Open risks by likelihood and impact")
show_chart(register.matrix)
if len(register.unreviewed):
    st.warning(
        "Not yet reviewed, so not in the matrix: "
        + style.escape_markdown("; ".join(register.unreviewed["reference"] + " " + register.unreviewed["title"]))
    )

st.header("Top risks")
st.caption(
    f"The {len(register.top)} open risks with the highest score at their latest review; of {register.open_count} open."
)
show_table(register.top, "top-risks")

st.header("Each risk's score across reviews")
chosen = query_multiselect(
    "Risks to compare (up to four)",
    register.choices,
    "risk",
    default=register.default_choice,
    max_selections=view.MAX_RISKS_COMPARED,
    placeholder="Choose risks",
)
if chosen:
    show_chart(view.risk_scores_chart(data, chosen, page.chart_context))
else:
    st.info("Choose one or more risks to see their scores at each review.")

st.header("Risks raised and closed")
show_chart(register.raised_closed)

"""Risks: the risk register's open risks by likelihood and impact, each risk's score over reviews, the top risks."""

import streamlit as st

from improvement import charts, governance, style, tables
from improvement.ui import ask_to_load, page_header, show_chart, show_table
from improvement.ui.governance import query_multiselect

page = page_header(
    "Risks",
    "Risks to delivering the improvement plan: where the open risks sit by likelihood and impact at their latest "
    "review, how each risk's score (likelihood × impact) has moved, the highest risks with their owners and "
    "mitigations, and how many were raised and closed each month.",
)
data = page.data
risks, reviews = data.risks, data.risk_reviews
if risks.empty:
    ask_to_load("risks", what=f"No risk register is loaded for {data.authority_name}")
    st.stop()

current = governance.current_risks(risks, reviews)
open_risks = current[current["status"] == "open"]
unreviewed = open_risks[open_risks["score"].isna()]

st.header("Open risks by likelihood and impact")
show_chart(charts.risk_matrix_chart(governance.matrix_counts(current), page.chart_context, unreviewed=len(unreviewed)))
if len(unreviewed):
    st.warning(
        "Not yet reviewed, so not in the matrix: "
        + style.escape_markdown("; ".join(unreviewed["reference"] + " " + unreviewed["title"]))
    )

st.header("Top risks")
top = governance.top_risks(current)
st.caption(f"The {len(top)} open risks with the highest score at their latest review; of {len(open_risks)} open.")
show_table(tables.top_risks_table(top, data.priority_areas), "top-risks")

st.header("Each risk's score across reviews")
ranked = current.sort_values(["status", "score", "reference"], ascending=[False, False, True], na_position="last")
labels = {
    row.reference: f"{row.reference} {row.title} ({row.status})"
    for row in ranked.itertuples()
    if row.reference in set(reviews["risk_reference"])
}
chosen = query_multiselect(
    "Risks to compare (up to four)",
    labels,
    "risk",
    default=list(top["reference"].head(1)),
    max_selections=len(charts.RISK_ROLES),
    placeholder="Choose risks",
)
if chosen:
    picked = reviews[reviews["risk_reference"].isin(chosen)]
    picked = picked.assign(_order=picked["risk_reference"].map(chosen.index)).sort_values(["_order", "review_date"])
    show_chart(charts.risk_score_chart(picked.drop(columns="_order"), risks, page.chart_context))
else:
    st.info("Choose one or more risks to see their scores at each review.")

st.header("Risks raised and closed")
show_chart(charts.risks_raised_closed_chart(governance.raised_and_closed(risks, data.as_at), page.chart_context))

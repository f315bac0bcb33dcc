"""Overview: the latest RAG rating per priority area, headline measures against target, and what is due next."""

import streamlit as st

from improvement import charts, honesty, measures, style, tables
from improvement.ui import page_header, rag_badge, show_chart, show_table

page = page_header(
    "Overview",
    "Where the improvement plan stands: the adviser's latest rating for each Ofsted priority area, the headline "
    "measures against their targets, and the next reporting dates.",
)
data = page.data

st.header("Priority areas: latest rating")
movement = measures.rag_movement(data.ratings)
summary = data.priority_areas.merge(movement, on="priority_area_code", how="left")
lines = ["| Priority area | Latest rating | Change since previous report |", "|---|---|---|"]
for area in summary.itertuples():
    change = area.movement if isinstance(area.movement, str) else "no report yet"
    if isinstance(area.previous_rating, str):
        change = f"{change} (was {style.rag_text(area.previous_rating)})"
    lines.append(f"| **{area.priority_area_code}** {area.title} | {rag_badge(area.rating)} | {change} |")
st.markdown("\n".join(lines), unsafe_allow_html=True)
with st.expander("Show as a table: latest rating per priority area"):
    show_table(tables.rag_summary_table(movement, data.priority_areas), "latest-rag")
checks, evidence = honesty.check_ratings(data.ratings, data.plan_measures, data.observations, data.trajectories)
latest_checks = honesty.latest_checks(checks)
for check in honesty.disagreements(latest_checks).to_dict("records"):
    code = check["priority_area_code"]
    shown = honesty.evidence_for(evidence, code, check["report_date"])
    st.warning(tables.disagreement_text(check, shown, f"{code} {data.area_title(code)}"), icon=":material/warning:")
st.caption(tables.rating_check_summary(latest_checks))

st.header("Reporting rhythm")
dates = measures.reporting_dates(data.ratings, data.meetings, data.as_at)
for column, (label, due) in zip(
    st.columns(3),
    [
        ("Last six-weekly report", None),
        ("Next six-weekly report due", dates.next_report_due),
        ("Next DfE six-monthly review", dates.next_dfe_review),
    ],
    strict=True,
):
    shown = dates.last_report if due is None else due
    overdue = style.is_overdue(due, data.as_at)
    column.metric(
        label,
        style.format_date(shown),
        delta="Overdue" if overdue else None,
        delta_color="inverse" if overdue else "off",
        delta_arrow="off",
        border=True,
    )
st.caption(
    "Reports are due six weeks after the last submitted one; DfE reviews progress every six months. "
    "Overdue means the date had passed by the date the data describes."
)

st.header("Headline measures")
headline = data.progress[data.progress["is_headline"]]
st.caption(
    "The arrow shows which way a measure moved since the month before; the judgement says whether that is good, "
    "which depends on whether higher or lower is better for that measure."
)
show_table(tables.headline_table(headline), "headline-measures")
show_chart(charts.progress_chart(headline, page.chart_context))

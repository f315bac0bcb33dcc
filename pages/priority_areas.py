"""Priority areas: one Ofsted priority area at a time: its RAG history, narratives, measures and actions."""

import streamlit as st

from improvement import charts, honesty, measures, style, tables
from improvement.ui import page_header, query_select, rag_badge, show_chart, show_table

page = page_header(
    "Priority areas",
    "One Ofsted priority area at a time: what Ofsted asked for, the adviser's ratings and narratives, the measures "
    "that evidence progress against their trajectories, and the plan's actions.",
)
data = page.data
areas = data.priority_areas
area_code = query_select(
    "Priority area",
    dict(zip(areas["priority_area_code"], areas["priority_area_code"] + " " + areas["title"], strict=True)),
    "area",
)
area = areas.set_index("priority_area_code").loc[area_code]
ratings = data.ratings[data.ratings["priority_area_code"] == area_code].sort_values("report_date")

kind = "Ofsted priority action" if area["kind"] == "priority_action" else "Area for improvement"
st.subheader(f"{area_code} {area['title']}")
st.markdown(f"{kind} · {area['source']}")
st.markdown(f"> {area['ofsted_wording']}")
if len(ratings):
    latest = ratings.iloc[-1]
    st.markdown(
        f"Latest rating {rag_badge(latest['rating'])} in the report of {style.format_date(latest['report_date'])}",
        unsafe_allow_html=True,
    )

st.header("Rating history")
show_chart(charts.rag_history_chart(ratings, areas[areas["priority_area_code"] == area_code], page.chart_context))

st.header("Adviser's narratives")
for report in ratings.iloc[::-1].itertuples():
    with st.expander(f"{style.format_date(report.report_date)}: {style.rag_text(report.rating)}"):
        st.markdown(report.narrative)
        if isinstance(report.evidence, str) and report.evidence:
            st.markdown(f"**Evidence:** {report.evidence}")

st.header("Does the rating match the data?")
area_plan = data.plan_measures[data.plan_measures["priority_area_code"] == area_code]
checks, evidence = honesty.check_ratings(ratings, area_plan, data.observations, data.trajectories)
if checks.empty:
    st.info("No submitted report has rated this priority area yet.")
else:
    latest_check = checks.iloc[-1].to_dict()
    latest_evidence = honesty.evidence_for(evidence, area_code, latest_check["report_date"])
    if latest_check["verdict"] in honesty.DISAGREEMENTS:
        st.warning(
            tables.disagreement_text(latest_check, latest_evidence, f"{area_code} {area['title']}"),
            icon=":material/warning:",
        )
    else:
        st.markdown(
            f"The latest rating, {style.rag_text(latest_check['rating'])} in the report of "
            f"{style.format_date(latest_check['report_date'])}: **{tables.VERDICT_LABELS[latest_check['verdict']]}**."
        )
    st.caption(tables.rating_check_rule())
    st.subheader(f"Measures in the report of {style.format_date(latest_check['report_date'])}")
    show_table(tables.rating_evidence_table(latest_evidence), f"rating-evidence-{area_code}")
    st.subheader("Every report's rating against the measures")
    show_table(tables.rating_check_table(checks), f"rating-checks-{area_code}")

st.header("Measures against trajectory")
area_measures = data.progress[data.progress["priority_area_code"] == area_code]
if area_measures.empty:
    st.info("The plan links no measures to this priority area.")
for measure in area_measures.to_dict("records"):
    series = measures.measure_series(data.observations, data.trajectories, measure["measure_code"], measure["polarity"])
    show_chart(charts.trajectory_chart(measure, series, page.chart_context))

st.header("Actions and milestones")
area_milestones = data.milestones[data.milestones["priority_area_code"] == area_code]
show_table(tables.milestone_table(area_milestones, data.as_at), f"actions-{area_code}")

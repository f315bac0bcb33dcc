"""Priority areas: one Ofsted priority area at a time: its RAG history, narratives, measures and actions."""

import streamlit as st

from improvement import charts, honesty, style, tables, views
from improvement.ui import ask_to_load, page_header, query_select, rag_badge, show_chart, show_table

page = page_header(
    "Priority areas",
    "One Ofsted priority area at a time: what Ofsted asked for, the adviser's ratings and narratives, whether each "
    "rating matches the data, the measures that evidence progress against their trajectories, and the plan's actions.",
)
data = page.data
areas = data.priority_areas
if areas.empty:
    ask_to_load("plan", what=f"No improvement plan is loaded for {data.authority_name}, so there are no priority areas")
    st.stop()

area_code = query_select(
    "Priority area",
    dict(zip(areas["priority_area_code"], areas["priority_area_code"] + " " + areas["title"], strict=True)),
    "area",
)
area = areas.set_index("priority_area_code").loc[area_code]
ratings = data.ratings[data.ratings["priority_area_code"] == area_code].sort_values("report_date")

kind = "Ofsted priority action" if area["kind"] == "priority_action" else "Area for improvement"
st.subheader(f"{style.escape_markdown(area_code)} {style.escape_markdown(area['title'])}")
st.markdown(f"{kind} · {style.escape_markdown(area['source'])}")
st.markdown(f"> {style.escape_markdown(area['ofsted_wording'])}")
if len(ratings):
    latest = ratings.iloc[-1]
    st.markdown(
        f"Latest rating {rag_badge(latest['rating'])} in the report of {style.format_date(latest['report_date'])}",
        unsafe_allow_html=True,
    )

st.header("Rating history")
if ratings.empty:
    ask_to_load("reports", what="No submitted report has rated this priority area yet")
else:
    show_chart(charts.rag_history_chart(ratings, areas[areas["priority_area_code"] == area_code], page.chart_context))

    st.header("Adviser's narratives")
    for report in ratings.iloc[::-1].itertuples():
        with st.expander(f"{style.format_date(report.report_date)}: {style.rag_text(report.rating)}"):
            st.markdown(style.markdown_paragraphs(report.narrative))
            if isinstance(report.evidence, str) and report.evidence:
                st.markdown(f"**Evidence:** {style.escape_markdown(report.evidence)}")

    st.header("Does the rating match the data?")
    checks = data.checks[data.checks["priority_area_code"] == area_code]
    latest_check = checks.iloc[-1].to_dict()
    latest_evidence = honesty.evidence_for(data.evidence, area_code, latest_check["report_date"])
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
    if latest_evidence.empty:
        st.info("The plan links no measures to this priority area, so only its milestones and risks are checked.")
    else:
        show_table(tables.rating_evidence_table(latest_evidence), f"rating-evidence-{area_code}")
    st.subheader("Every report's rating against the data")
    show_table(tables.rating_check_table(checks), f"rating-checks-{area_code}")

st.header("Measures against trajectory")
area_measures = data.progress[data.progress["priority_area_code"] == area_code]
if area_measures.empty:
    ask_to_load("measures", what="The plan links no measures to this priority area")
for measure in area_measures.to_dict("records"):
    show_chart(views.measure_chart(data, measure, page.chart_context))

st.header("Actions and milestones")
area_milestones = data.milestones[data.milestones["priority_area_code"] == area_code]
if area_milestones.empty:
    ask_to_load("milestones", what="The plan has no actions or milestones for this priority area")
else:
    show_table(tables.milestone_table(area_milestones, data.as_at), f"actions-{area_code}")

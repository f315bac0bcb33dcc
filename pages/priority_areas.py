"""Priority areas: one Ofsted priority area at a time: its RAG history, narratives, measures and actions."""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, query_select, rag_badge, show_chart, show_table
from improvement.ui import views as view
from improvement.ui.spc import show_special_cause_now

page = page_header(
    "Priority areas",
    "One Ofsted priority area at a time: what Ofsted asked for, the adviser's ratings and narratives, whether each "
    "rating matches the data, the measures that evidence progress against their trajectories, and the plan's actions.",
)
data = page.data
if data.priority_areas.empty:
    ask_to_load("plan", what=f"No improvement plan is loaded for {data.authority_name}, so there are no priority areas")
    st.stop()

area = view.priority_area_view(data, query_select("Priority area", view.area_choices(data), "area"), page.chart_context)

st.subheader(f"{style.escape_markdown(area.code)} {style.escape_markdown(area.title)}")
st.markdown(f"{area.kind} · {style.escape_markdown(area.source)}")
st.markdown(f"> {style.escape_markdown(area.ofsted_wording)}")
if len(area.ratings):
    latest = area.ratings.iloc[-1]
    st.markdown(
        f"Latest rating {rag_badge(latest['rating'])} in the report of {style.format_date(latest['report_date'])}",
        unsafe_allow_html=True,
    )

st.header("Rating history")
if area.history is None:
    ask_to_load("reports", what="No submitted report has rated this priority area yet")
else:
    show_chart(area.history)

    st.header("Adviser's narratives")
    for report in area.ratings.iloc[::-1].itertuples():
        with st.expander(f"{style.format_date(report.report_date)}: {style.rag_text(report.rating)}"):
            st.markdown(style.markdown_paragraphs(report.narrative))
            if isinstance(report.evidence, str) and report.evidence:
                st.markdown(f"**Evidence:** {style.escape_markdown(report.evidence)}")

    st.header("Does the rating match the data?")
    check = area.check
    if check.warning:
        st.warning(check.warning, icon=":material/warning:")
    else:
        st.markdown(check.verdict)
    st.caption(check.rule)
    st.subheader(f"Measures in the report of {style.format_date(check.latest['report_date'])}")
    show_table(
        check.evidence,
        f"rating-evidence-{area.code}",
        empty="The plan links no measures to this priority area, so only its milestones and risks are checked.",
    )
    st.subheader("Every report's rating against the data")
    show_table(check.every_report, f"rating-checks-{area.code}")

st.header("Measures against trajectory")
if not area.measure_charts:
    ask_to_load("measures", what="The plan links no measures to this priority area")
for chart in area.measure_charts:
    show_chart(chart)
if area.measure_charts:
    show_special_cause_now(
        view.special_cause_now(data, area.code), "this area's measures", f"special-cause-now-{area.code}"
    )

st.header("Actions and milestones")
if area.milestones.empty:
    ask_to_load("milestones", what="The plan has no actions or milestones for this priority area")
else:
    show_table(area.milestones, f"actions-{area.code}")

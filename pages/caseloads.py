"""Caseloads: each team's caseload over time against the target, and the authority's agency and vacancy rates."""

import streamlit as st

from improvement.ui import ask_to_load, page_header, query_select, show_chart, show_table
from improvement.ui.benchmarks import show_benchmarks
from improvement.ui.views import caseload_view

page = page_header(
    "Caseloads",
    "Children allocated per case-holding social worker (FTE), by team, against the plan's caseload target; and "
    "the workforce's reliance on agency staff and its vacancies.",
)
data = page.data
view = caseload_view(data, page.chart_context)
if view is None:
    ask_to_load("caseloads", what=f"No team caseload returns are loaded for {data.authority_name}")
else:
    team = query_select("Team (highest caseload first)", {name: name for name in view.teams}, "team")
    if team != view.team:
        view = caseload_view(data, page.chart_context, team)
    if view.target is None:
        st.caption("The plan sets no caseload target: its social worker caseload measure has none, or is not loaded.")
    show_chart(view.team_chart)

    st.header("Teams in the latest month")
    show_table(view.teams_table, "caseloads-by-team")

    st.header("Agency and vacancy rates")
    show_chart(view.rates_chart)

st.header("Compared with England, the region and statistical neighbours")
show_benchmarks(data, ["caseload_fte", "agency_rate_fte", "vacancy_rate_fte", "turnover_rate_fte"], page.chart_context)

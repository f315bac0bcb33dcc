"""Caseloads: each team's caseload over time against the target, and the authority's agency and vacancy rates."""

import streamlit as st

from improvement import charts, measures, tables
from improvement.ui import page_header, query_select, show_chart, show_table
from improvement.ui.benchmarks import show_benchmarks

page = page_header(
    "Caseloads",
    "Children allocated per case-holding social worker (FTE), by team, against the plan's caseload target; and "
    "the workforce's reliance on agency staff and its vacancies.",
)
data = page.data
if data.caseloads.empty:
    st.info("No caseload data has been loaded for this authority: load a caseloads file on the Data page.")
else:
    by_team = measures.caseload_by_team(data.caseloads)
    overall = measures.caseload_for_authority(data.caseloads)
    caseload_measure = data.plan_measures[data.plan_measures["national_equivalent"] == "caseload_fte"]
    target = caseload_measure["target_value"].iloc[0] if len(caseload_measure) else None
    source = "council workforce and allocation data"

    latest_month = by_team[by_team["period"] == by_team["period"].max()]
    teams = latest_month.sort_values("caseload", ascending=False)["team"]  # highest caseload first
    team = query_select("Team (highest caseload first)", {name: name for name in teams}, "team")
    show_chart(charts.caseload_chart(by_team, team, target, page.chart_context, source))

    st.header("Teams in the latest month")
    show_table(tables.team_table(by_team, page.chart_context.suppression_threshold), "caseloads-by-team")

    st.header("Agency and vacancy rates")
    show_chart(charts.staffing_rates_chart(overall, page.chart_context, source))

st.header("Compared with England, the region and statistical neighbours")
show_benchmarks(data, ["caseload_fte", "agency_rate_fte", "vacancy_rate_fte", "turnover_rate_fte"], page.chart_context)

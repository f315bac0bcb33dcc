"""Annex A snapshot: aggregates of the Ofsted ILACS Annex A child protection lists at an extract date."""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, query_select, show_chart, show_table
from improvement.ui.views import annex_a_view

page = page_header(
    "Annex A snapshot",
    "Children on child protection plans, in need and in care at the date the council's Ofsted Annex A lists were "
    "extracted. Only aggregates are stored, never a child's row; small counts show as c.",
)
dates = page.data.annex_a_dates
if not dates:
    ask_to_load("annex_a", what=f"No Ofsted Annex A extract is loaded for {page.data.authority_name}")
    st.caption(
        "On the Data page, choose the authority and the extract date before loading the workbook, or from the "
        "command line (only aggregates are kept, never a child's row):"
    )
    st.code(
        f"python -m loaders annex_a.xlsx --authority {page.data.authority_code} --extract-date 2023-03-31",
        language=None,
    )
    st.stop()

extract = query_select("Extract date", {d.isoformat(): style.format_date(d) for d in dates}, "extract")
view = annex_a_view(page.data, next(d for d in dates if d.isoformat() == extract), page.chart_context)
snapshot = view.snapshot

st.header(f"At {style.format_date(snapshot.extract_date)}")
headlines = view.headlines
for row_start in range(0, len(headlines), 4):
    for column, (_, row) in zip(st.columns(4), headlines.iloc[row_start : row_start + 4].iterrows(), strict=False):
        column.metric(row["Measure"], row["Value"], help=row["Definition"])
show_table(headlines.drop(columns=["measure"]), f"annex-a-headlines-{extract}")

st.header("Children on plans by team")
if view.by_team is None:
    st.info("No child was on a plan at this date.")
else:
    show_chart(view.by_team)

st.header("Children on plans by latest category of abuse")
show_table(view.by_category, f"annex-a-category-{extract}")

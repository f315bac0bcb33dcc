"""Adviser contract: days delivered against the monthly allowance, spend and VAT, budget left and key dates."""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, show_chart, show_table
from improvement.ui.views import contract_view

page = page_header(
    "Adviser contract",
    "The improvement adviser's days each month against the contract's allowance, what they have cost so far at the "
    "daily rate (expenses included, VAT shown separately), the budget left and the contract's key dates.",
)
view = contract_view(page.data, page.chart_context)
if view is None:
    ask_to_load("contract", what=f"No adviser contract is loaded for {page.data.authority_name}")
    st.stop()
terms = view.terms

st.markdown(view.summary)

st.header("Spend and budget")
for column, (label, value, help_text) in zip(st.columns(len(view.metrics)), view.metrics, strict=True):
    column.metric(label, value, help=help_text)
show_table(view.spend, "adviser-spend")

if view.days_outside_term:
    st.warning(
        f"{view.days_outside_term} day record(s) fall outside the contract's term "
        f"({style.format_date(terms.start_date)} to {style.format_date(terms.resulting_end)}); they are counted "
        "in the spend above. Check the timesheets or load the extension.",
        icon=":material/warning:",
    )

st.header("Days each month against the allowance")
if view.days_chart is None:
    ask_to_load("adviser_days", what="No adviser days are loaded")
else:
    show_chart(view.days_chart)

st.header("Key dates")
show_table(view.key_dates, "adviser-contract-dates")
if terms.notes:
    st.caption(style.escape_markdown(terms.notes))

st.header("Days by activity")
if view.activity_chart is not None:
    show_chart(view.activity_chart)

"""Adviser contract: days delivered against the monthly allowance, spend and VAT, budget left and key dates."""

import dataclasses

import streamlit as st

from improvement import charts, contract, style
from improvement.ui import ask_to_load, page_header, show_chart, show_table
from improvement.ui.contract import adviser_contract_data

page = page_header(
    "Adviser contract",
    "The improvement adviser's days each month against the contract's allowance, what they have cost so far at the "
    "daily rate (expenses included, VAT shown separately), the budget left and the contract's key dates.",
)
loaded = adviser_contract_data(page.data.authority_code)
terms = loaded.terms
if terms is None:
    ask_to_load("contract", what=f"No adviser contract is loaded for {page.data.authority_name}")
    st.stop()

context = dataclasses.replace(page.chart_context, synthetic=page.chart_context.synthetic or loaded.synthetic)
days = loaded.days
monthly = contract.days_per_month(terms, days, page.data.as_at)
spend = contract.spend_to_date(terms, days)

st.markdown(
    f"**{style.escape_markdown(terms.adviser_name)}** · {style.format_date(terms.start_date)} to "
    f"{style.format_date(terms.resulting_end)} "
    f"· {terms.monthly_day_allowance:g} days a month at {style.format_money(terms.daily_rate_gbp)} a day, expenses "
    f"included, VAT {terms.vat_rate:.0%} on top"
)

st.header("Spend and budget")
allowance_to_date = float(monthly["allowance"].sum())
metrics = [
    ("Days delivered", style.format_value(spend.days, "ratio"), f"Allowance to date: {allowance_to_date:g} days"),
    ("Spend before VAT", style.format_money(spend.net_gbp), "Spend to date: days x daily rate, expenses included"),
    ("VAT", style.format_money(spend.vat_gbp), f"{terms.vat_rate:.0%} of the spend to date"),
    ("Total including VAT", style.format_money(spend.total_gbp), "Spend to date plus VAT"),
    ("Remaining budget", style.format_money(spend.remaining_gbp), "Budget before VAT less spend before VAT"),
]
for column, (label, value, help_text) in zip(st.columns(len(metrics)), metrics, strict=True):
    column.metric(label, value, help=help_text)
show_table(contract.spend_table(spend, terms), "adviser-spend")

outside = contract.days_outside_term(terms, days)
if len(outside):
    st.warning(
        f"{len(outside)} day record(s) fall outside the contract's term "
        f"({style.format_date(terms.start_date)} to {style.format_date(terms.resulting_end)}); they are counted "
        "in the spend above. Check the timesheets or load the extension.",
        icon=":material/warning:",
    )

st.header("Days each month against the allowance")
if days.empty:
    ask_to_load("adviser_days", what="No adviser days are loaded")
else:
    show_chart(charts.adviser_days_chart(monthly, terms.monthly_day_allowance, context))

st.header("Key dates")
show_table(contract.key_dates_table(terms), "adviser-contract-dates")
if terms.notes:
    st.caption(style.escape_markdown(terms.notes))

st.header("Days by activity")
if not days.empty:
    period = charts.period_label(monthly["month"])
    show_chart(charts.adviser_activity_chart(contract.days_by_activity(days), period, context))

"""What the Adviser contract page shows: the terms in a line, spend and budget, days against the allowance, key
dates and days by activity, built by one function from the loaded contract and days."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from improvement import style
from improvement.charting import Chart, ChartContext, period_label
from improvement.topics.contract import charts, rules, tables


@dataclass(frozen=True)
class ContractView:
    terms: rules.ContractTerms
    summary: str  # the terms in one line (Markdown, the adviser's name escaped)
    metrics: list[tuple[str, str, str]]  # (label, value, help)
    spend: pd.DataFrame  # tables.spend_table
    days_outside_term: int
    days_chart: Chart | None  # None when no day is loaded
    key_dates: pd.DataFrame
    activity_chart: Chart | None


def contract_view(
    loaded: rules.AdviserContractData, as_at: dt.date | None, context: ChartContext
) -> ContractView | None:
    """The page's figures and charts; None when no contract is loaded."""
    terms = loaded.terms
    if terms is None:
        return None
    context = dataclasses.replace(context, synthetic=context.synthetic or loaded.synthetic)
    days = loaded.days
    monthly = rules.days_per_month(terms, days, as_at)
    spend = rules.spend_to_date(terms, days)
    allowance_to_date = float(monthly["allowance"].sum())
    return ContractView(
        terms=terms,
        summary=(
            f"**{style.escape_markdown(terms.adviser_name)}** · {style.format_date(terms.start_date)} to "
            f"{style.format_date(terms.resulting_end)} · {terms.monthly_day_allowance:g} days a month at "
            f"{style.format_money(terms.daily_rate_gbp)} a day, expenses included, VAT {terms.vat_rate:.0%} on top"
        ),
        metrics=[
            (
                "Days delivered",
                style.format_value(spend.days, "ratio"),
                f"Allowance to date: {allowance_to_date:g} days",
            ),
            (
                "Spend before VAT",
                style.format_money(spend.net_gbp),
                "Spend to date: days x daily rate, expenses included",
            ),
            ("VAT", style.format_money(spend.vat_gbp), f"{terms.vat_rate:.0%} of the spend to date"),
            ("Total including VAT", style.format_money(spend.total_gbp), "Spend to date plus VAT"),
            ("Remaining budget", style.format_money(spend.remaining_gbp), "Budget before VAT less spend before VAT"),
        ],
        spend=tables.spend_table(spend, terms),
        days_outside_term=len(rules.days_outside_term(terms, days)),
        days_chart=None if days.empty else charts.adviser_days_chart(monthly, terms.monthly_day_allowance, context),
        key_dates=tables.key_dates_table(terms),
        activity_chart=None
        if days.empty
        else charts.adviser_activity_chart(rules.days_by_activity(days), period_label(monthly["month"]), context),
    )

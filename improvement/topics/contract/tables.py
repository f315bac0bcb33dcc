"""The adviser's contract as tables: spend to date, VAT and budget; the contract's key dates."""

from __future__ import annotations

import pandas as pd

from improvement import style
from improvement.topics.contract.rules import ContractTerms, Spend, key_dates


def spend_table(spend: Spend, terms: ContractTerms) -> pd.DataFrame:
    """Spend to date, VAT, total, budget and what remains, as the page and its CSV show them."""
    budget_note = (
        f"{terms.monthly_day_allowance:g} days x {style.format_money(terms.daily_rate_gbp)} x "
        f"{len(terms.months)} contract months"
        if spend.budget_is_calculated
        else "As set in the contract"
    )
    rows = [
        (
            "Spend to date (before VAT)",
            style.format_money(spend.net_gbp),
            f"{style.format_value(spend.days, 'ratio')} days x {style.format_money(terms.daily_rate_gbp)} a day, "
            "expenses included",
        ),
        ("VAT", style.format_money(spend.vat_gbp), f"{terms.vat_rate:.0%} on top of the daily rate"),
        ("Total including VAT", style.format_money(spend.total_gbp), "Spend to date plus VAT"),
        ("Budget (before VAT)", style.format_money(spend.budget_gbp), budget_note),
        (
            "Remaining budget (before VAT)",
            style.format_money(spend.remaining_gbp),
            f"About {style.format_value(max(spend.remaining_days, 0), 'ratio')} days at the daily rate"
            if spend.remaining_gbp >= 0
            else "Overspent: more days delivered than the budget pays for",
        ),
    ]
    return pd.DataFrame(rows, columns=["Item", "Amount", "How it is worked out"])


def key_dates_table(terms: ContractTerms) -> pd.DataFrame:
    dates = key_dates(terms)
    return pd.DataFrame(
        {
            "Date": dates["event"],
            "When": [style.format_date(day) if day is not None else "—" for day in dates["date"]],
            "Detail": dates["detail"],
        }
    )

"""The adviser's contract: the pure rules (topics/contract) and the queries (the loader: tests/loaders/kinds).

Pure rules: spend at the daily rate (expenses included) with VAT separate, the budget and what remains, the
resulting end date after an extension in whole months (month-end edge cases), and months over the allowance.
Loader and queries run on the seeded Sefton database on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from improvement import queries, style
from improvement.topics.contract import rules as contract
from improvement.topics.contract import tables as contract_tables
from improvement.topics.contract.rules import ContractTerms
from loaders.run import Source, load_source

SEFTON = "E08000014"


def terms(**changes) -> ContractTerms:
    base = ContractTerms(
        adviser_name="Dr Helen Ashworth",
        start_date=dt.date(2021, 6, 30),
        end_date=dt.date(2022, 6, 29),
        break_clause_date=dt.date(2022, 3, 31),
        monthly_day_allowance=4,
        daily_rate_gbp=600,
        vat_rate=0.2,
        budget_gbp=None,
        extension_months=0,
    )
    return ContractTerms(**{**base.__dict__, **changes})


def days(*rows: tuple[str, float, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(dt.date.fromisoformat(day), amount, activity, None) for day, amount, activity in rows],
        columns=["day_date", "days", "activity", "notes"],
    )


# --- dates ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2022-06-29", 0, "2022-06-29"),
        ("2022-06-29", 12, "2023-06-29"),
        ("2022-06-29", 11, "2023-05-29"),
        ("2022-06-29", 8, "2023-02-28"),  # no 29 February in 2023: the month's last day
        ("2023-06-29", 8, "2024-02-29"),  # a leap year has it
        ("2022-08-31", 1, "2022-09-30"),
        ("2022-01-31", 1, "2022-02-28"),
        ("2021-12-15", 3, "2022-03-15"),  # across a year end
    ],
)
def test_extension_moves_the_end_by_whole_months_keeping_the_day_where_the_month_has_it(day, months, expected):
    assert contract.add_whole_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_key_dates_include_the_break_clause_extension_and_resulting_end():
    dates = contract_tables.key_dates_table(terms(extension_months=8))
    assert dates.values.tolist() == [
        ["Start", "30 June 2021", ""],
        ["Break clause", "31 March 2022", "Either party may end the contract from this date"],
        ["End (original term)", "29 June 2022", ""],
        ["Extension", "—", "8 whole months"],
        ["Resulting end", "28 February 2023", "20 contract months"],
    ]


def test_contract_months_are_the_calendar_months_covered_for_at_least_half_their_days():
    assert terms().months == [contract.add_whole_months(dt.date(2021, 7, 1), k) for k in range(12)]
    extended = terms(extension_months=12).months
    assert (len(extended), extended[0], extended[-1]) == (24, dt.date(2021, 7, 1), dt.date(2023, 6, 1))
    # 1 to 15 January covers 15 of 31 days: under half, so not a contract month
    assert contract.contract_months(dt.date(2022, 1, 1), dt.date(2022, 1, 15)) == []
    assert contract.contract_months(dt.date(2022, 1, 1), dt.date(2022, 1, 16)) == [dt.date(2022, 1, 1)]


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"extension_months": 13}, "extension_months", "expected whole months from 0 to 12"),
        ({"extension_months": -1}, "extension_months", "expected whole months from 0 to 12"),
        ({"end_date": dt.date(2021, 6, 1)}, "end_date", "is not after start_date (30/06/2021)"),
        ({"break_clause_date": dt.date(2022, 7, 1)}, "break_clause_date", "must fall between start_date"),
        ({"vat_rate": 20}, "vat_rate", "expected a fraction: 20% is written 0.2"),
        ({"monthly_day_allowance": 0}, "monthly_day_allowance", "expected more than 0 days a month"),
        ({"budget_gbp": 0}, "budget_gbp", "expected more than 0"),
    ],
)
def test_unsound_terms_are_named_by_column(changes, column, message):
    values = {**terms().__dict__, **changes}
    found = contract.term_problems(
        values["start_date"],
        values["end_date"],
        values["break_clause_date"],
        values["extension_months"],
        values["monthly_day_allowance"],
        values["daily_rate_gbp"],
        values["vat_rate"],
        values["budget_gbp"],
    )
    assert list(found) == [column] and found[column].startswith(message)


def test_sound_terms_have_no_problems():
    assert contract.term_problems(dt.date(2021, 6, 30), dt.date(2022, 6, 29), None, 12, 4, 600, 0.2, None) == {}


# --- money ----------------------------------------------------------------------------------------------------


def test_spend_is_days_at_the_daily_rate_with_vat_separate_and_the_budget_left():
    delivered = days(("2021-07-15", 1, "board"), ("2021-07-20", 0.5, "coaching"), ("2021-08-19", 1, "board"))
    spend = contract.spend_to_date(terms(), delivered)
    assert (spend.days, spend.net_gbp, spend.vat_gbp, spend.total_gbp) == (2.5, 1500.0, 300.0, 1800.0)
    assert spend.budget_gbp == 4 * 600 * 12 == 28_800
    assert spend.budget_is_calculated
    assert spend.remaining_gbp == 27_300.0 and spend.remaining_days == 45.5
    # an extension adds its months to a calculated budget; a budget in the contract is used as it is
    assert contract.spend_to_date(terms(extension_months=12), delivered).budget_gbp == 57_600
    given = contract.spend_to_date(terms(budget_gbp=1000.0), delivered)
    assert (given.budget_gbp, given.remaining_gbp, given.budget_is_calculated) == (1000.0, -500.0, False)


def test_vat_follows_the_contracts_rate_and_rounds_to_pence():
    spend = contract.spend_to_date(terms(daily_rate_gbp=333.33, vat_rate=0.175), days(("2021-07-01", 1, "visit")))
    assert (spend.net_gbp, spend.vat_gbp, spend.total_gbp) == (333.33, 58.33, 391.66)


def test_money_is_shown_in_pounds_with_pence():
    assert style.format_money(57_600) == "£57,600.00"
    assert style.format_money(1800.5) == "£1,800.50"
    assert style.format_money(-500) == "−£500.00"
    assert style.format_money(None) == "—" and style.format_money(float("nan")) == "—"


def test_spend_table_shows_spend_vat_total_budget_and_remaining():
    delivered = days(("2021-07-15", 1, "board"), ("2021-07-20", 0.5, "coaching"))
    table = contract_tables.spend_table(contract.spend_to_date(terms(), delivered), terms())
    assert dict(zip(table["Item"], table["Amount"], strict=True)) == {
        "Spend to date (before VAT)": "£900.00",
        "VAT": "£180.00",
        "Total including VAT": "£1,080.00",
        "Budget (before VAT)": "£28,800.00",
        "Remaining budget (before VAT)": "£27,900.00",
    }
    assert table.loc[3, "How it is worked out"] == "4 days x £600.00 x 12 contract months"


# --- days -----------------------------------------------------------------------------------------------------


def test_months_over_the_allowance_are_flagged_and_empty_months_show_zero():
    delivered = days(
        ("2021-07-01", 1, "board"),
        ("2021-07-02", 1, "coaching"),
        ("2021-07-05", 1, "visit"),
        ("2021-07-06", 1, "visit"),
        ("2021-07-07", 0.5, "other"),
        ("2021-09-16", 1, "board"),
    )
    monthly = contract.days_per_month(terms(), delivered, as_at=dt.date(2021, 9, 30))
    assert monthly["month"].tolist() == [dt.date(2021, 7, 1), dt.date(2021, 8, 1), dt.date(2021, 9, 1)]
    assert monthly["days"].tolist() == [4.5, 0.0, 1.0]
    assert monthly["over_allowance"].tolist() == [True, False, False]
    assert monthly["over_by"].tolist() == [0.5, 0.0, 0.0]
    assert monthly["cumulative_days"].tolist() == [4.5, 4.5, 5.5]
    # exactly the allowance is not over it
    at_allowance = contract.days_per_month(terms(), delivered.iloc[:4], as_at=dt.date(2021, 7, 31))
    assert at_allowance["over_allowance"].tolist() == [False]


def test_days_outside_the_term_and_by_activity():
    delivered = days(("2021-06-01", 1, "other"), ("2021-07-15", 1, "board"), ("2021-07-20", 0.5, "coaching"))
    outside = contract.days_outside_term(terms(), delivered)
    assert outside["day_date"].tolist() == [dt.date(2021, 6, 1)]
    by_activity = contract.days_by_activity(delivered)
    assert by_activity[["activity", "days"]].values.tolist() == [["board", 1.0], ["other", 1.0], ["coaching", 0.5]]
    assert by_activity["label"].tolist() == ["Improvement board", "Other", "Coaching the DCS and Lead Members"]
    assert by_activity["share"].sum() == pytest.approx(1)


# --- queries (SQLite and PostgreSQL); the loader is tested in tests/loaders/kinds/test_adviser_contract.py -------


def test_adviser_days_query_shows_the_newest_load_per_date_and_activity(seeded_engine):
    before = queries.adviser_days(seeded_engine, SEFTON)
    first = before.iloc[0]
    corrected = (
        "authority_code,day_date,days,activity,notes\n"
        f"E08000014,{first['day_date']:%Y-%m-%d},0.5,{first['activity']},Corrected to half a day\n"
    ).encode()
    assert load_source(seeded_engine, Source("adviser_days.csv", corrected)).ok

    after = queries.adviser_days(seeded_engine, SEFTON)
    assert len(after) == len(before)
    assert (after.iloc[0]["days"], after.iloc[0]["notes"]) == (0.5, "Corrected to half a day")
    assert after["days"].sum() == pytest.approx(before["days"].sum() - first["days"] + 0.5)

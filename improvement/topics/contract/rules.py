"""The improvement adviser's contract: days against the monthly allowance, spend, budget and key dates (pure).

The terms are data (the ``adviser_contract`` table, newest load per authority), never constants here. The rules:

- **Resulting end**: the end date moved on by the extension, in whole months (0 to 12). A day that the later month
  lacks becomes that month's last day: 29 June 2022 + 8 months = 28 February 2023 (29 February in a leap year),
  31 August + 1 month = 30 September.
- **Contract months**: the calendar months the contract (with its extension) covers for at least half of their
  days: 30 June 2021 to 29 June 2022 covers July 2021 to June 2022, 12 months (June 2021 has one day of it).
- **Budget** (excluding VAT): the contract's ``budget_gbp``, or when empty the monthly allowance x the daily rate
  x the contract months.
- **Spend to date**: every delivered day x the daily rate, which includes expenses; VAT is on top at the
  contract's VAT rate and shown separately; the total is both. **Remaining budget** = budget - spend before VAT.
- **Days per month**: each contract month up to the data's as-at date (and any other month with delivered days)
  against the monthly allowance; a month with more days than the allowance is flagged "over allowance".
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from improvement import style

MAX_EXTENSION_MONTHS = 12

ACTIVITY_LABELS = {
    "board": "Improvement board",
    "coaching": "Coaching the DCS and Lead Members",
    "dfe_review": "DfE review support",
    "visit": "Visits to teams",
    "other": "Other",
}

MONTH_COLUMNS = ["month", "days", "allowance", "over_allowance", "over_by", "cumulative_days"]
ACTIVITY_COLUMNS = ["activity", "label", "days", "share"]


@dataclass(frozen=True)
class ContractTerms:
    adviser_name: str
    start_date: dt.date
    end_date: dt.date
    break_clause_date: dt.date | None
    monthly_day_allowance: float
    daily_rate_gbp: float
    vat_rate: float
    budget_gbp: float | None
    extension_months: int
    notes: str | None = None

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> ContractTerms | None:
        """The terms from ``queries.adviser_contract`` (one row, or none when no contract is loaded)."""
        if frame.empty:
            return None
        row = frame.iloc[0]
        return cls(
            adviser_name=str(row["adviser_name"]),
            start_date=_date(row["start_date"]),
            end_date=_date(row["end_date"]),
            break_clause_date=_date(row["break_clause_date"]),
            monthly_day_allowance=float(row["monthly_day_allowance"]),
            daily_rate_gbp=float(row["daily_rate_gbp"]),
            vat_rate=float(row["vat_rate"]),
            budget_gbp=None if _missing(row["budget_gbp"]) else float(row["budget_gbp"]),
            extension_months=int(row["extension_months"]),
            notes=None if _missing(row["notes"]) else str(row["notes"]),
        )

    @property
    def resulting_end(self) -> dt.date:
        return add_whole_months(self.end_date, self.extension_months)

    @property
    def months(self) -> list[dt.date]:
        """The contract months (first of each), extension included."""
        return contract_months(self.start_date, self.resulting_end)

    @property
    def budget(self) -> float:
        if self.budget_gbp is not None:
            return self.budget_gbp
        return self.monthly_day_allowance * self.daily_rate_gbp * len(self.months)

    @property
    def budget_is_calculated(self) -> bool:
        return self.budget_gbp is None


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def _date(value: object) -> dt.date | None:
    if _missing(value):
        return None
    return pd.Timestamp(value).date()


def add_whole_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved on by ``months`` whole months; a day the month lacks becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def contract_months(start: dt.date, end: dt.date) -> list[dt.date]:
    """First of each calendar month from ``start`` to ``end`` (inclusive) that the term covers for at least half
    of its days."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        length = calendar.monthrange(month.year, month.month)[1]
        last = month.replace(day=length)
        covered = (min(last, end) - max(month, start)).days + 1
        if covered * 2 >= length:
            months.append(month)
        month = add_whole_months(month, 1)
    return months


def term_problems(
    start: dt.date,
    end: dt.date,
    break_clause: dt.date | None,
    extension_months: int,
    monthly_day_allowance: float,
    daily_rate_gbp: float,
    vat_rate: float,
    budget_gbp: float | None,
) -> dict[str, str]:
    """What is wrong with a contract's terms, by column (empty when they are sound)."""
    problems = {}
    if end <= start:
        problems["end_date"] = f"is not after start_date ({start:%d/%m/%Y}): a contract ends after it starts"
    elif break_clause is not None and not start < break_clause < end:
        problems["break_clause_date"] = f"must fall between start_date ({start:%d/%m/%Y}) and end_date ({end:%d/%m/%Y})"
    if extension_months != int(extension_months) or not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        problems["extension_months"] = f"expected whole months from 0 to {MAX_EXTENSION_MONTHS}"
    if not monthly_day_allowance > 0:
        problems["monthly_day_allowance"] = "expected more than 0 days a month"
    if daily_rate_gbp < 0:
        problems["daily_rate_gbp"] = "must not be negative"
    if not 0 <= vat_rate < 1:
        problems["vat_rate"] = "expected a fraction: 20% is written 0.2"
    if budget_gbp is not None and not budget_gbp > 0:
        problems["budget_gbp"] = "expected more than 0, or leave it empty to use allowance x rate x months"
    return problems


# ---------------------------------------------------------------------------------------------- days


def _month_of(day: dt.date | pd.Timestamp) -> dt.date:
    return pd.Timestamp(day).date().replace(day=1)


def days_per_month(terms: ContractTerms, days: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Days delivered in each contract month up to ``as_at`` (and any other month with days) against the
    allowance, in ``MONTH_COLUMNS``; ``over_allowance`` flags the months above it."""
    delivered = (
        days.assign(month=[_month_of(day) for day in days["day_date"]]).groupby("month")["days"].sum()
        if len(days)
        else pd.Series(dtype=float)
    )
    until = _month_of(as_at) if as_at is not None else None
    months = {month for month in terms.months if until is None or month <= until} | set(delivered.index)
    frame = pd.DataFrame({"month": sorted(months)})
    frame["days"] = [float(delivered.get(month, 0.0)) for month in frame["month"]]
    frame["allowance"] = terms.monthly_day_allowance
    frame["over_by"] = (frame["days"] - frame["allowance"]).clip(lower=0).round(6)
    frame["over_allowance"] = frame["over_by"] > 0
    frame["cumulative_days"] = frame["days"].cumsum()
    return frame[MONTH_COLUMNS]


def days_outside_term(terms: ContractTerms, days: pd.DataFrame) -> pd.DataFrame:
    """Delivered days dated before the start or after the resulting end: they need a contract to pay them."""
    if days.empty:
        return days
    dates = [pd.Timestamp(day).date() for day in days["day_date"]]
    outside = [not terms.start_date <= day <= terms.resulting_end for day in dates]
    return days[outside]


def days_by_activity(days: pd.DataFrame) -> pd.DataFrame:
    """Days per activity, most first, with each activity's share of all days (``ACTIVITY_COLUMNS``)."""
    if days.empty:
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    totals = days.groupby("activity")["days"].sum().sort_values(ascending=False, kind="stable")
    frame = totals.rename("days").reset_index()
    frame["label"] = [ACTIVITY_LABELS.get(code, code) for code in frame["activity"]]
    frame["share"] = frame["days"] / frame["days"].sum()
    return frame[ACTIVITY_COLUMNS]


# ---------------------------------------------------------------------------------------------- money


@dataclass(frozen=True)
class Spend:
    days: float
    net_gbp: float  # days x daily rate, expenses included, VAT excluded
    vat_gbp: float
    total_gbp: float
    budget_gbp: float
    remaining_gbp: float  # budget - net spend (negative when overspent)
    remaining_days: float  # what the remaining budget buys at the daily rate
    budget_is_calculated: bool


def spend_to_date(terms: ContractTerms, days: pd.DataFrame) -> Spend:
    delivered = float(days["days"].sum()) if len(days) else 0.0
    net = round(delivered * terms.daily_rate_gbp, 2)
    vat = round(net * terms.vat_rate, 2)
    budget = round(terms.budget, 2)
    remaining = round(budget - net, 2)
    return Spend(
        days=delivered,
        net_gbp=net,
        vat_gbp=vat,
        total_gbp=round(net + vat, 2),
        budget_gbp=budget,
        remaining_gbp=remaining,
        remaining_days=remaining / terms.daily_rate_gbp if terms.daily_rate_gbp else 0.0,
        budget_is_calculated=terms.budget_is_calculated,
    )


def key_dates(terms: ContractTerms) -> pd.DataFrame:
    """The contract's dates in order: start, break clause, original end, extension and the resulting end."""
    rows = [("Start", terms.start_date, "")]
    if terms.break_clause_date is not None:
        rows.append(("Break clause", terms.break_clause_date, "Either party may end the contract from this date"))
    rows.append(("End (original term)", terms.end_date, ""))
    months = terms.extension_months
    extension = style.count_of(months, "whole month") if months else "None"
    rows.append(("Extension", None, extension))
    rows.append(("Resulting end", terms.resulting_end, f"{len(terms.months)} contract months"))
    return pd.DataFrame(rows, columns=["event", "date", "detail"])


# ---------------------------------------------------------------------------------------------- shown as tables


@dataclass(frozen=True)
class AdviserContractData:
    terms: ContractTerms | None  # None when no contract is loaded for the authority
    days: pd.DataFrame  # queries.adviser_days, dates as dates
    synthetic: bool

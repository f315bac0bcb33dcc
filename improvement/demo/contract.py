"""The adviser's contract and delivered days, as generated."""

from __future__ import annotations

import datetime as dt

import numpy as np

from improvement import style
from improvement.demo import governance
from improvement.demo.frames import add_months, month_starts, nth_weekday
from improvement.demo.specs import ADVISERS, SEFTON
from improvement.topics.contract.rules import add_whole_months

CONTRACT_DAY_ALLOWANCE = 4.0


CONTRACT_DAILY_RATE_GBP = 600.0  # expenses included, VAT on top


CONTRACT_VAT_RATE = 0.2


def adviser_contract_and_days(
    code: str, start: dt.date, end: dt.date, report_dates: list[dt.date], seed: int
) -> dict[str, list]:
    """The adviser's contract (DOMAIN.md's terms) and timesheet: about 3.5 to 4 days a month.

    The contract starts the day before the programme (30 June 2021 for Sefton), runs 12 months (to 29 June 2022)
    with a break clause at the end of its ninth month (31 March 2022), and is extended by whole months, at most 12,
    to cover the programme: Sefton's 24 months (July 2021 to June 2023) take the full 12, to 29 June 2023. Each
    month: the improvement board (its meeting date), coaching the DCS and Lead Members (first and third Tuesday),
    a visit to teams (second Wednesday, sometimes half a day more); in a DfE review month, a day at the review and
    half a day preparing. Two months run half a day over the allowance: the first (agreeing deliverables and
    KPIs, due within six weeks of appointment) and the second DfE review's.
    """
    rng = np.random.default_rng([seed, 4])  # its own stream: the other tables' figures do not move
    contract_start = start - dt.timedelta(days=1)
    contract_end = add_whole_months(contract_start, 12) - dt.timedelta(days=1)
    months = month_starts(start, end)
    extension = min(max(len(months) - 12, 0), 12)
    resulting_end = add_whole_months(contract_end, extension)
    author = ADVISERS[0] if code == SEFTON.code else ADVISERS[seed % len(ADVISERS)]
    contract = {
        "authority_code": code,
        "adviser_name": author,
        "start_date": contract_start,
        "end_date": contract_end,
        "break_clause_date": add_months(contract_start, 10) - dt.timedelta(days=1),
        "monthly_day_allowance": CONTRACT_DAY_ALLOWANCE,
        "daily_rate_gbp": CONTRACT_DAILY_RATE_GBP,
        "vat_rate": CONTRACT_VAT_RATE,
        "budget_gbp": None,
        "extension_months": extension,
        "notes": f"Extended by {extension} months to {style.format_date(resulting_end)}." if extension else None,
    }
    calendar = governance.meetings(code, start, end, report_dates)
    board = {m["meeting_date"].replace(day=1): m["meeting_date"] for m in calendar if m["kind"] == "board_meeting"}
    reviews = [m["meeting_date"] for m in calendar if m["kind"] == "dfe_review"]
    review_months = {day.replace(day=1): day for day in reviews}
    days = []

    def add(day: dt.date, amount: float, activity: str, notes: str | None = None) -> None:
        if contract_start <= day <= resulting_end:
            days.append({"authority_code": code, "day_date": day, "days": amount, "activity": activity, "notes": notes})

    for index, month in enumerate(months):
        if month in board:
            add(board[month], 1.0, "board", "Chaired the improvement board")
        if month in review_months:
            add(nth_weekday(month, 1, 3), 1.0, "coaching", "Coaching the interim DCS")
            review = review_months[month]
            add(review - dt.timedelta(days=1), 0.5, "dfe_review", "Preparing the evidence for DfE's review")
            add(review, 1.0, "dfe_review", "DfE six-monthly progress review")
            if reviews.index(review) == 1:
                add(review - dt.timedelta(days=2), 0.5, "dfe_review", "Briefing DfE officials before the review")
            add(nth_weekday(month, 2, 2), 0.5, "visit", "Visit to teams")
            continue
        add(nth_weekday(month, 1, 1), 1.0, "coaching", "Coaching the interim DCS")
        add(nth_weekday(month, 1, 3), 0.5, "coaching", "Coaching the Lead Member for Children's Services")
        add(nth_weekday(month, 2, 2), 1.0, "visit", "Visit to teams and practice observation")
        if rng.random() < 0.5 or month not in board or index == 0:
            add(nth_weekday(month, 2, 4), 0.5, "visit", "Follow-up visit")
        if month not in board:
            add(nth_weekday(month, 3, 3), 1.0, "other", "Writing the closing report on the programme")
        if index == 0:
            add(nth_weekday(month, 4, 1), 0.5, "other", "Agreeing deliverables and KPIs with the council")
    return {
        "adviser_contracts": [[contract]],
        "adviser_days": [sorted(days, key=lambda d: (d["day_date"], d["activity"]))],
    }

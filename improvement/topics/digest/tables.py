"""The digest as people read it: the items as a table (When, Priority area as its code, What changed), the counts by
kind, and the window and the rule in one sentence."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement import style
from improvement.topics.digest import rules

TABLE_COLUMNS = ["When", "Priority area", "What changed"]
WHOLE_PLAN = "Whole plan"
"""The Priority area cell of an item about no one area (a report, a load, an unlinked risk or milestone)."""


def digest_table(items: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """``rules.digest_items`` as a table, in the same order: the date, the priority area's code (a narrow column, so
    the finding has the room) and the item's sentence (plain text), which begins with the area's title where the
    item is about an area: 'PA1 PLO pre-proceedings: ▲ Amber → ✖ Red ...' reads 'PA1' and 'PLO pre-proceedings: ▲
    Amber → ✖ Red ...'."""
    areas, texts = [], []
    for code, text in zip(items["priority_area_code"], items["text"], strict=True):
        lead = f"{rules.area_name(code, titles)}: "
        if lead != ": " and text.startswith(lead):
            title = rules.area_title(code, titles)
            rest = text.removeprefix(lead)
            text = f"{title}: {rest}" if title else rest
        areas.append(rules.area_name(code, {}) or WHOLE_PLAN)
        texts.append(text[:1].upper() + text[1:])
    return pd.DataFrame(
        {
            "When": [style.format_date(day) for day in items["when"]],
            "Priority area": pd.Series(areas, dtype=object),
            "What changed": pd.Series(texts, dtype=object),
        },
        columns=TABLE_COLUMNS,
    )


def counts_table(items: pd.DataFrame) -> pd.DataFrame:
    """How many items of each kind, most important kind first (kinds with none left out)."""
    counts = rules.kind_counts(items)
    return pd.DataFrame(
        {
            "What": counts["label"].astype(object),
            "Items": counts["items"].astype(int),
            "Needs attention": ["Yes" if kind in rules.ATTENTION else "No" for kind in counts["kind"]],
        }
    )


def since_label(since: dt.date, board_meetings: list[dt.date], until: dt.date) -> str:
    """The window's start in words: 'the board meeting of 18 May 2023', 'six weeks before 30 June 2023', or the
    date."""
    if since in board_meetings:
        return f"the board meeting of {style.format_date(since)}"
    if since == rules.six_weeks_before(until):
        return f"six weeks before {style.format_date(until)}"
    return style.format_date(since)


def until_label(until: dt.date, as_at: dt.date | None, board_meetings: list[dt.date]) -> str:
    """The window's end in words: '30 June 2023 (the date the data describes)', 'the board meeting of ...'."""
    if until == as_at:
        return f"{style.format_date(until)}, the date the data describes"
    if until in board_meetings:
        return f"the board meeting of {style.format_date(until)}"
    return style.format_date(until)


def digest_caption(since_text: str, until_text: str, count: int) -> str:
    """The window and the rule in one sentence."""
    return (
        f"{style.count_of(count, 'change')} after {since_text} up to {until_text}: ratings that moved, measures "
        "that crossed their trajectory or showed a new special-cause signal, milestones completed or newly "
        "overdue, risks raised, closed or re-scored up, six-weekly reports late or missing and data loaded, most "
        "important first (ratings worse, new concerns and slippage before improvements and news)."
    )

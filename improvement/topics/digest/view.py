"""What the What changed page (and the Overview's digest, and the board paper) shows: the digest of what changed
between two dates, normally the last board meeting and the date the data describes, built by one function from the
board's data and the council's loads (``rules`` says what counts and in what order)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from improvement import style
from improvement.board import BoardData
from improvement.topics.digest import rules, tables
from improvement.topics.review import rules as review
from improvement.topics.rhythm import rules as rhythm


@dataclass(frozen=True)
class Digest:
    """What changed in a window: after ``since`` (exclusive: what is dated on that day, normally a board meeting,
    was before the board) up to and including ``until``. Both are None only when nothing dated is loaded (then
    there are no items, and ``caption`` says so)."""

    since: dt.date | None  # start of the window, exclusive
    until: dt.date | None  # end of the window, inclusive
    since_label: str  # e.g. "the board meeting of 18 May 2023" or "six weeks before 30 June 2023"
    items: pd.DataFrame  # rules.ITEM_COLUMNS (kind, priority_area_code, when, text, importance), most important first
    table: pd.DataFrame  # tables.TABLE_COLUMNS: "When", "Priority area" (its code), "What changed"; items' order
    caption: str  # what the window is and the rule, in one sentence

    def top(self, n: int = 5) -> pd.DataFrame:
        """The ``n`` most important rows of ``table``."""
        return self.table.head(n)

    @property
    def counts(self) -> pd.DataFrame:
        """How many items of each kind (``tables.counts_table``)."""
        return tables.counts_table(self.items)

    @property
    def needs_attention(self) -> int:
        """How many items are of a kind that asks for the board's attention (``rules.ATTENTION``)."""
        return int(self.items["kind"].isin(rules.ATTENTION).sum())


def board_meeting_choices(data: BoardData) -> list[dt.date]:
    """The board meetings held (on or before the date the data describes), newest first; none when nothing dated
    is loaded."""
    if data.as_at is None:
        return []
    boards = rhythm.meetings_of_kind(data.meetings, "board_meeting", data.as_at)
    held = boards.loc[boards["held"], "meeting_date"]
    return sorted({pd.Timestamp(day).date() for day in held}, reverse=True)


def _empty(since: dt.date | None, until: dt.date | None, since_label: str, caption: str) -> Digest:
    items = pd.DataFrame(columns=rules.ITEM_COLUMNS).astype({"importance": int})
    return Digest(since, until, since_label, items, tables.digest_table(items, {}), caption)


def digest_view(
    data: BoardData, loads: pd.DataFrame, since: dt.date | None = None, until: dt.date | None = None
) -> Digest:
    """What changed after ``since`` up to ``until``. ``until`` defaults to the date the data describes
    (``data.as_at``); ``since`` to the last board meeting before ``until``, or six weeks before it when no board
    meeting was held by then. ``loads`` are the council's loads (``queries.loads.council_loads``)."""
    until = until if until is not None else data.as_at
    if until is None:
        return _empty(
            since,
            None,
            "the last board meeting",
            f"Nothing dated is loaded for {data.authority_name}, so there is nothing to compare: load the council's "
            "reports, figures or meetings.",
        )
    boards = board_meeting_choices(data)
    if since is None:
        since = rules.default_since(boards, until) or rules.six_weeks_before(until)
    if since > until:
        since, until = until, since
    label = tables.since_label(since, boards, until)
    until_text = tables.until_label(until, data.as_at, boards)
    if since == until:
        return _empty(
            since,
            until,
            label,
            f"The window from {label} to {until_text} is empty: choose a start before its end.",
        )
    window = review.Window(since, until)
    open_ended = data.as_at is not None and until >= data.as_at
    items = rules.digest_items(window, data, loads, open_ended=open_ended)
    titles = rules.area_titles(data.priority_areas)
    return Digest(
        since=since,
        until=until,
        since_label=label,
        items=items,
        table=tables.digest_table(items, titles),
        caption=tables.digest_caption(label, until_text, len(items)),
    )


def digest_heading(digest: Digest) -> str:
    """The digest in a few words, for a heading or an expander: 'What changed since the board meeting of 18 May
    2023 (12 changes)'."""
    return f"What changed since {digest.since_label} ({style.count_of(len(digest.items), 'change')})"

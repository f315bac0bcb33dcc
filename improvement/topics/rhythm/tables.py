"""The reporting rhythm as tables and words: every date due and made, DfE reviews, board meetings, the rule."""

from __future__ import annotations

import pandas as pd

from improvement import style
from improvement.topics.rhythm import rules as rhythm


def rhythm_events_table(state: rhythm.Rhythm) -> pd.DataFrame:
    """Every date on the rhythm timeline in words: what, when due, when made or held, and its status."""
    rows = [
        (
            "Six-weekly report",
            style.format_date(due),
            style.format_date(made) if pd.notna(made) else "—",
            report_status_text(status, late),
        )
        for due, made, status, late in zip(
            state.schedule["due_date"],
            state.schedule["submitted_date"],
            state.schedule["status"],
            state.schedule["days_late"],
            strict=True,
        )
    ]
    if state.next_report_due is not None:
        status = "Overdue" if state.next_report_overdue else "Next due"
        rows.append(("Six-weekly report", style.format_date(state.next_report_due), "—", status))
    for held in state.reviews.itertuples():
        status = "Held" if held.held else "Scheduled"
        if held.over_six_months:
            status += ", more than six months after the previous one"
        rows.append(("DfE review", "—", style.format_date(held.meeting_date), status))
    scheduled = (state.reviews["meeting_date"] == pd.Timestamp(state.next_review_due)).any()
    if state.next_review_due is not None and not scheduled:
        status = "Overdue" if state.review_overdue else "Next due"
        rows.append(("DfE review", style.format_date(state.next_review_due), "—", status))
    for meeting in state.board_meetings.itertuples():
        status = "Held" if meeting.held else "Scheduled"
        rows.append(("Board meeting", "—", style.format_date(meeting.meeting_date), status))
    return pd.DataFrame(rows, columns=["What", "Due", "Made or held", "Status"])


def _yes_held(held: pd.Series) -> pd.Series:
    return held.map({True: "Held", False: "Scheduled"})


def dfe_reviews_table(reviews: pd.DataFrame) -> pd.DataFrame:
    """DfE's six-monthly reviews (``rhythm.dfe_reviews``): date, title, held or scheduled, and any long gap."""
    gap = [
        "⚠ More than six months after the previous one" if over else "Within six months"
        for over in reviews["over_six_months"]
    ]
    return pd.DataFrame(
        {
            "Date": reviews["meeting_date"].map(style.format_date),
            "Review": reviews["title"],
            "Held": _yes_held(reviews["held"]),
            "Gap since previous": [g if h else "—" for g, h in zip(gap, reviews["held"], strict=True)],
        }
    )


def board_meetings_table(boards: pd.DataFrame) -> pd.DataFrame:
    """Board meetings (``rhythm.meetings_of_kind``), newest first: date, title, held or scheduled."""
    ordered = boards.sort_values("meeting_date", ascending=False)
    return pd.DataFrame(
        {
            "Date": ordered["meeting_date"].map(style.format_date),
            "Meeting": ordered["title"],
            "Held": _yes_held(ordered["held"]),
        }
    )


def rhythm_caption(state, start) -> str:
    """How the reporting dates are worked out, for under the dates (``rhythm.Rhythm`` and the adviser's start)."""
    first = (
        f"The first report was due six weeks after the adviser's start on {style.format_date(start)}"
        if start is not None
        else "No adviser contract is loaded, so the first report sets the rhythm"
    )
    return (
        f"{first}; each next one six weeks after the report before it. DfE reviews progress every six months. "
        "Overdue means the date had passed by the date the data describes."
    )


def report_status_text(status: str, days_late: object = None) -> str:
    """A report's status in words with its shape: '✔ On time', '▲ Late by 23 days', '✖ Missing'."""
    glyph = style.REPORT_TIMELINESS_STYLES[status][2]
    if status == rhythm.LATE and days_late is not None and not pd.isna(days_late):
        return f"{glyph} Late by {style.count_of(days_late, 'day')}"
    return f"{glyph} {status}"

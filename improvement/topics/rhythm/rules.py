"""The reporting rhythm: six-weekly reports made against those due, DfE's six-monthly reviews, board meetings.

Pure pandas on the frames ``improvement.queries`` returns (``rag_ratings``, ``meetings``). The rules, documented in
the README and tested in tests/topics/rhythm/test_rhythm.py:

- **Reports made** are the adviser's submitted reports: the newest submitted version of each report date (a draft
  never counts), dated on or before the data's as-at date. The report date is the date it was made.
- **Due dates.** The first report is due six weeks after the adviser's start date when one is given; without one
  the first report sets the rhythm and is on time. Each next report is due six weeks after the report that
  answered the previous due date; when none did, six weeks after that missed due date.
- A due date is **answered** by the first report made after the one that answered the previous due date (after
  the start, for the first), provided it comes no later than six weeks after the due date. Made on or before the
  due date it is **on time**; after it, **late** (by so many days). A report made early restarts the clock: the
  next is due six weeks after it.
- A due date is **missing** when it had passed by the as-at date (due date before as-at, as everywhere else) and no
  report answered it. So a report more than six weeks late counts as one missing report and then answers the next
  due date; a report not yet made shows as missing as soon as its due date has passed, and turns into a late one
  if it arrives within six weeks.
- **Next report due**: the earliest due date still owed: a missing one after the last report (then it is overdue),
  else six weeks after the last report; with no report yet, the first due date (six weeks after the adviser's
  start), overdue once it has passed. This is the one answer to "when is the next report due": the Overview, the
  Reporting rhythm page and the briefing pack all read it from ``reporting_rhythm``.
- **DfE six-monthly reviews held**: meetings of kind ``dfe_review`` dated on or before as-at; later ones are
  scheduled. The next review is the first scheduled after as-at, else six months after the last one held (none
  when no review is recorded). A review held more than six months after the one before (the first: after the
  first report) is flagged, and so is the time since the last review when it is over six months by as-at.
- **Board meetings held**: meetings of kind ``board_meeting`` on or before as-at; later ones are scheduled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from improvement import style
from improvement.vocab import SIX_MONTHS, SIX_WEEKS, ReportTimeliness

ON_TIME, LATE, MISSING = STATUSES = tuple(ReportTimeliness)

SCHEDULE_COLUMNS = ["due_date", "submitted_date", "status", "days_late"]


def submitted_report_dates(ratings: pd.DataFrame) -> list[pd.Timestamp]:
    """The dates of the adviser's submitted reports, oldest first (``ratings`` holds submitted versions only)."""
    if ratings.empty:
        return []
    return sorted(pd.to_datetime(ratings["report_date"]).drop_duplicates())


def report_schedule(report_dates: Iterable, as_at: dt.date | None, start: dt.date | None = None) -> pd.DataFrame:
    """One row per due date: when it was due, the report that answered it (if any), on time / late / missing.

    ``report_dates`` are the submitted reports' dates; ``as_at`` the data's as-at date (default: the newest
    report); ``start`` the adviser's start date, if known. See the module docstring for the rules.
    """
    reports = sorted({pd.Timestamp(day) for day in report_dates})
    if as_at is not None:
        reports = [day for day in reports if day <= pd.Timestamp(as_at)]
    if start is None:
        if not reports:
            return pd.DataFrame(columns=SCHEDULE_COLUMNS)
        due, previous = reports[0], reports[0] - pd.Timedelta(days=1)
    else:
        due, previous = pd.Timestamp(start) + SIX_WEEKS, pd.Timestamp(start) - pd.Timedelta(days=1)
    reference = pd.Timestamp(as_at) if as_at is not None else (reports[-1] if reports else due)

    rows = []
    while True:
        answer = next((day for day in reports if previous < day <= due + SIX_WEEKS), None)
        if answer is not None:
            late_by = (answer - due).days
            rows.append((due, answer, ON_TIME if late_by <= 0 else LATE, max(late_by, 0)))
            previous, due = answer, answer + SIX_WEEKS
        elif due < reference:
            rows.append((due, pd.NaT, MISSING, pd.NA))
            due = due + SIX_WEEKS
        else:
            break
    frame = pd.DataFrame(rows, columns=SCHEDULE_COLUMNS)
    frame["due_date"] = pd.to_datetime(frame["due_date"])
    frame["submitted_date"] = pd.to_datetime(frame["submitted_date"])
    frame["days_late"] = frame["days_late"].astype("Int64")
    return frame


def next_report_due(schedule: pd.DataFrame, start: dt.date | None = None) -> dt.date | None:
    """The earliest due date still owed: a missing one after the last report made, else six weeks after it;
    with no report and no due date passed yet, the first due date (six weeks after ``start``)."""
    if schedule.empty:
        return (pd.Timestamp(start) + SIX_WEEKS).date() if start is not None else None
    made = schedule.dropna(subset=["submitted_date"])
    last = made["submitted_date"].max() if len(made) else None
    owed = schedule[(schedule["status"] == MISSING) & ((schedule["due_date"] > last) if last is not None else True)]
    if len(owed):
        return owed["due_date"].min().date()
    if last is not None:
        return (last + SIX_WEEKS).date()
    return None


def next_dfe_review(meetings: pd.DataFrame, as_at: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """(last DfE review held by ``as_at``, next one due): the first scheduled after as-at, else six months after
    the last one held; no next date when no review is recorded."""
    reviews = meetings.loc[meetings["kind"] == "dfe_review", "meeting_date"].sort_values()
    reference = pd.Timestamp(as_at) if as_at is not None else None
    held = reviews[reviews <= reference] if reference is not None else reviews
    scheduled = reviews[reviews > reference] if reference is not None else reviews.iloc[0:0]
    last = held.iloc[-1] if len(held) else None
    if len(scheduled):
        upcoming = scheduled.iloc[0].date()
    elif last is not None:
        upcoming = (last + SIX_MONTHS).date()
    else:
        upcoming = None
    return (last.date() if last is not None else None), upcoming


@dataclass(frozen=True)
class ReportCounts:
    due: int
    made: int
    on_time: int
    late: int
    missing: int


def report_counts(schedule: pd.DataFrame) -> ReportCounts:
    """How many reports were due (every row of the schedule), made, on time, late and missing."""
    status = schedule["status"]
    return ReportCounts(
        due=len(schedule),
        made=int(schedule["submitted_date"].notna().sum()),
        on_time=int((status == ON_TIME).sum()),
        late=int((status == LATE).sum()),
        missing=int((status == MISSING).sum()),
    )


def dfe_reviews(meetings: pd.DataFrame, as_at: dt.date | None, first_report: dt.date | None = None) -> pd.DataFrame:
    """DfE's six-monthly reviews: date, title, held or scheduled, and whether it came over six months late.

    ``over_six_months`` is True when a held review came more than six months after the review before it (the
    first: after ``first_report``, the start of the adviser's reporting, when given).
    """
    reviews = meetings.loc[meetings["kind"] == "dfe_review", ["meeting_date", "title", "notes"]]
    reviews = reviews.sort_values("meeting_date", ignore_index=True)
    reference = pd.Timestamp(as_at) if as_at is not None else None
    reviews["held"] = reviews["meeting_date"] <= reference if reference is not None else True
    previous = reviews["meeting_date"].shift(1)
    if first_report is not None and len(reviews):
        previous.iloc[0] = pd.Timestamp(first_report)
    reviews["previous"] = previous
    reviews["over_six_months"] = [
        bool(held and pd.notna(before) and day > before + SIX_MONTHS)
        for day, before, held in zip(reviews["meeting_date"], previous, reviews["held"], strict=True)
    ]
    return reviews


def meetings_of_kind(meetings: pd.DataFrame, kind: str, as_at: dt.date | None) -> pd.DataFrame:
    """Meetings of one kind, oldest first, with ``held`` (on or before as-at) or scheduled."""
    chosen = meetings.loc[meetings["kind"] == kind, ["meeting_date", "title", "notes"]]
    chosen = chosen.sort_values("meeting_date", ignore_index=True)
    chosen["held"] = chosen["meeting_date"] <= pd.Timestamp(as_at) if as_at is not None else True
    return chosen


@dataclass(frozen=True)
class Rhythm:
    """Everything the Reporting rhythm page shows."""

    as_at: dt.date | None
    schedule: pd.DataFrame  # report_schedule
    counts: ReportCounts
    last_report: dt.date | None
    next_report_due: dt.date | None
    reviews: pd.DataFrame  # dfe_reviews
    reviews_held: int
    last_review: dt.date | None
    next_review_due: dt.date | None
    review_overdue: bool  # the next review's due date had passed by as-at
    board_meetings: pd.DataFrame  # meetings_of_kind(..., "board_meeting")
    board_meetings_held: int

    @property
    def next_report_overdue(self) -> bool:
        return style.is_overdue(self.next_report_due, self.as_at)


def reporting_rhythm(
    ratings: pd.DataFrame, meetings: pd.DataFrame, as_at: dt.date | None, start: dt.date | None = None
) -> Rhythm:
    """The whole rhythm for one authority: reports, DfE reviews and board meetings, judged at ``as_at``."""
    report_days = submitted_report_dates(ratings)
    schedule = report_schedule(report_days, as_at, start)
    counts = report_counts(schedule)
    made = schedule["submitted_date"].dropna()
    last_review, next_review = next_dfe_review(meetings, as_at)
    first_report = start or (report_days[0].date() if report_days else None)
    reviews = dfe_reviews(meetings, as_at, first_report)
    boards = meetings_of_kind(meetings, "board_meeting", as_at)
    return Rhythm(
        as_at=as_at,
        schedule=schedule,
        counts=counts,
        last_report=made.max().date() if len(made) else None,
        next_report_due=next_report_due(schedule, start),
        reviews=reviews,
        reviews_held=int(reviews["held"].sum()),
        last_review=last_review,
        next_review_due=next_review,
        review_overdue=style.is_overdue(next_review, as_at),
        board_meetings=boards,
        board_meetings_held=int(boards["held"].sum()),
    )

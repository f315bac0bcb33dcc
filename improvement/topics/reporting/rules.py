"""The rules for writing the six-weekly report in the dashboard. Pure pandas, documented in the README and tested in
tests/topics/reporting/test_rules.py:

- **The next report** is due on the reporting rhythm's next due date (``rhythm.Rhythm.next_report_due``, the one
  answer to "when is the next report due"); it covers the period since the last submitted report: from the day
  after that report's date to the due date (six weeks before it when no report is submitted yet).
- **Prefilled**: a new report starts from each priority area's rating and narrative in the newest submitted report
  (an area never rated starts unrated and empty), and the last report's author.
- **Complete** (needed to submit): every priority area of the plan rated and with a narrative, the overall
  narrative written, an author, and the period inside the report date (start on or before end, end on or before
  the report date). A draft may be incomplete.
- **A repeated narrative** is one whose words are at least ``REPEAT_SIMILARITY`` (90%) the same as the same area's
  narrative in the previous submitted report (difflib's ratio on the words, case and spacing ignored): pointed
  out while writing, never refused.
- **Saving.** Every save is a new version of the report of its date; nothing is overwritten. A save names the
  version it was made from (``based_on``: none for a new report): when the newest stored version of that date is
  another one, someone saved meanwhile and the save is refused, saying who, when and what they changed. A save
  that changes nothing (same content, same status) stores nothing, as a file loaded twice does.
- **Locking.** A submitted version is never changed. Saving again for a date with a submitted version is a
  **correction**: it may be drafted, and is submitted only with a reason, which the history shows.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, replace

import pandas as pd

from improvement import style
from improvement.vocab import SIX_WEEKS, Rating, ReportStatus

REPEAT_SIMILARITY = 0.9
"""A narrative at least this similar (0 to 1, by words) to the previous report's is pointed out as repeated."""

RATING_CHOICES = tuple(rating.value for rating in Rating)


@dataclass(frozen=True)
class AreaEntry:
    """The adviser's rating of one priority area in a report (``rating`` None: not rated yet, a draft only)."""

    priority_area_code: str
    rating: str | None
    narrative: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class ReportDraft:
    """A report as the adviser writes it: the fields of the upload workbook and one entry per priority area."""

    authority_code: str
    report_date: dt.date
    period_start: dt.date
    period_end: dt.date
    author: str
    overall_narrative: str
    areas: tuple[AreaEntry, ...]
    reason: str = ""  # why a submitted report is corrected

    def area(self, code: str) -> AreaEntry | None:
        return next((entry for entry in self.areas if entry.priority_area_code == code), None)

    def with_area(self, entry: AreaEntry) -> ReportDraft:
        areas = tuple(entry if a.priority_area_code == entry.priority_area_code else a for a in self.areas)
        return replace(self, areas=areas)

    def ratings(self) -> pd.DataFrame:
        """One row per area, as ``queries.rag_ratings`` rows: the report's fields beside each rating."""
        rows = [
            {
                "report_date": pd.Timestamp(self.report_date),
                "period_start": pd.Timestamp(self.period_start),
                "period_end": pd.Timestamp(self.period_end),
                "author": self.author,
                "overall_narrative": self.overall_narrative,
                "priority_area_code": entry.priority_area_code,
                "rating": entry.rating,
                "narrative": entry.narrative,
                "evidence": entry.evidence,
            }
            for entry in self.areas
        ]
        return pd.DataFrame(rows, columns=_RATING_ROW)

    def fields(self, status: str) -> dict:
        """The report's fields by the workbook's names."""
        return {
            "authority_code": self.authority_code,
            "report_date": self.report_date,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "author": self.author,
            "status": status,
            "overall_narrative": self.overall_narrative,
            "reason": self.reason,
        }


_RATING_ROW = [
    "report_date",
    "period_start",
    "period_end",
    "author",
    "overall_narrative",
    "priority_area_code",
    "rating",
    "narrative",
    "evidence",
]


def draft_from(authority_code: str, fields: dict, ratings: list[dict]) -> ReportDraft:
    """A stored version (its fields, and its ratings with priority_area_code, rating, narrative, evidence) as a
    draft to edit or compare."""
    return ReportDraft(
        authority_code=authority_code,
        report_date=_day(fields["report_date"]),
        period_start=_day(fields["period_start"]),
        period_end=_day(fields["period_end"]),
        author=_text(fields.get("author")),
        overall_narrative=_text(fields.get("overall_narrative")),
        areas=tuple(
            AreaEntry(
                row["priority_area_code"],
                row["rating"] if isinstance(row.get("rating"), str) else None,
                _text(row.get("narrative")),
                _text(row.get("evidence")),
            )
            for row in ratings
        ),
        reason=_text(fields.get("reason")),
    )


# ---------------------------------------------------------------------------------------------- the next report


@dataclass(frozen=True)
class NextReport:
    report_date: dt.date
    period_start: dt.date
    period_end: dt.date
    overdue: bool  # the due date had passed by the data's as-at date


def next_report(ratings: pd.DataFrame, next_due: dt.date | None, as_at: dt.date | None) -> NextReport:
    """The report to write next: due on ``next_due`` (the rhythm's answer; the as-at date when the rhythm has none),
    covering the days since the last submitted report (``ratings``: submitted versions only)."""
    fallback = as_at or dt.date.today()
    due = next_due or fallback
    dates = sorted(pd.to_datetime(ratings["report_date"]).drop_duplicates()) if len(ratings) else []
    earlier = [day.date() for day in dates if day.date() < due]
    start = earlier[-1] + dt.timedelta(days=1) if earlier else (pd.Timestamp(due) - SIX_WEEKS).date()
    return NextReport(due, start, due, overdue=as_at is not None and due < as_at)


def prefilled(
    authority_code: str, areas: list[str], ratings: pd.DataFrame, report: NextReport, author: str = ""
) -> ReportDraft:
    """A new report started from the newest submitted report: each area's last rating and narrative."""
    last = ratings.sort_values("report_date", kind="stable").groupby("priority_area_code").tail(1)
    by_area = last.set_index("priority_area_code") if len(last) else pd.DataFrame()
    entries = []
    for code in areas:
        if code in by_area.index:
            row = by_area.loc[code]
            entries.append(AreaEntry(code, str(row["rating"]), _text(row["narrative"]), _text(row.get("evidence"))))
        else:
            entries.append(AreaEntry(code, None))
    last_author = _text(ratings.sort_values("report_date")["author"].iloc[-1]) if len(ratings) else ""
    return ReportDraft(
        authority_code,
        report.report_date,
        report.period_start,
        report.period_end,
        author or last_author,
        "",
        tuple(entries),
    )


# ---------------------------------------------------------------------------------------------- completeness


def submission_problems(draft: ReportDraft, areas: dict[str, str]) -> list[str]:
    """What stops the draft being submitted, in words (empty: it may be submitted). ``areas``: code -> title of
    every priority area of the plan."""
    problems = []
    for code, title in areas.items():
        entry = draft.area(code)
        if entry is None or entry.rating not in RATING_CHOICES:
            problems.append(f"{code} {title}: choose a rating")
        if entry is None or not entry.narrative.strip():
            problems.append(f"{code} {title}: write a narrative")
    if not draft.overall_narrative.strip():
        problems.append("write the overall narrative")
    if not draft.author.strip():
        problems.append("give the author (the improvement adviser)")
    problems += period_problems(draft)
    return problems


def period_problems(draft: ReportDraft) -> list[str]:
    """Problems with the report's dates, which stop even a draft being saved."""
    problems = []
    if draft.period_start > draft.period_end:
        problems.append(
            f"the period starts ({style.format_date(draft.period_start)}) after it ends "
            f"({style.format_date(draft.period_end)})"
        )
    if draft.period_end > draft.report_date:
        problems.append(
            f"the period ends ({style.format_date(draft.period_end)}) after the report date "
            f"({style.format_date(draft.report_date)})"
        )
    return problems


# ---------------------------------------------------------------------------------------------- repeated narratives


def similarity(one: str, other: str) -> float:
    """How alike two narratives are, 0 to 1, by their words (case and spacing ignored)."""
    first, second = _words(one), _words(other)
    if not first or not second:
        return 0.0
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()


def repeated_narratives(draft: ReportDraft, ratings: pd.DataFrame) -> dict[str, float]:
    """Area code -> similarity, for each area whose narrative repeats (``REPEAT_SIMILARITY`` or more) the same area's
    narrative in the last submitted report before the draft's date; key ``"overall"`` for the overall narrative."""
    before = ratings[pd.to_datetime(ratings["report_date"]) < pd.Timestamp(draft.report_date)]
    if before.empty:
        return {}
    last_date = before["report_date"].max()
    previous = before[before["report_date"] == last_date].set_index("priority_area_code")
    repeated = {}
    for entry in draft.areas:
        if entry.priority_area_code in previous.index:
            score = similarity(entry.narrative, _text(previous.at[entry.priority_area_code, "narrative"]))
            if score >= REPEAT_SIMILARITY:
                repeated[entry.priority_area_code] = score
    score = similarity(draft.overall_narrative, _text(previous["overall_narrative"].iloc[0]))
    if score >= REPEAT_SIMILARITY:
        repeated["overall"] = score
    return repeated


# ---------------------------------------------------------------------------------------------- saving


@dataclass(frozen=True)
class StoredVersion:
    """A stored version of a report, as saving compares with it."""

    version: int
    status: str
    saved_by: str
    saved_at: dt.datetime
    draft: ReportDraft


class ReportRefused(Exception):  # noqa: N818 (a refusal, not a programming error)
    """A save the rules refuse, with the reason in words."""


def check_save(
    draft: ReportDraft,
    stored: list[StoredVersion],
    based_on: int | None,
    submit: bool,
    areas: dict[str, str],
) -> None:
    """Refuse (``ReportRefused``) a save the rules do not allow. ``stored``: the versions of the draft's date, oldest
    first; ``based_on``: the version the editor started from (None for a new report)."""
    newest = stored[-1] if stored else None
    if (newest.version if newest else None) != based_on:
        if newest is None:
            raise ReportRefused(
                f"The report of {style.format_date(draft.report_date)} you started from is no longer stored. Reload "
                "the page."
            )
        changed = what_changed(_version_before(stored, based_on), newest.draft)
        raise ReportRefused(
            f"Not saved: {newest.saved_by} saved version {newest.version} of the report of "
            f"{style.format_date(draft.report_date)} at {style.format_datetime(newest.saved_at)}, after the version "
            f"you started from ({'none' if based_on is None else based_on}). They changed: {'; '.join(changed)}. "
            f"Open version {newest.version} and make your changes again."
        )
    problems = period_problems(draft)
    if submit:
        problems = submission_problems(draft, areas)
        if is_correction(stored) and not draft.reason.strip():
            problems.append("give the reason for the correction: the report was submitted before")
    if problems:
        raise ReportRefused("Not saved: " + "; ".join(problems) + ".")
    if newest is not None and what_changed(newest.draft, draft) == ["nothing"] and (submit == _submitted(newest)):
        raise ReportRefused(
            f"Nothing changed since version {newest.version} of the report of "
            f"{style.format_date(draft.report_date)}: nothing saved."
        )
    if any(entry.rating is not None and entry.rating not in RATING_CHOICES for entry in draft.areas):
        raise ReportRefused(f"Not saved: a rating must be one of {', '.join(RATING_CHOICES)}.")


def is_correction(stored: list[StoredVersion]) -> bool:
    """Whether saving now corrects a submitted report (a version of the date was submitted)."""
    return any(_submitted(version) for version in stored)


def _submitted(version: StoredVersion) -> bool:
    return version.status == ReportStatus.SUBMITTED.value


def _version_before(stored: list[StoredVersion], based_on: int | None) -> ReportDraft | None:
    return next((version.draft for version in stored if version.version == based_on), None)


def what_changed(old: ReportDraft | None, new: ReportDraft) -> list[str]:
    """What a version changes from the one before, in words (for the history, the audit trail and refusals)."""
    if old is None:
        return ["the first version"]
    changed = [
        label
        for label, before, after in (
            ("period", (old.period_start, old.period_end), (new.period_start, new.period_end)),
            ("author", old.author, new.author),
            ("overall narrative", old.overall_narrative, new.overall_narrative),
            ("reason", old.reason, new.reason),
        )
        if before != after
    ]
    for entry in new.areas:
        was = old.area(entry.priority_area_code) or AreaEntry(entry.priority_area_code, None)
        if was.rating != entry.rating:
            changed.append(f"{entry.priority_area_code} rating {_rating(was.rating)} → {_rating(entry.rating)}")
        if was.narrative != entry.narrative:
            changed.append(f"{entry.priority_area_code} narrative")
        if was.evidence != entry.evidence:
            changed.append(f"{entry.priority_area_code} evidence")
    return changed or ["nothing"]


def _rating(rating: str | None) -> str:
    return style.rag_text(rating) if rating else "not rated"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def _day(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)

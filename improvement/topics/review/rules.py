"""The six-monthly review pack: what changed in a six-month window, for DfE's review of the improvement plan.

Pure pandas on the frames ``improvement.queries`` returns. The rules, documented in the README and tested in
tests/topics/review/test_review_pack.py:

- **Windows.** A window runs from six months before its end date (exclusive) to its end date (inclusive). The pack
  offers one window ending on each DfE six-monthly review held by the as-at date, and one ending on the as-at date
  when that is after the last review; newest first.
- **RAG at the start and end** of a window: each priority area's rating in the latest submitted report dated on or
  before the start (respectively the end). **Movement** compares the two by rank (Red < Amber < Green < Blue):
  improved, worsened or unchanged; "first rated in window" when there was no rating at the start; "not rated"
  when there is none at the end either.
- **Measures against trajectory at the start and end**: each plan measure's figure for the latest month that had
  ended by that date (a month's figure describes the whole month), beside that month's planned value, judged on or
  off trajectory as everywhere else (``measures.compare_with_trajectory``). A suppressed or unavailable figure is
  shown as its symbol and not judged; no figure or no planned value: not judged.
- **Actions completed**: milestones completed within the window (completion date in it). **Slipped**: milestones
  due within the window and overdue at its end (``governance.overdue_on``: not completed by then); dropped
  milestones are neither.
- **Risks opened**: raised within the window; **closed**: closed within it; each with its score (likelihood ×
  impact, ``governance.scored_reviews``) at its latest review by the window's end.
- **Narratives**: the adviser's submitted reports dated within the window, overall and per priority area.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from improvement import style
from improvement.topics.governance import rules as governance
from improvement.topics.plan.rules import measure_series, month_end
from improvement.vocab import RATING_RANK, SIX_MONTHS, TrajectoryJudgement

IMPROVED, WORSENED, UNCHANGED = "improved", "worsened", "unchanged"
FIRST_RATED, NOT_RATED = "first rated in window", "not rated"
ON, OFF, NOT_JUDGED = tuple(TrajectoryJudgement)


@dataclass(frozen=True)
class Window:
    """A window of days: after ``start``, up to and including ``end`` (a date with a time counts as its day). The one
    window the review pack's six months, a report's period (``reporting``) and the digest's "since the last board"
    (``digest``) all use."""

    start: dt.date
    end: dt.date
    reason: str = ""  # what the window ends on: "DfE review 8 December 2022" or "data as at 30 June 2023"

    @property
    def key(self) -> str:
        """The window's URL value: its end date, 2022-12-08."""
        return self.end.isoformat()

    @property
    def label(self) -> str:
        span = f"{style.format_date(self.start)} to {style.format_date(self.end)}"
        return f"{span} ({self.reason})" if self.reason else span

    @property
    def start_time(self) -> pd.Timestamp:
        """The start as a Timestamp (midnight of the day before the window's first day)."""
        return pd.Timestamp(self.start)

    @property
    def end_time(self) -> pd.Timestamp:
        """The end as a Timestamp (midnight of the window's last day)."""
        return pd.Timestamp(self.end)

    def contains(self, dates: pd.Series) -> pd.Series:
        """Whether each date (or time: its day) is in the window; a missing date never is."""
        days = pd.to_datetime(dates).dt.normalize()
        return (days > self.start_time) & (days <= self.end_time)

    def holds(self, when: object) -> bool:
        """Whether one date (or time: its day) is in the window; None or NaT never is."""
        if when is None or pd.isna(when):
            return False
        return bool(self.start_time < pd.Timestamp(when).normalize() <= self.end_time)


def window_ending(end: dt.date, reason: str) -> Window:
    return Window((pd.Timestamp(end) - SIX_MONTHS).date(), pd.Timestamp(end).date(), reason)


def review_windows(meetings: pd.DataFrame, as_at: dt.date | None) -> list[Window]:
    """A window ending on each DfE review held by ``as_at``, and one ending on ``as_at`` if later; newest first."""
    reviews = meetings.loc[meetings["kind"] == "dfe_review", "meeting_date"].sort_values()
    if as_at is not None:
        reviews = reviews[reviews <= pd.Timestamp(as_at)]
    windows = [window_ending(day.date(), f"DfE review {style.format_date(day)}") for day in reviews.drop_duplicates()]
    if as_at is not None and (not windows or windows[-1].end < as_at):
        windows.append(window_ending(as_at, f"data as at {style.format_date(as_at)}"))
    return windows[::-1]


# ---------------------------------------------------------------------------------------------- RAG


def ratings_at(ratings: pd.DataFrame, when: dt.date | pd.Timestamp, also: Sequence[str] = ()) -> pd.DataFrame:
    """Each priority area's rating in the latest submitted report dated on or before ``when``: priority_area_code,
    report_date, rating and the ``also`` columns (the narrative, say), in report date order."""
    known = ratings[pd.to_datetime(ratings["report_date"]) <= pd.Timestamp(when)]
    latest = known.sort_values("report_date", kind="stable").groupby("priority_area_code", as_index=False).tail(1)
    return latest[["priority_area_code", "report_date", "rating", *also]]


def rag_movement(ratings: pd.DataFrame, areas: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Per priority area (plan order): the rating at the window's start and end, and the movement between."""
    start = ratings_at(ratings, window.start).rename(columns={"report_date": "start_report", "rating": "start_rating"})
    end = ratings_at(ratings, window.end).rename(columns={"report_date": "end_report", "rating": "end_rating"})
    frame = areas[["priority_area_code", "title"]].merge(start, how="left").merge(end, how="left")
    frame["movement"] = [_movement(*pair) for pair in zip(frame["start_rating"], frame["end_rating"], strict=True)]
    return frame


def _movement(before: str | None, after: str | None) -> str:
    if not isinstance(after, str):
        return NOT_RATED
    if not isinstance(before, str):
        return FIRST_RATED
    step = RATING_RANK[after] - RATING_RANK[before]
    return IMPROVED if step > 0 else WORSENED if step < 0 else UNCHANGED


# ---------------------------------------------------------------------------------------------- measures


def measures_at_ends(
    plan_measures: pd.DataFrame, observations: pd.DataFrame, trajectories: pd.DataFrame, window: Window
) -> pd.DataFrame:
    """Per plan measure: the figure, planned value and judgement at the window's start and at its end."""
    rows = []
    for measure in plan_measures.drop_duplicates("measure_code").to_dict("records"):
        series = measure_series(observations, trajectories, measure["measure_code"], measure["polarity"])
        row = {key: measure[key] for key in ("measure_code", "name", "unit", "polarity", "priority_area_code")}
        for side, when in (("start", window.start), ("end", window.end)):
            row.update({f"{side}_{key}": value for key, value in _figure_at(series, when).items()})
        rows.append(row)
    columns = ["measure_code", "name", "unit", "polarity", "priority_area_code"] + [
        f"{side}_{key}" for side in ("start", "end") for key in ("period", "value", "status", "planned", "judgement")
    ]
    return pd.DataFrame(rows, columns=columns)


def _figure_at(series: pd.DataFrame, when: dt.date) -> dict:
    reported = series[series["value"].notna() | series["status"].notna()]
    ended = reported[[month_end(period) <= pd.Timestamp(when) for period in reported["period"]]]
    if ended.empty:
        return {"period": pd.NaT, "value": None, "status": None, "planned": None, "judgement": NOT_JUDGED}
    latest = ended.iloc[-1]
    on = latest["on_trajectory"]
    return {
        "period": latest["period"],
        "value": None if pd.isna(latest["value"]) else float(latest["value"]),
        "status": latest["status"] if isinstance(latest["status"], str) else None,
        "planned": None if pd.isna(latest["planned_value"]) else float(latest["planned_value"]),
        "judgement": NOT_JUDGED if pd.isna(on) else ON if on else OFF,
    }


def judged_counts(at_ends: pd.DataFrame) -> pd.DataFrame:
    """How many measures were on, off or not judged at the window's start and end (rows: judgements)."""
    counts = {
        side: at_ends[f"{side}_judgement"].value_counts().reindex([ON, OFF, NOT_JUDGED], fill_value=0)
        for side in ("start", "end")
    }
    return pd.DataFrame(counts).rename_axis("judgement").reset_index()


# ---------------------------------------------------------------------------------------------- actions


def _dated(milestones: pd.DataFrame) -> pd.DataFrame:
    return milestones.assign(
        due_date=pd.to_datetime(milestones["due_date"]), completed_date=pd.to_datetime(milestones["completed_date"])
    )


def actions_completed(milestones: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Milestones completed within the window, with whether they were completed by their due date."""
    milestones = _dated(milestones)
    done = milestones[window.contains(milestones["completed_date"]) & (milestones["status"] != "dropped")].copy()
    done["days_late"] = (done["completed_date"] - done["due_date"]).dt.days.clip(lower=0)
    return done.sort_values(["completed_date", "reference"], ignore_index=True)


def actions_slipped(milestones: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Milestones due within the window and overdue at its end (``governance.overdue_on``: not completed by then;
    dropped ones are not slipped)."""
    end = window.end_time
    milestones = _dated(milestones)
    slipped = milestones[window.contains(milestones["due_date"]) & governance.overdue_on(milestones, end)].copy()
    slipped["days_overdue_at_end"] = (end - slipped["due_date"]).dt.days
    return slipped.sort_values(["due_date", "reference"], ignore_index=True)


# ---------------------------------------------------------------------------------------------- risks


def _with_score_by(risks: pd.DataFrame, reviews: pd.DataFrame, when: dt.date) -> pd.DataFrame:
    latest = governance.scores_by(reviews, when)
    frame = risks.copy()
    frame["score"] = frame["reference"].map(latest["score"])
    frame["likelihood"] = frame["reference"].map(latest["likelihood"])
    frame["impact"] = frame["reference"].map(latest["impact"])
    return frame


def risks_opened(risks: pd.DataFrame, reviews: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Risks raised within the window, with their score at the latest review by its end."""
    opened = risks[window.contains(risks["raised_date"])]
    return _with_score_by(opened, reviews, window.end).sort_values(["raised_date", "reference"], ignore_index=True)


def risks_closed(risks: pd.DataFrame, reviews: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Risks closed within the window, with their score at their last review by its end."""
    closed = risks[window.contains(risks["closed_date"])]
    return _with_score_by(closed, reviews, window.end).sort_values(["closed_date", "reference"], ignore_index=True)


# ---------------------------------------------------------------------------------------------- narratives


def narratives(ratings: pd.DataFrame, window: Window) -> pd.DataFrame:
    """The adviser's submitted reports dated within the window (one row per report and priority area)."""
    within = ratings[window.contains(ratings["report_date"])]
    return within.sort_values("report_date", ignore_index=True)


# ---------------------------------------------------------------------------------------------- the pack


@dataclass(frozen=True)
class ReviewPack:
    window: Window
    rag: pd.DataFrame  # rag_movement
    measures: pd.DataFrame  # measures_at_ends
    completed: pd.DataFrame  # actions_completed
    slipped: pd.DataFrame  # actions_slipped
    opened: pd.DataFrame  # risks_opened
    closed: pd.DataFrame  # risks_closed
    narratives: pd.DataFrame  # narratives

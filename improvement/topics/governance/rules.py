"""The governance rules: milestones against their due dates, and risks scored at each review. Pure pandas.

Milestones (the Action plan page)
- Every judgement is made **as at the data's "data as at" date** (``measures.data_as_at``), never today's clock,
  so a page shows the same thing whenever it is opened.
- **Overdue** on a date: due *before* it and not completed by it (dropped milestones are never overdue; a
  milestone marked complete counts from its completed date, so one completed after the date was overdue on it).
  ``overdue_on`` is the one rule: the Action plan, the Overview, the rating check and the six-monthly review pack
  (where a milestone overdue at the window's end and due in the window has *slipped*) all call it.
- **Due within six weeks**: not completed by the as-at date and not dropped, due on or after the as-at date and
  no more than six weeks (42 days) after it. With no as-at date (nothing dated loaded) nothing is overdue or due.
- A milestone's **state** on the timeline is one of four: *Complete*, *Overdue*, *Open* (not complete, not yet
  overdue; those due within six weeks are listed separately) and *Dropped*.
- **Completion over time**, per priority area and month: of the milestones due by the end of that month (dropped
  ones left out), the per cent that had been completed by the end of that month. A milestone finished early
  counts once it is due; one finished late counts from the month it was completed. A month with nothing due yet
  has no figure. Months run from the first due date to the as-at month.

Risks (the Risks page)
- A risk's **score** at a review = likelihood × impact, each 1 to 5 (so 1 to 25). Its score **on a date**
  (``scores_by``) is its latest review's on or before it. Its **current** likelihood,
  impact and score are those of its latest review; a risk with no review yet has none and is listed as "not yet
  reviewed", outside the matrix.
- The **matrix** counts *open* risks by current likelihood (rows) and impact (columns), every one of the 25 cells
  given, zeros included. **High** risks score 15 or more.
- **Top risks**: open risks by current score, highest first (ties: higher impact, then likelihood, then
  reference), the first five.
- **High risks open on a date** (``high_risks_on``, for the Overview and the rating check): raised by the date, not
  closed by it, and scoring 15 or more at their latest review by then.
- **Raised and closed per month**: risks counted in the month of their raised date and of their closed date;
  "open at month end" = raised on or before the month's end and not closed by then. Months run from the first
  raised date to the as-at month.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from improvement.vocab import SIX_WEEKS, MilestoneState

COMPLETE, OVERDUE, OPEN, DROPPED = STATES = tuple(MilestoneState)
STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "complete": "Complete",
    "dropped": "Dropped",
}

SCALE = (1, 2, 3, 4, 5)
LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
HIGH_SCORE = 15
TOP_RISKS = 5


def _as_at(as_at: dt.date | None) -> pd.Timestamp:
    """The date judgements are made on; with none (nothing dated is loaded), a date before every due date, so that
    nothing is called overdue or due soon on no evidence."""
    return pd.Timestamp(as_at) if as_at is not None else pd.Timestamp.min


# ---------------------------------------------------------------------------------------------- milestones


def completed_by(milestones: pd.DataFrame, when: pd.Timestamp) -> pd.Series:
    """Whether each milestone had been completed by ``when`` (marked complete, with its completed date by then; a
    complete milestone with no date counts as done)."""
    done = pd.to_datetime(milestones["completed_date"])
    return (milestones["status"] == "complete") & (done.isna() | (done <= when))


def overdue_on(milestones: pd.DataFrame, when: dt.date | pd.Timestamp | None) -> pd.Series:
    """Whether each milestone was overdue on ``when``: due before it, not dropped, not completed by it."""
    reference = _as_at(when)
    due = pd.to_datetime(milestones["due_date"])
    return (due < reference) & (milestones["status"] != "dropped") & ~completed_by(milestones, reference)


def milestone_states(milestones: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """``milestones`` with ``state`` (Complete, Overdue, Open, Dropped) at the as-at date, ``overdue``,
    ``due_soon`` and ``days_late`` (days past due at the as-at date, overdue ones only)."""
    frame = milestones.copy()
    reference = _as_at(as_at)
    done = completed_by(frame, reference)
    unfinished = ~done & (frame["status"] != "dropped")
    frame["overdue"] = overdue_on(frame, as_at)
    frame["due_soon"] = unfinished & (frame["due_date"] >= reference) & (frame["due_date"] <= reference + SIX_WEEKS)
    frame["state"] = OPEN
    frame.loc[done, "state"] = COMPLETE
    frame.loc[frame["status"] == "dropped", "state"] = DROPPED
    frame.loc[frame["overdue"], "state"] = OVERDUE
    frame["days_late"] = (reference - frame["due_date"]).dt.days.where(frame["overdue"])
    return frame


def overdue(milestones: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Milestones due before the as-at date and not complete or dropped, longest overdue first."""
    frame = milestone_states(milestones, as_at)
    return frame[frame["overdue"]].sort_values(["due_date", "reference", "milestone"], ignore_index=True)


def due_soon(milestones: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Unfinished milestones due from the as-at date to six weeks after it, soonest first."""
    frame = milestone_states(milestones, as_at)
    return frame[frame["due_soon"]].sort_values(["due_date", "reference", "milestone"], ignore_index=True)


def filter_milestones(milestones: pd.DataFrame, owners: list[str], statuses: list[str]) -> pd.DataFrame:
    """Milestones of the chosen owners and stored statuses; an empty choice means all."""
    keep = pd.Series(True, index=milestones.index)
    if owners:
        keep &= milestones["owner"].isin(owners)
    if statuses:
        keep &= milestones["status"].isin(statuses)
    return milestones[keep]


def _months(first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.date_range(first.to_period("M").to_timestamp(), last.to_period("M").to_timestamp(), freq="MS")


def completion_by_month(milestones: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Per priority area and month: milestones due by the month's end, those complete by then, and the per cent.

    Columns: priority_area_code, period (first of the month), due, complete, percent (NaN when nothing was due).
    """
    columns = ["priority_area_code", "period", "due", "complete", "percent"]
    counted = milestones[milestones["status"] != "dropped"]
    if counted.empty:
        return pd.DataFrame(columns=columns)
    last = pd.Timestamp(as_at) if as_at is not None else counted["due_date"].max()
    months = _months(counted["due_date"].min(), last)
    rows = []
    for area, group in counted.groupby("priority_area_code", sort=False):
        done_by = group["completed_date"].where(group["status"] == "complete")
        for period in months:
            month_end = period + pd.offsets.MonthEnd(0)
            is_due = group["due_date"] <= month_end
            due = int(is_due.sum())
            complete = int((is_due & (done_by <= month_end)).sum())
            rows.append((area, period, due, complete, 100 * complete / due if due else float("nan")))
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------------------------------------- risks


def scored_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    """Reviews with ``score`` = likelihood × impact, in review order per risk."""
    frame = reviews.sort_values(["risk_reference", "review_date"], ignore_index=True)
    frame["score"] = frame["likelihood"].astype(int) * frame["impact"].astype(int)
    return frame


def scores_by(reviews: pd.DataFrame, when: dt.date | pd.Timestamp) -> pd.DataFrame:
    """Each risk's latest review on or before ``when``, indexed by risk_reference: review_date, likelihood, impact
    and score (risks not reviewed by then are not in it). The one answer to "what did this risk score then" that the
    review pack, the report's evidence and the digest ask."""
    known = reviews[pd.to_datetime(reviews["review_date"]) <= pd.Timestamp(when)]
    latest = scored_reviews(known).groupby("risk_reference").tail(1).set_index("risk_reference")
    return latest[["review_date", "likelihood", "impact", "score"]]


def current_risks(risks: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Each risk with its latest review's likelihood, impact and score (NaN when never reviewed), and
    ``last_reviewed`` and ``first_score`` (its score at its first review)."""
    scored = scored_reviews(reviews)
    latest = scored.groupby("risk_reference").tail(1).set_index("risk_reference")
    first = scored.groupby("risk_reference")["score"].first()
    frame = risks.copy()
    frame["likelihood"] = frame["reference"].map(latest["likelihood"])
    frame["impact"] = frame["reference"].map(latest["impact"])
    frame["score"] = frame["reference"].map(latest["score"])
    frame["last_reviewed"] = frame["reference"].map(latest["review_date"])
    frame["first_score"] = frame["reference"].map(first)
    return frame


def risks_open_on(risks: pd.DataFrame, when: dt.date | pd.Timestamp) -> pd.Series:
    """Whether each risk was open on ``when``: raised by then and not closed by then."""
    reference = pd.Timestamp(when)
    closed = pd.to_datetime(risks["closed_date"])
    return (pd.to_datetime(risks["raised_date"]) <= reference) & (closed.isna() | (closed > reference))


def high_risks_on(risks: pd.DataFrame, reviews: pd.DataFrame, when: dt.date | pd.Timestamp | None) -> pd.DataFrame:
    """Risks open on ``when`` whose latest review by then scores ``HIGH_SCORE`` or more, with their likelihood,
    impact and score then; highest score first. None for ``when``: no date to judge on, so none."""
    return RiskHistory(risks, reviews).high_on(when)


class RiskHistory:
    """A risk register and its reviews, sorted once, to ask ``high_risks_on`` of many dates (the rating check asks
    it for every report's date)."""

    def __init__(self, risks: pd.DataFrame, reviews: pd.DataFrame) -> None:
        self.risks = risks
        self.raised = pd.to_datetime(risks["raised_date"]).to_numpy(dtype="datetime64[ns]")
        self.closed = pd.to_datetime(risks["closed_date"]).to_numpy(dtype="datetime64[ns]")
        scored = scored_reviews(reviews)
        self.reviews: dict[str, tuple[np.ndarray, np.ndarray]] = {
            str(reference): (
                pd.to_datetime(group["review_date"]).to_numpy(dtype="datetime64[ns]"),
                group[["likelihood", "impact", "score"]].to_numpy(dtype=float),
            )
            for reference, group in scored.groupby("risk_reference", sort=False)
        }

    def high_on(self, when: dt.date | pd.Timestamp | None) -> pd.DataFrame:
        """``high_risks_on`` the register for ``when``."""
        if when is None or self.risks.empty:
            return self.risks.iloc[0:0].assign(likelihood=pd.Series(dtype=float), impact=0.0, score=0.0)
        reference = np.datetime64(pd.Timestamp(when), "ns")
        open_then = (self.raised <= reference) & (np.isnat(self.closed) | (self.closed > reference))
        latest = np.full((len(self.risks), 3), np.nan)
        for index, risk in enumerate(self.risks["reference"].astype(str)):
            if not open_then[index] or risk not in self.reviews:
                continue
            dates, scores = self.reviews[risk]
            last = int(np.searchsorted(dates, reference, side="right")) - 1
            if last >= 0:
                latest[index] = scores[last]
        high = latest[:, 2] >= HIGH_SCORE  # NaN (not reviewed by then, or not open) is never high
        frame = self.risks[high].assign(likelihood=latest[high, 0], impact=latest[high, 1], score=latest[high, 2])
        return frame.sort_values(["score", "reference"], ascending=[False, True], ignore_index=True)


def matrix_counts(current: pd.DataFrame) -> pd.DataFrame:
    """Open, reviewed risks counted by current likelihood (index 5 down to 1) and impact (columns 1 to 5)."""
    open_risks = current[(current["status"] == "open") & current["score"].notna()]
    counts = pd.crosstab(open_risks["likelihood"].astype(int), open_risks["impact"].astype(int))
    counts = counts.reindex(index=list(reversed(SCALE)), columns=list(SCALE), fill_value=0).astype(int)
    counts.index.name, counts.columns.name = "likelihood", "impact"
    return counts


def top_risks(current: pd.DataFrame, count: int = TOP_RISKS) -> pd.DataFrame:
    """The open risks with the highest current score (ties: impact, likelihood, then reference)."""
    open_risks = current[(current["status"] == "open") & current["score"].notna()]
    ordered = open_risks.sort_values(
        ["score", "impact", "likelihood", "reference"], ascending=[False, False, False, True], ignore_index=True
    )
    return ordered.head(count)


def raised_and_closed(risks: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Per month: risks raised, risks closed, and risks open at the month's end."""
    columns = ["period", "raised", "closed", "open"]
    if risks.empty:
        return pd.DataFrame(columns=columns)
    last = pd.Timestamp(as_at) if as_at is not None else max(risks["raised_date"].max(), risks["closed_date"].max())
    months = _months(risks["raised_date"].min(), last)
    raised_month = risks["raised_date"].dt.to_period("M").dt.to_timestamp()
    closed_month = risks["closed_date"].dt.to_period("M").dt.to_timestamp()
    rows = []
    for period in months:
        month_end = period + pd.offsets.MonthEnd(0)
        still_open = (risks["raised_date"] <= month_end) & ~(risks["closed_date"] <= month_end)
        rows.append(
            (period, int((raised_month == period).sum()), int((closed_month == period).sum()), int(still_open.sum()))
        )
    return pd.DataFrame(rows, columns=columns)

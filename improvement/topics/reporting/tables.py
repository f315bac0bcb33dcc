"""The Report page's tables: a report's versions, and the evidence for the period beside each priority area."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement import style
from improvement.topics.governance import rules as governance
from improvement.topics.governance.tables import milestone_table
from improvement.topics.reporting.rules import ReportDraft, what_changed
from improvement.topics.review import rules as review

STATUS_LABELS = {"draft": "Draft", "submitted": "Submitted (locked)"}


def versions_table(versions: pd.DataFrame, drafts: list[ReportDraft]) -> pd.DataFrame:
    """Every version of one report date, newest first: who saved it and when, its status, what it changed from the
    version before and, for a correction, why. ``drafts`` are the versions' contents, oldest first."""
    ordered = versions.sort_values("version")
    statuses = list(ordered["status"])
    changes = []
    for index, (before, after) in enumerate(zip([None, *drafts[:-1]], drafts, strict=True)):
        changed = what_changed(before, after)
        if index and statuses[index] != statuses[index - 1]:
            changed = [f"{statuses[index - 1]} → {statuses[index]}", *(c for c in changed if c != "nothing")]
        changes.append(changed)
    table = pd.DataFrame(
        {
            "Version": ordered["version"].astype(int).astype(str).to_list(),
            "Status": ordered["status"].map(STATUS_LABELS).to_list(),
            "Saved by": ordered["saved_by"].to_list(),
            "Saved at (UTC)": ordered["saved_at"].map(style.format_datetime).to_list(),
            "Changed": ["; ".join(items) for items in changes],
            "Reason for correction": ordered["reason"].map(lambda value: value if isinstance(value, str) else "—"),
        }
    )
    return table.iloc[::-1].reset_index(drop=True)


def period_window(report_date: dt.date, period_start: dt.date) -> review.Window:
    """The report's period as a window: after the day before it starts, up to the report date."""
    return review.Window(period_start - dt.timedelta(days=1), report_date, "the report's period")


def area_milestones_table(milestones: pd.DataFrame, window: review.Window) -> pd.DataFrame:
    """An area's milestones that matter for the period: completed in it, due in it, or overdue at its end, each with
    its state at the report date."""
    if milestones.empty:
        return pd.DataFrame(columns=["Milestone", "Status", "Due", "Completed", "Action", "Owner"])
    relevant = (
        window.contains(milestones["completed_date"])
        | window.contains(milestones["due_date"])
        | governance.overdue_on(milestones, window.end_time)
    )
    return milestone_table(milestones[relevant.to_numpy()], window.end)


def area_risks_table(risks: pd.DataFrame, reviews: pd.DataFrame, window: review.Window) -> pd.DataFrame:
    """An area's risks that moved in the period: raised, closed, or re-scored up (a higher score at the report date
    than at the period's start), each with its score at the report date."""
    columns = ["Risk", "In the period", "Score at report date"]
    if risks.empty:
        return pd.DataFrame(columns=columns)
    before = governance.scores_by(reviews, window.start)["score"]
    after = governance.scores_by(reviews, window.end)["score"]
    rows = []
    for risk in risks.to_dict("records"):
        reference = risk["reference"]
        happened = []
        if window.holds(risk["raised_date"]):
            happened.append(f"raised {style.format_date(risk['raised_date'])}")
        if window.holds(risk["closed_date"]):
            happened.append(f"closed {style.format_date(risk['closed_date'])}")
        was, now = _score(before, reference), _score(after, reference)
        if was is not None and now is not None and now > was:
            happened.append(f"re-scored up from {was} to {now}")
        if happened:
            rows.append([f"{reference} {risk['title']}", "; ".join(happened), "—" if now is None else str(now)])
    return pd.DataFrame(rows, columns=columns)


def _score(scores: pd.Series, reference: str) -> int | None:
    """A risk's score in ``governance.scores_by``'s scores, None when it had no review by then."""
    score = scores.get(reference)
    return None if score is None else int(score)

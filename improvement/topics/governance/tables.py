"""The action plan and the risk register as tables: milestones with their state, overdue or due soon, top risks."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement import style
from improvement.topics.governance import rules as governance


def milestone_table(milestones: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Actions and milestones, each with its state at the as-at date (``governance.milestone_states``: overdue
    ones marked), the milestone and its state first."""
    frame = governance.milestone_states(milestones, as_at)
    status = frame["status"].map(governance.STATUS_LABELS)
    return pd.DataFrame(
        {
            "Milestone": frame["milestone"],
            "Status": status.where(~frame["overdue"], status + " (overdue)"),
            "Due": frame["due_date"].map(style.format_date),
            "Completed": frame["completed_date"].map(style.format_date),
            "Action": frame["reference"] + " " + frame["action"],
            "Owner": frame["owner"],
        }
    )


def milestone_due_table(milestones: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Milestones listed as overdue or due soon (``governance.overdue`` / ``due_soon``), with how late or how soon
    at the data's as-at date."""
    reference = pd.Timestamp(as_at) if as_at is not None else None
    days = (milestones["due_date"] - reference).dt.days if reference is not None else pd.Series(dtype=float)
    return pd.DataFrame(
        {
            "Milestone": milestones["milestone"],
            "Days from data as at": [
                "—"
                if pd.isna(d)
                else f"{style.count_of(-d, 'day')} overdue"
                if d < 0
                else f"due in {style.count_of(d, 'day')}"
                for d in days
            ],
            "Due": milestones["due_date"].map(style.format_date),
            "Status": milestones["status"].map(governance.STATUS_LABELS),
            "Owner": milestones["owner"],
            "Action": milestones["reference"] + " " + milestones["action"],
            "Priority area": milestones["priority_area_code"],
        }
    )


def top_risks_table(top: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The open risks with the highest current score (``governance.top_risks``): owner, score and mitigation."""
    titles = dict(zip(areas["priority_area_code"], areas["title"], strict=True))
    return pd.DataFrame(
        {
            "Rank": range(1, len(top) + 1),
            "Risk": top["reference"] + " " + top["title"],
            "Score": top["score"].astype(int),
            "Likelihood": top["likelihood"].astype(int),
            "Impact": top["impact"].astype(int),
            "Owner": top["owner"],
            "Last reviewed": top["last_reviewed"].map(style.format_date),
            "Score at first review": top["first_score"].astype(int),
            "Mitigation": top["mitigation"],
            "Priority area": [
                f"{code} {titles.get(code, '')}" if isinstance(code, str) and code else "Whole plan"
                for code in top["priority_area_code"]
            ],
        }
    )

"""The six-monthly review pack as tables: RAG at both ends, measures at both ends, milestones, risks."""

from __future__ import annotations

import pandas as pd

from improvement import style
from improvement.topics.governance import rules as governance


def review_rag_table(rag: pd.DataFrame) -> pd.DataFrame:
    """The RAG movement in words, the finding first: area, rating at end, movement, rating at start; then the two
    reports."""
    return pd.DataFrame(
        {
            "Priority area": rag["priority_area_code"] + " " + rag["title"],
            "Rating at end": rag["end_rating"].map(style.rag_text),
            "Movement": rag["movement"],
            "Rating at start": rag["start_rating"].map(style.rag_text),
            "Report (end)": rag["end_report"].map(style.format_date),
            "Report (start)": rag["start_report"].map(style.format_date),
        }
    )


def _actual_vs_planned(value, status, planned, unit, period) -> str:
    if pd.isna(period):
        return "—"
    return (
        f"{style.format_value(value, unit, status)} vs {style.format_value(planned, unit)} planned "
        f"({style.format_month(period)})"
    )


def review_measures_table(at_ends: pd.DataFrame) -> pd.DataFrame:
    """Each measure at the window's start and end: actual against planned (and the month), on or off trajectory."""
    table = {"Measure": at_ends["name"]}
    for side, heading in (("end", "End"), ("start", "Start")):  # where things stand now, first
        table[f"{heading}: on trajectory"] = [
            f"{style.TRAJECTORY_JUDGEMENT_STYLES[j][1]} {j}" for j in at_ends[f"{side}_judgement"]
        ]
        table[f"{heading}: actual vs planned"] = [
            _actual_vs_planned(v, s, p, u, m)
            for v, s, p, u, m in zip(
                at_ends[f"{side}_value"],
                at_ends[f"{side}_status"],
                at_ends[f"{side}_planned"],
                at_ends["unit"],
                at_ends[f"{side}_period"],
                strict=True,
            )
        ]
    table["Priority area"] = at_ends["priority_area_code"]
    return pd.DataFrame(table)


def _days(count: object, unit: str) -> str:
    if count is None or pd.isna(count):
        return "—"
    return style.count_of(count, unit)


def review_completed_table(completed: pd.DataFrame) -> pd.DataFrame:
    """Milestones completed in the window (``review.actions_completed``), with whether they met their due date."""
    return pd.DataFrame(
        {
            "Milestone": completed["milestone"],
            "Against due date": [
                "On time" if not late else f"Late by {_days(late, 'day')}" for late in completed["days_late"]
            ],
            "Completed": completed["completed_date"].map(style.format_date),
            "Due": completed["due_date"].map(style.format_date),
            "Owner": completed["owner"],
            "Action": completed["reference"] + " " + completed["action"],
        }
    )


def review_slipped_table(slipped: pd.DataFrame) -> pd.DataFrame:
    """Milestones due in the window and not complete by its end (``review.actions_slipped``)."""
    return pd.DataFrame(
        {
            "Milestone": slipped["milestone"],
            "Overdue at window end": slipped["days_overdue_at_end"].map(lambda d: _days(d, "day")),
            "Due": slipped["due_date"].map(style.format_date),
            "Status now": slipped["status"].map(governance.STATUS_LABELS),
            "Completed": slipped["completed_date"].map(style.format_date),
            "Owner": slipped["owner"],
            "Action": slipped["reference"] + " " + slipped["action"],
        }
    )


def _score(score: object, likelihood: object, impact: object) -> str:
    if score is None or pd.isna(score):
        return "Not yet reviewed"
    return f"{int(score)} (likelihood {int(likelihood)} × impact {int(impact)})"


def review_risks_table(risks: pd.DataFrame) -> pd.DataFrame:
    """Risks opened or closed in the window (``review.risks_opened``/``risks_closed``) with their score by its end."""
    return pd.DataFrame(
        {
            "Risk": risks["reference"] + " " + risks["title"],
            "Score at window end": [
                _score(*scored) for scored in zip(risks["score"], risks["likelihood"], risks["impact"], strict=True)
            ],
            "Raised": risks["raised_date"].map(style.format_date),
            "Closed": risks["closed_date"].map(style.format_date),
            "Owner": risks["owner"],
            "Priority area": risks["priority_area_code"].fillna("—"),
            "Mitigation": risks["mitigation"],
        }
    )

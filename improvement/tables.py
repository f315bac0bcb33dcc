"""Table builders: pure functions from DataFrames to the tables people read on the pages and download as CSV.

All formatting goes through ``improvement.style``, so a table says the same thing a chart does, in words:
direction (an arrow) and judgement (improving or worsening, by polarity) in separate columns, RAG as text.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement import measures, style


def _values(frame: pd.DataFrame, column: str, status_column: str | None = None) -> list[str]:
    statuses = frame[status_column] if status_column else [None] * len(frame)
    return [style.format_value(v, u, s) for v, u, s in zip(frame[column], frame["unit"], statuses, strict=True)]


def headline_table(progress: pd.DataFrame) -> pd.DataFrame:
    """Headline measures: latest value, what moved, whether that is good, target, trajectory and forecast."""
    return pd.DataFrame(
        {
            "Measure": progress["name"],
            "Latest": _values(progress, "latest_value", "latest_status"),
            "Month": progress["latest_period"].map(lambda p: style.format_month(p) if pd.notna(p) else "—"),
            "Change on month": [
                f"{style.DIRECTION_ARROWS[d]} {style.format_change(c, u)}"
                for d, c, u in zip(progress["direction"], progress["change"], progress["unit"], strict=True)
            ],
            "Judgement": progress["judgement"].map(style.JUDGEMENT_LABELS),
            "Better is": progress["polarity"].map({"higher_is_better": "higher", "lower_is_better": "lower"}),
            "Target": [
                f"{style.format_value(v, u)} by {style.format_month(d)}" if pd.notna(v) and pd.notna(d) else "—"
                for v, u, d in zip(progress["target_value"], progress["unit"], progress["target_date"], strict=True)
            ],
            "Trajectory": progress["trajectory_status"],
            "Forecast to reach target": [
                measures.Forecast(s, d).label
                for s, d in zip(progress["forecast_status"], progress["forecast_date"], strict=True)
            ],
        }
    )


def trajectory_table(progress: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Every plan measure against its trajectory, for the Trajectories page."""
    titles = dict(zip(areas["priority_area_code"], areas["title"], strict=True))
    table = headline_table(progress)
    table.insert(1, "Priority area", progress["priority_area_code"].map(lambda c: f"{c} {titles.get(c, '')}"))
    table["Months off trajectory"] = progress["periods_off_trajectory"].astype(int)
    return table


def rag_summary_table(movement: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Latest rating per priority area, with the previous rating and the movement, all in words."""
    merged = areas.merge(movement, on="priority_area_code", how="left")
    return pd.DataFrame(
        {
            "Priority area": merged["priority_area_code"] + " " + merged["title"],
            "Latest rating": merged["rating"].map(style.rag_text),
            "Previous rating": merged["previous_rating"].map(style.rag_text),
            "Movement": merged["movement"].fillna("no report yet"),
            "Report date": merged["report_date"].map(style.format_date),
        }
    )


def milestone_table(milestones: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Actions and milestones, with overdue ones marked (due before the as-at date and not complete)."""
    reference = pd.Timestamp(as_at) if as_at else None
    overdue = (
        (milestones["due_date"] < reference) & ~milestones["status"].isin(["complete", "dropped"])
        if reference is not None
        else pd.Series(False, index=milestones.index)
    )
    status = milestones["status"].str.replace("_", " ").str.capitalize()
    return pd.DataFrame(
        {
            "Action": milestones["reference"] + " " + milestones["action"],
            "Owner": milestones["owner"],
            "Milestone": milestones["milestone"],
            "Due": milestones["due_date"].map(style.format_date),
            "Status": status.where(~overdue, status + " (overdue)"),
            "Completed": milestones["completed_date"].map(style.format_date),
        }
    )


def team_table(by_team: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Each team's latest month: caseload, agency and vacancy rates (small counts of children shown as c)."""
    latest = (
        by_team.sort_values("period").groupby("team", as_index=False).tail(1).sort_values("caseload", ascending=False)
    )
    return pd.DataFrame(
        {
            "Team": latest["team"],
            "Month": latest["period"].map(style.format_month),
            "Case-holding FTE": latest["case_holding_fte"].map(lambda v: f"{v:.1f}"),
            "Children allocated": latest["children_allocated"].map(
                lambda v: style.SUPPRESSED if style.is_suppressed(v, threshold) else style.format_value(v, "count")
            ),
            "Average caseload": latest["caseload"].map(lambda v: style.format_value(v, "ratio")),
            "Agency rate": latest["agency_rate"].map(lambda v: style.format_value(v, "percent")),
            "Vacancy rate": latest["vacancy_rate"].map(lambda v: style.format_value(v, "percent")),
        }
    )

"""The plan's measures as tables: the finding first (on or off track, latest, target, forecast), then movement;
and the loaded monthly figures another source replaced (``topics.caseloads.rules.figures_from_returns``)."""

from __future__ import annotations

import pandas as pd

from improvement import style
from improvement.topics.plan import rules as measures
from improvement.vocab import BETTER_IS


def headline_table(progress: pd.DataFrame) -> pd.DataFrame:
    """Measures as the board reads them, the finding first: on or off track, the forecast to reach the target and
    whether the last move was good; then the latest figure, its month, the target and the move itself."""
    return pd.DataFrame(
        {
            "Measure": progress["name"],
            "Trajectory": progress["trajectory_status"],
            "Forecast to reach target": [
                measures.Forecast(s, d).label
                for s, d in zip(progress["forecast_status"], progress["forecast_date"], strict=True)
            ],
            "Judgement": progress["judgement"].map(style.JUDGEMENT_LABELS),
            "Latest": style.format_values(progress, "latest_value", "latest_status"),
            "Month": progress["latest_period"].map(lambda p: style.format_month(p) if pd.notna(p) else "—"),
            "Target": [
                f"{style.format_value(v, u)} by {style.format_month(d)}" if pd.notna(v) and pd.notna(d) else "—"
                for v, u, d in zip(progress["target_value"], progress["unit"], progress["target_date"], strict=True)
            ],
            "Change on month": [
                f"{style.DIRECTION_ARROWS[d]} {style.format_change(c, u)}"
                for d, c, u in zip(progress["direction"], progress["change"], progress["unit"], strict=True)
            ],
            "Better is": progress["polarity"].map(BETTER_IS),
        }
    )


def trajectory_table(progress: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Every plan measure against its trajectory, for the Trajectories page (its priority area last: long)."""
    titles = dict(zip(areas["priority_area_code"], areas["title"], strict=True))
    table = headline_table(progress)
    table.insert(
        table.columns.get_loc("Latest"), "Months off trajectory", progress["periods_off_trajectory"].astype(int)
    )
    table["Priority area"] = progress["priority_area_code"].map(
        lambda c: f"{c} {titles.get(c, '')}" if isinstance(c, str) else "not in the plan"
    )
    return table


def source_differences_table(differences: pd.DataFrame) -> pd.DataFrame:
    """Loaded monthly figures the team caseload returns replaced with another
    (``topics.caseloads.rules.figures_from_returns``)."""
    return pd.DataFrame(
        {
            "Measure": differences["name"],
            "Month": differences["period"].map(style.format_month),
            "Shown (team caseload returns)": [
                style.format_value(v, u) for v, u in zip(differences["returns_value"], differences["unit"], strict=True)
            ],
            "Loaded figure (not shown)": [
                style.format_value(v, u, s)
                for v, u, s in zip(
                    differences["loaded_value"], differences["unit"], differences["loaded_status"], strict=True
                )
            ],
        }
    )

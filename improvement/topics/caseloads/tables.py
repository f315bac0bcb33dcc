"""Caseloads as tables: each team's latest month."""

from __future__ import annotations

import pandas as pd

from improvement import style


def team_table(by_team: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Each team's latest month: caseload, agency and vacancy rates (small counts of children shown as c)."""
    latest = (
        by_team.sort_values("period").groupby("team", as_index=False).tail(1).sort_values("caseload", ascending=False)
    )
    return pd.DataFrame(
        {
            "Team": latest["team"],
            "Average caseload": latest["caseload"].map(lambda v: style.format_value(v, "ratio")),
            "Agency rate": latest["agency_rate"].map(lambda v: style.format_value(v, "percent")),
            "Vacancy rate": latest["vacancy_rate"].map(lambda v: style.format_value(v, "percent")),
            "Month": latest["period"].map(style.format_month),
            "Case-holding FTE": latest["case_holding_fte"].map(lambda v: f"{v:.1f}"),
            "Children allocated": latest["children_allocated"].map(
                lambda v: style.SUPPRESSED if style.is_suppressed(v, threshold) else style.format_value(v, "count")
            ),
        }
    )

"""Caseloads as charts: one team against the authority and the target; the agency and vacancy rates."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from improvement import style
from improvement.charting import (
    Chart,
    ChartContext,
    caption_text,
    describe_line,
    fit_title,
    layout,
    line,
    moved,
    period_label,
    target_line,
)
from improvement.topics.caseloads.rules import caseload_for_authority


def caseload_chart(by_team: pd.DataFrame, team: str, target: float | None, context: ChartContext, source: str) -> Chart:
    """One team's caseload over time against the authority's and the target, other teams as grey context."""
    overall = caseload_for_authority(by_team)
    figure = go.Figure()
    for other, rows in by_team[by_team["team"] != team].groupby("team"):
        figure.add_trace(
            line(
                rows,
                "caseload",
                str(other),
                style.SeriesRole.CONTEXT,
                width=1,
                showlegend=False,
                mode="lines",
            )
        )
    figure.add_trace(line(overall, "caseload", f"{context.authority} (all teams)", style.SeriesRole.TRAJECTORY))
    figure.data[-1].line.dash = "solid"
    selected = by_team[by_team["team"] == team].sort_values("period")
    figure.add_trace(line(selected, "caseload", team, style.SeriesRole.ACTUAL))
    if target is not None and not pd.isna(target):
        target_line(figure, y=target, label=f"Target {style.format_value(target, 'ratio')}")
    latest = selected.iloc[-1] if len(selected) else None
    change = selected["caseload"].iloc[-1] - selected["caseload"].iloc[0] if len(selected) > 1 else None
    latest_text = style.format_value(latest["caseload"], "ratio") if latest is not None else "—"
    if target is not None and latest is not None:
        versus = "above" if latest["caseload"] > target else "within"
        tail = f"{versus} {style.format_value(target, 'ratio')} target"
    else:
        tail = ""
    title = fit_title(
        f"{team} caseloads {moved(change, latest_text)} since {style.format_month(selected['period'].iloc[0])}, "
        f"{tail}".rstrip(", ")
        if len(selected) > 1
        else f"{team} caseloads at {latest_text}, {tail}".rstrip(", "),
        f"{team} caseloads {moved(change, latest_text)}, {tail}".rstrip(", "),
        f"{team} caseloads at {latest_text}, {tail}".rstrip(", "),
        f"{team} caseloads at {latest_text}",
    )
    period = period_label(by_team["period"])
    caption = caption_text(
        "Average caseload: children allocated per case-holding FTE, grey lines are other teams",
        context,
        period,
        source,
    )
    layout(figure, title, caption, "Children per worker (FTE)")
    table = _caseload_table(selected, overall, team, context.authority)
    alt = describe_line(f"average caseload of {team}", context.authority, selected, "caseload", "ratio", target, period)
    return Chart(f"caseload-{team}", title, caption, alt, figure, table)


def _caseload_table(selected: pd.DataFrame, overall: pd.DataFrame, team: str, authority: str) -> pd.DataFrame:
    merged = selected[["period", "caseload"]].merge(
        overall[["period", "caseload"]], on="period", how="outer", suffixes=("_team", "_all")
    )
    return pd.DataFrame(
        {
            "Period": merged["period"].map(style.format_month),
            f"{team}": merged["caseload_team"].map(lambda v: style.format_value(v, "ratio")),
            f"{authority} (all teams)": merged["caseload_all"].map(lambda v: style.format_value(v, "ratio")),
        }
    )


def staffing_rates_chart(overall: pd.DataFrame, context: ChartContext, source: str) -> Chart:
    """The authority's agency and vacancy rates over time."""
    figure = go.Figure()
    figure.add_trace(line(overall, "agency_rate", "Agency worker rate", style.SeriesRole.ACTUAL))
    figure.add_trace(line(overall, "vacancy_rate", "Vacancy rate", style.SeriesRole.COMPARATOR, mode="lines+markers"))
    latest = overall.iloc[-1]
    title = fit_title(
        f"Agency rate {style.format_value(latest['agency_rate'], 'percent')}, vacancy rate "
        f"{style.format_value(latest['vacancy_rate'], 'percent')} in {style.format_month(latest['period'])}"
    )
    period = period_label(overall["period"])
    caption = caption_text(
        "Agency rate: agency FTE / case-holding FTE. Vacancy rate: vacancies / (vacancies + employed FTE)",
        context,
        period,
        source,
    )
    layout(figure, title, caption, "Per cent")
    table = pd.DataFrame(
        {
            "Period": overall["period"].map(style.format_month),
            "Agency worker rate": overall["agency_rate"].map(lambda v: style.format_value(v, "percent")),
            "Vacancy rate": overall["vacancy_rate"].map(lambda v: style.format_value(v, "percent")),
        }
    )
    alt = (
        describe_line("agency worker rate", context.authority, overall, "agency_rate", "percent", None, period)
        + " "
        + describe_line("vacancy rate", context.authority, overall, "vacancy_rate", "percent", None, period)
    )
    return Chart("staffing-rates", title, caption, alt, figure, table)

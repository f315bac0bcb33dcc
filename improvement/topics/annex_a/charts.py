"""Ofsted Annex A aggregates as a chart: children on child protection plans by team at the extract date."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from improvement import style
from improvement.charting import (
    Chart,
    ChartContext,
    caption_text,
    fit_title,
    layout,
    say_in_words,
)

ANNEX_A_SOURCE = "Ofsted Annex A extract"


def annex_a_team_chart(by_team: pd.DataFrame, extract_date: dt.date, context: ChartContext) -> Chart:
    """Children on child protection plans by allocated team at the extract date, largest first.

    ``by_team`` is ``tables.annex_a_breakdown(..., "team", ...)``: already suppressed, so a ``c`` team has no bar,
    only its ``c`` label.
    """
    frame = by_team.iloc[::-1]  # largest at the top
    values = [0 if value is None or pd.isna(value) else value for value in frame["value"]]
    shown = by_team.dropna(subset=["value"])
    if shown.empty:
        return _all_suppressed_teams_chart(by_team, extract_date, context)
    figure = go.Figure(
        go.Bar(
            x=values,
            y=[style.escape_html(label) for label in frame["label"]],  # team names as typed in the lists
            orientation="h",
            marker={"color": style.SeriesRole.ACTUAL.colour},
            text=frame["shown"],
            textposition="outside",
            cliponaxis=False,
            name="Children on child protection plans",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    when = style.format_date(extract_date)
    top = shown.iloc[0]
    title = fit_title(
        f"{top['label']} holds the most children on plans ({top['shown']})",
        f"{top['label']} holds the most children on plans",
        "Children on child protection plans by team",
    )
    caption = caption_text(
        f"Children on child protection plans by allocated team; {style.SUPPRESSED} = fewer than "
        f"{context.suppression_threshold}, suppressed",
        context,
        f"at {when}",
        ANNEX_A_SOURCE,
    )
    layout(figure, title, caption, height=140 + 40 * max(len(frame), 1), left_margin=220)
    figure.update_layout(hovermode="closest", showlegend=False, margin={"r": 80})
    figure.update_xaxes(title_text="Children on child protection plans", rangemode="tozero")
    table = pd.DataFrame({"Team": by_team["label"], "Children on CP plans": by_team["shown"]})
    listed = "; ".join(f"{label}: {text}" for label, text in zip(by_team["label"], by_team["shown"], strict=True))
    alt = (
        f"Bar chart of children on child protection plans by team for {context.authority} at {when}, largest "
        f"first. {listed or 'No teams'}. {style.SUPPRESSED} means fewer than {context.suppression_threshold} "
        "children, not shown to protect them."
    )
    return Chart("annex-a-by-team", title, caption, alt, figure, table)


def _all_suppressed_teams_chart(by_team: pd.DataFrame, extract_date: dt.date, context: ChartContext) -> Chart:
    """When every team's count is suppressed: no bars (a chart of ``c`` bars says nothing), the reason in words."""
    when = style.format_date(extract_date)
    threshold = context.suppression_threshold
    title = fit_title(f"Every team has fewer than {threshold} children on plans")
    figure = go.Figure()
    say_in_words(
        figure,
        f"Each of the {len(by_team)} teams has fewer than {threshold} children on child protection plans, so no "
        "count is shown: a small number could identify a child.",
    )
    caption = caption_text(
        f"Children on child protection plans by allocated team; counts below {threshold} are suppressed",
        context,
        f"at {when}",
        ANNEX_A_SOURCE,
    )
    layout(figure, title, caption, height=220)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    table = pd.DataFrame({"Team": by_team["label"], "Children on CP plans": by_team["shown"]})
    alt = (
        f"No chart: each of the {len(by_team)} teams of {context.authority} had fewer than {threshold} children on "
        f"child protection plans at {when}, so every count is suppressed."
    )
    return Chart("annex-a-by-team", title, caption, alt, figure, table)

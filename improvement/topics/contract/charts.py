"""The adviser's contract as charts: days each month against the allowance, and days by activity."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from improvement import style
from improvement.charting import (
    Chart,
    ChartContext,
    caption_text,
    fit_title,
    layout,
    period_label,
    target_line,
)

CONTRACT_SOURCE = "adviser's timesheets and contract terms"


def _days(value: float) -> str:
    return style.format_value(value, "ratio")


def adviser_days_chart(monthly: pd.DataFrame, allowance: float, context: ChartContext) -> Chart:
    """Days the adviser delivered each month (``contract.days_per_month``) against the monthly allowance, drawn
    as a reference line; months over it are marked with text above the bar, not colour alone."""
    over = monthly[monthly["over_allowance"]]
    labels = [style.format_month(month) for month in monthly["month"]]
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=monthly["days"],
            name="Days delivered",
            marker={
                "color": [
                    style.SeriesRole.COMPARATOR.colour if flag else style.SeriesRole.ACTUAL.colour
                    for flag in monthly["over_allowance"]
                ]
            },
            text=[
                f"Over +{_days(by)}" if flag else ""
                for flag, by in zip(monthly["over_allowance"], monthly["over_by"], strict=True)
            ],
            textposition="outside",
            textfont={"size": 12, "color": style.Palette.DARK_GREY},
            constraintext="none",
            cliponaxis=False,
            hovertemplate="%{x}: %{y} days<extra></extra>",
        )
    )
    target_line(figure, y=allowance, label=f"Allowance {_days(allowance)} days a month", position="top right")
    total = monthly["days"].sum()
    allowance_text = f"{allowance:g}-day"
    if len(over):
        title = fit_title(
            f"Adviser delivered {_days(total)} days; {len(over)} months over {allowance_text} allowance",
            f"{len(over)} months over the {allowance_text} monthly allowance",
        )
    else:
        title = fit_title(f"Adviser delivered {_days(total)} days, within the {allowance_text} monthly allowance")
    period = period_label(monthly["month"])
    caption = caption_text(
        f"Days the improvement adviser delivered each month against the allowance of {_days(allowance)} days",
        context,
        period,
        CONTRACT_SOURCE,
    )
    layout(figure, title, caption, "Days delivered")
    figure.update_layout(hovermode="closest", showlegend=False)
    figure.update_yaxes(rangemode="tozero", range=[0, max(allowance, float(monthly["days"].max() or 0)) + 1])
    table = pd.DataFrame(
        {
            "Month": labels,
            "Days delivered": monthly["days"].map(_days),
            "Allowance": monthly["allowance"].map(_days),
            "Over allowance": [
                f"Yes, by {_days(by)}" if flag else "No"
                for flag, by in zip(monthly["over_allowance"], monthly["over_by"], strict=True)
            ],
            "Days to date": monthly["cumulative_days"].map(_days),
        }
    )
    months_over = "; ".join(
        f"{style.format_month(m)} ({_days(d)} days)" for m, d in zip(over["month"], over["days"], strict=True)
    )
    alt = (
        f"Bar chart of the days the improvement adviser delivered each month for {context.authority}, {period}, "
        f"against an allowance of {_days(allowance)} days a month. {_days(total)} days in {len(monthly)} months, "
        f"{_days(total / len(monthly) if len(monthly) else 0)} a month on average. "
        + (f"Over the allowance in {months_over}." if len(over) else "No month was over the allowance.")
    )
    return Chart("adviser-days", title, caption, alt, figure, table)


def adviser_activity_chart(by_activity: pd.DataFrame, period: str, context: ChartContext) -> Chart:
    """The adviser's days by activity (``contract.days_by_activity``), most first, each labelled with its days
    and share."""
    frame = by_activity.iloc[::-1]  # most at the top
    shown = [f"{_days(days)} days ({share:.0%})" for days, share in zip(frame["days"], frame["share"], strict=True)]
    figure = go.Figure(
        go.Bar(
            x=frame["days"],
            y=[style.escape_html(label) for label in frame["label"]],
            orientation="h",
            marker={"color": style.SeriesRole.ACTUAL.colour},
            text=shown,
            textposition="outside",
            cliponaxis=False,
            name="Days delivered",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    total = by_activity["days"].sum()
    top = by_activity.iloc[0]
    title = fit_title(
        f"{top['label']} took most adviser days: {_days(top['days'])} of {_days(total)}",
        f"{top['label']} took most adviser days",
    )
    caption = caption_text("Days the improvement adviser delivered, by activity", context, period, CONTRACT_SOURCE)
    layout(figure, title, caption, height=140 + 45 * max(len(frame), 1), left_margin=260)
    figure.update_layout(hovermode="closest", showlegend=False, margin={"r": 140})
    figure.update_xaxes(title_text="Days delivered", rangemode="tozero")
    table = pd.DataFrame(
        {
            "Activity": by_activity["label"],
            "Days delivered": by_activity["days"].map(_days),
            "Share of days": by_activity["share"].map(lambda share: f"{share:.0%}"),
        }
    )
    listed = "; ".join(
        f"{label}: {_days(days)} days ({share:.0%})"
        for label, days, share in zip(by_activity["label"], by_activity["days"], by_activity["share"], strict=True)
    )
    alt = (
        f"Bar chart of the improvement adviser's {_days(total)} days for {context.authority}, {period}, by "
        f"activity, most first. {listed}."
    )
    return Chart("adviser-days-by-activity", title, caption, alt, figure, table)

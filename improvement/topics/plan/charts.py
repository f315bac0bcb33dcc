"""The plan's measures as charts: one measure against its trajectory and target; headline measures' progress."""

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
    say_in_words,
    status_symbols,
    target_line,
)
from improvement.topics.plan import rules
from improvement.topics.plan.rules import sources_text


def trajectory_chart(measure: pd.Series, series: pd.DataFrame, context: ChartContext) -> Chart:
    """A measure's actuals against its planned trajectory and target.

    ``measure`` is a row of ``measures.measure_progress`` plus ``source``; ``series`` has period, value, status
    and planned_value (``measures.compare_with_trajectory`` with status merged in).
    """
    unit = measure["unit"]
    series = series.sort_values("period", ignore_index=True).copy()
    series["status"] = series.get("status", pd.Series(index=series.index, dtype="object"))
    shown = series.dropna(subset=["value"])

    figure = go.Figure()
    figure.add_trace(line(series, "planned_value", "Trajectory (planned)", style.SeriesRole.TRAJECTORY))
    figure.add_trace(line(series, "value", "Actual", style.SeriesRole.ACTUAL))
    suppressed = series[series["status"].notna()]
    plotted = pd.concat([series["value"], series["planned_value"], pd.Series([measure.get("target_value")])])
    status_symbols(figure, suppressed, plotted, name="Not published", colour=style.Palette.DARK_GREY)
    target = measure.get("target_value")
    if target is not None and not pd.isna(target):
        by = f" by {style.format_month(measure['target_date'])}" if pd.notna(measure.get("target_date")) else ""
        target_line(figure, y=target, label=f"Target {style.format_value(target, unit)}{by}")

    latest_text = style.format_value(measure["latest_value"], unit, measure.get("latest_status"))
    status = str(measure["trajectory_status"]).lower()
    latest_status = measure.get("latest_status")
    if isinstance(latest_status, str) and latest_status:  # NaN from a DataFrame row is not a status
        title = fit_title(f"{measure['name']}: latest month not published ({latest_text})", measure["name"])
    elif series["value"].isna().all() and series["status"].isna().all():
        title = fit_title(f"{measure['name']}: no figures loaded yet", measure["name"])
    else:
        title = fit_title(
            f"{measure['name']} {moved(measure['change'], latest_text)}, {status}",
            f"{measure['name']} at {latest_text}, {status}",
            f"{measure['name']}: {status}",
        )
    period = period_label(series["period"])
    source = sources_text(series) or measure.get("source") or "council performance data"
    subject = measure["name"]
    if len(suppressed):
        subject += f" ({', '.join(sorted(set(suppressed['status'])))} marks a month whose figure is not published: " + (
            "; ".join(
                f"{symbol} {style.STATUS_SYMBOLS.get(symbol, symbol)}" for symbol in sorted(set(suppressed["status"]))
            )
            + ")"
        )
    if shown.empty and len(series):
        say_in_words(
            figure,
            "Every month's figure is suppressed: nothing to plot"
            if len(suppressed)
            else "No monthly figures are loaded yet: the dashed line is the trajectory the plan sets",
        )
    caption = caption_text(subject, context, period, source)
    layout(figure, title, caption, style.UNIT_AXIS_TITLE.get(unit))

    table = pd.DataFrame(
        {
            "Period": series["period"].map(style.format_month),
            "Actual": [style.format_value(v, unit, s) for v, s in zip(series["value"], series["status"], strict=True)],
            "Trajectory": [style.format_value(v, unit) for v in series["planned_value"]],
            "On trajectory": series.get("on_trajectory", pd.Series(dtype="boolean"))
            .map({True: "Yes", False: "No"})
            .fillna("—"),
        }
    )
    alt = describe_line(measure["name"], context.authority, shown, "value", unit, target, period)
    return Chart(f"trajectory-{measure['measure_code']}", title, caption, alt, figure, table)


def progress_chart(progress: pd.DataFrame, context: ChartContext) -> Chart:
    """Headline measures: how far each has come from its baseline towards its target, and whether on track."""
    frame = progress.dropna(subset=["progress_to_target"]).copy()
    frame = frame.iloc[::-1]  # first measure at the top
    on_track = frame["trajectory_status"] == rules.ON_TRACK
    colours = [style.Palette.TURQUOISE if on else style.Palette.DARK_PINK for on in on_track]
    labels = [
        f"{style.format_value(v, u, s)} · {'✔ ' if on else '✖ '}{t}"
        for v, u, s, on, t in zip(
            frame["latest_value"],
            frame["unit"],
            frame["latest_status"],
            on_track,
            frame["trajectory_status"],
            strict=True,
        )
    ]
    figure = go.Figure(
        go.Bar(
            x=frame["progress_to_target"].clip(lower=-50, upper=150),
            y=[style.escape_html(name) for name in frame["name"]],
            orientation="h",
            marker={"color": colours},
            text=labels,
            textposition="outside",
            cliponaxis=False,
            name="Progress from baseline to target",
            hovertemplate="%{y}: %{x:.0f}% of the way to target<extra></extra>",
        )
    )
    figure.add_vline(x=100, line={"color": style.SeriesRole.TARGET.colour, "dash": "dot", "width": 2})
    figure.add_vline(x=0, line={"color": style.Palette.DARK_GREY, "width": 1})
    count_on, total = int(on_track.sum()), len(frame)
    title = fit_title(f"{count_on} of {total} headline measures on track against trajectory")
    period = period_label(progress["latest_period"].dropna())
    caption = caption_text(
        "Progress from baseline (0%) to target (100%) of headline plan measures",
        context,
        f"latest month {period}",
        "council performance data and improvement plan",
    )
    layout(figure, title, caption, height=120 + 48 * max(total, 1), left_margin=320)
    figure.update_layout(hovermode="closest", showlegend=False, margin={"r": 220})
    figure.update_xaxes(title_text="Per cent of the way from baseline to target", range=[-50, 150])
    table = pd.DataFrame(
        {
            "Measure": progress["name"],
            "Latest": [
                style.format_value(v, u, s)
                for v, u, s in zip(progress["latest_value"], progress["unit"], progress["latest_status"], strict=True)
            ],
            "Baseline": [
                style.format_value(v, u) for v, u in zip(progress["baseline_value"], progress["unit"], strict=True)
            ],
            "Target": [
                style.format_value(v, u) for v, u in zip(progress["target_value"], progress["unit"], strict=True)
            ],
            "Progress to target": progress["progress_to_target"].map(
                lambda p: "—" if p is None or pd.isna(p) else f"{p:.0f}%"
            ),
            "Trajectory": progress["trajectory_status"],
        }
    )
    off = ", ".join(frame.loc[~on_track, "name"]) or "none"
    alt = (
        f"Bar chart of {total} headline measures for {context.authority}, showing the per cent of the way from "
        f"baseline to target. {count_on} are on track against trajectory; off track: {off}."
    )
    return Chart("headline-progress", title, caption, alt, figure, table)

"""The SPC chart: a measure's months against their mean and process limits, each point coloured and shaped by its
signal, with the target and the plan's trajectory as reference lines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from improvement import style
from improvement.charting import (
    Chart,
    ChartContext,
    caption_text,
    fit_title,
    layout,
    line,
    period_label,
    say_in_words,
    status_symbols,
    target_line,
)
from improvement.topics.spc import tables
from improvement.topics.spc.rules import MeasureSpc

LIMITS_EXPLAINED = (  # one plain sentence
    "The dashed process limits, the mean plus or minus 2.66 times the average change from one month to the next, "
    "mark the range everyday variation stays within, and a month outside them or a run of months (6 on one side "
    "of the mean, 6 rising or falling, or 2 of 3 near a limit) is special cause, a real change (NHS England's "
    "Making Data Count rules)"
)


def _by_segment(points: pd.DataFrame, column: str) -> tuple[list, list]:
    """``column`` against period, broken between segments (each segment has its own mean and limits)."""
    xs: list = []
    ys: list = []
    for _segment, rows in points.groupby("segment", sort=True):
        xs += [*rows["period"], None]
        ys += [*rows[column], None]
    return xs, ys


def spc_chart(
    chart: MeasureSpc,
    measure: dict,
    planned: pd.DataFrame,
    context: ChartContext,
) -> Chart:
    """``chart`` (``rules.measure_spc``) for ``measure`` (a row of the plan's progress: name, unit, target_value,
    source); ``planned`` the measure's trajectory (period, planned_value) drawn for reference."""
    name, unit = str(measure["name"]), str(measure["unit"])
    points = chart.points
    present = chart.present
    figure = go.Figure()
    if len(planned):
        figure.add_trace(line(planned, "planned_value", "Trajectory (planned)", style.SeriesRole.TRAJECTORY, width=2))
    figure.add_trace(
        go.Scatter(
            x=points["period"],
            y=points["value"],
            name="Monthly figure",
            mode="lines",
            line={"color": style.Palette.DARK_BLUE, "width": 2},
            connectgaps=False,
            hoverinfo="skip",
        )
    )
    has_limits = bool(np.isfinite(points["mean"].to_numpy(dtype=float)).any())
    if has_limits:
        xs, ys = _by_segment(points, "mean")
        figure.add_trace(
            go.Scatter(x=xs, y=ys, name="Mean", mode="lines", line={"color": style.Palette.DARK_GREY, "width": 2})
        )
        for column, label in (("upper_limit", "Process limits"), ("lower_limit", None)):
            xs, ys = _by_segment(points, column)
            figure.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    name=label or "Process limits",
                    showlegend=label is not None,
                    legendgroup="limits",
                    mode="lines",
                    line={"color": style.Palette.DARK_GREY, "width": 1.5, "dash": "dash"},
                )
            )
    for signal, (colour, marker, glyph, words) in style.SPC_SIGNAL_STYLES.items():
        shown = present[present["signal"] == signal]
        if shown.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=shown["period"],
                y=shown["value"],
                name=f"{glyph} {words.capitalize()}",
                mode="markers",
                marker={"color": colour, "symbol": marker, "size": 10, "line": {"width": 2, "color": colour}},
                hovertemplate=f"%{{x|%b %Y}}: %{{y}} ({words})<extra></extra>",
            )
        )
    if not has_limits:
        shown = present.copy()
        figure.add_trace(
            go.Scatter(
                x=shown["period"],
                y=shown["value"],
                name="Monthly figure (too few to judge)",
                mode="markers",
                marker={"color": style.Palette.DARK_BLUE, "size": 7},
            )
        )
    suppressed = points[points["status"].notna()]
    plotted = pd.concat([points["value"], points["lower_limit"], points["upper_limit"]])
    status_symbols(figure, suppressed, plotted, name="Not published", colour=style.Palette.DARK_GREY)
    target = measure.get("target_value")
    if target is not None and pd.notna(target):
        target_line(figure, y=float(target), label=f"Target {style.format_value(float(target), unit)}")
    if chart.process_change is not None:
        target_line(
            figure,
            x=chart.process_change,
            label=f"Process changed {style.format_month(chart.process_change)}: limits recalculated",
        )
    if present.empty:
        say_in_words(figure, "No published monthly figures to chart")

    title = fit_title(f"{name}: {chart.variation.label.lower()}", f"{name}: statistical process control")
    subject = f"{name}, month by month. {LIMITS_EXPLAINED}"
    if chart.process_change is not None:
        subject += (
            f". The limits are recalculated from {style.format_month(chart.process_change)}, when the process changed"
        )
    if chart.suppressed:
        subject += f". {style.count_of(chart.suppressed, 'month')} not published (suppressed) left out"
    if chart.notes:
        subject += ". " + " ".join(note.rstrip(".") for note in chart.notes)
    caption = caption_text(
        subject,
        context,
        period_label(points["period"]) if len(points) else "no months",
        str(measure.get("source") or "council performance data"),
    )
    layout(figure, title, caption, style.UNIT_AXIS_TITLE.get(unit))
    table = tables.points_table(chart, unit)
    return Chart(f"spc-{measure['measure_code']}", title, caption, _alt_text(chart, name, unit, context), figure, table)


def _alt_text(chart: MeasureSpc, name: str, unit: str, context: ChartContext) -> str:
    present = chart.present
    if present.empty:
        return f"Statistical process control chart of {name} for {context.authority}: no published monthly figures."
    latest = present.iloc[-1]
    text = (
        f"Statistical process control chart of {name} for {context.authority}, "
        f"{period_label(chart.points['period'])}, {len(present)} months. "
    )
    if np.isfinite(latest["mean"]):
        low, high = (style.format_value(latest[column], unit) for column in ("lower_limit", "upper_limit"))
        text += (
            f"In the latest segment the mean is {style.format_value(latest['mean'], unit)} and the process limits "
            f"are {low} to {high}. "
        )
    text += (
        f"The latest month, {style.format_month(latest['period'])}, is {style.format_value(latest['value'], unit)}: "
        f"{tables.signal_text(latest['signal'])[2:].lower()}. {chart.variation.label}."
    )
    special = present[present["signal"].isin(["improvement", "concern", "neither"])]
    if len(special):
        text += f" {style.count_of(len(special), 'month')} show special cause."
    if chart.assurance is not None:
        text += f" Against the target: {chart.assurance.label.lower()}."
    return text

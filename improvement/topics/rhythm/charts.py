"""The reporting rhythm as a chart: six-weekly reports due and made, DfE reviews and board meetings on a timeline."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from improvement import style
from improvement.charting import (
    Chart,
    ChartContext,
    caption_text,
    connectors,
    fit_title,
    layout,
)
from improvement.topics.rhythm import rules as rhythm
from improvement.topics.rhythm.tables import report_status_text, rhythm_events_table

RHYTHM_SOURCE = "improvement adviser's submitted reports and the meeting calendar"


RHYTHM_ROWS = ("Board meeting", "DfE review", "Report due", "Report made")


def reporting_rhythm_chart(state: rhythm.Rhythm, context: ChartContext) -> Chart:
    """The reporting rhythm on one timeline: six-weekly reports due and made, DfE reviews and board meetings.

    Each report made sits under its due date, joined by a line; on time, late and missing are told apart by
    shape, colour and a text label. The next report and the next review due are open markers with their dates.
    """
    schedule, counts = state.schedule, state.counts
    figure = go.Figure()
    made = schedule.dropna(subset=["submitted_date"])
    due_to_made = [
        (due, "Report due", submitted, "Report made")
        for due, submitted in zip(made["due_date"], made["submitted_date"], strict=True)
    ]
    connectors(figure, due_to_made, width=1)
    if len(schedule):
        figure.add_trace(
            go.Scatter(
                x=schedule["due_date"],
                y=["Report due"] * len(schedule),
                mode="markers",
                name="Report due",
                marker={"symbol": "circle-open", "size": 11, "color": style.Palette.DARK_GREY},
                hovertemplate="Report due %{x|%d %b %Y}<extra></extra>",
            )
        )
    for status, (colour, marker, _glyph) in style.REPORT_TIMELINESS_STYLES.items():
        rows = schedule[schedule["status"] == status]
        if rows.empty:
            continue
        x = rows["due_date"] if status == rhythm.MISSING else rows["submitted_date"]
        labels = [
            "Missing" if status == rhythm.MISSING else f"+{int(d)}d" if status == rhythm.LATE else ""
            for d in rows["days_late"]
        ]
        figure.add_trace(
            go.Scatter(
                x=x,
                y=["Report made"] * len(rows),
                mode="markers+text",
                name=report_status_text(status),
                marker={
                    "symbol": marker,
                    "size": 14,
                    "color": colour,
                    "line": {"color": style.Palette.DARK_GREY, "width": 1},
                },
                text=labels,
                textposition="bottom center",
                textfont={"size": 11, "color": style.TEXT_COLOUR},
                hovertemplate=f"{status}: %{{x|%d %b %Y}}<extra></extra>",
            )
        )
    upcoming = []
    if state.next_report_due is not None:
        upcoming.append(("Report due", state.next_report_due, state.next_report_overdue, "Next report"))
    if state.next_review_due is not None:
        upcoming.append(("DfE review", state.next_review_due, state.review_overdue, "Next review"))
    for row, due, overdue, label in upcoming:
        figure.add_trace(
            go.Scatter(
                x=[pd.Timestamp(due)],
                y=[row],
                mode="markers+text",
                name=f"{label} due" + (" (overdue)" if overdue else ""),
                marker={
                    "symbol": "diamond-open",
                    "size": 15,
                    "color": style.Palette.DARK_PINK if overdue else style.Palette.DARK_GREY,
                    "line": {"width": 2},
                },
                text=[f"{label} {'overdue since' if overdue else 'due'} {style.format_date(due)}"],
                textposition="top left",
                textfont={"size": 11, "color": style.TEXT_COLOUR},
                hovertemplate=f"{label} due %{{x|%d %b %Y}}<extra></extra>",
            )
        )
    for row, frame, marker in (
        ("DfE review", state.reviews, "square"),
        ("Board meeting", state.board_meetings, "diamond"),
    ):
        held = frame[frame["held"]]
        if held.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=held["meeting_date"],
                y=[row] * len(held),
                mode="markers",
                name=f"{row} held",
                marker={"symbol": marker, "size": 11 if row == "DfE review" else 8, "color": style.Palette.DARK_GREY},
                text=[style.escape_html(title) for title in held["title"]],
                hovertemplate="%{text}: %{x|%d %b %Y}<extra></extra>",
            )
        )
    if context.data_as_at is not None:
        figure.add_vline(x=pd.Timestamp(context.data_as_at), line={"color": style.Palette.DARK_GREY, "dash": "dot"})

    if counts.due and counts.late == 0 and counts.missing == 0:
        title = fit_title(f"All {counts.due} six-weekly reports made on time")
    else:
        title = fit_title(
            f"{counts.made} of {counts.due} six-weekly reports made, {counts.late} late, {counts.missing} missing",
            f"{counts.made} of {counts.due} reports made, {counts.late} late, {counts.missing} missing",
        )
    dates = pd.concat(
        [
            schedule["due_date"],
            schedule["submitted_date"],
            state.reviews["meeting_date"],
            state.board_meetings["meeting_date"],
        ]
    ).dropna()
    period = f"{style.format_date(dates.min())} to {style.format_date(dates.max())}" if len(dates) else "no dates"
    caption = caption_text(
        "Six-weekly reports due (six weeks after the last report) and made; DfE six-monthly reviews; board meetings",
        context,
        period,
        RHYTHM_SOURCE,
    )
    layout(figure, title, caption, height=400, left_margin=130)
    # Eight legend entries: beside the plot, where they never run into the title.
    legend = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1.0, "yanchor": "top"}
    figure.update_layout(hovermode="closest", legend=legend, margin={"r": 230})
    shown = pd.concat([dates, pd.Series([pd.Timestamp(due) for _row, due, _overdue, _label in upcoming])])
    if len(shown):
        figure.update_xaxes(range=[shown.min() - pd.Timedelta(days=30), shown.max() + pd.Timedelta(days=45)])
    figure.update_yaxes(categoryorder="array", categoryarray=list(RHYTHM_ROWS), range=[-0.6, len(RHYTHM_ROWS) - 0.4])

    table = rhythm_events_table(state)
    next_text = (
        f"The next report is {'overdue since' if state.next_report_overdue else 'due'} "
        f"{style.format_date(state.next_report_due)}."
        if state.next_report_due
        else "No report is due yet."
    )
    alt = (
        f"Timeline of the reporting rhythm for {context.authority}, {period}. {counts.due} six-weekly reports were "
        f"due and {counts.made} made: {counts.on_time} on time, {counts.late} late, {counts.missing} missing. "
        f"{next_text} {state.reviews_held} DfE reviews held, the next "
        f"{'overdue since' if state.review_overdue else 'due'} {style.format_date(state.next_review_due)}; "
        f"{state.board_meetings_held} board meetings held."
    )
    return Chart("reporting-rhythm", title, caption, alt, figure, table)

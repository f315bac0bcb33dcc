"""The six-monthly review pack's charts: RAG movement over the window, measures on trajectory at its ends."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from improvement import style
from improvement.charting import (
    Chart,
    ChartContext,
    add_rag_traces,
    area_label,
    caption_text,
    connectors,
    fit_title,
    layout,
)
from improvement.topics.review import rules as review
from improvement.topics.review.tables import review_measures_table, review_rag_table

REVIEW_RAG_SOURCE = "improvement adviser's submitted reports"


REVIEW_MEASURES_SOURCE = "council performance data and improvement plan trajectories"


def _window_period(window: review.Window) -> str:
    return f"six months {style.format_date(window.start)} to {style.format_date(window.end)}"


def review_rag_chart(rag: pd.DataFrame, window: review.Window, context: ChartContext) -> Chart:
    """Each priority area's rating at the start and at the end of the window, joined by a line (shape + letter)."""
    start_x, end_x = f"Start: {style.format_date(window.start)}", f"End: {style.format_date(window.end)}"
    frame = rag.copy()
    frame["label"] = [area_label(c, t) for c, t in zip(frame["priority_area_code"], frame["title"], strict=True)]
    figure = go.Figure()
    rated_at_both_ends = [
        (start_x, row.label, end_x, row.label)
        for row in frame.itertuples()
        if isinstance(row.start_rating, str) and isinstance(row.end_rating, str)
    ]
    connectors(figure, rated_at_both_ends)
    points = pd.concat(
        [
            frame.assign(x=start_x, rating=frame["start_rating"]),
            frame.assign(x=end_x, rating=frame["end_rating"]),
        ]
    ).dropna(subset=["rating"])
    add_rag_traces(figure, points, x="x", x_hover="%{x}", size=22, text_position="middle right")
    counts = frame["movement"].value_counts()
    labels = {review.FIRST_RATED: "first rated"}
    parts = [
        f"{counts[m]} {labels.get(m, m)}"
        for m in (review.IMPROVED, review.WORSENED, review.UNCHANGED, review.FIRST_RATED)
        if m in counts
    ]
    if not parts:
        title = "No priority area rated by the end of this window"
    else:
        title = fit_title(
            f"RAG ratings in six months: {', '.join(parts)}",
            f"Priority areas: {', '.join(parts)}",
            ", ".join(parts),
        )
    caption = caption_text(
        "Improvement adviser's RAG rating per priority area: latest report by the start and by the end of the window",
        context,
        _window_period(window),
        REVIEW_RAG_SOURCE,
    )
    layout(figure, title, caption, height=140 + 70 * max(len(frame), 1), left_margin=250)
    figure.update_layout(hovermode="closest")
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=[start_x, end_x])
    figure.update_yaxes(categoryorder="array", categoryarray=list(frame["label"][::-1]), gridcolor="#F0F0F0")
    table = review_rag_table(rag)
    alt = (
        f"Chart of the RAG rating of {len(frame)} priority areas of {context.authority} at the start "
        f"({style.format_date(window.start)}) and end ({style.format_date(window.end)}) of the window. "
        + "; ".join(
            f"{row.priority_area_code}: {style.rag_text(row.start_rating)} to {style.rag_text(row.end_rating)}, "
            f"{row.movement}"
            for row in frame.itertuples()
        )
        + "."
    )
    return Chart(f"review-rag-{window.key}", title, caption, alt, figure, table)


def review_measures_chart(at_ends: pd.DataFrame, window: review.Window, context: ChartContext) -> Chart:
    """How many plan measures were on trajectory, off it or not judged at the window's start and end."""
    counts = review.judged_counts(at_ends)
    # Plotly draws the first category at the bottom: the start reads first, above the end.
    rows = [f"End: {style.format_date(window.end)}", f"Start: {style.format_date(window.start)}"]
    figure = go.Figure()
    for judgement, (colour, glyph) in style.TRAJECTORY_JUDGEMENT_STYLES.items():
        row = counts[counts["judgement"] == judgement].iloc[0]
        values = [int(row["end"]), int(row["start"])]
        figure.add_trace(
            go.Bar(
                x=values,
                y=rows,
                orientation="h",
                name=f"{glyph} {judgement}",
                marker={"color": colour, "line": {"color": style.Palette.DARK_GREY, "width": 1}},
                text=[f"{glyph} {v}" if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#FFFFFF" if judgement == review.OFF else style.TEXT_COLOUR, "size": 13},
                hovertemplate=f"%{{y}}: %{{x}} {judgement.lower()}<extra></extra>",
            )
        )
    on = counts.set_index("judgement").loc[review.ON]
    total = len(at_ends)
    title = fit_title(
        f"{int(on['end'])} of {total} measures on trajectory, from {int(on['start'])}",
        f"{int(on['end'])} of {total} measures on trajectory",
    )
    caption = caption_text(
        "Plan measures on or off trajectory in the latest month ended by the window's start and by its end",
        context,
        _window_period(window),
        REVIEW_MEASURES_SOURCE,
    )
    layout(figure, title, caption, height=260, left_margin=200)
    figure.update_layout(barmode="stack", hovermode="closest", legend={"traceorder": "normal"})
    figure.update_xaxes(title_text="Plan measures", rangemode="tozero", dtick=1 if total <= 20 else None)
    table = review_measures_table(at_ends)
    off = counts.set_index("judgement").loc[review.OFF]
    alt = (
        f"Stacked bar chart of {total} plan measures for {context.authority}. At the start of the window "
        f"({style.format_date(window.start)}) {int(on['start'])} were on trajectory and {int(off['start'])} off; at "
        f"the end ({style.format_date(window.end)}) {int(on['end'])} on and {int(off['end'])} off. Off at the end: "
        + (", ".join(at_ends.loc[at_ends["end_judgement"] == review.OFF, "name"]) or "none")
        + "."
    )
    return Chart(f"review-measures-{window.key}", title, caption, alt, figure, table)

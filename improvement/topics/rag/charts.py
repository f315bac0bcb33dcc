"""The adviser's RAG ratings as a chart: every priority area by every report, as shape, letter and colour."""

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
    fit_title,
    layout,
    period_label,
)


def rag_history_chart(ratings: pd.DataFrame, areas: pd.DataFrame, context: ChartContext) -> Chart:
    """Priority areas (rows) by report (columns), each cell the rating as shape, colour and word."""
    frame = ratings.merge(areas[["priority_area_code", "title", "sort_order"]], on="priority_area_code")
    frame["area"] = frame["priority_area_code"] + " " + frame["title"]  # as people read it, in the table
    frame["label"] = [area_label(c, t) for c, t in zip(frame["priority_area_code"], frame["title"], strict=True)]
    order = areas.sort_values("sort_order")
    order = order[order["priority_area_code"].isin(set(frame["priority_area_code"]))]
    y_order = [area_label(c, t) for c, t in zip(order["priority_area_code"], order["title"], strict=True)]

    figure = go.Figure()
    add_rag_traces(figure, frame, x="report_date", x_hover="%{x|%d %b %Y}", size=20, text_position="bottom center")
    latest_date = frame["report_date"].max() if len(frame) else None
    latest = frame[frame["report_date"] == latest_date]
    counts = latest["rating"].value_counts()
    summary = ", ".join(f"{counts[r]} {r}" for r in style.RAG_STYLES if r in counts)
    if latest.empty:
        title = "No submitted report has rated these priority areas yet"
    elif len(areas) == 1:
        code, name, rating = areas["priority_area_code"].iloc[0], areas["title"].iloc[0], latest["rating"].iloc[0]
        title = fit_title(f"{code} {name} rated {rating} in latest report", f"{code} rated {rating} in latest report")
    else:
        title = fit_title(f"Latest report rates {summary}", f"Latest report: {summary}")
    period = period_label(frame["report_date"]) if len(frame) else "no reports"
    caption = caption_text(
        "Improvement adviser's RAG rating per priority area, six-weekly reports",
        context,
        period,
        "improvement adviser's submitted reports",
    )
    layout(figure, title, caption, height=140 + 70 * max(len(y_order), 1), left_margin=250)
    figure.update_yaxes(categoryorder="array", categoryarray=list(reversed(y_order)), gridcolor="#F0F0F0")
    figure.update_layout(hovermode="closest")

    table = (
        frame.assign(report=frame["report_date"].map(style.format_date), cell=frame["rating"].map(style.rag_text))
        .pivot_table(index="area", columns="report", values="cell", aggfunc="first", sort=False)
        .reindex(list(order["priority_area_code"] + " " + order["title"]))
    )
    # The latest report first: what a reader wants is the current rating, then how it got there.
    newest_first = sorted(frame["report_date"].unique(), reverse=True)
    table = table[[style.format_date(d) for d in newest_first]] if len(frame) else table
    table = table.reset_index().rename(columns={"area": "Priority area"})
    table.columns.name = None
    alt = (
        f"Grid of RAG ratings for {len(y_order)} priority areas of {context.authority} across "
        f"{frame['report_date'].nunique()} reports, {period}. Latest report ({style.format_date(latest_date)}): "
        + "; ".join(f"{row.area}: {style.rag_style(row.rating).label}" for row in latest.itertuples())
        + "."
    )
    return Chart("rag-history", title, caption, alt, figure, table)

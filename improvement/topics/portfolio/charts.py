"""The portfolio's charts: councils by priority-area theme, each cell the latest rating as shape, letter and colour;
and one published indicator across the portfolio against England."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from improvement import style
from improvement.charting import (
    Chart,
    ChartContext,
    add_rag_traces,
    caption_text,
    fit_title,
    layout,
    target_line,
    wrap_text,
)
from improvement.topics.portfolio import tables

NOT_RATED = "not rated yet"


def theme_chart(grid: pd.DataFrame, order: list[str], context: ChartContext) -> Chart:
    """Councils (rows, worst first as ``order`` gives their names) by theme (columns); a council's cell holds the
    worst latest rating of its areas of that theme. An empty cell: no area of that theme."""
    frame = grid.assign(label=grid["name"].map(lambda name: wrap_text(name, 30)))
    themes = sorted(frame["theme"].unique())
    figure = go.Figure()
    rated = frame[frame["rating"].notna()].assign(theme_label=lambda f: f["theme"].map(_theme_label))
    add_rag_traces(figure, rated, x="theme_label", x_hover="%{x}", size=22, text_position="middle right")
    unrated = frame[frame["rating"].isna()]
    if len(unrated):
        figure.add_trace(
            go.Scatter(
                x=unrated["theme"].map(_theme_label),
                y=unrated["label"],
                mode="markers",
                name=NOT_RATED,
                marker={"symbol": "square-open", "size": 18, "color": style.Palette.DARK_GREY},
                hovertemplate="%{y}<br>%{x}: " + NOT_RATED + "<extra></extra>",
            )
        )
    red = rated[rated["rating"] == "Red"]
    counts = red["theme"].value_counts()
    if rated.empty:
        title = "No council's priority areas are rated yet"
    elif len(counts):
        top = counts.index[0]
        title = fit_title(
            f"{style.count_of(counts.iloc[0], 'council')} rated Red on {top}",
            f"Red ratings cluster on {top}",
        )
    else:
        title = "No council has a priority area rated Red"
    caption = caption_text(
        "Latest RAG rating of councils in intervention by priority-area theme (worst area of each theme)",
        context,
        "latest six-weekly reports",
        "improvement advisers' submitted reports; themes from the councils' improvement plans",
    )
    rows = [wrap_text(name, 30) for name in order if name in set(frame["name"])]
    layout(figure, title, caption, height=260 + 46 * max(len(rows), 1), left_margin=230)
    figure.update_xaxes(categoryorder="array", categoryarray=[_theme_label(t) for t in themes], tickangle=0)
    figure.update_yaxes(categoryorder="array", categoryarray=list(reversed(rows)), gridcolor="#F0F0F0")
    figure.update_layout(hovermode="closest")
    table = tables.theme_table(grid, order)
    alt = (
        f"Grid of {len(rows)} councils in intervention by {len(themes)} priority-area themes, each cell the latest "
        "rating of the council's areas of that theme. "
        + "; ".join(
            f"{theme}: " + ", ".join(f"{r.name} {style.rag_style(r.rating).label}" for r in group.itertuples())
            for theme, group in rated.sort_values(["theme", "name"]).groupby("theme", sort=False)
        )
        + "."
    )
    return Chart("portfolio-themes", title, caption, alt, figure, table)


def _theme_label(theme: str) -> str:
    return wrap_text(theme, 12)


def benchmark_chart(frame: pd.DataFrame, context: ChartContext) -> Chart:
    """One published indicator across the portfolio: each council's newest figure (a filled circle) and its
    statistical neighbours' average (an open diamond), against England (a dotted line); ``frame`` is one indicator's
    rows of ``view.portfolio_benchmarks``."""
    name, unit = str(frame["name"].iloc[0]), str(frame["unit"].iloc[0])
    frame = frame.sort_values("value", na_position="first").assign(label=lambda f: f["council"].map(_council_label))
    figure = go.Figure()
    council_role, neighbour_role = style.SeriesRole.ACTUAL, style.SeriesRole.COMPARATOR
    figure.add_trace(
        go.Scatter(
            x=frame["value"],
            y=frame["label"],
            mode="markers",
            name="Council",
            marker={"symbol": "circle", "size": 14, "color": council_role.colour},
            hovertemplate="%{y}: %{x}<extra>Council</extra>",
        )
    )
    if frame["neighbours"].notna().any():
        figure.add_trace(
            go.Scatter(
                x=frame["neighbours"],
                y=frame["label"],
                mode="markers",
                name="Its statistical neighbours (average)",
                marker={"symbol": "diamond-open", "size": 14, "color": neighbour_role.colour, "line": {"width": 2}},
                hovertemplate="%{y}: %{x}<extra>Neighbours</extra>",
            )
        )
    england = frame["england"].dropna()
    if len(england):
        target_line(
            figure, label=f"England {style.format_value(float(england.iloc[0]), unit)}", x=float(england.iloc[0])
        )
    above = int((frame["value"] > frame["england"]).sum())
    compared = int((frame["value"].notna() & frame["england"].notna()).sum())
    title = fit_title(
        f"{above} of {compared} councils in intervention above England on {name.lower()}",
        f"{name}: councils in intervention against England",
    )
    periods = sorted(frame["period"].dropna().unique())
    period = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    caption = caption_text(
        f"{name}, newest published figure of each council in intervention, with its statistical neighbours' average",
        context,
        period,
        str(frame["source"].iloc[0]),
    )
    layout(figure, title, caption, height=200 + 40 * len(frame), left_margin=230)
    figure.update_yaxes(categoryorder="array", categoryarray=list(frame["label"]))
    figure.update_xaxes(title_text=f"{name} ({unit})" if unit not in ("count", "ratio") else name)
    table = pd.DataFrame(
        {
            "Council": frame["council"],
            "Year": frame["period"],
            "Council's figure": style.format_values(frame, "value"),
            "Statistical neighbours (average)": style.format_values(frame, "neighbours"),
            "England": style.format_values(frame, "england"),
        }
    ).iloc[::-1]
    alt = (
        f"Dot chart of {name.lower()} for {style.count_of(len(frame), 'council')} in intervention, {period}: "
        + "; ".join(f"{row.council} {style.format_value(row.value, unit)}" for row in frame.iloc[::-1].itertuples())
        + (f". England {style.format_value(float(england.iloc[0]), unit)}." if len(england) else ".")
    )
    return Chart(f"portfolio-{frame['indicator'].iloc[0]}", title, caption, alt, figure, table)


def _council_label(name: str) -> str:
    return wrap_text(name, 30)

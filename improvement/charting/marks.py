"""Marks shared by several charts: target lines, RAG ratings as shape, colour and letter, priority areas' labels."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from improvement import style
from improvement.charting.layout import wrap_text


def target_line(figure: go.Figure, *, label: str, y=None, x=None, position: str = "top left") -> None:
    """A target, allowance or threshold across the plot, dotted in the target's colour and labelled in words:
    horizontal at ``y`` or vertical at ``x``. The one way charts draw a line to measure against."""
    line = {"color": style.SeriesRole.TARGET.colour, "dash": style.SeriesRole.TARGET.dash, "width": 2}
    text = style.escape_html(label)
    if x is None:
        figure.add_hline(y=y, line=line, annotation_text=text, annotation_position=position)
    else:
        figure.add_vline(x=x, line=line, annotation_text=text, annotation_position=position)


def status_symbols(figure: go.Figure, rows: pd.DataFrame, plotted: pd.Series, *, name: str, colour: str) -> None:
    """Months with no published value marked by their symbol (``rows``: period, status such as c or x) just below
    the lowest of the ``plotted`` values, where the line has its gap: the reader sees why, not just a hole."""
    if rows.empty:
        return
    shown = plotted.dropna()
    low, high = (float(shown.min()), float(shown.max())) if len(shown) else (0.0, 1.0)
    figure.add_trace(
        go.Scatter(
            x=rows["period"],
            y=[low - 0.06 * (high - low or 1)] * len(rows),
            mode="text",
            text=[style.escape_html(status) for status in rows["status"]],
            name=style.escape_html(name),
            textfont={"color": colour, "size": 15},
            hoverinfo="skip",
        )
    )


def connectors(figure: go.Figure, pairs: list[tuple[object, object, object, object]], width: float = 2) -> None:
    """Thin grey lines joining each pair of points ``(x0, y0, x1, y1)``: a report due to the report made, a rating
    at the start of a window to the one at its end. Drawn first, so the marks sit on top."""
    if not pairs:
        return
    xs, ys = [], []
    for x0, y0, x1, y1 in pairs:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    figure.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": style.Palette.LIGHT_GREY, "width": width},
            hoverinfo="skip",
            showlegend=False,
        )
    )


def add_rag_traces(
    figure: go.Figure, frame: pd.DataFrame, *, x: str, x_hover: str, size: int, text_position: str
) -> None:
    """RAG ratings (``frame``: ``x``, label, rating) as markers: shape, colour and initial letter, one trace per
    rating so the legend gives the words. The one way charts draw a RAG rating. ``x`` and label are plotly text
    already (an ``area_label``, a date)."""
    for rating, rating_style in style.RAG_STYLES.items():
        subset = frame[frame["rating"] == rating]
        if subset.empty:
            continue
        marker = {
            "symbol": rating_style.marker,
            "size": size,
            "color": rating_style.fill,
            "line": {"color": style.Palette.DARK_GREY, "width": 1},
        }
        figure.add_trace(
            go.Scatter(
                x=subset[x],
                y=subset["label"],
                mode="markers+text",
                name=style.rag_text(rating),
                marker=marker,
                text=[rating[0]] * len(subset),  # R, A, G, B beside the shape; the words are in the legend
                textposition=text_position,
                textfont={"size": 12, "color": style.TEXT_COLOUR},
                hovertemplate="%{y}<br>" + x_hover + ": " + rating_style.label + "<extra></extra>",
            )
        )


def area_label(code: str, title: str) -> str:
    """A priority area's axis label as plotly text (escaped), wrapped so long Ofsted titles fit beside the chart."""
    return wrap_text(f"{code} {title}", 34)

"""How every chart looks and reads: the template, the layout, the caption, lines, periods, text alternatives, words
for movement.

``TEMPLATE`` is the plotly template built from ``improvement.style`` (font, colours, grid, legend, hover); a builder
calls ``layout`` once its traces are drawn, which applies it with the chart's title, caption and size.

Plotly reads every text in a figure as a subset of HTML, so loaded text (a team, a measure, an area's title) goes
into a figure only through ``style.escape_html``: ``layout``, ``line``, ``wrap_text`` and the marks do it for what
they are given; a builder does it for the names, labels, categories and hover data it puts in traces itself. A
``Chart``'s own title, caption, text alternative and table stay plain text (the page escapes them for Markdown).
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from improvement import style
from improvement.charting.chart import ChartContext

FONT = "Arial, Helvetica, sans-serif"


TRACE_KINDS = ("scatter", "bar", "heatmap")  # the only kinds of trace the charts draw
PLANE_LAYOUT = (  # the layout a flat chart reads (no maps, 3-D scenes, polar or ternary axes)
    "annotationdefaults",
    "autotypenumbers",
    "colorway",
    "font",
    "hoverlabel",
    "hovermode",
    "shapedefaults",
    "title",
    "xaxis",
    "yaxis",
)


def _template() -> go.layout.Template:
    """Plotly's own template, cut to what flat charts of our trace kinds read, with the dashboard's font, colours,
    grid, legend and hover on top.

    Every figure carries its template to the browser and through each rerun's serialising: plotly's whole template
    (maps, 3-D scenes, polar axes, twenty kinds of trace) is 7 KB a chart, this one about 1 KB, and draws the
    same."""
    plotly = pio.templates["plotly"]
    template = go.layout.Template(
        data={kind: plotly.data[kind] for kind in TRACE_KINDS},
        layout={key: plotly.layout[key] for key in PLANE_LAYOUT},
    )
    template.layout.update(
        font={"family": FONT, "size": 13, "color": style.Palette.DARK_GREY},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0, "itemsizing": "constant"},
        hovermode="x unified",
        xaxis={"showgrid": False, "showline": True, "linecolor": style.Palette.DARK_GREY, "ticks": "outside"},
        yaxis={"showgrid": True, "gridcolor": "#E5E5E5", "zeroline": False},
        annotationdefaults={"xref": "paper", "yref": "paper", "showarrow": False},  # words placed on the chart
    )
    return template


TEMPLATE = _template()


def period_label(periods: pd.Series) -> str:
    if periods.empty:
        return "no periods"
    first, last = pd.Timestamp(periods.min()), pd.Timestamp(periods.max())
    return style.format_month(first) if first == last else f"{style.format_month(first)} to {style.format_month(last)}"


def caption_text(subject: str, context: ChartContext, period: str, source: str) -> str:
    parts = [
        f"{subject}. {context.authority}, {period}.",
        f"Source: {source}.",
        f"Data as at {context.as_at_text}.",
        context.marking + ".",
    ]
    if context.synthetic:
        parts.append("SYNTHETIC DEMO DATA, not real figures.")
    return " ".join(parts)


def layout(
    figure: go.Figure,
    title: str,
    caption: str,
    y_title: str | None = None,
    height: int = 460,
    left_margin: int = 70,
) -> None:
    """Apply the template, the title and the caption (plain text, escaped here: they carry loaded names) and the
    size. The caption starts at the plot's left edge, so a wide left margin leaves it less room."""
    wrapped = wrap_text(caption, 130 - left_margin // 6)
    lines = wrapped.count("<br>") + 1
    figure.update_layout(
        template=TEMPLATE,
        title={"text": f"<b>{style.escape_html(title)}</b>", "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        height=height + 18 * lines,
        margin={"l": left_margin, "r": 30, "t": 70, "b": 80 + 18 * lines},
    )
    figure.add_annotation(
        text=wrapped,
        x=0,
        y=0,
        yshift=-(60 + 18 * lines),
        xanchor="left",
        yanchor="bottom",
        align="left",
        font={"size": 11, "color": style.Palette.DARK_GREY},
    )
    figure.update_yaxes(title_text=y_title)


def wrap_text(text: str, width: int) -> str:
    """Plain text as plotly text wrapped at ``width`` characters: each line escaped (``style.escape_html``: loaded
    text never acts as markup), the lines joined by plotly's line break."""
    return "<br>".join(style.escape_html(part) for part in textwrap.wrap(text, width=width, break_on_hyphens=False))


def say_in_words(figure: go.Figure, text: str) -> None:
    """What a chart has to say when it has nothing to draw (every value suppressed, no figures yet), in the plot."""
    figure.add_annotation(text=style.escape_html(text), x=0.5, y=0.55, font={"size": 15, "color": style.TEXT_COLOUR})


def line(frame: pd.DataFrame, y: str, name: str, role: style.SeriesRole, width: float = 3, **extra) -> go.Scatter:
    """A series over ``frame``'s periods in its role's colour and dash, named ``name`` (plain text, escaped here)."""
    return go.Scatter(
        x=frame["period"],
        y=frame[y],
        name=style.escape_html(name),
        mode=extra.pop("mode", "lines+markers" if role is style.SeriesRole.ACTUAL else "lines"),
        line={"color": role.colour, "dash": role.dash, "width": width},
        marker={"size": 6, "color": role.colour},
        connectgaps=False,
        **extra,
    )


def moved(change: float | None, value: str) -> str:
    """'rose to 23.7%', 'fell to 23.7%' or 'held at 23.7%'."""
    return {"up": f"rose to {value}", "down": f"fell to {value}", "flat": f"held at {value}"}[style.direction(change)]


def describe_line(
    subject: str,
    authority: str,
    shown: pd.DataFrame,
    column: str,
    unit: str,
    target: float | None,
    period: str,
) -> str:
    """Text alternative for a line chart: what is plotted, the range and the latest value."""
    if shown.empty:
        return f"Line chart of {subject} for {authority}: no published values in {period}."
    values = shown[column].astype(float)
    latest = shown.iloc[-1]
    text = (
        f"Line chart of {subject} for {authority}, {period}. "
        f"Values range from {style.format_value(values.min(), unit)} to {style.format_value(values.max(), unit)}; "
        f"the latest, {style.format_month(latest['period'])}, is {style.format_value(latest[column], unit)}."
    )
    if target is not None and not pd.isna(target):
        text += f" The target is {style.format_value(target, unit)}."
    return text


def short(text: str, width: int = 44) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

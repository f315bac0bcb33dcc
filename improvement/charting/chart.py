"""The chart every builder returns and what it states about itself: ``Chart`` and ``ChartContext``.

A ``Chart`` carries its figure, the same figures as a table, an active title of ten words or fewer, a caption
(measure, authority, period, source, "data as at", marking, synthetic) and a text alternative. On creation it puts
the title at the top and the legend between the title and the plot, and gives every legend entry words and a
marker, never plotly's 'Aa' glyph: so no builder can get these wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from improvement import style

MAX_TITLE_WORDS = 10


@dataclass(frozen=True)
class ChartContext:
    """What every chart states about itself, so a screenshot makes sense on its own."""

    authority: str
    data_as_at: dt.date | None
    marking: str
    synthetic: bool
    suppression_threshold: int = 5
    data_as_at_text: str | None = None  # when the figures' date is not a day (a DfE period with no known date)

    @property
    def as_at_text(self) -> str:
        if self.data_as_at is not None:
            return style.format_date(self.data_as_at)
        return self.data_as_at_text or "no date (nothing dated is loaded)"

    @classmethod
    def for_board(cls, data, settings) -> ChartContext:
        """The context of a council's own charts (``data`` is a ``board.BoardData``, ``settings`` the
        ``settings.Settings``): the one way pages and the briefing command make it."""
        return cls(
            authority=data.authority_name,
            data_as_at=data.as_at,
            marking=settings.protective_marking,
            synthetic=data.synthetic,
            suppression_threshold=settings.suppression_threshold,
        )


@dataclass(frozen=True)
class Chart:
    name: str  # stable identifier, also the download file name
    title: str
    caption: str
    alt_text: str
    figure: go.Figure
    table: pd.DataFrame

    def __post_init__(self) -> None:
        _words_not_glyphs_in_the_legend(self.figure)
        _fit_title_and_legend(self.figure)


def fit_title(*candidates: str) -> str:
    """The first candidate of ten words or fewer; the last one cut to ten words if none fits."""
    for candidate in candidates:
        if len(candidate.split()) <= MAX_TITLE_WORDS:
            return candidate
    return " ".join(candidates[-1].split()[:MAX_TITLE_WORDS])


TITLE_BLOCK = 56  # pixels above the plot for the title


LEGEND_ROW = 24  # pixels per row of a legend drawn above the plot


CHART_WIDTH = 1050  # about a chart's width on screen and in exported images (``exports.EXPORT_WIDTH``)


def _legend_rows(figure: go.Figure) -> int:
    """How many rows the horizontal legend above the plot takes (0 when there is none), estimated from its entries'
    words at 13-pixel Arial, as plotly wraps them across the chart."""
    layout = figure.layout
    entries = [trace.name for trace in figure.data if trace.showlegend is not False and trace.name]
    if layout.showlegend is False or (len(entries) < 2 and layout.showlegend is not True):
        return 0
    if layout.legend.orientation == "v":
        return 0
    room = CHART_WIDTH - (layout.margin.l or 0)
    rows, used = 1, 0
    for name in entries:
        width = 46 + 7 * len(str(name))
        if used and used + width > room:
            rows, used = rows + 1, 0
        used += width
    return rows


def _fit_title_and_legend(figure: go.Figure) -> None:
    """Title at the very top, the legend (however many rows it wraps to) between it and the plot: the legend can
    never cover the title. Called once a chart is complete (``Chart.__post_init__``)."""
    layout = figure.layout
    if layout.title.text is None:
        return
    rows = _legend_rows(figure)
    top = TITLE_BLOCK + LEGEND_ROW * rows + (6 if rows else 0)
    grow = top - (layout.margin.t if layout.margin.t is not None else top)
    figure.update_layout(
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}},
        legend={"yanchor": "bottom", "y": 1.0, "x": 0.0} if rows else {},
        margin={"t": top},
        height=(layout.height or 450) + max(grow, 0),
    )


def _words_not_glyphs_in_the_legend(figure: go.Figure) -> None:
    """Plotly draws a trace with text in the legend with an 'Aa' glyph. A trace of markers and text gets a legend
    entry of its marker alone instead, added after every real trace (so the axes take their types from real
    points); a trace of text alone gets none (its caption says what the symbols mean). Called once a chart is
    complete (``Chart.__post_init__``), so no builder can forget it."""
    entries = []
    for trace in figure.data:
        mode = getattr(trace, "mode", None) or ""
        if "text" not in mode or trace.showlegend is False or not trace.name:
            continue
        trace.showlegend = False
        if "markers" in mode:
            entries.append(go.Scatter(x=[None], y=[None], mode="markers", name=trace.name, hoverinfo="skip"))
            entries[-1].marker = trace.marker
    for entry in entries:
        figure.add_trace(entry)

"""The chart machinery every topic's charts share: the ``Chart`` type, titles, captions, layout, lines and marks.

A chart builder lives in its topic (``improvement/topics/<topic>/charts.py``), takes DataFrames and a
``ChartContext`` and returns a ``Chart``; it takes its colours from ``style.SeriesRole`` and ``style``'s state
styles, and its layout, caption and marks from here.
"""

from improvement.charting.chart import LEGEND_ROW, MAX_TITLE_WORDS, TITLE_BLOCK, Chart, ChartContext, fit_title
from improvement.charting.layout import (
    FONT,
    TEMPLATE,
    caption_text,
    describe_line,
    layout,
    line,
    moved,
    period_label,
    say_in_words,
    short,
    wrap_text,
)
from improvement.charting.marks import add_rag_traces, area_label, connectors, status_symbols, target_line

__all__ = [
    "FONT",
    "LEGEND_ROW",
    "MAX_TITLE_WORDS",
    "TEMPLATE",
    "TITLE_BLOCK",
    "Chart",
    "ChartContext",
    "add_rag_traces",
    "area_label",
    "caption_text",
    "connectors",
    "describe_line",
    "fit_title",
    "layout",
    "line",
    "moved",
    "period_label",
    "say_in_words",
    "short",
    "status_symbols",
    "target_line",
    "wrap_text",
]

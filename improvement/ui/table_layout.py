"""How wide each column of an on-screen table is, so the columns that carry the finding can be read at a glance.

Streamlit's data grid sizes a column to its longest cell, so one long milestone or narrative pushes the status, the
forecast and the due date out of view. Here every column gets the width its text needs, up to ``MAX_COLUMN_PX``;
table builders put the finding first (the name, then its status, judgement, forecast, score or due date), and
those columns then fit in ``READING_WIDTH_PX``, the grid's width in a 1280-pixel browser window with the sidebar
open. A cell cut short by its column's width has its full text one click away: ``shortened_columns`` names the
columns, and ``show_table`` puts the whole table, wrapped, in an expander under the grid.

Widths are estimates from the number of characters (Streamlit's Source Sans at 14 px), rounded up, so a column
that is said to fit does.
"""

from __future__ import annotations

import math
import re

import pandas as pd

READING_WIDTH_PX = 800
"""The data grid's width in a 1280-pixel window with the sidebar open (about 820 px), less a margin."""

CHARACTER_PX = 6.5
"""A generous average width of one character of the grid's 14 px font."""

PADDING_PX = 22
"""A cell's padding and border, and room for the sort arrow in a header."""

MIN_COLUMN_PX = 56
MAX_COLUMN_PX = 300
"""No column is wider than this, so the finding columns after a long name still fit."""


def natural_width(texts: list[str]) -> int:
    """The width in pixels that shows the longest of ``texts`` in full."""
    longest = max((len(text) for text in texts), default=0)
    return max(MIN_COLUMN_PX, math.ceil(PADDING_PX + CHARACTER_PX * longest))


LINK_DISPLAY = r"#(.*)$"
"""A link cell is its address, then '#' and the text the grid shows (``link_cell``); the grid's ``LinkColumn``
shows what this pattern's group finds."""


def link_cell(address: str, text: str) -> str:
    """A grid cell that shows ``text`` as a link to ``address`` (no page reads the part after '#')."""
    return f"{address}#{text}"


def shown_text(value: object) -> str:
    """What the grid shows for a cell: a link cell's text, any other value as text."""
    if pd.isna(value):
        return "—"
    text = str(value)
    found = re.search(LINK_DISPLAY, text) if text.startswith(("./?", "/?")) else None
    return found.group(1) if found else text


def _texts(table: pd.DataFrame, column: str) -> list[str]:
    return [str(column), *(shown_text(value) for value in table[column])]


def column_widths(table: pd.DataFrame) -> dict[str, int]:
    """Each column's width in pixels: what its header and longest cell need, at most ``MAX_COLUMN_PX``."""
    return {column: min(MAX_COLUMN_PX, natural_width(_texts(table, column))) for column in table.columns}


def shortened_columns(table: pd.DataFrame) -> list[str]:
    """The columns whose longest text is wider than the column: the grid cuts those cells short."""
    return [column for column in table.columns if natural_width(_texts(table, column)) > MAX_COLUMN_PX]


def right_edges(widths: dict[str, int]) -> dict[str, int]:
    """Where each column ends, in pixels from the grid's left edge (for checking what fits on screen)."""
    edges, total = {}, 0
    for column, width in widths.items():
        total += width
        edges[column] = total
    return edges

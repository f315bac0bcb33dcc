"""Streamlit building blocks shared by every page: data for the chosen authority, page header, charts, filters.

Pages import from here and get each topic's view from ``improvement.ui.views`` (worked out once per data state);
they never touch the database or style a chart themselves.
"""

from improvement.ui.components import (
    ask_to_load,
    page_header,
    query_multiselect,
    query_select,
    rag_badge,
    select_authority,
    show_chart,
    show_table,
)
from improvement.ui.data import BoardData, board_data

__all__ = [
    "BoardData",
    "ask_to_load",
    "board_data",
    "page_header",
    "query_multiselect",
    "query_select",
    "rag_badge",
    "select_authority",
    "show_chart",
    "show_table",
]

"""What the Data page shows of the loads: how fresh each kind of data is, and every load."""

from __future__ import annotations

import pandas as pd

from improvement.topics.loads import tables


def freshness(freshness: pd.DataFrame, titles: dict[str, str], expected: list[str]) -> pd.DataFrame:
    """Each kind of data loaded, newest first, then each expected kind never loaded (``tables.freshness_table``)."""
    return tables.freshness_table(freshness, titles, expected)


def history(loads: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """Every load, newest first (``tables.load_history_table``)."""
    return tables.load_history_table(loads, titles)

"""Ofsted Annex A breakdowns as people read them."""

from __future__ import annotations

import pandas as pd


def annex_a_breakdown_table(breakdown: pd.DataFrame, label: str) -> pd.DataFrame:
    """``annex_a_breakdown`` as people read it: the label column and the number of children (or ``c``)."""
    return pd.DataFrame({label: breakdown["label"], "Children on CP plans": breakdown["shown"]})

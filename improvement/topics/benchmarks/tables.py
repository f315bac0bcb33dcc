"""Benchmark tables: the newest published year per indicator, and a month both the council and DfE describe."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement import style
from improvement.topics.benchmarks import rules as benchmarks


def own_and_published_table(both: pd.DataFrame, unit: str) -> pd.DataFrame:
    """``benchmarks.own_and_published`` as the page lists it: the month, the two figures and DfE's period."""
    return pd.DataFrame(
        {
            "Month": both["month"].map(style.format_month),
            "Council's own figure": [style.format_value(v, unit) for v in both["own_value"]],
            "DfE published figure": [style.format_value(v, unit) for v in both["published_value"]],
            "DfE period": both["published_period"],
        }
    )


def published_summary_row(
    authority: str, name: str, unit: str, latest: dict, bench: benchmarks.Benchmark, as_at: dt.date | None
) -> dict[str, str]:
    """One indicator's newest published year (``benchmarks.latest_comparison``): council, England, neighbours."""
    england = latest[benchmarks.ENGLAND]
    neighbours = latest[benchmarks.NEIGHBOURS]
    return {
        "Measure": name,
        "Year": latest["period"],
        authority: style.format_value(latest[benchmarks.COUNCIL], unit),
        "England": style.format_value(england, unit, latest[f"{benchmarks.ENGLAND}_status"]),
        "Statistical neighbours (average)": style.format_value(neighbours, unit)
        if bench.neighbour_count
        else "not loaded",
        f"{authority}, later years": benchmarks.withheld_text(latest["withheld_after"]) or "—",
        "Data as at": style.format_date(as_at),
        "Source": bench.source,
    }

"""What "the same" means when a loaded row meets a stored one, months, and the newest stored row per key.

There is one of each, and every kind uses it:

- ``same(new, old)``: equal as stored: numbers to within float rounding (3 and 3.0, and 0.1 + 0.2 and 0.3, are
  the same), dates as dates (a datetime is its date), and missing as missing (None and NaN);
- ``month_starts(values)``: dates as the 1st of their month (a monthly figure for "any day in June" is June),
  with the cells that moved, for the note that says so;

and the newest stored row per key is ``improvement.queries.sql.newest_per_key``, the rule the queries use for what
pages show, so a load compares a file with the very row a page would show.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd


def plain(value: Any) -> Any:
    """A value as it compares: a datetime (a pandas Timestamp too) as its date; NaN as None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def plain_values(values: list) -> list:
    """``plain`` of each value; as fast as a look at their types when there is nothing to change."""
    kinds = set(map(type, values))
    if not any(issubclass(kind, dt.datetime | float) for kind in kinds):
        return values
    if all(kind is type(None) or issubclass(kind, float) for kind in kinds):  # numbers: only a NaN changes
        return [None if value != value else value for value in values]  # NaN is the one value not equal to itself
    return [plain(value) for value in values]


def same(new: Any, old: Any) -> bool:
    """Equal as stored: numbers to within float rounding, dates as dates, missing (None or NaN) as missing."""
    new, old = plain(new), plain(old)
    if new is None or old is None:
        return new is None and old is None
    if isinstance(new, int | float) and isinstance(old, int | float) and not isinstance(new, bool):
        return math.isclose(float(new), float(old), rel_tol=1e-9, abs_tol=1e-12)
    return new == old


def month_start(value: dt.date | None) -> dt.date | None:
    return None if value is None else value.replace(day=1)


def month_starts(values: list) -> tuple[list, list[int]]:
    """``values`` (dates or None) as the 1st of their month, and the positions of those that were not."""
    moved = [position for position, day in enumerate(values) if day is not None and day.day != 1]
    return [month_start(day) for day in values], moved


def set_column(frame: pd.DataFrame, name: str, values: list) -> None:
    """Set a column of plain Python values, kept as they are (pandas would turn ``[1, None]`` into ``[1.0, nan]``)."""
    frame[name] = pd.Series(values, index=frame.index, dtype=object)

"""Figures that cannot be true are refused; figures that are possible but far out of line are loaded and noted.

- ``measure_problems``: a table's ``measured`` columns hold figures of the row's measure (``measure_code``): an
  actual, a target, a planned value, a baseline. Each must be in the range of the measure's unit
  (``improvement.vocab.UNIT_RANGES``: a percentage from 0 to 100, a count a whole number 0 or more, a ratio or
  weeks 0 or more), the unit being the one in this file's ``measures`` table, else the stored one. A refusal names
  the measure, its unit, the range and the value as written in the file.
- ``range_problem``: the same refusal for a column with a range of its own (a team's FTE, ``vocab.TEAM_FTE``).
- ``jump_notes``: for a table of monthly figures (``noted_jumps``), a month whose figure moves from the month
  before or to the month after by more than **five times the series' usual month-to-month change** is loaded, and
  a warning in the load's notes names the measure, the authority, the month and the figures. The series is the
  authority's figures for the measure by month: the newest stored ones with this file's over them (a suppressed
  month has none). Changes are between consecutive calendar months; the usual change is the mean size of the
  series' other month-to-month changes (those not touching the month judged), and a month is judged only when
  there are at least three of them and their mean is above 0 (a series that never moved has no usual change).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
from sqlalchemy import Connection, select

from improvement.db.models import Measure
from improvement.vocab import UNIT_RANGES, Plausible, Unit
from loaders.framework.base import Problem
from loaders.framework.compare import plain
from loaders.framework.readers import ROW
from loaders.framework.tables import AUTHORITY, MEASURES_TABLE, ReadTable

JUMP_FACTOR = 5
"""A month-to-month change more than this many times the usual one is noted."""
JUDGED_AFTER = 3
"""A month is judged only against at least this many other month-to-month changes."""


def range_problem(read: ReadTable, row: int, column: str, value: float | None, allowed: Plausible) -> Problem | None:
    """A problem naming ``value`` as written when ``allowed`` does not allow it, or None."""
    if plain(value) is None or allowed.allows(value):
        return None
    return read.problem(f"expected {allowed}", row=row, column=column, value=read.written(row, column, value))


def measure_problems(connection: Connection, read: ReadTable, frame: pd.DataFrame, frames: dict) -> list[Problem]:
    """Each ``measured`` figure of ``frame`` outside its measure's unit's range (see the module's text)."""
    table = read.table
    if not table.measured or frame.empty:
        return []
    units = _units(connection, set(frame["measure_code"]), frames.get(MEASURES_TABLE))
    problems = []
    for column in table.measured:
        for row, code, value in zip(frame[ROW], frame["measure_code"], frame[column], strict=True):
            unit = units.get(code)
            if unit is None or plain(value) is None or UNIT_RANGES[unit].allows(value):
                continue
            problems.append(
                read.problem(
                    f"is not possible for {code}, a {unit} measure: expected {UNIT_RANGES[unit]}",
                    row=row,
                    column=column,
                    value=read.written(row, column, value),
                )
            )
    return problems


def _units(connection: Connection, codes: set, defined: pd.DataFrame | None) -> dict[str, Unit]:
    """Measure code -> unit: the stored measure's (the catalogue never changes), else this file's."""
    units = {}
    if defined is not None and not defined.empty:
        units = {code: Unit(unit) for code, unit in zip(defined["code"], defined["unit"], strict=True)}
    stored = connection.execute(select(Measure.code, Measure.unit).where(Measure.code.in_(codes))).all()
    return units | {code: Unit(unit) for code, unit in stored}


def jump_notes(read: ReadTable, frame: pd.DataFrame, stored: dict[tuple, tuple], key: list[str]) -> list[str]:
    """Warnings for this file's months whose figure jumps far beyond the series' usual change (the module's text).

    ``frame`` holds the file's rows with their ids; ``stored`` maps each stored ``key`` (authority id, measure id,
    month) to its newest ``compared`` values, the figure first."""
    table = read.table
    column, month = table.noted_jumps, table.months[0]
    owner = [name for name in key if name != month]
    series: dict[tuple, dict[dt.date, float | None]] = defaultdict(dict)
    for stored_key, values in stored.items():
        named = dict(zip(key, stored_key, strict=True))
        series[tuple(named[name] for name in owner)][named[month]] = plain(values[0])
    loaded: dict[tuple, list[dt.date]] = defaultdict(list)
    names: dict[tuple, tuple[str, str]] = {}
    for record in frame.to_dict("records"):
        which = tuple(record[name] for name in owner)
        series[which][record[month]] = plain(record[column])
        loaded[which].append(record[month])
        names[which] = (record["measure_code"], record[AUTHORITY])
    notes = []
    for which, months in loaded.items():
        figures = {day: value for day, value in series[which].items() if value is not None}
        sizes = {day: abs(figures[day] - figures[_before(day)]) for day in figures if _before(day) in figures}
        total = sum(sizes.values())
        for day in sorted(set(months) & set(figures)):
            mine = [sizes[d] for d in (day, _after(day)) if d in sizes]  # the changes into and out of the month
            others = len(sizes) - len(mine)
            usual = round((total - sum(mine)) / others, 9) if others else 0.0  # 0 when the others never moved
            if mine and others >= JUDGED_AFTER and usual > 0 and max(mine) > JUMP_FACTOR * usual:
                notes.append(_jump_note(*names[which], day, figures, usual))
    return notes


def _before(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _after(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _jump_note(code: str, authority: str, day: dt.date, figures: dict, usual: float) -> str:
    around = [f"{figures[other]:g} in {other:%B %Y}" for other in (_before(day), _after(day)) if other in figures]
    return (
        f"warning: {code} for {authority} in {day:%B %Y} is {figures[day]:g}, against {' and '.join(around)}: more "
        f"than {JUMP_FACTOR} times its usual month-to-month change ({round(usual, 2):g}); loaded, but check the figure"
    )

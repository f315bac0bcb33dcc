"""DfE published statistics: any explore-education-statistics (EES) CSV table, including ones never seen before.

An EES table is recognised by its geography columns (``time_period, time_identifier, geographic_level`` and then
``country_code ... la_name``; a national-only table may have fewer). Every other column has a role decided from
its values:

- an **indicator** when, leaving out blanks and the suppression symbols ``c, low, x, z, u``, every value is a
  number; also when at least 90% are, in which case each non-number is reported as a problem (a typo in a figure
  must not silently turn the column into a breakdown);
- otherwise a **breakdown** (a filter such as ``category``), stored with each value as ``name=value; ...``.

Each indicator cell becomes one ``published_value`` row for its geography (National by ``country_code``,
Regional by ``region_code``, Local authority by ``new_la_code``, other levels by their own code column). A
suppression symbol is kept in ``status`` with no value, never as zero; an empty cell is not stored. Values are
exact: the text is parsed with ``float``. Loading a file again stores only what changed: a revised figure is a
new row (the newest load wins), an unchanged one is not written.

The load also registers the councils it names (``register_councils``): each ``new_la_code`` of its Local authority
rows not yet in the ``authority`` table is added, with the old LA code, name and region of that council's newest
row, so a council's own files (Annex A, reports, monthly tables) can be loaded next. Joint rows (``"A / B"``) are
not councils and are not registered; an authority already stored is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from improvement.db.models import Load, PublishedValue
from loaders.framework.authorities import JOINT, register_councils
from loaders.framework.base import Changes, FileRefused, Layout, LoaderKind, Problem, Source, shortened
from loaders.framework.readers import ROW, csv_header, read_csv
from loaders.framework.schema import SUPPRESSION_SYMBOLS, TOO_LONG, TableSpec
from loaders.framework.store import store_file
from loaders.framework.tables import ReadFile, ReadTable, StoredTable

SYMBOLS = SUPPRESSION_SYMBOLS
SYMBOLS_TEXT = ", ".join(SYMBOLS)
REQUIRED = ("time_period", "time_identifier", "geographic_level")
GEOGRAPHY = (
    *REQUIRED,
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
# Geographic level -> (code column, name column). The first code column present and filled is the area's code.
LEVELS: dict[str, tuple[tuple[str, ...], str]] = {
    "National": (("country_code",), "country_name"),
    "Regional": (("region_code",), "region_name"),
    "Local authority": (("new_la_code", "old_la_code"), "la_name"),
    "Local authority district": (("lad_code",), "lad_name"),
    "Parliamentary constituency": (("pcon_code",), "pcon_name"),
    "Local skills improvement plan area": (("lsip_code",), "lsip_name"),
    "English devolved area": (("english_devolved_area_code",), "english_devolved_area_name"),
    "Local enterprise partnership": (("local_enterprise_partnership_code",), "local_enterprise_partnership_name"),
    "Mayoral combined authority": (("mayoral_combined_authority_code",), "mayoral_combined_authority_name"),
    "Opportunity area": (("opportunity_area_code",), "opportunity_area_name"),
    "Ward": (("ward_code",), "ward_name"),
}
# Further EES geography columns (never breakdowns, never indicators).
OTHER_GEOGRAPHY = {column for codes, name in LEVELS.values() for column in (*codes, name)} | {
    "lad_code",
    "lad_name",
    "school_urn",
    "school_laestab",
    "school_name",
    "school_postcode",
    "provider_ukprn",
    "provider_name",
    "institution_id",
    "institution_name",
    "trust_id",
    "trust_name",
    "sponsor_id",
    "sponsor_name",
    "planning_area_code",
    "planning_area_name",
}
CORE_LEVELS = ("National", "Regional", "Local authority")
INDICATOR_SHARE = 0.9  # a column at least this numeric is an indicator with typos, not a breakdown
KEY = ("dataset", "time_period", "time_identifier", "geographic_level", "area_code", "indicator", "breakdown")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
COUNCIL_SOURCE = ["time_period", "new_la_code", "old_la_code", "la_name", "region_name"]
LENGTHS = {  # the database's column widths (PostgreSQL enforces them)
    "time_period": 12,
    "time_identifier": 40,
    "geographic_level": 40,
    "area_code": 40,
    "area_name": 120,
    "old_la_code": 20,
    "region_code": 12,
    "region_name": 60,
}


@dataclass
class Published:
    """A validated EES table: one row per indicator cell, ready for ``published_value``."""

    dataset: str
    values: pd.DataFrame
    indicators: list[str]
    breakdowns: list[str]
    level_rows: dict[str, int]
    notes: list[str] = field(default_factory=list)
    # One row per new_la_code of the Local authority rows, from its newest period: time_period, new_la_code,
    # old_la_code, la_name, region_name (what ``register_councils`` needs).
    councils: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COUNCIL_SOURCE))


DATASET_LENGTH = 120  # published_value.dataset


def dataset_name(source_name: str) -> str:
    """The dataset a file's rows belong to: its name without the extension (refused when too long, never cut)."""
    return Path(source_name).stem


def column_roles(frame: pd.DataFrame) -> tuple[list[str], list[str], dict[str, pd.Series]]:
    """(indicators, breakdowns, {indicator: rows holding text that is neither a number nor a symbol})."""
    columns = [c for c in frame.columns if c != ROW and c not in GEOGRAPHY and c not in OTHER_GEOGRAPHY]
    cells = np.array([list(map(str.strip, frame[column].tolist())) for column in columns], dtype=object).T
    codes, uniques = pd.factorize(cells.ravel())
    number = np.fromiter((_NUMBER.match(value) is not None for value in uniques), bool, len(uniques))
    rest = ((uniques != "") & ~np.isin(uniques, SYMBOLS))[codes].reshape(cells.shape)
    number = number[codes].reshape(cells.shape)
    indicators, breakdowns, stray = [], [], {}
    for position, column in enumerate(columns):
        numeric = number[rest[:, position], position]
        if not numeric.size or numeric.all():
            indicators.append(column)
        elif numeric.mean() >= INDICATOR_SHARE:
            indicators.append(column)
            typos = rest[:, position] & ~number[:, position]
            stray[column] = pd.Series(cells[typos, position], index=frame.index[typos], dtype=object)
        else:
            breakdowns.append(column)
    return indicators, breakdowns, stray


def _stripped(column: pd.Series) -> pd.Series:
    """Text cells without their leading and trailing spaces (kept as Python text, ``object``)."""
    return pd.Series(list(map(str.strip, column.tolist())), index=column.index, dtype=object)


class _PublishedValues(StoredTable):
    """One row per indicator cell of a dataset: newest load wins per period, area, indicator and breakdown."""

    spec = TableSpec("published_value", (), key=KEY)
    model = PublishedValue
    key, compared, scope = KEY, ("value", "status"), ("dataset",)
    authority, counted_by = None, "indicator"


PUBLISHED = _PublishedValues()


class DfeStatistics(LoaderKind):
    kind = "dfe_statistics"
    covers_every_council = True  # every council's published figures
    title = "DfE published statistics (explore-education-statistics CSV)"
    layouts = (Layout(REQUIRED, tuple(sorted(set(GEOGRAPHY[3:]) | OTHER_GEOGRAPHY)), other_columns=True),)

    def recognises(self, source: Source) -> bool:
        header = csv_header(source)
        return all(column in header for column in REQUIRED)

    def read(self, source: Source) -> Published:
        raw = read_csv(source)
        frame = raw.frame
        name = source.name
        missing = [column for column in REQUIRED if column not in frame.columns]
        if missing:
            raise FileRefused(
                [
                    Problem(
                        name,
                        f"this is not a DfE explore-education-statistics table: it has no '{column}' column (every "
                        "EES CSV starts time_period, time_identifier, geographic_level, then its geography columns)",
                        row=1,
                        column=column,
                    )
                    for column in missing
                ]
            )
        frame = pd.DataFrame(
            {column: frame[column] if column == ROW else _stripped(frame[column]) for column in frame.columns}
        )
        problems: list[Problem] = []
        notes: list[str] = []
        indicators, breakdowns, stray = column_roles(frame)
        if not indicators:
            problems.append(
                Problem(name, "no indicator columns: after the geography columns, no column holds numbers", row=1)
            )
        for column, cells in stray.items():
            for index, value in cells.items():
                problems.append(
                    Problem(
                        name,
                        f"expected a number or a suppression symbol ({SYMBOLS_TEXT})",
                        row=int(frame.at[index, ROW]),
                        column=column,
                        value=value,
                    )
                )
        if len(dataset_name(name)) > DATASET_LENGTH:
            problems.append(
                Problem(
                    name,
                    f"the file's name (without '{Path(name).suffix}') is the dataset's name: it "
                    + TOO_LONG.format(length=len(dataset_name(name)), limit=DATASET_LENGTH),
                )
            )
        for column in indicators:
            if len(column) > 120:
                message = TOO_LONG.format(length=len(column), limit=120)
                problems.append(Problem(name, f"the column name {message}", row=1, column=column))

        # Geography: each row's area code and name from its level's columns.
        levels = frame["geographic_level"]
        known = levels.isin(list(LEVELS))
        unknown = levels[~known]
        if len(unknown):
            counts = unknown.value_counts()
            notes.append(
                "not stored (geographic level without an area code column this loader knows): "
                + ", ".join(f"{count:,} '{level or '(empty)'}' rows" for level, count in counts.items())
            )
        frame = frame if known.all() else frame[known]  # this read's own frame (stripped above): changed in place
        councils = _newest_council_rows(frame)
        level_of = frame["geographic_level"].to_numpy(dtype=object)
        area_code, area_name = np.full(len(frame), "", dtype=object), np.full(len(frame), "", dtype=object)
        not_stored = np.zeros(len(frame), dtype=bool)
        for level, (code_columns, name_column) in LEVELS.items():
            rows = level_of == level
            if not rows.any():
                continue
            present = [column for column in code_columns if column in frame.columns]
            if not present and level not in CORE_LEVELS:
                notes.append(f"{int(rows.sum()):,} '{level}' rows not stored: the file has no {code_columns[0]} column")
                not_stored |= rows
                continue
            if not present:
                problems.append(
                    Problem(
                        name,
                        f"the file has {level} rows but no {' or '.join(code_columns)} column to say which area",
                        row=1,
                    )
                )
                continue
            code = frame[present[0]].to_numpy(dtype=object)[rows]
            for column in present[1:]:
                code = np.where(code != "", code, frame[column].to_numpy(dtype=object)[rows])
            area_code[rows] = code
            named = frame[name_column].to_numpy(dtype=object)[rows] if name_column in frame.columns else code
            area_name[rows] = np.where(named != "", named, code)
            for row in frame[ROW].to_numpy()[rows][code == ""]:
                problems.append(
                    Problem(
                        name,
                        f"a {level} row needs its area code in {' or '.join(present)}",
                        row=int(row),
                        column=present[0],
                        value="",
                    )
                )
        frame["area_code"] = pd.Series(area_code, index=frame.index, dtype=object)
        frame["area_name"] = pd.Series(area_name, index=frame.index, dtype=object)
        frame = frame[~not_stored] if not_stored.any() else frame
        for column in ("old_la_code", "region_code", "region_name"):
            if column not in frame.columns:
                frame[column] = ""
        level_rows = frame["geographic_level"].value_counts().to_dict()  # rows in the file, per level
        for column, width in LENGTHS.items():
            if max(map(len, frame[column].tolist()), default=0) <= width:
                continue
            too_long = frame[frame[column].str.len() > width]
            for index, value in too_long[column].items():
                problems.append(
                    Problem(
                        name,
                        TOO_LONG.format(length=len(value), limit=width),
                        row=int(frame.at[index, ROW]),
                        column=column,
                        value=shortened(value),
                    )
                )
        empty_time = frame[(frame["time_period"] == "") | (frame["time_identifier"] == "")]
        for index in empty_time.index:
            column = "time_period" if frame.at[index, "time_period"] == "" else "time_identifier"
            problems.append(Problem(name, "this cell is empty", row=int(frame.at[index, ROW]), column=column, value=""))

        if breakdowns:
            parts = [column + "=" + frame[column] for column in breakdowns]
            breakdown = parts[0]
            for part in parts[1:]:
                breakdown = breakdown + "; " + part
            frame["breakdown"] = breakdown
        else:
            frame["breakdown"] = ""
        row_key = ["time_period", "time_identifier", "geographic_level", "area_code", "breakdown"]
        repeated = frame[frame.duplicated(row_key, keep=False) & (frame["area_code"] != "")]
        for _, group in repeated.groupby(row_key, sort=False) if len(repeated) else ():
            first, *others = group[ROW].tolist()
            for row in others:
                problems.append(
                    Problem(
                        name,
                        f"repeats row {first}: the same period, area and breakdown twice",
                        row=int(row),
                        column="geographic_level",
                        value=group["area_code"].iloc[0],
                    )
                )
        if problems:
            raise FileRefused(problems)

        values = _cells(frame, indicators, dataset_name(name))
        blank = len(frame) * len(indicators) - len(values)
        if blank:
            notes.append(f"{blank:,} empty cells not stored (no figure and no symbol)")
        symbols = values["status"].value_counts()
        if len(symbols):
            notes.append(
                f"{int(symbols.sum()):,} cells kept as symbols, never as zero: "
                + ", ".join(f"{symbol} {symbols[symbol]:,}" for symbol in SYMBOLS if symbol in symbols)
            )
        return Published(dataset_name(name), values, indicators, breakdowns, level_rows, notes, councils)

    def store(self, session: Session, parsed: Published, load: Load, source: Source) -> Changes:
        connection = session.connection()
        changes = Changes()
        _register_named_councils(connection, parsed.councils, load.id, changes)
        for indicator in parsed.indicators:  # every indicator is counted, in the file's order
            changes.table(f"{PUBLISHED.name} {indicator}")
        read = ReadTable(PUBLISHED, source.name, None, parsed.values)
        store_file(connection, ReadFile([read]), load.id, changes=changes)
        counts = parsed.level_rows
        described = {"Local authority": "local authority", "Regional": "regional", "National": "national"}
        summary = [
            f"{counts[level]:,} {word} rows" if word == "local authority" else f"{counts[level]:,} {word}"
            for level, word in described.items()
            if level in counts
        ]
        summary += [f"{count:,} {level}" for level, count in counts.items() if level not in described]
        periods = sorted(parsed.values["time_period"].unique())
        changes.notes.append(
            f"dataset '{parsed.dataset}': {', '.join(summary)}; {len(parsed.indicators)} indicators; "
            f"{periods[0]} to {periods[-1]}"
            if periods
            else f"dataset '{parsed.dataset}': no rows"
        )
        changes.notes.append("breakdown columns: " + (", ".join(parsed.breakdowns) if parsed.breakdowns else "none"))
        changes.notes += parsed.notes
        return changes


def _cells(frame: pd.DataFrame, indicators: list[str], dataset: str) -> pd.DataFrame:
    """One row per filled indicator cell, indicator by indicator, each row's geography and breakdown beside it: a
    symbol in ``status`` with no value, a number in ``value`` (``float`` of the text: exact, as published). Worked
    out column by column: each distinct cell is read once."""
    ids = [ROW, "time_period", "time_identifier", "geographic_level", "area_code", "area_name"]
    ids += ["old_la_code", "region_code", "region_name", "breakdown"]
    cells = frame[indicators].to_numpy(dtype=object).ravel(order="F")  # indicator by indicator, as ``melt``
    filled = cells != ""
    codes, uniques = pd.factorize(cells[filled])
    symbol = np.isin(uniques, SYMBOLS)
    figures = np.array(
        [float("nan") if is_symbol else float(cell) for cell, is_symbol in zip(uniques, symbol, strict=True)]
    )
    columns: dict[str, object] = {
        name: np.tile(frame[name].to_numpy(dtype=object if name != ROW else None), len(indicators))[filled]
        for name in ids
    }
    for name in ("old_la_code", "region_code", "region_name"):
        columns[name] = np.where(columns[name] == "", None, columns[name])
    columns["indicator"] = np.repeat(np.array(indicators, dtype=object), len(frame))[filled]
    columns["status"] = np.where(symbol, uniques, None)[codes]
    columns["value"] = figures[codes]
    columns["dataset"] = np.full(len(codes), dataset, dtype=object)
    kinds = {ROW: None, "value": None}
    return pd.DataFrame(
        {name: pd.Series(values, dtype=kinds.get(name, object), copy=False) for name, values in columns.items()},
        copy=False,
    )


def _newest_council_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Each new_la_code of the Local authority rows, with the codes, name and region of its newest period."""
    rows = frame[frame["geographic_level"] == "Local authority"]
    if "new_la_code" not in rows.columns:
        return pd.DataFrame(columns=COUNCIL_SOURCE)
    rows = rows.reindex(columns=COUNCIL_SOURCE, fill_value="")
    rows = rows[rows["new_la_code"] != ""]
    newest = rows.sort_values("time_period", kind="stable").drop_duplicates("new_la_code", keep="last")
    # A council whose new LA code changed (Barnsley 370: E08000016, then E08000038) is one council, known by the
    # code of its newest period; its older rows stay reachable by its old LA code.
    has_old = newest["old_la_code"] != ""
    current = newest[has_old].sort_values("time_period", kind="stable").drop_duplicates("old_la_code", keep="last")
    newest = pd.concat([current, newest[~has_old]])
    return newest.sort_values("new_la_code").reset_index(drop=True)


def _register_named_councils(connection: Connection, councils: pd.DataFrame, load_id: int, changes: Changes) -> None:
    """Register the councils an EES file names; joint rows and codes too long for a council are noted, not added."""
    if councils.empty:
        return
    joint = councils["new_la_code"].str.contains(JOINT, regex=False)
    if joint.any():
        named = ", ".join(f"{code} ({name})" for code, name in councils.loc[joint, ["new_la_code", "la_name"]].values)
        changes.notes.append(
            f"not registered as councils: {int(joint.sum())} joint code(s) for councils that report together, "
            f"{named}; their figures are stored as published"
        )
    candidates = pd.DataFrame(
        {
            "code": councils["new_la_code"],
            "old_la_code": councils["old_la_code"],
            "name": councils["la_name"].where(councils["la_name"] != "", councils["new_la_code"]),
            "region": councils["region_name"],
        }
    )[~joint]
    register_councils(connection, candidates, load_id, changes)


DFE_STATISTICS = DfeStatistics()

"""Queries for the Data page: every load ever stored, and how fresh each kind of data is; and, for the digest of
what changed, the loads that wrote one council's own rows (``council_loads``).

The first two are not filtered by authority: a load is a file, and a file can hold many councils (a DfE table) or
none (the statistical neighbours). Kinds are the ``load.kind`` strings the loaders write; the page turns them into
titles.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from improvement.db.models import (
    AdviserDay,
    AnnexAAggregate,
    Caseload,
    Load,
    Meeting,
    Observation,
    PublishedValue,
    RagReport,
    RiskReview,
    TrajectoryPoint,
)
from improvement.queries.access import councils_written
from improvement.queries.sql import read_frame

LOAD_HISTORY_COLUMNS = [
    "load_id",
    "loaded_at",
    "loaded_by",
    "kind",
    "source_name",
    "file_hash",
    "row_count",
    "outcome",
    "is_synthetic",
    "message",
]

# Where a kind's "newest period" comes from, in order of preference: the first table holding rows from that
# kind's loads gives it. (table's date-like column, what the value means)
PERIOD_COLUMNS = [
    (Observation.period, "month of figures"),
    (RagReport.report_date, "report date"),
    (PublishedValue.time_period, "time period"),
    (AnnexAAggregate.extract_date, "extract date"),
    (Caseload.period, "caseload month"),
    (RiskReview.review_date, "risk review"),
    (AdviserDay.day_date, "adviser day"),
    (Meeting.meeting_date, "meeting date"),
    (TrajectoryPoint.period, "trajectory to"),
]

COUNCIL_LOAD_COLUMNS = ["load_id", "loaded_at", "kind", "source_name", "row_count", "outcome", "message", "councils"]

FRESHNESS_COLUMNS = [
    "kind",
    "loads",
    "rows",
    "first_loaded_at",
    "last_loaded_at",
    "last_source_name",
    "last_loaded_by",
    "newest_period",
    "newest_period_of",
]


def load_history(engine: Engine) -> pd.DataFrame:
    """Every load, newest first: when, who, kind, file name and hash, rows written, outcome, synthetic or not."""
    statement = select(
        Load.id.label("load_id"),
        Load.loaded_at,
        Load.loaded_by,
        Load.kind,
        Load.source_name,
        Load.file_hash,
        Load.row_count,
        Load.outcome,
        Load.is_synthetic,
        Load.message,
    ).order_by(Load.loaded_at.desc(), Load.id.desc())
    frame = read_frame(engine, statement, date_columns=("loaded_at",))
    frame["is_synthetic"] = frame["is_synthetic"].astype(bool)
    return frame[LOAD_HISTORY_COLUMNS]


def freshness(engine: Engine) -> pd.DataFrame:
    """One row per kind of load stored: how many loads and rows, the newest load (when, file, who), and the newest
    period in the data those loads hold (``newest_period`` as text: a date ``YYYY-MM-DD`` or a DfE time period
    such as ``2025`` or ``202425``; ``newest_period_of`` says which it is)."""
    loaded = Load.outcome == "loaded"
    summary = select(
        Load.kind,
        func.count(Load.id).label("loads"),
        func.coalesce(func.sum(Load.row_count), 0).label("rows"),
        func.min(Load.loaded_at).label("first_loaded_at"),
        func.max(Load.loaded_at).label("last_loaded_at"),
    ).where(loaded)
    frame = read_frame(engine, summary.group_by(Load.kind), date_columns=("first_loaded_at", "last_loaded_at"))
    if frame.empty:
        return pd.DataFrame(columns=FRESHNESS_COLUMNS)

    ranked = select(
        Load.kind,
        Load.source_name.label("last_source_name"),
        Load.loaded_by.label("last_loaded_by"),
        func.row_number().over(partition_by=Load.kind, order_by=(Load.loaded_at.desc(), Load.id.desc())).label("n"),
    ).where(loaded)
    newest = ranked.subquery()
    latest = read_frame(
        engine, select(newest.c.kind, newest.c.last_source_name, newest.c.last_loaded_by).where(newest.c.n == 1)
    )
    frame = frame.merge(latest, on="kind", how="left")

    periods: dict[str, tuple[str, str]] = {}
    with engine.connect() as connection:
        for column, meaning in PERIOD_COLUMNS:
            statement = (
                select(Load.kind, func.max(column))
                .select_from(column.class_)
                .join(Load, Load.id == column.class_.load_id)
                .group_by(Load.kind)
            )
            for kind, value in connection.execute(statement):
                if value is not None and kind not in periods:
                    periods[kind] = (str(value), meaning)
    frame["newest_period"] = frame["kind"].map(lambda kind: periods.get(kind, (None, None))[0])
    frame["newest_period_of"] = frame["kind"].map(lambda kind: periods.get(kind, (None, None))[1])
    frame["loads"] = frame["loads"].astype(int)
    frame["rows"] = frame["rows"].astype(int)
    return frame.sort_values("last_loaded_at", ascending=False, ignore_index=True)[FRESHNESS_COLUMNS]


def council_loads(engine: Engine, authority_code: str) -> pd.DataFrame:
    """The loads that wrote the council's own rows (``queries.access.councils_written``), newest first: when, kind,
    file name, rows written, outcome, message, and ``councils``: how many councils' own rows the load wrote (a file
    of several councils' rows counts its rows for all of them)."""
    pairs = councils_written().subquery()
    mine = select(pairs.c.load_id).where(pairs.c.council == authority_code)
    counted = (
        select(pairs.c.load_id, func.count(pairs.c.council).label("councils"))
        .where(pairs.c.load_id.in_(mine))
        .group_by(pairs.c.load_id)
        .subquery()
    )
    statement = (
        select(
            Load.id.label("load_id"),
            Load.loaded_at,
            Load.kind,
            Load.source_name,
            Load.row_count,
            Load.outcome,
            Load.message,
            counted.c.councils,
        )
        .join(counted, counted.c.load_id == Load.id)
        .order_by(Load.loaded_at.desc(), Load.id.desc())
    )
    frame = read_frame(engine, statement, date_columns=("loaded_at",))
    frame["row_count"] = frame["row_count"].astype(int)
    frame["councils"] = frame["councils"].astype(int)
    return frame[COUNCIL_LOAD_COLUMNS]

"""Ofsted Annex A aggregates for one authority: which extract dates are loaded, and the figures at one of them.

Only aggregates are stored (``loaders.kinds.annex_a``); each (extract date, list, measure, breakdown) shows the value of
its newest load, earlier loads staying as history. Counts are returned as stored; pages suppress small ones.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select

from improvement.db.models import AnnexAAggregate, Load
from improvement.queries.sql import authority_id, newest_per_key, read_frame

AGGREGATE_COLUMNS = [
    "extract_date",
    "list_name",
    "measure",
    "breakdown_kind",
    "breakdown_value",
    "value",
    "unit",
    "loaded_at",
    "is_synthetic",
]


def annex_a_extracts(engine: Engine, authority_code: str) -> pd.DataFrame:
    """The extract dates loaded for the authority, newest first, with when each was last loaded."""
    statement = (
        select(
            AnnexAAggregate.extract_date,
            func.max(Load.loaded_at).label("loaded_at"),
            func.count().label("rows"),
        )
        .join(Load, Load.id == AnnexAAggregate.load_id)
        .where(AnnexAAggregate.authority_id == authority_id(authority_code))
        .group_by(AnnexAAggregate.extract_date)
        .order_by(AnnexAAggregate.extract_date.desc())
    )
    frame = read_frame(engine, statement)
    frame["extract_date"] = [pd.Timestamp(value).date() for value in frame["extract_date"]]
    return frame


def annex_a_aggregates(engine: Engine, authority_code: str, extract_date: dt.date) -> pd.DataFrame:
    """Every aggregate at ``extract_date`` (newest load per key), in the columns ``AGGREGATE_COLUMNS``."""
    statement = (
        select(
            AnnexAAggregate.extract_date,
            AnnexAAggregate.list_name,
            AnnexAAggregate.measure,
            AnnexAAggregate.breakdown_kind,
            AnnexAAggregate.breakdown_value,
            AnnexAAggregate.value,
            AnnexAAggregate.unit,
            Load.loaded_at,
            Load.is_synthetic,
        )
        .join(Load, Load.id == AnnexAAggregate.load_id)
        .where(
            AnnexAAggregate.authority_id == authority_id(authority_code),
            AnnexAAggregate.extract_date == extract_date,
        )
    )
    newest = newest_per_key(
        statement,
        [
            AnnexAAggregate.list_name,
            AnnexAAggregate.measure,
            AnnexAAggregate.breakdown_kind,
            AnnexAAggregate.breakdown_value,
        ],
        [AnnexAAggregate.load_id],
    )
    frame = read_frame(engine, newest)
    if frame.empty:
        return pd.DataFrame(columns=AGGREGATE_COLUMNS)
    frame["extract_date"] = [pd.Timestamp(value).date() for value in frame["extract_date"]]
    frame["value"] = pd.to_numeric(frame["value"])
    return frame[AGGREGATE_COLUMNS].sort_values(
        ["list_name", "measure", "breakdown_kind", "breakdown_value"], ignore_index=True
    )

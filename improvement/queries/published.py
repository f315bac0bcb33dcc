"""Queries for DfE published statistics and statistical neighbours (loaded by ``loaders.kinds.dfe_statistics`` and
``loaders.kinds.statistical_neighbours``).

As everywhere, loads append and the newest load wins: for each dataset, period, geography, indicator and breakdown
only the newest row is returned, and for each council and rank only the newest neighbour.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, func, or_, select

from improvement.db.models import Load, PublishedValue, StatisticalNeighbour
from improvement.queries.sql import newest_per_key, read_frame

NATIONAL, REGIONAL, LOCAL_AUTHORITY = "National", "Regional", "Local authority"


def published_indicators(engine: Engine) -> pd.DataFrame:
    """What has been loaded: one row per dataset and indicator, with its periods and when it was last loaded."""
    statement = (
        select(
            PublishedValue.dataset,
            PublishedValue.indicator,
            func.min(PublishedValue.time_period).label("first_period"),
            func.max(PublishedValue.time_period).label("last_period"),
            func.max(Load.loaded_at).label("loaded_at"),
        )
        .join(Load, Load.id == PublishedValue.load_id)
        .group_by(PublishedValue.dataset, PublishedValue.indicator)
        .order_by(PublishedValue.dataset, PublishedValue.indicator)
    )
    return read_frame(engine, statement, date_columns=("loaded_at",))


def statistical_neighbours(engine: Engine, old_la_code: str) -> pd.DataFrame:
    """A council's statistical neighbours (rank 1 = closest) from the newest grouping loaded."""
    statement = select(
        StatisticalNeighbour.rank,
        StatisticalNeighbour.neighbour_old_la_code,
        StatisticalNeighbour.closeness,
        StatisticalNeighbour.load_id,
    ).where(StatisticalNeighbour.old_la_code == str(old_la_code))
    newest = newest_per_key(statement, [StatisticalNeighbour.rank], [StatisticalNeighbour.load_id])
    frame = read_frame(engine, newest)
    return frame.drop(columns="load_id").sort_values("rank", ignore_index=True)


def published_values(
    engine: Engine,
    indicator: str,
    *,
    authority_code: str | None = None,
    old_la_codes: list[str] | None = None,
    levels: tuple[str, ...] = (NATIONAL, REGIONAL),
) -> pd.DataFrame:
    """An indicator's published values: every row at ``levels`` (England and the regions by default) plus the
    local authority rows of ``authority_code`` (new code) and of ``old_la_codes``; newest load per key.

    Columns: dataset, time_period, time_identifier, geographic_level, area_code, area_name, old_la_code,
    region_code, region_name, breakdown, value, status, load_id, loaded_at.
    """
    councils = []
    if authority_code:
        councils.append(PublishedValue.area_code == authority_code)
    if old_la_codes:
        councils.append(PublishedValue.old_la_code.in_([str(code) for code in old_la_codes]))
    where = [PublishedValue.geographic_level.in_(levels)]
    if councils:
        where.append(and_(PublishedValue.geographic_level == LOCAL_AUTHORITY, or_(*councils)))
    statement = select(
        PublishedValue.dataset,
        PublishedValue.time_period,
        PublishedValue.time_identifier,
        PublishedValue.geographic_level,
        PublishedValue.area_code,
        PublishedValue.area_name,
        PublishedValue.old_la_code,
        PublishedValue.region_code,
        PublishedValue.region_name,
        PublishedValue.breakdown,
        PublishedValue.value,
        PublishedValue.status,
        PublishedValue.load_id,
    ).where(PublishedValue.indicator == indicator, or_(*where))
    newest = newest_per_key(
        statement,
        [
            PublishedValue.dataset,
            PublishedValue.time_period,
            PublishedValue.time_identifier,
            PublishedValue.geographic_level,
            PublishedValue.area_code,
            PublishedValue.breakdown,
        ],
        [PublishedValue.load_id],
    ).subquery()
    with_load = select(newest, Load.loaded_at).join(Load, Load.id == newest.c.load_id)
    frame = read_frame(engine, with_load, date_columns=("loaded_at",))
    return frame.sort_values(["time_period", "geographic_level", "area_code"], ignore_index=True)

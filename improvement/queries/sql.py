"""The pieces every query is built from: the newest row per key, an authority by its code, a result as a frame.

``newest_per_key`` is the one rule for "the newest load wins": the queries choose what pages show with it, and the
loaders compare a file with what is stored with it, so both see the same row.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Engine, Select, func, select

from improvement.db.models import Authority


def newest_per_key(statement: Select, key_columns: Sequence, order_columns: Sequence) -> Select:
    """``statement`` reduced to one row per key: the one with the highest ``order_columns`` (normally the load that
    wrote it, then the row id). A window function, portable across SQLite and PostgreSQL."""
    ranked = statement.add_columns(
        func.row_number()
        .over(partition_by=list(key_columns), order_by=[column.desc() for column in order_columns])
        .label("_rank")
    ).subquery()
    return select(*[column for column in ranked.columns if column.name != "_rank"]).where(ranked.c._rank == 1)


def authority_id(code: str):
    """The id of the authority with this new LA code, as a scalar subquery to filter on."""
    return select(Authority.id).where(Authority.code == code).scalar_subquery()


def read_frame(engine: Engine, statement: Select, date_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """The statement's rows as a DataFrame with its column names, ``date_columns`` as pandas datetimes."""
    with engine.connect() as connection:
        result = connection.execute(statement)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    for column in date_columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame

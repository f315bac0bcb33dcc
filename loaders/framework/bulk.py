"""Fast inserts, inside the load's own transaction: what every write of the framework's store goes through.

A frame is written column by column, never row by row through dicts: each column becomes a list of plain Python
values (``column_values``: numpy scalars unboxed, every kind of missing value, NaN, None, NaT or pd.NA, as None),
passed through its database type's own bind processor (what SQLAlchemy's ``insert`` applies, e.g. a date as
SQLite's text); the rows are tuples zipped from those lists as they are written. A model column the frame lacks
gets its Python-side default (``default=""``), as an ``insert`` would give it. PostgreSQL (psycopg) takes the rows
through ``COPY ... FROM STDIN``; other databases through the driver's own ``executemany`` (``exec_driver_sql``, in
batches), so SQLAlchemy still wraps the driver's errors (a locked SQLite database is tried again, parameters never
shown).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype
from sqlalchemy import Connection, Table

BATCH = 1000
"""Rows per ``executemany``: a batch's row tuples are freed before the next is made (Python reuses them), so tens of
thousands of rows never set the garbage collector going through the whole heap, as one list of them all would."""
_MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}  # a positional parameter, per DBAPI paramstyle


def insert_frame(connection: Connection, model, frame: pd.DataFrame, load_id: int) -> int:
    """Insert ``frame``'s rows (columns named as the model's) with ``load_id``; return how many."""
    if frame.empty:
        return 0
    table: Table = model.__table__
    dialect = connection.dialect
    names, columns = [], []
    for column in table.columns:
        if column.name == "load_id":
            values = [load_id] * len(frame)
        elif column.name in frame.columns:
            values = column_values(frame[column.name])
        elif column.default is not None and column.default.is_scalar:
            values = [column.default.arg] * len(frame)
        else:
            continue  # the database's own (an id, or NULL)
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        names.append(column.name)
        columns.append(values if process is None else [None if v is None else process(v) for v in values])
    rows = zip(*columns, strict=True)  # made one at a time: never a list of them all
    quote = dialect.identifier_preparer.quote
    into = f"{quote(table.name)} ({', '.join(map(quote, names))})"
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {into} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        statement = f"INSERT INTO {into} VALUES ({', '.join([_MARKERS[dialect.paramstyle]] * len(names))})"
        while batch := list(itertools.islice(rows, BATCH)):
            connection.exec_driver_sql(statement, batch)
    return len(frame)


def column_values(series: pd.Series) -> list:
    """A column as plain Python values (numpy scalars unboxed), with every kind of missing value (NaN, None, NaT,
    pd.NA) as None: worked out for the whole column at once."""
    missing = series.isna().to_numpy()
    if series.dtype != object:
        values = series.tolist()  # numbers and text as Python's own; datetimes as Timestamps
        for position in np.flatnonzero(missing).tolist():
            values[position] = None
        return values
    cells = series.to_numpy(dtype=object, copy=True)
    cells[missing] = None
    values = cells.tolist()
    if infer_dtype(cells, skipna=True) not in ("string", "empty") and any(
        issubclass(kind, np.generic) for kind in set(map(type, values))
    ):
        values = list(map(_native, values))
    return values


def _native(value):
    """A numpy scalar as Python's own value (a datetime64 as a Timestamp, as pandas boxes it); others as they are."""
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value)
    return value.item() if isinstance(value, np.generic) else value

"""Fast inserts and the code -> id look-ups that every loader needs, inside the load's own transaction."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Table, func, insert, or_, select

from improvement.db.models import Authority, Measure, PriorityArea


def insert_frame(connection: Connection, model, frame: pd.DataFrame, load_id: int) -> int:
    """Insert ``frame``'s rows (columns named as the model's) with ``load_id``; return how many.

    PostgreSQL (psycopg) gets ``COPY ... FROM STDIN``, many times faster than INSERTs; other databases a Core
    ``executemany``. Every kind of missing value (NaN, None, NaT) is written as NULL.
    """
    table: Table = model.__table__
    columns = [column.name for column in table.columns if column.name in frame.columns and column.name != "load_id"]
    rows = records(frame[columns])
    if not rows:
        return 0
    for row in rows:
        row["load_id"] = load_id
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        _copy(connection, table, rows)
    else:
        connection.execute(insert(table), rows)
    return len(rows)


def _copy(connection: Connection, table: Table, rows: list[dict]) -> None:
    quote = connection.dialect.identifier_preparer.quote
    names = list(rows[0])
    statement = f"COPY {quote(table.name)} ({', '.join(quote(name) for name in names)}) FROM STDIN"
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values, with every kind of missing value (NaN, None, NaT) as None."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def authority_ids(connection: Connection, codes: list[str]) -> dict[str, int]:
    """Authority code (new code such as E08000014, or old code such as 343) -> id, for the codes stored."""
    wanted = list(dict.fromkeys(str(code) for code in codes))
    rows = connection.execute(
        select(Authority.code, Authority.old_la_code, Authority.id).where(
            or_(Authority.code.in_(wanted), Authority.old_la_code.in_(wanted))
        )
    ).all()
    found = {}
    for code, old_code, authority_id in rows:
        found[code] = authority_id
        if old_code:
            found[old_code] = authority_id
    return {code: found[code] for code in wanted if code in found}


def measure_ids(connection: Connection) -> dict[str, int]:
    return dict(connection.execute(select(Measure.code, Measure.id)).all())


def priority_area_ids(connection: Connection, authority_id: int) -> dict[str, int]:
    """Priority area code -> id of its newest version for one authority."""
    newest = (
        select(PriorityArea.code, func.max(PriorityArea.id).label("id"))
        .where(PriorityArea.authority_id == authority_id)
        .group_by(PriorityArea.code)
    )
    return dict(connection.execute(newest).all())

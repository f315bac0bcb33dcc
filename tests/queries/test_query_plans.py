"""Every query a page makes for a council finds that council's rows through an index, on SQLite and PostgreSQL.

So a page's first visit costs what the council's own data costs, however many councils the database holds. The
test records every statement the app sends while reading a council's board, its contract, its Annex A snapshot,
its DfE benchmarks and the list of councils, and asks the database how it would run each one: no big table may be
read whole (SQLite: ``SCAN table``, with or without an index, which reads that index whole; PostgreSQL, with
sequential scans discouraged as they are on a big table: ``Seq Scan``). The indexes come from the migrations
(``test_queries`` checks they equal the models).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from improvement import readers
from improvement.board import read_board
from improvement.db import get_engine
from improvement.demo import SEFTON
from loaders.run import Source, load_source
from tests.support.realdata import CSWW, NEIGHBOURS, needs_realdata

# Tables a full read is fine for: the councils themselves (the picker lists them all), the measure catalogue and
# the load history, which grow with what is loaded, not with the councils' data.
SMALL_TABLES = {"authority", "measure", "load", "alembic_version"}


def recorded_statements(engine: sa.Engine, read) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def record(_connection, _cursor, statement, parameters, _context, _executemany) -> None:
        seen.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        read()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return seen


def full_reads(engine: sa.Engine, statement: str, parameters: object, big: set[str]) -> list[str]:
    """The ``big`` tables the database would read whole to answer ``statement``."""
    with engine.connect() as connection:
        cursor = connection.connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            details = [str(row[-1]) for row in cursor.fetchall()]
            scanned = [m.group(1) for d in details if (m := re.match(r"SCAN (\w+)", d))]  # whole, or a whole index
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute(f"EXPLAIN {statement}", parameters)
            details = [str(row[0]) for row in cursor.fetchall()]
            scanned = [m.group(1) for d in details if (m := re.search(r"Seq Scan on (\w+)", d))]
        cursor.close()
    return [table for table in scanned if table in big]


@pytest.fixture
def council_database(seeded_database_url: str) -> Iterator[sa.Engine]:
    """The demo, with DfE's workforce statistics and the statistical neighbours loaded."""
    engine = get_engine(seeded_database_url)
    for path in (CSWW, NEIGHBOURS):
        load_source(engine, Source(path.name, path.read_bytes()))
    yield engine


@needs_realdata
def test_every_query_for_a_council_reads_its_rows_through_an_index(council_database):
    engine = council_database

    def read_everything() -> None:
        data = read_board(engine, SEFTON.code, 5)
        readers.adviser_contract(engine, SEFTON.code)
        readers.councils(engine)
        for indicator in ("caseload_fte", "agency_rate_fte", "vacancy_rate_fte", "turnover_rate_fte"):
            readers.published_benchmark(engine, SEFTON.code, data.authority_name, data.old_la_code, indicator)

    statements = recorded_statements(engine, read_everything)
    assert len(statements) > 20
    big = set(sa.inspect(engine).get_table_names()) - SMALL_TABLES
    problems = {
        statement.split("FROM", 1)[-1][:160]: tables
        for statement, parameters in statements
        if (tables := full_reads(engine, statement, parameters, big))
    }
    assert not problems, problems

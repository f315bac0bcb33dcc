"""Engine, sessions and migrations for the database named by ``DATABASE_URL``.

The schema is created and changed only by the Alembic migrations in ``improvement/db/migrations``;
``migrate()`` applies them and is called on every start of the app, the loaders and the seed.

On SQLite a connection waits up to ``SQLITE_BUSY_TIMEOUT_S`` for another writer (two loads at once) before SQLite
says "database is locked"; a PostgreSQL server that does not answer is given up after ``CONNECT_TIMEOUT_S``.
Statements' parameters (loaded values) are never put into error messages or logs (``hide_parameters``).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.orm import Session

from improvement.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30
CONNECT_TIMEOUT_S = 10


@functools.cache
def _engine_for(url: str) -> Engine:
    connect_args: dict[str, object] = {}
    if url.startswith("sqlite"):
        connect_args["timeout"] = SQLITE_BUSY_TIMEOUT_S
    elif url.startswith("postgresql"):
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    if url.startswith("sqlite:///"):
        with contextlib.suppress(OSError):  # if it cannot be made, connecting says so (unavailable.problem_line)
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_enforce_foreign_keys)
    return engine


def _sqlite_enforce_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured ``DATABASE_URL``), one per URL per process."""
    return _engine_for(url or get_settings().database_url)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (creating it on an empty database)."""
    command.upgrade(alembic_config(engine), "head")


def database_is_empty(engine: Engine) -> bool:
    """True when no load has ever been stored (so the demo seed may run)."""
    from improvement.db.models import Load

    if not inspect(engine).has_table("load"):
        return True
    with Session(engine) as session:
        return session.scalar(select(Load.id).limit(1)) is None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed if the block succeeds, rolled back entirely if it raises."""
    with Session(engine) as session, session.begin():
        yield session

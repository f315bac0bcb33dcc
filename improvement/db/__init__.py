"""The database: SQLAlchemy models, the engine, and Alembic migrations (the only way the schema changes)."""

from improvement.db.engine import database_is_empty, get_engine, migrate, session_scope

__all__ = ["database_is_empty", "get_engine", "migrate", "session_scope"]

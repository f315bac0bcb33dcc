"""Alembic environment: runs migrations on the engine handed over by ``improvement.db.engine.migrate``.

On SQLite, changing a table in "batch" mode copies it to a new table and drops the old one; with foreign keys
enforced (as every connection of the app is), SQLite refuses to drop a table that others refer to, so a migration
that adds a constraint to, say, ``priority_area`` would fail on a database with data. Foreign keys are therefore
switched off for the migration (a PRAGMA outside any transaction, as SQLite requires), every reference is checked
once it has run (``PRAGMA foreign_key_check``: a broken one fails the migration), and they are switched back on.
"""

from alembic import context

from improvement.db.models import Base

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=sqlite)
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.commit()
            if broken:
                raise RuntimeError(f"the migration left rows referring to rows that do not exist: {broken[:5]}")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()

"""The demo seed: a new, empty database gets Sefton's synthetic improvement programme, so the app has
something to show on first start. A database that already holds any load is left alone.

Run ``python -m loaders.seed`` to migrate and (if empty) seed the database named by ``DATABASE_URL``.
"""

from __future__ import annotations

from sqlalchemy import Engine

from improvement.db import database_is_empty, get_engine, migrate
from improvement.demo import SEFTON, Programme, build_programme
from loaders.store import store_programme

DEMO_SEED = 2021
DEMO_SOURCE_NAME = f"Synthetic demo programme for {SEFTON.name} (seed {DEMO_SEED})"


def prepare_database(engine: Engine) -> bool:
    """Migrate; then, only if no load was ever stored, store the demo programme. True if it seeded."""
    return _seed_if_empty(engine) is not None


def _seed_if_empty(engine: Engine) -> Programme | None:
    migrate(engine)
    if not database_is_empty(engine):
        return None
    programme = build_programme(SEFTON, seed=DEMO_SEED)
    store_programme(
        engine,
        programme,
        kind="demo_seed",
        source_name=DEMO_SOURCE_NAME,
        is_synthetic=True,
        loaded_by="seed",
    )
    return programme


def describe(programme: Programme) -> str:
    counts = programme.row_counts()
    parts = [f"{name.replace('_', ' ')} {count:,}" for name, count in counts.items()]
    return "Seeded synthetic demo data: " + ", ".join(parts)


def main() -> None:
    engine = get_engine()
    where = engine.url.render_as_string(hide_password=True)
    programme = _seed_if_empty(engine)
    if programme is None:
        print(f"Database already has data; nothing seeded ({where}).")
    else:
        print(f"{describe(programme)} ({where}).")


if __name__ == "__main__":
    main()

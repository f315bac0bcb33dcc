"""Configuration read from the environment, with the defaults a new user gets.

- ``DATABASE_URL``: any SQLAlchemy URL; default is an SQLite file under data/ (not committed).
- ``SUPPRESSION_THRESHOLD``: counts about children below this are shown as ``c`` (default 5).
- ``PROTECTIVE_MARKING``: printed on every page and exported image (default OFFICIAL-SENSITIVE).
- ``SEED_DEMO_DATA``: whether the app fills an empty database with the synthetic demo programme on start (default
  yes, so ``make run`` shows something at once; set it to no where real councils' data will be loaded).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_PATH = DATA_DIR / "dashboard.sqlite"


@dataclass(frozen=True)
class Settings:
    database_url: str
    suppression_threshold: int
    protective_marking: str
    seed_demo_data: bool = True


def get_settings() -> Settings:
    """Read the settings afresh from the environment (cheap; tests change the environment)."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DATABASE_PATH}"
    threshold = os.environ.get("SUPPRESSION_THRESHOLD", "5")
    try:
        threshold_value = int(threshold)
    except ValueError as exc:
        raise ValueError(f"SUPPRESSION_THRESHOLD must be a whole number, got {threshold!r}") from exc
    seed = os.environ.get("SEED_DEMO_DATA", "yes").strip().lower()
    if seed not in YES | NO:
        raise ValueError(f"SEED_DEMO_DATA must be yes or no, got {seed!r}")
    return Settings(
        database_url=url,
        suppression_threshold=threshold_value,
        protective_marking=os.environ.get("PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE"),
        seed_demo_data=seed in YES,
    )


YES = {"yes", "true", "1", "on"}
NO = {"no", "false", "0", "off"}

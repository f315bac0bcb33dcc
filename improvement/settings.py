"""Configuration read from the environment, with the defaults a new user gets.

- ``DATABASE_URL``: any SQLAlchemy URL; default is an SQLite file under data/ (not committed).
- ``SUPPRESSION_THRESHOLD``: counts about children below this are shown as ``c`` (default 5).
- ``PROTECTIVE_MARKING``: printed on every page and exported image (default OFFICIAL-SENSITIVE).
- ``SEED_DEMO_DATA``: whether the app fills an empty database with the synthetic demo programme on start (default
  yes, so ``make run`` shows something at once; set it to no where real councils' data will be loaded).
- ``SESSION_MAX_AGE_HOURS``: with sign-in configured, a session ends this long after signing in, whatever the
  identity provider's cookie says (default 12).
- ``ACCESS_CONTACT``: the sentence telling someone without access whom to ask (default: the dashboard's
  administrator).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_PATH = DATA_DIR / "dashboard.sqlite"
DEFAULT_ACCESS_CONTACT = "To ask for access, contact the dashboard's administrator."


@dataclass(frozen=True)
class Settings:
    database_url: str
    suppression_threshold: int
    protective_marking: str
    seed_demo_data: bool = True
    session_max_age_hours: float = 12.0
    access_contact: str = DEFAULT_ACCESS_CONTACT


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
    max_age = os.environ.get("SESSION_MAX_AGE_HOURS", "12")
    try:
        max_age_hours = float(max_age)
    except ValueError as exc:
        raise ValueError(f"SESSION_MAX_AGE_HOURS must be a number of hours, got {max_age!r}") from exc
    if not 0 < max_age_hours <= 24 * 30:
        raise ValueError(f"SESSION_MAX_AGE_HOURS must be above 0 and at most 720 (30 days), got {max_age!r}")
    return Settings(
        database_url=url,
        suppression_threshold=threshold_value,
        protective_marking=os.environ.get("PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE"),
        seed_demo_data=seed in YES,
        session_max_age_hours=max_age_hours,
        access_contact=os.environ.get("ACCESS_CONTACT") or DEFAULT_ACCESS_CONTACT,
    )


YES = {"yes", "true", "1", "on"}
NO = {"no", "false", "0", "off"}

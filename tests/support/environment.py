"""The test environment: where the repository is, whether this is CI, and the app served on a free port.

Missing PostgreSQL or Chromium makes the tests that need them skip locally, and fail under CI (``CI`` set), so a
green CI run really ran them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: F401 (the tests' fixtures import them here)
from tests.support.server import ServerStartError, streamlit_server

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = REPO_ROOT / "tests" / "output"
"""Where browser tests leave what a person looks at afterwards: screenshots, axe-core reports (not committed)."""
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip locally when something the test needs is missing; fail under CI, where it must be there."""
    if in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@contextmanager
def serve_app(log_dir: Path, database_url: str) -> Iterator[str]:
    """``streamlit run dashboard.py`` on a free port against ``database_url``; yields its base URL."""
    with ExitStack() as stack:
        try:
            server = stack.enter_context(streamlit_server(log_dir, {"DATABASE_URL": database_url}))
        except ServerStartError as error:
            pytest.fail(f"The app did not start: {error}", pytrace=False)
        yield server.base_url

"""The test environment: where the repository is, whether this is CI, and the app served on a free port.

Missing PostgreSQL or Chromium makes the tests that need them skip locally, and fail under CI (``CI`` set), so a
green CI run really ran them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = REPO_ROOT / "tests" / "output"
"""Where browser tests leave what a person looks at afterwards: screenshots, axe-core reports (not committed)."""
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_TIMEOUT_S = 60.0


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip locally when something the test needs is missing; fail under CI, where it must be there."""
    if in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health_ok(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def serve_app(log_dir: Path, database_url: str) -> Iterator[str]:
    """``streamlit run dashboard.py`` on a free port against ``database_url``; yields its base URL."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "PYTHONUNBUFFERED": "1",
    }
    failure = ""
    for attempt in range(3):  # a free port can be taken by someone else between choosing and binding
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        stdout_path = log_dir / f"stdout-{attempt}.log"
        stderr_path = log_dir / f"stderr-{attempt}.log"
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
        ]
        with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
            process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=stdout, stderr=stderr)
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline and process.poll() is None and not _health_ok(base_url):
            time.sleep(0.25)
        if process.poll() is None and _health_ok(base_url):
            try:
                yield base_url
            finally:
                _stop(process)
            return
        exited = process.poll() is not None
        _stop(process)
        failure = (
            f"streamlit {'exited with status ' + str(process.returncode) if exited else 'did not answer'} "
            f"within {SERVER_START_TIMEOUT_S:.0f} s on port {port}.\n"
            f"--- stderr ---\n{_tail(stderr_path)}\n--- stdout ---\n{_tail(stdout_path)}"
        )
        if not exited:
            break  # it hung rather than lost a port race: retrying would not help
    pytest.fail(f"The app did not start: {failure}", pytrace=False)

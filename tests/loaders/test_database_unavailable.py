"""A database that is down, cannot be opened or is locked: one line on the command line saying which database (its
password hidden) and what to do, with a non-zero exit; on SQLite, two loads at once both succeed (the second waits).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from improvement.db import get_engine
from improvement.db.unavailable import EXIT_UNAVAILABLE, problem_line, retry_when_locked
from loaders.run import LoadResult, Source, load_source
from tests.support.environment import REPO_ROOT
from tests.support.loading import ADVISER_DAYS, MEETINGS, table_counts

CLOSED_PORT = "postgresql+psycopg://postgres:s3cret@127.0.0.1:1/x"
SHOWN = "postgresql+psycopg://postgres:***@127.0.0.1:1/x"
REFUSED = 'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused'
WHAT_TO_DO = "check that the database server is running and that DATABASE_URL names it"
COMMANDS = {
    "python -m loaders": ["-m", "loaders", "meetings.csv"],
    "python -m loaders.seed": ["-m", "loaders.seed"],
    "python -m improvement.briefing": ["-m", "improvement.briefing", "--out", "pack"],
}


def run(arguments: list[str], database_url: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=cwd,
        env={**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_database_that_is_down_is_one_line_and_a_non_zero_exit(command, tmp_path):
    (tmp_path / "meetings.csv").write_bytes(MEETINGS)

    done = run(COMMANDS[command], CLOSED_PORT, cwd=tmp_path)

    assert done.returncode == EXIT_UNAVAILABLE
    assert done.stderr.splitlines() == [f"{command}: cannot use the database {SHOWN}: {REFUSED}; {WHAT_TO_DO}"]
    assert "s3cret" not in done.stderr + done.stdout
    assert done.stdout == ""


def test_a_sqlite_file_that_cannot_be_opened_is_one_line(tmp_path):
    (tmp_path / "meetings.csv").write_bytes(MEETINGS)

    done = run(COMMANDS["python -m loaders"], "sqlite:////proc/no/such/folder/dashboard.sqlite", cwd=tmp_path)

    assert done.returncode == EXIT_UNAVAILABLE
    assert done.stderr.splitlines() == [
        "python -m loaders: cannot use the database sqlite:////proc/no/such/folder/dashboard.sqlite: unable to open "
        "database file; check that its folder exists and may be written to, or set DATABASE_URL"
    ]


def test_a_database_url_that_is_not_one_is_one_line(tmp_path):
    done = run(COMMANDS["python -m loaders.seed"], "not a url with a s3cret", cwd=tmp_path)

    assert done.returncode == EXIT_UNAVAILABLE
    assert done.stderr.splitlines() == [
        "python -m loaders.seed: DATABASE_URL is not a database URL that can be used (e.g. "
        "sqlite:///data/dashboard.sqlite or postgresql+psycopg://user@host:5432/db): correct it"
    ]


def test_a_locked_database_is_one_line_saying_to_try_again():
    locked = OperationalError("INSERT INTO load ...", None, sqlite3.OperationalError("database is locked"))

    assert problem_line(locked, "sqlite:///data/dashboard.sqlite") == (
        "cannot use the database sqlite:///data/dashboard.sqlite: database is locked; another program is writing to "
        "it: try again when it has finished"
    )


# --- SQLite: two loads at once ----------------------------------------------------------------------------------


@pytest.fixture
def shared_sqlite(seeded_sqlite_url, tmp_path) -> str:
    """A copy of the seeded demo database (Sefton is in it) for loads that write at the same time."""
    path = tmp_path / "shared.sqlite"
    shutil.copyfile(seeded_sqlite_url.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


def test_two_loads_at_once_on_one_sqlite_file_both_succeed(shared_sqlite):
    """Two loads start together while another writer holds the database for 8 s, longer than SQLite's default 5 s
    wait: both wait for it, then one for the other, and both store everything. (In threads, each with its own
    connection, as the app's sessions and the command line each have: SQLite locks the file, not the process.)"""
    engine = get_engine(shared_sqlite)
    before = table_counts(engine)
    holder = sqlite3.connect(shared_sqlite.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # as a long load's commit holds it
    results: dict[str, LoadResult] = {}
    errors: dict[str, str] = {}

    def load(name: str, content: bytes) -> None:
        try:
            results[name] = load_source(engine, Source(name, content))
        except OperationalError as error:  # "database is locked", had it not waited
            errors[name] = str(error.orig)

    files = {"meetings.csv": MEETINGS, "adviser_days.csv": ADVISER_DAYS}
    loads = [threading.Thread(target=load, args=item) for item in files.items()]
    for thread in loads:
        thread.start()
    time.sleep(8)
    holder.execute("COMMIT")
    holder.close()
    for thread in loads:
        thread.join(timeout=120)

    assert errors == {}
    assert {name: result.summary().splitlines()[0] for name, result in results.items()} == {
        "meetings.csv": f"meetings.csv (meetings): loaded as load {results['meetings.csv'].load_id}",
        "adviser_days.csv": f"adviser_days.csv (adviser_days): loaded as load {results['adviser_days.csv'].load_id}",
    }
    after = table_counts(engine)
    assert after["meeting"] == before["meeting"] + 2
    assert after["adviser_day"] == before["adviser_day"] + 3
    assert after["load"] == before["load"] + 2


def test_a_transaction_is_tried_again_while_the_database_is_locked_and_only_then():
    locked = OperationalError("INSERT", None, sqlite3.OperationalError("database is locked"))
    broken = OperationalError("INSERT", None, sqlite3.OperationalError("disk I/O error"))
    attempts = []

    def locked_twice() -> str:
        attempts.append("tried")
        if len(attempts) < 3:
            raise locked
        return "stored"

    assert retry_when_locked(locked_twice, pause_s=0) == "stored"
    assert len(attempts) == 3

    def always(error: OperationalError):
        def transaction() -> None:
            attempts.append(error)
            raise error

        return transaction

    attempts.clear()
    with pytest.raises(OperationalError, match="database is locked"):
        retry_when_locked(always(locked), pause_s=0)
    assert len(attempts) == 3
    attempts.clear()
    with pytest.raises(OperationalError, match="disk I/O error"):
        retry_when_locked(always(broken), pause_s=0)
    assert len(attempts) == 1


def test_sqlite_connections_wait_for_a_writer():
    engine = get_engine("sqlite:///:memory:")
    with engine.connect() as connection:
        assert connection.scalar(sa.text("PRAGMA busy_timeout")) == 30_000

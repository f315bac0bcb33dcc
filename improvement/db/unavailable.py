"""When the database cannot be used: one line saying which database and what to do, never a traceback.

``UNAVAILABLE`` is what SQLAlchemy raises when the server is down, refuses the login, or (SQLite) the file cannot be
opened or stays locked by another writer. ``problem_line`` says so in one line, naming the database by its URL with
any password hidden; ``command_line`` runs a command's ``main`` and turns such an error into that line on stderr and
exit status ``EXIT_UNAVAILABLE`` (``python -m loaders``, ``python -m loaders.seed``, ``python -m
improvement.briefing``). ``retry_when_locked`` runs one transaction again when SQLite says another writer holds the
database, after its busy timeout (``engine.SQLITE_BUSY_TIMEOUT_S``) has run out or SQLite declined to wait.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

from improvement.settings import get_settings
from improvement.text import printable

T = TypeVar("T")

UNAVAILABLE = (OperationalError, InterfaceError)
EXIT_UNAVAILABLE = 3
LOCK_ATTEMPTS = 3
_ADVICE = (  # (words in the driver's message, what to do)
    ("database is locked", "another program is writing to it: try again when it has finished"),
    ("unable to open database file", "check that its folder exists and may be written to, or set DATABASE_URL"),
    ("authentication failed", "check the user name and password in DATABASE_URL"),
    ("does not exist", "create that database, or correct DATABASE_URL"),
)
_DEFAULT_ADVICE = "check that the database server is running and that DATABASE_URL names it"


def shown_url(url: str | None = None) -> str:
    """The database URL (default: ``DATABASE_URL``) as it may be shown: any password replaced by ***."""
    try:
        return make_url(url or get_settings().database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return "DATABASE_URL (not a database URL)"


def url_problem(url: str | None = None) -> str | None:
    """Why the database URL (default: ``DATABASE_URL``) cannot name a database SQLAlchemy can use, or None."""
    try:
        make_url(url or get_settings().database_url).get_dialect()
    except ArgumentError:  # not a URL, or a dialect SQLAlchemy does not know
        return (
            "DATABASE_URL is not a database URL that can be used (e.g. sqlite:///data/dashboard.sqlite or "
            "postgresql+psycopg://user@host:5432/db): correct it"
        )
    return None


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked": another connection is writing."""
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


def problem_line(error: BaseException, url: str | None = None) -> str:
    """One line: which database could not be used, the driver's reason, and what to do."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    reason = reason[0] if reason else type(error).__name__
    advice = next((advice for words, advice in _ADVICE if words in reason), _DEFAULT_ADVICE)
    password = make_url(url or get_settings().database_url).password
    if password:  # drivers do not repeat it, but a message must never show it
        reason = reason.replace(str(password), "***")
    return printable(f"cannot use the database {shown_url(url)}: {reason}; {advice}").replace("\n", " ")


def command_line(name: str, main: Callable[[], int]) -> int:
    """Run a command's ``main``; a database that cannot be used ends it with one line on stderr and status 3."""
    problem = url_problem()
    if problem is None:
        try:
            return main()
        except UNAVAILABLE as error:
            problem = problem_line(error)
    print(f"{name}: {problem}", file=sys.stderr)
    return EXIT_UNAVAILABLE


def retry_when_locked(transaction: Callable[[], T], attempts: int = LOCK_ATTEMPTS, pause_s: float = 1.0) -> T:
    """``transaction()``, run again (up to ``attempts`` times in all) while SQLite says the database is locked; each
    run must be one whole transaction, rolled back when it fails."""
    for attempt in range(1, attempts + 1):
        try:
            return transaction()
        except OperationalError as error:
            if attempt == attempts or not is_locked(error):
                raise
            time.sleep(pause_s * attempt)
    raise AssertionError("unreachable")  # the loop returns or raises

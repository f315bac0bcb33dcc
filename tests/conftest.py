"""Shared test fixtures: databases on both backends, the running app, and a headless browser.

Databases (each test gets its own, so tests may write freely):

- ``backend`` (function, params ``sqlite`` / ``postgresql``): every test using a database fixture below runs
  once per backend. The PostgreSQL case carries the ``postgres`` marker (``-m "not postgres"`` deselects it).
- ``empty_database_url``: a fresh database with no schema at all (for migration tests).
- ``database_url``: a fresh database migrated to the newest revision, with no rows.
- ``engine``: ``improvement.db.engine.get_engine(database_url)`` (the app's own cached engine for that URL).
- ``seeded_database_url`` / ``seeded_engine``: a fresh database on which ``loaders.seed.prepare_database`` ran
  (migrated and seeded with the demo data). ``engine`` and ``seeded_engine`` are different databases.
- ``seeded_sqlite_url`` (session): one seeded SQLite file shared by the many AppTest tests. Treat it as
  read-only; point the app at it with ``monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)``.

Fresh databases are copies of session-wide templates (a file copy for SQLite, ``CREATE DATABASE ... TEMPLATE``
for PostgreSQL), so migrating and seeding run once per backend per session rather than once per test.
PostgreSQL databases are throwaway ``dash_test_<hex>`` databases on the server named by ``TEST_POSTGRES_URL``
(default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``), dropped after use. All names are unique, so
the fixtures are safe under pytest-xdist.

Unavailable PostgreSQL or Chromium makes the tests that need them skip, with the reason; under CI (``CI`` set)
they fail instead, so a green CI run really ran them.

Browser: ``chromium_path`` (session), ``app_server`` (session; base URL of ``streamlit run dashboard.py`` on a
free port, on a fresh seeded SQLite copy), ``browser`` (module; Playwright Chromium) and ``browser_page``
(function; a 1400x1000 page in its own context). Helpers live in ``tests/support/browser.py``.

Pages (AppTest): ``open_page(url, path, **query)`` opens a page on a database as a user following a link;
``demo_app(path, **query)`` does the same on the seeded demo database.

Every test starts with Streamlit's ``st.cache_data`` and ``st.cache_resource`` cleared, and with
``DATABASE_URL`` pointing at a throwaway SQLite file, so no test can touch the developer's
data/dashboard.sqlite.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests.support.environment import (  # noqa: F401 (re-exported for the fixtures below)
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    POSTGRES_ADMIN_URL,
    REPO_ROOT,
    in_ci,
    serve_app,
    skip_or_fail,
)

# --- Streamlit state and environment ------------------------------------------------------------


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """``st.cache_data`` / ``st.cache_resource`` outlive an AppTest run within one process: start clean."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def _apptest_runs_the_entry_point() -> None:
    """Every AppTest run executes dashboard.py, as a real server does (see tests/support/apptest.py)."""
    from tests.support.apptest import run_the_entry_point_on_every_run

    run_the_entry_point_on_every_run()


@pytest.fixture(scope="session", autouse=True)
def _default_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Unless a test sets its own, DATABASE_URL points at a throwaway SQLite file, never at data/."""
    path = tmp_path_factory.mktemp("default-db") / "dashboard.sqlite"
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    yield
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous


# --- Databases ----------------------------------------------------------------------------------


def _dispose_engine_for(url: str) -> None:
    """Close the app's cached engine for ``url`` (if any), so the database can be copied or dropped."""
    from improvement.db.engine import get_engine

    get_engine(url).dispose()


def _migrate(url: str) -> None:
    from improvement.db.engine import get_engine, migrate

    migrate(get_engine(url))
    _dispose_engine_for(url)


def _seed(url: str) -> None:
    from improvement.db.engine import get_engine
    from loaders.seed import prepare_database

    prepare_database(get_engine(url))
    _dispose_engine_for(url)


class SqliteDatabases:
    """Fresh SQLite files, copied from a migrated and a seeded template made once per session."""

    backend = "sqlite"

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._migrated: Path | None = None
        self._seeded: Path | None = None

    @staticmethod
    def url(path: Path) -> str:
        return f"sqlite:///{path}"

    def _new_path(self) -> Path:
        return self.directory / f"dash_test_{uuid.uuid4().hex[:8]}.sqlite"

    def _template(self, seeded: bool) -> Path:
        if self._migrated is None:
            path = self.directory / "template_migrated.sqlite"
            _migrate(self.url(path))
            self._migrated = path
        if not seeded:
            return self._migrated
        if self._seeded is None:
            path = self.directory / "template_seeded.sqlite"
            shutil.copyfile(self._migrated, path)
            _seed(self.url(path))
            self._seeded = path
        return self._seeded

    def create(self, kind: str) -> str:
        """A new database: ``empty`` (no schema), ``migrated`` (schema, no rows) or ``seeded``."""
        path = self._new_path()
        if kind != "empty":
            shutil.copyfile(self._template(seeded=kind == "seeded"), path)
        return self.url(path)

    def drop(self, url: str) -> None:
        _dispose_engine_for(url)
        path = Path(url.removeprefix("sqlite:///"))
        for candidate in (path, *path.parent.glob(path.name + "-*")):
            candidate.unlink(missing_ok=True)

    def close(self) -> None:
        for path in (self._migrated, self._seeded):
            if path is not None:
                self.drop(self.url(path))


class PostgresDatabases:
    """Throwaway PostgreSQL databases, created from a migrated and a seeded template database."""

    backend = "postgresql"

    def __init__(self, admin: sa.Engine) -> None:
        self.admin = admin
        self._migrated: str | None = None
        self._seeded: str | None = None
        self._templates: list[str] = []

    def url(self, name: str) -> str:
        return self.admin.url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str, **params: object) -> None:
        with self.admin.connect() as connection:
            connection.execute(sa.text(statement), params)

    def _create_database(self, template: str | None = None) -> str:
        name = f"dash_test_{uuid.uuid4().hex[:8]}"
        if template is None:
            self._execute(f'CREATE DATABASE "{name}"')
        else:
            # A template cannot be copied while anyone is connected to it.
            self._execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()",
                name=template,
            )
            self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def _template(self, seeded: bool) -> str:
        if self._migrated is None:
            name = self._create_database()
            self._templates.append(name)
            _migrate(self.url(name))
            self._migrated = name
        if not seeded:
            return self._migrated
        if self._seeded is None:
            name = self._create_database(template=self._migrated)
            self._templates.append(name)
            _seed(self.url(name))
            self._seeded = name
        return self._seeded

    def create(self, kind: str) -> str:
        """A new database: ``empty`` (no schema), ``migrated`` (schema, no rows) or ``seeded``."""
        template = None if kind == "empty" else self._template(seeded=kind == "seeded")
        return self.url(self._create_database(template=template))

    def drop(self, url: str) -> None:
        _dispose_engine_for(url)
        name = sa.make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for name in reversed(self._templates):
            self.drop(self.url(name))


@pytest.fixture(scope="session")
def postgres_admin_engine() -> Iterator[sa.Engine]:
    """AUTOCOMMIT engine on the server's ``test`` database, for CREATE / DROP DATABASE."""
    engine = sa.create_engine(
        POSTGRES_ADMIN_URL,
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
        connect_args={"connect_timeout": 5},
    )
    shown = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any driver or network error means: no server to test against
        engine.dispose()
        reason = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        if in_ci():
            pytest.fail(f"PostgreSQL expected under CI but unreachable at {shown}: {reason}", pytrace=False)
        pytest.skip(f"PostgreSQL unreachable at {shown} (start it, or run make test): {reason}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def _sqlite_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteDatabases]:
    databases = SqliteDatabases(tmp_path_factory.mktemp("sqlite-databases"))
    yield databases
    databases.close()


@pytest.fixture(scope="session")
def _postgres_databases(postgres_admin_engine: sa.Engine) -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(postgres_admin_engine)
    yield databases
    databases.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend under test: ``sqlite`` or ``postgresql``."""
    return request.param


@pytest.fixture
def _databases(backend: str, request: pytest.FixtureRequest) -> SqliteDatabases | PostgresDatabases:
    return request.getfixturevalue("_sqlite_databases" if backend == "sqlite" else "_postgres_databases")


def _fresh_database(databases: SqliteDatabases | PostgresDatabases, kind: str) -> Iterator[str]:
    url = databases.create(kind)
    try:
        yield url
    finally:
        databases.drop(url)


@pytest.fixture
def empty_database_url(_databases: SqliteDatabases | PostgresDatabases) -> Iterator[str]:
    """URL of a fresh database with no tables at all."""
    yield from _fresh_database(_databases, "empty")


@pytest.fixture
def database_url(_databases: SqliteDatabases | PostgresDatabases) -> Iterator[str]:
    """URL of a fresh database migrated to the newest revision, with no rows."""
    yield from _fresh_database(_databases, "migrated")


@pytest.fixture
def engine(database_url: str) -> sa.Engine:
    """The app's engine on ``database_url`` (migrated, empty)."""
    from improvement.db.engine import get_engine

    return get_engine(database_url)


@pytest.fixture
def seeded_database_url(_databases: SqliteDatabases | PostgresDatabases) -> Iterator[str]:
    """URL of a fresh database after ``loaders.seed.prepare_database`` (migrated and seeded)."""
    yield from _fresh_database(_databases, "seeded")


@pytest.fixture
def seeded_engine(seeded_database_url: str) -> sa.Engine:
    """The app's engine on a fresh migrated and seeded database (not the same database as ``engine``)."""
    from improvement.db.engine import get_engine

    return get_engine(seeded_database_url)


@pytest.fixture(scope="session")
def seeded_sqlite_url(_sqlite_databases: SqliteDatabases) -> str:
    """One seeded SQLite database for the whole session: read-only use (AppTest); set it per test with
    ``monkeypatch.setenv("DATABASE_URL", seeded_sqlite_url)``."""
    return _sqlite_databases.create("seeded")


@pytest.fixture
def open_page(monkeypatch: pytest.MonkeyPatch):
    """``open_page(url, path, **query)``: the page at ``path`` on the database at ``url``, as a user following a
    link with ``?key=value`` (AppTest; fails on an exception). The app never seeds the demo here, so a partial
    state stays as the test built it."""
    from tests.support.apptest import open_app_page

    def open_it(url: str, path: str, *, timeout: float = 60, **query: str):
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("SEED_DEMO_DATA", "no")
        return open_app_page(path, timeout=timeout, **query)

    return open_it


@pytest.fixture
def demo_app(seeded_sqlite_url: str, open_page):
    """``demo_app(path, database_url=None, **query)``: a page on the seeded demo database (or ``database_url``)."""

    def open_it(path: str, database_url: str | None = None, **query: str):
        return open_page(database_url or seeded_sqlite_url, path, **query)

    return open_it


# --- The running app and a browser --------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium (Playwright cannot download its own browser on these machines)."""
    if not CHROMIUM_PATH.exists():
        skip_or_fail(
            f"Debian chromium not installed at {CHROMIUM_PATH}: run make test as root or apt-get install chromium"
        )
    return str(CHROMIUM_PATH)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory, _sqlite_databases: SqliteDatabases) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of ``streamlit run dashboard.py`` on a fresh seeded SQLite copy."""
    with serve_app(tmp_path_factory.mktemp("app-server"), _sqlite_databases.create("seeded")) as base_url:
        yield base_url


@pytest.fixture
def fresh_app_server(tmp_path: Path, _sqlite_databases: SqliteDatabases) -> Iterator[str]:
    """A server of its own that no browser has visited yet (for first-request behaviour)."""
    with serve_app(tmp_path, _sqlite_databases.create("seeded")) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[object]:
    """Headless Chromium driven by Playwright's sync API (module scope: its event loop stays out of the way
    of other test modules)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser_page(browser) -> Iterator[object]:
    """A fresh page (own context, viewport 1400x1000), closed after the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()

"""What a visitor sees when something fails: a plain message, never a traceback, a server path or a library version;
the details go to the operator's log. And the Data page states the size limits the server applies.
"""

from __future__ import annotations

import logging
import tomllib

from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard import DATABASE_UNREACHABLE
from loaders.framework.limits import MAX_CSV_BYTES, MAX_UNZIPPED_BYTES
from tests.support.environment import REPO_ROOT

CLOSED_PORT = "postgresql+psycopg://postgres:s3cret@127.0.0.1:1/x"
STREAMLIT_CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
TECHNICAL = ("Traceback", "psycopg", "sqlalchemy", "OperationalError", "127.0.0.1", "s3cret", "/work", ".py", "line ")


def texts(node) -> list[str]:
    """Every text on the page, in order (containers' contents in place of the containers)."""
    children = getattr(node, "children", None)
    if children is not None:
        return [text for key in sorted(children) for text in texts(children[key])]
    value = getattr(node, "value", None)
    return [value] if isinstance(value, str) else []


def test_a_database_that_cannot_be_reached_is_a_plain_message(open_page, caplog):
    caplog.set_level(logging.ERROR, logger="dashboard")

    app = open_page(CLOSED_PORT, "pages/overview.py")  # fails on any exception

    assert [error.value for error in app.error] == [DATABASE_UNREACHABLE]
    assert DATABASE_UNREACHABLE.startswith("The dashboard cannot reach its database just now")
    shown = "\n".join(texts(app.main) + texts(app.sidebar))
    assert not [word for word in TECHNICAL if word in shown], shown
    logged = [record for record in caplog.records if record.name == "dashboard"]
    assert logged and all(record.levelno == logging.ERROR for record in logged)
    assert logged[0].getMessage() == (
        "The database cannot be used: cannot use the database postgresql+psycopg://postgres:***@127.0.0.1:1/x: "
        'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused; check that the '
        "database server is running and that DATABASE_URL names it"
    )
    assert logged[0].exc_info is not None  # the traceback, for the operator
    assert "s3cret" not in caplog.text


def test_an_unexpected_error_shows_visitors_no_details_and_the_tests_still_see_it():
    assert STREAMLIT_CONFIG["client"]["showErrorDetails"] == "none"
    assert config.get_option("client.showErrorDetails") == "none", "run the tests from the repository root"

    app = AppTest.from_string("raise RuntimeError('/srv/dashboard/secret.py: psycopg 3.2 failed')").run()

    [exception] = app.exception  # AppTest still reports it, so every page test still fails on one
    assert "/srv/dashboard" not in exception.message and "psycopg" not in exception.message
    assert exception.message.startswith("This app has encountered an error.")
    assert list(exception.stack_trace) == []


def test_the_data_page_states_the_upload_limit_the_server_applies(demo_app):
    upload_mb = STREAMLIT_CONFIG["server"]["maxUploadSize"]
    assert config.get_option("server.maxUploadSize") == upload_mb == 50

    app = demo_app("pages/data.py")

    captions = [caption.value for caption in app.caption]
    assert (
        f"Each file may be at most {upload_mb} MB to upload. A CSV file may be at most {MAX_CSV_BYTES // 10**6} MB, "
        "with at most 131,072 characters in a cell; a workbook may unzip to at most "
        f"{MAX_UNZIPPED_BYTES // 10**6} MB (and at most 100 times its size). Larger files are refused before they "
        "are read."
    ) in captions

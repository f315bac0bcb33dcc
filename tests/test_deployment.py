"""The deployment settings that are not code: the server listens on the loopback interface unless told otherwise,
and the demo's configuration holds no sign-in secrets (a deployment brings its own ``.streamlit/secrets.toml``)."""

from __future__ import annotations

import tomllib

import pytest

from tests.support.environment import REPO_ROOT
from tests.support.server import streamlit_server

CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a TCP socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]  # noqa: SIM115 (a /proc file, read at once)
        except FileNotFoundError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_the_configuration_binds_to_the_loopback_interface():
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert not (REPO_ROOT / ".streamlit" / "secrets.toml").exists(), "secrets belong to a deployment, not the repo"


@pytest.mark.browser
def test_a_server_started_as_make_run_does_listens_on_loopback_only(tmp_path, seeded_sqlite_url):
    """``streamlit run dashboard.py`` with the repository's configuration, no address given on the command line."""
    with streamlit_server(tmp_path, {"DATABASE_URL": seeded_sqlite_url}) as server:
        port = int(server.base_url.rsplit(":", 1)[1])
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and not 0.0.0.0 or ::

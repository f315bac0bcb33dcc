"""A Streamlit app served on a free port on 127.0.0.1, as a subprocess: for the browser tests and for
``scripts/bench_browser.py``. Imports nothing from pytest, so a script can use it; a server that does not start
raises ``ServerStartError`` with the tail of its output."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT_S = 60.0


class ServerStartError(RuntimeError):
    """The app exited or did not answer its health check in time (the message carries its output)."""


@dataclass(frozen=True)
class RunningServer:
    base_url: str  # http://127.0.0.1:PORT
    process: subprocess.Popen
    stderr_path: Path  # what the server printed on stderr (its log)

    @property
    def pid(self) -> int:
        return self.process.pid


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health_ok(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def streamlit_command(script: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.port",
        str(port),
        "--server.fileWatcherType",
        "none",
    ]


@contextmanager
def streamlit_server(
    log_dir: Path,
    env: dict[str, str],
    script: str = "dashboard.py",
    start_timeout_s: float = SERVER_START_TIMEOUT_S,
    options_for_port: Callable[[int], Sequence[str]] | None = None,
) -> Iterator[RunningServer]:
    """``streamlit run SCRIPT`` (relative to the repository root, which is its working directory, so it reads
    .streamlit/config.toml) on a free port, with ``env`` added to the environment; stopped on leaving.

    ``options_for_port``, if given, is called with the port chosen before each attempt and returns more command-line
    options (such as ``--secrets.files PATH``, for a secrets.toml whose ``redirect_uri`` must name that port).
    Its output goes to ``log_dir`` (stdout-N.log, stderr-N.log for attempt N).
    """
    full_env = {**os.environ, **env, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "PYTHONUNBUFFERED": "1"}
    failure = ""
    for attempt in range(3):  # a free port can be taken by someone else between choosing and binding
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        stdout_path = log_dir / f"stdout-{attempt}.log"
        stderr_path = log_dir / f"stderr-{attempt}.log"
        command = streamlit_command(script, port) + list(options_for_port(port) if options_for_port else ())
        with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
            process = subprocess.Popen(command, cwd=REPO_ROOT, env=full_env, stdout=stdout, stderr=stderr)
        try:
            deadline = time.monotonic() + start_timeout_s
            while time.monotonic() < deadline and process.poll() is None and not health_ok(base_url):
                time.sleep(0.25)
            exited = process.poll() is not None
            if not exited and health_ok(base_url):
                yield RunningServer(base_url=base_url, process=process, stderr_path=stderr_path)
                return
        finally:
            stop(process)
        failure = (
            f"streamlit run {script} {'exited with status ' + str(process.returncode) if exited else 'did not answer'}"
            f" within {start_timeout_s:.0f} s on port {port}.\n"
            f"--- stderr ---\n{tail(stderr_path)}\n--- stdout ---\n{tail(stdout_path)}"
        )
        if not exited:
            break  # it hung rather than lost a port race: retrying would not help
    raise ServerStartError(failure)

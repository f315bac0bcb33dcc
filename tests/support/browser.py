"""Helpers for driving the running Streamlit app in headless Chromium (Playwright sync API).

Selectors come from Streamlit 1.67's frontend (``data-testid`` attributes in streamlit/static):
``stApp`` carries ``data-test-script-state``; ``stStatusWidget`` shows while a script runs;
``stSkeleton`` is the placeholder of an element whose code is still loading (plotly.js loads lazily);
``stPlotlyChart`` is a plotly chart, drawn once it holds plotly's ``.main-svg``; ``stException`` is an error.

``wait_for_drawn`` (Playwright's async API, for ``scripts/bench_browser.py``) waits for the same finished state
from inside the page and says when it was first reached, for timing a page load.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_PATH = Path("/usr/bin/chromium")  # Debian's Chromium: Playwright cannot download its own browser here
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

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
SKELETON = '[data-testid="stSkeleton"]'
PLOTLY_CHART = '[data-testid="stPlotlyChart"]'
EXCEPTION = '[data-testid="stException"]'

# One look at the page: is the script done, nothing still loading, and every chart drawn?
STATE_JS = """
() => {
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return {
        idle: document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]') !== null,
        running: document.querySelector('[data-testid="stStatusWidget"]') !== null,
        loading: document.querySelectorAll('[data-testid="stSkeleton"]').length,
        charts: charts.length,
        drawn: charts.filter((chart) => chart.querySelector('.main-svg') !== null).length,
        elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
    };
}
"""

# The page must look finished on this many consecutive polls, with nothing changing in between: the app can
# be "notRunning" for a moment before its first run, and lazy elements mount a little after the run ends.
_STABLE_POLLS = 3
_POLL_INTERVAL_S = 0.25


def wait_for_rendered(page, timeout_ms: int = 30000) -> int:
    """Wait until the app's script has finished, nothing is loading and every plotly chart has drawn.

    Returns the number of plotly charts on the page. Raises ``TimeoutError`` with the last state seen.
    """
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    stable = 0
    previous = None
    state: dict = {}
    while time.monotonic() < deadline:
        state = page.evaluate(STATE_JS)
        finished = (
            state["idle"] and not state["running"] and state["loading"] == 0 and state["drawn"] == state["charts"]
        )
        stable = stable + 1 if finished and state == previous else (1 if finished else 0)
        if stable >= _STABLE_POLLS:
            return state["charts"]
        previous = state
        time.sleep(_POLL_INTERVAL_S)
    raise TimeoutError(f"page {page.url} not rendered within {timeout_ms} ms; last state: {state}")


# The same finished state, watched from inside the page (polled by Playwright in the page, no round trip per look):
# it must also show ``must_show`` (proof that the script ran for the page asked for, not the empty shell before the
# first run), a main heading other than ``notHeading`` if given (after a click in the navigation: the new page, not
# the one before it), and hold unchanged for ``stableMs``. Returns when it was first reached (``Date.now()``: the
# machine's clock, which Python's ``time.time()`` reads too, so the round trip back to Python is not counted), or at
# once the number of error boxes if the script finished with an error.
_DRAWN_WATCH_JS = """
({mustShow, notHeading, stableMs, token}) => {
    if (!window.__drawnWatch || window.__drawnWatch.token !== token) {
        window.__drawnWatch = {token, signature: null, since: 0};
    }
    const watch = window.__drawnWatch;
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = app !== null && app.getAttribute('data-test-script-state') === 'notRunning';
    const running = document.querySelector('[data-testid="stStatusWidget"]') !== null;
    const errors = document.querySelectorAll('[data-testid="stException"]').length;
    if (idle && !running && errors > 0) {
        return {errors, charts: 0, since: Date.now()};
    }
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    const drawn = charts.filter((chart) => chart.querySelector('.main-svg') !== null).length;
    const finished = idle && !running && drawn === charts.length
        && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
        && app.textContent.includes(mustShow)
        && (notHeading === null || document.querySelector('[data-testid="stMain"] h1')?.textContent !== notHeading);
    const now = Date.now();
    if (!finished) {
        watch.signature = null;
        return false;
    }
    const signature = [charts.length, drawn, document.querySelectorAll('[data-testid="stElementContainer"]').length]
        .join('/');
    if (signature !== watch.signature) {
        watch.signature = signature;
        watch.since = now;
        return false;
    }
    return now - watch.since >= stableMs ? {errors: 0, charts: charts.length, since: watch.since} : false;
}
"""


@dataclass(frozen=True)
class Drawn:
    seconds: float  # from the call's ``started`` to the moment the page was first seen finished (or failed)
    charts: int
    errors: int  # error boxes (stException) on the page: the load failed if not 0


async def wait_for_drawn(
    page,
    started: float,
    must_show: str,
    timeout_ms: float = 120000,
    *,
    not_heading: str | None = None,
    stable_ms: float = 500,
    poll_ms: int = 50,
) -> Drawn:
    """Wait (async Playwright page) until the script has run and finished, nothing is loading, every plotly chart
    has drawn and the page shows ``must_show`` (and, if given, a main heading other than ``not_heading``: the
    page's before a click in the navigation), unchanged for ``stable_ms``.

    ``started`` is ``time.time()`` taken before the navigation; the time returned runs to when the finished state
    was first seen in the page (the ``stable_ms`` of checking is not counted; the polling adds up to ``poll_ms``).
    An error box ends the wait at once, with ``errors`` set. Raises Playwright's ``TimeoutError``.
    """
    handle = await page.wait_for_function(
        _DRAWN_WATCH_JS,
        arg={"mustShow": must_show, "notHeading": not_heading, "stableMs": stable_ms, "token": uuid.uuid4().hex},
        polling=poll_ms,
        timeout=timeout_ms,
    )
    result = await handle.json_value()
    await handle.dispose()
    return Drawn(seconds=result["since"] / 1000 - started, charts=result["charts"], errors=result["errors"])


def screenshot_full_page(page, path: str) -> None:
    """A screenshot of the whole page.

    Streamlit scrolls inside ``stMain`` (and the sidebar), not the document, so Playwright's ``full_page``
    alone stops at the viewport: the viewport grows to the content for the shot, then is put back.
    """
    viewport = page.viewport_size or {"width": 1400, "height": 1000}
    content_height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
                .map((element) => element.scrollHeight + element.getBoundingClientRect().top))"""
    )
    tall = max(viewport["height"], int(content_height) + 1)
    if tall > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": tall})
        wait_for_rendered(page)
    try:
        page.screenshot(path=path, full_page=True)
    finally:
        if tall > viewport["height"]:
            page.set_viewport_size(viewport)


def page_errors(page) -> list[str]:
    """The texts of the Streamlit error boxes (``st.exception`` / uncaught exceptions) on the page."""
    return [text.strip() for text in page.locator(EXCEPTION).all_inner_texts()]


def collect_console_errors(page) -> list[str]:
    """Start collecting the page's console errors and uncaught JavaScript errors; returns the live list.

    Call before ``page.goto``.
    """
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            source = message.location.get("url") if message.location else ""
            errors.append(f"console: {message.text} ({source or 'no source'})")

    def on_page_error(error) -> None:
        errors.append(f"pageerror: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


def briefing_view_supported(entry_point: Path) -> bool:
    """Whether the app's entry point (dashboard.py) wraps its pages in the briefing view (``?view=briefing``)."""
    return re.search(r"\bbriefing_frame\b|[\"']briefing[\"']", entry_point.read_text()) is not None


# Console errors that are Streamlit's or Chromium's own noise, not the app's. Each entry: (pattern matched
# against "console: <text> (<source url>)", why it is harmless).
KNOWN_HARMLESS_CONSOLE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"status of 404 .*\(http://127\.0\.0\.1:\d+/[^()\s]+/_stcore/(health|host-config)\)$"),
        "Opened at /<page>, Streamlit's frontend first probes <page>/_stcore/... to find the server's "
        "base path, gets 404, then uses the root: expected on every non-root URL.",
    ),
    (
        re.compile(r"net::ERR_NAME_NOT_RESOLVED \(https://fonts\.gstatic\.com/"),
        "Streamlit fetches :material/...: icons from Google's font host; these machines have no internet, "
        "so the icon is blank here (it is not the app's error).",
    ),
]


def unexpected_console_errors(errors: list[str]) -> list[str]:
    """The console errors that are not in ``KNOWN_HARMLESS_CONSOLE_ERRORS``."""
    return [e for e in errors if not any(p.search(e) for p, _why in KNOWN_HARMLESS_CONSOLE_ERRORS)]

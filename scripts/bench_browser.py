"""The dashboard in a real browser under load, and its server's memory (``make bench``, or alone).

``run_browser_bench(database_url, authority_code, authority_name)`` (``scripts/bench.py`` calls it on its large
database), or ``python scripts/bench_browser.py --database-url URL --authority CODE``. It starts
``streamlit run dashboard.py`` on a free port of 127.0.0.1 against the database (``SEED_DEMO_DATA=no``: the
database must be filled already) and drives it with ONE headless Chromium (Debian's, ``/usr/bin/chromium``) through
Playwright's async API. Pages are opened for the chosen council (``/<page>?authority=CODE``, Overview at ``/``); a
load is timed from the navigation to the page fully drawn: the script finished, nothing loading, every plotly chart
drawn, the council's name on the page, all of it unchanged for half a second (``tests.support.browser``).

1. Memory, on the fresh server: RSS when it has started, then after every page of ``dashboard.SECTIONS`` has been
   opened once (cold caches; target < 250 MB), then after 50 visits by the sidebar's links in the same browser
   context and session, cycling through the pages (target: growth under 10 MB), then after 50 more opened as links
   (a new session each: Streamlit keeps a closed session for ``server.disconnectedSessionTTL``, 120 s, so this
   growth is the sessions held, reported for what it is). Each page's time, first and later, says where time goes.
2. Load test: 1, 5, 10 and 20 browser contexts at once (a level repeats until it has 15 loads), each opening
   Overview, Priority areas and Trajectories in turn; per level the median (p50) and 95th percentile (p95) of the
   loads, the server's RSS after the level, and the CPU time the server and the browser used.
   Target: p95 at 10 contexts within 2.5 times p95 at 1 context.
3. Baseline: the same load test against ``scripts/bare_page.py`` (one SQL query, one chart of the same council's
   observations) on another server, side by side, with the ratio dashboard / bare.

RSS is the server process's resident memory (``VmRSS`` in /proc, with any child processes), in MB of 2**20 bytes.
Nothing is asserted on time: the figures depend on the machine. The exit status is non-zero only if a page showed
an error, did not finish drawing within the time-out, or a server or the browser could not be started.
"""

# ruff: noqa: E402  (the repository root is put on sys.path before the project's own imports)

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Iterator, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # `python scripts/bench_browser.py` puts scripts/, not the root, on the path

import sqlalchemy as sa
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from playwright.async_api import async_playwright

from tests.support.browser import CHROMIUM_ARGS, CHROMIUM_PATH, EXCEPTION, STATE_JS, wait_for_drawn
from tests.support.server import RunningServer, ServerStartError, streamlit_server, tail

LOAD_TEST_PAGES = ["overview", "priority_areas", "trajectories"]
BARE_SCRIPT = "scripts/bare_page.py"
LEVELS = (1, 5, 10, 20)
REPEATED_VISITS = 50
MIN_LOADS = 15  # per load-test level: one context alone opens its three pages five times in turn
PAGE_TIMEOUT_S = 180.0
TARGET_SCALING = 2.5  # p95 at 10 contexts / p95 at 1 context
TARGET_RSS_MB = 250.0
TARGET_GROWTH_MB = 10.0
VIEWPORT = {"width": 1400, "height": 1000}
HEADING_JS = """() => document.querySelector('[data-testid="stMain"] h1')?.textContent ?? null"""


class PageFailedError(RuntimeError):
    """A page showed an error or did not finish drawing in time: the figures are meaningless."""


@dataclass(frozen=True)
class CpuUse:
    """Wall-clock seconds, and the CPU seconds the server and the browser (Chromium and Playwright's driver) used."""

    wall_s: float
    server_s: float
    browser_s: float

    def __sub__(self, earlier: CpuUse) -> CpuUse:
        return CpuUse(*(now - then for now, then in zip(astuple(self), astuple(earlier), strict=True)))


@dataclass(frozen=True)
class Level:
    contexts: int
    seconds: list[float]  # every page load of the level
    rss_mb: float | None  # the server's, after the level
    cpu: CpuUse

    @property
    def p50(self) -> float:
        return percentile(self.seconds, 50)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 95)


# --- Pure helpers ----------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0 to 100), interpolating linearly between the closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be between 0 and 100, got {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.1f}x" if denominator > 0 else "n/a"


def mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def process_tree(pid: int) -> list[int]:
    """``pid`` and its live descendants, from /proc (empty if ``pid`` is gone or there is no /proc)."""
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        if current in tree or not Path(f"/proc/{current}").exists():
            continue
        tree.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # a thread that has just ended
                pending += [int(child) for child in children.read_text().split()]
    return tree


def _proc(pid: int, name: str) -> str:
    try:
        return Path(f"/proc/{pid}/{name}").read_text()
    except OSError:  # it has just exited
        return ""


def rss_mb(pid: int) -> float | None:
    """Resident memory of the process and its descendants, from /proc (None if it is gone or there is no /proc)."""
    tree = process_tree(pid)
    if not tree:
        return None
    lines = [line for current in tree for line in _proc(current, "status").splitlines() if line.startswith("VmRSS:")]
    return sum(int(line.split()[1]) for line in lines) / 1024


def cpu_seconds(pids: Sequence[int]) -> float:
    """CPU time (user and system) the processes have used, with that of their children that have ended."""
    ticks = 0
    for pid in pids:
        fields = _proc(pid, "stat").rpartition(")")[2].split()  # after the command's name, which may hold spaces
        if len(fields) > 14:
            ticks += sum(int(field) for field in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_so_far(server_pid: int) -> CpuUse:
    """The clock, and the CPU time so far of the server and of everything else this process started (the browser)."""
    server = process_tree(server_pid)
    browser = [pid for pid in process_tree(os.getpid())[1:] if pid not in server]
    return CpuUse(time.monotonic(), cpu_seconds(server), cpu_seconds(browser))


def dashboard_pages() -> list[str]:
    """The address of every page in ``dashboard.SECTIONS``, in the navigation's order; the first is the default
    page, which the app serves at / (``dashboard.build_navigation``)."""
    import dashboard  # here, not at the top: importing the app has side effects a test importing this need not have

    return [spec.url_path for specs in dashboard.SECTIONS.values() for spec in specs]


def browser_available() -> bool:
    return CHROMIUM_PATH.exists()


# --- Loading pages ---------------------------------------------------------------------------------------------


class Visitor:
    """Opens pages of one server for one council, each load timed to fully drawn."""

    def __init__(
        self, server: RunningServer, authority_code: str, must_show: str, timeout_s: float, home: str = ""
    ) -> None:
        self.server, self.code, self.must_show, self.timeout_s = server, authority_code, must_show, timeout_s
        self.home = home  # the page served at / (a link to the default page's own address shows "Page not found")

    def address(self, page_path: str) -> str:
        return f"{self.server.base_url}/{'' if page_path == self.home else page_path}"

    def url(self, page_path: str) -> str:
        return f"{self.address(page_path)}?authority={self.code}"

    async def load(self, page, page_path: str) -> float:
        """Open the page as a link (a new session, as a new tab does)."""
        url = self.url(page_path)
        return await self._timed(
            page, url, page.goto(url, wait_until="domcontentloaded", timeout=self.timeout_s * 1000)
        )

    async def navigate(self, page, page_path: str) -> float:
        """Click the page's link in the sidebar: the same session, as a visitor moving around the app."""
        address = self.address(page_path)
        heading = await page.evaluate(HEADING_JS)
        link = page.locator(f'[data-testid="stSidebarNavLink"][href="{address}"]')
        return await self._timed(page, address, link.click(timeout=self.timeout_s * 1000), not_heading=heading)

    async def _timed(self, page, url: str, action: Awaitable, not_heading: str | None = None) -> float:
        started = time.time()
        try:
            await action
            left_ms = max(1000.0, (started + self.timeout_s - time.time()) * 1000)
            drawn = await wait_for_drawn(page, started, self.must_show, timeout_ms=left_ms, not_heading=not_heading)
        except PlaywrightTimeoutError:
            raise PageFailedError(
                f"{url} not fully drawn (showing {self.must_show!r}) within {self.timeout_s:g} s; "
                f"last state: {await state_of(page)}"
            ) from None
        except PlaywrightError as error:
            raise PageFailedError(f"{url}: the browser failed: {str(error).splitlines()[0]}") from None
        if drawn.errors:
            texts = [text.strip()[:300] for text in await page.locator(EXCEPTION).all_inner_texts()]
            raise PageFailedError(f"{url} shows {drawn.errors} error box(es): {texts}")
        return drawn.seconds

    async def visit(self, browser, page_paths: Sequence[str]) -> list[tuple[str, float]]:
        """One new browser context opening ``page_paths`` in turn; the seconds of each load."""
        context = await browser.new_context(viewport=VIEWPORT)
        try:
            page = await context.new_page()
            return [(path, await self.load(page, path)) for path in page_paths]
        finally:
            await context.close()

    async def at_once(self, browser, contexts: int, page_paths: Sequence[str]) -> list[float]:
        """``contexts`` browser contexts at the same time, each opening ``page_paths``; every load's seconds."""
        try:
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(self.visit(browser, page_paths)) for _ in range(contexts)]
        except ExceptionGroup as failures:  # the first failure says what went wrong; the rest were cancelled
            raise failures.exceptions[0] from None
        return [seconds for task in tasks for _path, seconds in task.result()]


async def state_of(page) -> str:
    try:
        return str(await page.evaluate(STATE_JS))
    except PlaywrightError as error:
        return f"(could not be read: {str(error).splitlines()[0]})"


# --- The three parts -------------------------------------------------------------------------------------------


async def memory(browser, visitor: Visitor, repeats: int) -> None:
    """Part 1: every page once as a link, then ``repeats`` visits by the sidebar's links in the same session, then
    ``repeats`` visits as links (each a new session, as a new tab), with the server's RSS after each."""
    pid, pages = visitor.server.pid, dashboard_pages()
    print(f"\nMemory of the dashboard's server (pid {pid}); RSS at start: {mb(rss_mb(pid))} MB", flush=True)
    cycle = [pages[(visit + 1) % len(pages)] for visit in range(repeats)]  # from the page after the last one shown
    by_link: dict[str, list[float]] = {path: [] for path in pages}
    by_navigation: dict[str, list[float]] = {path: [] for path in pages}
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        first = {path: await visitor.load(page, path) for path in pages}
        rss = [rss_mb(pid)]
        await visitor.load(page, pages[0])  # the navigation starts from the first page
        for path in cycle:
            by_navigation[path].append(await visitor.navigate(page, path))
        rss.append(rss_mb(pid))
        for path in cycle:
            by_link[path].append(await visitor.load(page, path))
        rss.append(rss_mb(pid))
    finally:
        await context.close()

    def median(times: list[float]) -> str:
        return f"{statistics.median(times):.2f}" if times else "-"

    print(f"  {'page':<20}{'first visit s':>14}{'by navigation s':>16}{'as a link s':>12}   (later: median)")
    for path in pages:
        print(f"  {path:<20}{first[path]:>14.2f}{median(by_navigation[path]):>16}{median(by_link[path]):>12}")
    print(
        f"  RSS after every page once ({len(pages)} pages): {mb(rss[0])} MB; "
        f"target < {TARGET_RSS_MB:.0f} MB: {met(rss[0] is not None and rss[0] < TARGET_RSS_MB)}"
    )
    if None in rss:
        print("  RSS growth: n/a (no /proc)")
        return
    navigation, links = rss[1] - rss[0], rss[2] - rss[1]
    print(
        f"  RSS before and after {repeats} visits by the sidebar's links (one session): {mb(rss[0])} -> "
        f"{mb(rss[1])} MB, growth {navigation:+.1f} MB; target < {TARGET_GROWTH_MB:.0f} MB: "
        f"{met(navigation < TARGET_GROWTH_MB)}"
    )
    print(
        f"  then {repeats} visits as links (a new session each): {mb(rss[1])} -> {mb(rss[2])} MB, growth "
        f"{links:+.1f} MB, {links / max(repeats, 1):.2f} MB a visit\n    (Streamlit keeps a closed tab's session for "
        "server.disconnectedSessionTTL, 120 s by default: this holds the sessions of the last two minutes)",
        flush=True,
    )


async def load_test(browser, visitor: Visitor, page_paths: Sequence[str], options: Options) -> list[Level]:
    """Part 2 (and 3): every level in turn, on a server whose caches are warm. A level opens its contexts at once,
    again and again until it has ``options.min_loads`` loads, so that even one context gives a p95 of something."""
    results = []
    for contexts in options.levels:
        batches = math.ceil(options.min_loads / (contexts * len(page_paths)))
        before = cpu_so_far(visitor.server.pid)
        seconds = [load for _ in range(batches) for load in await visitor.at_once(browser, contexts, page_paths)]
        cpu = cpu_so_far(visitor.server.pid) - before
        level = Level(contexts, seconds, rss_mb(visitor.server.pid), cpu)
        print(
            f"  {contexts:>2} context{'s' if contexts > 1 else ''}{f' x {batches} in turn' if batches > 1 else ''}: "
            f"{len(seconds)} loads, "
            f"p50 {level.p50:.2f} s, p95 {level.p95:.2f} s, RSS {mb(level.rss_mb)} MB; {cpu.wall_s:.0f} s, "
            f"CPU s: server {cpu.server_s:.1f} ({cpu.server_s / len(seconds):.2f} a load), browser {cpu.browser_s:.1f}",
            flush=True,
        )
        results.append(level)
    return results


def scaling_verdict(levels: list[Level]) -> str:
    by_contexts = {level.contexts: level for level in levels}
    if 1 not in by_contexts or 10 not in by_contexts:
        return "n/a (needs the 1 and 10 context levels)"
    alone, loaded = by_contexts[1].p95, by_contexts[10].p95
    return f"{loaded:.2f} / {alone:.2f} s = {ratio(loaded, alone)}: {met(loaded <= TARGET_SCALING * alone)}"


def print_side_by_side(dashboard_levels: list[Level], bare_levels: list[Level]) -> None:
    print("\nLoad test: seconds from navigation to fully drawn; RSS of each server after the level, MB")
    heading = f"{'contexts':>8} {'loads':>6} | {'dashboard p50':>13} {'p95':>6} {'RSS':>5} | "
    heading += f"{'bare p50':>8} {'p95':>6} {'RSS':>5} | {'ratio p50':>9} {'p95':>6}"
    print(heading)
    print("-" * len(heading))
    for ours, bare in zip(dashboard_levels, bare_levels, strict=True):
        print(
            f"{ours.contexts:>8} {len(ours.seconds):>6} | {ours.p50:>13.2f} {ours.p95:>6.2f} {mb(ours.rss_mb):>5} | "
            f"{bare.p50:>8.2f} {bare.p95:>6.2f} {mb(bare.rss_mb):>5} | "
            f"{ratio(ours.p50, bare.p50):>9} {ratio(ours.p95, bare.p95):>6}"
        )
    print(f"\np95 at 10 contexts within {TARGET_SCALING}x p95 at 1 context:")
    print(f"  dashboard: {scaling_verdict(dashboard_levels)}")
    print(f"  bare page: {scaling_verdict(bare_levels)} (for comparison; the target is the dashboard's)")
    ours_cpu = sum(level.cpu.server_s for level in dashboard_levels) / sum(len(lv.seconds) for lv in dashboard_levels)
    bare_cpu = sum(level.cpu.server_s for level in bare_levels) / sum(len(lv.seconds) for lv in bare_levels)
    browser_share = sum(lv.cpu.browser_s for lv in dashboard_levels) / max(
        sum(lv.cpu.browser_s + lv.cpu.server_s for lv in dashboard_levels), 1e-9
    )
    print(
        f"Server CPU a load: dashboard {ours_cpu:.2f} s, bare page {bare_cpu:.2f} s; the browser used "
        f"{browser_share:.0%} of the CPU the dashboard's load test took (browser and server share this machine)",
        flush=True,
    )


# --- Running it ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    levels: Sequence[int] = LEVELS
    repeats: int = REPEATED_VISITS  # visits by navigation, then as links, after the first pass
    min_loads: int = MIN_LOADS  # per level
    timeout_s: float = PAGE_TIMEOUT_S  # per page load
    seed_demo_data: bool = False


@contextlib.contextmanager
def failures_show_the_log(server: RunningServer, what: str) -> Iterator[None]:
    try:
        yield
    except PageFailedError as failure:
        raise PageFailedError(f"{failure}\n--- the log of {what}'s server ---\n{tail(server.stderr_path)}") from None


async def bench(database_url: str, code: str, name: str, options: Options, log_dir: Path) -> None:
    env = {"DATABASE_URL": database_url, "SEED_DEMO_DATA": "yes" if options.seed_demo_data else "no"}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS, timeout=60000
        )
        try:
            with streamlit_server(log_dir / "dashboard", env) as server:
                visitor = Visitor(server, code, name, options.timeout_s, home=dashboard_pages()[0])
                with failures_show_the_log(server, "the dashboard"):
                    await memory(browser, visitor, options.repeats)
                    print(f"\nLoad test of the dashboard: each context opens {', '.join(LOAD_TEST_PAGES)}", flush=True)
                    ours = await load_test(browser, visitor, LOAD_TEST_PAGES, options)
            with streamlit_server(log_dir / "bare", env, script=BARE_SCRIPT) as server:
                visitor = Visitor(server, code, name, options.timeout_s)
                with failures_show_the_log(server, "the bare page"):
                    cold = await visitor.at_once(browser, 1, [""])
                    print(
                        f"\nLoad test of the bare page ({BARE_SCRIPT}; first visit, untimed: {cold[0]:.2f} s); "
                        f"each context opens it {len(LOAD_TEST_PAGES)} times",
                        flush=True,
                    )
                    bare = await load_test(browser, visitor, [""] * len(LOAD_TEST_PAGES), options)
        finally:
            await browser.close()
    print_side_by_side(ours, bare)


def run_browser_bench(database_url: str, authority_code: str, authority_name: str, options: Options = Options()) -> int:
    """Print the memory, load-test and baseline figures for ``authority_code`` (whose pages show
    ``authority_name``); 0 if every page loaded, 1 if one failed or a server or the browser would not start."""
    if not browser_available():
        print(f"\nBROWSER BENCHMARK NOT RUN: no Chromium at {CHROMIUM_PATH} (apt install chromium)", file=sys.stderr)
        return 1
    print(
        f"\nBrowser benchmark: {authority_name} ({authority_code}), one headless Chromium, "
        f"page time-out {options.timeout_s:g} s",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-browser-") as directory:
        for name in ("dashboard", "bare"):
            (Path(directory) / name).mkdir()
        try:
            asyncio.run(bench(database_url, authority_code, authority_name, options, Path(directory)))
        except (PageFailedError, ServerStartError) as failure:
            print(f"\nBROWSER BENCHMARK FAILED: {failure}", file=sys.stderr)
            return 1
        except PlaywrightError as error:
            print(f"\nBROWSER BENCHMARK FAILED: the browser: {error}", file=sys.stderr)
            return 1
    return 0


def authority_name_of(database_url: str, code: str) -> str | None:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.scalar(sa.text("SELECT name FROM authority WHERE code = :code"), {"code": code})
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", required=True, help="SQLAlchemy URL of a database already filled")
    parser.add_argument("--authority", required=True, help="the council's code, e.g. E09990075")
    parser.add_argument(
        "--levels", default=",".join(map(str, LEVELS)), help="browser contexts at once, comma-separated (1,5,10,20)"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=REPEATED_VISITS,
        help=f"visits of each kind after the first pass ({REPEATED_VISITS})",
    )
    parser.add_argument("--min-loads", type=int, default=MIN_LOADS, help=f"page loads per level at least ({MIN_LOADS})")
    parser.add_argument("--timeout", type=float, default=PAGE_TIMEOUT_S, help="seconds a page may take (180)")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # importing the app outside a server, Streamlit warns of the missing runtime
    try:
        levels = tuple(int(level) for level in args.levels.split(","))
    except ValueError:
        parser.error(f"--levels must be whole numbers separated by commas, got {args.levels!r}")
    if any(level < 1 for level in levels) or args.repeats < 0 or args.min_loads < 1 or args.timeout <= 0:
        parser.error("--levels and --min-loads must be at least 1, --repeats at least 0 and --timeout positive")
    name = authority_name_of(args.database_url, args.authority)
    if name is None:
        parser.error(f"no authority {args.authority!r} in {args.database_url}")
    options = Options(levels=levels, repeats=args.repeats, min_loads=args.min_loads, timeout_s=args.timeout)
    return run_browser_bench(args.database_url, args.authority, name, options)


if __name__ == "__main__":
    sys.exit(main())

"""Every page of the dashboard, opened in headless Chromium against the real app (``streamlit run``).

Each page must finish its script without an error box or a JavaScript console error, and draw at least one
plotly chart (unless registered with ``has_charts=False``). A full-page screenshot of each lands in
tests/output/screenshots/<url_path>.png (not committed) for a person to look at, and one of its briefing view
(``?view=briefing``) in tests/output/screenshots/briefing/<url_path>.png when the app has that view.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

import dashboard
from tests.support.browser import (
    briefing_view_supported,
    collect_console_errors,
    page_errors,
    screenshot_full_page,
    unexpected_console_errors,
    wait_for_rendered,
)
from tests.support.environment import OUTPUT_DIR

pytestmark = pytest.mark.browser

SCREENSHOT_DIR = OUTPUT_DIR / "screenshots"

PAGES = [spec for specs in dashboard.SECTIONS.values() for spec in specs]
BRIEFING_VIEW = briefing_view_supported(Path(dashboard.__file__))


def test_the_dashboard_registers_pages() -> None:
    assert PAGES, "dashboard.SECTIONS lists no pages"
    url_paths = [spec.url_path for spec in PAGES]
    assert len(url_paths) == len(set(url_paths)), f"duplicate url_path in dashboard.SECTIONS: {url_paths}"


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path for spec in PAGES])
def test_page_renders_its_charts_without_errors(spec, app_server: str, browser_page) -> None:
    console_errors = collect_console_errors(browser_page)

    # st.navigation serves its default page (the first one registered) at the root, not at its url_path.
    path = "" if spec is PAGES[0] else spec.url_path
    browser_page.goto(f"{app_server}/{path}", wait_until="domcontentloaded")
    charts = wait_for_rendered(browser_page)
    assert urlsplit(browser_page.url).path.strip("/") == path, (
        f"{spec.title}: asked for /{path}, landed on {browser_page.url} "
        "(is the page registered at that url_path, and is the first page the default?)"
    )

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    screenshot_full_page(browser_page, str(SCREENSHOT_DIR / f"{spec.url_path}.png"))

    assert page_errors(browser_page) == [], f"{spec.title}: error shown on the page"
    assert charts >= 1 or not spec.has_charts, f"{spec.title}: no plotly chart drew"
    assert unexpected_console_errors(console_errors) == [], f"{spec.title}: console errors"

    if BRIEFING_VIEW:
        browser_page.goto(f"{app_server}/{path}?view=briefing", wait_until="domcontentloaded")
        wait_for_rendered(browser_page)
        (SCREENSHOT_DIR / "briefing").mkdir(exist_ok=True)
        screenshot_full_page(browser_page, str(SCREENSHOT_DIR / "briefing" / f"{spec.url_path}.png"))
        assert page_errors(browser_page) == [], f"{spec.title}: error shown in the briefing view"
        assert unexpected_console_errors(console_errors) == [], f"{spec.title}: console errors in the briefing view"


@pytest.mark.parametrize(
    ("link", "chart_title"),
    [
        ("caseloads?team=Leaving%20Care", "Leaving Care caseloads"),
        ("priority_areas?area=AFI3", "AFI3 Quality assurance"),
    ],
)
def test_a_link_to_a_page_works_as_the_first_request_after_the_server_starts(
    link: str, chart_title: str, fresh_app_server: str, browser_page
):
    """A copied link opened right after a restart must show the page through the app's navigation, with its data
    and no "Page not found" notice (Streamlit would otherwise treat pages/ as an old-style pages folder)."""
    browser_page.goto(f"{fresh_app_server}/{link}")
    wait_for_rendered(browser_page)

    assert "Data as at" in browser_page.inner_text("body")
    assert browser_page.get_by_text("Page not found").count() == 0
    assert browser_page.locator('[data-testid="stSidebarNav"]').count() == 1
    assert chart_title in browser_page.locator('[data-testid="stPlotlyChart"]').first.inner_text()


def test_a_measure_draws_as_an_spc_chart(app_server: str, browser_page) -> None:
    """Trajectories with ``?chart=spc``: the SPC chart draws, with its mean, limits and signals, and its icons."""
    console_errors = collect_console_errors(browser_page)
    browser_page.goto(
        f"{app_server}/trajectories?measure=pre_proceedings_within_16_weeks&chart=spc", wait_until="domcontentloaded"
    )
    assert wait_for_rendered(browser_page) >= 1
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    screenshot_full_page(browser_page, str(SCREENSHOT_DIR / "trajectories-spc.png"))
    assert page_errors(browser_page) == [] and unexpected_console_errors(console_errors) == []
    chart = browser_page.locator('[data-testid="stPlotlyChart"]').last.inner_text()
    assert "Pre-proceedings concluded within 16 weeks: special cause" in chart
    assert "Process limits" in chart and "Mean" in chart
    assert "Variation:" in browser_page.inner_text("body")

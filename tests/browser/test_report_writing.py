"""The adviser writes the six-weekly report in headless Chromium, against the real app on its own seeded database:
start the next report, choose a rating and see the rating check answer it, write the narratives (the copied-
narrative warning goes away), save a draft, come back in a new visit to find it, submit it (locked), and see the
version history. Screenshots land in tests/output/screenshots/report/.
"""

from __future__ import annotations

import pytest

from tests.support.browser import page_errors, screenshot_full_page, wait_for_rendered
from tests.support.environment import OUTPUT_DIR

pytestmark = pytest.mark.browser

SHOTS = OUTPUT_DIR / "screenshots" / "report"
AREAS = ["PA1", "PA2", "AFI3", "AFI4", "AFI5"]


def open_report(page, base_url: str) -> None:
    page.goto(f"{base_url}/report?authority=E08000014", wait_until="domcontentloaded")
    wait_for_rendered(page)
    page.get_by_text("Write the report", exact=True).first.wait_for()


def settle(page) -> None:
    """Wait for the rerun a widget change starts to finish."""
    page.wait_for_timeout(300)
    wait_for_rendered(page)


def test_an_adviser_drafts_saves_comes_back_and_submits(fresh_app_server: str, browser_page) -> None:
    page = browser_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    open_report(page, fresh_app_server)

    page.get_by_role("combobox", name="Report").click()  # the report to write: the next one, due 7 July 2023
    page.get_by_role("option", name="7 July 2023: the next report, new").click()
    settle(page)
    page.get_by_text("Repeated narrative:").wait_for()  # prefilled from the last report: every narrative a copy

    page.get_by_role("radiogroup", name="Rating of PA1").get_by_text("● Green").click()
    settle(page)
    page.get_by_text("PA1 PLO pre-proceedings is rated ● Green in the report of 7 July 2023, but:").wait_for()
    page.get_by_role("radiogroup", name="Rating of PA1").get_by_text("✖ Red").click()
    settle(page)
    assert page.get_by_text("PA1 PLO pre-proceedings is rated ● Green").count() == 0

    for area in AREAS:
        page.get_by_label(f"Narrative for {area}").fill(f"{area}: what changed in this period, in new words.")
    page.get_by_label("Overall narrative").fill("Mixed progress: drift in pre-proceedings is back.")
    page.get_by_label("Overall narrative").press("Tab")
    settle(page)
    assert page.get_by_text("Repeated narrative:").count() == 0
    screenshot_full_page(page, str(SHOTS / "writing.png"))

    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved as version 1 of the report of 7 July 2023.").wait_for()
    assert page_errors(page) == []

    open_report(page, fresh_app_server)  # a new visit: the draft in progress opens first, as saved
    assert page.get_by_label("Narrative for PA2").input_value() == "PA2: what changed in this period, in new words."
    page.get_by_role("button", name="Submit report").click()
    page.get_by_text("The report of 7 July 2023 is submitted as version 2 and locked.").wait_for()
    page.get_by_text("submitted and locked").first.wait_for()
    page.get_by_role("button", name="Correct this report").wait_for()
    wait_for_rendered(page)
    screenshot_full_page(page, str(SHOTS / "submitted.png"))
    assert page_errors(page) == []

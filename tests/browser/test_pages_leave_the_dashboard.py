"""Pages that leave the dashboard, in headless Chromium: printed pages, screenshots of the briefing view, and the
app on a database holding only DfE's published statistics (the first state a real council's database is in).

- Printing (Playwright's ``page.pdf``, which prints as the browser's Print does) keeps every row of every table
  and every chart: the PDF's text holds every measure's name, on the Six-monthly review pack and Trajectories.
- The briefing view shows no download button, no table expander and no visible "Leave briefing view" control;
  nobody sees Streamlit's Deploy button or developer menu.
- On published statistics only, every registered page renders without an error; full-page screenshots land in
  tests/output/screenshots/published_only/.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

import dashboard
from improvement.db import get_engine, migrate
from loaders.run import Source, load_source
from tests.support.browser import page_errors, screenshot_full_page, wait_for_rendered
from tests.support.environment import OUTPUT_DIR, serve_app
from tests.support.realdata import REALDATA, needs_realdata

pytestmark = pytest.mark.browser

SCREENSHOTS = OUTPUT_DIR / "screenshots"
PAGES = [spec for specs in dashboard.SECTIONS.values() for spec in specs]
PUBLISHED = [
    "csww_indicators_2017_to_2025.csv",
    "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "New_Statistical_Neighbour_Groupings_April_2021.csv",
]


def plan_measure_names(url: str) -> list[str]:
    """Straight from the database: the names of the measures Sefton's plan tracks."""
    with sa.create_engine(url).connect() as connection:
        return list(
            connection.scalars(
                sa.text(
                    "SELECT DISTINCT m.name FROM measure m JOIN plan_measure p ON p.measure_id = m.id "
                    "JOIN authority a ON a.id = p.authority_id WHERE a.code = 'E08000014'"
                )
            )
        )


def printed_text(page, url: str) -> str:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_rendered(page)
    pdf = page.pdf(width="1280px", height="1800px", print_background=True)
    return " ".join(" ".join((page_.extract_text() or "").split()) for page_ in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("path", ["review_pack?view=briefing", "review_pack", "trajectories"])
def test_printing_a_page_keeps_every_measure(path, app_server, browser_page, seeded_sqlite_url):
    names = plan_measure_names(seeded_sqlite_url)
    assert len(names) == 15

    text = printed_text(browser_page, f"{app_server}/{path}")

    missing = [name for name in names if name not in text]
    assert missing == [], f"printing /{path} lost {missing}"
    assert "Download as CSV" not in text  # the controls stay on screen


def test_the_briefing_view_hides_downloads_expanders_and_its_own_exit(app_server, browser_page):
    browser_page.goto(f"{app_server}/trajectories?view=briefing", wait_until="domcontentloaded")
    wait_for_rendered(browser_page)

    assert browser_page.locator('[data-testid="stDownloadButton"]').count() == 0
    assert browser_page.locator('[data-testid="stExpander"]').count() == 0
    leave = browser_page.locator(".st-key-briefing-leave")
    assert leave.count() == 1
    assert leave.evaluate("element => getComputedStyle(element).opacity") == "0"  # not in a screenshot
    leave.get_by_role("button").focus()  # but there for the keyboard
    assert leave.evaluate("element => getComputedStyle(element).opacity") == "1"


def test_nobody_sees_the_deploy_button_or_the_developer_menu(app_server, browser_page):
    browser_page.goto(app_server, wait_until="domcontentloaded")
    wait_for_rendered(browser_page)
    assert browser_page.locator('[data-testid="stAppDeployButton"]').count() == 0
    browser_page.locator('[data-testid="stMainMenu"] button').first.click()
    menu = browser_page.locator('[data-testid="stMainMenuPopover"]').inner_text()
    assert "Clear cache" not in menu and "Developer" not in menu


# --- published statistics only ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published_only_server(tmp_path_factory) -> Iterator[str]:
    """The app, not seeding the demo, on a database holding DfE's published statistics and neighbours only."""
    folder = tmp_path_factory.mktemp("published-only")
    url = f"sqlite:///{folder / 'published.sqlite'}"
    engine = get_engine(url)
    migrate(engine)
    for name in PUBLISHED:
        assert load_source(engine, Source.from_path(REALDATA / name)).ok
    engine.dispose()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEED_DEMO_DATA", "no")
        with serve_app(folder, url) as base_url:
            yield base_url


@needs_realdata
@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path for spec in PAGES])
def test_every_page_renders_on_published_statistics_only(spec, published_only_server, browser_page):
    path = "" if spec is PAGES[0] else spec.url_path
    browser_page.goto(f"{published_only_server}/{path}?authority=E08000014", wait_until="domcontentloaded")
    wait_for_rendered(browser_page)
    (SCREENSHOTS / "published_only").mkdir(parents=True, exist_ok=True)
    screenshot_full_page(browser_page, str(SCREENSHOTS / "published_only" / f"{spec.url_path}.png"))

    assert page_errors(browser_page) == [], f"{spec.title}: error shown on published statistics only"
    body = browser_page.inner_text("body")
    assert "Data as at —" not in body
    if not spec.about_a_council:  # the access pages: about people, not a council
        return
    assert "Sefton" in body
    if spec.url_path not in {"user_guide", "methodology", "accessibility", "data"}:
        assert "Data as at 30 September 2025" in body

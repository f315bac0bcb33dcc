"""Accessibility of every registered page in headless Chromium: axe-core's WCAG checks and keyboard-only use.

axe-core comes from the npm registry, pinned in tests/a11y/package-lock.json and installed into
tests/a11y/node_modules by ``npm ci`` (scripts/setup_test_env.sh does it in ``make test``). Without it the axe
tests skip with the reason; under CI they fail.

axe: every page is checked, with every expander open, against the WCAG 2.0, 2.1 and 2.2 level A and AA rules.
A serious or critical violation fails the test unless it is in ``FRAMEWORK_ISSUES``: a violation of that rule on
an element that is, or sits inside, Streamlit's own markup named by a CSS selector, with the reason. Our
markdown (RAG badges, headings, tables), captions, chart SVGs and banners are ours and are never allow-listed.
Every allow-listed rule must also be a known issue in the accessibility statement (pages/accessibility.py), which
a test below checks. The full axe results per page land in tests/output/axe/<url_path>.json.

Keyboard: on every page, Tab alone reaches the authority choice in the sidebar, the page's drop-downs, each
"Show as a table" expander and each visible "Download as CSV" button; a drop-down opens with ArrowDown and
another option is chosen with ArrowDown and Enter, after which the page runs again with the new choice; an
expander opens with Enter, and its "Download as CSV" button is reached with Tab and downloads with Enter.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

import dashboard
from improvement import style
from tests.support.browser import briefing_view_supported, page_errors, wait_for_rendered
from tests.support.environment import OUTPUT_DIR, REPO_ROOT, skip_or_fail

AXE_PATH = REPO_ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
AXE_OUTPUT = OUTPUT_DIR / "axe"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}

PAGES = [spec for specs in dashboard.SECTIONS.values() for spec in specs]
FIRST = PAGES[0]


@dataclass(frozen=True)
class FrameworkIssue:
    """A violation that Streamlit's own markup causes, which the project's code cannot fix."""

    rule: str  # axe rule id
    within: str  # CSS selector of Streamlit's element: the violating node is it or inside it
    reason: str


FRAMEWORK_ISSUES: list[FrameworkIssue] = [
    FrameworkIssue(
        "list",
        '[data-testid="stSidebarNavItems"]',
        "st.navigation's sidebar puts each section heading (a div) directly inside the <ul> of page links.",
    ),
    FrameworkIssue(
        "listitem",
        '[data-testid="stSidebarNavItems"]',
        "st.navigation's sidebar wraps each section's <li> page links in a div inside the <ul>, so they have no "
        "list parent.",
    ),
    FrameworkIssue(
        "target-size",
        '[data-testid="stDateInput"]',
        "st.date_input draws the day, month and year of a date as separate 18 by 20 pixel segments to type into "
        "(the Report page's period, the Portfolio page's dates); the whole field and its calendar button are larger.",
    ),
]

# Runs axe and says, for each violating node, which FRAMEWORK_ISSUES entry (index) covers it, or -1.
_RUN_AXE_JS = """
async ([tags, allowed]) => {
    const results = await axe.run(document, {
        runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations'],
        elementRef: true,
    });
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
            target: JSON.stringify(node.target),
            impact: node.impact || violation.impact,
            html: node.html.slice(0, 300),
            summary: node.failureSummary,
            framework: allowed.findIndex(([rule, within]) => rule === violation.id && node.element
                && (node.element.matches(within) || node.element.closest(within) !== null)),
        })),
    }));
}
"""


def _url(base: str, spec, query: str = "") -> str:
    # st.navigation serves its default page (the first one registered) at the root, not at its url_path.
    return f"{base}/{'' if spec is FIRST else spec.url_path}{query}"


@pytest.fixture(scope="module")
def served_app(app_server: str, browser) -> str:
    """The app's base URL, after its entry page has been opened once.

    Streamlit 1.67 bug: until dashboard.py has run once in a server process, a link straight to a page (say
    /caseloads) runs pages/caseloads.py on its own, as a legacy pages/ directory app, without the entry point:
    no authority picker, so the page says "There is no data in the database yet". Opening the root first makes
    these tests independent of which test happens to be first.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(app_server, wait_until="domcontentloaded")
        wait_for_rendered(page)
    finally:
        context.close()
    return app_server


def _open(page, base: str, spec, query: str = "") -> None:
    page.goto(_url(base, spec, query), wait_until="domcontentloaded")
    wait_for_rendered(page)
    assert page_errors(page) == [], f"{spec.title}: error shown on the page"
    shown = page.locator('[data-testid="stMain"]').inner_text()
    expected = "Data as at" if spec.about_a_council else "OFFICIAL-SENSITIVE"
    assert expected in shown, f"{spec.title}: the page shows no data: {shown[:300]}"


def _show_everything(page) -> None:
    """Open every expander and make the viewport as tall as the page.

    Streamlit scrolls inside ``stMain``, and axe skips the colour contrast of text outside the viewport (it
    cannot see it), so with a normal viewport only the first screen would be checked.
    """
    page.evaluate(
        """() => document.querySelectorAll('[data-testid="stExpander"] details:not([open]) > summary')
            .forEach((summary) => summary.click())"""
    )
    wait_for_rendered(page)
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
                .map((element) => element.scrollHeight + element.getBoundingClientRect().top))"""
    )
    viewport = page.viewport_size or {"width": 1400, "height": 1000}
    if height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": int(height) + 1})
        wait_for_rendered(page)


def _axe_violations(page, name: str) -> list[dict]:
    if not AXE_PATH.exists():
        skip_or_fail(f"axe-core not installed at {AXE_PATH}: run `npm ci` in tests/a11y (make test does it)")
    page.add_script_tag(path=str(AXE_PATH))
    allowed = [[issue.rule, issue.within] for issue in FRAMEWORK_ISSUES]
    violations = page.evaluate(_RUN_AXE_JS, [WCAG_TAGS, allowed])
    AXE_OUTPUT.mkdir(parents=True, exist_ok=True)
    (AXE_OUTPUT / f"{name}.json").write_text(json.dumps(violations, indent=2))
    return violations


# axe reports the colour contrast of text in plotly's SVG as "incomplete" (the layers overlap, so it cannot find the
# background): check chart text here instead, WCAG 1.4.3 (4.5:1; 3:1 for large text, 24px or 18.66px bold). A
# text's background is the topmost filled shape drawn before it that holds the text's centre (a bar, a marker),
# else the chart's background; text on a heatmap's bitmap is skipped (plotly picks black or white for it).
_CHART_TEXT_JS = """
() => {
    const rgb = (colour) => (colour.match(/[\\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => [r, g, b]
        .map((c) => c / 255)
        .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const contrast = (a, b) => {
        const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (high + 0.05) / (low + 0.05);
    };
    // The colour a shape paints over ``under``: its fill's own alpha times its fill-opacity.
    const alpha = (style) => (rgb(style.fill)[3] ?? 1) * parseFloat(style.fillOpacity);
    const over = (style, under) => rgb(style.fill).slice(0, 3)
        .map((c, i) => alpha(style) * c + (1 - alpha(style)) * under[i]);
    const low = [];
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
        const svg = chart.querySelector('.main-svg');
        const background = rgb(getComputedStyle(svg).backgroundColor);
        const paper = background.length >= 3 && background[3] !== 0 ? background.slice(0, 3) : [255, 255, 255];
        const whole = svg.getBoundingClientRect();
        // Filled shapes only: plotly writes the fill of bars and markers into their style; lines and tick marks
        // have none there (their computed fill is SVG's default black, but nothing is filled).
        const shapes = [...chart.querySelectorAll('.main-svg path, .main-svg rect')].filter((shape) => {
            const style = getComputedStyle(shape);
            const area = shape.getBoundingClientRect();
            return shape.style.fill && shape.style.fill !== 'none' && alpha(style) > 0
                && style.visibility !== 'hidden' && area.width > 2 && area.height > 2
                && !shape.closest('.legend, .modebar, .bglayer, .draglayer');
        });
        for (const text of chart.querySelectorAll('.main-svg text')) {
            const style = getComputedStyle(text);
            const words = text.textContent.trim();
            if (!words || style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') continue;
            const box = text.getBoundingClientRect();
            const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
            const beneath = shapes.filter((shape) => {
                const area = shape.getBoundingClientRect();
                return (shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)
                    && area.left <= x && x <= area.right && area.top <= y && y <= area.bottom
                    && area.width * area.height < 0.5 * whole.width * whole.height;
            });
            const image = [...chart.querySelectorAll('.main-svg image')].some((picture) => {
                const area = picture.getBoundingClientRect();
                return area.left <= x && x <= area.right && area.top <= y && y <= area.bottom;
            });
            if (image) continue;  // on a heatmap's bitmap: its colour under the text is not in the DOM
            const shape = beneath[beneath.length - 1];
            const ground = shape ? over(getComputedStyle(shape), paper) : paper;
            const size = parseFloat(style.fontSize);
            const bold = parseInt(style.fontWeight, 10) >= 700 || text.querySelector('[style*="bold"], b') !== null;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            const ratio = contrast(rgb(style.fill), ground);
            if (ratio < needed) {
                const shown = `${style.fill} on rgb(${ground.map(Math.round)})`;
                low.push(`"${words.slice(0, 60)}": ${shown} is ${ratio.toFixed(2)}:1, needs ${needed}:1`);
            }
        }
    }
    return low;
}
"""


def _ours(violations: list[dict]) -> list[str]:
    """Serious or critical violations on nodes no FRAMEWORK_ISSUES entry covers, one readable line each."""
    return [
        f"{violation['id']} ({node['impact']}): {violation['help']} at {node['target']}: {node['html']}\n"
        f"    {node['summary']}"
        for violation in violations
        for node in violation["nodes"]
        if node["impact"] in FAILING_IMPACTS and node["framework"] < 0
    ]


@pytest.mark.browser
@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path for spec in PAGES])
def test_page_has_no_serious_accessibility_violations_of_our_own(spec, served_app: str, browser_page) -> None:
    _open(browser_page, served_app, spec)
    _show_everything(browser_page)
    violations = _axe_violations(browser_page, spec.url_path)
    ours = _ours(violations)
    assert ours == [], f"{spec.title}: axe found serious or critical violations in our code:\n" + "\n".join(ours)
    low_contrast = browser_page.evaluate(_CHART_TEXT_JS)
    assert low_contrast == [], f"{spec.title}: chart text with too little contrast:\n" + "\n".join(low_contrast)


@pytest.mark.browser
def test_briefing_view_has_no_serious_accessibility_violations_of_our_own(served_app: str, browser_page) -> None:
    if not briefing_view_supported(Path(dashboard.__file__)):
        pytest.skip("dashboard.py has no briefing view (?view=briefing)")
    _open(browser_page, served_app, FIRST, "?view=briefing")
    _show_everything(browser_page)
    violations = _axe_violations(browser_page, f"briefing-{FIRST.url_path}")
    ours = _ours(violations)
    assert ours == [], "briefing view: axe found serious or critical violations in our code:\n" + "\n".join(ours)


# --- The accessibility statement and the theme ---------------------------------------------------


def test_every_allow_listed_framework_issue_is_a_known_issue_in_the_accessibility_statement(
    seeded_sqlite_url, open_page
) -> None:
    app = open_page(seeded_sqlite_url, "pages/accessibility.py")
    statement = " ".join(" ".join(m.value for m in app.markdown).split())
    assert "WCAG" in statement and "2.2" in statement and "AA" in statement
    assert "checked on every run of the test suite" in statement
    assert re.search(r"last reviewed on \d{1,2} \w+ \d{4}", statement), "the statement gives no manual review date"
    assert "Known issues" in [h.value for h in app.header]
    for issue in FRAMEWORK_ISSUES:
        assert f"`{issue.rule}`" in statement, f"axe rule {issue.rule} is allow-listed but not a known issue"


def _contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _faded(colour: str, opacity: float) -> str:
    """``colour`` drawn at ``opacity`` on white."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(opacity * c + (1 - opacity) * 255):02X}" for c in channels)


def test_the_app_theme_uses_the_style_text_colour_with_enough_contrast() -> None:
    # Streamlit draws captions (page descriptions, every chart's text alternative) in the text colour at 60%
    # opacity: from its default text colour that was 3.9:1 on white, below WCAG's 4.5:1.
    theme = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert theme["base"] == "light"
    assert theme["textColor"].upper() == style.TEXT_COLOUR.upper()
    assert _contrast(style.TEXT_COLOUR, "#FFFFFF") >= 7
    assert _contrast(_faded(style.TEXT_COLOUR, 0.6), "#FFFFFF") >= 4.5
    assert _contrast(_faded("#31333F", 0.6), "#FFFFFF") < 4.5  # Streamlit's default: why the theme is set


def test_every_rag_badge_has_enough_contrast() -> None:
    for rating in style.RAG_STYLES.values():
        assert _contrast(rating.text_colour, rating.fill) >= 4.5, rating


# --- The About pages: what they tell people is what the data and the settings say ----------------


def test_the_user_guide_defines_every_plan_measure_with_its_unit_and_polarity(seeded_sqlite_url, open_page) -> None:
    statement = sa.text(
        "SELECT DISTINCT m.name, m.unit, m.polarity, m.definition FROM measure m "
        "JOIN plan_measure pm ON pm.measure_id = m.id"
    )
    engine = sa.create_engine(seeded_sqlite_url)
    with engine.connect() as connection:
        stored = {
            name: (unit, polarity, definition) for name, unit, polarity, definition in connection.execute(statement)
        }
    engine.dispose()
    app = open_page(seeded_sqlite_url, "pages/user_guide.py")

    table = next(frame.value for frame in app.dataframe if "Better is" in frame.value.columns)
    shown = {row["Measure"]: (row["Unit"], row["Better is"], row["Definition"]) for _, row in table.iterrows()}
    assert shown == {
        name: (style.UNIT_AXIS_TITLE[unit], {"higher_is_better": "higher", "lower_is_better": "lower"}[polarity], text)
        for name, (unit, polarity, text) in stored.items()
    }
    text = " ".join(m.value for m in app.markdown)
    for spec in PAGES:  # every page in the navigation, with what it shows
        assert f"| **{spec.title}** |" in text, spec.title
    assert "| Social worker caseload | Cases held divided by" in text  # the definitions are readable in full too
    for rating in style.RAG_STYLES.values():
        assert f"{rating.glyph} {rating.label}" in text
    assert "Blue (complete)" in text


def test_the_methodology_gives_the_suppression_threshold_and_symbols_from_the_settings(
    seeded_sqlite_url, monkeypatch, open_page
) -> None:
    monkeypatch.setenv("SUPPRESSION_THRESHOLD", "7")
    app = open_page(seeded_sqlite_url, "pages/methodology.py")

    text = " ".join(m.value for m in app.markdown)
    assert "Counts about children from 1 to 6 (the suppression threshold is **7**)" in " ".join(text.split())
    symbols = next(frame.value for frame in app.dataframe if "Symbol" in frame.value.columns)
    assert dict(zip(symbols["Symbol"], symbols["Meaning"], strict=True)) == {
        symbol: meaning.capitalize() for symbol, meaning in style.STATUS_SYMBOLS.items()
    }
    assert "For Sefton it is **30 June 2023**" in text
    for source in (
        "Council performance data",
        "Improvement adviser's reports",
        "DfE published statistics",
        "Statistical neighbours",
        "Ofsted ILACS Annex A",
    ):
        assert f"**{source}" in text


# --- Keyboard only -------------------------------------------------------------------------------

# Marks the page's main controls with data-kb="<kind>-<n>" and returns {id: label}. Controls inside a closed
# expander are not on the page for a keyboard user until it is opened, so they are left out.
_MARK_CONTROLS_JS = """
() => {
    const visible = (element) => element.checkVisibility() && !element.closest('details:not([open]) > :not(summary)');
    const controls = {
        authority: [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stSelectbox"] input')],
        select: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSelectbox"] input')],
        expander: [...document.querySelectorAll('[data-testid="stExpander"] summary')]
            .filter((summary) => summary.innerText.includes('Show as a table')),
        csv: [...document.querySelectorAll('[data-testid="stDownloadButton"] button')]
            .filter((button) => button.innerText.includes('Download as CSV')),
    };
    document.querySelectorAll('[data-kb]').forEach((element) => element.removeAttribute('data-kb'));
    const marked = {};
    for (const [kind, elements] of Object.entries(controls)) {
        elements.filter(visible).forEach((element, n) => {
            const id = `${kind}-${n}`;
            element.setAttribute('data-kb', id);
            marked[id] = (element.getAttribute('aria-label') || element.innerText || '').trim().slice(0, 80);
        });
    }
    return marked;
}
"""
_FOCUSED_JS = "() => document.activeElement ? document.activeElement.getAttribute('data-kb') : null"
_MAX_TABS = 600


def _tab_until(page, wanted: set[str]) -> set[str]:
    """Press Tab until every control in ``wanted`` has had the focus (or give up); returns those reached."""
    reached: set[str] = set()
    for _ in range(_MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED_JS)
        if focused in wanted:
            reached.add(focused)
            if reached == wanted:
                break
    return reached


def _focus_top(page) -> None:
    """Put the keyboard back at the top of the page, where it is after the page loads."""
    page.evaluate(
        """() => {
            document.activeElement?.blur();
            const root = document.documentElement;
            root.setAttribute('tabindex', '-1');
            root.focus();
            root.removeAttribute('tabindex');
        }"""
    )


def _tab_to(page, control: str, from_top: bool = True) -> None:
    if from_top:
        _focus_top(page)
    assert _tab_until(page, {control}) == {control}, f"Tab never reached {control}"


def _open_with_arrow_down(page, combobox, name: str) -> None:
    """Press ArrowDown on the focused drop-down until its list is open (a key pressed while Streamlit is
    re-rendering the widget can be lost, so it is pressed up to three times)."""
    for _ in range(3):
        page.keyboard.press("ArrowDown")
        try:
            expect(combobox).to_have_attribute("aria-expanded", "true", timeout=2000)
            return
        except AssertionError:
            continue
    expect(combobox, f"{name}: ArrowDown does not open the list").to_have_attribute("aria-expanded", "true")


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path for spec in PAGES])
def test_main_controls_can_be_reached_and_used_with_the_keyboard(spec, served_app: str, browser_page) -> None:
    page = browser_page
    _open(page, served_app, spec)
    controls = page.evaluate(_MARK_CONTROLS_JS)
    assert "authority-0" in controls, f"{spec.title}: no authority choice in the sidebar"

    reached = _tab_until(page, set(controls))
    missed = {control: label for control, label in controls.items() if control not in reached}
    assert missed == {}, f"{spec.title}: Tab never reaches {missed}"

    # The authority drop-down opens from the keyboard (the demo has one authority, so there is no other choice).
    _tab_to(page, "authority-0")
    authority = page.locator('[data-kb="authority-0"]')
    _open_with_arrow_down(page, authority, f"{spec.title}: Authority")
    page.keyboard.press("Escape")
    expect(authority, f"{spec.title}: Escape does not close the list").to_have_attribute("aria-expanded", "false")

    if "select-0" in controls:
        _choose_another_option(page, spec, controls["select-0"])

    controls = page.evaluate(_MARK_CONTROLS_JS)  # the page ran again: mark what is on it now
    if "expander-0" in controls:
        _tab_to(page, "expander-0")
        page.keyboard.press("Enter")
        expander = page.locator('[data-kb="expander-0"]')
        page.wait_for_function("(summary) => summary.parentElement.open", arg=expander.element_handle(), timeout=5000)
        wait_for_rendered(page)
        inside = page.evaluate(_MARK_CONTROLS_JS)
        opened_csv = next(
            (
                control
                for control in inside
                if control.startswith("csv-")
                and page.locator(f'[data-kb="{control}"]').evaluate(
                    "(button, summary) => summary.parentElement.contains(button)", expander.element_handle()
                )
            ),
            None,
        )
        assert opened_csv, f"{spec.title}: {controls['expander-0']} opened with Enter but shows no CSV download"
        _tab_to(page, opened_csv, from_top=False)  # onwards from the expander, into what it opened
        _download_with_enter(page, spec)
    elif csv := next((control for control in controls if control.startswith("csv-")), None):
        _tab_to(page, csv)
        _download_with_enter(page, spec)


def _download_with_enter(page, spec) -> None:
    """Press Enter on the focused "Download as CSV" button: a CSV file with a header line arrives."""
    with page.expect_download(timeout=15000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv"), download.value.suggested_filename
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].strip(), f"{spec.title}: the CSV downloaded with the keyboard is empty"
    wait_for_rendered(page)
    assert page_errors(page) == [], f"{spec.title}: error after downloading with the keyboard"


def _choose_another_option(page, spec, label: str) -> None:
    """Tab to the page's first drop-down, open it with ArrowDown, choose the next option with ArrowDown and Enter;
    the page then runs again with the new choice."""
    select = page.locator('[data-kb="select-0"]')
    before, text_before, url_before = select.input_value(), _main_text(page), page.url
    _tab_to(page, "select-0")
    _open_with_arrow_down(page, select, f"{spec.title}: {label}")  # the list opens on the current option
    if page.locator('[role="listbox"] [role="option"]').count() < 2:  # nothing else to choose
        page.keyboard.press("Escape")
        return
    page.keyboard.press("ArrowDown")  # moves to the next option
    highlighted = page.wait_for_function(
        """([input, before]) => {
            const option = document.getElementById(input.getAttribute('aria-activedescendant') || '');
            return option && option.innerText.trim() !== before ? option.innerText.trim() : null;
        }""",
        arg=[select.element_handle(), before],
        timeout=5000,
    )
    chosen = highlighted.json_value()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([element, chosen]) => element.value === chosen", arg=[select.element_handle(), chosen], timeout=10000
    )
    wait_for_rendered(page)
    assert page_errors(page) == [], f"{spec.title}: error after choosing {chosen!r} with the keyboard"
    assert select.input_value() == chosen
    if select.evaluate("(element) => element.closest('[data-testid=\"stForm\"]') !== null"):
        return  # a drop-down in a form (the Access page's grant) takes effect when the form is submitted
    assert page.url != url_before or _main_text(page) != text_before, (
        f"{spec.title}: choosing {chosen!r} with the keyboard changed neither the address nor the page"
    )

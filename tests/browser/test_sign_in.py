"""Signing in, end to end, in headless Chromium: the app (``streamlit run dashboard.py``) with an ``[auth]`` secrets
file pointing at a real OpenID Connect provider on 127.0.0.1 (``oidc-provider-mock``, started by the test), on its
own database holding the seeded demo's councils, two more invented ones and the grants below.

- Anyone who has not signed in sees only the sign-in page, at ``/`` and at a deep link: no navigation, no council.
- A board member of Sefton sees Sefton only: the authority picker offers it alone, no other council's name reaches
  the browser at all (nor the page), the navigation has no Data page and ``/data`` is refused, and a link to another
  council is refused.
- A DfE user's picker offers every council in the database; signing out (the sidebar's "Sign out", through the
  provider's end-session page) returns to the sign-in page, and a new visit in the same browser is anonymous again.
- Someone signed in without any grant sees only "You have no access yet".
- A sign-in older than the maximum session age (the ID token's ``auth_time``) is ended at once.

The provider signs in whoever is typed into its authorize page; ``PUT /users/{sub}`` sets the claims the ID token
carries (``tests/support/oidc.py``). Full-page screenshots land in tests/output/screenshots/sign_in/.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import dashboard
from improvement import queries
from improvement.access import ALL_COUNCILS, Grant, Permission, Role
from improvement.db import get_engine
from improvement.db.access import Action, grant
from improvement.demo import build_large_dataset
from loaders.seed import store_programme
from tests.support.browser import page_errors, screenshot_full_page, wait_for_rendered
from tests.support.environment import OUTPUT_DIR
from tests.support.oidc import (
    AUTHORIZE_PATH,
    END_SESSION_PATH,
    OidcProvider,
    oidc_provider,
    sign_in_form,
    write_auth_secrets,
)
from tests.support.server import ServerStartError, streamlit_server

pytestmark = [
    pytest.mark.browser,
    # The provider's calls into Authlib are deprecated in the Authlib installed: the mock's business, not the app's.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:authlib"),
]

SCREENSHOTS = OUTPUT_DIR / "screenshots" / "sign_in"
SEFTON = "E08000014"

# The people: their subject at the provider (what is typed into its form) and the email claim it sends, which the
# grants name. The stranger gets the provider's default claims (email = subject).
BOARD_MEMBER = "board-member-sefton"
BOARD_EMAIL = "Board.Member@Sefton.example"  # granted in lower case: principals are matched in lower case
DFE_USER = "dfe-user"
DFE_EMAIL = "analyst@education.example"
STRANGER = "stranger@nowhere.example"  # signs in, has no grant
LATE = "late-signer"  # signed in 13 hours ago, by the auth_time claim the provider sends
LATE_EMAIL = "late@sefton.example"

APP_IDLE_TIMEOUT_MS = 30000


# --- The app, the provider and the database -----------------------------------------------------------------------


class SignInApp:
    def __init__(self, base_url: str, provider: OidcProvider, database_url: str) -> None:
        self.base_url = base_url
        self.provider = provider
        self.database_url = database_url

    @property
    def engine(self):
        return get_engine(self.database_url)

    def council_labels(self) -> dict[str, str]:
        """code -> "Name (code)", as the picker starts its labels, of every council in the database."""
        councils = queries.authorities(self.engine)
        return {code: f"{name} ({code})" for code, name in zip(councils["code"], councils["name"], strict=True)}


def _prepare_database(url: str) -> None:
    """The seeded demo (Sefton and six invented councils) plus two more with programmes of their own, and the
    grants."""
    engine = get_engine(url)
    store_programme(
        engine,
        build_large_dataset(n_authorities=2, years=1, seed=11),
        kind="demo_extension",
        source_name="Two more councils for the sign-in test",
    )
    grant(
        engine,
        [
            Grant(BOARD_EMAIL.lower(), SEFTON, Role.BOARD),
            Grant(DFE_EMAIL, ALL_COUNCILS, Role.DFE),
            Grant(LATE_EMAIL, SEFTON, Role.BOARD),
        ],
        granted_by="test",
    )
    engine.dispose()


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory: pytest.TempPathFactory, _sqlite_databases) -> Iterator[SignInApp]:
    """The app with sign-in configured, on a database of its own, with the provider running."""
    directory = tmp_path_factory.mktemp("sign-in")
    database_url = _sqlite_databases.create("seeded")
    try:
        yield from _serve(directory, database_url)
    finally:
        _sqlite_databases.drop(database_url)


def _serve(directory: Path, database_url: str) -> Iterator[SignInApp]:
    _prepare_database(database_url)
    with oidc_provider() as provider:
        provider.set_user(BOARD_MEMBER, {"email": BOARD_EMAIL, "name": "Board Member"})
        provider.set_user(DFE_USER, {"email": DFE_EMAIL, "name": "DfE Analyst"})
        # A claim the provider sends overrides what it would compute: a sign-in 13 hours ago (the limit is 12).
        provider.set_user(LATE, {"email": LATE_EMAIL, "auth_time": int(time.time()) - 13 * 3600})

        def secrets_file(port: int) -> list[str]:
            path = write_auth_secrets(directory / f"secrets-{port}.toml", f"http://127.0.0.1:{port}", provider)
            return ["--secrets.files", str(path)]

        env = {"DATABASE_URL": database_url, "SEED_DEMO_DATA": "no", "SESSION_MAX_AGE_HOURS": "12"}
        try:
            with streamlit_server(directory, env, options_for_port=secrets_file) as server:
                yield SignInApp(server.base_url, provider, database_url)
        except ServerStartError as error:
            pytest.fail(f"The app did not start: {error}", pytrace=False)


@pytest.fixture
def page(browser, signin_app: SignInApp) -> Iterator[object]:
    """A page in a browser context of its own (no cookies) that may reach only 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # Nothing leaves the machine (the provider's pages ask a CDN for their stylesheet): fail such requests at once.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def frames(page) -> list[bytes]:
    """Every websocket frame the app sends ``page`` from now on (Streamlit's messages: what reaches the browser)."""
    received: list[bytes] = []

    def on_websocket(websocket) -> None:
        websocket.on(
            "framereceived",
            lambda payload: received.append(payload if isinstance(payload, bytes) else payload.encode()),
        )

    page.on("websocket", on_websocket)
    return received


# --- Looking at the page ------------------------------------------------------------------------------------------

NAV_LABELS_JS = """
() => [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')].map((link) => {
    const copy = link.cloneNode(true);
    copy.querySelectorAll('[data-testid="stIconMaterial"]').forEach((icon) => icon.remove());
    return copy.textContent.trim();
})
"""


def nav_labels(page) -> list[str]:
    return page.evaluate(NAV_LABELS_JS)


def titles_with(*permissions: Permission) -> list[str]:
    """The pages, in navigation order, that need one of ``permissions``."""
    return [spec.title for specs in dashboard.SECTIONS.values() for spec in specs if spec.permission in permissions]


def text_of(page) -> str:
    """Everything the page shows, as text (with the word joiners the app puts in email addresses taken out)."""
    return page.locator("body").inner_text().replace("\u2060", "")


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text().replace("\u2060", "")


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")


def picker_options(page, shot_name: str | None = None) -> list[str]:
    """The sidebar authority picker's options, read by opening it (a screenshot of the open list as ``shot_name``
    if given), then closed again."""
    picker = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]')
    picker.scroll_into_view_if_needed()  # below the page list: a click that must scroll the sidebar first misses
    picker.click()
    options = page.locator('[role="listbox"] [role="option"]')
    options.first.wait_for()
    labels = [label.strip() for label in options.all_inner_texts()]
    if shot_name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{shot_name}.png"))
    page.keyboard.press("Escape")
    page.locator('[role="listbox"]').wait_for(state="detached")
    return labels


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot_full_page(page, str(SCREENSHOTS / f"{name}.png"))


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_rendered(page, timeout_ms=APP_IDLE_TIMEOUT_MS)


def assert_sign_in_page(page) -> None:
    """Only the sign-in page: its title and button, no navigation, no sidebar content, no council."""
    page.get_by_role("button", name="Sign in").wait_for()
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == "Improvement plan progress"
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0
    assert page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').count() == 0
    assert "Sefton" not in text_of(page)
    assert "Sign out" not in text_of(page)
    assert page_errors(page) == []


def sign_in(page, app: SignInApp, sub: str) -> None:
    """From the sign-in page: the app's button, the provider's form as ``sub``, and back in the app, drawn."""
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{app.provider.base_url}{AUTHORIZE_PATH}?**")
    sign_in_form(page, sub)
    page.wait_for_url(f"{app.base_url}/**")
    wait_for_rendered(page, timeout_ms=APP_IDLE_TIMEOUT_MS)


def sign_out(page, app: SignInApp) -> None:
    """The sidebar's Sign out: the provider's end-session page, then back to the app."""
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{app.provider.base_url}{END_SESSION_PATH}?**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app.base_url}/**")
    wait_for_rendered(page, timeout_ms=APP_IDLE_TIMEOUT_MS)


def received(frames: list[bytes], text: str) -> bool:
    """Whether any websocket frame from the app carried ``text`` (UTF-8)."""
    return any(text.encode() in frame for frame in frames)


def audited(app: SignInApp, who: str, action: str, detail_has: str = "") -> bool:
    """Whether the audit trail holds an event ``action`` by ``who`` whose detail contains ``detail_has``."""
    events = queries.audit_events(app.engine)
    mine = events[(events["who"] == who) & (events["action"] == action)]
    return any(detail_has in detail for detail in mine["detail"])


# --- The tests ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "name"), [("", "anonymous_root"), (f"caseloads?authority={SEFTON}", "anonymous_deep_link")]
)
def test_an_anonymous_visit_shows_only_the_sign_in_page(
    page, frames, signin_app: SignInApp, link: str, name: str
) -> None:
    open_app(page, f"{signin_app.base_url}/{link}")
    shot(page, name)

    assert_sign_in_page(page)
    assert not received(frames, "Sefton"), "a council's name reached the browser of someone not signed in"


def test_a_board_member_sees_their_council_only(page, frames, signin_app: SignInApp) -> None:
    others = {code: label for code, label in signin_app.council_labels().items() if code != SEFTON}
    assert len(others) >= 2, "the test database should hold councils other than Sefton"
    open_app(page, signin_app.base_url)

    sign_in(page, signin_app, BOARD_MEMBER)
    page.get_by_text("Signed in as").wait_for()
    shot(page, "board_member_overview")

    assert urlsplit(page.url).path.strip("/") == ""  # the default page, Overview
    assert f"Signed in as {BOARD_EMAIL.lower()} (board)" in sidebar_text(page)
    assert "Sefton" in main_text(page)
    assert picker_options(page, "board_member_picker") == [f"Sefton ({SEFTON})"]
    assert nav_labels(page) == titles_with(Permission.READ)
    assert "Data" not in nav_labels(page)
    assert page_errors(page) == []

    # A link to the Data page is refused.
    open_app(page, f"{signin_app.base_url}/data")
    shot(page, "board_member_data_refused")
    assert "Your access does not include the Data page" in main_text(page)
    assert "Data" not in nav_labels(page)

    # A link to another council is refused, and the picker still offers Sefton alone.
    other = next(iter(others))
    open_app(page, f"{signin_app.base_url}/caseloads?authority={other}")
    shot(page, "board_member_other_council_refused")
    assert f"The link asks for the council {other}, which your access does not include" in main_text(page)
    assert picker_options(page) == [f"Sefton ({SEFTON})"]

    # No other council's name was ever sent to this browser, let alone shown.
    for code, label in others.items():
        name = label.removesuffix(f" ({code})")
        assert name not in text_of(page) and name not in page.content()
        assert not received(frames, name), f"{name} reached the browser of a board member of Sefton"
    assert audited(signin_app, BOARD_EMAIL.lower(), Action.SIGN_IN, "(board)")


def test_a_dfe_user_sees_every_council_then_signing_out_returns_to_the_sign_in_page(
    page, signin_app: SignInApp
) -> None:
    open_app(page, signin_app.base_url)

    sign_in(page, signin_app, DFE_USER)
    page.get_by_text("Signed in as").wait_for()
    shot(page, "dfe_user_overview")

    assert f"Signed in as {DFE_EMAIL} (dfe)" in sidebar_text(page)
    options = picker_options(page, "dfe_user_picker")
    labels = signin_app.council_labels()
    assert len(options) == len(labels) >= 3  # every council in the database: the demo's seven and two more
    for label in labels.values():  # a label may go on to say what is loaded ("· DfE statistics only")
        assert [option for option in options if option.startswith(label)], f"{label} missing from {options}"
    # Reads every council and the portfolio across them, loads nothing: no Data page.
    assert nav_labels(page) == titles_with(Permission.READ, Permission.ACROSS_COUNCILS)
    assert page_errors(page) == []

    sign_out(page, signin_app)
    shot(page, "signed_out")

    assert_sign_in_page(page)
    assert not [cookie for cookie in page.context.cookies() if cookie["name"].startswith("_streamlit_user")]
    open_app(page, f"{signin_app.base_url}/overview")  # a new session in the same browser: still nobody
    assert_sign_in_page(page)
    assert audited(signin_app, DFE_EMAIL, Action.SIGN_OUT)


def test_someone_without_a_grant_sees_only_that_they_have_no_access(page, frames, signin_app: SignInApp) -> None:
    open_app(page, signin_app.base_url)

    sign_in(page, signin_app, STRANGER)
    page.get_by_text("You have no access yet").wait_for()
    shot(page, "no_grant")

    assert STRANGER in main_text(page)
    assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0
    assert "Sefton" not in text_of(page)
    assert not received(frames, "Sefton")
    page.get_by_role("button", name="Sign out").wait_for()
    assert audited(signin_app, STRANGER, Action.SIGN_IN, "(no grant)")


def test_a_sign_in_older_than_the_maximum_session_age_is_ended(page, frames, signin_app: SignInApp) -> None:
    open_app(page, signin_app.base_url)

    # Back from the provider, the app sees an auth_time 13 hours ago and signs the person out at once.
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{signin_app.provider.base_url}{AUTHORIZE_PATH}?**")
    sign_in_form(page, LATE)
    page.wait_for_url(f"{signin_app.provider.base_url}{END_SESSION_PATH}?**", timeout=APP_IDLE_TIMEOUT_MS)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{signin_app.base_url}/**")
    wait_for_rendered(page, timeout_ms=APP_IDLE_TIMEOUT_MS)

    assert_sign_in_page(page)
    assert not received(frames, "Sefton")
    assert audited(signin_app, LATE_EMAIL, Action.SESSION_ENDED)

"""Entry point: prepares the database, then builds the navigation and runs the chosen page.

Run with ``make run``. Adding a page: write ``pages/<name>.py`` and add one line to ``SECTIONS`` below; the
test suite then renders it (tests/pages/test_pages.py) and opens it in a browser (tests/browser/test_browser.py).

Sign-in (``improvement.ui.signin``): with ``[auth]`` in ``.streamlit/secrets.toml`` a visitor signs in first and sees
only the pages their role may use (each page is checked again here before it runs, so a copied link to a page the
role may not use is refused); without it the app is the demo, open to all, with a banner saying so.

A database that cannot be used (down, refusing the login, or locked by a long load) shows the visitor one plain
message, and the operator's log (logger ``dashboard``, on stderr) gets which database, the driver's reason and the
traceback. Anything else unexpected is Streamlit's to show: ``client.showErrorDetails = "none"``
(.streamlit/config.toml) gives the visitor a generic message without the error, its traceback, paths or versions,
and logs the details.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from improvement.access import Access, Permission
from improvement.db import get_engine, migrate
from improvement.db.unavailable import UNAVAILABLE, is_locked, problem_line
from improvement.settings import get_settings
from improvement.ui import select_authority
from improvement.ui.briefing import briefing_frame
from improvement.ui.cache import note_data_state
from improvement.ui.signin import CouncilRefused, gate, refuse, who_is_here
from loaders.seed import prepare_database


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    has_charts: bool = True  # False for pages of text and tables only (guidance, data loading)
    permission: Permission = Permission.READ  # what the role must allow (on at least one council)

    @property
    def about_a_council(self) -> bool:
        """Whether the page shows one council (its header names it); the pages about access are about people, and
        the portfolio is about every council."""
        return self.permission not in (Permission.MANAGE_ACCESS, Permission.ACROSS_COUNCILS)

    @property
    def url_path(self) -> str:
        """The page's address: its file name, so a link works even before Streamlit has seen the navigation."""
        return Path(self.path).stem


SECTIONS: dict[str, list[PageSpec]] = {
    "Board": [
        PageSpec("pages/overview.py", "Overview", ":material/dashboard:"),
        PageSpec("pages/what_changed.py", "What changed", ":material/difference:", has_charts=False),
        PageSpec("pages/priority_areas.py", "Priority areas", ":material/flag:"),
        PageSpec("pages/rag_history.py", "RAG history", ":material/history:"),
        PageSpec(
            "pages/report.py",
            "Write the report",
            ":material/edit_note:",
            has_charts=False,
            permission=Permission.REPORT,
        ),
        PageSpec("pages/briefing_pack.py", "Briefing pack", ":material/picture_as_pdf:", has_charts=False),
    ],
    "Across councils": [
        PageSpec("pages/portfolio.py", "Portfolio", ":material/account_tree:", permission=Permission.ACROSS_COUNCILS),
    ],
    "Performance": [
        PageSpec("pages/trajectories.py", "Trajectories", ":material/trending_down:"),
        PageSpec("pages/caseloads.py", "Caseloads", ":material/groups:"),
        PageSpec("pages/annex_a.py", "Annex A snapshot", ":material/child_care:", has_charts=False),
    ],
    "Governance": [
        PageSpec("pages/action_plan.py", "Action plan", ":material/checklist:"),
        PageSpec("pages/risks.py", "Risks", ":material/warning:"),
        PageSpec("pages/reporting_rhythm.py", "Reporting rhythm", ":material/event_repeat:"),
        PageSpec("pages/review_pack.py", "Six-monthly review pack", ":material/summarize:"),
        PageSpec("pages/adviser_contract.py", "Adviser contract", ":material/contract:"),
    ],
    "Data": [
        PageSpec("pages/data.py", "Data", ":material/upload_file:", has_charts=False, permission=Permission.LOAD),
    ],
    "Access": [
        PageSpec(
            "pages/access.py",
            "Access",
            ":material/admin_panel_settings:",
            has_charts=False,
            permission=Permission.MANAGE_ACCESS,
        ),
        PageSpec(
            "pages/audit_trail.py",
            "Audit trail",
            ":material/policy:",
            has_charts=False,
            permission=Permission.MANAGE_ACCESS,
        ),
    ],
    "About": [
        PageSpec("pages/user_guide.py", "User guide", ":material/menu_book:", has_charts=False),
        PageSpec("pages/methodology.py", "Data sources and methodology", ":material/info:", has_charts=False),
        PageSpec(
            "pages/accessibility.py",
            "Accessibility statement",
            ":material/accessibility:",
            has_charts=False,
        ),
    ],
}


DATABASE_UNREACHABLE = (
    "The dashboard cannot reach its database just now, so it has nothing to show. Try again in a few minutes; if "
    "this goes on, tell whoever runs the dashboard: the server's log says what went wrong."
)
DATABASE_BUSY = (
    "The database is busy with another load just now. Try again in a minute: a load that could not finish stored "
    "nothing."
)


def operator_log() -> logging.Logger:
    """The log the person running the dashboard reads (stderr): never child data, never a statement's values."""
    log = logging.getLogger("dashboard")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return log


@st.cache_resource(show_spinner="Preparing the database…")
def _prepare(database_url: str, seed_demo_data: bool) -> None:
    """Migrate the database, and (unless SEED_DEMO_DATA is no) seed the demo data if it is empty: once per
    database per server process."""
    engine = get_engine(database_url)
    if seed_demo_data:
        prepare_database(engine)
    else:
        migrate(engine)


def allowed(spec: PageSpec, access: Access) -> bool:
    return access.may(spec.permission)


def build_navigation(access: Access) -> dict[str, list[st.Page]]:
    """Every page, so every address resolves; those the role may not use are hidden from the menu (and refused
    if opened by a link). The first page the role may use is where the app opens."""
    first = next((spec for specs in SECTIONS.values() for spec in specs if allowed(spec, access)), None)
    return {
        section: [
            st.Page(
                spec.path,
                title=spec.title,
                icon=spec.icon,
                url_path=spec.url_path,
                default=spec is first,
                visibility="visible" if allowed(spec, access) else "hidden",
            )
            for spec in specs
        ]
        for section, specs in SECTIONS.items()
    }


def spec_titled(title: str) -> PageSpec:
    return next(spec for specs in SECTIONS.values() for spec in specs if spec.title == title)


def main() -> None:
    st.set_page_config(page_title="Improvement plan progress", page_icon=":material/monitoring:", layout="wide")
    settings = get_settings()
    try:
        _prepare(settings.database_url, settings.seed_demo_data)
        access = gate(
            [spec.url_path for specs in SECTIONS.values() for spec in specs]
        )  # who is here: the sign-in page alone, and the run stops, for anyone who may not go on
        page = st.navigation(build_navigation(access), expanded=True)
        who_is_here(access)
        spec = spec_titled(page.title)
        if not allowed(spec, access):
            refuse(
                f"Your access does not include the {spec.title} page, which needs the right to {spec.permission.value}"
            )
            return
        note_data_state()  # the newest load, read once for this run: every cached view below keys on it
        with briefing_frame(select_authority()):
            page.run()
    except CouncilRefused as refused:
        refuse(f"Your access does not include the council {refused.council}", refused.council)
    except UNAVAILABLE as error:
        operator_log().error("The database cannot be used: %s", problem_line(error), exc_info=error)
        st.error(DATABASE_BUSY if is_locked(error) else DATABASE_UNREACHABLE, icon=":material/cloud_off:")


if __name__ == "__main__":
    main()

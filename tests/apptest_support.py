"""Make Streamlit's AppTest run the app the way a real server does (used by the test suite and scripts/bench.py).

A server learns on its first run that the app uses ``st.navigation``, which sets the class attribute
``PagesManager.uses_pages_directory`` to False for good. AppTest (Streamlit 1.67) resets it before every run, and
because a ``pages/`` folder sits next to dashboard.py it falls back to the old pages-folder mode: a rerun of a page
whose url_path equals its file name (overview, trajectories, caseloads) would then run the page script alone,
without dashboard.py: no migration check, no authority picker, no ``?authority=``.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager

_original_init = PagesManager.__init__


def _init_as_a_server_does(self, *args, **kwargs) -> None:
    if PagesManager.uses_pages_directory is None:
        PagesManager.uses_pages_directory = False
    _original_init(self, *args, **kwargs)


def run_the_entry_point_on_every_run() -> None:
    """Patch ``PagesManager`` so every AppTest run executes dashboard.py and its ``st.navigation``."""
    PagesManager.__init__ = _init_as_a_server_does

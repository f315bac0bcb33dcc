"""The README's "Adding a page" example works as written: its snippets, applied to a copy of the repository, give
a page that renders on the demo data, states what the stored rows say, passes ruff and keeps every import contract.

The snippets are the README's Python code blocks whose first line names where they go (``# pages/x.py``, or a
module they are added to the end of, or ``# dashboard.py, in SECTIONS["..."]``); so the README cannot drift from
the code without this test failing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from improvement.board import read_board
from improvement.db import get_engine
from tests.support.environment import REPO_ROOT

SNIPPET = re.compile(r"^( *)```python\n(.*?)^\1```", re.M | re.S)
COPIED = ["dashboard.py", "pages", "improvement", "loaders", "pyproject.toml", ".streamlit"]
NEW_PAGE = "pages/on_track_by_area.py"


def readme_snippets() -> dict[str, str]:
    """The README's placed snippets: where they go (their first line) -> their code, dedented."""
    snippets = {}
    for _indent, body in SNIPPET.findall((REPO_ROOT / "README.md").read_text(encoding="utf-8")):
        code = textwrap.dedent(body)
        first, _, rest = code.partition("\n")
        if first.startswith("# ") and ("/" in first or first.startswith("# dashboard.py")):
            snippets[first[2:].strip()] = rest
    return snippets


def apply_snippets(snippets: dict[str, str], root: Path) -> None:
    for place, code in snippets.items():
        if place.startswith("dashboard.py, in SECTIONS["):
            section = re.search(r'SECTIONS\["(.+)"\]', place).group(1)
            entry = root / "dashboard.py"
            text = entry.read_text(encoding="utf-8")
            opening = f'    "{section}": [\n'
            assert opening in text, f"dashboard.py has no SECTIONS[{section!r}]"
            entry.write_text(
                text.replace(opening, f"{opening}        {code.strip().rstrip(',')},\n", 1), encoding="utf-8"
            )
        elif (root / place).exists():
            with (root / place).open("a", encoding="utf-8") as module:
                module.write("\n\n" + code)
        else:
            (root / place).write_text(code, encoding="utf-8")


RENDER = """
import json, sys
from streamlit.testing.v1 import AppTest
sys.path.insert(0, ".")
from tests_support_apptest import run_the_entry_point_on_every_run
run_the_entry_point_on_every_run()
app = AppTest.from_file("dashboard.py", default_timeout=120).run()
app.switch_page("%s")
app.run()
print(json.dumps({
    "exceptions": [e.message for e in app.exception],
    "titles": [t.value for t in app.title],
    "figures": [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")],
    "captions": [c.value for c in app.caption],
}))
"""


@pytest.fixture(scope="module")
def example_repository(tmp_path_factory) -> Path:
    """A copy of the repository's code with the README's example applied."""
    root = tmp_path_factory.mktemp("readme-example")
    for name in COPIED:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / name)
    shutil.copy2(REPO_ROOT / "tests" / "support" / "apptest.py", root / "tests_support_apptest.py")
    apply_snippets(readme_snippets(), root)
    return root


def test_the_readme_names_the_five_snippets_of_the_example():
    assert set(readme_snippets()) == {
        "improvement/topics/plan/charts.py",
        "improvement/topics/plan/view.py",
        "improvement/ui/views.py",
        NEW_PAGE,
        'dashboard.py, in SECTIONS["Performance"]',
    }


def test_the_example_page_renders_what_the_stored_measures_say(example_repository, seeded_sqlite_url):
    result = subprocess.run(
        [sys.executable, "-c", RENDER % NEW_PAGE],
        cwd=example_repository,
        env={"DATABASE_URL": seeded_sqlite_url, "PATH": "/usr/bin:/bin", "HOME": str(example_repository)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["exceptions"] == []
    assert shown["titles"] == ["On track by area"]

    data = read_board(get_engine(seeded_sqlite_url), "E08000014", 5)
    on = int((data.progress["trajectory_status"] == "On track").sum())
    areas = data.progress["priority_area_code"].nunique()
    assert shown["figures"] == [f"<b>{on} of {len(data.progress)} plan measures on track across {areas} areas</b>"]
    assert any(caption.startswith("**Text alternative.** Stacked bar chart of") for caption in shown["captions"])


def test_the_example_passes_ruff_and_the_import_contracts(example_repository):
    bin_dir = Path(sys.executable).parent
    lint = subprocess.run(
        [str(bin_dir / "ruff"), "check", "--no-cache", "improvement", "pages", "dashboard.py"],
        cwd=example_repository,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    contracts = subprocess.run(
        [str(bin_dir / "lint-imports"), "--no-cache"], cwd=example_repository, capture_output=True, text=True
    )
    assert contracts.returncode == 0, contracts.stdout[-3000:]

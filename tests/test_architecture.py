"""The shape of the code holds, so plain ``pytest`` enforces it: the import contracts in pyproject.toml
([tool.importlinter]: the layers, topics and loader kinds independent of each other, pages that only lay out),
no module of the project over 500 lines, and no test module importing another (what tests share lives in
``tests/support``).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.support.environment import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
MAX_LINES = 500
CODE = ["dashboard.py", "improvement", "loaders", "pages", "scripts"]
GENERATED = "improvement/db/migrations/versions"  # Alembic's migrations: history, written once and never edited


def test_import_contracts_are_kept() -> None:
    command = [str(LINT_IMPORTS)] if LINT_IMPORTS.exists() else ["lint-imports"]
    result = subprocess.run([*command, "--no-cache"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"lint-imports failed:\n{result.stdout}\n{result.stderr}"


def _python_files(*names: str) -> list[Path]:
    files = []
    for name in names:
        path = REPO_ROOT / name
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return [file for file in files if "__pycache__" not in file.parts]


def test_every_module_can_be_read_in_one_sitting() -> None:
    too_long = {
        str(file.relative_to(REPO_ROOT)): lines
        for file in _python_files(*CODE)
        if GENERATED not in file.as_posix()
        and (lines := len(file.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"split these modules (over {MAX_LINES} lines): {too_long}"


def test_no_test_module_imports_another() -> None:
    borrowed = {}
    for file in _python_files("tests"):
        if file.name.startswith("test_"):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
                for name in names:
                    if name.startswith("tests.") and not name.startswith(("tests.support", "tests.conftest")):
                        borrowed.setdefault(str(file.relative_to(REPO_ROOT)), set()).add(name)
    assert borrowed == {}, f"move what these share into tests/support: {borrowed}"

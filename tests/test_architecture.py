"""The import contracts in pyproject.toml ([tool.importlinter]) hold, so plain ``pytest`` enforces the layers:
improvement.ui > charts > measures > queries > db; the core never imports loaders or pages; pages import no
sqlalchemy, plotly or improvement.db.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_import_contracts_are_kept() -> None:
    command = [str(LINT_IMPORTS)] if LINT_IMPORTS.exists() else ["lint-imports"]
    result = subprocess.run([*command, "--no-cache"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"lint-imports failed:\n{result.stdout}\n{result.stderr}"

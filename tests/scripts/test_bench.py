"""``make bench`` starts: the benchmark script and its loader half import what they use and parse their options
(the timings themselves are run by ``make bench``, never asserted on here)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.environment import REPO_ROOT


def test_the_benchmark_script_starts_and_lists_its_options():
    result = subprocess.run(
        [sys.executable, "scripts/bench.py", "--help"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert all(option in result.stdout for option in ("--no-loaders", "--no-browser", "--scales", "--postgres"))

"""The browser benchmark's own arithmetic and its command line (``scripts/bench_browser.py``): the percentiles it
prints and the server memory it reads. Nothing is timed here; ``make bench`` runs the benchmark itself."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from tests.support.environment import REPO_ROOT

_spec = importlib.util.spec_from_file_location("bench_browser", REPO_ROOT / "scripts" / "bench_browser.py")
bench_browser = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("bench_browser", bench_browser)  # its dataclasses look their module up there
_spec.loader.exec_module(bench_browser)


def test_percentiles_interpolate_between_the_closest_ranks_as_numpy_does():
    loads = [4.0, 1.0, 3.0, 2.0]  # in any order
    assert bench_browser.percentile(loads, 50) == pytest.approx(2.5)
    assert bench_browser.percentile(loads, 95) == pytest.approx(3.85)
    assert bench_browser.percentile(loads, 0) == 1.0 and bench_browser.percentile(loads, 100) == 4.0
    assert bench_browser.percentile([7.0], 95) == 7.0


def test_a_percentile_of_nothing_or_out_of_range_is_refused():
    with pytest.raises(ValueError, match="no values"):
        bench_browser.percentile([], 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        bench_browser.percentile([1.0], 101)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads /proc (Linux)")
def test_resident_memory_is_read_for_a_live_process_and_none_for_a_missing_one():
    assert 1 < bench_browser.rss_mb(os.getpid()) < 100_000
    assert bench_browser.rss_mb(2**31 - 1) is None


def test_the_browser_benchmark_starts_and_lists_its_options():
    result = subprocess.run(
        [sys.executable, "scripts/bench_browser.py", "--help"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "--database-url" in result.stdout and "--authority" in result.stdout

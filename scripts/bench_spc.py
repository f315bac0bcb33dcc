"""SPC timing for ``make bench`` (called by scripts/bench.py): ``improvement.spc.xmr`` and its icons for every
council's every measure of the large synthetic dataset (150 councils x 15 measures x 60 months by default), beside
a bare baseline that computes only each series' mean and mean moving range with numpy, in the same run."""

from __future__ import annotations

import time

import numpy as np

from improvement import spc
from improvement.demo import build_large_dataset

BETTER = {"higher_is_better": "higher", "lower_is_better": "lower"}


def time_spc(n_authorities: int = 150, years: int = 5, repeats: int = 3) -> None:
    programme = build_large_dataset(n_authorities=n_authorities, years=years)
    polarity = dict(zip(programme.measures["code"], programme.measures["polarity"], strict=True))
    observations = programme.observations.sort_values(["authority_code", "measure_code", "period"])
    series = [
        (BETTER.get(polarity[measure]), group["value"].to_numpy(dtype=float))
        for (_authority, measure), group in observations.groupby(["authority_code", "measure_code"], sort=False)
    ]
    points = sum(len(values) for _better, values in series)

    def full() -> None:
        for better, values in series:
            spc.icons(spc.xmr(values, better), better, target=float(np.nanmean(values)))

    def bare() -> None:
        for _better, values in series:
            kept = values[~np.isnan(values)]
            kept.mean(), np.abs(np.diff(kept)).mean()

    def best_of(work) -> float:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times)

    full_s, bare_s = best_of(full), best_of(bare)
    print(
        f"\nSPC (improvement.spc.xmr and icons): {len(series):,} charts ({n_authorities} councils, {points:,} points)"
        f"\n  xmr + icons   {full_s:.2f} s  ({full_s / len(series) * 1000:.2f} ms a chart)"
        f"\n  bare numpy    {bare_s:.3f} s  (mean and mean moving range only)"
        f"\n  ratio         {full_s / bare_s:.0f}x",
        flush=True,
    )


if __name__ == "__main__":
    time_spc()

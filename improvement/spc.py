"""Statistical process control for a measure's monthly values: the XmR chart, its special-cause rules and the two
summary icons (variation and assurance).

The method is NHS England's "Making Data Count" (MDC, https://www.england.nhs.uk/publication/making-data-count/),
as its SPC tools and its SQL script (v2.4) apply it: mean ± 2.66 × mean moving range, no screening of moving-range
outliers, four rules, icons from the last point. Where the SQL script differs from the project's issue (it lets a
trend cross a recalculation but not a shift; it can show a point that is both improvement and concern as either),
the issue wins: both runs cross, and such a point is an improvement.

Pure numpy and pandas: no Streamlit, no database, no plotly. ``xmr`` reads the values, ``icons`` reads what
``xmr`` returned.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

PROCESS_LIMIT = 2.66
"""Process limits sit this many mean moving ranges from the mean (3 sigma, with sigma = mean moving range / 1.128)."""
TWO_SIGMA = PROCESS_LIMIT * 2 / 3
"""The two-sigma lines, for the two-out-of-three rule."""
_TOLERANCE = 1e-9
"""A value within this share of the segment's scale of a line counts as on it, so that binary rounding does not move
a point that lies exactly on the mean or a limit (MDC computes in decimals) to one side."""


class Rule(enum.StrEnum):
    """The four special-cause rules, in the order MDC lists them."""

    SINGLE_POINT = "single_point"
    SHIFT = "shift"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"

    @property
    def label(self) -> str:
        return {
            Rule.SINGLE_POINT: "A point beyond a process limit",
            Rule.SHIFT: "A run of points on one side of the mean",
            Rule.TREND: "A run of points all going up or all going down",
            Rule.TWO_OF_THREE: "Two out of three points beyond a two-sigma line",
        }[self]


class Signal(enum.StrEnum):
    """What a point shows: special cause (improvement, concern or, for a measure with no polarity, neither) or not."""

    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEITHER = "neither"
    COMMON = "common"


class Variation(enum.StrEnum):
    """The variation icon: what the last point shows."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEITHER_HIGH = "neither_high"
    NEITHER_LOW = "neither_low"
    TOO_FEW_POINTS = "too_few_points"

    @property
    def label(self) -> str:
        return {
            Variation.COMMON_CAUSE: "Common cause variation",
            Variation.IMPROVEMENT_HIGH: "Special cause improvement (high)",
            Variation.IMPROVEMENT_LOW: "Special cause improvement (low)",
            Variation.CONCERN_HIGH: "Special cause concern (high)",
            Variation.CONCERN_LOW: "Special cause concern (low)",
            Variation.NEITHER_HIGH: "Special cause, neither improvement nor concern (high)",
            Variation.NEITHER_LOW: "Special cause, neither improvement nor concern (low)",
            Variation.TOO_FEW_POINTS: "Too few points to judge variation",
        }[self]


class Assurance(enum.StrEnum):
    """The assurance icon: whether the process, as its latest limits describe it, will meet the target."""

    MET = "met"
    NOT_MET = "not_met"
    HIT_AND_MISS = "hit_and_miss"

    @property
    def label(self) -> str:
        return {
            Assurance.MET: "Consistently meets the target",
            Assurance.NOT_MET: "Consistently fails to meet the target",
            Assurance.HIT_AND_MISS: "Hit and miss",
        }[self]


@dataclass(frozen=True)
class SpcSettings:
    """How the rules are applied. The defaults are the project's; MDC's SQL script uses runs of 7 for both rules."""

    minimum_points: int = 13
    """Fewer points than this (overall, or behind a segment's limits) and there are no limits and no signals."""
    shift_length: int = 6
    trend_length: int = 6

    def __post_init__(self) -> None:
        if self.minimum_points < 2:
            raise ValueError(f"minimum_points must be at least 2, got {self.minimum_points}")
        for name in ("shift_length", "trend_length"):
            if not 6 <= getattr(self, name) <= 8:
                raise ValueError(f"{name} must be 6, 7 or 8 (MDC's range), got {getattr(self, name)}")


_POLARITIES = {
    None: None,
    "higher": "higher",
    "lower": "lower",
    "higher_is_better": "higher",
    "lower_is_better": "lower",
}
_ALL_RULES = tuple(Rule)
_RULE_SETS = {mask: tuple(rule for bit, rule in enumerate(_ALL_RULES) if mask >> bit & 1) for mask in range(16)}


def _polarity(better: str | None) -> str | None:
    if better not in _POLARITIES:
        raise ValueError(f"better must be 'higher', 'lower' or None, got {better!r}")
    return _POLARITIES[better]


def _as_floats(values: Iterable[float | None]) -> np.ndarray:
    try:
        numbers = np.asarray(values, dtype=float)
    except (TypeError, ValueError):  # pd.NA and the like
        numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
    return numbers.reshape(-1)


def _segment_starts(recalculate_at: int | Sequence[int] | None, count: int) -> np.ndarray:
    positions = [] if recalculate_at is None else [recalculate_at] if np.ndim(recalculate_at) == 0 else recalculate_at
    starts = {0}
    for position in positions:
        if isinstance(position, bool) or int(position) != position or not 0 <= position < max(count, 1):
            raise ValueError(f"recalculate_at positions must be whole numbers from 0 to {count - 1}, got {position!r}")
        starts.add(int(position))
    return np.array(sorted(starts))


def _baseline_positions(baseline: int | slice | None, count: int, first_end: int) -> range:
    if baseline is None:
        return range(0)
    if isinstance(baseline, slice):
        if baseline.step not in (None, 1):
            raise ValueError("a baseline slice must take consecutive points (step 1)")
        positions = range(count)[baseline]
    elif isinstance(baseline, bool) or int(baseline) != baseline or baseline < 1:
        raise ValueError(f"baseline must be a number of points (at least 1) or a slice, got {baseline!r}")
    else:
        positions = range(min(int(baseline), count))
    if len(positions) and positions[-1] >= first_end:
        raise ValueError(f"the baseline must end before the first recalculation (position {first_end})")
    return positions


def _runs(codes: np.ndarray, length: int) -> np.ndarray:
    """Marks each position in a run of at least ``length`` equal non-zero codes."""
    marked, codes = np.zeros(len(codes), dtype=bool), codes.tolist()
    start = 0
    for position in range(1, len(codes) + 1):
        if position == len(codes) or codes[position] != codes[start]:
            if codes[start] != 0 and position - start >= length:
                marked[start:position] = True
            start = position
    return marked


def _lines(
    x: np.ndarray, starts: np.ndarray, in_baseline: np.ndarray, minimum: int
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Each point's mean and mean moving range (its segment's, from the baseline in the first segment), and notes."""
    count, present = len(x), np.isfinite(x)
    mean, spread = np.full(count, np.nan), np.full(count, np.nan)
    if present.sum() < minimum:
        return mean, spread, [f"Too few points for process limits: {present.sum()} ({minimum} are needed)."]
    notes = []
    for start, end in zip(starts, np.append(starts[1:], count), strict=True):
        from_baseline = start == 0 and in_baseline.any()
        basis = x[start:end][present[start:end] & (in_baseline[start:end] if from_baseline else True)]
        if len(basis) < minimum:
            what = "the baseline" if from_baseline else f"the segment starting at position {start}"
            notes.append(f"Too few points in {what} for process limits: {len(basis)} ({minimum} are needed).")
            continue
        mean[start:end] = basis[0] if basis.min() == basis.max() else basis.mean()
        spread[start:end] = np.abs(np.diff(basis)).mean()
    return mean, spread, notes


def _rules(
    x: np.ndarray, mean: np.ndarray, spread: np.ndarray, segment: np.ndarray, settings: SpcSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Which rules flag each point upwards (``high[rule, point]``) and downwards, for points that all have values."""
    assessed = np.isfinite(mean)
    deviation = np.where(assessed, x - mean, 0.0)
    reach = np.where(assessed, PROCESS_LIMIT * spread, 0.0)
    tolerance = _TOLERANCE * (np.abs(np.where(assessed, mean, 0.0)) + reach)
    side = np.where(deviation > tolerance, 1, np.where(deviation < -tolerance, -1, 0))
    high, low = np.zeros((4, len(x)), dtype=bool), np.zeros((4, len(x)), dtype=bool)

    high[0], low[0] = deviation > reach + tolerance, deviation < -reach - tolerance

    shift = _runs(side, settings.shift_length)
    high[1], low[1] = shift & (side > 0), shift & (side < 0)

    step = np.zeros(len(x), dtype=int)  # step[i]: from point i-1 to point i; 0 where either has no limits
    step[1:] = np.where(assessed[1:] & assessed[:-1], np.sign(x[1:] - x[:-1]), 0)
    in_trend = _runs(step, settings.trend_length - 1)  # the steps of a trend; each also carries the point before it
    starts_trend = np.append(in_trend[1:] & ((step[1:] != step[:-1]) | ~in_trend[:-1]), False)
    rises_next = np.append(step[1:] > 0, False)
    high[2] = (in_trend & (step > 0)) | (starts_trend & rises_next)
    low[2] = (in_trend & (step < 0)) | (starts_trend & ~rises_next)

    within = np.abs(deviation) <= reach + tolerance
    two_sigma = reach * TWO_SIGMA / PROCESS_LIMIT
    beyond_high, beyond_low = (
        within & (deviation > two_sigma + tolerance),
        within & (deviation < -two_sigma - tolerance),
    )
    for band, on_side, flags in ((beyond_high, side > 0, high[3]), (beyond_low, side < 0, low[3])):
        # window[i]: points i, i+1, i+2 are on this side of the mean, in one segment, two or three of them in the band
        window = on_side[:-2] & on_side[1:-1] & on_side[2:] & (segment[:-2] == segment[2:])
        window &= band[:-2].astype(int) + band[1:-1] + band[2:] >= 2
        for offset in range(3):  # flag the points of each such window that are in the band (MDC flags only those)
            flags[offset : offset + len(window)] |= window & band[offset : offset + len(window)]
    return high, low


def xmr(
    values: Sequence[float | None],
    better: str | None,
    *,
    recalculate_at: int | Sequence[int] | None = None,
    baseline: int | slice | None = None,
    settings: SpcSettings = SpcSettings(),  # noqa: B008 (frozen, so one shared default is safe)
) -> pd.DataFrame:
    """An XmR chart of ``values`` (in time order; ``better`` is "higher", "lower" or None, or a ``vocab.Polarity``):
    one row per value.

    Columns: ``value``; ``missing`` (the value was None, NaN or infinite: left out of every calculation and run, its row
    kept with its segment's lines and no signal); ``segment`` (0, 1, ...); ``baseline`` (the limits were
    computed from this point); ``moving_range`` (from the previous present point of the same segment); ``mean``,
    ``upper_limit``, ``lower_limit``, ``upper_two_sigma``, ``lower_two_sigma``; ``signal`` (a ``Signal``, None
    where there are no limits); ``rules`` (a tuple of the ``Rule`` s that flag the point); ``direction`` ("high",
    "low", "both" or None: where the flagging rules point, whatever the polarity). ``result.attrs["notes"]``
    says why limits are missing, if they are, and ``result.attrs["settings"]`` holds the settings.

    ``recalculate_at``: the position(s) in ``values`` where the process changed; each segment gets its own mean
    and limits. ``baseline``: the first N positions (or a slice of positions) of the first segment; its limits are
    computed from them alone and extended over the whole segment. As in MDC's SQL script, only the first segment
    has a baseline; later segments compute their limits from all their points. A chart with fewer than
    ``settings.minimum_points`` present points, or a segment whose limits would rest on fewer, has no lines and no
    signals, and its points break runs. Shift and trend runs cross a recalculation (MDC's SQL lets only a trend
    do so); two out of three stays within a segment, as in MDC. A point flagged both up and down is an
    improvement.
    """
    polarity = _polarity(better)
    x = _as_floats(values)
    count = len(x)
    starts = _segment_starts(recalculate_at, count)
    segment = np.searchsorted(starts, np.arange(count), side="right") - 1
    in_baseline = np.zeros(count, dtype=bool)
    in_baseline[list(_baseline_positions(baseline, count, int(np.append(starts, count)[1])))] = True
    mean, spread, notes = _lines(x, starts, in_baseline, settings.minimum_points)

    kept = np.flatnonzero(np.isfinite(x))  # the rules see the present points only, so runs step over gaps
    high, low = _rules(x[kept], mean[kept], spread[kept], segment[kept], settings)
    up, down = high.any(axis=0), low.any(axis=0)
    good = up if polarity == "higher" else down if polarity == "lower" else np.zeros_like(up)
    kind = np.where(up | down, np.where(polarity is None, 2, np.where(good, 3, 4)), 1)  # an index into ``kinds``
    kind[~np.isfinite(mean[kept])] = 0
    masks = ((high | low) * (1 << np.arange(4))[:, None]).sum(axis=0)

    signal, rules, direction = [None] * count, [()] * count, [None] * count
    kinds = (None, Signal.COMMON, Signal.NEITHER, Signal.IMPROVEMENT, Signal.CONCERN)
    sides = (None, "high", "low", "both")
    for position, code, mask, side in zip(
        kept.tolist(), kind.tolist(), masks.tolist(), (up + 2 * down).tolist(), strict=True
    ):
        signal[position], rules[position], direction[position] = kinds[code], _RULE_SETS[mask], sides[side]
    moving_range = np.full(count, np.nan)
    moving_range[kept[1:]] = np.where(segment[kept[1:]] == segment[kept[:-1]], np.abs(np.diff(x[kept])), np.nan)

    result = pd.DataFrame(
        {
            "value": x,
            "missing": ~np.isfinite(x),
            "segment": segment,
            "baseline": in_baseline & np.isfinite(x),
            "moving_range": moving_range,
            "mean": mean,
            "upper_limit": mean + PROCESS_LIMIT * spread,
            "lower_limit": mean - PROCESS_LIMIT * spread,
            "upper_two_sigma": mean + TWO_SIGMA * spread,
            "lower_two_sigma": mean - TWO_SIGMA * spread,
            "signal": pd.Series(signal, dtype=object),
            "rules": pd.Series(rules, dtype=object),
            "direction": pd.Series(direction, dtype=object),
        }
    )
    result.attrs["notes"] = notes
    result.attrs["settings"] = settings
    return result


def icons(result: pd.DataFrame, better: str | None, target: float | None = None) -> tuple[Variation, Assurance | None]:
    """The variation icon and, for a measure with a polarity and a target, the assurance icon, from ``xmr``'s result.

    Both read the last present point: its signal (and the side it points to) and its segment's process limits. A
    target on a limit counts as met or not met, as in MDC. No assurance (None) without a target, a polarity or
    limits.
    """
    polarity = _polarity(better)
    present = np.flatnonzero(~result["missing"].to_numpy(dtype=bool))
    last = int(present[-1]) if len(present) else None
    if last is None or result["signal"].iat[last] is None:
        return Variation.TOO_FEW_POINTS, None
    if result["signal"].iat[last] == Signal.COMMON:
        variation = Variation.COMMON_CAUSE
    else:
        side = result["direction"].iat[last]
        side = ("low" if polarity == "lower" else "high") if side == "both" else side
        good = {"higher": "high", "lower": "low"}.get(polarity)
        variation = Variation(f"{'neither' if good is None else 'improvement' if side == good else 'concern'}_{side}")
    if target is None or polarity is None:
        return variation, None
    upper, lower = result["upper_limit"].iat[last], result["lower_limit"].iat[last]
    slack = _TOLERANCE * (abs(upper + lower) + upper - lower) / 2  # as for the rules: on a line is on it
    if polarity == "lower":  # mirror, so that the good side is always up
        target, upper, lower = -target, -lower, -upper
    lower, upper = lower + slack, upper - slack
    if target <= lower:
        return variation, Assurance.MET
    return variation, Assurance.NOT_MET if target >= upper else Assurance.HIT_AND_MISS

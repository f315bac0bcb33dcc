"""Each measure's figures read as signal or noise: ``measure_spc`` applies ``improvement.spc.xmr`` to one measure's
months (a suppressed month left out and counted; the limits recalculated from the month the plan says the process
changed), and ``spc_summary`` gives every plan measure's icons and its latest signal.

"Sustained" improvement is a latest point flagged as improvement by a run (a shift or a trend), not by one point
alone: what the rating check counts as evidence that a Red rating undersells the measure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from improvement import spc
from improvement.vocab import BETTER_IS

RUN_RULES = frozenset({spc.Rule.SHIFT, spc.Rule.TREND})
SUMMARY_COLUMNS = ["measure_code", "variation", "assurance", "signal", "sustained", "points", "suppressed"]


def better_of(polarity: object) -> str | None:
    return BETTER_IS.get(polarity) if isinstance(polarity, str) else None


def is_sustained(signal: object, rules: tuple) -> bool:
    """Special-cause improvement flagged by a run (a shift or a trend), not by one point alone."""
    return signal == spc.Signal.IMPROVEMENT and bool(RUN_RULES & set(rules))


@dataclass(frozen=True)
class _Series:
    """One measure's months in time order: their periods, statuses, and values (NaN where suppressed), and the
    position where the process changed (None if it did not change within them)."""

    periods: np.ndarray  # datetime64[ns]
    status: np.ndarray  # object: a suppression symbol or None
    values: np.ndarray  # float
    change_at: int | None

    @classmethod
    def of(cls, observations: pd.DataFrame, measure_code: str, process_change: object) -> _Series:
        rows = observations.loc[observations["measure_code"] == measure_code].sort_values("period")
        status = rows["status"] if "status" in rows.columns else pd.Series(None, index=rows.index, dtype=object)
        periods = pd.to_datetime(rows["period"]).to_numpy(dtype="datetime64[ns]")
        change_at = None
        if process_change is not None and pd.notna(process_change):  # a change is a month, as the figures are
            month = pd.Timestamp(process_change).to_period("M").to_timestamp()
            start = int(periods.searchsorted(np.datetime64(month, "ns")))
            change_at = start if 0 < start < len(periods) else None
        return cls(
            periods,
            status.where(status.notna(), None).to_numpy(dtype=object),
            rows["value"].astype(float).where(status.isna()).to_numpy(),
            change_at,
        )

    def xmr(self, better: str | None, count: int | None = None) -> pd.DataFrame:
        """``spc.xmr`` of the first ``count`` months (all by default), recalculated where the process changed."""
        count = len(self.values) if count is None else count
        change = self.change_at if self.change_at is not None and self.change_at < count else None
        return spc.xmr(self.values[:count], better, recalculate_at=change)


@dataclass(frozen=True)
class MeasureSpc:
    """One measure's XmR chart: ``points`` has ``period`` and ``status`` beside ``spc.xmr``'s columns."""

    measure_code: str
    better: str | None
    points: pd.DataFrame
    variation: spc.Variation
    assurance: spc.Assurance | None
    process_change: pd.Timestamp | None  # where the limits were recalculated, if they were
    notes: tuple[str, ...]

    @property
    def suppressed(self) -> int:
        return int(self.points["status"].notna().sum())

    @property
    def present(self) -> pd.DataFrame:
        return self.points[~self.points["missing"]]

    @property
    def latest_signal(self) -> str | None:
        present = self.present
        return None if present.empty or present["signal"].iat[-1] is None else str(present["signal"].iat[-1])

    @property
    def sustained_improvement(self) -> bool:
        present = self.present
        return not present.empty and is_sustained(present["signal"].iat[-1], present["rules"].iat[-1])


def measure_spc(
    observations: pd.DataFrame,
    measure_code: str,
    polarity: object,
    target: float | None = None,
    process_change: object = None,
) -> MeasureSpc:
    """``measure_code``'s months in ``observations`` as an XmR chart."""
    series = _Series.of(observations, measure_code, process_change)
    better = better_of(polarity)
    result = series.xmr(better)
    target = None if target is None or pd.isna(target) else float(target)
    variation, assurance = spc.icons(result, better, target)
    points = pd.concat([pd.DataFrame({"period": series.periods, "status": series.status}), result], axis=1)
    return MeasureSpc(
        measure_code,
        better,
        points,
        variation,
        assurance,
        pd.Timestamp(series.periods[series.change_at]) if series.change_at is not None else None,
        _too_few_notes(points, result.attrs["settings"].minimum_points),
    )


def _too_few_notes(points: pd.DataFrame, minimum: int) -> tuple[str, ...]:
    """In words, each stretch of months with no limits because it has too few published months."""
    notes = []
    for _segment, rows in points.groupby("segment", sort=True):
        if len(rows) and rows["mean"].isna().all():
            present = int((~rows["missing"]).sum())
            first, last = rows["period"].min(), rows["period"].max()
            span = f"{first:%b %Y}" if first == last else f"{first:%b %Y} to {last:%b %Y}"
            notes.append(f"No process limits for {span}: {present} published months, fewer than the {minimum} needed")
    return tuple(notes)


@dataclass(frozen=True)
class LatestSignal:
    """A measure's latest month up to a date, as its XmR chart up to that date reads it."""

    period: pd.Timestamp
    signal: str | None  # None: no limits yet
    sustained_improvement: bool


def latest_signals(
    observations: pd.DataFrame, measure_code: str, polarity: object, process_change: object, untils: list
) -> dict[pd.Timestamp, LatestSignal | None]:
    """For each date in ``untils``: the measure's latest month up to it, read from its XmR chart of the months up to
    it alone (what the board could have known then); None when it has no month by then. One chart per date, from
    one sorted series (the rating check asks this for every report)."""
    series = _Series.of(observations, measure_code, process_change)
    better = better_of(polarity)
    found: dict[pd.Timestamp, LatestSignal | None] = {}
    for until in untils:
        count = int(series.periods.searchsorted(np.datetime64(pd.Timestamp(until), "ns"), side="right"))
        kept = np.flatnonzero(np.isfinite(series.values[:count]))
        if not len(kept):
            found[until] = None
            continue
        result = series.xmr(better, count)
        last = int(kept[-1])
        signal = result["signal"].iat[last]
        found[until] = LatestSignal(
            pd.Timestamp(series.periods[last]),
            None if signal is None else str(signal),
            is_sustained(signal, result["rules"].iat[last]),
        )
    return found


def spc_of_measures(observations: pd.DataFrame, progress: pd.DataFrame) -> dict[str, MeasureSpc]:
    """Every measure of ``progress`` (rows of ``plan.rules.measure_progress``) as an XmR chart, by code."""
    return {
        row["measure_code"]: measure_spc(
            observations,
            row["measure_code"],
            row["polarity"],
            row.get("target_value"),
            row.get("process_change_from"),
        )
        for row in progress.to_dict("records")
    }


def spc_summary(charts: dict[str, MeasureSpc]) -> pd.DataFrame:
    """One row per measure: its icons, its latest point's signal, whether that is sustained improvement, and how
    many points it has and how many months are suppressed (``SUMMARY_COLUMNS``)."""
    rows = [
        {
            "measure_code": code,
            "variation": chart.variation,
            "assurance": chart.assurance,
            "signal": chart.latest_signal,
            "sustained": chart.sustained_improvement,
            "points": len(chart.present),
            "suppressed": chart.suppressed,
        }
        for code, chart in charts.items()
    ]
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)

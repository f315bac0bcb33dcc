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

BETTER = {"higher_is_better": "higher", "lower_is_better": "lower"}  # vocab.Polarity values -> spc's "better"
RUN_RULES = frozenset({spc.Rule.SHIFT, spc.Rule.TREND})
SUMMARY_COLUMNS = ["measure_code", "variation", "assurance", "signal", "sustained", "points", "suppressed"]


def _month_of(day: object) -> pd.Timestamp | None:
    """The first day of the month ``day`` falls in (a process change is a month, as the figures are)."""
    if day is None or pd.isna(day):
        return None
    return pd.Timestamp(day).to_period("M").to_timestamp()


def better_of(polarity: object) -> str | None:
    return BETTER.get(str(polarity)) if isinstance(polarity, str) else None


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
        return (
            not present.empty
            and present["signal"].iat[-1] == spc.Signal.IMPROVEMENT
            and bool(RUN_RULES & set(present["rules"].iat[-1]))
        )


def measure_spc(
    observations: pd.DataFrame,
    measure_code: str,
    polarity: object,
    target: float | None = None,
    process_change: object = None,
    until: pd.Timestamp | None = None,
) -> MeasureSpc:
    """``measure_code``'s months in ``observations`` (up to ``until``, if given) as an XmR chart."""
    rows = observations.loc[observations["measure_code"] == measure_code]
    if until is not None:
        rows = rows[pd.to_datetime(rows["period"]) <= pd.Timestamp(until)]
    rows = rows.sort_values("period")
    status = rows["status"] if "status" in rows.columns else pd.Series(None, index=rows.index, dtype=object)
    frame = pd.DataFrame(
        {
            "period": pd.to_datetime(rows["period"]).to_numpy(),
            "status": status.where(status.notna(), None).to_numpy(dtype=object),
        }
    )
    values = rows["value"].astype(float).where(status.isna()).to_numpy()
    change = _month_of(process_change)
    starts = [int(i) for i in (frame["period"] >= change).to_numpy().nonzero()[0][:1]] if change is not None else []
    starts = [start for start in starts if start > 0]
    better = better_of(polarity)
    result = spc.xmr(values, better, recalculate_at=starts or None)
    target = None if target is None or pd.isna(target) else float(target)
    variation, assurance = spc.icons(result, better, target)
    points = pd.concat([frame, result], axis=1)
    return MeasureSpc(
        measure_code,
        better,
        points,
        variation,
        assurance,
        frame["period"].iat[starts[0]] if starts else None,
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
    rows = observations.loc[observations["measure_code"] == measure_code].sort_values("period")
    periods = pd.to_datetime(rows["period"]).to_numpy(dtype="datetime64[ns]")
    values = rows["value"].astype(float).where(rows["status"].isna() if "status" in rows else True).to_numpy()
    change = _month_of(process_change)
    start = int(periods.searchsorted(np.datetime64(change, "ns"))) if change is not None else 0
    better = better_of(polarity)
    found: dict[pd.Timestamp, LatestSignal | None] = {}
    for until in untils:
        count = int(periods.searchsorted(np.datetime64(pd.Timestamp(until), "ns"), side="right"))
        kept = np.flatnonzero(np.isfinite(values[:count]))
        if not len(kept):
            found[until] = None
            continue
        result = spc.xmr(values[:count], better, recalculate_at=start if 0 < start < count else None)
        last = int(kept[-1])
        signal = result["signal"].iat[last]
        found[until] = LatestSignal(
            pd.Timestamp(periods[last]),
            None if signal is None else str(signal),
            signal == spc.Signal.IMPROVEMENT and bool(RUN_RULES & set(result["rules"].iat[last])),
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

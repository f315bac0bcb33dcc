"""The logic of progress: pure functions from query DataFrames to judgements a board can act on.

Two ideas are kept apart throughout, as UKHSA's dashboards do:
- **direction**: what moved (up, down, flat), whatever the measure;
- **judgement**: whether that is good (better, worse, same), which depends on the measure's **polarity**.

Rules (documented in the README and tested in tests/topics/plan/test_measures.py):
- A period is **on trajectory** when its actual value is at or better than the planned value for that period
  (at or above for higher-is-better measures, at or below for lower-is-better).
- A measure is **on track** when its latest month's actual value is on trajectory; **off track** otherwise; it has
  **no trajectory** when no planned value exists for that month, and is **not judged** when that month's figure
  is suppressed or unavailable (a judgement could reveal a small count).
- The **forecast date** is when a straight line fitted to the last six actual values reaches the target; none
  when the line runs the wrong way or flat; the latest period when the target is already met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from improvement.style import direction
from improvement.vocab import Polarity

ON_TRACK, OFF_TRACK = "On track", "Off track"
"""A measure's trajectory status when its latest month is at or better than planned, and when it is worse."""

NO_FIGURES = "No figures yet"
"""A measure's trajectory status when no monthly figure is loaded for it."""

FORECAST_HORIZON_DAYS = 100 * 365
"""A line that would reach the target only after this many days is "not at current rate" (a date further off means
nothing, and would overflow pandas' dates)."""

FORECAST_WINDOW = 6
"""How many recent actual values the forecast line is fitted to."""


def judgement(change: float | None, polarity: str) -> str:
    """'better', 'worse' or 'same': whether a change is good, given the measure's polarity."""
    moved = direction(change)
    if moved == "flat":
        return "same"
    good = "up" if polarity == Polarity.HIGHER_IS_BETTER else "down"
    return "better" if moved == good else "worse"


SAME_VALUE = 1e-9
"""Two figures this close are the same figure (a ratio worked out from totals may differ in its last bits)."""


def is_at_or_better(actual: float, reference: float, polarity: str) -> bool:
    """Whether ``actual`` is at least as good as ``reference`` (a planned value or a target)."""
    if polarity == Polarity.HIGHER_IS_BETTER:
        return actual >= reference - SAME_VALUE
    return actual <= reference + SAME_VALUE


def compare_with_trajectory(actuals: pd.DataFrame, trajectory: pd.DataFrame, polarity: str) -> pd.DataFrame:
    """One row per period with the actual, the planned value and whether the actual is on trajectory.

    ``actuals`` has period, value (missing where suppressed); ``trajectory`` has period, planned_value.
    ``on_trajectory`` is missing (``pd.NA``) where either side is missing: a suppressed value is not judged.
    """
    merged = pd.merge(
        actuals[["period", "value"]], trajectory[["period", "planned_value"]], on="period", how="outer"
    ).sort_values("period", ignore_index=True)
    value = pd.to_numeric(merged["value"], errors="coerce")
    planned = pd.to_numeric(merged["planned_value"], errors="coerce")
    on = value >= planned - SAME_VALUE if polarity == Polarity.HIGHER_IS_BETTER else value <= planned + SAME_VALUE
    merged["on_trajectory"] = on.astype("boolean").mask(value.isna() | planned.isna())
    return merged


def measure_series(
    observations: pd.DataFrame, trajectories: pd.DataFrame, measure_code: str, polarity: str
) -> pd.DataFrame:
    """One measure's periods with value, status, planned value, whether on trajectory and (when the observations
    say) each figure's source (for its chart and caption)."""
    kept = [column for column in ("period", "value", "status", "source") if column in observations.columns]
    actuals = observations.loc[observations["measure_code"] == measure_code, kept]
    planned = trajectories.loc[trajectories["measure_code"] == measure_code]
    comparison = compare_with_trajectory(actuals, planned, polarity)
    return comparison.merge(actuals.drop(columns="value"), on="period", how="left")


def periods_off_trajectory(comparison: pd.DataFrame) -> int:
    """How many consecutive judged periods, counting back from the latest, were off trajectory."""
    runs = runs_off_trajectory(comparison["on_trajectory"].dropna())
    return int(runs[-1]) if len(runs) else 0


def runs_off_trajectory(on_trajectory: pd.Series) -> np.ndarray:
    """For each judged period (oldest first, none missing), ``periods_off_trajectory`` of the series up to it: how
    many consecutive periods up to and including it were off trajectory (0 when it was on)."""
    runs = np.zeros(len(on_trajectory), dtype=int)
    count = 0
    for index, on in enumerate(on_trajectory.tolist()):
        count = 0 if on else count + 1
        runs[index] = count
    return runs


@dataclass(frozen=True)
class Forecast:
    status: str  # "met", "on course", "not at current rate", "too little data"
    date: dt.date | None

    @property
    def label(self) -> str:
        if self.status == "met":
            return "Target met"
        if self.status == "on course" and self.date is not None:
            return f"{self.date:%b %Y}"
        return "Not at current rate" if self.status == "not at current rate" else "Too little data"


def forecast_target_date(
    actuals: pd.DataFrame, target_value: float | None, polarity: str, window: int = FORECAST_WINDOW
) -> Forecast:
    """When the target would be reached if the recent straight-line trend carried on."""
    known = actuals.dropna(subset=["value"]).sort_values("period").tail(window)
    if target_value is None or pd.isna(target_value) or len(known) < 3:
        return Forecast("too little data", None)
    latest = known.iloc[-1]
    if is_at_or_better(float(latest["value"]), float(target_value), polarity):
        return Forecast("met", pd.Timestamp(latest["period"]).date())
    days = (pd.to_datetime(known["period"]) - pd.Timestamp(known["period"].iloc[0])).dt.days.to_numpy(float)
    slope, intercept = np.polyfit(days, known["value"].to_numpy(float), 1)
    heading_right_way = slope > 0 if polarity == Polarity.HIGHER_IS_BETTER else slope < 0
    if not heading_right_way or abs(slope) < 1e-12:
        return Forecast("not at current rate", None)
    days_to_target = (float(target_value) - intercept) / slope
    if not np.isfinite(days_to_target) or days_to_target > FORECAST_HORIZON_DAYS:
        return Forecast("not at current rate", None)  # so nearly flat that no date means anything
    reached = pd.Timestamp(known["period"].iloc[0]) + pd.Timedelta(days=float(days_to_target))
    return Forecast("on course", max(reached, pd.Timestamp(latest["period"])).date())


def measure_progress(
    plan_measures: pd.DataFrame, observations: pd.DataFrame, trajectories: pd.DataFrame
) -> pd.DataFrame:
    """One row per plan measure: latest value, its movement and judgement, trajectory, target and forecast, and the
    month its process changed (``process_change_from``: NaT if it did not, or if ``plan_measures`` does not say)."""
    rows = []
    for measure in plan_measures.itertuples(index=False):
        actuals = observations.loc[observations["measure_code"] == measure.measure_code]
        planned = trajectories.loc[trajectories["measure_code"] == measure.measure_code]
        rows.append(_progress_of_one(measure, actuals, planned))
    return pd.DataFrame(rows, columns=_PROGRESS_COLUMNS)


_PROGRESS_COLUMNS = [
    "measure_code",
    "name",
    "unit",
    "polarity",
    "priority_area_code",
    "is_headline",
    "counts_children",
    "latest_period",
    "latest_value",
    "latest_status",
    "previous_value",
    "change",
    "direction",
    "judgement",
    "planned_value",
    "trajectory_status",
    "periods_off_trajectory",
    "baseline_value",
    "process_change_from",
    "target_value",
    "target_date",
    "target_met",
    "progress_to_target",
    "forecast_status",
    "forecast_date",
]


def _progress_of_one(measure, actuals: pd.DataFrame, planned: pd.DataFrame) -> dict:
    actuals = actuals.sort_values("period")
    known = actuals.dropna(subset=["value"])
    latest = actuals.iloc[-1] if len(actuals) else None
    # The latest month may be suppressed or unavailable: then it has no value, no movement and is not judged.
    latest_value = float(latest["value"]) if latest is not None and pd.notna(latest["value"]) else None
    previous = actuals.iloc[-2] if len(actuals) > 1 else None
    previous_value = float(previous["value"]) if previous is not None and pd.notna(previous["value"]) else None
    change = latest_value - previous_value if latest_value is not None and previous_value is not None else None

    comparison = compare_with_trajectory(known, planned, measure.polarity)
    planned_now = planned.loc[planned["period"] == latest["period"], "planned_value"] if latest is not None else []
    if latest is None:
        trajectory_status, planned_value = NO_FIGURES, None
    elif latest_value is None:
        trajectory_status, planned_value = "Not judged (suppressed)", None
    elif len(planned_now):
        planned_value = float(planned_now.iloc[0])
        on = is_at_or_better(latest_value, planned_value, measure.polarity)
        trajectory_status = ON_TRACK if on else OFF_TRACK
    else:
        trajectory_status, planned_value = "No trajectory", None

    target = measure.target_value if not pd.isna(measure.target_value) else None
    forecast = forecast_target_date(known, target, measure.polarity)
    return {
        "measure_code": measure.measure_code,
        "name": measure.name,
        "unit": measure.unit,
        "polarity": measure.polarity,
        "priority_area_code": measure.priority_area_code,
        "is_headline": bool(measure.is_headline),
        "counts_children": bool(measure.counts_children),
        "latest_period": latest["period"] if latest is not None else pd.NaT,
        "latest_value": latest_value,
        "latest_status": latest["status"] if latest is not None and pd.notna(latest["status"]) else None,
        "previous_value": previous_value,
        "change": change,
        "direction": direction(change),
        "judgement": judgement(change, measure.polarity),
        "planned_value": planned_value,
        "trajectory_status": trajectory_status,
        "periods_off_trajectory": periods_off_trajectory(comparison),
        "baseline_value": measure.baseline_value,
        "process_change_from": getattr(measure, "process_change_from", pd.NaT),
        "target_value": target,
        "target_date": measure.target_date,
        "target_met": (
            is_at_or_better(latest_value, target, measure.polarity)
            if latest_value is not None and target is not None
            else None
        ),
        "progress_to_target": progress_to_target(measure.baseline_value, latest_value, target),
        "forecast_status": forecast.status,
        "forecast_date": forecast.date,
    }


def progress_to_target(baseline: float | None, latest: float | None, target: float | None) -> float | None:
    """Share of the distance from baseline to target covered so far, in per cent (can be negative or >100)."""
    if baseline is None or latest is None or target is None or pd.isna(baseline) or pd.isna(target):
        return None
    distance = target - baseline
    if abs(distance) < 1e-12:
        return 100.0
    return 100.0 * (latest - baseline) / distance


def month_end(period: pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(period) + pd.offsets.MonthEnd(0)


def data_as_at(
    observations: pd.DataFrame, ratings: pd.DataFrame, caseloads: pd.DataFrame, other_dates: Iterable = ()
) -> dt.date | None:
    """The date the council's data describes: the newest of the end of the newest month of figures (measure
    actuals, caseload returns), the newest submitted report and ``other_dates`` (days on which something was
    recorded as done: an Annex A extract, a risk review, a risk raised or closed, a milestone completed, an adviser
    day). Due and scheduled dates never count: they say what should happen, not what the data shows."""
    candidates = []
    for frame, column in ((observations, "period"), (caseloads, "period")):
        if len(frame):
            candidates.append(month_end(frame[column].max()))
    if len(ratings):
        candidates.append(pd.Timestamp(ratings["report_date"].max()))
    candidates += [pd.Timestamp(day) for day in other_dates if day is not None and not pd.isna(day)]
    return max(candidates).date() if candidates else None


def sources_text(series: pd.DataFrame) -> str | None:
    """Where a measure's figures come from, for its caption: each source with the months it gives, e.g.
    'team caseload returns (Jul 2021 to Jun 2023); measure actuals (Jun 2021)'. None when the series has no
    figure with a source."""
    if "source" not in series.columns:
        return None
    given = series.dropna(subset=["source"])
    if given.empty:
        return None
    parts = []
    for source, rows in given.groupby("source", sort=False):
        first, last = pd.Timestamp(rows["period"].min()), pd.Timestamp(rows["period"].max())
        span = f"{first:%b %Y}" if first == last else f"{first:%b %Y} to {last:%b %Y}"
        parts.append((first, f"{source} ({span})"))
    return "; ".join(text for _, text in sorted(parts))

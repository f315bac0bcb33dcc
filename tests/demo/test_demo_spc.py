"""The demo tells both stories of statistical process control (issue 13): a measure with a clear shift after a change
in the plan, whose limits are recalculated from the month the plan records, and a measure with only noise."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pytest

from improvement.demo import ON_TRACK, Programme, build_large_dataset, build_programme
from improvement.spc import Assurance, Rule, Signal, Variation, icons, xmr
from loaders.demo_files import files_of

SHIFT = "pre_proceedings_within_16_weeks"  # higher is better
NOISE = "icpc_within_15_days"  # higher is better
CHANGE = dt.date(2022, 6, 1)
ROLLOUT = "Roll out across the service: set 16-week review points for each family in pre-proceedings"


@pytest.fixture(scope="module")
def sefton() -> Programme:
    return build_programme()


def monthly(programme: Programme, code: str) -> tuple[list[dt.date], np.ndarray]:
    rows = programme.observations[programme.observations["measure_code"] == code].sort_values("period")
    return list(rows["period"]), rows["value"].to_numpy(dtype=float)


def test_only_the_shift_measure_has_a_process_change_in_the_plan(sefton):
    changes = sefton.plan_measures.set_index("measure_code")["process_change_from"]
    assert changes[SHIFT] == CHANGE
    assert changes.drop(SHIFT).isna().all()


def test_the_change_is_the_month_the_plan_rolled_out_16_week_review_points(sefton):
    milestones = sefton.milestones.set_index("title")
    rollout = milestones.loc[ROLLOUT]
    assert rollout["action_reference"] == "PA1.3" and rollout["status"] == "complete"
    assert rollout["completed_date"].replace(day=1) == CHANGE


def test_the_shift_measure_improves_after_the_change_on_its_recalculated_limits(sefton):
    months, values = monthly(sefton, SHIFT)
    change = months.index(CHANGE)
    assert change == 11

    # On one set of limits the chart splits at the change: concern before it, improvement from it on (a shift).
    whole = xmr(values, "higher")
    assert set(whole["signal"][:change]) == {Signal.CONCERN}
    assert set(whole["signal"][change:]) == {Signal.IMPROVEMENT}
    assert all(Rule.SHIFT in rules for rules in whole["rules"][change:])

    # Recalculated from the change: the new process has its own limits and every month of it is special-cause
    # improvement (24 months leave too few before the change for limits of their own).
    recalculated = xmr(values, "higher", recalculate_at=change)
    assert recalculated["segment"].tolist() == [0] * change + [1] * (len(values) - change)
    assert recalculated["mean"][:change].isna().all()
    assert recalculated.attrs["notes"] == [
        f"Too few points in the segment starting at position 0 for process limits: {change} (13 are needed)."
    ]
    assert set(recalculated["signal"][change:]) == {Signal.IMPROVEMENT}
    assert sum(Rule.SHIFT in rules for rules in recalculated["rules"][change:]) >= 6
    assert icons(recalculated, "higher")[0] == Variation.IMPROVEMENT_HIGH


def test_the_noise_measure_shows_only_common_cause_variation(sefton):
    months, values = monthly(sefton, NOISE)
    assert len(months) == 24 and not np.isnan(values).any()
    result = xmr(values, "higher")
    assert set(result["signal"]) == {Signal.COMMON}
    assert set(result["rules"]) == {()}
    target = float(sefton.targets.set_index("measure_code").loc[NOISE, "value"])
    assert icons(result, "higher", target) == (Variation.COMMON_CAUSE, Assurance.HIT_AND_MISS)
    # ... although it is at or above its trajectory every month (the measure's story is on track).
    planned = sefton.trajectory_points[sefton.trajectory_points["measure_code"] == NOISE].sort_values("period")
    assert (values >= planned["planned_value"].to_numpy()).all()


def test_a_measure_told_another_story_and_the_invented_councils_have_no_process_change():
    other = build_programme(stories={SHIFT: ON_TRACK})
    assert other.plan_measures["process_change_from"].isna().all()
    large = build_large_dataset(n_authorities=3, years=2, seed=5)
    assert large.plan_measures["process_change_from"].isna().all()


def test_the_demo_files_carry_the_process_change(sefton):
    (content,) = files_of(sefton, "plan_measures").values()
    rows = {row["measure_code"]: row for row in csv.DictReader(io.StringIO(content.decode()))}
    assert rows[SHIFT]["process_change_from"] == "2022-06-01"
    assert {row["process_change_from"] for code, row in rows.items() if code != SHIFT} == {""}

"""Statistical process control (``improvement.spc``): Making Data Count's worked examples, each rule by hand,
recalculation and baselines, too few points, the icons, properties that must hold for any series, and speed.

The hand-worked series sit on a fixed baseline, ``STEADY``: 20 points alternating 11 and 9, so mean 10, mean
moving range 2, process limits 10 ± 5.32 (4.68 to 15.32) and two-sigma lines 10 ± 3.5467 (6.4533 to 13.5467).
With ``baseline=20`` the points after it cannot move the lines, so each pattern's flags can be worked out by hand.
Positions in the assertions are positions in the whole series (the pattern starts at 20).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from improvement.spc import Assurance, Rule, Signal, SpcSettings, Variation, icons, xmr
from improvement.vocab import Polarity

DATA = Path(__file__).parent / "data" / "spc"
STEADY = [11, 9] * 10
MDC_SQL_SETTINGS = SpcSettings(shift_length=7, trend_length=7)  # the SQL script's defaults (its step 2a)


def _on_steady(pattern: list[float | None], better: str | None = "higher", **options) -> pd.DataFrame:
    return xmr(STEADY + pattern, better, baseline=20, **options)


def _flagged(result: pd.DataFrame, rule: Rule | None = None) -> set[int]:
    """Positions flagged by ``rule`` (by any rule when None)."""
    return {position for position, rules in enumerate(result["rules"]) if rules and (rule is None or rule in rules)}


# Making Data Count's published worked examples (provenance in tests/data/spc/README.md).


def test_the_excel_tool_example_gives_the_published_limits_and_one_improvement():
    values = pd.read_csv(DATA / "mdc_excel_outlier_example.csv")["value"].tolist()
    for run_settings in (SpcSettings(), MDC_SQL_SETTINGS):
        result = xmr(values, "higher", settings=run_settings)
        assert set(result["mean"].round(2)) == {1.94}
        assert set(result["upper_limit"].round(2)) == {6.95}
        assert set(result["lower_limit"].round(2)) == {-3.06}  # no moving-range outlier screening, as in MDC
        assert _flagged(result) == {4}
        assert result["rules"][4] == (Rule.SINGLE_POINT,)
        assert result["signal"][4] == Signal.IMPROVEMENT
        assert set(result["signal"].drop(index=4)) == {Signal.COMMON}


def _mdc_sql_samples() -> dict[tuple[str, str], tuple[pd.DataFrame, pd.DataFrame, pd.Series, dict]]:
    data = pd.read_csv(DATA / "mdc_sql_sample_data.csv", keep_default_na=False)
    expected = pd.read_csv(DATA / "mdc_sql_sample_expected.csv", keep_default_na=False)
    expected_icons = pd.read_csv(DATA / "mdc_sql_sample_expected_icons.csv", keep_default_na=False)
    metrics = pd.read_csv(DATA / "mdc_sql_sample_metrics.csv", keep_default_na=False).set_index("metric")
    charts = {}
    for (metric, group), points in data.groupby(["metric", "group"], sort=False):
        chart = expected[(expected["metric"] == metric) & (expected["group"] == group)].reset_index(drop=True)
        chart_icons = expected_icons.set_index(["metric", "group"]).loc[(metric, group)]
        charts[(metric, group)] = (points.reset_index(drop=True), chart, chart_icons, metrics.loc[metric].to_dict())
    return charts


MDC_SQL_SAMPLES = _mdc_sql_samples()
BETTER = {"Up": "higher", "Down": "lower", "Neither": None}


def _run_mdc_sql_sample(points: pd.DataFrame, metric: dict) -> pd.DataFrame:
    """The sample as the SQL script runs it: runs of 7, ghosted points left out, its recalculation and baseline."""
    values = [None if ghost else value for value, ghost in zip(points["value"], points["ghost"], strict=True)]
    recalculate_at = [int(i) for i in np.flatnonzero(points["recalculate_limits"].to_numpy())]
    baseline = int((points["date"] <= metric["baseline_end"]).sum()) if metric["baseline_end"] else None
    better = BETTER[metric["improvement"]]
    return xmr(values, better, recalculate_at=recalculate_at, baseline=baseline, settings=MDC_SQL_SETTINGS)


@pytest.mark.parametrize("chart", list(MDC_SQL_SAMPLES), ids=" ".join)
def test_the_sql_script_samples_give_its_limits_flags_and_icons(chart):
    points, expected, expected_icons, metric = MDC_SQL_SAMPLES[chart]
    result = _run_mdc_sql_sample(points, metric)
    for line in ("mean", "upper_limit", "lower_limit"):
        assert result[line].to_numpy() == pytest.approx(expected[line].to_numpy(), abs=0.5e-4), line
    assert [str(signal or "") for signal in result["signal"]] == expected["signal"].tolist()
    assert [";".join(rules) for rules in result["rules"]] == expected["rules"].tolist()
    target = float(metric["target"]) if metric["target"] else None
    variation, assurance = icons(result, BETTER[metric["improvement"]], target)
    assert variation == expected_icons["variation"]
    assert (assurance or "") == expected_icons["assurance"]


@pytest.mark.parametrize(
    "chart", [chart for chart, sample in MDC_SQL_SAMPLES.items() if sample[0]["annotation"].any()], ids=" ".join
)
def test_the_sql_script_samples_flag_what_their_annotations_say(chart):
    points, _, _, metric = MDC_SQL_SAMPLES[chart]
    result = _run_mdc_sql_sample(points, metric)
    for position, note in enumerate(points["annotation"]):
        if "process limit" in note:
            assert Rule.SINGLE_POINT in result["rules"][position]
        elif "seven points" in note:  # "Start of seven points below mean", "... increasing", ...
            rule = Rule.SHIFT if "mean" in note else Rule.TREND
            assert all(rule in result["rules"][position + step] for step in range(7))
        elif "two-to-three sigma" in note:
            assert Rule.TWO_OF_THREE in result["rules"][position]
        elif "while still" in note:  # a trend one way on the other side of the mean: both improvement and concern
            assert {Rule.SHIFT, Rule.TREND} <= set(result["rules"][position])
            assert result["direction"][position] == "both"
            assert result["signal"][position] == Signal.IMPROVEMENT
        elif note == "Limits recalculated":
            assert result["segment"][position] == result["segment"][position - 1] + 1
        elif note == "Baseline set":
            assert result["baseline"][position] and not result["baseline"][position + 1]
        elif note == "Ghosted":
            assert result["missing"][position] and result["signal"][position] is None


# The rules, by hand.


def test_the_steady_baseline_has_the_lines_worked_out_by_hand():
    result = _on_steady([])
    assert set(result["mean"]) == {10}
    assert result["upper_limit"][0] == pytest.approx(15.32)
    assert result["lower_limit"][0] == pytest.approx(4.68)
    assert result["upper_two_sigma"][0] == pytest.approx(13.546667, abs=1e-6)
    assert result["lower_two_sigma"][0] == pytest.approx(6.453333, abs=1e-6)
    assert _flagged(result) == set()


def test_a_single_point_beyond_a_process_limit_is_special_cause_but_one_on_the_limit_is_not():
    result = _on_steady([16, 4, 15.32, 10])
    assert _flagged(result) == {20, 21}
    assert result["rules"][20] == result["rules"][21] == (Rule.SINGLE_POINT,)
    assert (result["signal"][20], result["signal"][21]) == (Signal.IMPROVEMENT, Signal.CONCERN)
    assert (result["direction"][20], result["direction"][21]) == ("high", "low")


def test_single_points_without_a_baseline_against_limits_worked_out_by_hand():
    values = [10, 12] * 3 + [30] + [12, 10] * 2 + [-8] + [10, 12]  # mean 11; moving ranges 2 (x9) and 18 (x4)
    result = xmr(values, "lower")
    assert set(result["mean"]) == {11}
    assert result["upper_limit"][0] == pytest.approx(11 + 2.66 * 90 / 13)  # 29.42
    assert result["lower_limit"][0] == pytest.approx(11 - 2.66 * 90 / 13)  # -7.42
    assert _flagged(result) == {6, 11}
    assert (result["signal"][6], result["signal"][11]) == (Signal.CONCERN, Signal.IMPROVEMENT)


def test_a_shift_is_six_points_on_one_side_of_the_mean():
    assert _flagged(_on_steady([12] * 6)) == set(range(20, 26))
    assert _flagged(_on_steady([12] * 6), Rule.SHIFT) == set(range(20, 26))
    assert _flagged(_on_steady([12] * 5 + [8])) == set()
    below = _on_steady([12] + [8] * 6)
    assert _flagged(below) == set(range(21, 27))
    assert set(below["signal"][21:27]) == {Signal.CONCERN}


def test_a_point_on_the_mean_breaks_a_shift():
    result = _on_steady([12, 12, 12, 10, 12, 12, 12])
    assert result["mean"][23] == 10
    assert _flagged(result) == set()


def test_a_shift_can_be_set_to_seven_points():
    seven = SpcSettings(shift_length=7)
    assert _flagged(_on_steady([12] * 6 + [9], settings=seven)) == set()
    assert _flagged(_on_steady([12] * 7, settings=seven)) == set(range(20, 27))


def test_a_trend_is_six_points_all_rising_or_all_falling_counting_the_first():
    rising = _on_steady([7, 8, 9.5, 10.5, 11.5, 12.5])
    assert _flagged(rising) == set(range(20, 26))
    assert set(rising["rules"][20:26]) == {(Rule.TREND,)}
    assert set(rising["direction"][20:26]) == {"high"}
    falling = _on_steady([12.5, 11.5, 10.5, 9.5, 8, 7])
    assert _flagged(falling) == set(range(20, 26))
    assert set(falling["signal"][20:26]) == {Signal.CONCERN}
    assert _flagged(_on_steady([8, 9.5, 10.5, 11.5, 12.5])) == set()  # five points (after a fall from 9)


def test_an_equal_value_breaks_a_trend():
    assert _flagged(_on_steady([7, 8, 9.5, 9.5, 10.5, 11.5, 12.5])) == set()


def test_a_trend_can_be_set_to_seven_points():
    assert _flagged(_on_steady([7, 8, 9.5, 10.5, 11.5, 12.5], settings=SpcSettings(trend_length=7))) == set()


def test_a_peak_between_a_rising_and_a_falling_trend_is_both_and_so_an_improvement():
    pattern = [7, 8, 9.5, 10.5, 11.5, 12.5, 11.5, 10.5, 9.5, 8, 7]
    for better in ("higher", "lower"):
        result = _on_steady(pattern, better)
        assert _flagged(result) == set(range(20, 31))
        assert result["direction"][25] == "both"
        assert result["signal"][25] == Signal.IMPROVEMENT
    assert _on_steady(pattern, None)["signal"][25] == Signal.NEITHER


def test_two_out_of_three_beyond_the_two_sigma_line_flags_those_two():
    result = _on_steady([12, 14, 12, 14, 9])  # 14 lies between the two-sigma line and the limit, 12 does not
    assert _flagged(result) == {21, 23}
    assert result["rules"][21] == result["rules"][23] == (Rule.TWO_OF_THREE,)
    assert _flagged(_on_steady([14, 14, 14]), Rule.TWO_OF_THREE) == {20, 21, 22}
    low = _on_steady([8, 6, 6])
    assert _flagged(low) == {21, 22}
    assert set(low["signal"][21:23]) == {Signal.CONCERN}


def test_two_out_of_three_needs_all_three_on_the_same_side_of_the_mean():
    assert _flagged(_on_steady([14, 9, 14])) == set()


def test_two_out_of_three_counts_only_points_within_the_process_limits():
    one_within = _on_steady([14, 16, 12])  # 16 is beyond the limit: a single point, not a second of three
    assert _flagged(one_within) == {21}
    assert one_within["rules"][21] == (Rule.SINGLE_POINT,)
    around = _on_steady([14, 16, 14])  # the point beyond the limit still counts as the third on that side
    assert _flagged(around, Rule.TWO_OF_THREE) == {20, 22}
    assert around["rules"][21] == (Rule.SINGLE_POINT,)


# Recalculation and baselines.


def test_each_segment_has_its_own_mean_and_limits():
    values = [11, 9] * 8 + [21, 19] * 8
    result = xmr(values, "higher", recalculate_at=16)
    assert result["segment"].tolist() == [0] * 16 + [1] * 16
    assert set(result["mean"][:16]) == {10} and set(result["mean"][16:]) == {20}
    assert set(result["upper_limit"][:16].round(6)) == {15.32} and set(result["upper_limit"][16:].round(6)) == {25.32}
    assert math.isnan(result["moving_range"][16])  # no moving range across a change to the process
    assert result["moving_range"][17] == 2
    assert _flagged(result) == set()
    assert _flagged(xmr(values, "higher"))  # one set of limits over both would see a shift


def test_a_shift_crosses_a_recalculation():
    values = [11, 9] * 7 + [11, 11, 11] + [21, 21, 21] + [19, 21] * 7
    result = xmr(values, "higher", recalculate_at=17)
    assert result["mean"][16] < 11 < 21 < result["mean"][17] + 1  # each 11 and each 21 is above its own mean
    assert _flagged(result) == set(range(14, 20))
    assert set(result["rules"][14:20]) == {(Rule.SHIFT,)}


def test_a_trend_crosses_a_recalculation():
    values = [11, 9] * 8 + [11.5, 12, 12.5] + [21, 21.5, 22] + [19, 21] * 6 + [20]
    result = xmr(values, "higher", recalculate_at=19)
    assert set(range(15, 22)) <= _flagged(result, Rule.TREND)  # 9 at position 15 starts it


def test_two_out_of_three_stays_within_a_segment():
    inside = xmr([9, 11] * 7 + [15, 15] + [21, 19] * 8, "higher", recalculate_at=16)
    assert inside["upper_two_sigma"][15] < 15 <= inside["upper_limit"][15]
    assert _flagged(inside, Rule.TWO_OF_THREE) == {14, 15}
    across = xmr([9, 11] * 7 + [9, 15] + [24, 21] + [19, 21] * 7, "higher", recalculate_at=16)
    assert across["upper_two_sigma"][15] < 15 and across["upper_two_sigma"][16] < 24 <= across["upper_limit"][16]
    assert _flagged(across, Rule.TWO_OF_THREE) == set()  # 15 | 24, 21 would be two out of three across the change


def test_a_baseline_fixes_the_limits_on_its_points_and_extends_them():
    values = STEADY + [15, 15, 15, 15, 15, 15]
    for baseline in (20, slice(0, 20), slice(None, 20)):
        result = xmr(values, "higher", baseline=baseline)
        assert set(result["mean"]) == {10}
        assert set(result["upper_limit"].round(6)) == {15.32}
        assert result["baseline"].tolist() == [True] * 20 + [False] * 6
        assert _flagged(result, Rule.SHIFT) == _flagged(result, Rule.TWO_OF_THREE) == set(range(20, 26))
    assert xmr(values, "higher")["mean"][0] > 10  # without it, the new points pull the mean up


def test_a_baseline_slice_need_not_start_at_the_first_point():
    result = xmr([50, 50] + STEADY, "higher", baseline=slice(2, 22))
    assert set(result["mean"]) == {10}
    assert _flagged(result, Rule.SINGLE_POINT) == {0, 1}


def test_a_baseline_belongs_to_the_first_segment_and_later_segments_use_all_their_points():
    values = STEADY + [15] * 6 + [31, 29] * 7
    result = xmr(values, "higher", baseline=20, recalculate_at=26)
    assert set(result["mean"][:26]) == {10}
    assert set(result["mean"][26:]) == {30}
    assert not result["baseline"][26:].any()
    with pytest.raises(ValueError, match="baseline"):
        xmr(values, "higher", baseline=24, recalculate_at=20)


# Too few points, missing values and awkward input.


def test_fewer_than_thirteen_points_have_no_limits_no_signals_and_a_note():
    result = xmr([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 50], "higher")
    assert result[["mean", "upper_limit", "lower_limit", "upper_two_sigma", "lower_two_sigma"]].isna().all().all()
    assert result["signal"].isna().all() and set(result["rules"]) == {()}
    assert result.attrs["notes"] == ["Too few points for process limits: 12 (13 are needed)."]
    assert icons(result, "higher", target=5) == (Variation.TOO_FEW_POINTS, None)
    assert not xmr([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 50, 3], "higher")["mean"].isna().any()


def test_the_minimum_is_a_setting():
    result = xmr(STEADY[:15], "higher", settings=SpcSettings(minimum_points=16))
    assert result["mean"].isna().all()
    assert "(16 are needed)" in result.attrs["notes"][0]


def test_a_segment_with_too_few_points_has_no_limits_and_breaks_runs():
    result = xmr(STEADY + [12, 12, 12, 12, 12], "higher", recalculate_at=20)
    assert not result["mean"][:20].isna().any() and result["mean"][20:].isna().all()
    assert result["signal"][20:].isna().all()
    assert result.attrs["notes"] == [
        "Too few points in the segment starting at position 20 for process limits: 5 (13 are needed)."
    ]
    assert icons(result, "higher") == (Variation.TOO_FEW_POINTS, None)
    around_a_short_segment = [11, 9] * 7 + [11, 11, 11] + [50, 50] + [21, 21, 21] + [19, 21] * 7
    assert _flagged(xmr(around_a_short_segment, "higher", recalculate_at=[17, 19])) == set()  # 3 + 3 is no shift
    short_baseline = xmr(STEADY, "higher", baseline=10)
    assert short_baseline["mean"].isna().all()
    assert short_baseline.attrs["notes"][0].startswith("Too few points in the baseline")


def test_missing_values_are_left_out_their_rows_kept_and_runs_step_over_them():
    result = _on_steady([12, 12, None, 12, math.nan, 12, 12, 12])
    assert len(result) == 28
    assert result["missing"].tolist() == [False] * 22 + [True, False, True, False, False, False]
    assert result["signal"][22] is None and result["rules"][22] == () and result["mean"][22] == 10
    assert _flagged(result, Rule.SHIFT) == {20, 21, 23, 25, 26, 27}
    assert result["moving_range"][23] == 0  # from the 12 before the gap
    with_gaps = xmr([*STEADY[:5], None, *STEADY[5:], None], "higher")
    assert with_gaps["upper_limit"][0] == pytest.approx(15.32)  # as if the gaps were not there


@pytest.mark.parametrize(
    "values",
    [[], [7], [7, 7], [5.0] * 30, [0.1] * 30, [math.nan] * 20, [None] * 20, [1, None, pd.NA, 2], np.arange(40.0)],
    ids=["empty", "one point", "two points", "all equal", "all equal, inexact", "all NaN", "all None", "NA", "array"],
)
def test_awkward_input_never_raises(values):
    for better in ("higher", "lower", None):
        result = xmr(values, better)
        assert len(result) == len(values)
        assert set(result["signal"].dropna()) <= {Signal.COMMON, Signal.IMPROVEMENT, Signal.CONCERN, Signal.NEITHER}
        icons(result, better, target=1)
    assert set(xmr([0.1] * 30, "higher")["signal"]) == {Signal.COMMON}


def test_the_vocabularys_polarity_will_do_for_better():
    assert _outcome(xmr(STEADY + [16], Polarity.LOWER_IS_BETTER)) == _outcome(xmr(STEADY + [16], "lower"))
    assert icons(_on_steady([16]), Polarity.HIGHER_IS_BETTER)[0] == Variation.IMPROVEMENT_HIGH


def test_invalid_arguments_are_refused():
    with pytest.raises(ValueError, match="better"):
        xmr(STEADY, "up")
    with pytest.raises(ValueError, match="recalculate_at"):
        xmr(STEADY, "higher", recalculate_at=20)
    with pytest.raises(ValueError, match="recalculate_at"):
        xmr(STEADY, "higher", recalculate_at=[-1])
    with pytest.raises(ValueError, match="baseline"):
        xmr(STEADY, "higher", baseline=0)
    with pytest.raises(ValueError, match="step"):
        xmr(STEADY, "higher", baseline=slice(0, 20, 2))
    for wrong in ({"shift_length": 5}, {"trend_length": 9}, {"minimum_points": 1}):
        with pytest.raises(ValueError):
            SpcSettings(**wrong)


# The icons.


@pytest.mark.parametrize(
    ("pattern", "better", "variation"),
    [
        ([], "higher", Variation.COMMON_CAUSE),
        ([16], "higher", Variation.IMPROVEMENT_HIGH),
        ([4], "lower", Variation.IMPROVEMENT_LOW),
        ([16], "lower", Variation.CONCERN_HIGH),
        ([4], "higher", Variation.CONCERN_LOW),
        ([16], None, Variation.NEITHER_HIGH),
        ([4], None, Variation.NEITHER_LOW),
        ([30, 29, 28, 27, 26, 25], "higher", Variation.IMPROVEMENT_HIGH),  # high (beyond the limit), low (falling)
        ([30, 29, 28, 27, 26, 25], "lower", Variation.IMPROVEMENT_LOW),
        ([30, 29, 28, 27, 26, 25], None, Variation.NEITHER_HIGH),  # as MDC: high first
        ([16, None], "higher", Variation.IMPROVEMENT_HIGH),  # the last point with a value
    ],
)
def test_the_variation_icon_reads_the_last_point(pattern, better, variation):
    assert icons(_on_steady(pattern, better), better) == (variation, None)


@pytest.mark.parametrize(
    ("better", "target", "assurance"),
    [
        ("higher", 4, Assurance.MET),
        ("higher", 4.68, Assurance.MET),  # on the lower limit: every point will meet it
        ("higher", 10, Assurance.HIT_AND_MISS),
        ("higher", 15.32, Assurance.NOT_MET),
        ("higher", 16, Assurance.NOT_MET),
        ("lower", 16, Assurance.MET),
        ("lower", 15.32, Assurance.MET),
        ("lower", 12, Assurance.HIT_AND_MISS),
        ("lower", 4.68, Assurance.NOT_MET),
        ("lower", 4, Assurance.NOT_MET),
        ("higher", None, None),
        (None, 10, None),
    ],
)
def test_the_assurance_icon_compares_the_target_with_the_latest_limits(better, target, assurance):
    assert icons(_on_steady([], better), better, target)[1] == assurance


def test_the_assurance_icon_uses_the_last_segment():
    result = xmr(STEADY + [31, 29] * 8, "higher", recalculate_at=20)
    assert icons(result, "higher", target=20) == (Variation.COMMON_CAUSE, Assurance.MET)


def test_every_icon_and_rule_has_a_plain_english_label():
    assert Variation.IMPROVEMENT_LOW.label == "Special cause improvement (low)"
    assert Variation.CONCERN_HIGH.label == "Special cause concern (high)"
    assert Assurance.MET.label == "Consistently meets the target"
    assert Assurance.HIT_AND_MISS.label == "Hit and miss"
    for kind in (Variation, Assurance, Rule):
        labels = [member.label for member in kind]
        assert len(set(labels)) == len(labels) and all(labels)


# Properties of any series.

SERIES = st.lists(st.integers(-1000, 1000), max_size=60)
LONG_SERIES = st.lists(st.integers(-1000, 1000), min_size=13, max_size=60)
QUICK = settings(max_examples=60, deadline=None)


def _outcome(result: pd.DataFrame) -> list[tuple]:
    return list(zip(result["signal"], result["rules"], result["direction"], strict=True))


@QUICK
@given(SERIES, st.sampled_from(["higher", "lower", None]))
def test_limits_are_symmetric_about_the_mean(values, better):
    result = xmr(values, better)
    scale = 1e-9 * (1 + result["value"].abs().max() if len(result) else 1)
    assert np.allclose(
        result["upper_limit"] - result["mean"], result["mean"] - result["lower_limit"], atol=scale, equal_nan=True
    )
    assert np.allclose(
        result["upper_two_sigma"] - result["mean"],
        result["mean"] - result["lower_two_sigma"],
        atol=scale,
        equal_nan=True,
    )
    assert ((result["upper_limit"] >= result["upper_two_sigma"]) | result["mean"].isna()).all()


@QUICK
@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 60), st.sampled_from(["higher", "lower", None]))
def test_a_constant_series_has_no_signal(level, length, better):
    result = xmr([level] * length, better)
    assert set(result["signal"].dropna()) <= {Signal.COMMON}
    assert set(result["rules"]) <= {()}


@QUICK
@given(LONG_SERIES)
def test_reversing_the_polarity_swaps_improvement_and_concern(values):
    higher, lower, neither = xmr(values, "higher"), xmr(values, "lower"), xmr(values, None)
    swap = {Signal.IMPROVEMENT: Signal.CONCERN, Signal.CONCERN: Signal.IMPROVEMENT, Signal.COMMON: Signal.COMMON}
    for up, down, none, direction in zip(
        higher["signal"], lower["signal"], neither["signal"], higher["direction"], strict=True
    ):
        if direction == "both":  # a point that is both is an improvement, whichever way is better
            assert up == down == Signal.IMPROVEMENT
        else:
            assert down == swap[up]
        assert none == (Signal.COMMON if up == Signal.COMMON else Signal.NEITHER)
    assert higher["rules"].tolist() == lower["rules"].tolist()


@QUICK
@given(SERIES, st.integers(-1000, 1000), st.sampled_from(["higher", "lower", None]))
def test_adding_a_constant_moves_the_lines_and_keeps_the_signals(values, constant, better):
    before, after = xmr(values, better), xmr([value + constant for value in values], better)
    for line in ("mean", "upper_limit", "lower_limit", "upper_two_sigma", "lower_two_sigma"):
        assert np.allclose(after[line], before[line] + constant, atol=1e-9, equal_nan=True)
    assert _outcome(after) == _outcome(before)


@QUICK
@given(SERIES, st.sampled_from([0.25, 0.5, 2.0, 3.0, 10.0]), st.sampled_from(["higher", "lower", None]))
def test_scaling_by_a_positive_constant_scales_the_lines_and_keeps_the_signals(values, factor, better):
    before, after = xmr(values, better), xmr([value * factor for value in values], better)
    for line in ("mean", "upper_limit", "lower_limit", "moving_range"):
        assert np.allclose(after[line], before[line] * factor, rtol=1e-12, atol=1e-9, equal_nan=True)
    assert _outcome(after) == _outcome(before)


@QUICK
@given(LONG_SERIES, st.sets(st.integers(0, 59), max_size=10), st.sampled_from(["higher", "lower", None]))
def test_a_missing_value_is_as_if_it_were_not_there(values, gaps, better):
    with_gaps = [None if position in gaps else value for position, value in enumerate(values)]
    present = [value for value in with_gaps if value is not None]
    result, alone = xmr(with_gaps, better), xmr(present, better)
    kept = result[~result["missing"]].reset_index(drop=True)
    assert np.allclose(kept["upper_limit"], alone["upper_limit"], equal_nan=True)
    assert _outcome(kept) == _outcome(alone)


@QUICK
@given(st.lists(st.one_of(st.none(), st.just(math.nan), st.floats(-1e9, 1e9)), max_size=60))
def test_any_values_at_all_give_one_row_each(values):
    result = xmr(values, "higher")
    assert len(result) == len(values)
    icons(result, "higher", target=0)

"""The one place for labels, formats and suppression: what people read must be right."""

import datetime as dt

import pandas as pd

from improvement import style


def test_rag_is_shown_as_shape_and_word_never_colour_alone():
    assert style.rag_text("Amber") == "▲ Amber"
    assert style.rag_text("Blue") == "★ Blue (complete)"
    assert style.rag_text(None) == "—"
    shapes = {rag.marker for rag in style.RAG_STYLES.values()}
    assert len(shapes) == 4  # every rating has its own shape


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_rag_text_contrast_meets_wcag_aa():
    for rag in style.RAG_STYLES.values():
        light, dark = sorted([_luminance(rag.fill), _luminance(rag.text_colour)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, rag.rating


def test_values_are_formatted_by_unit_and_statuses_stay_symbols():
    assert style.format_value(15.94, "ratio") == "15.9"
    assert style.format_value(24.6, "percent") == "24.6%"
    assert style.format_value(1234, "count") == "1,234"
    assert style.format_value(None, "count", "c") == "c"
    assert style.format_value(None, "percent") == "—"
    assert style.format_change(-1.25, "percent") == "−1.2 pp"


def test_small_counts_about_children_are_suppressed_but_zero_larger_counts_and_rates_are_not():
    observations = pd.DataFrame(
        {
            "measure_code": ["children_in_pre_proceedings"] * 5 + ["visits_percent"],
            "value": [0.0, 1.0, 4.0, 5.0, None, 3.0],
            "status": [None, None, None, None, "x", None],
        }
    )
    shown = style.suppress_observations(observations, {"children_in_pre_proceedings"}, threshold=5)
    assert shown["status"].tolist() == [None, "c", "c", None, "x", None]
    assert shown["value"].isna().tolist() == [False, True, True, False, True, False]
    assert shown.loc[5, "value"] == 3.0  # a percentage of 3 is not a count of children
    assert observations["value"].tolist()[1] == 1.0  # the stored frame is left alone


def test_a_total_that_would_reveal_one_suppressed_part_is_suppressed_too():
    assert style.suppress_total(pd.Series([3, 20, 30]), 53, threshold=5) == "c"
    assert style.suppress_total(pd.Series([3, 2, 30]), 35, threshold=5) == 35
    assert style.suppress_total(pd.Series([10, 20]), 30, threshold=5) == 30


def test_due_dates_are_overdue_only_once_passed_by_the_data_date():
    assert style.is_overdue(dt.date(2023, 6, 8), dt.date(2023, 6, 30))
    assert not style.is_overdue(dt.date(2023, 7, 7), dt.date(2023, 6, 30))
    assert not style.is_overdue(None, dt.date(2023, 6, 30))

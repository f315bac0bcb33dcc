"""The SPC tables people read: every measure's icons in words and shapes, who shows special cause now, and one
chart's points with their limits and the rules that flagged them."""

from __future__ import annotations

import pandas as pd

from improvement import spc, style
from improvement.topics.spc.rules import MeasureSpc

RULE_WORDS = {
    spc.Rule.SINGLE_POINT: "beyond a process limit",
    spc.Rule.SHIFT: "a run on one side of the mean",
    spc.Rule.TREND: "a run rising or falling",
    spc.Rule.TWO_OF_THREE: "two of three near a limit",
}
_VARIATION_SIGNAL = {
    spc.Variation.IMPROVEMENT_HIGH: "improvement",
    spc.Variation.IMPROVEMENT_LOW: "improvement",
    spc.Variation.CONCERN_HIGH: "concern",
    spc.Variation.CONCERN_LOW: "concern",
    spc.Variation.NEITHER_HIGH: "neither",
    spc.Variation.NEITHER_LOW: "neither",
    spc.Variation.COMMON_CAUSE: "common",
}
_ASSURANCE_GLYPHS = {spc.Assurance.MET: "✔", spc.Assurance.NOT_MET: "✖", spc.Assurance.HIT_AND_MISS: "≈"}
_SHORT_ASSURANCE = {spc.Assurance.MET: "Meets target", spc.Assurance.NOT_MET: "Fails target"}


def _short(label: str) -> str:
    """A variation label for a table cell: 'Special cause improvement (low)' -> 'Improvement (low)'."""
    return (
        label.removeprefix("Special cause, ")
        .removeprefix("Special cause ")
        .replace("neither improvement nor concern", "neither")
        .capitalize()
        .replace("variation", "")
        .strip()
    )


def variation_text(variation: str, short: bool = False) -> str:
    """The variation icon (a ``spc.Variation`` or its value) as a shape and words, e.g. '✔ Special cause
    improvement (low)'; ``short`` for a table cell: '✔ Improvement (low)'."""
    variation = spc.Variation(variation)
    signal = _VARIATION_SIGNAL.get(variation)
    label = _short(variation.label) if short else variation.label
    return f"{style.SPC_SIGNAL_STYLES[signal][2]} {label}" if signal else f"– {label}"


def assurance_text(assurance: object, short: bool = False) -> str:
    """The assurance icon (a ``spc.Assurance``, its value, or None) as a shape and words; ``short`` for a table
    cell ('✖ Fails target')."""
    if not isinstance(assurance, str):
        return "– No target" if short else "– No target to assure"
    assurance = spc.Assurance(assurance)
    label = _SHORT_ASSURANCE.get(assurance, assurance.label) if short else assurance.label
    return f"{_ASSURANCE_GLYPHS[assurance]} {label}"


def signal_text(signal: object) -> str:
    if not isinstance(signal, str) or signal not in style.SPC_SIGNAL_STYLES:
        return "– no limits"
    _colour, _marker, glyph, words = style.SPC_SIGNAL_STYLES[signal]
    return f"{glyph} {words.capitalize()}"


def icons_table(summary: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Every measure's two icons as text, beside its name (``measures`` has measure_code and name)."""
    names = dict(zip(measures["measure_code"], measures["name"], strict=True))
    return pd.DataFrame(
        {
            "Measure": summary["measure_code"].map(names),
            "Variation (SPC)": summary["variation"].map(lambda value: variation_text(value, short=True)),
            "Assurance (SPC)": summary["assurance"].map(lambda value: assurance_text(value, short=True)),
        }
    )


def special_cause_now_table(summary: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """The measures whose latest month is special-cause improvement or concern: concern first."""
    known = measures.set_index("measure_code")
    now = summary[summary["signal"].isin(["concern", "improvement"])].copy()
    now["order"] = now["signal"].map({"concern": 0, "improvement": 1})
    now = now.sort_values(["order", "measure_code"])
    return pd.DataFrame(
        {
            "Measure": now["measure_code"].map(known["name"]),
            "Priority area": now["measure_code"].map(known.get("priority_area_code", pd.Series(dtype=object))),
            "Latest month": now["signal"].map(signal_text),
            "Sustained": now["sustained"].map({True: "Yes: a run of months", False: "No: one point"}),
            "Variation (SPC)": now["variation"].map(lambda value: variation_text(value, short=True)),
        }
    )


def points_table(chart: MeasureSpc, unit: str) -> pd.DataFrame:
    """One chart's months: the figure, the mean and limits of its segment, the signal and the rules behind it."""
    points = chart.points

    def value(number: float, status: object = None) -> str:
        return style.format_value(number, unit, status if isinstance(status, str) else None)

    return pd.DataFrame(
        {
            "Month": points["period"].map(style.format_month),
            "Figure": [value(v, s) for v, s in zip(points["value"], points["status"], strict=True)],
            "Mean": points["mean"].map(value),
            "Lower process limit": points["lower_limit"].map(value),
            "Upper process limit": points["upper_limit"].map(value),
            "Signal": points["signal"].map(signal_text),
            "Rules": points["rules"].map(lambda rules: "; ".join(RULE_WORDS[rule] for rule in rules) or "—"),
        }
    )

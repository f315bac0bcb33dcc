"""Ofsted Annex A aggregates as they may be shown: headline figures and breakdowns, small counts suppressed.

Pure pandas on ``queries.annex_a_aggregates``. Counts from 1 to threshold-1 become ``c``, percentages of so few
children too, and a second part where one ``c`` could be worked out from the total (``style.suppress_total``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from improvement import style

ANNEX_A_HEADLINES: dict[str, tuple[str, str]] = {
    "cp_plans": ("Children on child protection plans", "List 7: plans open at the extract date"),
    "cp_plans_2_years_or_more": ("On a plan for 2 years or more", "open plans that started 2 or more years before"),
    "cp_second_or_subsequent": ("Second or subsequent plan", "open plans with 1 or more previous plans recorded"),
    "cp_seen_within_10_working_days": (
        "Seen within 10 working days",
        "last statutory visit in the 10 working days (Mon-Fri; bank holidays not excluded) up to the extract date",
    ),
    "cp_reviewed_in_timescale": (
        "Reviewed in timescale",
        "latest review conference in the 6 months up to the extract date, or plan under 3 months old",
    ),
    "cin_open": ("Children in need", "List 6: open at the extract date"),
    "cla_open": ("Children in care", "List 8: looked after at the extract date"),
}
"""Annex A headline measures (code -> name, definition), in the order pages show them."""


def annex_a_headlines(aggregates: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Headline Annex A figures as shown: counts from 1 to threshold-1 as ``c``, and the CP percentages as ``c``
    too when the number of children on plans is (a percentage of 1 to 4 children would reveal them)."""
    headline = aggregates[aggregates["breakdown_kind"] == ""].set_index("measure")
    plans = headline["value"].get("cp_plans")
    few_plans = style.is_suppressed(plans, threshold)
    rows = []
    for code, (name, definition) in ANNEX_A_HEADLINES.items():
        if code not in headline.index:
            continue
        value, unit = headline.at[code, "value"], headline.at[code, "unit"]
        hidden = style.is_suppressed(value, threshold) if unit == "count" else few_plans and code.startswith("cp_")
        rows.append(
            {
                "Measure": name,
                "Value": style.SUPPRESSED if hidden else style.format_value(value, unit),
                "Definition": definition,
                "measure": code,
            }
        )
    return pd.DataFrame(rows, columns=["Measure", "Value", "Definition", "measure"])


def annex_a_breakdown(aggregates: pd.DataFrame, kind: str, threshold: int) -> pd.DataFrame:
    """Children on CP plans by ``kind`` (``team`` or ``category_of_abuse``), largest first, as they may be shown.

    Columns: ``label``, ``value`` (None where suppressed) and ``shown`` (the count, or ``c``). Counts from 1 to
    threshold-1 are suppressed; and when exactly one part is (``style.suppress_total`` says the total would reveal
    it, and the total is shown as the headline) the smallest other non-zero part is suppressed too. Zeros (a team
    no longer in a corrected extract) are left out.
    """
    parts = aggregates[(aggregates["breakdown_kind"] == kind) & (aggregates["value"] > 0)]
    parts = parts.sort_values(["value", "breakdown_value"], ascending=[False, True], ignore_index=True)
    hidden = parts["value"].map(lambda v: style.is_suppressed(v, threshold))
    if style.suppress_total(parts["value"], parts["value"].sum(), threshold) == style.SUPPRESSED and (~hidden).any():
        hidden.loc[parts.index[~hidden][-1]] = True  # the smallest part still shown
    return pd.DataFrame(
        {
            "label": parts["breakdown_value"],
            "value": parts["value"].astype(object).where(~hidden, None),
            "shown": [
                style.SUPPRESSED if h else style.format_value(v, "count")
                for h, v in zip(hidden, parts["value"], strict=True)
            ],
        }
    )


@dataclass(frozen=True)
class AnnexASnapshot:
    extract_date: dt.date
    headlines: pd.DataFrame  # annex_a_headlines
    by_category: pd.DataFrame  # annex_a_breakdown
    by_team: pd.DataFrame
    synthetic: bool

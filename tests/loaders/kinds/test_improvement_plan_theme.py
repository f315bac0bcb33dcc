"""A priority area's theme (the improvement plan's optional ``theme`` column), on SQLite and PostgreSQL: a theme from
the list is stored and shown by ``queries.priority_areas`` whatever its case, a re-loaded area with another theme is
a change, and a theme off the list is refused with the list and changes nothing.
"""

from __future__ import annotations

from improvement import queries
from tests.support.loading import SEFTON, assert_refused_exactly, csv_file, load, summary_line

HEADER = "authority_code,code,title,kind,ofsted_wording,source,sort_order,theme"
THEMES = (
    "pre-proceedings and PLO, CP planning and supervision, quality assurance, workforce and caseloads, care leavers, "
    "front door, children in care, leadership and governance"
)


def area(theme: str) -> bytes:
    return csv_file(
        HEADER, f"343,AFI6,Care leavers' pathways,area_for_improvement,Pathway plans,Ofsted ILACS 2022,6,{theme}"
    )


def test_a_theme_from_the_list_is_stored_and_shown_and_a_new_one_is_a_change(seeded_engine) -> None:
    result = load(seeded_engine, "improvement_plan_priority_areas.csv", area("Care Leavers"))

    assert result.ok, result.summary()
    assert summary_line(result, "priority_area") == "priority_area: 1 added, 0 changed, 0 unchanged"
    shown = queries.priority_areas(seeded_engine, SEFTON).set_index("priority_area_code")["theme"]
    assert shown.to_dict() == {
        "PA1": "pre-proceedings and PLO",
        "PA2": "CP planning and supervision",
        "AFI3": "quality assurance",
        "AFI4": "front door",
        "AFI5": "workforce and caseloads",
        "AFI6": "care leavers",  # as the list spells it
    }
    again = load(seeded_engine, "again.csv", area("children in care"))
    assert summary_line(again, "priority_area") == "priority_area: 0 added, 1 changed, 0 unchanged"
    assert queries.priority_areas(seeded_engine, SEFTON).iloc[-1]["theme"] == "children in care"


def test_a_theme_off_the_list_is_refused_with_the_list(seeded_engine) -> None:
    assert_refused_exactly(
        seeded_engine,
        "improvement_plan_priority_areas.csv",
        area("leaving care"),
        None,
        [
            "improvement_plan_priority_areas.csv, row 2, column 'theme': expected one of: "
            f"{THEMES} (found 'leaving care')"
        ],
    )

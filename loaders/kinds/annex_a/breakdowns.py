"""What an Annex A breakdown label may be, since it is stored and shown on the Annex A page and in its CSV.

- **Latest Category of Abuse**: one of Annex A's categories, stored by its name: Neglect, Physical abuse, Sexual
  abuse, Emotional abuse, Multiple/not recommended. A list's prefix ('a) ', 'e) ') and case are ignored, and the
  CIN census codes (NEG, PHY, SAB, EMO, MUL) and the short forms (physical, multiple) are read as their category.
- **Allocated Team**: a team's name, stored as written (spaces tidied), unless it could identify a child or a worker
  (``loaders.framework.personal.identifying``: a person's name, a date, an identifier, a postcode) or is longer
  than the database holds (200 characters: refused with its length, never cut).

A blank cell or '#N/A' is 'Not recorded'. Anything else refuses the file, naming the list, row and column and
never the value (``personal.withheld``); a value repeated in many rows is one problem, at its first row.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from improvement.db.models import AnnexAAggregate
from loaders.framework.base import Problem
from loaders.framework.personal import identifying, withheld
from loaders.framework.schema import unfit

NOT_RECORDED = "Not recorded"
MISSING_TEXT = frozenset({"", "#n/a", "n/a", "na", "null", "none"})
CATEGORIES: dict[str, tuple[str, ...]] = {
    "Neglect": ("neglect", "neg"),
    "Physical abuse": ("physical abuse", "physical", "phy"),
    "Sexual abuse": ("sexual abuse", "sexual", "sab"),
    "Emotional abuse": ("emotional abuse", "emotional", "emo"),
    "Multiple/not recommended": ("multiple/not recommended", "multiple", "mul"),
}
"""Each category of abuse Annex A lists, and the ways lists write it (after the prefix, ignoring case)."""
_CATEGORY = {spelling: name for name, spellings in CATEGORIES.items() for spelling in spellings}
_PREFIX = re.compile(r"^\s*[a-z]{1,3}\)\s*", re.IGNORECASE)
_LISTED_ROWS = 10
TEAM_LENGTH = AnnexAAggregate.__table__.c.breakdown_value


def tidy(cell: object) -> str:
    """A cell's text with its spaces (non-breaking ones too) made single."""
    return " ".join(str(cell).replace("\xa0", " ").split()) if cell is not None else ""


def category_label(cell: object) -> tuple[str | None, str | None]:
    """(the category's name, None), or (None, why the cell is not one of Annex A's categories)."""
    text = tidy(cell)
    if text.casefold() in MISSING_TEXT:
        return NOT_RECORDED, None
    spelling = re.sub(r"\s*/\s*", "/", _PREFIX.sub("", text, count=1)).casefold()
    if spelling in _CATEGORY:
        return _CATEGORY[spelling], None
    return None, f"is not one of Annex A's categories of abuse ({', '.join(CATEGORIES)}; a prefix like 'a) ' is fine)"


def team_label(cell: object) -> tuple[str | None, str | None]:
    """(the team's name, None), or (None, why it cannot be stored as one)."""
    text = tidy(cell)
    if text.casefold() in MISSING_TEXT:
        return NOT_RECORDED, None
    reason = identifying(cell)
    if reason:
        return None, (
            f"{reason}: a team's name is stored and shown on the Annex A page, so it must not identify a child or a "
            "worker; give the team's name (a team named after a place or a person needs a word such as Team, "
            "Service or Unit)"
        )
    too_long = unfit(text, TEAM_LENGTH, "is {length} characters long; at most {limit} fit as a team's name")
    if too_long:
        return None, f"{too_long}: shorten it (nothing is cut)"
    return text, None


def labels(
    file: str, sheet: str, column: str, rows: list[int], cells: list, label: Callable
) -> tuple[list[str | None], list[Problem]]:
    """Each cell's label (``label``: ``category_label`` or ``team_label``), and a problem for each value that is
    none, at its first row, listing the others; the value itself is withheld."""
    found: dict[object, tuple[str | None, str | None]] = {}
    refused: dict[object, list[int]] = {}
    result = []
    for row, cell in zip(rows, cells, strict=True):
        key = (type(cell), tidy(cell) if isinstance(cell, str) else cell)  # 'Ezra\xa0Leigh' is 'Ezra Leigh'
        if key not in found:
            found[key] = label(cell)
        text, reason = found[key]
        if reason:
            refused.setdefault(key, []).append(int(row))
        result.append(text)
    problems = []
    for key, where in refused.items():
        others = where[1:]
        listed = ", ".join(map(str, others[:_LISTED_ROWS])) + (" ..." if len(others) > _LISTED_ROWS else "")
        also = f"; the same value is in {len(others)} more row(s) ({listed})" if others else ""
        problems.append(
            Problem(file, found[key][1] + also, sheet=sheet, row=where[0], column=column, value=withheld(key[1]))
        )
    return result, problems

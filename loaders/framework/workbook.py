"""What the workbook kinds (the improvement plan, the RAG report) share: sheet names as people type them, a file
that is not the format its name claims, and the words for a value a workbook cell holds that the database cannot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.framework.base import FileRefused, Problem, Source, refuse, shortened
from loaders.framework.readers import sheet_names
from loaders.framework.schema import TOO_LONG
from loaders.framework.tables import StoredTable
from loaders.framework.templates import GUIDANCE_SHEET


class WorkbookTable(StoredTable):
    """A table of a workbook kind: its problems use the workbook kinds' words."""

    too_long = TOO_LONG

    def shown(self, value: str, too_long: bool) -> str:
        return shortened(value)


def normal_name(name: str) -> str:
    """A sheet name as people mistype it: case, spaces, hyphens and a plural 's' ignored."""
    return re.sub(r"[\s\-_]+", "_", name.strip().lower()).strip("_").rstrip("s")


def check_claimed_format(source: Source) -> None:
    """Refuse a file whose content is not what its name says (an .xlsx that is CSV text, a .csv that is a zip)."""
    if source.suffix in (".xlsx", ".xlsm") and not source.is_workbook:
        looks = "text, perhaps CSV" if _is_text(source.content) else "not an Excel workbook"
        raise refuse(
            source.name,
            f"is named {source.suffix} but its content is {looks}: open it in Excel and save it as an Excel "
            "workbook (.xlsx), or give it the name it deserves (.csv)",
        )
    if source.suffix == ".csv" and source.is_workbook:
        raise refuse(
            source.name,
            "is named .csv but is an Excel workbook (a zip file): rename it .xlsx, or export each sheet as CSV",
        )


def _is_text(content: bytes) -> bool:
    try:
        content[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in content[:4096]


def check_sheets(source: Source, expected: Iterable[str], what: str) -> list[str]:
    """The expected sheets the workbook has; refuses wrongly named or unknown sheets, naming them."""
    expected = list(expected)
    found = sheet_names(source)
    by_normal = {normal_name(name): name for name in expected}
    listed = ", ".join(f"'{name}'" for name in found)
    problems = []
    for name in found:
        if name in expected or name.strip().lower() == GUIDANCE_SHEET.lower():
            continue
        meant = by_normal.get(normal_name(name))
        if meant is not None and meant not in found:
            message = f"no sheet named '{meant}' (found sheets: {listed}): rename the sheet '{name}' to '{meant}'"
        else:
            message = (
                f"unknown sheet (found sheets: {listed}): {what} has the sheets "
                f"{', '.join(repr(n) for n in expected)} and '{GUIDANCE_SHEET}'; rename or remove it"
            )
        problems.append(Problem(source.name, message, sheet=name))
    if problems:
        raise FileRefused(problems)
    return [name for name in found if name in expected]

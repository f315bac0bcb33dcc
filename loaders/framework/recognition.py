"""What to tell someone whose file no kind recognises: the kind it comes closest to, and what it lacks.

Each kind declares its ``layouts`` (``loaders.framework.base.Layout``). A CSV file's header is compared with every
header layout; a workbook's sheet names with every workbook layout, and, when no sheet name is close, each sheet's
first row with the header layouts (a table saved from Excel sits on 'Sheet1'). Names are compared ignoring case,
spaces, hyphens, underscores and a plural 's' (``workbook.normal_name``). The closest layout shares the most names,
then lacks the fewest, then comes first in the registry; what it lacks and what the file has beyond it are named
exactly as they must be typed. A workbook with nothing in any sheet is called empty; with nothing shared, the
message lists every kind.
"""

from __future__ import annotations

from collections.abc import Sequence

from loaders.framework.base import FileRefused, Layout, LoaderKind, Problem, Source
from loaders.framework.readers import UNREADABLE, csv_header, sheet_names
from loaders.framework.stream import first_rows
from loaders.framework.templates import GUIDANCE_SHEET
from loaders.framework.workbook import normal_name

COULD_NOT_TELL = "could not tell what kind of file this is"
TEMPLATES = "data/templates/"
CHOOSE = "or choose its kind (--kind on the command line, the kind list on the Data page)"
_LISTED = 8  # names listed in full before "and N more"


class UnrecognisedFile(FileRefused):  # noqa: N818 (a refusal, like FileRefused)
    """No kind recognises the file (it could be read): a folder's loader skips it rather than refusing it."""


def unrecognised(source: Source, kinds: Sequence[LoaderKind]) -> FileRefused:
    """The refusal for ``source``, which no kind in ``kinds`` recognises: how close it comes to the closest (an
    ``UnrecognisedFile``), or, for a workbook with nothing in it, that it is empty."""
    if source.is_workbook:
        sheets = sheet_names(source)
        try:
            rows = first_rows(source.content)
            headers = {
                name: [str(cell).strip() if cell is not None else "" for cell in row] for name, row in rows.items()
            }
        except UNREADABLE:
            headers = {}
        if sheets and not any(any(header) for header in headers.values()):
            listed = ", ".join(f"'{name}'" for name in sheets)
            message = f"the workbook is empty: its sheets ({listed}) hold nothing; fill in a template from {TEMPLATES}"
            return FileRefused([Problem(source.name, message)])
        named = [name for name in sheets if normal_name(name) != normal_name(GUIDANCE_SHEET)]
        closest = _closest_sheets(named, kinds) or _closest_sheet_header(headers, kinds)
    else:
        closest = _closest_header(csv_header(source), kinds)
    if closest is None:
        return _refusal(
            source,
            f"{COULD_NOT_TELL} from its columns or sheet names; start from a template in {TEMPLATES}, {CHOOSE}: "
            + ", ".join(kind.kind for kind in kinds),
        )
    return _refusal(
        source,
        f"{COULD_NOT_TELL}: closest kind: {closest}; correct the file (see the templates in {TEMPLATES}), {CHOOSE}",
    )


def _refusal(source: Source, message: str) -> UnrecognisedFile:
    return UnrecognisedFile([Problem(source.name, message)])


def _closest_header(header: list[str], kinds: Sequence[LoaderKind]) -> str | None:
    found = _closest(header, [(kind, layout) for kind in kinds for layout in kind.layouts if layout.columns])
    if found is None:
        return None
    kind, layout = found
    return "; ".join([kind.kind, *_differences("column", header, layout)])


def _closest_sheet_header(headers: dict[str, list[str]], kinds: Sequence[LoaderKind]) -> str | None:
    """The closest header layout to any sheet's first row, naming that sheet and the name it must have."""
    layouts = [(kind, layout) for kind in kinds for layout in kind.layouts if layout.columns and layout.sheet]
    best = None
    for title, header in headers.items():
        found = _closest(header, layouts)
        if found is not None:
            score = _score(header, found[1])
            if best is None or score > best[0]:
                best = (score, title, header, *found)
    if best is None:
        return None
    _, title, header, kind, layout = best
    parts = [f"{kind.kind} (its columns are on the sheet '{title}', which must be named '{layout.sheet}')"]
    return "; ".join(parts + _differences("column", header, layout))


def _closest_sheets(sheets: list[str], kinds: Sequence[LoaderKind]) -> str | None:
    layouts = [(kind, Layout(columns=layout.sheets)) for kind in kinds for layout in kind.layouts if layout.sheets]
    found = _closest(sheets, layouts)
    if found is None:
        return None
    kind, layout = found
    return "; ".join([kind.kind, *_differences("sheet", sheets, layout)])


def _closest(names: list[str], layouts: list[tuple[LoaderKind, Layout]]) -> tuple[LoaderKind, Layout] | None:
    ranked = [
        ((_score(names, layout), -len(_missing(names, layout)), -position), kind, layout)
        for position, (kind, layout) in enumerate(layouts)
    ]
    best = max(ranked, key=lambda item: item[0], default=None)
    if best is None or best[0][0] == 0:
        return None
    return best[1], best[2]


def _score(names: list[str], layout: Layout) -> int:
    """How many of ``names`` the layout knows, ignoring case, spaces, hyphens, underscores and a plural 's'."""
    known = {normal_name(name) for name in (*layout.columns, *layout.optional)}
    return len({normal_name(name) for name in names if name} & known)


def _missing(names: list[str], layout: Layout) -> list[str]:
    return [name for name in layout.columns if name not in names]


def _differences(what: str, names: list[str], layout: Layout) -> list[str]:
    """'missing column 'team''; 'unexpected column 'teem'': the names to add and those the layout does not know."""
    known = {*layout.columns, *layout.optional}
    unexpected = [] if layout.other_columns else [name for name in names if name and name not in known]
    return [
        f"{label} {what}{'s' if len(found) > 1 else ''} {_listed(found)}"
        for label, found in (("missing", _missing(names, layout)), ("unexpected", unexpected))
        if found
    ]


def _listed(names: list[str]) -> str:
    shown = ", ".join(f"'{name}'" for name in names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")

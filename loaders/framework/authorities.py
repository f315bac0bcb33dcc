"""Authorities: the one look-up of an authority by its new or old LA code, and registering councils.

An authority (a council) is stored once, in ``authority``, with its new LA code (E08000014), its old LA code (343),
name and region. Files name it by either code: ``authority_lookup`` says which stored authority a code means. DfE's
published statistics and statistical neighbours register the councils they name (``register_councils``), so a
council's own files can be loaded next; the improvement plan's ``authority`` table may add one too. An authority
already stored is never changed by a file.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, or_, select

from improvement.db.models import Authority
from loaders.framework.base import Changes
from loaders.framework.bulk import insert_frame

# What every loader says when an authority code names no stored authority.
HOW_TO_ADD_AN_AUTHORITY = (
    "load a DfE statistics file that names it (for example DfE's csww_indicators CSV) or the improvement plan's "
    "authority table first; give its new (E08000014) or old (343) LA code"
)
NOT_IN_THE_DATABASE = f"this authority is not in the database yet: {HOW_TO_ADD_AN_AUTHORITY}"
JOINT = " / "  # joint reporting: 'E09000021 / E09000027' is two councils' combined figures, not a council
COUNCIL = ("code", "old_la_code", "name", "region")  # the authority columns a file can give
COUNCIL_WIDTHS = {"code": 12, "old_la_code": 6, "name": 120, "region": 60}  # authority's column widths
LISTED = 10  # councils named in a note before "and N more"


def authority_lookup(connection: Connection, codes: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Stored authorities by new or old LA code: each of ``codes`` that names one -> (its id, its new LA code)."""
    wanted = list(dict.fromkeys(str(code) for code in codes if code is not None))
    if not wanted:
        return {}
    rows = connection.execute(
        select(Authority.id, Authority.code, Authority.old_la_code).where(
            or_(Authority.code.in_(wanted), Authority.old_la_code.in_(wanted))
        )
    ).all()
    found = {}
    for authority_id, code, old_code in rows:
        found[code] = (authority_id, code)
        if old_code:
            found[old_code] = (authority_id, code)
    return {code: found[code] for code in wanted if code in found}


def register_councils(connection: Connection, candidates: pd.DataFrame, load_id: int, changes: Changes) -> None:
    """Add each candidate council (columns ``COUNCIL``) whose new LA code is not yet an authority, with ``load_id``,
    and count it in ``changes`` as table ``authority``; one not fitting the authority table is noted instead.

    An authority already stored is never changed: if the candidate gives it another name, old LA code or region,
    one note lists those. Empty old codes and regions are stored as NULL."""
    candidates = candidates.reindex(columns=list(COUNCIL)).fillna("").astype(str)
    candidates = candidates.apply(lambda column: column.str.strip())
    candidates = candidates[candidates["code"] != ""].drop_duplicates("code")
    too_long = pd.Series(False, index=candidates.index)
    for column, width in COUNCIL_WIDTHS.items():
        too_long |= candidates[column].str.len() > width
    if too_long.any():
        changes.notes.append(
            "not registered as councils (a code, name or region longer than the authority table holds): "
            + listed(f"{code} ({name})" for code, name in candidates.loc[too_long, ["code", "name"]].values)
        )
    candidates = candidates[~too_long]
    change = changes.table(Authority.__tablename__)
    if candidates.empty:
        return
    stored = {
        row.code: row
        for row in connection.execute(select(Authority.code, Authority.old_la_code, Authority.name, Authority.region))
    }
    by_old_code = {row.old_la_code: row.code for row in stored.values() if row.old_la_code}
    renamed = candidates[
        ~candidates["code"].isin(list(stored))
        & candidates["old_la_code"].map(lambda old: old in by_old_code if old else False)
    ]
    if len(renamed):
        changes.notes.append(
            "already registered under another new LA code with the same old LA code, so left as they were: "
            + listed(
                f"{old} {name} ({by_old_code[old]}, the file: {code})"
                for code, old, name in renamed[["code", "old_la_code", "name"]].values
            )
        )
    candidates = candidates.drop(index=renamed.index)
    new = candidates[~candidates["code"].isin(list(stored))]
    known = candidates[candidates["code"].isin(list(stored))]
    differences = []
    for row in known.itertuples(index=False):
        kept = stored[row.code]
        differ = [
            f"{label} {repr(getattr(kept, column)) if getattr(kept, column) else '(none)'} "
            f"(the file: {getattr(row, column)!r})"
            for column, label in (("name", "name"), ("old_la_code", "old LA code"), ("region", "region"))
            if getattr(row, column) and getattr(row, column) != (getattr(kept, column) or "")
        ]
        if differ:
            differences.append(f"{row.code} {', '.join(differ)}")
    if differences:
        changes.notes.append(
            "authorities already in the database are left as they were, though this file gives other details "
            "(stored value first): " + listed(differences, separator="; ")
        )
    change.added, change.unchanged = len(new), len(known) + len(renamed)
    insert_frame(connection, Authority, new.mask(new == ""), load_id)  # empty: NULL
    shared = _old_codes_naming_several_councils(stored, new)
    if shared:
        changes.notes.append(
            "these old LA codes now name more than one council (a council whose new LA code changed), so give the "
            "new LA code for them: " + listed(shared, separator="; ")
        )


def _old_codes_naming_several_councils(stored: dict, new: pd.DataFrame) -> list[str]:
    """'370: E08000016, E08000038' for each old LA code of an added council that another authority also has."""
    codes: dict[str, list[str]] = {}
    for row in stored.values():
        if row.old_la_code:
            codes.setdefault(row.old_la_code, []).append(row.code)
    for code, old_code in new[["code", "old_la_code"]].values:
        if old_code:
            codes.setdefault(old_code, []).append(code)
    added = set(new["old_la_code"])
    return [
        f"{old}: {', '.join(sorted(new_codes))}"
        for old, new_codes in sorted(codes.items())
        if len(new_codes) > 1 and old in added
    ]


def listed(items, separator: str = ", ") -> str:
    """The first few items joined, then "and N more"."""
    items = list(items)
    shown = separator.join(items[:LISTED])
    return shown + (f"{separator}and {len(items) - LISTED} more" if len(items) > LISTED else "")

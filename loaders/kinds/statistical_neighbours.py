"""DfE statistical neighbour groupings: each council's ten most similar councils, closest first.

The file is DfE's ``New_Statistical_Neighbour_Groupings_April_2021.csv`` layout: ``LA num, LA Name, LA number,
GOInd, GOReg``, then ``SN1, SNP, SN2, SNP ... SN10, SNP`` (each neighbour's old LA code followed by how close it
is), often with a byte-order mark and a trailing empty column. Rows without an LA number (blank lines, section
labels such as "Old SNs:") are skipped; councils listed under "Old SNs:" (since reorganised) are stored like the
rest, so older published figures can still be compared.

The file names councils only by old LA code, so a load registers (adds to the ``authority`` table) each council in
its ``LA num`` column whose new LA code the published values already stored reveal: a Local authority row of the
newest load with that old LA code and a single new code. Its name comes from ``LA Name``, its region from the
published row (or ``GOReg``). Councils with no such row are not registered, and a note says so; an authority
already stored is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from improvement.db.models import Authority, Load, PublishedValue, StatisticalNeighbour
from improvement.queries.sql import newest_per_key
from loaders.framework.authorities import JOINT, listed, register_councils
from loaders.framework.base import Changes, FileRefused, Layout, LoaderKind, Problem, Source, refuse, shortened
from loaders.framework.readers import ROW, csv_header, csv_records
from loaders.framework.schema import TOO_LONG, TableSpec
from loaders.framework.store import store_file
from loaders.framework.tables import ReadFile, ReadTable, StoredTable

RANKS = range(1, 11)
KEY = ("old_la_code", "rank")
_LA_CODE = re.compile(r"^\d{3}$")
LISTED_COUNCILS = ["old_la_code", "name", "go_region"]  # from LA num, LA Name, GOReg
CLOSENESS_LENGTH = 40  # statistical_neighbour.closeness: a longer SNP cell is refused, never cut


class _Neighbours(StoredTable):
    """Each council's neighbour at each rank: newest load wins per council and rank."""

    spec = TableSpec("statistical_neighbour", (), key=KEY)
    model = StatisticalNeighbour
    key, compared, authority = KEY, ("neighbour_old_la_code", "closeness"), None


NEIGHBOURS = _Neighbours()


@dataclass
class Groupings:
    frame: pd.DataFrame  # ROW, old_la_code, neighbour_old_la_code, rank, closeness
    notes: list[str] = field(default_factory=list)
    councils: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LISTED_COUNCILS))


class StatisticalNeighbours(LoaderKind):
    kind = "statistical_neighbours"
    covers_every_council = True  # every council's neighbours
    title = "DfE statistical neighbour groupings (LA num, SN1 ... SN10)"
    layouts = (Layout(("LA num", *(f"SN{rank}" for rank in RANKS)), ("LA Name", "GOReg", "SNP"), other_columns=True),)

    def recognises(self, source: Source) -> bool:
        header = csv_header(source)
        return "LA num" in header and all(f"SN{rank}" in header for rank in RANKS)

    def read(self, source: Source) -> Groupings:
        name = source.name
        if source.is_workbook or not source.content.strip():
            raise refuse(name, "expected DfE's statistical neighbour CSV file (LA num, LA Name, ..., SN1, SNP, ...)")
        rows = csv_records(source)  # UTF-8 or Windows-1252, separated by commas, else refused saying so
        header = [cell.strip() for cell in rows[0]]
        missing = [column for column in ("LA num", *(f"SN{rank}" for rank in RANKS)) if column not in header]
        if missing:
            raise FileRefused(
                [
                    Problem(name, "the statistical neighbour file needs this column in its header row", row=1, column=c)
                    for c in missing
                ]
            )
        council = header.index("LA num")
        council_name = header.index("LA Name") if "LA Name" in header else None
        go_region = header.index("GOReg") if "GOReg" in header else None
        councils: list[dict] = []
        places = {rank: header.index(f"SN{rank}") for rank in RANKS}
        problems: list[Problem] = []
        records: list[dict] = []
        skipped: list[str] = []
        seen: dict[str, int] = {}
        for number, row in enumerate(rows[1:], start=2):
            cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
            code = cells[council]
            if not code:
                label = next((cell for cell in cells if cell), "")
                if label:
                    skipped.append(f"row {number} ({label!r})")
                continue
            if not _LA_CODE.match(code):
                problems.append(
                    Problem(name, "expected a three-digit old LA code", row=number, column="LA num", value=code)
                )
                continue
            if code in seen:
                problems.append(
                    Problem(
                        name,
                        f"this council is listed twice (first in row {seen[code]})",
                        row=number,
                        column="LA num",
                        value=code,
                    )
                )
                continue
            seen[code] = number
            councils.append(
                {
                    "old_la_code": code,
                    "name": "" if council_name is None else cells[council_name],
                    "go_region": "" if go_region is None else cells[go_region],
                }
            )
            for rank, place in places.items():
                neighbour = cells[place]
                if not _LA_CODE.match(neighbour):
                    problems.append(
                        Problem(
                            name,
                            "expected the neighbour's three-digit old LA code",
                            row=number,
                            column=f"SN{rank}",
                            value=neighbour,
                        )
                    )
                    continue
                closeness = cells[place + 1] if place + 1 < len(cells) and header[place + 1].startswith("SNP") else ""
                if len(closeness) > CLOSENESS_LENGTH:
                    problems.append(
                        Problem(
                            name,
                            TOO_LONG.format(length=len(closeness), limit=CLOSENESS_LENGTH),
                            row=number,
                            column=header[place + 1],
                            value=shortened(closeness),
                        )
                    )
                    continue
                records.append(
                    {
                        ROW: number,
                        "old_la_code": code,
                        "neighbour_old_la_code": neighbour,
                        "rank": rank,
                        "closeness": closeness or None,
                    }
                )
        if not records and not problems:
            problems.append(Problem(name, "no councils found: the file has no rows with an LA num"))
        if problems:
            raise FileRefused(problems)
        notes = [f"{len(seen):,} councils, {len(records):,} neighbour pairs"]
        if skipped:
            notes.append("skipped rows without an LA num: " + ", ".join(skipped))
        return Groupings(pd.DataFrame(records), notes, pd.DataFrame(councils, columns=LISTED_COUNCILS))

    def store(self, session: Session, parsed: Groupings, load: Load, source: Source) -> Changes:
        connection = session.connection()
        read = ReadTable(NEIGHBOURS, source.name, None, parsed.frame)
        changes = store_file(connection, ReadFile([read], list(parsed.notes)), load.id).changes
        _register_listed_councils(connection, parsed.councils, load.id, changes)
        return changes


def _register_listed_councils(connection: Connection, councils: pd.DataFrame, load_id: int, changes: Changes) -> None:
    """Register the file's councils whose new LA code the stored published values give (see the module's text)."""
    if councils.empty:
        return
    stored_old = set(connection.scalars(select(Authority.old_la_code).where(Authority.old_la_code.is_not(None))))
    already = councils["old_la_code"].isin(stored_old)
    wanted = councils[~already]
    found = _new_codes(connection, wanted["old_la_code"].tolist())
    unknown, ambiguous, candidates = [], [], []
    for old_code, name, go_region in wanted[LISTED_COUNCILS].values:
        published = found.get(old_code)
        label = f"{old_code} {name}".strip()
        if published is None:
            unknown.append(label)
        elif len(published["codes"]) > 1:
            ambiguous.append(f"{label} ({', '.join(published['codes'])})")
        else:
            candidates.append(
                {
                    "code": published["codes"][0],
                    "old_la_code": old_code,
                    "name": name or published["name"],
                    "region": published["region"] or go_region,
                }
            )
    register_councils(
        connection, pd.DataFrame(candidates, columns=["code", "old_la_code", "name", "region"]), load_id, changes
    )
    change = changes.table(Authority.__tablename__)
    change.unchanged += int(already.sum())
    if change.added == 0 and change.unchanged:
        changes.notes.append(
            f"no council newly registered: the {_councils(change.unchanged)} of this file whose new LA codes are known "
            "are in the database already"
        )
    if ambiguous:
        changes.notes.append(
            f"{_councils(len(ambiguous))} not registered: the newest published figures give each more than one new LA "
            "code (a council whose code changed); load the newest DfE statistics file, which registers them: "
            + listed(ambiguous)
        )
    if unknown:
        changes.notes.append(
            f"{_councils(len(unknown))} not registered: their new LA codes are unknown: load a DfE statistics file "
            "naming them, which registers them (" + listed(unknown) + ")"
        )


def _councils(count: int) -> str:
    return f"{count:,} council" + ("" if count == 1 else "s")


def _new_codes(connection: Connection, old_codes: list[str]) -> dict[str, dict]:
    """Old LA code -> {codes, name, region} from the newest load of published Local authority rows having it:
    the new LA codes those rows give, and the area name and region of the newest period."""
    if not old_codes:
        return {}
    published = PublishedValue
    statement = select(published.old_la_code, published.area_code, published.area_name, published.region_name).where(
        published.geographic_level == "Local authority",
        published.old_la_code.in_(old_codes),
        published.area_code.not_like(f"%{JOINT}%"),
    )
    newest = newest_per_key(
        statement, [published.old_la_code], [published.load_id, published.time_period, published.area_code]
    )
    return {
        old_code: {
            "codes": [area_code],  # the council's code in its newest period (a code can change)
            "name": area_name,
            "region": region or "",
        }
        for old_code, area_code, area_name, region in connection.execute(newest)
    }


STATISTICAL_NEIGHBOURS = StatisticalNeighbours()

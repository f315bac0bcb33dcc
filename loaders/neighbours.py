"""DfE statistical neighbour groupings: each council's ten most similar councils, closest first.

The file is DfE's ``New_Statistical_Neighbour_Groupings_April_2021.csv`` layout: ``LA num, LA Name, LA number,
GOInd, GOReg``, then ``SN1, SNP, SN2, SNP ... SN10, SNP`` (each neighbour's old LA code followed by how close it
is), often with a byte-order mark and a trailing empty column. Rows without an LA number (blank lines, section
labels such as "Old SNs:") are skipped; councils listed under "Old SNs:" (since reorganised) are stored like the
rest, so older published figures can still be compared.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from improvement.db.models import Load, StatisticalNeighbour
from loaders.base import Changes, FileRefused, LoaderKind, Problem, Source, refuse
from loaders.bulk import insert_frame
from loaders.readers import csv_header

RANKS = range(1, 11)
KEY = ("old_la_code", "rank")
_LA_CODE = re.compile(r"^\d{3}$")


@dataclass
class Groupings:
    frame: pd.DataFrame  # old_la_code, neighbour_old_la_code, rank, closeness
    notes: list[str] = field(default_factory=list)


def _decode(source: Source) -> str:
    try:
        return source.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return source.content.decode("cp1252")


class StatisticalNeighbours(LoaderKind):
    kind = "statistical_neighbours"
    title = "DfE statistical neighbour groupings (LA num, SN1 ... SN10)"

    def recognises(self, source: Source) -> bool:
        header = csv_header(source)
        return "LA num" in header and all(f"SN{rank}" in header for rank in RANKS)

    def read(self, source: Source) -> Groupings:
        name = source.name
        if source.is_workbook or not source.content.strip():
            raise refuse(name, "expected DfE's statistical neighbour CSV file (LA num, LA Name, ..., SN1, SNP, ...)")
        rows = list(csv.reader(io.StringIO(_decode(source))))
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
                records.append(
                    {
                        "old_la_code": code,
                        "neighbour_old_la_code": neighbour,
                        "rank": rank,
                        "closeness": closeness[:40] or None,
                    }
                )
        if not records and not problems:
            problems.append(Problem(name, "no councils found: the file has no rows with an LA num"))
        if problems:
            raise FileRefused(problems)
        notes = [f"{len(seen):,} councils, {len(records):,} neighbour pairs"]
        if skipped:
            notes.append("skipped rows without an LA num: " + ", ".join(skipped))
        return Groupings(pd.DataFrame(records), notes)

    def store(self, session: Session, parsed: Groupings, load: Load, source: Source) -> Changes:
        connection = session.connection()
        stored = pd.DataFrame(
            connection.execute(
                select(
                    StatisticalNeighbour.old_la_code,
                    StatisticalNeighbour.rank,
                    StatisticalNeighbour.neighbour_old_la_code,
                    StatisticalNeighbour.closeness,
                    StatisticalNeighbour.load_id,
                )
            ).all(),
            columns=[*KEY, "stored_neighbour", "stored_closeness", "load_id"],
        )
        stored = stored.sort_values("load_id").drop_duplicates(list(KEY), keep="last").drop(columns="load_id")
        stored["rank"] = stored["rank"].astype(int)
        merged = parsed.frame.merge(stored, on=list(KEY), how="left", indicator="_found")
        new = merged["_found"] == "left_only"
        same = (merged["neighbour_old_la_code"] == merged["stored_neighbour"]) & (
            merged["closeness"].fillna("") == merged["stored_closeness"].fillna("")
        )
        changed = ~new & ~same
        change = Changes().table("statistical_neighbour")
        changes = Changes(tables={"statistical_neighbour": change}, notes=list(parsed.notes))
        change.added, change.changed, change.unchanged = int(new.sum()), int(changed.sum()), int((~new & same).sum())
        insert_frame(connection, StatisticalNeighbour, merged[new | changed], load.id)
        return changes


STATISTICAL_NEIGHBOURS = StatisticalNeighbours()

"""A small loader kind for testing what surrounds the loaders (the command line, the Data page), so those tests do
not depend on any real kind being registered or on its rules.

``council_pairs``: a CSV ``council,neighbour,rank`` (old LA codes, rank 1 to 10) stored in the
``statistical_neighbour`` table, following the history rule: a new (council, rank) is added, a different
neighbour for a known one is a change (a new row), the same neighbour is unchanged (nothing written).
``registered_kinds`` (a context manager) puts kinds at the front of ``loaders.kinds.KINDS`` and takes them out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from improvement.db.models import Load, StatisticalNeighbour
from loaders.base import Changes, FileRefused, LoaderKind, Source, refuse
from loaders.bulk import insert_frame
from loaders.kinds import KINDS
from loaders.readers import csv_header, read_csv
from loaders.schema import Column, TableSpec, validate
from loaders.templates import csv_template

SPEC = TableSpec(
    "council_pairs",
    (
        Column("council", "text", description="old LA code", example="343"),
        Column("neighbour", "text", description="old LA code of the neighbour", example="344"),
        Column("rank", "integer", description="1 is the closest", example="1"),
    ),
    key=("council", "rank"),
)
TABLE = StatisticalNeighbour.__tablename__


class CouncilPairs(LoaderKind):
    kind = "council_pairs"
    title = "Test council pairs (council, neighbour, rank)"

    def templates(self) -> dict[str, bytes]:
        return {"council_pairs.csv": csv_template(SPEC)}

    def recognises(self, source: Source) -> bool:
        return not source.is_workbook and csv_header(source) == SPEC.column_names

    def read(self, source: Source) -> pd.DataFrame:
        validated = validate(read_csv(source), SPEC)
        if validated.problems:
            raise FileRefused(validated.problems)
        return validated.frame

    def store(self, session: Session, parsed: pd.DataFrame, load: Load, source: Source) -> Changes:
        newest = (
            select(StatisticalNeighbour.old_la_code, StatisticalNeighbour.rank, func.max(StatisticalNeighbour.id))
            .group_by(StatisticalNeighbour.old_la_code, StatisticalNeighbour.rank)
            .subquery()
        )
        current = {
            (council, rank): neighbour
            for council, rank, neighbour in session.execute(
                select(newest.c.old_la_code, newest.c.rank, StatisticalNeighbour.neighbour_old_la_code).join(
                    StatisticalNeighbour, StatisticalNeighbour.id == newest.c[2]
                )
            )
        }
        changes = Changes()
        change = changes.table(TABLE)
        write = []
        for council, neighbour, rank in zip(parsed["council"], parsed["neighbour"], parsed["rank"], strict=True):
            before = current.get((council, int(rank)))
            if before == neighbour:
                change.unchanged += 1
                continue
            change.added += before is None
            change.changed += before is not None
            write.append({"old_la_code": council, "neighbour_old_la_code": neighbour, "rank": int(rank)})
        insert_frame(session.connection(), StatisticalNeighbour, pd.DataFrame(write), load.id)
        return changes


class NeedsOptions(CouncilPairs):
    """A kind that asks for options (as an Annex A list does): never recognised, only chosen."""

    kind = "needs_options"
    title = "Test kind needing an authority and an extract date"
    options_needed = ("authority", "extract_date")

    def templates(self) -> dict[str, bytes]:
        return {}

    def recognises(self, source: Source) -> bool:
        return False

    def read_with_options(self, source: Source, options: dict[str, str] | None) -> pd.DataFrame:
        if not (options or {}).get("authority"):
            raise refuse(source.name, "needs an authority")
        return self.read(source)


COUNCIL_PAIRS = CouncilPairs()
NEEDS_OPTIONS = NeedsOptions()


@contextmanager
def registered_kinds(*kinds: LoaderKind) -> Iterator[None]:
    """``kinds`` registered (first, so they win recognition) for the duration of the block."""
    for index, kind in enumerate(kinds):
        KINDS.insert(index, kind)
    try:
        yield
    finally:
        for kind in kinds:
            KINDS.remove(kind)


def pairs_csv(*rows: tuple[str, str, int | str]) -> bytes:
    lines = ["council,neighbour,rank", *(f"{c},{n},{r}" for c, n, r in rows)]
    return ("\n".join(lines) + "\n").encode()

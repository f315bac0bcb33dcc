"""A small loader kind for testing what surrounds the loaders (the command line, the Data page), so those tests do
not depend on any real kind being registered or on its rules.

``council_pairs``: a CSV ``council,neighbour,rank`` (old LA codes, rank 1 to 10) stored in the
``statistical_neighbour`` table, following the history rule: a new (council, rank) is added, a different
neighbour for a known one is a change (a new row), the same neighbour is unchanged (nothing written).
It is built on the loader framework as any kind is: it declares its table and the framework's one store does the
rest. ``registered_kinds`` (a context manager) puts kinds at the front of ``loaders.registry.KINDS`` and takes them
out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from improvement.db.models import StatisticalNeighbour
from loaders.framework.base import LoaderKind, Source, refuse
from loaders.framework.compare import set_column
from loaders.framework.kind import TableKind
from loaders.framework.readers import csv_header
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import ReadFile, ReadTable, StoredTable
from loaders.registry import KINDS

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


class _Pairs(StoredTable):
    spec, model = SPEC, StatisticalNeighbour
    key, compared, authority = ("old_la_code", "rank"), ("neighbour_old_la_code",), None

    def prepare(self, read: ReadTable, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        frame = frame.copy()
        set_column(frame, "old_la_code", frame["council"].tolist())
        set_column(frame, "neighbour_old_la_code", frame["neighbour"].tolist())
        return frame, []


class CouncilPairs(TableKind):
    kind = "council_pairs"
    title = "Test council pairs (council, neighbour, rank)"
    tables = (_Pairs(),)

    def recognises(self, source: Source) -> bool:
        return not source.is_workbook and csv_header(source) == SPEC.column_names


class NeedsOptions(CouncilPairs):
    """A kind that asks for options (as an Annex A list does): never recognised, only chosen."""

    kind = "needs_options"
    title = "Test kind needing an authority and an extract date"
    options_needed = ("authority", "extract_date")

    def templates(self) -> dict[str, bytes]:
        return {}

    def recognises(self, source: Source) -> bool:
        return False

    def read_with_options(self, source: Source, options: dict[str, str] | None) -> ReadFile:
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

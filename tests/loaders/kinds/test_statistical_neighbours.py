"""DfE's statistical neighbour groupings, the real file from ../shared/realdata: it loads once, and again changes
nothing; a bad code is refused naming its row and column, and stores nothing."""

from __future__ import annotations

from loaders.framework.base import Source
from tests.support.loading import load_file as load
from tests.support.loading import table_counts
from tests.support.realdata import NEIGHBOURS, needs_realdata

pytestmark = needs_realdata


def test_a_neighbour_file_with_a_bad_code_is_refused_and_stores_nothing(engine):
    text = NEIGHBOURS.read_text(encoding="utf-8-sig").replace(
        "343,Sefton,343,5,North West,344,", "343,Sefton,343,5,North West,34x,"
    )
    before = table_counts(engine)

    result = load(engine, Source(NEIGHBOURS.name, text.encode()))

    assert result.kind == "statistical_neighbours"
    assert [str(problem) for problem in result.problems] == [
        f"{NEIGHBOURS.name}, row 45, column 'SN1': expected the neighbour's three-digit old LA code (found '34x')"
    ]
    assert table_counts(engine) == before


def test_the_neighbour_file_loads_once_and_again_changes_nothing(engine):
    first = load(engine, NEIGHBOURS)
    again = load(engine, Source(NEIGHBOURS.name, NEIGHBOURS.read_bytes() + b"\n"))

    assert first.ok and first.changes.tables["statistical_neighbour"].added == 1560
    assert "skipped rows without an LA num: row 155 ('Old SNs:')" in first.changes.notes
    assert again.ok and again.changes.rows_written == 0
    assert table_counts(engine)["statistical_neighbour"] == 1560

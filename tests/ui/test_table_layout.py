"""Column widths of on-screen tables: as wide as the text needs, never wider than the limit, and a column whose
text the limit cuts short is named (so ``show_table`` can give its full text)."""

from __future__ import annotations

import pandas as pd

from improvement.ui import table_layout


def test_a_column_is_as_wide_as_its_longest_text_up_to_the_limit() -> None:
    table = pd.DataFrame(
        {
            "Milestone": ["Agree approach and scope: " + "a very long milestone name " * 5, "Short"],
            "Due": ["19 April 2022", "1 May 2023"],
            "Status": ["Done", None],
        }
    )
    widths = table_layout.column_widths(table)
    assert widths["Milestone"] == table_layout.MAX_COLUMN_PX
    assert widths["Due"] == table_layout.natural_width(["Due", "19 April 2022", "1 May 2023"])
    assert table_layout.MIN_COLUMN_PX <= widths["Status"] < widths["Due"]
    assert table_layout.shortened_columns(table) == ["Milestone"]
    edges = table_layout.right_edges(widths)
    assert edges["Status"] == sum(widths.values()) and edges["Milestone"] == widths["Milestone"]


def test_a_header_longer_than_its_cells_sets_the_width() -> None:
    table = pd.DataFrame({"Months off trajectory": [0, 12]})
    assert table_layout.column_widths(table)["Months off trajectory"] == table_layout.natural_width(
        ["Months off trajectory"]
    )
    assert table_layout.shortened_columns(table) == []

"""The digest as a table: the finding has the room, the area's code its own narrow column."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement.topics.digest import rules, tables

TITLES = {"PA1": "PLO pre-proceedings"}


def test_the_table_gives_the_area_its_code_and_keeps_its_title_in_the_sentence():
    items = pd.DataFrame(
        {
            "kind": [rules.RATING_WORSE, rules.FIRST_RATING, rules.DATA_LOADED],
            "priority_area_code": ["PA1", "AFI3", None],
            "when": [dt.date(2023, 5, 26), dt.date(2023, 5, 26), dt.date(2023, 6, 12)],
            "text": [
                "PA1 PLO pre-proceedings: ▲ Amber → ✖ Red in the report of 26 May 2023.",
                "AFI3: first rated ● Green in the report of 26 May 2023.",  # no title in the plan
                "Measure actuals loaded on 12 June 2023 from may.csv: 15 rows added or changed.",
            ],
            "importance": [14, 7, 1],
        }
    )
    table = tables.digest_table(items, TITLES)
    assert list(table.columns) == tables.TABLE_COLUMNS
    assert table.to_dict("records") == [
        {
            "When": "26 May 2023",
            "Priority area": "PA1",
            "What changed": "PLO pre-proceedings: ▲ Amber → ✖ Red in the report of 26 May 2023.",
        },
        {
            "When": "26 May 2023",
            "Priority area": "AFI3",
            "What changed": "First rated ● Green in the report of 26 May 2023.",
        },
        {
            "When": "12 June 2023",
            "Priority area": tables.WHOLE_PLAN,
            "What changed": "Measure actuals loaded on 12 June 2023 from may.csv: 15 rows added or changed.",
        },
    ]
    empty = tables.digest_table(items.iloc[0:0], TITLES)
    assert empty.empty and list(empty.columns) == tables.TABLE_COLUMNS

"""The What changed page and the Overview's digest on the demo database: they show the digest's items for the
chosen pair of board meetings, and a narrative's markup shows as typed text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from improvement import style
from improvement.board import read_board
from improvement.db import get_engine
from improvement.queries.loads import council_loads
from improvement.topics.digest.view import digest_view
from tests.support import hostile
from tests.support.database import add_report_version

SEFTON = "E08000014"
PAGE = "pages/what_changed.py"


def expected_digest(url: str, since: dt.date | None = None, until: dt.date | None = None):
    engine = get_engine(url)
    return digest_view(read_board(engine, SEFTON, 5), council_loads(engine, SEFTON), since, until)


def shown_table(app) -> pd.DataFrame:
    return next(frame.value for frame in app.dataframe if "What changed" in frame.value.columns)


def metrics(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_the_page_shows_what_changed_since_the_last_board_by_default(demo_app, seeded_sqlite_url):
    digest = expected_digest(seeded_sqlite_url)
    app = demo_app(PAGE)

    assert digest.since == dt.date(2023, 5, 18) and digest.until == dt.date(2023, 6, 30)
    pd.testing.assert_frame_equal(shown_table(app).reset_index(drop=True), digest.table, check_dtype=False)
    assert metrics(app)["Changes"] == str(len(digest.items))
    assert metrics(app)["Need the board's attention"] == str(digest.needs_attention)
    assert digest.caption in [caption.value for caption in app.caption]
    boxes = {box.label: box for box in app.selectbox}
    assert boxes["To"].value == "2023-06-30" and boxes["From"].value == "2023-05-18"
    by_kind = next(frame.value for frame in app.dataframe if "Items" in frame.value.columns)
    assert by_kind["Items"].sum() == len(digest.items)


def test_a_chosen_pair_of_board_meetings_shows_that_window(demo_app, seeded_sqlite_url):
    since, until = dt.date(2022, 4, 21), dt.date(2022, 5, 19)
    digest = expected_digest(seeded_sqlite_url, since, until)
    app = demo_app(PAGE, digest_to=until.isoformat(), digest_from=since.isoformat())

    assert len(digest.items) > 3
    pd.testing.assert_frame_equal(shown_table(app).reset_index(drop=True), digest.table, check_dtype=False)
    assert "after the board meeting of 21 April 2022 up to the board meeting of 19 May 2022" in digest.caption
    # A start after the end is not offered: the start falls back to the last board before the end.
    later = demo_app(PAGE, digest_to=until.isoformat(), digest_from="2023-05-18")
    assert {box.label: box.value for box in later.selectbox}["From"] == "2022-04-21"


def test_the_overview_lists_the_five_most_important_changes_with_a_link(demo_app, seeded_sqlite_url):
    digest = expected_digest(seeded_sqlite_url)
    app = demo_app("pages/overview.py")

    (expander,) = [e for e in app.expander if str(e.label).startswith("What changed since")]
    assert expander.label == f"What changed since the board meeting of 18 May 2023 ({len(digest.items)} changes)"
    listed = [m.value for m in expander.markdown if m.value.startswith("- **")]
    assert listed == [
        "\n".join(
            f"- **{style.escape_markdown(row['When'])}** · {style.escape_markdown(row['Priority area'])} · "
            f"{style.escape_markdown(row['What changed'])}"
            for row in digest.top(5).to_dict("records")
        )
    ]
    assert any("What changed" in str(link.proto.label) for link in expander.get("page_link"))
    assert app.title[0].value == "Overview"


def test_a_narrative_shows_as_typed_never_as_markup(demo_app, seeded_database_url):
    typed = '<script>alert("x")</script> **bold** [link](https://evil.example) :red[urgent] $x^2$ <b>B</b>'
    engine = sa.create_engine(seeded_database_url)
    with engine.connect() as connection:
        at_board = connection.execute(
            sa.text(
                "SELECT rr.rating FROM rag_rating rr JOIN rag_report r ON r.id = rr.rag_report_id "
                "JOIN priority_area pa ON pa.id = rr.priority_area_id WHERE pa.code = 'PA1' "
                "AND r.status = 'submitted' AND r.report_date <= '2023-05-18' ORDER BY r.report_date DESC, "
                "r.version DESC LIMIT 1"
            )
        ).scalar()
    engine.dispose()
    add_report_version(seeded_database_url, {"PA1": "Red" if at_board != "Red" else "Amber"}, narrative=typed)

    app = demo_app(PAGE, database_url=seeded_database_url)
    table = shown_table(app)
    pa1 = table.loc[table["Priority area"] == "PA1", "What changed"].tolist()
    assert any(text.endswith(f"in the report of 26 May 2023: {typed}") for text in pa1)
    for source in hostile.markdown_sources(app):
        assert hostile.active_markdown(source) == [], source[:300]

    overview = demo_app("pages/overview.py", database_url=seeded_database_url)
    (expander,) = [e for e in overview.expander if str(e.label).startswith("What changed since")]
    listed = "\n".join(m.value for m in expander.markdown)
    assert style.escape_markdown(typed) in listed
    for source in hostile.markdown_sources(overview):
        assert hostile.active_markdown(source) == [], source[:300]

"""DfE statistics and statistical neighbour files register the councils they name in the ``authority`` table, in
the same transaction (and load) as the rest of the file, so a council's own files (Annex A, reports, monthly
tables) can be loaded after DfE's published statistics alone.

The real DfE files are read from ../shared/realdata by path (never copied). Every test runs on SQLite and on
PostgreSQL (the ``engine`` fixture).
"""

from __future__ import annotations

import sqlalchemy as sa

from improvement.db.models import Authority
from loaders.framework.base import Source
from loaders.run import load_source
from tests.support.realdata import CSWW, D3, NEIGHBOURS, REALDATA, needs_realdata

ANNEX_A = REALDATA / "annex_a_sample_liia_tools.xlsx"
SEFTON = ("E08000014", "343", "Sefton", "North West")
JOINT_NOTE = (
    "not registered as councils: 2 joint code(s) for councils that report together, E06000061 / E06000062 "
    "(North Northamptonshire / West Northamptonshire), E09000021 / E09000027 (Kingston upon Thames / Richmond upon "
    "Thames); their figures are stored as published"
)
UNKNOWN_CODES = "their new LA codes are unknown: load a DfE statistics file naming them, which registers them"
CSWW_COUNCILS = 154  # 161 new_la_code values: 2 joint codes, and 5 councils whose new code changed count once

pytestmark = needs_realdata


def load(engine, path_or_source, **options: str):
    source = path_or_source if isinstance(path_or_source, Source) else Source.from_path(path_or_source)
    return load_source(engine, source, options=options or None)


def authorities(engine) -> dict[str, tuple]:
    """code -> (old_la_code, name, region, load_id) of every stored authority."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(Authority.code, Authority.old_la_code, Authority.name, Authority.region, Authority.load_id)
        ).all()
    return {row.code: tuple(row[1:]) for row in rows}


def reloaded(path) -> Source:
    """The same figures as ``path`` in different bytes, so the file is read and compared again."""
    return Source(path.name, path.read_bytes() + b"\n")


def test_a_dfe_statistics_load_registers_every_council_it_names_from_its_newest_row(engine):
    result = load(engine, CSWW)

    assert result.ok, result.summary()
    stored = authorities(engine)
    assert stored["E08000014"] == (*SEFTON[1:], result.load_id)  # in the same load as the published values
    assert len(stored) == CSWW_COUNCILS
    assert {load_id for *_, load_id in stored.values()} == {result.load_id}
    assert str(result.changes.tables["authority"]) == f"authority: {CSWW_COUNCILS} added, 0 changed, 0 unchanged"
    assert f"  authority: {CSWW_COUNCILS} added, 0 changed, 0 unchanged" in result.summary().splitlines()
    # A council whose code changed is one council, known by its newest code: Barnsley E08000016 until 2024, then
    # E08000038. Its older figures stay reachable by its old code, 370.
    assert stored["E08000038"][:3] == ("370", "Barnsley", "Yorkshire and The Humber")
    assert "E08000016" not in stored
    assert not [note for note in result.changes.notes if "more than one council" in note]


def test_joint_codes_are_not_registered_and_one_note_says_so(engine):
    result = load(engine, CSWW)

    assert not [code for code in authorities(engine) if " / " in code]
    assert [note for note in result.changes.notes if "joint" in note] == [JOINT_NOTE]
    with engine.connect() as connection:  # their figures are still stored
        joint = connection.scalar(sa.text("SELECT count(*) FROM published_value WHERE area_code LIKE '% / %'"))
    assert joint > 0


def test_the_annex_a_sample_then_loads_for_sefton_by_new_or_old_code(engine):
    before = load(engine, ANNEX_A, authority="E08000014", extract_date="2023-03-31")
    assert [str(problem) for problem in before.problems] == [
        "annex_a_sample_liia_tools.xlsx: this authority is not in the database yet: load a DfE statistics file that "
        "names it (for example DfE's csww_indicators CSV) or the improvement plan's authority table first; give its "
        "new (E08000014) or old (343) LA code (found 'E08000014')"
    ]
    assert load(engine, CSWW).ok

    by_new_code = load(engine, ANNEX_A, authority="E08000014", extract_date="2023-03-31")
    by_old_code = load(engine, ANNEX_A, authority="343", extract_date="2023-03-31")

    assert by_new_code.ok, by_new_code.summary()
    assert by_new_code.changes.tables["annex_a_aggregate"].added == 9
    assert by_old_code.ok, by_old_code.summary()  # the same council: nothing new
    assert by_old_code.changes.tables["annex_a_aggregate"].unchanged == 9


def test_loading_the_same_figures_again_registers_nothing(engine):
    first = load(engine, CSWW)
    before = authorities(engine)

    again = load(engine, reloaded(CSWW))
    other_file = load(engine, D3)  # names the same councils, and no joint ones

    assert first.ok and again.ok and other_file.ok
    assert str(again.changes.tables["authority"]) == f"authority: 0 added, 0 changed, {CSWW_COUNCILS} unchanged"
    assert again.changes.rows_written == 0 and again.load_id is None
    d3_change = other_file.changes.tables["authority"]
    assert d3_change.added == len(authorities(engine)) - CSWW_COUNCILS
    assert d3_change.added + d3_change.unchanged == 158  # d3: 161 new codes, none joint; 3 councils changed code
    assert {code: row for code, row in authorities(engine).items() if code in before} == before


def test_a_stored_authority_is_left_as_it_was_and_the_note_says_what_differs(engine):
    plan = Source(
        "improvement_plan_authority.csv", b"code,old_la_code,name,region\nE08000014,343,Sefton Council,North West\n"
    )
    plan_load = load(engine, plan)
    assert plan_load.ok, plan_load.summary()

    result = load(engine, CSWW)

    assert result.ok, result.summary()
    assert authorities(engine)["E08000014"] == ("343", "Sefton Council", "North West", plan_load.load_id)
    change = result.changes.tables["authority"]
    assert (change.added, change.changed, change.unchanged) == (CSWW_COUNCILS - 1, 0, 1)
    assert (
        "authorities already in the database are left as they were, though this file gives other details (stored "
        "value first): E08000014 name 'Sefton Council' (the file: 'Sefton')" in result.changes.notes
    )
    assert not any("problem" in note for note in result.changes.notes)


def test_neighbours_after_dfe_statistics_register_nothing_new_and_say_so(engine):
    assert load(engine, CSWW).ok
    before = authorities(engine)

    result = load(engine, NEIGHBOURS)

    assert result.ok, result.summary()
    assert authorities(engine) == before
    assert str(result.changes.tables["authority"]) == "authority: 0 added, 0 changed, 152 unchanged"
    assert (
        "no council newly registered: the 152 councils of this file whose new LA codes are known are in the "
        "database already" in result.changes.notes
    )
    # csww names these four only jointly (Kingston / Richmond, North / West Northamptonshire)
    assert (
        f"4 councils not registered: {UNKNOWN_CODES} (314 Kingston upon Thames, 318 Richmond upon Thames, 940 North "
        "Northamptonshire, 941 West Northamptonshire)" in result.changes.notes
    )


def test_neighbours_before_any_dfe_statistics_register_nothing_and_say_why(engine):
    result = load(engine, NEIGHBOURS)

    assert result.ok, result.summary()
    assert authorities(engine) == {}
    assert str(result.changes.tables["authority"]) == "authority: 0 added, 0 changed, 0 unchanged"
    unknown = [note for note in result.changes.notes if UNKNOWN_CODES in note]
    assert unknown == [
        f"156 councils not registered: {UNKNOWN_CODES} (201 City of London, 202 Camden, 203 Greenwich, 204 Hackney, "
        "205 Hammersmith and Fulham, 206 Islington, 207 Kensington and Chelsea, 208 Lambeth, 209 Lewisham, 210 "
        "Southwark, and 146 more)"
    ]


def test_neighbours_register_councils_whose_new_code_the_stored_figures_give(engine):
    """As in a database that stored DfE statistics before they registered councils."""
    assert load(engine, CSWW).ok
    with engine.begin() as connection:
        connection.execute(sa.delete(Authority))

    result = load(engine, NEIGHBOURS)

    assert result.ok, result.summary()
    stored = authorities(engine)
    assert stored["E08000014"] == (*SEFTON[1:], result.load_id)  # name from LA Name, region from the figures
    # A council whose code changed gets the code of its newest figures (Barnsley 370: E08000038, not E08000016).
    assert stored["E08000038"][:2] == ("370", "Barnsley")
    assert "E08000016" not in stored
    assert result.changes.tables["authority"].added == len(stored) == 156 - 4


def test_neighbours_take_the_region_from_goreg_when_the_figures_have_none(engine):
    figures = (
        "time_period,time_identifier,geographic_level,country_code,old_la_code,new_la_code,la_name,rate\n"
        "2025,Reporting year,Local authority,E92000001,343,E08000014,Sefton,15.9\n"
    )
    assert load(engine, Source("rates.csv", figures.encode())).ok
    with engine.begin() as connection:
        connection.execute(sa.delete(Authority))
    header = "LA num,LA Name,LA number,GOInd,GOReg," + ",".join(f"SN{rank},SNP" for rank in range(1, 11))
    neighbours = ",".join(["344,Close"] * 10)
    text = f"{header}\n343,Sefton,343,5,North West,{neighbours}\n344,Wirral,344,5,North West,{neighbours}\n"

    result = load(engine, Source("neighbours.csv", text.encode()))

    assert result.ok, result.summary()
    assert authorities(engine) == {"E08000014": (*SEFTON[1:], result.load_id)}
    assert f"1 council not registered: {UNKNOWN_CODES} (344 Wirral)" in result.changes.notes


def test_a_refused_or_dry_run_load_registers_nothing(engine):
    lines = D3.read_text(encoding="utf-8").splitlines()
    lines[40] = lines[40].replace(",441,112,25.4", ",441,twelve,25.4")  # Sefton 2025: text in a figure

    refused = load(engine, Source(D3.name, "\n".join(lines).encode()))
    dry_run = load_source(engine, Source.from_path(CSWW), dry_run=True)

    assert not refused.ok
    assert dry_run.ok and dry_run.changes.tables["authority"].added == CSWW_COUNCILS  # what it would do
    assert authorities(engine) == {}

"""DfE published statistics (any explore-education-statistics CSV); the real files include the neighbour groupings.

Loads the real DfE files from ../shared/realdata by path and checks stored values against the published figures
(Sefton E08000014 / 343 and England), suppression symbols kept as status with no value, newest-wins re-loads,
unseen tables, and refusals that name the file, row, column and value and leave the database as it was.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import sqlalchemy as sa

from improvement.db.models import PublishedValue, StatisticalNeighbour
from loaders.framework.base import Source
from loaders.framework.readers import read_csv
from loaders.kinds.dfe_statistics import column_roles
from tests.support.loading import load_file as load
from tests.support.loading import table_counts
from tests.support.realdata import (
    CSWW,
    D3,
    EES_FILES,
    ENGLAND,
    NEIGHBOURS,
    NORTH_WEST,
    SEFTON,
    SEFTON_NEIGHBOURS,
    needs_realdata,
)

pytestmark = needs_realdata


def stored(engine, indicator, area_code, time_period, dataset=None):
    """(value, status) of the newest stored row for one cell."""
    statement = (
        sa.select(PublishedValue.value, PublishedValue.status)
        .where(
            PublishedValue.indicator == indicator,
            PublishedValue.area_code == area_code,
            PublishedValue.time_period == time_period,
        )
        .order_by(PublishedValue.load_id.desc())
        .limit(1)
    )
    if dataset:
        statement = statement.where(PublishedValue.dataset == dataset)
    with engine.connect() as connection:
        return tuple(connection.execute(statement).one())


def csv_cells(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


# --------------------------------------------------------------------------------------------- real files


def test_workforce_file_stores_sefton_england_and_regions_as_published(engine):
    result = load(engine, CSWW)

    assert result.ok, result.summary()
    assert result.kind == "dfe_statistics"
    assert any("1,355 local authority rows, 99 regional, 9 national" in note for note in result.changes.notes)
    for indicator, sefton, england in [
        ("caseload_fte", 15.9, 15.2),
        ("agency_rate_fte", 24.6, 13.0),
        ("vacancy_rate_fte", 31.5, 14.2),
        ("turnover_rate_fte", 15.0, 11.8),
    ]:
        assert stored(engine, indicator, SEFTON, "2025") == (sefton, None)
        assert stored(engine, indicator, ENGLAND, "2025") == (england, None)
    assert stored(engine, "caseload_fte", NORTH_WEST, "2025") == (15.8, None)
    with engine.connect() as connection:
        levels = dict(
            connection.execute(
                sa.select(PublishedValue.geographic_level, sa.func.count(sa.distinct(PublishedValue.area_code)))
                .where(PublishedValue.time_period == "2025", PublishedValue.indicator == "caseload_fte")
                .group_by(PublishedValue.geographic_level)
            ).all()
        )
        sefton_row = connection.execute(
            sa.select(PublishedValue.__table__).where(
                PublishedValue.area_code == SEFTON,
                PublishedValue.indicator == "caseload_fte",
                PublishedValue.time_period == "2025",
            )
        ).one()
    assert levels["National"] == 1 and levels["Regional"] == 11 and levels["Local authority"] > 140
    assert (sefton_row.dataset, sefton_row.old_la_code, sefton_row.area_name) == (
        "csww_indicators_2017_to_2025",
        "343",
        "Sefton",
    )
    assert (sefton_row.region_code, sefton_row.region_name, sefton_row.breakdown) == (NORTH_WEST, "North West", "")
    assert result.changes.tables["published_value caseload_fte"].added == 1463  # every row, joint councils included
    with engine.connect() as connection:
        joint = connection.execute(
            sa.select(sa.func.count())
            .select_from(PublishedValue)
            .where(PublishedValue.indicator == "caseload_fte", PublishedValue.area_code.contains(" / "))
        ).scalar()
    assert joint == 14  # North + West Northamptonshire and Kingston + Richmond report jointly: nothing dropped


def test_suppressed_cells_stay_symbols_with_no_value(engine):
    # In the file: Sefton 2023 working_days_lost_fte is 'u'; find a 'c' and a 'low' cell the same way.
    rows = csv_cells(CSWW)
    sefton_2023 = next(r for r in rows if r["new_la_code"] == SEFTON and r["time_period"] == "2023")
    assert sefton_2023["working_days_lost_fte"] == "u"
    suppressed = next(r for r in rows if r["absence_rate_fte"] == "c" and r["geographic_level"] == "Local authority")
    low = next(r for r in rows if r["agency_rate_fte"] == "low")

    assert load(engine, CSWW).ok

    assert stored(engine, "working_days_lost_fte", SEFTON, "2023") == (None, "u")
    assert stored(engine, "absence_rate_fte", suppressed["new_la_code"], suppressed["time_period"]) == (None, "c")
    assert stored(engine, "agency_rate_fte", low["new_la_code"], low["time_period"]) == (None, "low")
    with engine.connect() as connection:
        zero_for_symbol = connection.scalar(
            sa.select(sa.func.count()).where(PublishedValue.status.is_not(None), PublishedValue.value.is_not(None))
        )
    assert zero_for_symbol == 0


def test_loading_the_same_content_again_changes_nothing_and_a_revision_adds_a_row(engine):
    assert load(engine, D3).ok
    before = table_counts(engine)

    again = load(engine, Source(D3.name, D3.read_bytes() + b"\n"))  # same figures, different bytes

    assert again.ok and again.changes.rows_written == 0 and again.load_id is None
    assert "nothing new" in again.summary()
    assert table_counts(engine) == before

    text = D3.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if ",E08000014,Sefton," in line and line.startswith("2025,"))
    assert line.endswith(",441,112,25.4")
    revised = load(engine, Source(D3.name, text.replace(line, line.replace(",441,112,25.4", ",441,113,25.6")).encode()))

    assert revised.ok, revised.summary()
    assert revised.changes.tables["published_value CPP_subsequent_percent"].changed == 1
    assert revised.changes.tables["published_value CPP_subsequent"].changed == 1
    assert revised.changes.tables["published_value CPP_start"].changed == 0
    assert revised.changes.rows_written == 2
    assert stored(engine, "CPP_subsequent_percent", SEFTON, "2025") == (25.6, None)
    assert table_counts(engine)["published_value"] == before["published_value"] + 2  # the old figure stays


def test_every_real_file_loads_with_published_check_values(engine, capsys):
    timings = []
    for path in [NEIGHBOURS, *EES_FILES]:
        start = time.perf_counter()
        result = load(engine, path)
        seconds = time.perf_counter() - start
        assert result.ok, result.summary()
        rows = len(csv_cells(path))
        timings.append(f"{path.name}: {rows:,} rows in {seconds:.2f} s ({rows / seconds:,.0f} rows/s)")
    with capsys.disabled():
        print("\n" + "\n".join(timings))

    assert stored(engine, "CPP_subsequent_percent", SEFTON, "2025") == (25.4, None)
    assert stored(engine, "CPP_subsequent_percent", ENGLAND, "2025") == (24.5, None)
    assert stored(engine, "rereferral_percent", ENGLAND, "2025") == (22.6, None)
    assert stored(engine, "2_years_or_more_percent", ENGLAND, "2025") == (2.3, None)
    with engine.connect() as connection:
        neighbours = connection.execute(
            sa.select(StatisticalNeighbour.rank, StatisticalNeighbour.neighbour_old_la_code)
            .where(StatisticalNeighbour.old_la_code == "343")
            .order_by(StatisticalNeighbour.rank)
        ).all()
        breakdowns = set(
            connection.scalars(
                sa.select(PublishedValue.breakdown).distinct().where(PublishedValue.dataset.like("d3_%"))
            )
        )
    assert [code for _, code in neighbours] == SEFTON_NEIGHBOURS
    assert [rank for rank, _ in neighbours] == list(range(1, 11))
    assert breakdowns == {"category=Child Protection Plans which are a second or subsequent plan"}


# --------------------------------------------------------------------------------------------- unseen tables


UNSEEN = """time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,\
new_la_code,la_name,age_group,family_hubs_open,family_hub_visits_rate
2024,Financial year,National,E92000001,England,,,,,All ages,412,33.25
2024,Financial year,National,E92000001,England,,,,,Under 5,400,low
2024,Financial year,Regional,E92000001,England,E12000002,North West,,,All ages,61,30.1
2024,Financial year,Local authority,E92000001,England,E12000002,North West,E08000014,Sefton,All ages,4,c
2024,Financial year,Local authority,E92000001,England,E12000002,North West,E08000014,Sefton,Under 5,x,12.5
2024,Financial year,Local authority district,E92000001,England,E12000002,North West,,,All ages,3,1
"""


def test_an_unseen_ees_table_with_a_breakdown_and_no_old_la_code_loads(engine):
    result = load(engine, Source("family_hubs_2024.csv", UNSEEN.encode()))

    assert result.ok, result.summary()
    assert result.kind == "dfe_statistics"
    assert "breakdown columns: age_group" in result.changes.notes
    assert any("1 'Local authority district' rows" in note for note in result.changes.notes)  # no lad_code column
    with engine.connect() as connection:
        rows = {
            (r.area_code, r.breakdown, r.indicator): (r.value, r.status, r.old_la_code, r.dataset, r.time_identifier)
            for r in connection.execute(sa.select(PublishedValue))
        }
    assert len(rows) == 10
    assert rows[(SEFTON, "age_group=All ages", "family_hub_visits_rate")] == (
        None,
        "c",
        None,
        "family_hubs_2024",
        "Financial year",
    )
    assert rows[(SEFTON, "age_group=Under 5", "family_hub_visits_rate")][:2] == (12.5, None)
    assert rows[(SEFTON, "age_group=Under 5", "family_hubs_open")][:2] == (None, "x")
    assert rows[(ENGLAND, "age_group=All ages", "family_hub_visits_rate")][:2] == (33.25, None)
    assert rows[(ENGLAND, "age_group=Under 5", "family_hub_visits_rate")][:2] == (None, "low")
    assert rows[(NORTH_WEST, "age_group=All ages", "family_hubs_open")][:2] == (61.0, None)


def test_a_national_only_table_loads():
    source = Source(
        "national.csv",
        b"time_period,time_identifier,geographic_level,country_code,country_name,rate\n"
        b"2025,Reporting year,National,E92000001,England,15.2\n",
    )
    from loaders.kinds.dfe_statistics import DFE_STATISTICS

    parsed = DFE_STATISTICS.read(source)

    assert parsed.values[["area_code", "indicator", "value"]].values.tolist() == [["E92000001", "rate", 15.2]]


def test_column_roles_numbers_are_indicators_text_is_a_breakdown_and_typos_are_flagged():
    rows = ["2025,Reporting year,National,E92000001,Total,c,12,5"] + [
        f"2025,Reporting year,National,E9200000{i},Group {i},{i}.5,{i},{i}" for i in range(2, 11)
    ]
    rows[4] = rows[4].rsplit(",", 1)[0] + ",twelve"
    text = "time_period,time_identifier,geographic_level,country_code,group,rate,count,mostly\n" + "\n".join(rows)
    raw = read_csv(Source("roles.csv", text.encode()))

    indicators, breakdowns, stray = column_roles(raw.frame)

    assert indicators == ["rate", "count", "mostly"] and breakdowns == ["group"]
    assert stray["mostly"].tolist() == ["twelve"]


# --------------------------------------------------------------------------------------------- refusals


def test_a_csv_without_time_period_is_not_recognised_and_is_refused_when_forced(engine):
    source = Source(
        "no_period.csv", b"time_identifier,geographic_level,country_code,rate\nReporting year,National,E9,1\n"
    )
    before = table_counts(engine)

    guessed = load(engine, source)
    forced = load(engine, source, kind="dfe_statistics")

    assert not guessed.ok and "could not tell what kind of file this is" in guessed.problems[0].message
    assert [str(problem) for problem in forced.problems] == [
        "no_period.csv, row 1, column 'time_period': this is not a DfE explore-education-statistics table: it has "
        "no 'time_period' column (every EES CSV starts time_period, time_identifier, geographic_level, then its "
        "geography columns)"
    ]
    assert table_counts(engine) == before


def test_text_in_an_indicator_column_is_refused_naming_row_column_and_value(engine):
    lines = D3.read_text(encoding="utf-8").splitlines()
    assert lines[40].endswith(",441,112,25.4")  # row 41: Sefton 2025
    lines[40] = lines[40].replace(",441,112,25.4", ",441,twelve,25.4")
    before = table_counts(engine)

    result = load(engine, Source(D3.name, "\n".join(lines).encode()))

    assert [str(problem) for problem in result.problems] == [
        f"{D3.name}, row 41, column 'CPP_subsequent': expected a number or a suppression symbol (c, low, x, z, u) "
        "(found 'twelve')"
    ]
    assert "REFUSED" in result.summary()
    assert table_counts(engine) == before


def test_a_repeated_area_and_an_area_without_a_code_are_refused(engine):
    text = (
        "time_period,time_identifier,geographic_level,country_code,region_code,new_la_code,old_la_code,la_name,rate\n"
        "2025,Reporting year,Local authority,E92000001,E12000002,E08000014,343,Sefton,15.9\n"
        "2025,Reporting year,Local authority,E92000001,E12000002,E08000014,343,Sefton,16.0\n"
        "2025,Reporting year,Local authority,E92000001,E12000002,,,Nowhere,1\n"
    )
    result = load(engine, Source("bad.csv", text.encode()), kind="dfe_statistics")

    assert [str(problem) for problem in result.problems] == [
        "bad.csv, row 4, column 'new_la_code': a Local authority row needs its area code in new_la_code or "
        "old_la_code (found '')",
        "bad.csv, row 3, column 'geographic_level': repeats row 2: the same period, area and breakdown twice "
        "(found 'E08000014')",
    ]

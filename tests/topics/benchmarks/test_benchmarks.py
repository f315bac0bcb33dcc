"""Benchmarks: a council against England, its region and its statistical neighbours, from DfE published data.

Pure rules (neighbour average, suppressed and missing neighbours, newest load wins, breakdown choice), the chart
builder, the query on both backends against a mean computed by hand from the CSV, and the pages: with the real
files loaded the Caseloads page's benchmark chart shows exactly the stored Sefton and England series; without
them it says which file to load.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from improvement import charting, queries
from improvement.db import get_engine
from improvement.db.models import PublishedValue
from improvement.topics.benchmarks import charts as benchmarks_charts
from improvement.topics.benchmarks import rules as benchmarks
from loaders.run import Source, load_source
from tests.support.apptest import decode
from tests.support.realdata import CSWW, D3, D5, NEIGHBOURS, SEFTON_NEIGHBOURS, needs_realdata

pytestmark = needs_realdata

CONTEXT = charting.ChartContext("Sefton", dt.date(2023, 6, 30), "OFFICIAL-SENSITIVE", synthetic=True)


def row(period, level, code, value=None, status=None, old=None, region="E12000002", load_id=1, breakdown=""):
    return {
        "dataset": "example_2025",
        "time_period": period,
        "time_identifier": "Reporting year",
        "geographic_level": level,
        "area_code": code,
        "area_name": code,
        "old_la_code": old,
        "region_code": region if level != "National" else None,
        "region_name": "North West" if region == "E12000002" else "Elsewhere",
        "breakdown": breakdown,
        "value": value,
        "status": status,
        "load_id": load_id,
        "loaded_at": pd.Timestamp("2025-11-01 09:00"),
    }


def example(*extra) -> pd.DataFrame:
    la = "Local authority"
    return pd.DataFrame(
        [
            row("2024", "National", "E92000001", 15.4),
            row("2025", "National", "E92000001", 15.2),
            row("2025", "Regional", "E12000002", 15.8),
            row("2025", "Regional", "E12000001", 16.5, region="E12000001"),
            row("2024", la, "E08000014", 15.1, old="343"),
            row("2025", la, "E08000014", 15.9, old="343"),
            row("2025", la, "E1", 10.0, old="101"),
            row("2025", la, "E2", 20.0, old="102", region="E12000001"),
            row("2025", la, "E3", None, "c", old="103"),
            row("2024", la, "E1", 12.0, old="101"),
            *extra,
        ]
    )


NEIGHBOURS_OF_343 = pd.DataFrame({"rank": [1, 2, 3, 4], "neighbour_old_la_code": ["101", "102", "103", "104"]})


def test_neighbour_average_is_the_mean_of_published_neighbours_suppressed_and_missing_counted():
    bench = benchmarks.benchmark(example(), NEIGHBOURS_OF_343, "caseload_fte", "Sefton", "E08000014", "343")

    average = bench.values(benchmarks.NEIGHBOURS).set_index("time_period")
    assert average.at["2025", "value"] == 15.0  # (10 + 20) / 2: the suppressed 103 and absent 104 left out
    assert (average.at["2025", "with_data"], average.at["2025", "suppressed"], average.at["2025", "missing"]) == (
        2,
        1,
        1,
    )
    assert average.at["2024", "value"] == 12.0 and average.at["2024", "missing"] == 3
    assert bench.values(benchmarks.REGION)["value"].tolist() == [15.8]  # the council's own region only
    assert bench.values(benchmarks.COUNCIL)["value"].tolist() == [15.1, 15.9]
    assert bench.values(benchmarks.ENGLAND)["value"].tolist() == [15.4, 15.2]
    assert (bench.region, bench.neighbour_count) == ("North West", 4)


def test_newest_load_wins_and_no_council_row_means_no_benchmark():
    revised = row("2025", "Local authority", "E08000014", 16.3, old="343", load_id=2)

    bench = benchmarks.benchmark(example(revised), NEIGHBOURS_OF_343, "x", "Sefton", "E08000014", "343")

    assert bench.values(benchmarks.COUNCIL)["value"].tolist() == [15.1, 16.3]
    assert benchmarks.benchmark(example(), NEIGHBOURS_OF_343, "x", "Wirral", "E08000015", "344") is None


def test_the_headline_breakdown_is_chosen_when_there_are_several():
    assert benchmarks.choose_breakdown(pd.DataFrame({"breakdown": ["category=X"] * 3})) == "category=X"
    several = pd.DataFrame({"breakdown": ["age=Under 5", "age=Total", "age=5 to 9"]})
    assert benchmarks.choose_breakdown(several) == "age=Total"
    assert benchmarks.period_label("202425") == "2024/25" and benchmarks.period_label("2025") == "2025"


def test_a_plan_measure_maps_to_its_published_indicator_or_a_related_one_with_a_caveat():
    assert benchmarks.published_equivalent("social_worker_caseload", "caseload_fte") == ("caseload_fte", None)
    indicator, caveat = benchmarks.published_equivalent("cp_plans_2_years_plus", None)
    assert indicator == "2_years_or_more_percent" and "OPEN at 31 March" in caveat
    assert benchmarks.published_equivalent("cp_visits_within_10_days", None) == (None, None)
    assert "csww_indicators" in benchmarks.file_hint("caseload_fte")


def test_benchmark_chart_states_the_finding_uses_four_colours_and_gives_the_source():
    bench = benchmarks.benchmark(example(), NEIGHBOURS_OF_343, "caseload_fte", "Sefton", "E08000014", "343")

    chart = benchmarks_charts.benchmark_chart(bench, "Social worker caseload", "ratio", CONTEXT)

    assert chart.title == "Sefton social worker caseload 15.9 in 2025, above England's 15.2"
    assert [trace.name for trace in chart.figure.data] == [
        "Sefton",
        "England",
        "North West",
        "Statistical neighbours (average)",
    ]
    assert len({trace.line.color for trace in chart.figure.data}) == 4
    assert "Source: DfE published statistics (example_2025)" in chart.caption
    assert "SYNTHETIC" not in chart.caption and "OFFICIAL-SENSITIVE" in chart.caption
    # Never the day the file was loaded: the period the figures describe. This dataset's publication is unknown
    # and its time identifier names no end date, so the caption names the period.
    assert "Data as at 2025 (reporting year)" in chart.caption
    assert "November" not in chart.caption


def test_published_figures_are_as_at_the_date_they_describe():
    # The workforce census: 30 September of its year; the children in need tables: 31 March.
    assert benchmarks.reference_date("csww_indicators_2017_to_2025", "2025", "Reporting year") == dt.date(2025, 9, 30)
    assert benchmarks.reference_date("d3_cpps_subsequent_plan_2013_to_2025", "2025", "Reporting year") == dt.date(
        2025, 3, 31
    )
    # Otherwise the end of the period the time identifier names; none when it names none.
    assert benchmarks.reference_date("other", "202425", "Financial year") == dt.date(2025, 3, 31)
    assert benchmarks.reference_date("other", "202324", "Academic year") == dt.date(2024, 8, 31)
    assert benchmarks.reference_date("other", "2024", "Calendar year") == dt.date(2024, 12, 31)
    assert benchmarks.reference_date("other", "2024", "Reporting year") is None
    assert benchmarks.reference_date("csww", "2024 Q1", "Reporting year") is None

    csww = example().assign(dataset="csww_indicators_2017_to_2025")
    bench = benchmarks.benchmark(csww, NEIGHBOURS_OF_343, "caseload_fte", "Sefton", "E08000014", "343")
    chart = benchmarks_charts.benchmark_chart(bench, "Social worker caseload", "ratio", CONTEXT)
    assert bench.as_at == dt.date(2025, 9, 30)
    assert "Data as at 30 September 2025" in chart.caption
    assert "caseload_fte" not in chart.caption  # the measure's name, never the column's
    assert chart.table.to_dict("records")[-1] == {
        "Year": "2025",
        "Sefton": "15.9",
        "England": "15.2",
        "North West": "15.8",
        "Statistical neighbours (average)": "15.0",
        "Neighbours with a figure": "2 of 4 (1 suppressed)",
    }
    assert "In 2025: Sefton 15.9; England 15.2; North West 15.8" in chart.alt_text


def test_a_suppressed_council_year_is_marked_with_its_symbol_not_plotted_as_zero():
    hidden = example().copy()
    hidden.loc[hidden["area_code"].eq("E08000014") & hidden["time_period"].eq("2025"), ["value", "status"]] = [
        None,
        "c",
    ]
    bench = benchmarks.benchmark(hidden, NEIGHBOURS_OF_343, "caseload_fte", "Sefton", "E08000014", "343")

    chart = benchmarks_charts.benchmark_chart(bench, "Social worker caseload", "ratio", CONTEXT)

    council = chart.figure.data[0]
    assert pd.isna(list(council.y)[-1])
    assert list(chart.figure.data[-1].text) == ["c"]
    assert chart.table["Sefton"].tolist() == ["15.1", "c"]
    # The newest year has no figure: the title says so, never showing 2024's figure as if it were the latest.
    assert chart.title == "Sefton social worker caseload suppressed in 2025; 15.1 in 2024"
    assert "No figure for Sefton after that: 2025 c." in chart.alt_text
    latest = benchmarks.latest_comparison(bench)
    assert (latest["period"], latest["withheld_after"]) == ("2024", [("2025", "c")])


# --------------------------------------------------------------------------------------------- real data


def hand_mean(indicator: str, period: str) -> tuple[float, int]:
    rows = list(csv.DictReader(io.StringIO(CSWW.read_text(encoding="utf-8"))))
    values = [
        float(r[indicator])
        for r in rows
        if r["time_period"] == period
        and r["old_la_code"] in SEFTON_NEIGHBOURS
        and r["geographic_level"] == "Local authority"
        and r[indicator] not in ("c", "low", "x", "z", "u")
    ]
    return sum(values) / len(values), len(values)


def test_neighbour_average_from_the_database_equals_the_mean_computed_from_the_csv(seeded_engine):
    for path in (NEIGHBOURS, CSWW):
        assert load_source(seeded_engine, Source.from_path(path)).ok
    neighbours = queries.statistical_neighbours(seeded_engine, "343")
    values = queries.published_values(
        seeded_engine,
        "caseload_fte",
        authority_code="E08000014",
        old_la_codes=["343", *neighbours.neighbour_old_la_code],
    )

    bench = benchmarks.benchmark(values, neighbours, "caseload_fte", "Sefton", "E08000014", "343")

    assert neighbours["neighbour_old_la_code"].tolist() == SEFTON_NEIGHBOURS
    average = bench.values(benchmarks.NEIGHBOURS).set_index("time_period")
    for period in ("2017", "2021", "2025"):
        mean, count = hand_mean("caseload_fte", period)
        assert average.at[period, "value"] == pytest.approx(mean, abs=1e-12)
        assert average.at[period, "with_data"] == count
    latest = benchmarks.latest_comparison(bench)
    assert (latest["council"], latest["england"], latest["region"]) == (15.9, 15.2, 15.8)


# --------------------------------------------------------------------------------------------- pages


def figures(app: AppTest) -> dict[str, dict]:
    found = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    return {f["layout"]["title"]["text"].replace("<b>", "").replace("</b>", ""): f for f in found}


def stored_series(url: str, indicator: str, area_code: str) -> list[float]:
    with get_engine(url).connect() as connection:
        return list(
            connection.scalars(
                sa.select(PublishedValue.value)
                .where(PublishedValue.indicator == indicator, PublishedValue.area_code == area_code)
                .order_by(PublishedValue.time_period)
            )
        )


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_caseloads_page_benchmarks_sefton_against_the_stored_england_figures(seeded_database_url, open_page):
    engine = get_engine(seeded_database_url)
    for path in (NEIGHBOURS, CSWW):
        assert load_source(engine, Source.from_path(path)).ok

    app = open_page(seeded_database_url, "pages/caseloads.py")

    shown = figures(app)
    title = "Sefton social worker caseload 15.9 in 2025, above England's 15.2"
    assert title in shown, list(shown)
    traces = {trace["name"]: trace for trace in shown[title]["data"]}
    assert decode(traces["Sefton"]["y"]) == stored_series(seeded_database_url, "caseload_fte", "E08000014")
    assert decode(traces["England"]["y"]) == stored_series(seeded_database_url, "caseload_fte", "E92000001")
    assert list(traces["Sefton"]["x"]) == [str(year) for year in range(2017, 2026)]
    assert "Sefton agency worker rate 24.6% in 2025, above England's 13.0%" in shown
    assert "Sefton vacancy rate 31.5% in 2025, above England's 14.2%" in shown
    assert any(t.startswith("Sefton turnover rate 15.0% in 2025") for t in shown)
    caption = " ".join(a["text"] for a in shown[title]["layout"]["annotations"]).replace("<br>", " ")
    assert "Source: DfE, Children's social work workforce" in caption and "SYNTHETIC" not in caption


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_trajectories_page_benchmarks_a_measure_with_a_published_equivalent(seeded_database_url, open_page):
    for path in (D3, D5):
        assert load_source(get_engine(seeded_database_url), Source.from_path(path)).ok

    app = open_page(seeded_database_url, "pages/trajectories.py", measure="repeat_cp_plans")
    related = open_page(seeded_database_url, "pages/trajectories.py", measure="cp_plans_2_years_plus")

    assert "Sefton repeat CP plans 25.4% in 2025, above England's 24.5%" in figures(app)
    assert any("Statistical neighbours are not loaded" in caption.value for caption in app.caption)
    (title, figure), *_ = [(t, f) for t, f in figures(related).items() if "CP plans open 2 years or more" in t]
    caption = " ".join(a["text"] for a in figure["layout"]["annotations"]).replace("<br>", " ")
    assert "OPEN at 31 March" in caption and "table D5" in caption


def test_without_published_data_the_pages_say_which_file_to_load(seeded_sqlite_url, open_page):
    caseloads = open_page(seeded_sqlite_url, "pages/caseloads.py")
    trajectory = open_page(seeded_sqlite_url, "pages/trajectories.py", measure="repeat_cp_plans")
    local_only = open_page(seeded_sqlite_url, "pages/trajectories.py", measure="cp_visits_within_10_days")

    assert [info.value for info in caseloads.info] == [
        "No DfE published figures are loaded for Sefton. To see it, load DfE's published statistics "
        "(explore-education-statistics CSVs such as csww\\_indicators) and statistical neighbour groupings on the "
        "Data page."
    ]
    assert [info.value for info in trajectory.info] == [
        "No DfE published figures for Repeat CP plans are loaded. Load DfE's d3\\_cpps\\_subsequent\\_plan CSV on the "
        "Data page or with python -m loaders."
    ]
    assert not local_only.info and not any(h.value.startswith("Against England") for h in local_only.subheader)


def test_titles_read_as_english_and_a_long_legend_pushes_the_plot_down_not_over_the_title():
    from improvement.charting import moved as _moved
    from improvement.charting.chart import _legend_rows

    assert _moved(0.0, "23.7%") == "held at 23.7%"
    assert _moved(1.2, "23.7%") == "rose to 23.7%" and _moved(-1.2, "23.7%") == "fell to 23.7%"
    bench = benchmarks.benchmark(
        example(), NEIGHBOURS_OF_343, "caseload_fte", "A council with a long name", "E08000014", "343"
    )
    chart = benchmarks_charts.benchmark_chart(bench, "Social worker caseload", "ratio", CONTEXT)
    rows = _legend_rows(chart.figure)
    assert rows >= 1
    assert chart.figure.layout.margin.t == charting.TITLE_BLOCK + charting.LEGEND_ROW * rows + 6
    assert chart.figure.layout.title.yref == "container" and chart.figure.layout.legend.y == 1.0

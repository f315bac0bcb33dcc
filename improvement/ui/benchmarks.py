"""DfE published figures for pages: a council against England, its region and its statistical neighbours.

``published_benchmark`` is cached like ``board_data``: keyed on the database URL, the newest load id (any new load
invalidates it), the authority and the indicator. ``show_benchmark`` draws the chart, or says which DfE file to
load when none is loaded: published data comes from the user, never from the demo seed. Where the council's own
monthly figure and DfE's figure describe the same month, the page lists both and says why they differ
(``improvement.sources`` rule 2).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from improvement import benchmarks, charts, queries, sources, style
from improvement.board import BoardData
from improvement.charts import ChartContext
from improvement.db import get_engine
from improvement.settings import get_settings
from improvement.ui.components import ask_to_load, show_chart, show_table

SUMMARY_INDICATORS = (
    "caseload_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "turnover_rate_fte",
    "CPP_subsequent_percent",
    "rereferral_percent",
    "2_years_or_more_percent",
)
"""The published indicators the Overview summarises, when loaded."""


def published_benchmark(data: BoardData, indicator: str) -> benchmarks.Benchmark | None:
    """The authority's published series for ``indicator`` with England, region and neighbours; None if not loaded."""
    url = get_settings().database_url
    version = queries.data_version(get_engine(url))
    return _published_benchmark(url, version, data.authority_code, data.authority_name, data.old_la_code, indicator)


@st.cache_data(show_spinner=False, max_entries=256)
def _published_benchmark(
    url: str, version: int, authority_code: str, name: str, old_code: str | None, indicator: str
) -> benchmarks.Benchmark | None:
    engine = get_engine(url)
    if old_code:
        neighbours = queries.statistical_neighbours(engine, old_code)
    else:
        neighbours = pd.DataFrame({"neighbour_old_la_code": pd.Series(dtype=str)})
    codes = [str(code) for code in neighbours["neighbour_old_la_code"]]
    values = queries.published_values(
        engine, indicator, authority_code=authority_code, old_la_codes=[old_code, *codes] if old_code else codes
    )
    return benchmarks.benchmark(values, neighbours, indicator, name, authority_code, old_code)


def _label(data: BoardData, indicator: str) -> tuple[str, str]:
    """The plan's own name and unit for the measure published as ``indicator``, else the indicator's label."""
    plan = data.plan_measures[data.plan_measures["national_equivalent"] == indicator]
    if len(plan):
        return str(plan["name"].iloc[0]), str(plan["unit"].iloc[0])
    known = benchmarks.INDICATORS.get(indicator)
    return (known.label, known.unit) if known else (indicator.replace("_", " ").capitalize(), "ratio")


def show_benchmark(
    data: BoardData, indicator: str, name: str, unit: str, context: ChartContext, caveat: str | None = None
) -> benchmarks.Benchmark | None:
    """The benchmark chart for one indicator, or a short note saying which DfE file to load."""
    bench = published_benchmark(data, indicator)
    if bench is None:
        st.info(
            f"No DfE published figures for {style.escape_markdown(name)} are loaded. {benchmarks.file_hint(indicator)}"
        )
        return None
    show_chart(charts.benchmark_chart(bench, name, unit, context, caveat))
    if not bench.neighbour_count:
        st.caption(
            "Statistical neighbours are not loaded: load DfE's New_Statistical_Neighbour_Groupings CSV to add "
            "the neighbour average."
        )
    return bench


def show_measure_benchmark(data: BoardData, measure_code: str, context: ChartContext) -> None:
    """For a plan measure with a published equivalent: its benchmark chart (nothing for a local-only measure), and
    the months where the council's own figure and DfE's describe the same month, side by side."""
    plan = data.plan_measures.set_index("measure_code")
    if measure_code not in plan.index:
        return
    indicator, caveat = benchmarks.published_equivalent(measure_code, plan.at[measure_code, "national_equivalent"])
    if indicator is None:
        return
    st.subheader("Against England, the region and statistical neighbours")
    unit = str(plan.at[measure_code, "unit"])
    if caveat:
        known = benchmarks.INDICATORS.get(indicator)
        name, unit = (known.label, known.unit) if known else (indicator, unit)
    else:
        name = str(plan.at[measure_code, "name"])
    bench = show_benchmark(data, indicator, name, unit, context, caveat)
    if bench is None or caveat:
        return
    council = bench.values(benchmarks.COUNCIL)
    published = council.assign(as_at=[bench.as_at_of(period) for period in council["time_period"]])
    own = data.observations[data.observations["measure_code"] == measure_code]
    both = sources.own_and_published(own, published)
    if both.empty:
        return
    st.markdown(
        f"**Two figures for the same month.** The chart above is DfE's published figure; the trajectory chart is the "
        f"council's own. {sources.PUBLISHED_DIFFERS}"
    )
    show_table(
        pd.DataFrame(
            {
                "Month": both["month"].map(style.format_month),
                "Council's own figure": [style.format_value(v, unit) for v in both["own_value"]],
                "DfE published figure": [style.format_value(v, unit) for v in both["published_value"]],
                "DfE period": both["published_period"],
            }
        ),
        f"own-and-published-{measure_code}",
    )


def show_benchmarks(data: BoardData, indicators: list[str], context: ChartContext) -> None:
    """A benchmark chart per indicator; one note naming the file to load when none of them is loaded."""
    loaded = {indicator: published_benchmark(data, indicator) for indicator in indicators}
    if all(bench is None for bench in loaded.values()):
        ask_to_load("published", what=f"No DfE published figures are loaded for {data.authority_name}")
        return
    for indicator in indicators:
        name, unit = _label(data, indicator)
        show_benchmark(data, indicator, name, unit, context)


def show_published_summary(data: BoardData) -> None:
    """The council's newest published figure for each summary indicator loaded, against England and its
    neighbours: what the dashboard can show for a council with no plan of its own."""
    rows = []
    for indicator in SUMMARY_INDICATORS:
        bench = published_benchmark(data, indicator)
        latest = benchmarks.latest_comparison(bench) if bench is not None else None
        if latest is None:
            continue
        name, unit = _label(data, indicator)
        rows.append(
            {
                "Measure": name,
                "Year": latest["period"],
                data.authority_name: style.format_value(latest[benchmarks.COUNCIL], unit),
                "England": style.format_value(latest[benchmarks.ENGLAND], unit, latest[f"{benchmarks.ENGLAND}_status"]),
                "Statistical neighbours (average)": style.format_value(latest[benchmarks.NEIGHBOURS], unit)
                if bench.neighbour_count
                else "not loaded",
                "Data as at": style.format_date(bench.as_at_of(latest["time_period"])),
                "Source": bench.source,
            }
        )
    if not rows:
        ask_to_load("published", what="None of the usual DfE indicators is loaded for this council")
        return
    st.caption(
        "The newest year DfE publishes for each measure: the council's figure, England's and its statistical "
        "neighbours' average. The Caseloads and Trajectories pages chart them over time."
    )
    show_table(pd.DataFrame(rows), "published-summary")

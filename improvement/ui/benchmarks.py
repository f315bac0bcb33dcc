"""DfE published figures for pages: a council against England, its region and its statistical neighbours.

``published_benchmark`` is cached like ``board_data``: keyed on the database URL, the newest load id (any new load
invalidates it), the authority and the indicator. ``show_benchmark`` draws the chart, or says which DfE file to
load when none is loaded: published data comes from the user, never from the demo seed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from improvement import benchmarks, charts, queries
from improvement.charts import ChartContext
from improvement.db import get_engine
from improvement.settings import get_settings
from improvement.ui.components import show_chart
from improvement.ui.data import BoardData


def published_benchmark(authority_code: str, indicator: str) -> benchmarks.Benchmark | None:
    """The authority's published series for ``indicator`` with England, region and neighbours; None if not loaded."""
    url = get_settings().database_url
    return _published_benchmark(url, queries.data_version(get_engine(url)), authority_code, indicator)


@st.cache_data(show_spinner=False, max_entries=64)
def _published_benchmark(url: str, version: int, authority_code: str, indicator: str) -> benchmarks.Benchmark | None:
    engine = get_engine(url)
    listed = queries.authorities(engine).set_index("code")
    if authority_code not in listed.index:
        return None
    name = str(listed.at[authority_code, "name"])
    old_code = listed.at[authority_code, "old_la_code"]
    old_code = str(old_code) if isinstance(old_code, str) and old_code else None
    if old_code:
        neighbours = queries.statistical_neighbours(engine, old_code)
    else:
        neighbours = pd.DataFrame({"neighbour_old_la_code": pd.Series(dtype=str)})
    codes = [str(code) for code in neighbours["neighbour_old_la_code"]]
    values = queries.published_values(
        engine, indicator, authority_code=authority_code, old_la_codes=[old_code, *codes] if old_code else codes
    )
    return benchmarks.benchmark(values, neighbours, indicator, name, authority_code, old_code)


def show_benchmark(
    authority_code: str,
    indicator: str,
    name: str,
    unit: str,
    context: ChartContext,
    caveat: str | None = None,
) -> benchmarks.Benchmark | None:
    """The benchmark chart for one indicator, or a short note saying which DfE file to load."""
    bench = published_benchmark(authority_code, indicator)
    if bench is None:
        st.info(f"No DfE published figures for {name} ({indicator}) are loaded. {benchmarks.file_hint(indicator)}")
        return None
    show_chart(charts.benchmark_chart(bench, name, unit, context, caveat))
    if not bench.neighbour_count:
        st.caption(
            "Statistical neighbours are not loaded: load DfE's New_Statistical_Neighbour_Groupings CSV to add "
            "the neighbour average."
        )
    return bench


def _label(data: BoardData, indicator: str) -> tuple[str, str]:
    """The plan's own name and unit for the measure published as ``indicator``, else the indicator's label."""
    plan = data.plan_measures[data.plan_measures["national_equivalent"] == indicator]
    if len(plan):
        return str(plan["name"].iloc[0]), str(plan["unit"].iloc[0])
    known = benchmarks.INDICATORS.get(indicator)
    return (known.label, known.unit) if known else (indicator, "ratio")


def show_measure_benchmark(data: BoardData, measure_code: str, context: ChartContext) -> None:
    """For a plan measure with a published equivalent: its benchmark chart (nothing for a local-only measure)."""
    plan = data.plan_measures.set_index("measure_code")
    if measure_code not in plan.index:
        return
    indicator, caveat = benchmarks.published_equivalent(measure_code, plan.at[measure_code, "national_equivalent"])
    if indicator is None:
        return
    st.subheader("Against England, the region and statistical neighbours")
    if caveat:
        known = benchmarks.INDICATORS.get(indicator)
        name, unit = (known.label, known.unit) if known else (indicator, str(plan.at[measure_code, "unit"]))
    else:
        name, unit = str(plan.at[measure_code, "name"]), str(plan.at[measure_code, "unit"])
    show_benchmark(data.authority_code, indicator, name, unit, context, caveat)


def show_benchmarks(data: BoardData, indicators: list[str], context: ChartContext) -> None:
    """A benchmark chart per indicator; one note naming the file to load when none of them is loaded."""
    loaded = {indicator: published_benchmark(data.authority_code, indicator) for indicator in indicators}
    if all(bench is None for bench in loaded.values()):
        st.info(f"No DfE published figures are loaded for {data.authority_name}. {benchmarks.file_hint(indicators[0])}")
        return
    for indicator in indicators:
        name, unit = _label(data, indicator)
        show_benchmark(data.authority_code, indicator, name, unit, context)

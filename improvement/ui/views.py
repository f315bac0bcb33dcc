"""Every page's view, worked out once per data state and choice (``improvement.ui.cache.on_data_state``).

A page gets its view here, never from ``improvement.topics`` directly (an import-linter contract says so): the
topics' ``view`` functions, wrapped so that the first visitor computes the rules, tables and charts and every later
visitor, and every click that reruns the page, reuses them. A widget that only changes what is drawn (a team, a
measure, a window) is an argument, so each choice is computed once too. Where a view needs something read beside
the board (the adviser's contract, an Annex A extract, DfE's published figures), the function here reads it through
the cached readers (``improvement.ui.data``) and takes only the keys.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.queries.loads import council_loads
from improvement.topics.annex_a import view as annex_a
from improvement.topics.benchmarks import rules as benchmark_rules
from improvement.topics.benchmarks import view as benchmarks
from improvement.topics.caseloads import view as caseloads
from improvement.topics.contract import view as contract
from improvement.topics.digest import view as digest
from improvement.topics.governance import view as governance
from improvement.topics.loads import view as loads
from improvement.topics.overview import view as overview
from improvement.topics.plan import view as plan
from improvement.topics.rag import view as rag
from improvement.topics.review import view as review
from improvement.topics.rhythm import view as rhythm
from improvement.topics.spc import view as spc
from improvement.ui.cache import on_data_state, on_newest_load
from improvement.ui.data import adviser_contract_data, annex_a_snapshot, published_benchmark

# --- Board ---------------------------------------------------------------------------------------------------
overview_view = on_data_state(overview.overview_view)
area_choices = on_data_state(rag.area_choices)
priority_area_view = on_data_state(rag.priority_area_view)
rag_history_view = on_data_state(rag.rag_history_view)

# --- Performance ---------------------------------------------------------------------------------------------
trajectories_view = on_data_state(plan.trajectories_view)
measure_detail = on_data_state(plan.measure_detail)
caseload_view = on_data_state(caseloads.caseload_view)


def _annex_a_view(data: BoardData, extract_date: dt.date, context: ChartContext) -> annex_a.AnnexAView:
    """The Annex A figures at one extract date (``topics.annex_a.view``)."""
    return annex_a.annex_a_view(annex_a_snapshot(data.authority_code, extract_date), context)


annex_a_view = on_data_state(_annex_a_view)

# --- Governance ----------------------------------------------------------------------------------------------
action_plan_filters = on_data_state(governance.action_plan_filters)
action_plan_view = on_data_state(governance.action_plan_view)
risks_view = on_data_state(governance.risks_view)
risk_scores_chart = on_data_state(governance.risk_scores_chart)
MAX_RISKS_COMPARED = governance.MAX_RISKS_COMPARED
rhythm_view = on_data_state(rhythm.rhythm_view)
review_windows = on_data_state(review.windows)
review_view = on_data_state(review.review_view)


def _contract_view(data: BoardData, context: ChartContext) -> contract.ContractView:
    """The adviser's contract and days against the council's data date (``topics.contract.view``)."""
    return contract.contract_view(adviser_contract_data(data.authority_code), data.as_at, context)


contract_view = on_data_state(_contract_view)

# --- DfE published figures -----------------------------------------------------------------------------------
SUMMARY_INDICATORS = benchmarks.SUMMARY_INDICATORS
indicator_label = on_data_state(benchmarks.indicator_label)
published_as = on_data_state(benchmarks.published_as)


def _benchmark_view(
    data: BoardData, indicator: str, name: str, unit: str, context: ChartContext, caveat: str | None
) -> tuple[benchmark_rules.Benchmark, Chart, str | None] | None:
    """The council's published ``indicator`` with its chart and note; None when none is loaded."""
    bench = published_benchmark(data, indicator)
    if bench is None:
        return None
    chart, note = benchmarks.benchmark_view(bench, name, unit, context, caveat)
    return bench, chart, note


benchmark_view = on_data_state(_benchmark_view)


def _own_and_published(data: BoardData, measure_code: str) -> pd.DataFrame:
    """The months where the council's own figure and DfE's describe the same month (empty: none, or nothing
    published for the measure)."""
    measure = benchmarks.published_as(data, measure_code)
    bench = None if measure is None else published_benchmark(data, measure.indicator)
    if measure is None or bench is None:
        return pd.DataFrame()
    return benchmarks.own_and_published_view(data, measure, bench)


own_and_published = on_data_state(_own_and_published)


def _published_summary(data: BoardData) -> pd.DataFrame:
    """The newest published figure of each summary indicator loaded, against England and the neighbours."""
    return benchmarks.published_summary(
        data, {indicator: published_benchmark(data, indicator) for indicator in SUMMARY_INDICATORS}
    )


published_summary = on_data_state(_published_summary)


def any_published(data: BoardData, indicators: tuple[str, ...]) -> bool:
    """Whether DfE's published figures for any of ``indicators`` are loaded for the council."""
    return any(published_benchmark(data, indicator) is not None for indicator in indicators)


# --- Signal or noise (SPC) --------------------------------------------------------------------------------------
spc_detail = on_data_state(spc.spc_detail)
spc_trajectory_table = on_data_state(spc.trajectory_table)
special_cause_now = on_data_state(spc.special_cause_now)


# --- Data ----------------------------------------------------------------------------------------------------
# The load history and freshness are read once per data state (``improvement.ui.data``); shaping them is cheap.
freshness_table = loads.freshness
history_table = loads.history


# --- What changed (the digest) -----------------------------------------------------------------------------------
# The council's loads are read once per data state, as the board is; the digest of each window is worked out once.
loads_of_council = on_newest_load(council_loads)
board_meeting_choices = on_data_state(digest.board_meeting_choices)
digest_heading = digest.digest_heading


def _digest_view(data: BoardData, since: dt.date | None = None, until: dt.date | None = None) -> digest.Digest:
    """What changed after ``since`` up to ``until`` (defaults: the last board meeting, the data's as-at date), from
    the board's data and the council's loads (``topics.digest.view``)."""
    return digest.digest_view(data, loads_of_council(data.authority_code), since, until)


digest_view = on_data_state(_digest_view)

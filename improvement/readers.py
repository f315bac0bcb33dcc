"""Everything else the pages read from the database, without Streamlit: the councils to choose from, an Annex A
snapshot, the adviser's contract, a published benchmark, the load history and freshness.

Like ``board.read_board``, each takes the engine first and returns a plain, picklable value, so the app caches
each one the same way, on the newest load (``improvement.ui.cache``), and a command or a test calls it directly.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from improvement import queries
from improvement.topics.annex_a.rules import AnnexASnapshot, annex_a_breakdown, annex_a_headlines
from improvement.topics.benchmarks.rules import Benchmark, benchmark
from improvement.topics.contract.rules import AdviserContractData, ContractTerms


def councils(engine: Engine) -> pd.DataFrame:
    """Every registered authority (``queries.authority_contents``): councils with improvement data first, then
    the others, each group by name. ``improvement`` says whether any of the council's own data is loaded, and
    ``shows`` whether it has anything to show (its own data or DfE published figures)."""
    contents = queries.authority_contents(engine)
    own = [name for name, _model in queries.AUTHORITY_TABLES]
    contents["improvement"] = contents[own].any(axis=1)
    contents["shows"] = contents["improvement"] | contents["published"]
    return contents.sort_values(["improvement", "name"], ascending=[False, True], ignore_index=True)


def annex_a_snapshot(engine: Engine, authority_code: str, extract_date: dt.date, threshold: int) -> AnnexASnapshot:
    """The Annex A figures at one extract date, small counts already suppressed."""
    aggregates = queries.annex_a_aggregates(engine, authority_code, extract_date)
    return AnnexASnapshot(
        extract_date=extract_date,
        headlines=annex_a_headlines(aggregates, threshold),
        by_category=annex_a_breakdown(aggregates, "category_of_abuse", threshold),
        by_team=annex_a_breakdown(aggregates, "team", threshold),
        synthetic=bool(aggregates["is_synthetic"].astype(bool).any()) if len(aggregates) else False,
    )


def adviser_contract(engine: Engine, authority_code: str) -> AdviserContractData:
    """The adviser's contract terms (newest load) and delivered days."""
    contract = queries.adviser_contract(engine, authority_code)
    days = queries.adviser_days(engine, authority_code)
    days["day_date"] = [timestamp.date() for timestamp in days["day_date"]]
    return AdviserContractData(
        terms=ContractTerms.from_frame(contract),
        days=days,
        synthetic=bool(contract["is_synthetic"].astype(bool).any()) if len(contract) else False,
    )


def published_benchmark(
    engine: Engine, authority_code: str, name: str, old_code: str | None, indicator: str
) -> Benchmark | None:
    """The council's published series for ``indicator`` with England, its region and its statistical neighbours;
    None when no published figure for the council is loaded."""
    if old_code:
        neighbours = queries.statistical_neighbours(engine, old_code)
    else:
        neighbours = pd.DataFrame({"neighbour_old_la_code": pd.Series(dtype=str)})
    codes = [str(code) for code in neighbours["neighbour_old_la_code"]]
    values = queries.published_values(
        engine, indicator, authority_code=authority_code, old_la_codes=[old_code, *codes] if old_code else codes
    )
    return benchmark(values, neighbours, indicator, name, authority_code, old_code)


def load_history(engine: Engine) -> pd.DataFrame:
    """Every load, newest first (``queries.load_history``)."""
    return queries.load_history(engine)


def freshness(engine: Engine) -> pd.DataFrame:
    """Per kind of load: the newest load and the newest period in its data (``queries.freshness``)."""
    return queries.freshness(engine)

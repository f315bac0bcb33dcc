"""``make bench``: DfE's Portfolio page at scale, beside one council's Overview.

On the 150-council database, 60 of them in intervention (``build_large_dataset(in_intervention=60)``, as
``scripts/bench.py`` builds it), with Streamlit's AppTest as a server runs it (the script's own time):

- the Portfolio page cold (the first DfE visitor after a start or a load: every council's board read and
  summarised) and warm (every later click), beside one council's Overview cold and warm; the target is the
  portfolio's warm time within 3 times the Overview's;
- how its cost grows with the councils shown: the portfolio's rows worked out without Streamlit (each council's
  board read, ``topics.portfolio.view.summary``, then the view) for the first 15, 30 and 60 councils in
  intervention, with the time per council, which should stay flat (cost no faster than the councils shown).

Nothing asserts on time: it prints the figures.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

from bench_pages import clear_streamlit_caches  # scripts/, beside this file
from streamlit.testing.v1 import AppTest

from improvement import queries, readers
from improvement.board import read_board
from improvement.charting import ChartContext
from improvement.db import get_engine
from improvement.settings import get_settings
from improvement.topics.portfolio import view as portfolio
from tests.support.apptest import ENTRY

TARGET_RATIO = 3.0
COUNTS = (15, 30, 60)


def _timed_page(clock, path: str, repeats: int, **query: str) -> tuple[float, float, AppTest]:
    app = AppTest.from_file(ENTRY, default_timeout=600)
    app.run()
    app.switch_page(path)
    for key, value in query.items():
        app.query_params[key] = value
    clear_streamlit_caches()
    cold = clock.run(app)
    if app.exception:
        raise RuntimeError(f"{path} raised: {[e.message for e in app.exception]}")
    warm = [clock.run(app) for _ in range(repeats)]
    return cold, statistics.median(warm), app


def time_portfolio(clock, url: str, overview_council: str, repeats: int = 5) -> None:
    """The Portfolio page against one council's Overview, and its cost by councils shown (module docstring)."""
    os.environ["DATABASE_URL"] = url
    engine = get_engine(url)
    in_intervention = sorted(set(queries.interventions(engine)["authority_code"]))
    print(f"\nPortfolio ({len(in_intervention)} councils in intervention), against one council's Overview", flush=True)
    portfolio_cold, portfolio_warm, app = _timed_page(clock, "pages/portfolio.py", repeats)
    rows = next((len(frame.value) for frame in app.dataframe), 0)
    overview_cold, overview_warm, _ = _timed_page(clock, "pages/overview.py", repeats, authority=overview_council)
    ratio = portfolio_warm / overview_warm if overview_warm else float("nan")
    met = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"  Portfolio: cold {portfolio_cold:.2f} s, warm {portfolio_warm:.3f} s ({rows} rows shown)")
    print(f"  Overview:  cold {overview_cold:.2f} s, warm {overview_warm:.3f} s")
    print(f"  warm portfolio / warm Overview = {ratio:.1f} (target {TARGET_RATIO:g} or less: {met})", flush=True)

    settings = get_settings()
    interventions, judgements = queries.interventions(engine), queries.ofsted_judgements(engine)
    print("  The portfolio's rows without Streamlit, by councils shown (each board read afresh):")
    for count in [c for c in COUNTS if c <= len(in_intervention)]:
        codes = in_intervention[:count]
        started = time.perf_counter()
        summaries = []
        for code in codes:
            data = read_board(engine, code, settings.suppression_threshold)
            held = readers.adviser_contract(engine, code)
            summaries.append(portfolio.summary(data, held.terms, held.days, interventions, judgements, dt.date.today()))
        context = ChartContext("Councils in intervention", None, settings.protective_marking, True)
        portfolio.portfolio_view(summaries)
        portfolio.theme_view(portfolio.rules.worst_first(summaries), {}, context)
        seconds = time.perf_counter() - started
        print(f"    {count:>3} councils: {seconds:.2f} s, {seconds / count * 1000:.0f} ms a council", flush=True)

"""What the Portfolio page reads: every council with an intervention, each council's board read once per data state
(``ui.data.board_data``, shared with its own pages), and the portfolio's views worked out once per data state and
choice. Only for people who see across councils (``Permission.ACROSS_COUNCILS``, DfE): ``dashboard.main`` refuses
the page to everyone else and ``portfolio_codes`` checks again.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd

from improvement import exports, queries, style
from improvement.access import Permission
from improvement.charting import Chart, ChartContext
from improvement.papers.workbook import table_workbook
from improvement.settings import get_settings
from improvement.topics.portfolio import rules
from improvement.topics.portfolio import view as portfolio
from improvement.topics.review import rules as review
from improvement.topics.review.view import review_charts, review_pack
from improvement.ui.cache import on_data_state, on_newest_load
from improvement.ui.data import adviser_contract_data, board_data, published_benchmark
from improvement.ui.signin import current_access
from improvement.ui.views import loads_of_council

_interventions = on_newest_load(queries.interventions)
_judgements = on_newest_load(queries.ofsted_judgements)


class NotAllowed(Exception):  # noqa: N818 (a refusal the page shows)
    pass


def portfolio_codes() -> tuple[str, ...]:
    """Every council with an intervention recorded (in or out of it), for someone who sees across councils."""
    access = current_access()
    if not access.may(Permission.ACROSS_COUNCILS):
        raise NotAllowed("Your access does not include the views across councils.")
    codes = sorted(set(_interventions()["authority_code"]))
    return tuple(access.visible(codes))


def _summaries(codes: tuple[str, ...], on: dt.date) -> list[rules.CouncilSummary]:
    interventions, judgements = _interventions(), _judgements()
    found = []
    for code in codes:
        held = adviser_contract_data(code)
        found.append(portfolio.summary(board_data(code), held.terms, held.days, interventions, judgements, on))
    return found


summaries = on_data_state(_summaries)


def _view(codes: tuple[str, ...], on: dt.date) -> portfolio.PortfolioView:
    return portfolio.portfolio_view(summaries(codes, on))


portfolio_view = on_data_state(_view)


def _themes(shown: tuple[str, ...], on: dt.date) -> Chart | None:
    """The theme grid of the councils shown (``shown``: their codes, worst first)."""
    by_code = {s.code: s for s in summaries(shown, on)}
    themes = {}
    for code in shown:
        areas = board_data(code).priority_areas
        themes[code] = dict(zip(areas["priority_area_code"], areas["theme"], strict=True))
    return portfolio.theme_view([by_code[code] for code in shown], themes, context(shown, on))


theme_chart = on_data_state(_themes)


def synthetic(codes: tuple[str, ...]) -> bool:
    """Whether any of the councils' data is synthetic (the demo)."""
    return any(board_data(code).synthetic for code in codes)


def context(codes: tuple[str, ...], on: dt.date) -> ChartContext:
    return portfolio.context_for(summaries(codes, on), get_settings().protective_marking, synthetic(codes))


def _feed(codes: tuple[str, ...], since: dt.date, on: dt.date) -> portfolio.Feed:
    boards = [board_data(code) for code in codes]
    return portfolio.change_feed(
        boards,
        summaries(codes, on),
        {code: loads_of_council(code) for code in codes},
        _interventions(),
        _judgements(),
        {code: adviser_contract_data(code).terms for code in codes},
        since,
        on,
    )


change_feed = on_data_state(_feed)


def _benchmarks(codes: tuple[str, ...], on: dt.date) -> portfolio.PortfolioBenchmarks:
    loaded = {
        code: {
            indicator: published_benchmark(board_data(code), indicator) for indicator in portfolio.SUMMARY_INDICATORS
        }
        for code in codes
    }
    return portfolio.portfolio_benchmarks(summaries(codes, on), loaded, context(codes, on))


benchmarks = on_data_state(_benchmarks)


def filtered(view: portfolio.PortfolioView, regions: list[str], kinds: list[str], advisers: list[str], ended: bool):
    """The view's councils and table rows kept by the filters (an empty filter keeps everything)."""
    keep = [
        (not regions or s.region in regions)
        and (not kinds or s.intervention in kinds)
        and (not advisers or s.adviser in advisers)
        and (ended or s.in_intervention)
        for s in view.summaries
    ]
    return [s for s, k in zip(view.summaries, keep, strict=True) if k], view.table[keep].reset_index(drop=True)


def table_csv(table: pd.DataFrame) -> bytes:
    return style.table_csv(table)


def table_xlsx(table: pd.DataFrame) -> bytes:
    return table_workbook(table, "portfolio")


def review_packs(codes: tuple[str, ...], end: dt.date) -> bytes:
    """A zip of each council's six-monthly review pack (PDF) for the six months to ``end``; a council with nothing a
    chart can show for the window gets a line in the zip's README instead."""
    settings = get_settings()
    archive, skipped = io.BytesIO(), []
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for code in codes:
            data = board_data(code)
            chart_context = ChartContext.for_board(data, settings)
            charts = review_charts(review_pack(data, review.window_ending(end, "chosen date")), chart_context)
            if not charts:
                skipped.append(f"{data.authority_name} ({code}): nothing to chart for the six months to {end}")
                continue
            pack = exports.briefing_pack(charts, chart_context, title="Six-monthly review pack")
            zipped.writestr(f"{code}-{exports.file_stem(data.authority_name)}-review-{end.isoformat()}.pdf", pack.pdf)
        marking = settings.protective_marking
        lines = [f"Six-monthly review packs for the six months to {style.format_date(end)}. {marking}.", *skipped]
        zipped.writestr("README.txt", "\n".join(lines) + "\n")
    return archive.getvalue()

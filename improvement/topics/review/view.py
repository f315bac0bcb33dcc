"""What the Six-monthly review pack page and the briefing pack show for a window: the pack and its charts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.review import charts, tables
from improvement.topics.review import rules as review


def review_pack(data: BoardData, window: review.Window) -> review.ReviewPack:
    """Everything the six-monthly review pack shows for ``window`` (the rules are ``topics.review.rules``)."""
    return review.ReviewPack(
        window=window,
        rag=review.rag_movement(data.ratings, data.priority_areas, window),
        measures=review.measures_at_ends(data.plan_measures, data.observations, data.trajectories, window),
        completed=review.actions_completed(data.milestones, window),
        slipped=review.actions_slipped(data.milestones, window),
        opened=review.risks_opened(data.risks, data.risk_reviews, window),
        closed=review.risks_closed(data.risks, data.risk_reviews, window),
        narratives=review.narratives(data.ratings, window),
    )


def review_charts(pack: review.ReviewPack, context: ChartContext) -> list[Chart]:
    """The six-monthly review pack's charts: RAG movement, and measures on trajectory at the window's ends."""
    return [
        charts.review_rag_chart(pack.rag, pack.window, context),
        charts.review_measures_chart(pack.measures, pack.window, context),
    ]


@dataclass(frozen=True)
class ReviewView:
    """Everything the Six-monthly review pack page shows for one window."""

    pack: review.ReviewPack
    rag_chart: Chart
    measures_chart: Chart
    measures: pd.DataFrame  # tables.review_measures_table
    completed: pd.DataFrame  # tables.review_completed_table
    slipped: pd.DataFrame
    opened: pd.DataFrame  # tables.review_risks_table
    closed: pd.DataFrame


def windows(data: BoardData) -> list[review.Window]:
    """The windows the page offers, newest first (``rules.review_windows``)."""
    return review.review_windows(data.meetings, data.as_at)


def review_view(data: BoardData, window: review.Window, context: ChartContext) -> ReviewView:
    pack = review_pack(data, window)
    rag_chart, measures_chart = review_charts(pack, context)
    return ReviewView(
        pack=pack,
        rag_chart=rag_chart,
        measures_chart=measures_chart,
        measures=tables.review_measures_table(pack.measures),
        completed=tables.review_completed_table(pack.completed),
        slipped=tables.review_slipped_table(pack.slipped),
        opened=tables.review_risks_table(pack.opened),
        closed=tables.review_risks_table(pack.closed),
    )

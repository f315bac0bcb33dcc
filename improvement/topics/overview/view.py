"""What the Overview shows, built by one function: what needs attention, the latest ratings and what the data says
of them, the reporting dates and the headline measures. The Overview builds on every other topic."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.overview.tables import attention_sentence
from improvement.topics.plan.tables import headline_table
from improvement.topics.plan.view import headline_chart
from improvement.topics.rag.view import LatestRatings, latest_ratings
from improvement.topics.rhythm.tables import rhythm_caption


@dataclass(frozen=True)
class OverviewView:
    attention: str  # what needs attention, in one sentence (topics.overview.rules counts)
    ratings: LatestRatings
    rhythm_caption: str
    headline: pd.DataFrame  # the headline measures' progress rows
    headline_table: pd.DataFrame
    headline_chart: Chart | None


def overview_view(data: BoardData, context: ChartContext) -> OverviewView:
    headline = data.progress[data.progress["is_headline"].astype(bool)]
    return OverviewView(
        attention=attention_sentence(data.status),
        ratings=latest_ratings(data),
        rhythm_caption=rhythm_caption(data.rhythm, data.adviser_start),
        headline=headline,
        headline_table=headline_table(headline),
        headline_chart=headline_chart(data, context),
    )

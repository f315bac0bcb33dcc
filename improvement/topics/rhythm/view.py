"""What the Reporting rhythm page shows: reports due, made, late and missing, the next dates, DfE reviews and board
meetings, built by one function from the board's rhythm (``BoardData.rhythm``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from improvement import style
from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.rhythm import charts, rules, tables


@dataclass(frozen=True)
class RhythmView:
    state: rules.Rhythm
    caption: str  # how the due dates are worked out
    not_on_time: list[str]  # one line per report late or missing (Markdown)
    chart: Chart
    reviews: pd.DataFrame  # tables.dfe_reviews_table
    board_meetings: pd.DataFrame  # tables.board_meetings_table
    board_meetings_upcoming: int


def rhythm_view(data: BoardData, context: ChartContext) -> RhythmView:
    state = data.rhythm
    flagged = state.schedule[state.schedule["status"] != rules.ON_TIME]
    return RhythmView(
        state=state,
        caption=(
            f"{tables.rhythm_caption(state, data.adviser_start)} Late: made after its due date. Missing: the due date "
            "had passed by the date the data describes with no report. Only submitted reports count."
        ),
        not_on_time=[
            f"Due {style.format_date(row.due_date)}: {tables.report_status_text(row.status, row.days_late)}"
            + (f" (made {style.format_date(row.submitted_date)})" if row.status == rules.LATE else "")
            for row in flagged.itertuples()
        ],
        chart=charts.reporting_rhythm_chart(state, context),
        reviews=tables.dfe_reviews_table(state.reviews),
        board_meetings=tables.board_meetings_table(state.board_meetings),
        board_meetings_upcoming=len(state.board_meetings) - state.board_meetings_held,
    )

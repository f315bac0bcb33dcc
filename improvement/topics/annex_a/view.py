"""What the Annex A snapshot page shows for one extract date: headline figures, children on plans by team as a chart
(or in words when every count is suppressed) and by category as a table."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from improvement.charting import Chart, ChartContext
from improvement.topics.annex_a import charts, rules, tables


@dataclass(frozen=True)
class AnnexAView:
    snapshot: rules.AnnexASnapshot
    headlines: pd.DataFrame  # Measure, Value, Definition (as shown: small counts as c)
    by_team: Chart | None  # None when no child was on a plan
    by_category: pd.DataFrame


def annex_a_view(snapshot: rules.AnnexASnapshot, context: ChartContext) -> AnnexAView:
    """The snapshot's figures as the page shows them, dated by the extract date."""
    context = dataclasses.replace(
        context, data_as_at=snapshot.extract_date, synthetic=context.synthetic or snapshot.synthetic
    )
    return AnnexAView(
        snapshot=snapshot,
        headlines=snapshot.headlines,
        by_team=None
        if snapshot.by_team.empty
        else charts.annex_a_team_chart(snapshot.by_team, snapshot.extract_date, context),
        by_category=tables.annex_a_breakdown_table(snapshot.by_category, "Latest category of abuse"),
    )

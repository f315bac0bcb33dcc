"""What the Action plan and Risks pages show: each page's view, built from the board's data by one function.

The pages only lay these out; every figure, table and chart comes from the governance rules, tables and charts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.governance import charts, rules, tables


@dataclass(frozen=True)
class ActionPlanView:
    owners: dict[str, str]  # the owner filter's options
    statuses: dict[str, str]  # the status filter's options, stored status -> words
    chosen: pd.DataFrame  # the milestones the filters keep
    scope: str  # the filters in words ("owner: ...; status: ..."), empty when none
    timeline: Chart | None
    overdue: pd.DataFrame  # tables.milestone_due_table of those overdue
    due_soon: pd.DataFrame
    completion: Chart | None


def action_plan_filters(data: BoardData) -> tuple[dict[str, str], dict[str, str]]:
    """The options of the owner and status filters."""
    milestones = data.milestones
    present = [status for status in rules.STATUS_LABELS if status in set(milestones["status"])]
    return (
        {owner: owner for owner in sorted(milestones["owner"].unique())},
        {status: rules.STATUS_LABELS[status] for status in present},
    )


def action_plan_view(data: BoardData, owners: list[str], statuses: list[str], context: ChartContext) -> ActionPlanView:
    """The milestones the filters keep, on a timeline, overdue, due soon and completed over time."""
    owner_options, status_options = action_plan_filters(data)
    chosen = rules.filter_milestones(data.milestones, owners, statuses)
    scope = "; ".join(
        part
        for part in (
            f"owner: {', '.join(owners)}" if owners else "",
            f"status: {', '.join(rules.STATUS_LABELS[s] for s in statuses)}" if statuses else "",
        )
        if part
    )
    as_at = data.as_at
    if chosen.empty:
        return ActionPlanView(owner_options, status_options, chosen, scope, None, chosen, chosen, None)
    completion = rules.completion_by_month(chosen, as_at)
    return ActionPlanView(
        owners=owner_options,
        statuses=status_options,
        chosen=chosen,
        scope=scope,
        timeline=charts.milestone_timeline_chart(chosen, data.priority_areas, as_at, context, scope),
        overdue=tables.milestone_due_table(rules.overdue(chosen, as_at), as_at),
        due_soon=tables.milestone_due_table(rules.due_soon(chosen, as_at), as_at),
        completion=charts.milestone_completion_chart(completion, data.priority_areas, context),
    )


@dataclass(frozen=True)
class RisksView:
    current: pd.DataFrame  # rules.current_risks
    open_count: int
    unreviewed: pd.DataFrame  # open risks with no review yet (not in the matrix)
    matrix: Chart
    top: pd.DataFrame  # tables.top_risks_table
    choices: dict[str, str]  # risks with reviews, for the score chart: reference -> label
    default_choice: list[str]
    raised_closed: Chart


def risks_view(data: BoardData, context: ChartContext) -> RisksView:
    """The register at its latest reviews: the matrix, the top risks, the choices for the score chart, and risks
    raised and closed per month."""
    current = rules.current_risks(data.risks, data.risk_reviews)
    open_risks = current[current["status"] == "open"]
    unreviewed = open_risks[open_risks["score"].isna()]
    top = rules.top_risks(current)
    ranked = current.sort_values(["status", "score", "reference"], ascending=[False, False, True], na_position="last")
    reviewed = set(data.risk_reviews["risk_reference"])
    return RisksView(
        current=current,
        open_count=len(open_risks),
        unreviewed=unreviewed,
        matrix=charts.risk_matrix_chart(rules.matrix_counts(current), context, unreviewed=len(unreviewed)),
        top=tables.top_risks_table(top, data.priority_areas),
        choices={
            row.reference: f"{row.reference} {row.title} ({row.status})"
            for row in ranked.itertuples()
            if row.reference in reviewed
        },
        default_choice=list(top["reference"].head(1)),
        raised_closed=charts.risks_raised_closed_chart(rules.raised_and_closed(data.risks, data.as_at), context),
    )


def risk_scores_chart(data: BoardData, chosen: list[str], context: ChartContext) -> Chart:
    """The chosen risks' scores at each review, in the order chosen."""
    picked = data.risk_reviews[data.risk_reviews["risk_reference"].isin(chosen)]
    picked = picked.assign(_order=picked["risk_reference"].map(chosen.index)).sort_values(["_order", "review_date"])
    return charts.risk_score_chart(picked.drop(columns="_order"), data.risks, context)


MAX_RISKS_COMPARED = len(charts.RISK_ROLES)
"""How many risks the score chart compares at once (one colour each)."""

"""What the RAG history and Priority areas pages show: the ratings, their narratives, and each rating against the
data, built by one function per page from the board's data (ratings, checks and evidence in ``BoardData``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from improvement import style
from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.governance.tables import milestone_table
from improvement.topics.plan.view import measure_chart
from improvement.topics.rag import charts, tables
from improvement.topics.rag import rules as honesty


@dataclass(frozen=True)
class RagHistoryView:
    chart: Chart
    grid: pd.DataFrame  # every area by every report, latest report first
    reports: pd.DataFrame  # one row per report, newest first: report_date, period_start, period_end, author, narrative


def rag_history_view(data: BoardData, context: ChartContext) -> RagHistoryView:
    chart = charts.rag_history_chart(data.ratings, data.priority_areas, context)
    reports = data.ratings.drop_duplicates("report_date").sort_values("report_date", ascending=False)
    return RagHistoryView(chart=chart, grid=chart.table, reports=reports)


@dataclass(frozen=True)
class RatingCheck:
    """The check of an area's latest rating, and every report's."""

    latest: dict  # a row of honesty.check_ratings
    warning: str | None  # tables.disagreement_text when the data disagrees (Markdown)
    verdict: str  # the verdict in words
    evidence: pd.DataFrame  # tables.rating_evidence_table of the latest report's measures (empty: none linked)
    every_report: pd.DataFrame  # tables.rating_check_table
    rule: str  # the rule in one sentence


@dataclass(frozen=True)
class PriorityAreaView:
    code: str
    title: str
    kind: str  # "Ofsted priority action" or "Area for improvement"
    source: str
    ofsted_wording: str
    ratings: pd.DataFrame  # this area's ratings, oldest first
    history: Chart | None  # None before any report rated the area
    check: RatingCheck | None
    measure_charts: list[Chart]
    milestones: pd.DataFrame  # governance.tables.milestone_table (empty: none in the plan)


def area_choices(data: BoardData) -> dict[str, str]:
    """The priority areas to choose from: code -> 'code title', in the plan's order."""
    areas = data.priority_areas
    return dict(zip(areas["priority_area_code"], areas["priority_area_code"] + " " + areas["title"], strict=True))


def priority_area_view(data: BoardData, code: str, context: ChartContext) -> PriorityAreaView:
    areas = data.priority_areas
    area = areas.set_index("priority_area_code").loc[code]
    ratings = data.ratings[data.ratings["priority_area_code"] == code].sort_values("report_date")
    check = None
    if len(ratings):
        checks = data.checks[data.checks["priority_area_code"] == code]
        latest = checks.iloc[-1].to_dict()
        evidence = honesty.evidence_for(data.evidence, code, latest["report_date"])
        disagrees = latest["verdict"] in honesty.DISAGREEMENTS
        check = RatingCheck(
            latest=latest,
            warning=tables.disagreement_text(latest, evidence, f"{code} {area['title']}") if disagrees else None,
            verdict=(
                f"The latest rating, {style.rag_text(latest['rating'])} in the report of "
                f"{style.format_date(latest['report_date'])}: **{tables.VERDICT_LABELS[latest['verdict']]}**."
            ),
            evidence=tables.rating_evidence_table(evidence) if len(evidence) else evidence,
            every_report=tables.rating_check_table(checks),
            rule=tables.rating_check_rule(),
        )
    measures = data.progress[data.progress["priority_area_code"] == code]
    milestones = data.milestones[data.milestones["priority_area_code"] == code]
    return PriorityAreaView(
        code=code,
        title=str(area["title"]),
        kind="Ofsted priority action" if area["kind"] == "priority_action" else "Area for improvement",
        source=str(area["source"]),
        ofsted_wording=str(area["ofsted_wording"]),
        ratings=ratings,
        history=charts.rag_history_chart(ratings, areas[areas["priority_area_code"] == code], context)
        if len(ratings)
        else None,
        check=check,
        measure_charts=[measure_chart(data, measure, context) for measure in measures.to_dict("records")],
        milestones=milestone_table(milestones, data.as_at) if len(milestones) else milestones,
    )


@dataclass(frozen=True)
class LatestRatings:
    """The Overview's latest rating per priority area, with what the data says of each."""

    summary: pd.DataFrame  # priority areas with rag_movement's columns (rating, previous_rating, movement...)
    table: pd.DataFrame  # tables.rag_summary_table
    warnings: list[str]  # tables.disagreement_text of each latest rating the data disagrees with
    caption: str  # tables.rating_check_summary


def latest_ratings(data: BoardData) -> LatestRatings:
    movement = honesty.rag_movement(data.ratings)
    latest = data.latest_checks
    return LatestRatings(
        summary=data.priority_areas.merge(movement, on="priority_area_code", how="left"),
        table=tables.rag_summary_table(movement, data.priority_areas),
        warnings=[
            tables.disagreement_text(
                check,
                honesty.evidence_for(data.evidence, check["priority_area_code"], check["report_date"]),
                f"{check['priority_area_code']} {data.area_title(check['priority_area_code'])}",
            )
            for check in honesty.disagreements(latest).to_dict("records")
        ],
        caption=tables.rating_check_summary(latest),
    )

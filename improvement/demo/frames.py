"""The programme's frames, one per table (codes instead of ids), the calendar helpers, and assembling frames
from the parts each council's programme is made of.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import pandas as pd

from improvement.db.models import AdviserContract, Intervention, OfstedJudgement, own_columns


@dataclass(frozen=True, eq=False)
class Programme:
    """One or more authorities' improvement programmes, one frame per table (codes instead of ids)."""

    authorities: pd.DataFrame
    priority_areas: pd.DataFrame
    measures: pd.DataFrame
    plan_measures: pd.DataFrame
    targets: pd.DataFrame
    trajectory_points: pd.DataFrame
    observations: pd.DataFrame
    rag_reports: pd.DataFrame
    rag_ratings: pd.DataFrame
    caseloads: pd.DataFrame
    plan_actions: pd.DataFrame
    milestones: pd.DataFrame
    risks: pd.DataFrame
    risk_reviews: pd.DataFrame
    meetings: pd.DataFrame
    adviser_contracts: pd.DataFrame
    adviser_days: pd.DataFrame
    interventions: pd.DataFrame
    ofsted_judgements: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        """The frames by name, in an order that a writer can follow (referenced tables first)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def row_counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.frames().items()}


COLUMNS: dict[str, tuple[str, ...]] = {
    "authorities": ("code", "old_la_code", "name", "region"),
    "priority_areas": ("authority_code", "code", "title", "kind", "ofsted_wording", "source", "sort_order", "theme"),
    "measures": (
        "code",
        "name",
        "definition",
        "unit",
        "polarity",
        "source",
        "counts_children",
        "national_equivalent",
    ),
    "plan_measures": (
        "authority_code",
        "measure_code",
        "priority_area_code",
        "is_headline",
        "baseline_value",
        "baseline_period",
        "process_change_from",
    ),
    "targets": ("authority_code", "measure_code", "value", "target_date"),
    "trajectory_points": ("authority_code", "measure_code", "period", "planned_value"),
    "observations": ("authority_code", "measure_code", "period", "value", "status", "source"),
    "rag_reports": (
        "authority_code",
        "report_date",
        "version",
        "period_start",
        "period_end",
        "author",
        "status",
        "overall_narrative",
        "reason",
    ),
    "rag_ratings": (
        "authority_code",
        "report_date",
        "version",
        "priority_area_code",
        "rating",
        "narrative",
        "evidence",
    ),
    "caseloads": (
        "authority_code",
        "team",
        "period",
        "case_holding_fte",
        "children_allocated",
        "agency_fte",
        "vacancies_fte",
    ),
    "plan_actions": ("authority_code", "priority_area_code", "reference", "title", "owner"),
    "milestones": ("authority_code", "action_reference", "title", "due_date", "status", "completed_date"),
    "risks": (
        "authority_code",
        "priority_area_code",
        "reference",
        "title",
        "owner",
        "mitigation",
        "status",
        "raised_date",
        "closed_date",
    ),
    "risk_reviews": ("authority_code", "risk_reference", "review_date", "likelihood", "impact"),
    "meetings": ("authority_code", "kind", "meeting_date", "title", "notes"),
    "adviser_contracts": ("authority_code", *own_columns(AdviserContract)),
    "adviser_days": ("authority_code", "day_date", "days", "activity", "notes"),
    "interventions": ("authority_code", *own_columns(Intervention)),
    "ofsted_judgements": ("authority_code", *own_columns(OfstedJudgement)),
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """First of each month from ``start``'s month to ``end``'s month, inclusive."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return [add_months(start, k) for k in range(months + 1)]


def nth_weekday(month: dt.date, weekday: int, n: int) -> dt.date:
    """The ``n``th ``weekday`` (Monday 0) of ``month``, e.g. the third Thursday."""
    first = month.replace(day=1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def month_label(day: dt.date) -> str:
    return day.strftime("%B %Y")


def programme_from_parts(programmes: list[dict[str, list]]) -> Programme:
    """One frame per table, built once from every programme's parts (row dicts or column dicts)."""
    frames = {}
    for name, columns in COLUMNS.items():
        data: dict[str, list] = {column: [] for column in columns}
        for parts in programmes:
            for part in parts[name]:
                for column in columns:
                    if isinstance(part, dict):
                        data[column].extend(part[column])
                    else:
                        data[column].extend(row[column] for row in part)
        frames[name] = pd.DataFrame(data, columns=list(columns))
    frames["measures"] = frames["measures"].drop_duplicates("code", ignore_index=True)
    return Programme(**frames)


def combine_programmes(programmes: list[Programme]) -> Programme:
    """Several councils' programmes as one (the measure catalogue once)."""
    frames = {
        name: pd.concat([programme.frames()[name] for programme in programmes], ignore_index=True) for name in COLUMNS
    }
    frames["measures"] = frames["measures"].drop_duplicates("code", ignore_index=True)
    return Programme(**frames)

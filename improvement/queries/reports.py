"""The adviser's reports with every version, drafts included: for the Report page and the papers only.

The board's pages read ``queries.rag_ratings`` (the newest *submitted* version of each report date); drafts are
read here, by the Report page, which only an adviser of the council reaches, and by nothing else. Each version
says who saved it and when: the load that wrote it (an upload, or a save on the Report page).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, select

from improvement.db.models import Load, PriorityArea, RagRating, RagReport
from improvement.queries.sql import authority_id, read_frame
from improvement.vocab import ReportStatus

VERSION_COLUMNS = [
    "report_date",
    "version",
    "status",
    "period_start",
    "period_end",
    "author",
    "overall_narrative",
    "reason",
    "saved_by",
    "saved_at",
    "source_name",
]


def report_versions(engine: Engine, authority_code: str) -> pd.DataFrame:
    """Every version of every report of the authority, drafts included: newest report date first, and within a
    date the newest version first."""
    statement = (
        select(
            RagReport.report_date,
            RagReport.version,
            RagReport.status,
            RagReport.period_start,
            RagReport.period_end,
            RagReport.author,
            RagReport.overall_narrative,
            RagReport.reason,
            Load.loaded_by.label("saved_by"),
            Load.loaded_at.label("saved_at"),
            Load.source_name,
        )
        .join(Load, Load.id == RagReport.load_id)
        .where(RagReport.authority_id == authority_id(authority_code))
        .order_by(RagReport.report_date.desc(), RagReport.version.desc())
    )
    return read_frame(engine, statement, date_columns=("report_date", "period_start", "period_end"))


def version_ratings(engine: Engine, authority_code: str, report_date: dt.date, version: int) -> pd.DataFrame:
    """One version's ratings, in the plan's order: priority_area_code, priority_area_title, rating (None where a
    draft has not rated the area), narrative, evidence."""
    statement = (
        select(
            PriorityArea.code.label("priority_area_code"),
            PriorityArea.title.label("priority_area_title"),
            RagRating.rating,
            RagRating.narrative,
            RagRating.evidence,
        )
        .join(RagReport, RagReport.id == RagRating.rag_report_id)
        .join(PriorityArea, PriorityArea.id == RagRating.priority_area_id)
        .where(
            RagReport.authority_id == authority_id(authority_code),
            RagReport.report_date == report_date,
            RagReport.version == version,
        )
        .order_by(PriorityArea.sort_order, PriorityArea.code)
    )
    return read_frame(engine, statement)


def submitted_report(
    engine: Engine, authority_code: str, report_date: dt.date | None = None
) -> tuple[dict, pd.DataFrame] | None:
    """The newest submitted version of the report of ``report_date`` (default: the latest submitted report), as its
    fields (by ``improvement.papers.workbook.FIELD_NAMES``, plus ``version``) and its ratings; None when there is
    none."""
    versions = report_versions(engine, authority_code)
    submitted = versions[versions["status"] == ReportStatus.SUBMITTED.value]
    if report_date is not None:
        submitted = submitted[submitted["report_date"] == pd.Timestamp(report_date)]
    if submitted.empty:
        return None
    newest = submitted.iloc[0]  # newest date, then newest version, first
    fields = {name: newest[name] for name in VERSION_COLUMNS if name in newest.index}
    fields["authority_code"] = authority_code
    for name in ("report_date", "period_start", "period_end"):
        fields[name] = newest[name].date()
    fields["version"] = int(newest["version"])
    ratings = version_ratings(engine, authority_code, fields["report_date"], fields["version"])
    return fields, ratings

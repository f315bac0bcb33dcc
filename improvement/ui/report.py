"""What the Report page reads and does: the adviser's reports with their drafts, the evidence beside each area
(worked out once per data state and period), saving a version, and the workbook of a submitted report.

Drafts are read here and nowhere else in the app: the page is for advisers (``Permission.REPORT``), and every read
and save checks that the person may write reports for that council. A save is a new load, so every cached view
moves on to the new data state by itself.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement import queries, style
from improvement.access import Permission
from improvement.board import BoardData
from improvement.db import get_engine
from improvement.db import reports as records
from improvement.papers.workbook import report_workbook
from improvement.settings import get_settings
from improvement.topics.reporting import rules, tables
from improvement.topics.reporting import view as reporting
from improvement.ui.cache import on_data_state, on_newest_load
from improvement.ui.signin import current_access

ReportRefused = rules.ReportRefused

report_desk = on_data_state(reporting.report_desk)
report_evidence = on_data_state(reporting.report_evidence)
_versions = on_newest_load(queries.report_versions)
_version_ratings = on_newest_load(queries.version_ratings)


def may_write(council: str) -> bool:
    return current_access().may(Permission.REPORT, council)


def _check(council: str) -> None:
    if not may_write(council):
        raise ReportRefused(f"Your access does not include writing reports for {council}.")


def versions(council: str) -> pd.DataFrame:
    """Every version of every report of the council, drafts included (``queries.report_versions``)."""
    _check(council)
    return _versions(council)


def stored_drafts(council: str, report_date: dt.date) -> tuple[pd.DataFrame, list[rules.ReportDraft]]:
    """The versions of one report date, oldest first, and their contents as drafts."""
    stored = versions(council)
    mine = stored[stored["report_date"] == pd.Timestamp(report_date)].sort_values("version")
    drafts = [
        rules.draft_from(council, row, _version_ratings(council, report_date, int(row["version"])).to_dict("records"))
        for row in mine.to_dict("records")
    ]
    return mine, drafts


def history_table(council: str, report_date: dt.date) -> pd.DataFrame:
    mine, drafts = stored_drafts(council, report_date)
    return tables.versions_table(mine, drafts)


def save(data: BoardData, draft: rules.ReportDraft, based_on: int | None, submit: bool) -> records.Saved:
    """Store the draft as the next version (submitted when ``submit``) as the signed-in person; ``ReportRefused``
    with the reason when the rules or the person's access do not allow it."""
    _check(data.authority_code)
    engine = get_engine(get_settings().database_url)
    return records.save_report(engine, draft, who=current_access().principal, based_on=based_on, submit=submit)


def submitted_workbook(council: str, report_date: dt.date, version: int) -> bytes:
    """A submitted version as the upload workbook (what DfE receives); it loads back unchanged."""
    mine, drafts = stored_drafts(council, report_date)
    row = mine[mine["version"] == version].iloc[0].to_dict()
    ratings = _version_ratings(council, report_date, version)
    return report_workbook({**row, "authority_code": council}, ratings)


# --- what the page needs of the rules, named here so the page imports only the app layer -------------------------
RATING_CHOICES = rules.RATING_CHOICES
REPEAT_SIMILARITY = rules.REPEAT_SIMILARITY
AreaEntry, ReportDraft = rules.AreaEntry, rules.ReportDraft


def report_choices(council: str, next_date: dt.date) -> tuple[list[dt.date], dict[dt.date, str], dt.date]:
    """The reports to open, newest first, each labelled with its newest version and status, and the one to open
    first: the newest report with a draft in progress, else the next report due."""
    stored = versions(council)
    newest = stored.drop_duplicates("report_date")  # newest version first within each date
    status = {
        day.date(): (int(version), state)
        for day, version, state in zip(newest["report_date"], newest["version"], newest["status"], strict=True)
    }
    dates = sorted(set(status) | {next_date}, reverse=True)
    labels = {}
    for day in dates:
        if day not in status:
            labels[day] = f"{style.format_date(day)}: the next report, new"
        else:
            version, state = status[day]
            said = "submitted (locked)" if state == "submitted" else "draft"
            labels[day] = f"{style.format_date(day)}: version {version}, {said}"
    in_progress = [day for day in dates if day in status and status[day][1] == "draft"]
    return dates, labels, in_progress[0] if in_progress else next_date


def draft_problems(draft: rules.ReportDraft, areas: dict[str, str], correcting: bool) -> list[str]:
    """What stops the draft being submitted (the rules' list, and a correction's reason)."""
    missing = rules.submission_problems(draft, areas)
    if correcting and not draft.reason.strip():
        missing.append("give the reason for the correction")
    return missing


def repeated_narratives(data: BoardData, draft: rules.ReportDraft) -> dict[str, float]:
    return rules.repeated_narratives(draft, data.ratings)

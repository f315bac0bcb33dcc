"""Saving a report written on the Report page: one new version per save, in one transaction with its load and its
audit event.

The rules (``topics.reporting.rules.check_save``) are applied inside the transaction, on the versions stored at
that moment, so two advisers saving the same draft cannot silently overwrite each other: the second is refused. The
unique (authority, date, version) constraint backs this up when two saves meet in the same instant. Nothing is ever
updated or deleted: a save writes a ``load`` (kind ``rag_report``, by the person saving), the ``rag_report``
version and its ``rag_rating`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError

from improvement import style
from improvement.db.access import Action, now, record
from improvement.db.models import Authority, Load, PriorityArea, RagRating, RagReport
from improvement.topics.reporting.rules import (
    ReportDraft,
    ReportRefused,
    StoredVersion,
    check_save,
    draft_from,
    is_correction,
    what_changed,
)
from improvement.vocab import ReportStatus

SOURCE = "Report page"  # the load's source name for a report written in the dashboard


@dataclass(frozen=True)
class Saved:
    version: int
    status: str
    changed: list[str]  # what_changed from the version before
    message: str  # for the person saving


def save_report(engine: Engine, draft: ReportDraft, *, who: str, based_on: int | None, submit: bool) -> Saved:
    """Store ``draft`` as the next version of its report (submitted when ``submit``), or refuse with
    ``ReportRefused`` and store nothing."""
    try:
        with engine.begin() as connection:
            return _save(connection, draft, who, based_on, submit)
    except IntegrityError as error:  # another save took the same version number in the same instant
        raise ReportRefused(
            f"Not saved: someone saved the report of {style.format_date(draft.report_date)} at the same moment. "
            "Open the newest version and make your changes again."
        ) from error


def _save(connection: Connection, draft: ReportDraft, who: str, based_on: int | None, submit: bool) -> Saved:
    authority_id = connection.scalar(select(Authority.id).where(Authority.code == draft.authority_code))
    if authority_id is None:
        raise ReportRefused(f"Not saved: {draft.authority_code} is not in the database.")
    areas = _newest_areas(connection, authority_id)
    stored = stored_versions(connection, authority_id, draft)
    check_save(draft, stored, based_on, submit, {code: title for code, (_, title) in areas.items()})
    unknown = [entry.priority_area_code for entry in draft.areas if entry.priority_area_code not in areas]
    if unknown:
        raise ReportRefused(f"Not saved: no priority area {', '.join(unknown)} in the plan of {draft.authority_code}.")

    status = ReportStatus.SUBMITTED.value if submit else ReportStatus.DRAFT.value
    version = (stored[-1].version if stored else 0) + 1
    when = style.format_date(draft.report_date)
    kind_of_save = "correction" if is_correction(stored) else "submission" if submit else "draft"
    load_id = connection.execute(
        insert(Load)
        .values(
            kind="rag_report",
            source_name=f"{SOURCE}: {kind_of_save} of the report of {when}, version {version}",
            file_hash=None,
            loaded_at=now(),
            loaded_by=who[:120],
            row_count=1 + len(draft.areas),
            outcome="loaded",
            is_synthetic=False,
        )
        .returning(Load.id)
    ).scalar_one()
    report_id = connection.execute(
        insert(RagReport)
        .values(
            load_id=load_id,
            authority_id=authority_id,
            report_date=draft.report_date,
            version=version,
            period_start=draft.period_start,
            period_end=draft.period_end,
            author=draft.author.strip(),
            status=status,
            overall_narrative=draft.overall_narrative,
            reason=draft.reason.strip() or None,
        )
        .returning(RagReport.id)
    ).scalar_one()
    for entry in draft.areas:
        connection.execute(
            insert(RagRating).values(
                load_id=load_id,
                rag_report_id=report_id,
                priority_area_id=areas[entry.priority_area_code][0],
                rating=entry.rating,
                narrative=entry.narrative,
                evidence=entry.evidence or None,
            )
        )
    changed = what_changed(stored[-1].draft if stored else None, draft)
    action = Action.REPORT_SUBMIT if submit else Action.REPORT_DRAFT
    reason = f"; reason: {draft.reason.strip()}" if submit and is_correction(stored) else ""
    record(
        connection,
        who,
        action,
        f"{kind_of_save} of the report of {when} saved as version {version} (changed: {'; '.join(changed)}){reason}",
        draft.authority_code,
    )
    said = {
        "draft": f"Draft saved as version {version} of the report of {when}.",
        "submitted": f"The report of {when} is submitted as version {version} and locked.",
        "correction": f"The correction of the report of {when} is submitted as version {version}; the earlier "
        "versions stay in its history.",
    }
    message = said["correction" if kind_of_save == "correction" else status]
    if not submit and kind_of_save == "correction":
        message = f"Draft correction saved as version {version} of the report of {when}."
    return Saved(version, status, changed, message)


def stored_versions(connection: Connection, authority_id: int, draft_or_date) -> list[StoredVersion]:
    """Every stored version of a report date (``draft_or_date``: a draft or a date), oldest first, with content."""
    report_date = draft_or_date.report_date if isinstance(draft_or_date, ReportDraft) else draft_or_date
    reports = connection.execute(
        select(
            RagReport.id,
            RagReport.version,
            RagReport.status,
            RagReport.report_date,
            RagReport.period_start,
            RagReport.period_end,
            RagReport.author,
            RagReport.overall_narrative,
            RagReport.reason,
            Load.loaded_by,
            Load.loaded_at,
        )
        .join(Load, Load.id == RagReport.load_id)
        .where(RagReport.authority_id == authority_id, RagReport.report_date == report_date)
        .order_by(RagReport.version)
    ).all()
    versions = []
    for report in reports:
        ratings = connection.execute(
            select(
                PriorityArea.code.label("priority_area_code"), RagRating.rating, RagRating.narrative, RagRating.evidence
            )
            .join(PriorityArea, PriorityArea.id == RagRating.priority_area_id)
            .where(RagRating.rag_report_id == report.id)
            .order_by(PriorityArea.sort_order, PriorityArea.code)
        ).all()
        draft = draft_from("", report._asdict(), [row._asdict() for row in ratings])
        versions.append(StoredVersion(report.version, report.status, report.loaded_by, report.loaded_at, draft))
    return versions


def _newest_areas(connection: Connection, authority_id: int) -> dict[str, tuple[int, str]]:
    """Priority area code -> (id, title) of its newest version."""
    rows = connection.execute(
        select(PriorityArea.code, PriorityArea.id, PriorityArea.title)
        .where(PriorityArea.authority_id == authority_id)
        .order_by(PriorityArea.load_id, PriorityArea.id)
    ).all()
    return {code: (area_id, title) for code, area_id, title in rows}  # later rows win

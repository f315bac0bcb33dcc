"""What the Report page shows: the report to write next, prefilled; the evidence for its period beside each priority
area; and what the rating check would say of each rating the adviser might choose, before it is saved.

The rating check is the board's own (``topics.rag.rules.check_ratings``), run on the draft as if it were the report
in force: once per rating an area could be given, so choosing a rating only looks the answer up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from improvement import style
from improvement.board import BoardData
from improvement.topics.rag import rules as honesty
from improvement.topics.rag import tables as rag_tables
from improvement.topics.reporting import rules, tables


@dataclass(frozen=True)
class RatingAnswer:
    verdict: str  # a verdict of honesty.check_ratings
    label: str  # the verdict in words (rag tables' VERDICT_LABELS)
    warning: str | None  # rag_tables.disagreement_text when the data disagrees (Markdown, loaded text escaped)


@dataclass(frozen=True)
class AreaEvidence:
    """One priority area's evidence for the report's period."""

    code: str
    title: str
    measures: pd.DataFrame  # rag_tables.rating_evidence_table: each linked measure on or off trajectory
    spc: str | None  # special-cause signals in the latest month covered, in words (None: none)
    milestones: pd.DataFrame  # tables.area_milestones_table
    risks: pd.DataFrame  # tables.area_risks_table
    answers: dict[str, RatingAnswer]  # rating -> what the check says of it

    @property
    def is_empty(self) -> bool:
        return self.measures.empty and self.milestones.empty and self.risks.empty and self.spc is None


@dataclass(frozen=True)
class ReportDesk:
    """What the page starts from."""

    areas: dict[str, str]  # priority area code -> title, in the plan's order
    next_report: rules.NextReport
    prefilled: rules.ReportDraft
    rhythm_caption: str


def report_desk(data: BoardData, author: str = "") -> ReportDesk:
    areas = dict(zip(data.priority_areas["priority_area_code"], data.priority_areas["title"], strict=True))
    upcoming = rules.next_report(data.ratings, data.rhythm.next_report_due, data.as_at)
    due = style.format_date(upcoming.report_date)
    caption = (
        f"The next report is due on {due}{' (overdue)' if upcoming.overdue else ''}, by the reporting rhythm; it "
        f"covers {style.format_date(upcoming.period_start)} to {style.format_date(upcoming.period_end)}, the period "
        "since the last submitted report."
    )
    return ReportDesk(
        areas=areas,
        next_report=upcoming,
        prefilled=rules.prefilled(data.authority_code, list(areas), data.ratings, upcoming, author),
        rhythm_caption=caption,
    )


def report_evidence(
    data: BoardData, report_date: dt.date, period_start: dt.date, period_end: dt.date
) -> dict[str, AreaEvidence]:
    """Each priority area's evidence for a report of ``report_date`` covering ``period_start`` to ``period_end``,
    with the rating check's answer for every rating it could be given."""
    codes = list(data.priority_areas["priority_area_code"])
    checks: dict[str, pd.DataFrame] = {}
    evidence = pd.DataFrame(columns=honesty.EVIDENCE_COLUMNS)
    for rating in rules.RATING_CHOICES:
        draft = rules.ReportDraft(
            data.authority_code,
            report_date,
            period_start,
            period_end,
            "",
            "",
            tuple(rules.AreaEntry(code, rating) for code in codes),
        )
        checks[rating], evidence = honesty.check_ratings(
            draft.ratings(),
            data.plan_measures,
            data.observations,
            data.trajectories,
            milestones=data.milestones,
            risks=data.risks,
            risk_reviews=data.risk_reviews,
            as_at=max(filter(None, [data.as_at, report_date])),
        )
    window = tables.period_window(report_date, period_start)
    found = {}
    for code in codes:
        title = data.area_title(code)
        mine = honesty.evidence_for(evidence, code, pd.Timestamp(report_date))
        answers = {}
        for rating, frame in checks.items():
            check = frame[frame["priority_area_code"] == code].iloc[0].to_dict()
            disagrees = check["verdict"] in honesty.DISAGREEMENTS
            answers[rating] = RatingAnswer(
                check["verdict"],
                rag_tables.VERDICT_LABELS[check["verdict"]],
                rag_tables.disagreement_text(check, mine, f"{code} {title}") if disagrees else None,
            )
        any_check = checks[rules.RATING_CHOICES[0]]
        first = any_check[any_check["priority_area_code"] == code].iloc[0]
        concern, improvement = first["spc_concern"] or [], first["spc_improvement"] or []
        found[code] = AreaEvidence(
            code=code,
            title=title,
            measures=rag_tables.rating_evidence_table(mine) if len(mine) else pd.DataFrame(),
            spc=rag_tables.spc_evidence_text(concern, improvement) if concern or improvement else None,
            milestones=tables.area_milestones_table(
                data.milestones[data.milestones["priority_area_code"] == code], window
            ),
            risks=tables.area_risks_table(
                data.risks[data.risks["priority_area_code"] == code], data.risk_reviews, window
            ),
            answers=answers,
        )
    return found

"""The machinery of the portfolio's councils (``improvement.demo.portfolio``): their interventions and Ofsted
judgements, Sefton's own, the actions a plan takes under each theme, a council's plan and story (``Council``), and
the marks some stories leave on the generated tables (milestones on time or overdue, a risk re-scored up, reports
and a DfE review missed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from improvement.demo.governance import PLAN_ACTIONS
from improvement.demo.specs import (
    ADVISERS,
    AuthoritySpec,
    PlanDesign,
    PriorityAreaSpec,
)
from improvement.vocab import InspectionKind, InterventionKind, OfstedGrade, Theme

SYNTHETIC_NOTE = "Synthetic demo data: invented, not a real council's or Ofsted's."

PA, AFI = "priority_action", "area_for_improvement"

INADEQUATE, RI, GOOD = OfstedGrade.INADEQUATE.value, OfstedGrade.REQUIRES_IMPROVEMENT.value, OfstedGrade.GOOD.value
GRADES_BELOW_GOOD = (INADEQUATE, RI)


def intervention(kind: InterventionKind, start: dt.date, adviser: str, notes: str, end: dt.date | None = None) -> dict:
    return {
        "kind": kind.value,
        "start_date": start,
        "end_date": end,
        "adviser": adviser,
        "notes": f"{notes} {SYNTHETIC_NOTE}",
    }


def judgement(kind: InspectionKind, day: dt.date, notes: str, *grades: str | None) -> dict:
    """An inspection (``grades``: overall, impact of leaders, help and protection, children in care, care leavers)
    or an ungraded visit (no grades)."""
    overall, leaders, protection, in_care, leavers = grades or (None,) * 5
    return {
        "inspection_kind": kind.value,
        "inspection_date": day,
        "overall": overall,
        "impact_of_leaders": leaders,
        "help_and_protection": protection,
        "children_in_care": in_care,
        "care_leavers": leavers,
        "notes": f"{notes} {SYNTHETIC_NOTE}",
    }


def ilacs(day: dt.date, grades: str, notes: str) -> dict:
    """An ILACS standard inspection, its five grades in letters (overall, leaders, help and protection, children in
    care, care leavers): I inadequate, R requires improvement, G good, O outstanding."""
    letters = {"I": INADEQUATE, "R": RI, "G": GOOD, "O": OfstedGrade.OUTSTANDING.value}
    return judgement(InspectionKind.ILACS_STANDARD, day, notes, *(letters[letter] for letter in grades))


def sefton_interventions() -> list[dict]:
    """Sefton's (invented) improvement notice, from the adviser's appointment on 30 June 2021, still in force."""
    return [
        intervention(
            InterventionKind.IMPROVEMENT_NOTICE,
            dt.date(2021, 6, 30),
            ADVISERS[0],
            "Improvement notice after the focused visit's priority actions; an improvement adviser appointed.",
        )
    ]


def sefton_judgements() -> list[dict]:
    """Sefton's (invented) Ofsted history: an inadequate ILACS inspection, then monitoring visits."""
    visit = InspectionKind.MONITORING_VISIT
    return [
        judgement(
            InspectionKind.ILACS_STANDARD,
            dt.date(2021, 3, 5),
            "Services for children judged inadequate; priority actions on the PLO and CP supervision.",
            INADEQUATE,
            INADEQUATE,
            INADEQUATE,
            RI,
            RI,
        ),
        judgement(visit, dt.date(2022, 1, 21), "First monitoring visit: pre-proceedings and CP planning."),
        judgement(visit, dt.date(2022, 7, 8), "Second monitoring visit: supervision and management oversight."),
        judgement(visit, dt.date(2023, 1, 27), "Third monitoring visit: quality assurance and caseloads."),
    ]


# --- the six councils' plans ----------------------------------------------------------------------------------

THEME_ACTIONS: dict[Theme, tuple[tuple[str, str], ...]] = {
    Theme.PRE_PROCEEDINGS: PLAN_ACTIONS["PA1"],
    Theme.CP_PLANNING: PLAN_ACTIONS["PA2"],
    Theme.QUALITY_ASSURANCE: PLAN_ACTIONS["AFI3"],
    Theme.FRONT_DOOR: (
        ("Daily MASH triage with police and health at the front door", "Head of Front Door Services"),
        ("Thresholds guidance refreshed and taught to partner agencies", "Safeguarding Partnership Business Manager"),
        ("Strategy discussions held within one working day of a referral", "Service Manager, MASH"),
        ("Re-referrals audited monthly and findings fed back to teams", "Head of Quality Assurance"),
    ),
    Theme.WORKFORCE: PLAN_ACTIONS["AFI5"],
    Theme.CARE_LEAVERS: (
        ("Every care leaver has a current pathway plan and personal adviser", "Head of Leaving Care"),
        ("Suitable accommodation offer agreed with housing", "Head of Corporate Parenting"),
        ("Education, training and employment offer for care leavers", "Virtual School Head"),
    ),
    Theme.CHILDREN_IN_CARE: (
        ("Permanence planning meeting by the second looked-after review", "Head of Children in Care"),
        ("Placement sufficiency strategy agreed and commissioned", "Head of Commissioning"),
        ("Care plans reviewed by IROs with escalation tracked", "Head of Quality Assurance"),
    ),
    Theme.LEADERSHIP: (
        ("Improvement board refreshed with an independent chair", "Chief Executive"),
        ("Lead Member and scrutiny briefed on performance monthly", "Director of Children's Services"),
        ("Permanent senior leadership team recruited", "Director of Children's Services"),
    ),
}
"""Actions a plan takes under each theme (owner a role, never a person)."""

RISK_THEMES = {"PA1": Theme.PRE_PROCEEDINGS, "PA2": Theme.CP_PLANNING, "AFI3": Theme.QUALITY_ASSURANCE}
RISK_THEMES |= {"AFI4": Theme.FRONT_DOOR, "AFI5": Theme.WORKFORCE}
"""The theme of each of Sefton's areas, which ``governance.RISKS`` name: a council's risk goes to its area of that
theme, or is held against the whole plan when it has none."""


def area(code: str, title: str, kind: str, theme: Theme, wording: str, topic: str) -> PriorityAreaSpec:
    return PriorityAreaSpec(code=code, title=title, kind=kind, ofsted_wording=wording, topic=topic, theme=theme)


def design(
    areas: tuple[PriorityAreaSpec, ...],
    links: dict[str, str],
    rating: Callable[[str, int, int], str] | None = None,
) -> PlanDesign:
    by_theme = {spec.theme: spec.code for spec in areas}
    return PlanDesign(
        areas=areas,
        links=links,
        actions={spec.code: THEME_ACTIONS[Theme(spec.theme)] for spec in areas},
        risk_areas={sefton: by_theme.get(theme) for sefton, theme in RISK_THEMES.items()},
        rating=rating,
        source="Ofsted ILACS inspection (synthetic)",
    )


def by_report(*steps: tuple[int, str]) -> Callable[[str, int, int], str]:
    """Every area's rating by report: ``steps`` are (first report index, rating), in order."""

    def rating(_area: str, index: int, _reports: int) -> str:
        return [given for first, given in steps if index >= first][-1]

    return rating


@dataclass(frozen=True)
class Council:
    """An invented council in intervention: who, its programme's months, its plan and stories, and its history."""

    authority: AuthoritySpec
    story: str
    start: dt.date
    seed: int
    design: PlanDesign
    stories: dict[str, str] | str  # measure code -> story, for the measures its plan tracks (or one for all)
    interventions: Callable[[str], list[dict]]  # from the adviser's name
    judgements: list[dict]
    adjust: Callable[[dict, dt.date, np.random.Generator], None] | None = None  # the story's own marks on the parts
    end: dt.date = dt.date(2023, 6, 30)  # the as-at date of its figures: the end of June 2023, like Sefton's


# --- the stories' marks on the generated tables ---------------------------------------------------------------


def _rows(parts: dict, name: str) -> list[dict]:
    return parts[name][0]


def on_time(parts: dict, end: dt.date, rng: np.random.Generator) -> None:
    """Improving fast (and out of intervention): every milestone due by the end completed on or before its due
    date; no risk scores 15."""
    for milestone in _rows(parts, "milestones"):
        if milestone["due_date"] <= end:
            early = dt.timedelta(days=int(rng.integers(0, 15)))
            milestone.update(status="complete", completed_date=milestone["due_date"] - early)
    for review in _rows(parts, "risk_reviews"):
        review.update(likelihood=min(review["likelihood"], 3), impact=min(review["impact"], 4))


def stuck(parts: dict, end: dt.date, rng: np.random.Generator) -> None:
    """Stuck: most milestones due by the end still open (overdue), the rest completed late; one open risk against
    an area re-scored up to 20 at its latest review."""
    for milestone in _rows(parts, "milestones"):
        if milestone["due_date"] > end:
            continue
        if rng.uniform() < 0.7:
            milestone.update(status="in_progress", completed_date=None)
        else:
            late = milestone["due_date"] + dt.timedelta(days=int(rng.integers(20, 60)))
            milestone.update(status="complete", completed_date=min(late, end))
    risk = next(r for r in _rows(parts, "risks") if r["status"] == "open" and r["priority_area_code"])
    reviews = [r for r in _rows(parts, "risk_reviews") if r["risk_reference"] == risk["reference"]]
    if len(reviews) < 2:
        _rows(parts, "risk_reviews").append(
            reviews[-1] | {"review_date": reviews[-1]["review_date"] + dt.timedelta(91)}
        )
        reviews = [r for r in _rows(parts, "risk_reviews") if r["risk_reference"] == risk["reference"]]
    reviews[-2].update(likelihood=3, impact=4)
    reviews[-1].update(likelihood=4, impact=5)


def missed(parts: dict, _end: dt.date, _rng: np.random.Generator) -> None:
    """Missed reports: the 4th, 5th and 10th reports and the latest were never made (drafts included), and the
    latest DfE review did not take place (nor the adviser's days for it)."""
    dates = sorted({report["report_date"] for report in _rows(parts, "rag_reports")})
    dropped = {dates[3], dates[4], dates[9], dates[-1]}
    for name in ("rag_reports", "rag_ratings"):
        parts[name][0] = [row for row in _rows(parts, name) if row["report_date"] not in dropped]
    reviews = sorted(m["meeting_date"] for m in _rows(parts, "meetings") if m["kind"] == "dfe_review")
    last = reviews[-1]
    parts["meetings"][0] = [
        m for m in _rows(parts, "meetings") if not (m["kind"] == "dfe_review" and m["meeting_date"] == last)
    ]
    parts["adviser_days"][0] = [
        day
        for day in _rows(parts, "adviser_days")
        if not (day["activity"] == "dfe_review" and last - dt.timedelta(days=2) <= day["day_date"] <= last)
    ]

"""The plan's actions and milestones, the risk register and the meeting calendar, as generated."""

from __future__ import annotations

import datetime as dt

import numpy as np

from improvement.demo.frames import add_months, month_label, month_starts, nth_weekday
from improvement.demo.specs import PRIORITY_AREAS, PlanDesign

PLAN_ACTIONS = {
    "PA1": (
        ("Introduce a PLO tracker reviewed weekly by the Head of Service", "Head of Safeguarding"),
        ("Establish a legal gateway panel with clear entry criteria", "Service Manager, Legal Gateway"),
        ("Set 16-week review points for each family in pre-proceedings", "Service Manager, Child Protection"),
        ("Train managers on letters before proceedings and parents' engagement", "Principal Social Worker"),
        ("Agree escalation from CP planning into the PLO at the third review", "Head of Safeguarding"),
    ),
    "PA2": (
        ("Monthly recorded supervision for every child on a CP plan", "Service Manager, Child Protection"),
        ("Weekly CP visit compliance report to team managers", "Head of Performance and Insight"),
        ("Supervision policy and template refreshed with reflective prompts", "Principal Social Worker"),
        ("Independent reviewing officer escalations tracked to resolution", "Head of Quality Assurance"),
        ("Drift and delay panel for plans over 15 months", "Head of Safeguarding"),
    ),
    "AFI3": (
        ("Quality assurance framework with monthly thematic audits", "Head of Quality Assurance"),
        ("Senior leaders complete practice observations each quarter", "Director of Children's Services"),
        ("Audit findings tracked through to practice change", "Head of Quality Assurance"),
        ("Performance clinics led by the Assistant Director", "Assistant Director, Children's Social Care"),
    ),
    "AFI4": (
        ("Strategy meetings held within 24 hours with police and health", "Head of Safeguarding"),
        ("Transition pathway for disabled children from age 14", "Head of Children with Disabilities"),
        ("Care leavers' pathway plans reviewed for risk and accommodation", "Head of Corporate Parenting"),
        ("Multi-agency audit of repeat CP plans", "Safeguarding Partnership Business Manager"),
    ),
    "AFI5": (
        ("Recruitment and retention offer for experienced social workers", "Head of Workforce Development"),
        ("Caseload cap of 18 with weekly allocation meetings", "Assistant Director, Children's Social Care"),
        ("Newly qualified social workers' protected caseloads", "Principal Social Worker"),
        ("Convert agency posts to permanent through a market supplement", "HR Business Partner"),
        ("Business support redesign to free social work time", "Head of Business Support"),
    ),
}


MILESTONE_STEPS = (
    "Agree approach and scope",
    "Pilot in two teams",
    "Roll out across the service",
    "Audit impact and report to the board",
)


def plan_actions_and_milestones(
    code: str, start: dt.date, end: dt.date, rng: np.random.Generator, design: PlanDesign | None = None
) -> dict:
    """3 to 5 actions per area, each with 1 to 3 milestones; status as at ``end`` (some overdue)."""
    actions, milestones = [], []
    span_days = (end - start).days
    areas, plan_actions = (PRIORITY_AREAS, PLAN_ACTIONS) if design is None else (design.areas, design.actions)
    for area in areas:
        candidates = plan_actions[area.code]
        for number, (title, owner) in enumerate(candidates[: int(rng.integers(3, len(candidates) + 1))], 1):
            reference = f"{area.code}.{number}"
            actions.append(
                {
                    "authority_code": code,
                    "priority_area_code": area.code,
                    "reference": reference,
                    "title": title,
                    "owner": owner,
                }
            )
            n_milestones = int(rng.integers(1, 4))
            due_fractions = np.sort(rng.uniform(0.1, 1.1, n_milestones))
            for step, fraction in zip(MILESTONE_STEPS, due_fractions, strict=False):
                due = start + dt.timedelta(days=int(fraction * span_days))
                status, completed = _milestone_status(due, end, rng)
                milestones.append(
                    {
                        "authority_code": code,
                        "action_reference": reference,
                        "title": f"{step}: {title[0].lower()}{title[1:]}",
                        "due_date": due,
                        "status": status,
                        "completed_date": completed,
                    }
                )
    return {"plan_actions": [actions], "milestones": [milestones]}


def _milestone_status(due: dt.date, as_at: dt.date, rng: np.random.Generator) -> tuple[str, dt.date | None]:
    draw = rng.uniform()
    if due > as_at:  # not yet due
        return ("in_progress", None) if draw < 0.5 else ("not_started", None)
    if draw < 0.72:
        completed = min(as_at, due + dt.timedelta(days=int(rng.integers(-20, 40))))
        return "complete", completed
    if draw < 0.8:
        return "dropped", None
    return ("in_progress", None) if draw < 0.93 else ("not_started", None)  # overdue


RISKS = (  # title, priority area (None: the whole plan), owner, mitigation
    (
        "Recruitment of permanent social workers does not keep pace with leavers",
        "AFI5",
        "Head of Workforce Development",
        "Market supplement, career pathway and a regional recruitment campaign.",
    ),
    (
        "Reliance on agency staff reduces continuity for children",
        "AFI5",
        "Assistant Director, Children's Social Care",
        "Agency conversion scheme and minimum six-month agency contracts.",
    ),
    (
        "Legal capacity delays letters before proceedings",
        "PA1",
        "Service Manager, Legal Gateway",
        "Additional locum solicitor and a weekly legal gateway slot.",
    ),
    (
        "Case management system changes delay reliable performance data",
        "AFI3",
        "Head of Performance and Insight",
        "Manual tracker held in parallel until reports are validated.",
    ),
    (
        "Rising demand at the front door pushes caseloads up",
        "AFI5",
        "Head of Early Help",
        "Early help step-down pathway and daily front door triage.",
    ),
    (
        "Partner attendance at initial conferences is inconsistent",
        "AFI4",
        "Safeguarding Partnership Business Manager",
        "Partnership escalation protocol and attendance reported to the board.",
    ),
    (
        "Changes in senior leadership disrupt the plan's momentum",
        None,
        "Chief Executive",
        "Interim arrangements agreed in advance; plan ownership shared across the leadership team.",
    ),
    (
        "Budget pressure limits investment in the improvement plan",
        None,
        "Director of Children's Services",
        "Improvement costs ring-fenced in the medium-term financial plan.",
    ),
    (
        "Audit findings are not acted on by teams",
        "AFI3",
        "Head of Quality Assurance",
        "Audit actions tracked to completion in performance clinics.",
    ),
    (
        "Supervision is not consistently recorded on the child's file",
        "PA2",
        "Principal Social Worker",
        "Supervision template in the case system and monthly compliance checks.",
    ),
)


def risks_and_reviews(
    code: str, start: dt.date, end: dt.date, rng: np.random.Generator, design: PlanDesign | None = None
) -> dict:
    """6 to 10 risks, raised in the plan's first year; each reviewed quarterly until closed or ``end``. A council of
    the portfolio (``design``) holds each risk against its own area for Sefton's (``design.risk_areas``)."""
    risks, reviews = [], []
    chosen = np.sort(rng.choice(len(RISKS), size=int(rng.integers(6, len(RISKS) + 1)), replace=False))
    for number, index in enumerate(chosen, start=1):
        title, area_code, owner, mitigation = RISKS[index]
        if design is not None and area_code is not None:
            area_code = design.risk_areas.get(area_code)
        reference = f"R{number:02d}"
        raised = start + dt.timedelta(days=int(rng.integers(0, 300)))
        closes = rng.uniform() < 0.4
        closed = raised + dt.timedelta(days=int(rng.integers(240, 540))) if closes else None
        if closed is not None and closed > end:
            closed = None
        risks.append(
            {
                "authority_code": code,
                "priority_area_code": area_code,
                "reference": reference,
                "title": title,
                "owner": owner,
                "mitigation": mitigation,
                "status": "closed" if closed else "open",
                "raised_date": raised,
                "closed_date": closed,
            }
        )
        likelihood, impact = int(rng.integers(3, 6)), int(rng.integers(3, 6))
        review = raised
        stop = closed or end
        while review <= stop:
            reviews.append(
                {
                    "authority_code": code,
                    "risk_reference": reference,
                    "review_date": review,
                    "likelihood": likelihood,
                    "impact": impact,
                }
            )
            # Mitigation works slowly: likelihood tends to fall, and never rises for a risk that will close.
            likelihood_moves = (0.4, 0.6, 0.0) if closed else (0.25, 0.6, 0.15)
            likelihood = int(np.clip(likelihood + rng.choice((-1, 0, 1), p=likelihood_moves), 1, 5))
            impact = int(np.clip(impact + rng.choice((-1, 0, 1), p=(0.15, 0.75, 0.1)), 1, 5))
            review = review + dt.timedelta(days=91)
    return {"risks": [risks], "risk_reviews": [reviews]}


def meetings(code: str, start: dt.date, end: dt.date, report_dates: list[dt.date]) -> list[dict]:
    """Six-weekly reports, the monthly improvement board (third Thursday) and six-monthly DfE reviews."""
    meetings = [
        {
            "authority_code": code,
            "kind": "six_weekly_report",
            "meeting_date": day,
            "title": f"Adviser's six-weekly report {number}",
            "notes": None,
        }
        for number, day in enumerate(report_dates, start=1)
    ]
    for month in month_starts(start, end):
        day = nth_weekday(month, 3, 3)
        if start <= day <= end:
            meetings.append(
                {
                    "authority_code": code,
                    "kind": "board_meeting",
                    "meeting_date": day,
                    "title": f"Improvement board, {month_label(month)}",
                    "notes": None,
                }
            )
    review_month, number = add_months(start, 5), 1
    while (day := nth_weekday(review_month, 3, 2)) <= end:
        meetings.append(
            {
                "authority_code": code,
                "kind": "dfe_review",
                "meeting_date": day,
                "title": f"DfE six-monthly progress review {number}",
                "notes": "Progress against the improvement plan reviewed with DfE officials.",
            }
        )
        review_month, number = add_months(review_month, 6), number + 1
    return sorted(meetings, key=lambda m: (m["meeting_date"], m["kind"]))

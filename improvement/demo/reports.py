"""The adviser's six-weekly reports as generated: each area's rating follows from its measures' stories,
with narratives and evidence quoting the figures.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from improvement import style
from improvement.demo.frames import month_label
from improvement.demo.measures import Series, good_direction
from improvement.demo.specs import (
    ADVISERS,
    ON_TRACK,
    PRIORITY_AREAS,
    RECOVERING,
    SLIPPING,
    SOURCE_SUPPRESSION_BELOW,
    MeasureSpec,
    PlanDesign,
    PriorityAreaSpec,
)

RATING_ORDER = ("Red", "Amber", "Green", "Blue")


RATING_SENTENCES = {
    "Red": (
        "Progress on {topic} is not yet secure and children remain at risk of drift.",
        "There is not yet enough evidence of change in {topic}.",
        "Work on {topic} is behind plan and needs senior attention.",
    ),
    "Amber": (
        "Progress on {topic} is evident but not yet consistent across teams.",
        "Improvement in {topic} has started; it now needs to be embedded.",
        "Plans for {topic} are in place and beginning to have an impact.",
    ),
    "Green": (
        "{topic} is improving as planned and the change is visible in practice.",
        "Good progress: {topic} is on track and managers can evidence the impact.",
        "The actions on {topic} are delivering and performance is sustained.",
    ),
    "Blue": (
        "The actions on {topic} are complete and the improvement has been sustained.",
        "{topic} is now business as usual; the board has agreed to close the actions.",
    ),
}


EVIDENCE_SOURCES = (
    "monthly performance report",
    "audit of 20 child protection cases",
    "dip sample of supervision records",
    "practice observation week",
    "legal gateway panel minutes",
    "conversations with frontline social workers",
    "IRO and conference chair challenge log",
)


OVERALL_OPENINGS = (
    "The council continues to engage openly with the adviser and the improvement board.",
    "Leadership capacity has been strengthened and the plan is owned across the partnership.",
    "The improvement board has provided robust challenge during the period.",
    "Staff report that managers are more visible and supervision is more reflective.",
)


def report_dates(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every six weeks from the first Friday at least nine weeks after the start, up to ``end``."""
    first = start + dt.timedelta(days=63)
    first += dt.timedelta(days=(4 - first.weekday()) % 7)
    dates = []
    while first <= end:
        dates.append(first)
        first += dt.timedelta(weeks=6)
    return dates


def area_stories(series: list[Series], areas: tuple[PriorityAreaSpec, ...] = PRIORITY_AREAS) -> dict[str, str]:
    """How each priority area's RAG rating moves, from the stories of its measures."""
    result = {}
    for area in areas:
        stories = [s.story for s in series if s.spec.priority_area_code == area.code]
        on_track_share = stories.count(ON_TRACK) / len(stories) if stories else 1.0
        if RECOVERING in stories:
            result[area.code] = "slip_back"
        elif SLIPPING not in stories:
            result[area.code] = "complete"
        elif on_track_share > 0.5:
            result[area.code] = "improving"
        elif on_track_share > 0:
            result[area.code] = "mixed"
        else:
            result[area.code] = "slipping"
    return result


def _rating(area_story: str, progress: float, data_month: int, off_window: tuple[int, int]) -> str:
    """The RAG rating an honest adviser would give, ``progress`` (0 to 1) of the way through the reports."""
    if area_story == "complete":
        if progress < 0.15:
            return "Red"
        return "Amber" if progress < 0.4 else "Green" if progress < 0.75 else "Blue"
    if area_story == "improving":
        return "Red" if progress < 0.2 else "Amber" if progress < 0.7 else "Green"
    if area_story == "slip_back":
        first, last = off_window
        if first + 2 <= data_month < (first + last) // 2 + 1:
            return "Red"  # the slip back: off trajectory for a while and getting worse
        if progress >= 0.8 and data_month >= last:
            return "Green"
        return "Red" if progress < 0.2 else "Amber"
    if area_story == "mixed":
        return "Red" if progress < 0.3 else "Amber"
    return "Red" if progress < 0.25 else "Amber"  # slipping: never gets beyond Amber


def _format_value(spec: MeasureSpec, value: float) -> str:
    if np.isnan(value):
        return f"c (fewer than {SOURCE_SUPPRESSION_BELOW})"
    return style.format_value(value, spec.unit)


def _behind_trajectory(s: Series, month_index: int) -> bool:
    actual, planned = s.actual[month_index], s.planned[month_index]
    return bool(not np.isnan(actual) and good_direction(s.spec) * (actual - planned) < 0)


def _trajectory_sentence(area_series: list[Series], month_index: int, rating: str) -> str:
    """What the measures say, so that the narrative never contradicts the data."""
    behind = [s.spec.name for s in area_series if _behind_trajectory(s, month_index)]
    if not behind and rating in ("Red", "Amber"):
        return "The measures are at or ahead of trajectory, but the change is too recent to be secure."
    if not behind:
        return "The measures for this area are at or ahead of trajectory."
    if len(behind) == len(area_series):
        return "The measures for this area are behind trajectory."
    return f"Behind trajectory: {', '.join(behind)}; the other measures are at or ahead of it."


def _evidence(area_series: list[Series], month_index: int, months: list[dt.date], source: str) -> str:
    lines = []
    for s in area_series:
        actual, planned = s.actual[month_index], s.planned[month_index]
        lines.append(
            f"{s.spec.name}: {_format_value(s.spec, actual)} in {month_label(months[month_index])} "
            f"against a planned {_format_value(s.spec, planned)}."
        )
    lines.append(f"Also seen: {source}.")
    return " ".join(lines)


def rag_reports_and_ratings(
    code: str,
    series: list[Series],
    area_stories: dict[str, str],
    months: list[dt.date],
    report_dates: list[dt.date],
    rng: np.random.Generator,
    design: PlanDesign | None = None,
) -> dict:
    """Every report and rating; ``design`` (a council of the portfolio): its areas, and its story's ratings."""
    areas = PRIORITY_AREAS if design is None else design.areas
    author = pick(rng, ADVISERS)
    off_windows = {s.spec.priority_area_code: s.off_track_window for s in series if s.story == RECOVERING}
    reports, ratings = [], []
    for index, report_date in enumerate(report_dates):
        progress = index / max(1, len(report_dates) - 1)
        # The report uses the last complete month of data before it.
        data_month = min(len(months) - 1, max(0, month_index(months[0], report_date) - 1))
        report_ratings = []
        for area in areas:
            off_window = off_windows.get(area.code, (0, 0))
            rating = _rating(area_stories[area.code], progress, data_month, off_window)
            if design is not None and design.rating is not None:
                rating = design.rating(area.code, index, len(report_dates))
            area_series = [s for s in series if s.spec.priority_area_code == area.code]
            sentence = pick(rng, RATING_SENTENCES[rating]).format(topic=area.topic)
            trajectory = _trajectory_sentence(area_series, data_month, rating)
            narrative = f"{sentence[0].upper()}{sentence[1:]} {trajectory}"
            evidence = _evidence(area_series, data_month, months, pick(rng, EVIDENCE_SOURCES))
            report_ratings.append(
                {
                    "authority_code": code,
                    "report_date": report_date,
                    "version": 1,
                    "priority_area_code": area.code,
                    "rating": rating,
                    "narrative": narrative,
                    "evidence": evidence,
                }
            )
        given = [rating["rating"] for rating in report_ratings]
        counts = ", ".join(f"{given.count(name)} {name}" for name in RATING_ORDER)
        reports.append(
            {
                "authority_code": code,
                "report_date": report_date,
                "version": 1,
                "period_start": report_date - dt.timedelta(days=41),
                "period_end": report_date,
                "author": author,
                "status": "submitted",
                "overall_narrative": (
                    f"Six-weekly report {index + 1} of the improvement adviser. Priority areas: {counts}. "
                    f"{pick(rng, OVERALL_OPENINGS)}"
                ),
                "reason": None,
            }
        )
        ratings.extend(report_ratings)

    # A later draft of the newest report, not yet submitted: pages must keep showing version 1.
    if reports:
        newest = reports[-1]
        reports.append(
            newest
            | {
                "version": 2,
                "status": "draft",
                "overall_narrative": "DRAFT, not submitted: revised after the board's discussion. "
                + newest["overall_narrative"],
            }
        )
        upgraded = False
        for rating in [r for r in ratings if r["report_date"] == newest["report_date"]]:
            draft = rating | {"version": 2}
            if not upgraded and rating["rating"] != "Blue":
                draft["rating"] = RATING_ORDER[RATING_ORDER.index(rating["rating"]) + 1]
                draft["narrative"] = "Draft: the adviser proposes raising this rating. " + rating["narrative"]
                upgraded = True
            ratings.append(draft)
    return {"rag_reports": [reports], "rag_ratings": [ratings]}


def pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def month_index(first_month: dt.date, day: dt.date) -> int:
    return (day.year - first_month.year) * 12 + day.month - first_month.month

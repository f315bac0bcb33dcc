"""DfE's portfolio: every council in intervention side by side, worst first. Pure pandas over one summary per
council (``CouncilSummary``, built by ``view.py`` from each council's board data: every figure here is the answer
the council's own pages give, never a second calculation).

The rules, documented in the methodology and tested in tests/topics/portfolio/test_rules.py:

- **In intervention** on a date: a council with an intervention (improvement notice, statutory direction or
  commissioner) started on or before it and not ended before it. A council whose every intervention has ended is
  **out of intervention** (shown only when asked for, after the others).
- **Overall rating**: the worst of the priority areas' latest ratings (Red < Amber < Green < Blue): the board's own
  reports have no overall rating, and a portfolio read worst first must not hide a Red area behind an average.
- **Concerns** (what puts a council near the top), each counted once:
  ``CONCERNS`` below, in words: an area rated Red; a latest rating the data disagrees with; the next six-weekly
  report overdue or a report missing; the next DfE review overdue; a quarter or more of the milestones due
  overdue; more than half of the judged measures off trajectory; a measure showing special-cause concern now; an
  open high risk (15 or more); adviser spend over budget.
- **Worst first**: most concerns first; then more Red areas; then the larger share of milestones overdue; then
  more measures off trajectory; then the council's name. Out of intervention: after every council in intervention.
- **The theme grid**: each council's latest rating per theme of its priority areas (the worst when several areas
  share a theme); a theme none of its areas has is empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from improvement import style
from improvement.vocab import RATING_RANK

QUARTER_OVERDUE = 0.25
"""A council is of concern when at least this share of its milestones due are overdue."""

MOST_OFF = 0.5
"""... or when more than this share of its judged measures are off trajectory."""

RED_AREA = "an area rated Red"
DISAGREEMENT = "a rating the data disagrees with"
REPORT_OVERDUE = "a six-weekly report overdue or missing"
REVIEW_OVERDUE = "the DfE review overdue"
MILESTONES_OVERDUE = "a quarter or more of milestones due overdue"
OFF_TRAJECTORY = "most measures off trajectory"
SPC_CONCERN = "special-cause concern now"
HIGH_RISK = "an open high risk"
OVER_BUDGET = "adviser spend over budget"
CONCERNS = (
    RED_AREA,
    DISAGREEMENT,
    REPORT_OVERDUE,
    REVIEW_OVERDUE,
    MILESTONES_OVERDUE,
    OFF_TRAJECTORY,
    SPC_CONCERN,
    HIGH_RISK,
    OVER_BUDGET,
)


@dataclass(frozen=True)
class CouncilSummary:
    """One council's row, from its own pages' answers."""

    code: str
    name: str
    region: str | None
    as_at: dt.date | None
    in_intervention: bool
    intervention: str | None  # its kind in words, e.g. "Statutory direction"
    intervention_start: dt.date | None
    intervention_end: dt.date | None
    adviser: str | None
    ofsted: str | None  # the latest judgement's overall grade in words (or the visit's kind)
    ofsted_date: dt.date | None
    ratings: dict[str, str] = field(default_factory=dict)  # priority area code -> latest rating
    moved: dict[str, str] = field(default_factory=dict)  # area code -> "improved" | "worsened" | "unchanged" | ...
    areas: int = 0
    disagreements: int = 0
    measures_judged: int = 0
    measures_off: int = 0
    spc_concern: int = 0
    milestones_due: int = 0
    milestones_overdue: int = 0
    high_risks: int = 0
    last_report: dt.date | None = None
    next_report_due: dt.date | None = None
    report_overdue: bool = False
    reports_missing: int = 0
    last_review: dt.date | None = None
    next_review_due: dt.date | None = None
    review_overdue: bool = False
    adviser_days: float | None = None
    days_allowance: float | None = None
    spend_gbp: float | None = None
    budget_gbp: float | None = None

    @property
    def overall(self) -> str | None:
        """The worst latest rating of its areas (None before any report)."""
        rated = [rating for rating in self.ratings.values() if rating in RATING_RANK]
        return min(rated, key=RATING_RANK.__getitem__) if rated else None

    @property
    def areas_red(self) -> int:
        return sum(1 for rating in self.ratings.values() if rating == "Red")

    @property
    def share_overdue(self) -> float | None:
        return self.milestones_overdue / self.milestones_due if self.milestones_due else None

    @property
    def over_budget(self) -> bool:
        return self.spend_gbp is not None and self.budget_gbp is not None and self.spend_gbp > self.budget_gbp

    @property
    def concerns(self) -> list[str]:
        """Which of ``CONCERNS`` apply, in that order."""
        found = {
            RED_AREA: self.areas_red > 0,
            DISAGREEMENT: self.disagreements > 0,
            REPORT_OVERDUE: self.report_overdue or self.reports_missing > 0,
            REVIEW_OVERDUE: self.review_overdue,
            MILESTONES_OVERDUE: (self.share_overdue or 0) >= QUARTER_OVERDUE,
            OFF_TRAJECTORY: self.measures_judged > 0 and self.measures_off > MOST_OFF * self.measures_judged,
            SPC_CONCERN: self.spc_concern > 0,
            HIGH_RISK: self.high_risks > 0,
            OVER_BUDGET: self.over_budget,
        }
        return [concern for concern in CONCERNS if found[concern]]


def in_intervention(interventions: pd.DataFrame, code: str, on: dt.date) -> tuple[bool, dict | None]:
    """Whether the council is in intervention on ``on`` (an intervention started by then and not ended before it),
    and the intervention to show: the latest in force, else the latest ended (or not yet started); None when the
    council has none."""
    mine = interventions[interventions["authority_code"] == code].sort_values("start_date")
    if mine.empty:
        return False, None
    when = pd.Timestamp(on)
    running = mine[(mine["start_date"] <= when) & (mine["end_date"].isna() | (mine["end_date"] >= when))]
    if len(running):
        return True, running.iloc[-1].to_dict()
    return False, mine.iloc[-1].to_dict()


def latest_judgement(judgements: pd.DataFrame, code: str) -> dict | None:
    """The council's newest Ofsted judgement (any inspection kind), or None."""
    mine = judgements[judgements["authority_code"] == code].sort_values("inspection_date")
    return None if mine.empty else mine.iloc[-1].to_dict()


def worst_first(summaries: list[CouncilSummary]) -> list[CouncilSummary]:
    """The councils in the documented order (module docstring)."""

    def key(summary: CouncilSummary) -> tuple:
        return (
            not summary.in_intervention,
            -len(summary.concerns),
            -summary.areas_red,
            -(summary.share_overdue or 0.0),
            -summary.measures_off,
            summary.name,
        )

    return sorted(summaries, key=key)


def theme_grid(summaries: list[CouncilSummary], themes: dict[str, dict[str, str]]) -> pd.DataFrame:
    """One row per council and theme its areas carry: the worst latest rating among its areas of that theme.
    ``themes``: council code -> (area code -> theme). Columns: code, name, theme, rating, areas."""
    rows = []
    for summary in summaries:
        by_theme: dict[str, list[str]] = {}
        for area, theme in themes.get(summary.code, {}).items():
            if isinstance(theme, str) and theme:
                by_theme.setdefault(theme, []).append(area)
        for theme, areas in by_theme.items():
            rated = [summary.ratings[a] for a in areas if summary.ratings.get(a) in RATING_RANK]
            rating = min(rated, key=RATING_RANK.__getitem__) if rated else None
            rows.append(
                {"code": summary.code, "name": summary.name, "theme": theme, "rating": rating, "areas": sorted(areas)}
            )
    return pd.DataFrame(rows, columns=["code", "name", "theme", "rating", "areas"])


def milestones_due(milestones: pd.DataFrame, as_at: dt.date | None) -> int:
    """Milestones due before ``as_at`` (dropped ones are never due): the base of the share overdue, as
    ``governance.overdue_on`` counts the overdue among them."""
    if milestones.empty or as_at is None:
        return 0
    due = pd.to_datetime(milestones["due_date"]) < pd.Timestamp(as_at)
    return int((due & (milestones["status"] != "dropped")).sum())


# --- what changed across councils ----------------------------------------------------------------------------------

FEED_COLUMNS = ["when", "code", "council", "what", "detail"]


def portfolio_events(
    summary: CouncilSummary,
    reviews: list[dt.date],
    judgements: list[tuple[dt.date, str]],
    interventions: list[tuple[str, dt.date | None, dt.date | None]],
    contract_events: list[tuple[str, dt.date | None, str]],
    since: dt.date,
    until: dt.date,
) -> list[dict]:
    """The council's events after ``since`` up to ``until`` that DfE follows beside the board's own digest: DfE
    reviews held (``reviews``), Ofsted judgements ((date, in words)), interventions started or ended ((in words,
    start, end)), and the adviser contract's events ((what, date, in words): its break clause, an extension, its
    end)."""
    after, upto = pd.Timestamp(since), pd.Timestamp(until)
    events = []

    def add(day: object, what: str, detail: str) -> None:
        if day is not None and not pd.isna(day) and after < pd.Timestamp(day) <= upto:
            row = {"when": pd.Timestamp(day).date(), "code": summary.code, "council": summary.name}
            events.append(row | {"what": what, "detail": detail})

    for day in reviews:
        add(day, "DfE review held", f"DfE's six-monthly review of {summary.name}.")
    for day, words in judgements:
        add(day, "New Ofsted judgement", words)
    for words, start, end in interventions:
        add(start, "Intervention started", f"{words} from {style.format_date(start)}.")
        add(end, "Intervention ended", f"{words} ended on {style.format_date(end)}.")
    for what, day, words in contract_events:
        add(day, what, words)
    return events

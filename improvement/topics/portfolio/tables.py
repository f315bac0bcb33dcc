"""The portfolio's tables: one row per council worst first (what is on the page and in the CSV and workbook), and
the theme grid as a table (the chart's text alternative in full)."""

from __future__ import annotations

import pandas as pd

from improvement import style
from improvement.topics.portfolio.rules import CouncilSummary

MOVES = {"worsened": "worse", "improved": "better"}


def portfolio_table(summaries: list[CouncilSummary]) -> pd.DataFrame:
    """One row per council, in the order given (``rules.worst_first``): the finding columns first."""
    rows = []
    for s in summaries:
        rows.append(
            {
                "Council": s.name,
                "Concerns": _concerns(s),
                "Overall rating": style.rag_text(s.overall) if s.overall else "no report yet",
                "Areas Red": f"{s.areas_red} of {s.areas}" if s.areas else "—",
                "Ratings now (movement)": _ratings(s),
                "Ratings the data disagrees with": str(s.disagreements),
                "Measures off trajectory": f"{s.measures_off} of {s.measures_judged}" if s.measures_judged else "—",
                "Special-cause concern": str(s.spc_concern),
                "Milestones overdue": _overdue(s),
                "Open high risks": str(s.high_risks),
                "Last report": style.format_date(s.last_report),
                "Next report due": _due(s.next_report_due, s.report_overdue),
                "Reports missing": str(s.reports_missing),
                "Last DfE review": style.format_date(s.last_review),
                "Next DfE review": _due(s.next_review_due, s.review_overdue),
                "Latest Ofsted": f"{s.ofsted}, {style.format_date(s.ofsted_date)}" if s.ofsted else "—",
                "Intervention": _intervention(s),
                "Adviser": s.adviser or "—",
                "Adviser days (allowance to date)": _days(s),
                "Spend (budget)": _spend(s),
                "Region": s.region or "—",
                "Data as at": style.format_date(s.as_at),
                "Code": s.code,
            }
        )
    return pd.DataFrame(rows)


def theme_table(grid: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Councils (rows, in ``order``) by theme (columns): the rating in words and shape, '—' for no such area."""
    if grid.empty:
        return pd.DataFrame(columns=["Council"])
    cells = grid.assign(cell=[style.rag_text(r) if isinstance(r, str) else "not rated yet" for r in grid["rating"]])
    table = cells.pivot_table(index="name", columns="theme", values="cell", aggfunc="first", sort=True)
    table = table.reindex([name for name in order if name in table.index]).fillna("—")
    table = table.reset_index().rename(columns={"name": "Council"})
    table.columns.name = None
    return table


def _concerns(s: CouncilSummary) -> str:
    found = s.concerns
    if not s.in_intervention:
        return "out of intervention"
    return f"{len(found)}: " + "; ".join(found) if found else "0"


def _ratings(s: CouncilSummary) -> str:
    if not s.ratings:
        return "—"
    parts = []
    for area, rating in s.ratings.items():
        move = MOVES.get(s.moved.get(area, ""), "")
        parts.append(f"{area} {style.rag_text(rating)}" + (f" ({move})" if move else ""))
    return "; ".join(parts)


def _overdue(s: CouncilSummary) -> str:
    if not s.milestones_due:
        return "none due"
    return f"{s.milestones_overdue} of {s.milestones_due} due ({s.share_overdue:.0%})"


def _due(day, overdue: bool) -> str:
    return style.format_date(day) + (" (overdue)" if overdue and day is not None else "")


def _intervention(s: CouncilSummary) -> str:
    if s.intervention is None:
        return "—"
    text = f"{s.intervention} from {style.format_date(s.intervention_start)}"
    if s.intervention_end is not None:
        text += f" to {style.format_date(s.intervention_end)}"
    return text


def _days(s: CouncilSummary) -> str:
    if s.adviser_days is None:
        return "no contract loaded"
    allowance = f" ({s.days_allowance:g})" if s.days_allowance is not None else ""
    return f"{s.adviser_days:g}{allowance}"


def _spend(s: CouncilSummary) -> str:
    if s.spend_gbp is None:
        return "no contract loaded"
    over = " over budget" if s.over_budget else ""
    return f"{style.format_money(s.spend_gbp)} ({style.format_money(s.budget_gbp)}){over}"

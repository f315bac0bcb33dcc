"""The Overview's words: what needs attention, in one sentence."""

from __future__ import annotations

from improvement import style


def attention_sentence(status) -> str:
    """The Overview's first line (``status.BoardStatus``): what needs attention, in one sentence."""
    parts = [
        f"{status.milestones_overdue} of {style.count_of(status.milestones, 'milestone')} overdue",
        f"{status.measures_off_track} of {style.count_of(status.measures, 'plan measure')} off track",
        f"{style.count_of(status.high_risks, 'high risk')} open",
        f"the data disagrees with {status.disagreements} of "
        f"{style.count_of(status.ratings_checked, 'latest rating')} checked",
        f"{style.count_of(status.reports_late, 'report')} late and {status.reports_missing} missing",
    ]
    when = f"At {style.format_date(status.as_at)}: " if status.as_at else ""
    return when + "; ".join(parts) + "."

"""The Overview's "Needs attention" row: what the other pages know, on the first screen, each linked to its page.

Every number is ``BoardData.status`` (``topics.overview.rules``), which takes each count from the one rule for it, so
the Overview cannot say something the Action plan, Trajectories, Risks, Priority areas or Reporting rhythm page
does not.
"""

from __future__ import annotations

import streamlit as st

from improvement.board import BoardData
from improvement.topics.governance import rules as governance
from improvement.ui.briefing import is_briefing_view


def show_attention(data: BoardData, sentence: str) -> None:
    """The one-sentence summary, then a tile per count, each linked to the page that shows it."""
    status = data.status
    st.markdown(f"**{sentence}**")
    tiles = [
        (
            "Milestones overdue",
            f"{status.milestones_overdue} of {status.milestones}",
            status.milestones_overdue > 0,
            "Due before the date the data describes and not completed by then (dropped ones never are)",
            "pages/action_plan.py",
            "Action plan",
        ),
        (
            "Measures off track",
            f"{status.measures_off_track} of {status.measures}",
            status.measures_off_track > 0,
            f"Every plan measure, headline or not: latest month worse than planned. {status.measures_not_judged} "
            "not judged (suppressed, no figure or no trajectory)",
            "pages/trajectories.py",
            "Trajectories",
        ),
        (
            "High risks open",
            f"{status.high_risks} of {status.open_risks} open",
            status.high_risks > 0,
            f"Open risks scoring {governance.HIGH_SCORE} or more (likelihood × impact) at their latest review",
            "pages/risks.py",
            "Risks",
        ),
        (
            "Ratings the data disagrees with",
            f"{status.disagreements} of {status.ratings_checked}",
            status.disagreements > 0,
            "Latest ratings checked against their area's measures, milestones and risks",
            "pages/priority_areas.py",
            "Priority areas",
        ),
        (
            "Reports late or missing",
            f"{status.reports_late + status.reports_missing} of {status.reports_due}",
            status.reports_late + status.reports_missing > 0 or status.next_report_overdue,
            f"Of the six-weekly reports due by the date the data describes: {status.reports_late} made after its due "
            f"date, {status.reports_missing} not made by it"
            + (", and the next report is overdue" if status.next_report_overdue else ""),
            "pages/reporting_rhythm.py",
            "Reporting rhythm",
        ),
    ]
    columns = [*st.columns(3), *st.columns(3)[:2]]  # two rows, so every label and figure fits
    for column, (label, value, flagged, help_text, page, page_title) in zip(columns, tiles, strict=True):
        with column:
            st.metric(
                label,
                value,
                delta="Needs attention" if flagged else "None",
                delta_color="inverse" if flagged else "off",
                delta_arrow="off",
                help=help_text,
                border=True,
            )
            if not is_briefing_view():
                st.page_link(page, label=f"See {page_title}", icon=":material/arrow_forward:")

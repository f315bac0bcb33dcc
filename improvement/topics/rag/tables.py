"""The RAG ratings and the rating check in words: latest ratings, each check's verdict and evidence, the rule."""

from __future__ import annotations

import pandas as pd

from improvement import style
from improvement.topics.governance import rules as governance
from improvement.topics.rag import rules as honesty
from improvement.vocab import BETTER_IS


def rag_summary_table(movement: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Latest rating per priority area, with the previous rating and the movement, all in words."""
    merged = areas.merge(movement, on="priority_area_code", how="left")
    return pd.DataFrame(
        {
            "Priority area": merged["priority_area_code"] + " " + merged["title"],
            "Latest rating": merged["rating"].map(style.rag_text),
            "Previous rating": merged["previous_rating"].map(style.rag_text),
            "Movement": merged["movement"].fillna("no report yet"),
            "Report date": merged["report_date"].map(style.format_date),
        }
    )


VERDICT_LABELS = {
    honesty.AGREES: "Agrees with the measures",
    honesty.MORE_POSITIVE: "⚠ Rating more positive than the measures",
    honesty.MORE_NEGATIVE: "⚠ Rating more negative than the measures: they suggest a better rating",
    honesty.NOTHING_TO_CHECK: "No measures to check against",
}
"""``honesty`` verdicts in words (with a warning sign where they disagree, so not by colour alone)."""


def _actual_against_planned(item: dict) -> str:
    unit = item["unit"]
    return (
        f"{style.format_month(item['period'])}: {style.format_value(item['actual'], unit)} against "
        f"{style.format_value(item['planned'], unit)} planned"
    )


def off_trajectory_text(item: dict) -> str:
    """One entry of ``measures_off`` in words: 'Vacancy rate: off trajectory for 10 months in a row; Apr 2023:
    18.0% against 12.0% planned'."""
    months = style.count_of(item["months_off"], "month")
    return f"{item['name']}: off trajectory for {months} in a row; {_actual_against_planned(item)}"


def rating_check_table(checks: pd.DataFrame) -> pd.DataFrame:
    """Each report's rating of one priority area against its measures, milestones and risks
    (``honesty.check_ratings``), newest first."""
    checks = checks.sort_values("report_date", ascending=False, kind="stable")
    return pd.DataFrame(
        {
            "Report date": checks["report_date"].map(style.format_date),
            "Rating": checks["rating"].map(style.rag_text),
            "Does the rating match the data?": checks["verdict"].map(VERDICT_LABELS),
            "Measures judged": checks["measures_judged"].astype(int),
            f"Off trajectory {honesty.OFF_TRAJECTORY_RUN} or more months in a row": checks["measures_off"].map(
                lambda items: "; ".join(off_trajectory_text(item) for item in items) or "none"
            ),
            "Milestones overdue": checks["milestones_overdue"].map(
                lambda items: "; ".join(milestone_overdue_text(item) for item in items) or "none"
            ),
            f"Open risks scoring {governance.HIGH_SCORE} or more": checks["high_risks"].map(
                lambda items: "; ".join(high_risk_text(item) for item in items) or "none"
            ),
            "Special cause in the latest month (SPC)": [
                spc_evidence_text(concern, improvement)
                for concern, improvement in zip(checks["spc_concern"], checks["spc_improvement"], strict=True)
            ],
            "Plan judged at": checks["judged_on"].map(style.format_date),
        }
    )


def _signal_items(items: list[dict]) -> str:
    return ", ".join(f"{item['name']} ({style.format_month(item['period'])})" for item in items)


def spc_evidence_text(concern: list[dict], improvement: list[dict]) -> str:
    """A check's SPC evidence in words: measures showing concern, and sustained improvement, or 'none'."""
    parts = []
    if concern:
        parts.append(f"concern: {_signal_items(concern)}")
    if improvement:
        parts.append(f"sustained improvement: {_signal_items(improvement)}")
    return "; ".join(parts) or "none"


def rating_evidence_table(evidence: pd.DataFrame) -> pd.DataFrame:
    """One report's linked measures (``honesty.report_evidence`` rows): latest month covered, actual against
    planned, on trajectory or not, and for how many months in a row it has been off."""
    judged = evidence["judged"].astype(bool)
    return pd.DataFrame(
        {
            "Measure": evidence["name"],
            "On trajectory": [
                ("Yes" if on else "No") if j else "Not judged (suppressed or no trajectory)"
                for on, j in zip(evidence["on_trajectory"], judged, strict=True)
            ],
            "Months off trajectory in a row": evidence["months_off"].astype(int),
            "Actual": style.format_values(evidence, "actual"),
            "Planned": style.format_values(evidence, "planned"),
            "Month": [style.format_month(p) if j else "—" for p, j in zip(evidence["period"], judged, strict=True)],
            "Better is": evidence["polarity"].map(BETTER_IS),
        }
    )


def milestone_overdue_text(item: dict) -> str:
    """One overdue milestone of a rating check in words."""
    return f"{item['reference']} {item['milestone']}: due {style.format_date(item['due_date'])}, not completed"


def high_risk_text(item: dict) -> str:
    """One open high risk of a rating check in words."""
    return f"{item['reference']} {item['title']}: score {item['score']} (owner {item['owner']})"


def _listed(items: list[str]) -> list[str]:
    return [f"- {style.escape_markdown(item)}" for item in items]


def disagreement_text(check: dict, evidence: pd.DataFrame, area: str) -> str:
    """A disagreeing check as the board reads it (Markdown, loaded text escaped): the rating, each rule it breaks
    and the evidence.

    ``check`` is a row of ``honesty.check_ratings``; ``evidence`` that report's ``honesty.report_evidence`` rows
    for the area; ``area`` names the priority area.
    """
    when = style.format_date(check["report_date"])
    rated = f"**{style.escape_markdown(area)}** is rated {style.rag_text(check['rating'])} in the report of {when}"
    judged = int(check["measures_judged"])
    if check["verdict"] == honesty.MORE_POSITIVE:
        lines = [f"{rated}, but:"]
        off = check["measures_off"]
        if judged and len(off) > honesty.MOST_SHARE * judged:
            lines.append(
                f"- {len(off)} of its {judged} measures with a trajectory had been off trajectory for "
                f"{honesty.OFF_TRAJECTORY_RUN} or more months in a row:"
            )
            lines += ["  " + line for line in _listed([off_trajectory_text(item) for item in off])]
        on = style.format_date(check.get("judged_on"))
        overdue = check.get("milestones_overdue") or []
        if len(overdue) >= honesty.OVERDUE_MILESTONES:
            lines.append(f"- {len(overdue)} of its milestones were overdue at {on}:")
            lines += ["  " + line for line in _listed([milestone_overdue_text(item) for item in overdue])]
        high = check.get("high_risks") or []
        if len(high) >= honesty.HIGH_RISKS:
            lines.append(f"- {len(high)} open risks against it scored {governance.HIGH_SCORE} or more at {on}:")
            lines += ["  " + line for line in _listed([high_risk_text(item) for item in high])]
        concern = check.get("spc_concern") or []
        if concern:
            lines.append(
                f"- {style.count_of(len(concern), 'measure')} showed special-cause concern (statistical process "
                "control) in the latest month the report covers:"
            )
            lines += ["  " + line for line in _listed([_signal_items([item]) for item in concern])]
    elif not evidence[evidence["judged"].astype(bool)]["on_trajectory"].all() or not judged:
        improving = check.get("spc_improvement") or []
        lines = [
            f"{rated}, but {len(improving)} of its {int(check.get('spc_judged') or 0)} measures with process limits "
            "showed sustained special-cause improvement (statistical process control: a run of months, not one "
            "point) in the latest month the report covers, with no measure showing concern, no milestone overdue "
            "and no high risk open: the data suggests a better rating.",
            *_listed([_signal_items([item]) for item in improving]),
        ]
    else:
        on = evidence[evidence["judged"].astype(bool)].to_dict("records")
        lines = [
            f"{rated}, but all {judged} of its measures with a trajectory were on trajectory in the latest month the "
            "report covers, with no milestone overdue and no high risk open: the data suggests a better rating.",
            *_listed([f"{item['name']}: on trajectory; {_actual_against_planned(item)}" for item in on]),
        ]
    return "\n".join(lines)


def rating_check_rule() -> str:
    """The ``honesty`` rule in one sentence, for a caption."""
    return (
        "Each rating is checked against its priority area's measures in the months its report covers, and against "
        "its milestones and risks at the report date (the latest rating: at the date the data describes). Green or "
        f"Blue while most measures had been off trajectory for {honesty.OFF_TRAJECTORY_RUN} or more months in a row, "
        f"a milestone was overdue or a risk scored {governance.HIGH_SCORE} or more is flagged, as is Green or Blue "
        "while a measure showed special-cause concern (statistical process control); so is Red while every "
        "measure was on trajectory, or most showed sustained special-cause improvement, and nothing was overdue or "
        "high risk."
    )


def rating_check_summary(latest: pd.DataFrame) -> str:
    """One line under the latest ratings (Markdown, the areas' codes escaped): the rule in brief, and which areas'
    latest ratings agree, disagree or have nothing to check against (``honesty.latest_checks``)."""
    rule = rating_check_rule()
    groups = {
        "Agrees with the measures": latest[latest["verdict"] == honesty.AGREES],
        "Flagged": latest[latest["verdict"].isin(honesty.DISAGREEMENTS)],
        "No measures to check against": latest[latest["verdict"] == honesty.NOTHING_TO_CHECK],
    }
    found = [
        f"{label}: {style.escape_markdown(', '.join(rows['priority_area_code']))}."
        for label, rows in groups.items()
        if len(rows)
    ]
    return " ".join([rule, *found]) if found else f"{rule} No ratings yet."

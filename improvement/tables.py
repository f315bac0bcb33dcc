"""Table builders: pure functions from DataFrames to the tables people read on the pages and download as CSV.

All formatting goes through ``improvement.style``, so a table says the same thing a chart does, in words:
direction (an arrow) and judgement (improving or worsening, by polarity) in separate columns, RAG as text.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from improvement import governance, honesty, measures, style


def _values(frame: pd.DataFrame, column: str, status_column: str | None = None) -> list[str]:
    statuses = frame[status_column] if status_column else [None] * len(frame)
    return [style.format_value(v, u, s) for v, u, s in zip(frame[column], frame["unit"], statuses, strict=True)]


def headline_table(progress: pd.DataFrame) -> pd.DataFrame:
    """Measures as the board reads them, the finding first: on or off track, the latest figure, the target and
    the forecast; then what moved and whether that is good."""
    return pd.DataFrame(
        {
            "Measure": progress["name"],
            "Trajectory": progress["trajectory_status"],
            "Latest": _values(progress, "latest_value", "latest_status"),
            "Month": progress["latest_period"].map(lambda p: style.format_month(p) if pd.notna(p) else "—"),
            "Target": [
                f"{style.format_value(v, u)} by {style.format_month(d)}" if pd.notna(v) and pd.notna(d) else "—"
                for v, u, d in zip(progress["target_value"], progress["unit"], progress["target_date"], strict=True)
            ],
            "Forecast to reach target": [
                measures.Forecast(s, d).label
                for s, d in zip(progress["forecast_status"], progress["forecast_date"], strict=True)
            ],
            "Change on month": [
                f"{style.DIRECTION_ARROWS[d]} {style.format_change(c, u)}"
                for d, c, u in zip(progress["direction"], progress["change"], progress["unit"], strict=True)
            ],
            "Judgement": progress["judgement"].map(style.JUDGEMENT_LABELS),
            "Better is": progress["polarity"].map({"higher_is_better": "higher", "lower_is_better": "lower"}),
        }
    )


def trajectory_table(progress: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Every plan measure against its trajectory, for the Trajectories page (its priority area last: long)."""
    titles = dict(zip(areas["priority_area_code"], areas["title"], strict=True))
    table = headline_table(progress)
    table.insert(2, "Months off trajectory", progress["periods_off_trajectory"].astype(int))
    table["Priority area"] = progress["priority_area_code"].map(
        lambda c: f"{c} {titles.get(c, '')}" if isinstance(c, str) else "not in the plan"
    )
    return table


def source_differences_table(differences: pd.DataFrame) -> pd.DataFrame:
    """Loaded monthly figures the team caseload returns replaced with another (``sources.figures_from_returns``)."""
    return pd.DataFrame(
        {
            "Measure": differences["name"],
            "Month": differences["period"].map(style.format_month),
            "Shown (team caseload returns)": [
                style.format_value(v, u) for v, u in zip(differences["returns_value"], differences["unit"], strict=True)
            ],
            "Loaded figure (not shown)": [
                style.format_value(v, u, s)
                for v, u, s in zip(
                    differences["loaded_value"], differences["unit"], differences["loaded_status"], strict=True
                )
            ],
        }
    )


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


def milestone_table(milestones: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Actions and milestones, each with its state at the as-at date (``governance.milestone_states``: overdue
    ones marked), the milestone and its state first."""
    frame = governance.milestone_states(milestones, as_at)
    status = frame["status"].map(governance.STATUS_LABELS)
    return pd.DataFrame(
        {
            "Milestone": frame["milestone"],
            "Status": status.where(~frame["overdue"], status + " (overdue)"),
            "Due": frame["due_date"].map(style.format_date),
            "Completed": frame["completed_date"].map(style.format_date),
            "Action": frame["reference"] + " " + frame["action"],
            "Owner": frame["owner"],
        }
    )


def team_table(by_team: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Each team's latest month: caseload, agency and vacancy rates (small counts of children shown as c)."""
    latest = (
        by_team.sort_values("period").groupby("team", as_index=False).tail(1).sort_values("caseload", ascending=False)
    )
    return pd.DataFrame(
        {
            "Team": latest["team"],
            "Average caseload": latest["caseload"].map(lambda v: style.format_value(v, "ratio")),
            "Agency rate": latest["agency_rate"].map(lambda v: style.format_value(v, "percent")),
            "Vacancy rate": latest["vacancy_rate"].map(lambda v: style.format_value(v, "percent")),
            "Month": latest["period"].map(style.format_month),
            "Case-holding FTE": latest["case_holding_fte"].map(lambda v: f"{v:.1f}"),
            "Children allocated": latest["children_allocated"].map(
                lambda v: style.SUPPRESSED if style.is_suppressed(v, threshold) else style.format_value(v, "count")
            ),
        }
    )


def _when(value: dt.datetime | pd.Timestamp | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{style.format_date(value)}, {value:%H:%M}"


def _period(value: str | None, meaning: str | None) -> str:
    """A newest period as people read it: a month of figures as 'Jun 2023', a report date in full, a DfE time
    period '202425' as '2024/25'."""
    if value is None or pd.isna(value):
        return "—"
    text = str(value)
    if len(text) == 6 and text.isdigit():
        text = f"{text[:4]}/{text[4:]}"
    elif len(text) >= 10 and text[4] == "-":
        day = pd.Timestamp(text[:10])
        text = style.format_month(day) if "month" in str(meaning) else style.format_date(day)
    return f"{text} ({meaning})" if meaning else text


def load_history_table(history: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """Every load, newest first, as the Data page lists it: the hash shortened, with the full hash alongside."""
    hashes = history["file_hash"].fillna("")
    return pd.DataFrame(
        {
            "When (UTC)": history["loaded_at"].map(_when),
            "File": history["source_name"],
            "Outcome": history["outcome"],
            "Rows": history["row_count"].astype(int),
            "Kind": history["kind"].map(lambda kind: titles.get(kind, kind)),
            "Who": history["loaded_by"],
            "Synthetic": history["is_synthetic"].map({True: "Yes", False: "No"}),
            "Load": history["load_id"].astype(int),
            "SHA-256": hashes.map(lambda h: h[:12] if h else "—"),
            "Full SHA-256": hashes.map(lambda h: h or "—"),
        }
    )


def freshness_table(
    freshness: pd.DataFrame, titles: dict[str, str], expected: list[str] | tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per kind of data: the kinds loaded (newest first), then each ``expected`` kind never loaded, so the
    page shows what is missing as plainly as what is there. ``titles`` names the kinds."""
    loaded = pd.DataFrame(
        {
            "Data": freshness["kind"].map(lambda kind: titles.get(kind, kind)),
            "Kind": freshness["kind"],
            "Last loaded (UTC)": freshness["last_loaded_at"].map(_when),
            "From file": freshness["last_source_name"],
            "By": freshness["last_loaded_by"],
            "Newest period in the data": [
                _period(v, m) for v, m in zip(freshness["newest_period"], freshness["newest_period_of"], strict=True)
            ],
            "Loads": freshness["loads"].astype(int),
            "Rows loaded": freshness["rows"].astype(int),
        }
    )
    missing = [kind for kind in expected if kind not in set(freshness["kind"])]
    never = pd.DataFrame(
        {
            "Data": [titles.get(kind, kind) for kind in missing],
            "Kind": missing,
            "Last loaded (UTC)": "never loaded",
            "From file": "—",
            "By": "—",
            "Newest period in the data": "—",
            "Loads": 0,
            "Rows loaded": 0,
        }
    )
    return pd.concat([loaded, never], ignore_index=True) if len(never) else loaded


# ---------------------------------------------------------------------------------------------- Annex A

ANNEX_A_HEADLINES: dict[str, tuple[str, str]] = {
    "cp_plans": ("Children on child protection plans", "List 7: plans open at the extract date"),
    "cp_plans_2_years_or_more": ("On a plan for 2 years or more", "open plans that started 2 or more years before"),
    "cp_second_or_subsequent": ("Second or subsequent plan", "open plans with 1 or more previous plans recorded"),
    "cp_seen_within_10_working_days": (
        "Seen within 10 working days",
        "last statutory visit in the 10 working days (Mon-Fri; bank holidays not excluded) up to the extract date",
    ),
    "cp_reviewed_in_timescale": (
        "Reviewed in timescale",
        "latest review conference in the 6 months up to the extract date, or plan under 3 months old",
    ),
    "cin_open": ("Children in need", "List 6: open at the extract date"),
    "cla_open": ("Children in care", "List 8: looked after at the extract date"),
}
"""Annex A headline measures (code -> name, definition), in the order pages show them."""


def annex_a_headlines(aggregates: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Headline Annex A figures as shown: counts from 1 to threshold-1 as ``c``, and the CP percentages as ``c``
    too when the number of children on plans is (a percentage of 1 to 4 children would reveal them)."""
    headline = aggregates[aggregates["breakdown_kind"] == ""].set_index("measure")
    plans = headline["value"].get("cp_plans")
    few_plans = style.is_suppressed(plans, threshold)
    rows = []
    for code, (name, definition) in ANNEX_A_HEADLINES.items():
        if code not in headline.index:
            continue
        value, unit = headline.at[code, "value"], headline.at[code, "unit"]
        hidden = style.is_suppressed(value, threshold) if unit == "count" else few_plans and code.startswith("cp_")
        rows.append(
            {
                "Measure": name,
                "Value": style.SUPPRESSED if hidden else style.format_value(value, unit),
                "Definition": definition,
                "measure": code,
            }
        )
    return pd.DataFrame(rows, columns=["Measure", "Value", "Definition", "measure"])


def annex_a_breakdown(aggregates: pd.DataFrame, kind: str, threshold: int) -> pd.DataFrame:
    """Children on CP plans by ``kind`` (``team`` or ``category_of_abuse``), largest first, as they may be shown.

    Columns: ``label``, ``value`` (None where suppressed) and ``shown`` (the count, or ``c``). Counts from 1 to
    threshold-1 are suppressed; and when exactly one part is (``style.suppress_total`` says the total would reveal
    it, and the total is shown as the headline) the smallest other non-zero part is suppressed too. Zeros (a team
    no longer in a corrected extract) are left out.
    """
    parts = aggregates[(aggregates["breakdown_kind"] == kind) & (aggregates["value"] > 0)]
    parts = parts.sort_values(["value", "breakdown_value"], ascending=[False, True], ignore_index=True)
    hidden = parts["value"].map(lambda v: style.is_suppressed(v, threshold))
    if style.suppress_total(parts["value"], parts["value"].sum(), threshold) == style.SUPPRESSED and (~hidden).any():
        hidden.loc[parts.index[~hidden][-1]] = True  # the smallest part still shown
    return pd.DataFrame(
        {
            "label": parts["breakdown_value"],
            "value": parts["value"].astype(object).where(~hidden, None),
            "shown": [
                style.SUPPRESSED if h else style.format_value(v, "count")
                for h, v in zip(hidden, parts["value"], strict=True)
            ],
        }
    )


def annex_a_breakdown_table(breakdown: pd.DataFrame, label: str) -> pd.DataFrame:
    """``annex_a_breakdown`` as people read it: the label column and the number of children (or ``c``)."""
    return pd.DataFrame({label: breakdown["label"], "Children on CP plans": breakdown["shown"]})


# ---------------------------------------------------------------------------------------------- Honest RAG

VERDICT_LABELS = {
    honesty.AGREES: "Agrees with the measures",
    honesty.MORE_POSITIVE: "⚠ Rating more positive than the measures",
    honesty.MORE_NEGATIVE: "⚠ Rating more negative than the measures: they suggest a better rating",
    honesty.NOTHING_TO_CHECK: "No measures to check against",
}
"""``honesty`` verdicts in words (with a warning sign where they disagree, so not by colour alone)."""


def _months(count: int) -> str:
    return f"{int(count)} month" if int(count) == 1 else f"{int(count)} months"


def _actual_against_planned(item: dict) -> str:
    unit = item["unit"]
    return (
        f"{style.format_month(item['period'])}: {style.format_value(item['actual'], unit)} against "
        f"{style.format_value(item['planned'], unit)} planned"
    )


def off_trajectory_text(item: dict) -> str:
    """One entry of ``measures_off`` in words: 'Vacancy rate: off trajectory for 10 months in a row; Apr 2023:
    18.0% against 12.0% planned'."""
    return f"{item['name']}: off trajectory for {_months(item['months_off'])} in a row; {_actual_against_planned(item)}"


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
            "Plan judged at": checks["judged_on"].map(style.format_date),
        }
    )


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
            "Actual": _values(evidence, "actual"),
            "Planned": _values(evidence, "planned"),
            "Month": [style.format_month(p) if j else "—" for p, j in zip(evidence["period"], judged, strict=True)],
            "Better is": evidence["polarity"].map({"higher_is_better": "higher", "lower_is_better": "lower"}),
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
        f"a milestone was overdue or a risk scored {governance.HIGH_SCORE} or more is flagged; so is Red while every "
        "measure was on trajectory and nothing was overdue or high risk."
    )


def rating_check_summary(latest: pd.DataFrame) -> str:
    """One line under the latest ratings: the rule in brief, and which areas' latest ratings agree, disagree or
    have nothing to check against (``honesty.latest_checks``)."""
    rule = rating_check_rule()
    groups = {
        "Agrees with the measures": latest[latest["verdict"] == honesty.AGREES],
        "Flagged": latest[latest["verdict"].isin(honesty.DISAGREEMENTS)],
        "No measures to check against": latest[latest["verdict"] == honesty.NOTHING_TO_CHECK],
    }
    found = [f"{label}: {', '.join(rows['priority_area_code'])}." for label, rows in groups.items() if len(rows)]
    return " ".join([rule, *found]) if found else f"{rule} No ratings yet."


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def attention_sentence(status) -> str:
    """The Overview's first line (``status.BoardStatus``): what needs attention, in one sentence."""
    parts = [
        f"{status.milestones_overdue} of {_count(status.milestones, 'milestone')} overdue",
        f"{status.measures_off_track} of {_count(status.measures, 'plan measure')} off track",
        f"{_count(status.high_risks, 'high risk')} open",
        f"the data disagrees with {status.disagreements} of {_count(status.ratings_checked, 'latest rating')} checked",
        f"{_count(status.reports_late, 'report')} late and {status.reports_missing} missing",
    ]
    when = f"At {style.format_date(status.as_at)}: " if status.as_at else ""
    return when + "; ".join(parts) + "."


def rhythm_caption(state, start) -> str:
    """How the reporting dates are worked out, for under the dates (``rhythm.Rhythm`` and the adviser's start)."""
    first = (
        f"The first report was due six weeks after the adviser's start on {style.format_date(start)}"
        if start is not None
        else "No adviser contract is loaded, so the first report sets the rhythm"
    )
    return (
        f"{first}; each next one six weeks after the report before it. DfE reviews progress every six months. "
        "Overdue means the date had passed by the date the data describes."
    )


# ---------------------------------------------------------------------------------------------- governance


def _day_count(count: float) -> str:
    return "1 day" if int(count) == 1 else f"{int(count)} days"


def milestone_due_table(milestones: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """Milestones listed as overdue or due soon (``governance.overdue`` / ``due_soon``), with how late or how soon
    at the data's as-at date."""
    reference = pd.Timestamp(as_at) if as_at is not None else None
    days = (milestones["due_date"] - reference).dt.days if reference is not None else pd.Series(dtype=float)
    return pd.DataFrame(
        {
            "Milestone": milestones["milestone"],
            "Days from data as at": [
                "—" if pd.isna(d) else f"{_day_count(-d)} overdue" if d < 0 else f"due in {_day_count(d)}" for d in days
            ],
            "Due": milestones["due_date"].map(style.format_date),
            "Status": milestones["status"].map(governance.STATUS_LABELS),
            "Owner": milestones["owner"],
            "Action": milestones["reference"] + " " + milestones["action"],
            "Priority area": milestones["priority_area_code"],
        }
    )


def top_risks_table(top: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The open risks with the highest current score (``governance.top_risks``): owner, score and mitigation."""
    titles = dict(zip(areas["priority_area_code"], areas["title"], strict=True))
    return pd.DataFrame(
        {
            "Rank": range(1, len(top) + 1),
            "Risk": top["reference"] + " " + top["title"],
            "Score": top["score"].astype(int),
            "Likelihood": top["likelihood"].astype(int),
            "Impact": top["impact"].astype(int),
            "Owner": top["owner"],
            "Last reviewed": top["last_reviewed"].map(style.format_date),
            "Score at first review": top["first_score"].astype(int),
            "Mitigation": top["mitigation"],
            "Priority area": [
                f"{code} {titles.get(code, '')}" if isinstance(code, str) and code else "Whole plan"
                for code in top["priority_area_code"]
            ],
        }
    )


# ---------------------------------------------------------------------------------------------- reporting rhythm


def _yes_held(held: pd.Series) -> pd.Series:
    return held.map({True: "Held", False: "Scheduled"})


def dfe_reviews_table(reviews: pd.DataFrame) -> pd.DataFrame:
    """DfE's six-monthly reviews (``rhythm.dfe_reviews``): date, title, held or scheduled, and any long gap."""
    gap = [
        "⚠ More than six months after the previous one" if over else "Within six months"
        for over in reviews["over_six_months"]
    ]
    return pd.DataFrame(
        {
            "Date": reviews["meeting_date"].map(style.format_date),
            "Review": reviews["title"],
            "Held": _yes_held(reviews["held"]),
            "Gap since previous": [g if h else "—" for g, h in zip(gap, reviews["held"], strict=True)],
        }
    )


def board_meetings_table(boards: pd.DataFrame) -> pd.DataFrame:
    """Board meetings (``rhythm.meetings_of_kind``), newest first: date, title, held or scheduled."""
    ordered = boards.sort_values("meeting_date", ascending=False)
    return pd.DataFrame(
        {
            "Date": ordered["meeting_date"].map(style.format_date),
            "Meeting": ordered["title"],
            "Held": _yes_held(ordered["held"]),
        }
    )


# ---------------------------------------------------------------------------------------------- six-monthly review


def _days(count: object, unit: str) -> str:
    if count is None or pd.isna(count):
        return "—"
    return f"{int(count)} {unit}{'s' if int(count) != 1 else ''}"


def review_completed_table(completed: pd.DataFrame) -> pd.DataFrame:
    """Milestones completed in the window (``review.actions_completed``), with whether they met their due date."""
    return pd.DataFrame(
        {
            "Milestone": completed["milestone"],
            "Against due date": [
                "On time" if not late else f"Late by {_days(late, 'day')}" for late in completed["days_late"]
            ],
            "Completed": completed["completed_date"].map(style.format_date),
            "Due": completed["due_date"].map(style.format_date),
            "Owner": completed["owner"],
            "Action": completed["reference"] + " " + completed["action"],
        }
    )


def review_slipped_table(slipped: pd.DataFrame) -> pd.DataFrame:
    """Milestones due in the window and not complete by its end (``review.actions_slipped``)."""
    return pd.DataFrame(
        {
            "Milestone": slipped["milestone"],
            "Overdue at window end": slipped["days_overdue_at_end"].map(lambda d: _days(d, "day")),
            "Due": slipped["due_date"].map(style.format_date),
            "Status now": slipped["status"].map(governance.STATUS_LABELS),
            "Completed": slipped["completed_date"].map(style.format_date),
            "Owner": slipped["owner"],
            "Action": slipped["reference"] + " " + slipped["action"],
        }
    )


def _score(score: object, likelihood: object, impact: object) -> str:
    if score is None or pd.isna(score):
        return "Not yet reviewed"
    return f"{int(score)} (likelihood {int(likelihood)} × impact {int(impact)})"


def review_risks_table(risks: pd.DataFrame) -> pd.DataFrame:
    """Risks opened or closed in the window (``review.risks_opened``/``risks_closed``) with their score by its end."""
    return pd.DataFrame(
        {
            "Risk": risks["reference"] + " " + risks["title"],
            "Score at window end": [
                _score(*scored) for scored in zip(risks["score"], risks["likelihood"], risks["impact"], strict=True)
            ],
            "Raised": risks["raised_date"].map(style.format_date),
            "Closed": risks["closed_date"].map(style.format_date),
            "Owner": risks["owner"],
            "Priority area": risks["priority_area_code"].fillna("—"),
            "Mitigation": risks["mitigation"],
        }
    )

"""What changed between two dates (normally two board meetings): the digest's items, from the data and the reports.

Pure pandas, built on the other topics' rules so that each question has one answer: ``review.rules`` (the window,
and the rating in force at a date), ``plan.rules`` (on or off trajectory), ``spc.rules`` (special-cause signals),
``governance.rules`` (overdue milestones, a risk's score at a date) and ``rhythm.rules`` (reports late or missing).

The rule (the methodology page says it in words; tests/topics/digest tests it). The window (``review.Window``) runs
from ``since`` (its ``start``, exclusive: what is dated on that day, normally a board meeting, was before the board)
to ``until`` (its ``end``, inclusive); each comparison is between what the data showed **at** ``since`` and **at**
``until``.

- **Ratings**: each area's rating in force (``review.rules.ratings_at``: newest submitted report on or before the
  date) at both ends, written as shape and word (``style.rag_text``: "▲ Amber → ✖ Red"); when the
  one at ``until`` comes from a report in the window and differs, it moved worse or better (``RATING_RANK``), or
  was first rated. The same rating again, or a move undone within the window, is not an item.
- **Measures**: each plan measure's latest judged month (``plan.rules.measure_series``) among the months ended by
  ``since`` and by ``until``; a newer month judged the other way is off (or back on) trajectory. A measure first
  judged in the window crossed nothing.
- **SPC**: a month of the window flagged special-cause concern (or improvement) in the chart of the months ended by
  ``until`` (``spc.rules.measure_spc``), when the latest month at ``since`` (``spc.rules.latest_signals``) did not
  show the same; one item per measure and signal, its latest such month.
- **Milestones**: completed in the window; newly overdue: overdue at ``until``, not at ``since``
  (``governance.rules.overdue_on``), dated by the due date. **Risks**: raised (high at ``HIGH_SCORE``), closed, or
  scoring more at the latest review by ``until`` (in the window) than by ``since`` (``governance.rules.scores_by``).
  **Reports** (``rhythm.rules.report_schedule`` at ``until``): due in the window and missing, or made late in it.
- **Data loaded**: the council's loads but reports, after ``since`` and by ``until``, or at any time after
  ``since`` when ``open_ended`` (``until`` is the data's as-at date: files come in after the date they describe).

**Importance**: ``ORDER``, most important first (``importance`` is higher for more important); within one kind the
newest first, then by priority area. Every text is plain text, one sentence: what people typed goes in as typed,
control characters removed (``improvement.text.printable``); pages show it as text, never as Markdown.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from improvement import style
from improvement.spc import Rule, Signal
from improvement.text import printable
from improvement.topics.governance import rules as governance
from improvement.topics.plan import rules as plan
from improvement.topics.review import rules as review
from improvement.topics.rhythm import rules as rhythm
from improvement.topics.spc import rules as spc
from improvement.vocab import BETTER_IS, RATING_RANK, SIX_WEEKS

# --- the kinds of item, most important first ---------------------------------------------------------------------

RATING_WORSE = "rating_worse"
SPC_CONCERN = "spc_concern"
OFF_TRAJECTORY = "off_trajectory"
MILESTONE_OVERDUE = "milestone_overdue"
RISK_UP = "risk_up"
REPORT_LATE = "report_late"
RISK_RAISED = "risk_raised"
FIRST_RATING = "first_rating"
RATING_BETTER = "rating_better"
ON_TRAJECTORY = "on_trajectory"
SPC_IMPROVEMENT = "spc_improvement"
MILESTONE_COMPLETED = "milestone_completed"
RISK_CLOSED = "risk_closed"
DATA_LOADED = "data_loaded"

ORDER = (
    RATING_WORSE,
    SPC_CONCERN,
    OFF_TRAJECTORY,
    MILESTONE_OVERDUE,
    RISK_UP,
    REPORT_LATE,
    RISK_RAISED,
    FIRST_RATING,
    RATING_BETTER,
    ON_TRAJECTORY,
    SPC_IMPROVEMENT,
    MILESTONE_COMPLETED,
    RISK_CLOSED,
    DATA_LOADED,
)
"""The kinds of item, most important first."""

IMPORTANCE = {kind: len(ORDER) - rank for rank, kind in enumerate(ORDER)}
"""Each kind's importance: 14 for a rating worse down to 1 for data loaded (higher is more important)."""

KIND_LABELS = {
    RATING_WORSE: "Rating worse",
    SPC_CONCERN: "New special-cause concern",
    OFF_TRAJECTORY: "Measure off trajectory",
    MILESTONE_OVERDUE: "Milestone newly overdue",
    RISK_UP: "Risk raised high or re-scored up",
    REPORT_LATE: "Report missing or late",
    RISK_RAISED: "Risk raised",
    FIRST_RATING: "Area first rated",
    RATING_BETTER: "Rating better",
    ON_TRAJECTORY: "Measure back on trajectory",
    SPC_IMPROVEMENT: "New special-cause improvement",
    MILESTONE_COMPLETED: "Milestone completed",
    RISK_CLOSED: "Risk closed",
    DATA_LOADED: "Data loaded",
}
"""Each kind in words, for counts and headings."""

ATTENTION = frozenset({RATING_WORSE, SPC_CONCERN, OFF_TRAJECTORY, MILESTONE_OVERDUE, RISK_UP, REPORT_LATE, RISK_RAISED})
"""The kinds that ask for the board's attention (the others are progress or news)."""

ITEM_COLUMNS = ["kind", "priority_area_code", "when", "text", "importance"]

DEFAULT_WINDOW = SIX_WEEKS
"""The window's length when no board meeting was held before its end: six weeks, the reporting rhythm."""

LOAD_KIND_NAMES = {"annex_a": "An Annex A extract", "demo_seed": "The synthetic demo programme"}
"""Kinds of load in words where the kind's own name does not do (any other: 'measure_actuals' as 'Measure actuals')."""

MAX_SENTENCE = 240
"""A narrative's first sentence is cut to this many characters (with an ellipsis) so that one item stays one line
of a board paper."""


def last_month_ended(day: dt.date | pd.Timestamp) -> pd.Timestamp:
    """The first day of the last calendar month that had ended by ``day`` (its own month if it is the last day)."""
    next_day = pd.Timestamp(day).normalize() + pd.Timedelta(days=1)
    return next_day.to_period("M").to_timestamp() - pd.DateOffset(months=1)


def default_since(board_meetings: list[dt.date], until: dt.date) -> dt.date | None:
    """The newest board meeting held before ``until`` (a meeting on ``until`` itself is the window's end, so the
    one before it); None when there is none."""
    earlier = [day for day in board_meetings if day < until]
    return max(earlier) if earlier else None


def six_weeks_before(until: dt.date) -> dt.date:
    return (pd.Timestamp(until) - DEFAULT_WINDOW).date()


def first_sentence(text: object, limit: int = MAX_SENTENCE) -> str:
    """The first sentence of a narrative as plain text on one line ('' when there is none): up to the first '.',
    '!' or '?' followed by a space, cut at ``limit`` characters with an ellipsis."""
    flat = _plain(text)
    found = re.search(r"[.!?](?=\s|$)", flat)
    sentence = flat[: found.end()] if found else flat
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rstrip() + "…"
    return sentence


def _plain(text: object) -> str:
    """What a person typed, on one line, without control characters."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return " ".join(printable(text).split())


def area_title(code: object, titles: dict[str, str]) -> str:
    """'CP supervision and monitoring': the plan's title for an area as plain text ('' when it has none)."""
    return _plain(titles.get(code)) if isinstance(code, str) else ""


def area_titles(priority_areas: pd.DataFrame) -> dict[str, str]:
    """Each priority area's title by its code."""
    return dict(zip(priority_areas["priority_area_code"], priority_areas["title"], strict=True))


def area_name(code: object, titles: dict[str, str]) -> str:
    """'PA2 CP supervision and monitoring', or the code alone when the plan does not name it."""
    if not isinstance(code, str) or not code:
        return ""
    title = titles.get(code)
    return _plain(f"{code} {title}" if title else code)


def _lead(code: object, titles: dict[str, str]) -> str:
    area = area_name(code, titles)
    return f"{area}: " if area else ""


def _item(kind: str, area: object, when: object, text: str) -> dict:
    return {
        "kind": kind,
        "priority_area_code": area if isinstance(area, str) and area else None,
        "when": pd.Timestamp(when).date(),
        "text": text,
        "importance": IMPORTANCE[kind],
    }


# --- ratings ---------------------------------------------------------------------------------------------------------


def rating_items(ratings: pd.DataFrame, window: review.Window, titles: dict[str, str]) -> list[dict]:
    """Ratings worse, better, or first given between the two dates (submitted reports only)."""
    if ratings.empty:
        return []
    then = review.ratings_at(ratings, window.start).set_index("priority_area_code")["rating"].to_dict()
    items = []
    for row in review.ratings_at(ratings, window.end, also=["narrative"]).to_dict("records"):
        if not window.holds(row["report_date"]):
            continue
        area, now = row["priority_area_code"], row["rating"]
        before = then.get(area)
        if before == now:
            continue
        report = f"in the report of {style.format_date(pd.Timestamp(row['report_date']))}"
        if before is None:
            kind, moved = FIRST_RATING, f"first rated {style.rag_text(now)} {report}"
        else:
            kind = RATING_WORSE if RATING_RANK[now] < RATING_RANK[before] else RATING_BETTER
            moved = f"{style.rag_text(before)} → {style.rag_text(now)} {report}"
        sentence = first_sentence(row.get("narrative"))
        text = f"{_lead(area, titles)}{moved}" + (f": {sentence}" if sentence else ".")
        items.append(_item(kind, area, row["report_date"], text))
    return items


# --- measures ----------------------------------------------------------------------------------------------------


def _judged_by(judged: pd.DataFrame, month: pd.Timestamp) -> dict | None:
    upto = judged[judged["period"] <= month]
    return upto.iloc[-1].to_dict() if len(upto) else None


def trajectory_items(
    plan_measures: pd.DataFrame,
    observations: pd.DataFrame,
    trajectories: pd.DataFrame,
    window: review.Window,
    titles: dict[str, str],
) -> list[dict]:
    """Plan measures whose latest judged month moved off, or back on, trajectory between the two dates."""
    if plan_measures.empty or observations.empty or trajectories.empty:
        return []
    first, last = last_month_ended(window.start), last_month_ended(window.end)
    items = []
    for m in plan_measures.to_dict("records"):
        series = plan.measure_series(observations, trajectories, m["measure_code"], m["polarity"])
        judged = series.dropna(subset=["on_trajectory"])
        then, now = _judged_by(judged, first), _judged_by(judged, last)
        if then is None or now is None or now["period"] <= then["period"]:
            continue
        if bool(now["on_trajectory"]) == bool(then["on_trajectory"]):
            continue
        on = bool(now["on_trajectory"])
        month = style.format_month(now["period"])
        figures = (
            f"{style.format_value(float(now['value']), m['unit'])} in {month} against a planned "
            f"{style.format_value(float(now['planned_value']), m['unit'])}"
        )
        better = BETTER_IS.get(m["polarity"])
        text = (
            f"{_lead(m['priority_area_code'], titles)}{_plain(m['name'])} "
            f"{'back on' if on else 'off'} trajectory: {figures}" + (f" ({better} is better)." if better else ".")
        )
        items.append(
            _item(ON_TRAJECTORY if on else OFF_TRAJECTORY, m["priority_area_code"], plan.month_end(now["period"]), text)
        )
    return items


def _rule_words(rules: object) -> str:
    try:
        labels = [Rule(rule).label for rule in rules]
    except (TypeError, ValueError):
        return ""
    return "; ".join(label[0].lower() + label[1:] for label in labels)


def spc_items(
    plan_measures: pd.DataFrame, observations: pd.DataFrame, window: review.Window, titles: dict[str, str]
) -> list:
    """Plan measures with a special-cause concern or improvement in a month of the window that their latest month
    at the window's start did not show."""
    if plan_measures.empty or observations.empty:
        return []
    first, last = last_month_ended(window.start), last_month_ended(window.end)
    known = observations[pd.to_datetime(observations["period"]) <= last]
    items = []
    for m in plan_measures.to_dict("records"):
        change = m.get("process_change_from")
        chart = spc.measure_spc(known, m["measure_code"], m["polarity"], process_change=change)
        points = chart.present
        points = points[(points["period"] > first) & (points["period"] <= last)]
        if points.empty:
            continue
        then = spc.latest_signals(known, m["measure_code"], m["polarity"], change, [first])[first]
        shown_then = then.signal if then is not None else None
        for signal, kind, words in (
            (Signal.CONCERN, SPC_CONCERN, "special-cause concern"),
            (Signal.IMPROVEMENT, SPC_IMPROVEMENT, "special-cause improvement"),
        ):
            flagged = points[points["signal"] == signal]
            if flagged.empty or shown_then == signal:
                continue
            latest = flagged.iloc[-1]
            why = _rule_words(latest["rules"])
            text = (
                f"{_lead(m['priority_area_code'], titles)}{_plain(m['name'])} shows {words} in "
                f"{style.format_month(latest['period'])}" + (f" ({why})." if why else ".")
            )
            items.append(_item(kind, m["priority_area_code"], plan.month_end(latest["period"]), text))
    return items


# --- milestones and risks ------------------------------------------------------------------------------------------


def milestone_items(milestones: pd.DataFrame, window: review.Window, titles: dict[str, str]) -> list[dict]:
    """Milestones completed in the window, and those overdue at its end that were not at its start."""
    if milestones.empty:
        return []
    items = []
    done = (milestones["status"] == "complete") & window.contains(milestones["completed_date"])
    for row in milestones[done].to_dict("records"):
        due = pd.Timestamp(row["due_date"])
        completed = pd.Timestamp(row["completed_date"])
        late = f", {style.count_of((completed - due).days, 'day')} after its due date" if completed > due else ""
        text = (
            f"{_lead(row['priority_area_code'], titles)}milestone {_plain(row['reference'])} "
            f"\u201c{_plain(row['milestone'])}\u201d completed on {style.format_date(completed)}{late}."
        )
        items.append(_item(MILESTONE_COMPLETED, row["priority_area_code"], completed, text))
    newly = governance.overdue_on(milestones, window.end_time) & ~governance.overdue_on(milestones, window.start_time)
    for row in milestones[newly].to_dict("records"):
        due = pd.Timestamp(row["due_date"])
        owner = _plain(row.get("owner"))
        text = (
            f"{_lead(row['priority_area_code'], titles)}milestone {_plain(row['reference'])} "
            f"\u201c{_plain(row['milestone'])}\u201d was due on {style.format_date(due)} and was not completed by "
            f"{style.format_date(window.end)}" + (f" (owner: {owner})." if owner else ".")
        )
        items.append(_item(MILESTONE_OVERDUE, row["priority_area_code"], due, text))
    return items


def _scores(reviews: pd.DataFrame, when: dt.date) -> dict[str, tuple[float, pd.Timestamp]]:
    """Each risk's score at its latest review by ``when`` (``governance.scores_by``) and that review's date."""
    latest = governance.scores_by(reviews, when)
    return {
        str(reference): (float(score), pd.Timestamp(day))
        for reference, score, day in zip(latest.index, latest["score"], latest["review_date"], strict=True)
    }


def risk_items(risks: pd.DataFrame, reviews: pd.DataFrame, window: review.Window, titles: dict[str, str]) -> list[dict]:
    """Risks raised, closed or re-scored up in the window."""
    if risks.empty:
        return []
    at_start, at_end = _scores(reviews, window.start), _scores(reviews, window.end)
    items = []
    for row in risks.to_dict("records"):
        reference, area = str(row["reference"]), row["priority_area_code"]
        now, reviewed = at_end.get(reference, (None, None))
        named = f"{_lead(area, titles)}risk {_plain(reference)} \u201c{_plain(row['title'])}\u201d"
        if window.holds(row["raised_date"]):
            high = now is not None and now >= governance.HIGH_SCORE
            score = f" with a score of {now:.0f}" + (" (high)" if high else "") if now is not None else ""
            text = f"{named} raised on {style.format_date(pd.Timestamp(row['raised_date']))}{score}."
            items.append(_item(RISK_UP if high else RISK_RAISED, area, row["raised_date"], text))
        elif now is not None and window.holds(reviewed):
            before, _ = at_start.get(reference, (None, None))
            if before is not None and now > before:
                high = " (high)" if now >= governance.HIGH_SCORE else ""
                text = (
                    f"{named} re-scored up from {before:.0f} to {now:.0f}{high} at its review of "
                    f"{style.format_date(reviewed)}."
                )
                items.append(_item(RISK_UP, area, reviewed, text))
        if window.holds(row["closed_date"]):
            text = f"{named} closed on {style.format_date(pd.Timestamp(row['closed_date']))}."
            items.append(_item(RISK_CLOSED, area, row["closed_date"], text))
    return items


# --- reports and loads -------------------------------------------------------------------------------------------


def report_items(ratings: pd.DataFrame, window: review.Window, start: dt.date | None = None) -> list[dict]:
    """Six-weekly reports missing (due in the window, none made by its end) or made late in the window."""
    schedule = rhythm.report_schedule(rhythm.submitted_report_dates(ratings), window.end, start)
    items = []
    for row in schedule.to_dict("records"):
        due = pd.Timestamp(row["due_date"])
        if row["status"] == rhythm.MISSING and window.holds(due):
            text = (
                f"The six-weekly report due on {style.format_date(due)} is missing: no submitted report answered it "
                f"by {style.format_date(window.end)}."
            )
            items.append(_item(REPORT_LATE, None, due, text))
        elif row["status"] == rhythm.LATE and window.holds(row["submitted_date"]):
            made = pd.Timestamp(row["submitted_date"])
            text = (
                f"The six-weekly report due on {style.format_date(due)} was made on {style.format_date(made)}, "
                f"{style.count_of(int(row['days_late']), 'day')} late."
            )
            items.append(_item(REPORT_LATE, None, made, text))
    return items


def load_kind_name(kind: object) -> str:
    text = _plain(kind)
    return LOAD_KIND_NAMES.get(text, text.replace("_", " ").capitalize() or "A file")


def load_items(loads: pd.DataFrame, window: review.Window, *, open_ended: bool = False) -> list[dict]:
    """The council's loads in the window (every load after its start when ``open_ended``), but six-weekly reports.

    ``loads`` has loaded_at, kind, source_name, row_count and message, and may have outcome (only ``loaded`` ones
    count) and councils (how many councils' rows the load wrote: for a file of several councils the rows are not
    counted here, as they are not all this council's)."""
    if loads.empty:
        return []
    chosen = loads[loads["kind"] != "rag_report"]
    if "outcome" in chosen.columns:
        chosen = chosen[chosen["outcome"] == "loaded"]
    after_start = pd.to_datetime(chosen["loaded_at"]).dt.normalize() > window.start_time
    chosen = chosen[window.contains(chosen["loaded_at"]) | (open_ended & after_start)]
    items = []
    for row in chosen.sort_values("loaded_at", kind="stable").to_dict("records"):
        loaded = pd.Timestamp(row["loaded_at"])
        councils = row.get("councils")
        councils = int(councils) if councils is not None and pd.notna(councils) else 1
        source = _plain(row["source_name"])
        rows = (
            f"a file with rows for {style.count_of(councils, 'council')}"
            if councils > 1
            else f"{style.count_of(int(row['row_count']), 'row')} added or changed"
        )
        message = first_sentence(row.get("message"))
        text = f"{load_kind_name(row['kind'])} loaded on {style.format_date(loaded)}" + (
            f" from {source}" if source else ""
        )
        text += f": {rows}." + (f" {message}" if message else "")
        items.append(_item(DATA_LOADED, None, loaded, text))
    return items


# --- the digest ----------------------------------------------------------------------------------------------------


def digest_items(window: review.Window, data: object, loads: pd.DataFrame, *, open_ended: bool = False) -> pd.DataFrame:
    """Every item of the digest for ``window`` (``ITEM_COLUMNS``), most important first: by ``importance``, then
    the newest first, then by priority area (in the plan's order) and text. ``data`` has the board's frames
    (``priority_areas``, ``ratings``, ``plan_measures``, ``observations``, ``trajectories``, ``milestones``,
    ``risks``, ``risk_reviews``) and ``adviser_start``, as ``BoardData`` has; ``loads`` the council's loads."""
    priority_areas = data.priority_areas
    titles = area_titles(priority_areas)
    items = [
        *rating_items(data.ratings, window, titles),
        *trajectory_items(data.plan_measures, data.observations, data.trajectories, window, titles),
        *spc_items(data.plan_measures, data.observations, window, titles),
        *milestone_items(data.milestones, window, titles),
        *risk_items(data.risks, data.risk_reviews, window, titles),
        *report_items(data.ratings, window, data.adviser_start),
        *load_items(loads, window, open_ended=open_ended),
    ]
    frame = pd.DataFrame(items, columns=ITEM_COLUMNS)
    if frame.empty:
        return frame.astype({"importance": int})
    order = {code: index for index, code in enumerate(priority_areas["priority_area_code"])}
    frame["_area"] = frame["priority_area_code"].map(lambda code: order.get(code, len(order)))
    frame["_when"] = pd.to_datetime(frame["when"])
    frame = frame.sort_values(
        ["importance", "_when", "_area", "text"], ascending=[False, False, True, True], kind="stable"
    )
    return frame[ITEM_COLUMNS].reset_index(drop=True).astype({"importance": int})


def kind_counts(items: pd.DataFrame) -> pd.DataFrame:
    """How many items of each kind, in ``ORDER`` (kinds with none left out): kind, label, items."""
    counts = items["kind"].value_counts()
    rows = [(kind, KIND_LABELS[kind], int(counts[kind])) for kind in ORDER if kind in counts.index]
    return pd.DataFrame(rows, columns=["kind", "label", "items"])

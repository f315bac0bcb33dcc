"""What the Portfolio page shows: every council with an intervention, one summary each built from the answers its
own pages give (its board data, adviser contract, interventions and Ofsted judgements), worst first; the theme grid;
what changed across councils since a date; the published benchmarks side by side.

Nothing here reads the database: the app layer reads each council's board once per data state and passes them in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from improvement import style
from improvement.board import BoardData
from improvement.charting import Chart, ChartContext
from improvement.topics.benchmarks import rules as benchmark_rules
from improvement.topics.benchmarks.view import SUMMARY_INDICATORS
from improvement.topics.contract import rules as contract
from improvement.topics.digest import rules as digest
from improvement.topics.digest.view import digest_view
from improvement.topics.portfolio import charts, rules, tables
from improvement.topics.rag import rules as honesty
from improvement.topics.spc.view import spc_summary
from improvement.vocab import GRADE_LABELS, INSPECTION_LABELS, INTERVENTION_LABELS

PORTFOLIO = "Councils in intervention"


@dataclass(frozen=True)
class PortfolioView:
    summaries: list[rules.CouncilSummary]  # worst first
    table: pd.DataFrame  # tables.portfolio_table
    regions: list[str]
    kinds: list[str]
    advisers: list[str]
    rule: str  # the order in one sentence
    as_at: dt.date | None  # the newest date any council's data describes


def summary(
    data: BoardData,
    terms: contract.ContractTerms | None,
    days: pd.DataFrame,
    interventions: pd.DataFrame,
    judgements: pd.DataFrame,
    on: dt.date,
) -> rules.CouncilSummary:
    """One council's row, from its own pages' answers."""
    inside, intervention = rules.in_intervention(interventions, data.authority_code, on)
    judgement = rules.latest_judgement(judgements, data.authority_code)
    movement = honesty.rag_movement(data.ratings)
    status, rhythm = data.status, data.rhythm
    signals = spc_summary(data) if len(data.progress) else pd.DataFrame(columns=["signal"])
    adviser_days = days_allowance = spend = budget = None
    if terms is not None:
        delivered = days[pd.to_datetime(days["day_date"]) <= pd.Timestamp(data.as_at)] if data.as_at else days
        months = contract.days_per_month(terms, delivered, data.as_at)
        adviser_days, days_allowance = float(months["days"].sum()), float(months["allowance"].sum())
        money = contract.spend_to_date(terms, delivered)
        spend, budget = money.net_gbp, money.budget_gbp
    return rules.CouncilSummary(
        code=data.authority_code,
        name=data.authority_name,
        region=data.region,
        as_at=data.as_at,
        in_intervention=inside,
        intervention=INTERVENTION_LABELS.get(intervention["kind"]) if intervention else None,
        intervention_start=_day(intervention["start_date"]) if intervention else None,
        intervention_end=_day(intervention["end_date"]) if intervention else None,
        adviser=(intervention or {}).get("adviser") or (terms.adviser_name if terms else None),
        ofsted=_judgement_text(judgement),
        ofsted_date=_day(judgement["inspection_date"]) if judgement else None,
        ratings=dict(zip(movement["priority_area_code"], movement["rating"], strict=True)),
        moved=dict(zip(movement["priority_area_code"], movement["movement"], strict=True)),
        areas=len(data.priority_areas),
        disagreements=status.disagreements,
        measures_judged=status.measures_on_track + status.measures_off_track,
        measures_off=status.measures_off_track,
        spc_concern=int((signals["signal"] == "concern").sum()),
        milestones_due=rules.milestones_due(data.milestones, data.as_at),
        milestones_overdue=status.milestones_overdue,
        high_risks=status.high_risks,
        last_report=rhythm.last_report,
        next_report_due=rhythm.next_report_due,
        report_overdue=status.next_report_overdue,
        reports_missing=status.reports_missing,
        last_review=rhythm.last_review,
        next_review_due=rhythm.next_review_due,
        review_overdue=rhythm.review_overdue,
        adviser_days=adviser_days,
        days_allowance=days_allowance,
        spend_gbp=spend,
        budget_gbp=budget,
    )


def portfolio_view(summaries: list[rules.CouncilSummary]) -> PortfolioView:
    """The councils worst first, their table, and what the filters offer."""
    ordered = rules.worst_first(summaries)
    return PortfolioView(
        summaries=ordered,
        table=tables.portfolio_table(ordered),
        regions=sorted({s.region for s in ordered if s.region}),
        kinds=sorted({s.intervention for s in ordered if s.intervention}),
        advisers=sorted({s.adviser for s in ordered if s.adviser}),
        rule=ORDER_RULE,
        as_at=max((s.as_at for s in ordered if s.as_at is not None), default=None),
    )


def theme_view(
    summaries: list[rules.CouncilSummary], themes: dict[str, dict[str, str]], context: ChartContext
) -> Chart | None:
    """The grid of ``summaries`` (worst first) by the themes of their priority areas (``themes``: council code ->
    area code -> theme); None when none of their areas carries a theme."""
    grid = rules.theme_grid(summaries, themes)
    return charts.theme_chart(grid, [s.name for s in summaries], context) if len(grid) else None


ORDER_RULE = (
    "Worst first: councils in intervention before those out of it; then the most concerns ("
    + "; ".join(rules.CONCERNS)
    + "); then more areas rated Red, a larger share of milestones overdue, more measures off trajectory; then by name."
)


def contract_events(terms: contract.ContractTerms | None) -> list[tuple[str, dt.date | None, str]]:
    """The adviser contract's break clause, extension (on the original end date) and end, in words."""
    if terms is None:
        return []
    events = []
    if terms.break_clause_date is not None:
        events.append(
            ("Contract break clause", terms.break_clause_date, "Either party may end the adviser's contract.")
        )
    if terms.extension_months:
        months = style.count_of(terms.extension_months, "whole month")
        events.append(
            ("Contract extended", terms.end_date, f"Extended by {months} to {style.format_date(terms.resulting_end)}.")
        )
    events.append(("Contract ended", terms.resulting_end, f"The adviser's contract ({terms.adviser_name}) ended."))
    return events


def _judgement_text(judgement: dict | None) -> str | None:
    if judgement is None:
        return None
    grade = judgement.get("overall")
    kind = INSPECTION_LABELS.get(judgement["inspection_kind"], str(judgement["inspection_kind"]))
    return f"{GRADE_LABELS[grade]} ({kind})" if isinstance(grade, str) and grade in GRADE_LABELS else kind


def _day(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def context_for(summaries: list[rules.CouncilSummary], marking: str, synthetic: bool) -> ChartContext:
    """The portfolio's charts' context: every council's data as at its newest date."""
    dates = [s.as_at for s in summaries if s.as_at is not None]
    return ChartContext(
        authority=f"{PORTFOLIO} ({style.count_of(len(summaries), 'council')})",
        data_as_at=max(dates) if dates else None,
        marking=marking,
        synthetic=synthetic,
    )


# --- what changed across councils ----------------------------------------------------------------------------------

FEED_KINDS = (digest.RATING_WORSE, digest.SPC_CONCERN, digest.REPORT_LATE, digest.RATING_BETTER)
"""What the feed takes from each council's own digest (the board's "What changed"): ratings down or up, new
special-cause concern, reports missing or late."""


@dataclass(frozen=True)
class Feed:
    table: pd.DataFrame  # When, Council, What, Detail: newest first
    counts: pd.DataFrame  # What, Councils, Items
    caption: str


def change_feed(
    boards: list[BoardData],
    summaries: list[rules.CouncilSummary],
    loads: dict[str, pd.DataFrame],
    interventions: pd.DataFrame,
    judgements: pd.DataFrame,
    contracts: dict[str, contract.ContractTerms | None],
    since: dt.date,
    on: dt.date,
) -> Feed:
    """What changed across the councils after ``since``: from each council's digest (up to its data's as-at date)
    the ratings down or up, new special-cause concern and reports missing or late; and up to ``on`` the DfE reviews
    held, new Ofsted judgements, interventions started or ended and the adviser contracts' break clauses and ends."""
    by_code = {s.code: s for s in summaries}
    rows: list[dict] = []
    for data in boards:
        summary = by_code[data.authority_code]
        described = data.as_at is not None and since < data.as_at  # its data goes beyond the date chosen
        found = digest_view(data, loads.get(data.authority_code, pd.DataFrame()), since=since) if described else None
        for item in [] if found is None else found.items[found.items["kind"].isin(FEED_KINDS)].to_dict("records"):
            rows.append(
                {
                    "when": item["when"],
                    "code": summary.code,
                    "council": summary.name,
                    "what": digest.KIND_LABELS[item["kind"]],
                    "detail": item["text"],
                }
            )
        mine_judged = judgements[judgements["authority_code"] == summary.code]
        mine_interventions = interventions[interventions["authority_code"] == summary.code]
        terms = contracts.get(summary.code)
        rows += rules.portfolio_events(
            summary,
            [_day(day) for day in data.meetings.loc[data.meetings["kind"] == "dfe_review", "meeting_date"]],
            [(_day(row["inspection_date"]), _judgement_text(row) or "") for row in mine_judged.to_dict("records")],
            [
                (INTERVENTION_LABELS.get(row["kind"], row["kind"]), _day(row["start_date"]), _day(row["end_date"]))
                for row in mine_interventions.to_dict("records")
            ],
            contract_events(terms),
            since,
            on,
        )
    frame = pd.DataFrame(rows, columns=rules.FEED_COLUMNS).sort_values(["when", "council"], ascending=[False, True])
    table = pd.DataFrame(
        {
            "When": frame["when"].map(style.format_date),
            "Council": frame["council"],
            "What": frame["what"],
            "Detail": frame["detail"],
        }
    ).reset_index(drop=True)
    counts = (
        frame.groupby("what").agg(Councils=("code", "nunique"), Items=("code", "size")).reset_index()
        if len(frame)
        else pd.DataFrame(columns=["what", "Councils", "Items"])
    ).rename(columns={"what": "What"})
    caption = (
        f"{style.count_of(len(frame), 'change')} across {style.count_of(frame['code'].nunique(), 'council')} after "
        f"{style.format_date(since)}: each council's ratings down or up, new special-cause concern and reports missing "
        "or late from its own digest (up to the date its data describes), and DfE reviews held, Ofsted judgements, "
        "interventions started or ended and adviser contracts' break clauses and ends."
    )
    return Feed(table, counts, caption)


# --- published benchmarks across the portfolio ---------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioBenchmarks:
    table: pd.DataFrame  # one row per council and indicator
    charts: list[Chart]  # one per indicator with figures for two or more councils


def portfolio_benchmarks(
    summaries: list[rules.CouncilSummary],
    loaded: dict[str, dict[str, benchmark_rules.Benchmark | None]],
    context: ChartContext,
) -> PortfolioBenchmarks:
    """Each council's newest published figure of each summary indicator against England and its statistical
    neighbours (``benchmarks.latest_comparison``, as on each council's Overview), side by side."""
    rows = []
    for summary in summaries:
        for indicator in SUMMARY_INDICATORS:
            bench = loaded.get(summary.code, {}).get(indicator)
            latest = benchmark_rules.latest_comparison(bench) if bench is not None else None
            if latest is None:
                continue
            known = benchmark_rules.INDICATORS.get(indicator)
            name, unit = (known.label, known.unit) if known else (indicator, "ratio")
            rows.append(
                {
                    "indicator": indicator,
                    "name": name,
                    "unit": unit,
                    "council": summary.name,
                    "period": latest["period"],
                    "value": latest[benchmark_rules.COUNCIL],
                    "england": latest[benchmark_rules.ENGLAND],
                    "neighbours": latest[benchmark_rules.NEIGHBOURS] if bench.neighbour_count else None,
                    "source": bench.source,
                }
            )
    frame = pd.DataFrame(
        rows, columns=["indicator", "name", "unit", "council", "period", "value", "england", "neighbours", "source"]
    )
    table = pd.DataFrame(
        {
            "Measure": frame["name"],
            "Council": frame["council"],
            "Year": frame["period"],
            "Council's figure": style.format_values(frame, "value"),
            "England": style.format_values(frame, "england"),
            "Statistical neighbours (average)": style.format_values(frame, "neighbours"),
            "Source": frame["source"],
        }
    )
    built = [
        charts.benchmark_chart(group, context)
        for _indicator, group in frame.groupby("indicator", sort=False)
        if group["value"].notna().sum() >= 2
    ]
    return PortfolioBenchmarks(table, built)

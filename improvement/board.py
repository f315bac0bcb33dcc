"""A council's board data: everything the pages and the briefing pack read about one authority, read once.

``read_board(engine, authority_code, threshold)`` reads the authority's rows (newest load winning, drafts left
out), suppresses small counts about children, applies the source rule (``topics.caseloads.rules``) and works out the
answers every page shares: progress against trajectory, the reporting rhythm, the rating check and the counts on
the first screen (``topics.overview.rules``). No Streamlit here: the app caches ``read_board`` on the newest load
(``improvement.ui.data.board_data``, through ``improvement.ui.cache``), and the briefing command calls it directly.

Whatever a council has loaded so far, ``read_board`` answers: every frame is present (empty when nothing is
loaded), ``loaded`` says which kinds of data there are, and ``as_at`` is None only when nothing dated is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from improvement import queries, style
from improvement.topics.benchmarks import rules as benchmarks
from improvement.topics.caseloads import rules as caseload_rules
from improvement.topics.overview import rules as status
from improvement.topics.plan import rules as measures
from improvement.topics.rag import rules as honesty
from improvement.topics.rhythm import rules as rhythm


@dataclass(frozen=True)
class BoardData:
    authority_code: str
    authority_name: str
    old_la_code: str | None
    region: str | None
    priority_areas: pd.DataFrame
    plan_measures: pd.DataFrame
    observations: pd.DataFrame  # the figures shown: actuals, with team returns where they answer
    trajectories: pd.DataFrame
    ratings: pd.DataFrame
    caseloads: pd.DataFrame
    milestones: pd.DataFrame
    meetings: pd.DataFrame
    risks: pd.DataFrame
    risk_reviews: pd.DataFrame
    progress: pd.DataFrame  # measures.measure_progress of every plan measure
    untracked: pd.DataFrame  # the same for measures with figures that the plan does not track
    source_differences: pd.DataFrame  # loaded actuals the team returns replaced with another figure
    adviser_start: dt.date | None
    annex_a_dates: list[dt.date]  # extract dates loaded, newest first
    as_at: dt.date | None  # the date the council's own data describes (measures.data_as_at)
    published_as_at: dt.date | None  # the newest date DfE's published figures for the council describe
    published_as_at_text: str | None  # the same in words, or the period when no date is known
    loaded_at: dt.datetime | None
    synthetic: bool
    rhythm: rhythm.Rhythm
    checks: pd.DataFrame  # honesty.check_ratings
    evidence: pd.DataFrame
    status: status.BoardStatus

    def area_title(self, code: str) -> str:
        match = self.priority_areas.loc[self.priority_areas["priority_area_code"] == code, "title"]
        return str(match.iloc[0]) if len(match) else code

    @property
    def latest_checks(self) -> pd.DataFrame:
        return honesty.latest_checks(self.checks)

    @property
    def loaded(self) -> dict[str, bool]:
        """Which kinds of the council's data are loaded (for saying plainly what to load next)."""
        return {
            "plan": not self.priority_areas.empty,
            "measures": not self.plan_measures.empty,
            "trajectories": not self.trajectories.empty,
            "figures": not self.observations.empty,
            "reports": not self.ratings.empty,
            "caseloads": not self.caseloads.empty,
            "milestones": not self.milestones.empty,
            "risks": not self.risks.empty,
            "meetings": not self.meetings.empty,
            "contract": self.adviser_start is not None,
            "annex_a": bool(self.annex_a_dates),
            "published": self.published_as_at_text is not None,
        }

    @property
    def has_anything(self) -> bool:
        return any(self.loaded.values())

    @property
    def as_at_text(self) -> str:
        """What the data is as at, in words: the council's own data's date; else the date DfE's published figures
        describe, said to be that; else that nothing dated is loaded."""
        if self.as_at is not None:
            return style.format_date(self.as_at)
        if self.published_as_at_text:
            return f"{self.published_as_at_text} (DfE published statistics only)"
        return "nothing dated loaded yet"


def read_board(engine: Engine, authority_code: str, threshold: int) -> BoardData:
    """All the board's data for one authority, with small counts about children already suppressed."""
    listed = queries.authorities(engine).set_index("code")
    known = authority_code in listed.index
    name = str(listed.at[authority_code, "name"]) if known else authority_code
    old_code = _text(listed.at[authority_code, "old_la_code"]) if known else None
    region = _text(listed.at[authority_code, "region"]) if known else None

    plan = queries.plan_measures(engine, authority_code)
    loaded_figures = queries.observations(engine, authority_code)
    catalogue = queries.measures(engine, sorted(set(loaded_figures["measure_code"]) | set(plan["measure_code"])))
    child_counts = set(catalogue.loc[catalogue["counts_children"].astype(bool), "measure_code"])
    caseloads = queries.caseloads(engine, authority_code)
    figures, differences = caseload_rules.figures_from_returns(plan, loaded_figures, caseloads)
    observed = style.suppress_observations(figures, child_counts, threshold)
    planned = queries.trajectories(engine, authority_code)
    ratings = queries.rag_ratings(engine, authority_code)
    milestones = queries.milestones(engine, authority_code)
    meetings = queries.meetings(engine, authority_code)
    risks = queries.risks(engine, authority_code)
    reviews = queries.risk_reviews(engine, authority_code)
    contract = queries.adviser_contract(engine, authority_code)
    days = queries.adviser_days(engine, authority_code)
    extracts = list(queries.annex_a_extracts(engine, authority_code)["extract_date"])
    loaded_at, synthetic = queries.provenance(engine, authority_code)

    progress = _progress(plan, observed, planned)
    untracked_codes = sorted(set(observed["measure_code"]) - set(plan["measure_code"]))
    untracked = _progress(_as_plan(catalogue[catalogue["measure_code"].isin(untracked_codes)]), observed, planned)
    start = None if contract.empty or pd.isna(contract["start_date"].iloc[0]) else _date(contract["start_date"].iloc[0])
    as_at = measures.data_as_at(
        observed,
        ratings,
        caseloads,
        [
            *extracts,
            *reviews["review_date"],
            *risks["raised_date"],
            *risks["closed_date"],
            *milestones["completed_date"],
            *days["day_date"],
        ],
    )
    published_on, published_text = _published_as_at(engine, authority_code, old_code)
    state = rhythm.reporting_rhythm(ratings, meetings, as_at, start)
    checks, evidence = honesty.check_ratings(
        ratings, plan, observed, planned, milestones=milestones, risks=risks, risk_reviews=reviews, as_at=as_at
    )
    return BoardData(
        authority_code=authority_code,
        authority_name=name,
        old_la_code=old_code,
        region=region,
        priority_areas=queries.priority_areas(engine, authority_code),
        plan_measures=plan,
        observations=observed,
        trajectories=planned,
        ratings=ratings,
        caseloads=caseloads,
        milestones=milestones,
        meetings=meetings,
        risks=risks,
        risk_reviews=reviews,
        progress=progress,
        untracked=untracked,
        source_differences=differences,
        adviser_start=start,
        annex_a_dates=extracts,
        as_at=as_at,
        published_as_at=published_on,
        published_as_at_text=published_text,
        loaded_at=loaded_at,
        synthetic=synthetic,
        rhythm=state,
        checks=checks,
        evidence=evidence,
        status=status.board_status(progress, milestones, risks, reviews, checks, state, as_at),
    )


def find_authority(listed: pd.DataFrame, wanted: str | None) -> str:
    """The new LA code of ``wanted`` (new or old code) among ``listed`` (``queries.authority_contents``); by
    default the first council with its own improvement data, as the app opens."""
    if listed.empty:
        raise LookupError(
            "The database holds no council yet: load the improvement plan or DfE's published statistics first "
            "(python -m loaders FILE...), or run `make run` for the demo data."
        )
    if wanted is None:
        own = listed[listed[[name for name, _model in queries.AUTHORITY_TABLES]].any(axis=1)]
        return str((own if len(own) else listed).sort_values("name")["code"].iloc[0])
    match = listed[(listed["code"] == wanted) | (listed["old_la_code"].astype(str) == wanted)]
    if match.empty:
        known = ", ".join(f"{code} ({name})" for code, name in zip(listed["code"], listed["name"], strict=True))
        raise LookupError(f"Unknown authority {wanted!r}. Known: {known}.")
    return str(match["code"].iloc[0])


def _progress(plan: pd.DataFrame, observed: pd.DataFrame, planned: pd.DataFrame) -> pd.DataFrame:
    progress = measures.measure_progress(plan, observed, planned)
    return progress.merge(plan[["measure_code", "definition", "source"]], on="measure_code", how="left")


def _as_plan(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Catalogue entries shaped like ``queries.plan_measures`` rows for measures no plan tracks: no priority area,
    baseline, target or process change."""
    return catalogue.assign(
        priority_area_code=None,
        is_headline=False,
        baseline_value=float("nan"),
        baseline_period=pd.NaT,
        process_change_from=pd.NaT,
        target_value=float("nan"),
        target_date=pd.NaT,
    )


def _published_as_at(engine: Engine, code: str, old_code: str | None) -> tuple[dt.date | None, str | None]:
    """The newest date the council's published figures describe, and that in words (the period when no date is
    known); (None, None) when no DfE figure for the council is loaded."""
    periods = queries.published_periods(engine, code, old_code)
    if periods.empty:
        return None, None
    dated = [
        (benchmarks.reference_date(row.dataset, row.time_period, row.time_identifier), row)
        for row in periods.itertuples(index=False)
    ]
    known = [day for day, _row in dated if day is not None]
    if known:
        newest = max(known)
        return newest, style.format_date(newest)
    row = max((row for _day, row in dated), key=lambda row: row.time_period)
    return None, f"{benchmarks.period_label(row.time_period)} ({str(row.time_identifier).lower()})"


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str) and value else None


def _date(value: object) -> dt.date:
    return pd.Timestamp(value).date()

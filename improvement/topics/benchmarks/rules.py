"""Benchmarks: a council's published figures against England, its region and its statistical neighbours.

Pure pandas on what ``improvement.queries.published_values`` and ``statistical_neighbours`` return. The rules:

- the council's, England's and the region's series are DfE's published figures as they are (a suppressed figure
  stays a symbol such as ``c``, never a number);
- the **statistical neighbour average** for a year is the plain mean of the neighbours' published values that
  year (as DfE's LAIT does), over the neighbours that have a value; neighbours whose figure is suppressed are left
  out and counted, as are neighbours with no row that year (e.g. councils since reorganised);
- the region is the council's own region in the published rows; when several loaded files hold the same figure,
  the newest load wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

COUNCIL, ENGLAND, REGION, NEIGHBOURS = "council", "england", "region", "neighbours"
SERIES = (COUNCIL, ENGLAND, REGION, NEIGHBOURS)
NATIONAL, REGIONAL, LOCAL_AUTHORITY = "National", "Regional", "Local authority"
ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class Indicator:
    """What a published indicator is, for labels and for telling the user which file holds it."""

    label: str
    unit: str
    file: str  # the DfE file (name stem) that holds it


INDICATORS: dict[str, Indicator] = {
    "caseload_fte": Indicator("Social worker caseload", "ratio", "csww_indicators"),
    "agency_rate_fte": Indicator("Agency worker rate", "percent", "csww_indicators"),
    "vacancy_rate_fte": Indicator("Vacancy rate", "percent", "csww_indicators"),
    "turnover_rate_fte": Indicator("Turnover rate", "percent", "csww_indicators"),
    "CPP_subsequent_percent": Indicator("Repeat CP plans", "percent", "d3_cpps_subsequent_plan"),
    "rereferral_percent": Indicator("Re-referrals within 12 months", "percent", "c1_children_in_need_referrals"),
    "2_years_or_more_percent": Indicator("CP plans open 2 years or more", "percent", "d5_cpps_at31march_by_duration"),
}

RELATED: dict[str, tuple[str, str]] = {
    # Plan measures with no identical published figure, mapped to the nearest one with a caveat for the caption.
    "cp_plans_2_years_plus": (
        "2_years_or_more_percent",
        "DfE publishes CP plans OPEN at 31 March that had lasted 2 years or more (table D5); the plan measure "
        "counts plans ENDING in the year, so the council's own figure differs",
    ),
}


@dataclass(frozen=True)
class Publication:
    """A DfE publication recognised by its file name: its name for captions, and the day of the year its figures
    describe (the census or year-end date), when its ``time_identifier`` alone does not say."""

    name: str
    month: int
    day: int


PUBLICATIONS: dict[str, Publication] = {  # file name prefix -> publication
    "csww": Publication("DfE, Children's social work workforce", 9, 30),  # the workforce census, 30 September
    "b1_": Publication("DfE, Characteristics of children in need (table B1)", 3, 31),  # years ending 31 March
    "c1_": Publication("DfE, Characteristics of children in need (table C1)", 3, 31),
    "d3_": Publication("DfE, Characteristics of children in need (table D3)", 3, 31),
    "d5_": Publication("DfE, Characteristics of children in need (table D5)", 3, 31),
}

# EES time identifiers whose period end is known whatever the publication: (month, day) of the period's last day,
# in the last year the time_period names (2025, or 2025 for "202425").
PERIOD_ENDS: dict[str, tuple[int, int]] = {
    "calendar year": (12, 31),
    "financial year": (3, 31),
    "academic year": (8, 31),
    "tax year": (4, 5),
}


def publication(dataset: str) -> Publication | None:
    return next((known for prefix, known in PUBLICATIONS.items() if dataset.lower().startswith(prefix)), None)


def reference_date(dataset: str, time_period: str, time_identifier: str) -> dt.date | None:
    """The date published figures describe: their "data as at".

    The publication's own census or year-end date when it is one this module knows (the workforce census: 30
    September of the year; the children in need tables: 31 March, the end of the reporting year); else the end of
    the period its ``time_identifier`` names (a financial year 202425 ends on 31 March 2025, an academic year on 31
    August, a calendar year on 31 December); None when neither says (the caption then names the period).
    """
    text = str(time_period)
    if not (len(text) in (4, 6) and text.isdigit()):
        return None
    year = int(text[:4]) + (1 if len(text) == 6 else 0)
    known = publication(dataset)
    if known is not None:
        return dt.date(year, known.month, known.day)
    ends = PERIOD_ENDS.get(str(time_identifier).strip().lower())
    return dt.date(year, *ends) if ends else None


def published_equivalent(measure_code: str, national_equivalent: str | None) -> tuple[str | None, str | None]:
    """The published indicator to benchmark a plan measure against, and a caveat when it is only related."""
    if isinstance(national_equivalent, str) and national_equivalent:
        return national_equivalent, None
    return RELATED.get(measure_code, (None, None))


def source_text(datasets: list[str]) -> str:
    """'DfE, Children's social work workforce' etc. from the loaded datasets' names."""
    names = []
    for dataset in datasets:
        known = publication(dataset)
        names.append(known.name if known else f"DfE published statistics ({dataset})")
    return "; ".join(dict.fromkeys(names)) or "DfE published statistics"


def file_hint(indicator: str) -> str:
    """Which file to load for ``indicator``, for the message shown when it is missing."""
    known = INDICATORS.get(indicator)
    table = f"DfE's {known.file} CSV" if known else f"the DfE explore-education-statistics CSV holding '{indicator}'"
    return f"Load {table} on the Data page or with python -m loaders."


def period_label(time_period: str) -> str:
    """EES periods as people write them: '2025' stays, '202425' becomes '2024/25'."""
    text = str(time_period)
    if len(text) == 6 and text.isdigit():
        return f"{text[:4]}/{text[4:]}"
    return text


def breakdown_text(breakdown: str) -> str:
    """A stored breakdown ('category=Total; age=All') as people read it: 'Total, All'."""
    return ", ".join(part.split("=", 1)[-1].strip() for part in breakdown.split(";") if part.strip())


def choose_breakdown(values: pd.DataFrame) -> str:
    """The breakdown to benchmark on: the only one; else the headline ('' or a 'Total'/'All' value); else the first."""
    breakdowns = sorted(values["breakdown"].dropna().unique())
    if len(breakdowns) <= 1:
        return breakdowns[0] if breakdowns else ""
    if "" in breakdowns:
        return ""
    for breakdown in breakdowns:
        labels = [part.split("=", 1)[-1].strip().lower() for part in breakdown.split(";")]
        if all(label.startswith(("total", "all")) for label in labels):
            return breakdown
    return breakdowns[0]


@dataclass(frozen=True)
class Benchmark:
    """One indicator for one council against England, its region and its neighbours, year by year.

    ``series`` is long: time_period, period, series (council / england / region / neighbours), label, value,
    status, and for the neighbour average with_data, suppressed and missing (counts of neighbours).
    """

    indicator: str
    authority: str
    region: str | None
    neighbour_count: int
    datasets: list[str]
    breakdown: str
    loaded_at: dt.datetime | None
    series: pd.DataFrame
    time_identifier: str = ""
    as_at: dt.date | None = None  # the date the newest period's figures describe (``reference_date``)

    def values(self, which: str) -> pd.DataFrame:
        return self.series[self.series["series"] == which].reset_index(drop=True)

    @property
    def source(self) -> str:
        return source_text(self.datasets)

    def as_at_of(self, time_period: str) -> dt.date | None:
        """The date the figures of one period describe (``reference_date``)."""
        return reference_date(self.datasets[-1], time_period, self.time_identifier) if self.datasets else None

    @property
    def as_at_text(self) -> str:
        """The figures' "data as at" in words: the date, else the newest period and what kind of period it is."""
        if self.as_at is not None:
            return f"{self.as_at.day} {self.as_at:%B %Y}"
        newest = self.series["time_period"].max() if len(self.series) else None
        if newest is None:
            return "no period"
        kind = f" ({self.time_identifier.lower()})" if self.time_identifier else ""
        return f"{period_label(newest)}{kind}"


def benchmark(
    values: pd.DataFrame,
    neighbours: pd.DataFrame,
    indicator: str,
    authority: str,
    authority_code: str,
    old_la_code: str | None,
) -> Benchmark | None:
    """The benchmark series, or None when no published figure for the council has been loaded."""
    if values.empty:
        return None
    rows = values.copy()
    rows["breakdown"] = rows["breakdown"].fillna("")
    keys = ["time_period", "time_identifier", "geographic_level", "area_code", "breakdown"]
    rows = rows.sort_values("load_id").drop_duplicates(keys, keep="last")  # several files: the newest load wins
    breakdown = choose_breakdown(rows)
    rows = rows[rows["breakdown"] == breakdown]
    is_la = rows["geographic_level"] == LOCAL_AUTHORITY
    council = rows[is_la & ((rows["area_code"] == authority_code) | (rows["old_la_code"] == old_la_code))]
    if council.empty:
        return None
    time_identifier = council["time_identifier"].mode().iloc[0]
    rows = rows[rows["time_identifier"] == time_identifier]
    council = council[council["time_identifier"] == time_identifier]
    latest_council = council.sort_values("time_period").iloc[-1]
    region_code, region = latest_council["region_code"], latest_council["region_name"]
    national = rows[rows["geographic_level"] == NATIONAL]
    if ENGLAND_CODE in set(national["area_code"]):
        national = national[national["area_code"] == ENGLAND_CODE]
    regional = rows[(rows["geographic_level"] == REGIONAL) & (rows["area_code"] == region_code)]

    codes = [str(code) for code in neighbours.get("neighbour_old_la_code", pd.Series(dtype=str))]
    periods = sorted(set(council["time_period"]) | set(national["time_period"]))
    parts = [
        _series(council, COUNCIL, authority),
        _series(national, ENGLAND, "England"),
        _series(regional, REGION, str(region) if pd.notna(region) else "Region"),
    ]
    if codes:
        parts.append(_neighbour_average(rows[is_la & rows["old_la_code"].isin(codes)], codes, periods))
    series = pd.concat(parts, ignore_index=True)
    series = series[series["time_period"].isin(periods)]
    series["period"] = series["time_period"].map(period_label)
    series = series.sort_values(["time_period", "series"], ignore_index=True)
    used = rows[rows["time_period"].isin(periods)]
    newest = used.sort_values(["time_period", "load_id"]).iloc[-1]
    return Benchmark(
        indicator=indicator,
        authority=authority,
        region=str(region) if pd.notna(region) and region else None,
        neighbour_count=len(codes),
        datasets=sorted(used["dataset"].unique()),
        breakdown=breakdown,
        loaded_at=pd.Timestamp(used["loaded_at"].max()).to_pydatetime() if "loaded_at" in used else None,
        series=series,
        time_identifier=str(time_identifier),
        as_at=reference_date(newest["dataset"], newest["time_period"], time_identifier),
    )


def _series(rows: pd.DataFrame, which: str, label: str) -> pd.DataFrame:
    frame = rows[["time_period", "value", "status"]].copy()
    frame["series"], frame["label"] = which, label
    return frame


def _neighbour_average(rows: pd.DataFrame, codes: list[str], periods: list[str]) -> pd.DataFrame:
    """Mean of the neighbours' values per period, with how many had a value, were suppressed or had no row."""
    records = []
    for period in periods:
        year = rows[rows["time_period"] == period].drop_duplicates("old_la_code")
        published = year["value"].dropna()
        suppressed = int(year["status"].notna().sum())
        records.append(
            {
                "time_period": period,
                "value": float(published.mean()) if len(published) else None,
                "status": None if len(published) else "x",
                "with_data": len(published),
                "suppressed": suppressed,
                "missing": len(codes) - len(year),
            }
        )
    frame = pd.DataFrame(records)
    frame["series"], frame["label"] = NEIGHBOURS, "Statistical neighbours (average)"
    return frame


def latest_comparison(bench: Benchmark) -> dict[str, object] | None:
    """The newest year in which the council has a published value, with each series' value and status that year,
    and ``withheld_after``: the later years DfE published for the council without a figure, as (year, symbol),
    oldest first, so that a figure from an older year is never shown as if it were the newest."""
    every_year = bench.values(COUNCIL)
    council = every_year.dropna(subset=["value"])
    if council.empty:
        return None
    period = council["time_period"].max()
    year = bench.series[bench.series["time_period"] == period].set_index("series")
    later = every_year[(every_year["time_period"] > period) & every_year["status"].notna()]
    result: dict[str, object] = {
        "time_period": period,
        "period": period_label(period),
        "withheld_after": [
            (period_label(p), str(symbol))
            for p, symbol in sorted(zip(later["time_period"], later["status"], strict=True))
        ],
    }
    for which in SERIES:
        has = which in year.index
        result[which] = year.at[which, "value"] if has and pd.notna(year.at[which, "value"]) else None
        result[f"{which}_status"] = year.at[which, "status"] if has and pd.notna(year.at[which, "status"]) else None
    if NEIGHBOURS in year.index:
        result["with_data"] = int(year.at[NEIGHBOURS, "with_data"])
    return result


def withheld_text(withheld: list[tuple[str, str]]) -> str:
    """Later years without a figure in words: '2024 c, 2025 c' ('' when there are none)."""
    return ", ".join(f"{year} {symbol}" for year, symbol in withheld)


PUBLISHED_DIFFERS = (
    "DfE's figure is its annual census at one date, counted by DfE's definitions and published after its checks; "
    "the council's own figure is its count for the whole month, from its own systems. The two can differ in who "
    "is counted (agency staff, workers on leave, part-time hours) and in corrections made before publication."
)


def own_and_published(own: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Months where the council's own figure and DfE's published figure for it describe the same month (rule 2).

    ``own`` has period (first of the month) and value; ``published`` has as_at (the date each published figure
    describes), period (its label, e.g. '2025') and value. Returns month, own_value, published_value and
    published_period, for months where both are numbers.
    """
    columns = ["month", "own_value", "published_value", "published_period"]
    if own.empty or published.empty:
        return pd.DataFrame(columns=columns)
    dated = published.dropna(subset=["as_at", "value"]).copy()
    dated["month"] = [pd.Timestamp(day).to_period("M").to_timestamp() for day in dated["as_at"]]
    mine = own.dropna(subset=["value"]).assign(month=lambda frame: pd.to_datetime(frame["period"]))
    both = mine[["month", "value"]].merge(dated[["month", "value", "period"]], on="month", suffixes=("_own", "_pub"))
    return pd.DataFrame(
        {
            "month": both["month"],
            "own_value": both["value_own"].astype(float),
            "published_value": both["value_pub"].astype(float),
            "published_period": both["period"],
        },
        columns=columns,
    ).sort_values("month", ignore_index=True)

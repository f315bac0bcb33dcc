"""Chart builders: pure functions from DataFrames to a ``Chart`` (figure, table, title, caption, alt text).

This module owns how charts look. Every chart
- has an active title of ten words or fewer, generated from the data, stating what it shows;
- carries a caption naming the measure, the authority, the period, the source, the "data as at" date and the
  protective marking, and says "synthetic demo data" when it is;
- comes with the same figures as a table (also the CSV download) and a text alternative generated from the data;
- draws targets and trajectories as reference lines, RAG as text + shape + colour, and uses at most four
  palette colours (``improvement.style``).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from improvement import benchmarks, style
from improvement.measures import caseload_for_authority, direction

MAX_TITLE_WORDS = 10
FONT = "Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class ChartContext:
    """What every chart states about itself, so a screenshot makes sense on its own."""

    authority: str
    data_as_at: dt.date | None
    marking: str
    synthetic: bool
    suppression_threshold: int = 5


@dataclass(frozen=True)
class Chart:
    name: str  # stable identifier, also the download file name
    title: str
    caption: str
    alt_text: str
    figure: go.Figure
    table: pd.DataFrame


# ---------------------------------------------------------------------------------------------- shared parts


def fit_title(*candidates: str) -> str:
    """The first candidate of ten words or fewer; the last one cut to ten words if none fits."""
    for candidate in candidates:
        if len(candidate.split()) <= MAX_TITLE_WORDS:
            return candidate
    return " ".join(candidates[-1].split()[:MAX_TITLE_WORDS])


def period_label(periods: pd.Series) -> str:
    if periods.empty:
        return "no periods"
    first, last = pd.Timestamp(periods.min()), pd.Timestamp(periods.max())
    return style.format_month(first) if first == last else f"{style.format_month(first)} to {style.format_month(last)}"


def caption_text(subject: str, context: ChartContext, period: str, source: str) -> str:
    parts = [
        f"{subject}. {context.authority}, {period}.",
        f"Source: {source}.",
        f"Data as at {style.format_date(context.data_as_at)}.",
        context.marking + ".",
    ]
    if context.synthetic:
        parts.append("SYNTHETIC DEMO DATA, not real figures.")
    return " ".join(parts)


def _layout(
    figure: go.Figure,
    title: str,
    caption: str,
    y_title: str | None = None,
    height: int = 460,
    left_margin: int = 70,
) -> None:
    # The caption starts at the plot's left edge, so a wide left margin leaves it less room.
    wrapped = "<br>".join(textwrap.wrap(caption, width=130 - left_margin // 6))
    lines = wrapped.count("<br>") + 1
    figure.update_layout(
        title={"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT, "size": 13, "color": style.Palette.DARK_GREY},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        height=height + 18 * lines,
        margin={"l": left_margin, "r": 30, "t": 70, "b": 80 + 18 * lines},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0},
        hovermode="x unified",
    )
    figure.add_annotation(
        text=wrapped,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-(60 + 18 * lines),
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font={"size": 11, "color": style.Palette.DARK_GREY},
    )
    figure.update_xaxes(showgrid=False, linecolor=style.Palette.DARK_GREY, ticks="outside")
    figure.update_yaxes(gridcolor="#E5E5E5", zeroline=False, title_text=y_title)


def _line(frame: pd.DataFrame, y: str, name: str, role: style.SeriesRole, width: float = 3, **extra) -> go.Scatter:
    return go.Scatter(
        x=frame["period"],
        y=frame[y],
        name=name,
        mode=extra.pop("mode", "lines+markers" if role is style.SeriesRole.ACTUAL else "lines"),
        line={"color": role.colour, "dash": role.dash, "width": width},
        marker={"size": 6, "color": role.colour},
        connectgaps=False,
        **extra,
    )


def _verb(change: float | None) -> str:
    return {"up": "rose", "down": "fell", "flat": "held"}[direction(change)]


# ---------------------------------------------------------------------------------------------- trajectory


def trajectory_chart(measure: pd.Series, series: pd.DataFrame, context: ChartContext) -> Chart:
    """A measure's actuals against its planned trajectory and target.

    ``measure`` is a row of ``measures.measure_progress`` plus ``source``; ``series`` has period, value, status
    and planned_value (``measures.compare_with_trajectory`` with status merged in).
    """
    unit = measure["unit"]
    series = series.sort_values("period", ignore_index=True).copy()
    series["status"] = series.get("status", pd.Series(index=series.index, dtype="object"))
    shown = series.dropna(subset=["value"])

    figure = go.Figure()
    figure.add_trace(_line(series, "planned_value", "Trajectory (planned)", style.SeriesRole.TRAJECTORY))
    figure.add_trace(_line(series, "value", "Actual", style.SeriesRole.ACTUAL))
    suppressed = series[series["status"].notna()]
    if len(suppressed):
        # Each unpublished month is marked with its symbol (c, x...) just above the axis, where the line has a gap.
        plotted = pd.concat([series["value"], series["planned_value"], pd.Series([measure.get("target_value")])])
        low, high = float(plotted.min(skipna=True)), float(plotted.max(skipna=True))
        figure.add_trace(
            go.Scatter(
                x=suppressed["period"],
                y=[low - 0.06 * (high - low or 1)] * len(suppressed),
                mode="text",
                text=suppressed["status"],
                name="Not published: c suppressed, x not available",
                textfont={"color": style.Palette.DARK_GREY, "size": 15},
                hoverinfo="skip",
            )
        )
    target = measure.get("target_value")
    if target is not None and not pd.isna(target):
        figure.add_hline(
            y=target,
            line={"color": style.SeriesRole.TARGET.colour, "dash": style.SeriesRole.TARGET.dash, "width": 2},
            annotation_text=f"Target {style.format_value(target, unit)}"
            + (f" by {style.format_month(measure['target_date'])}" if pd.notna(measure.get("target_date")) else ""),
            annotation_position="top left",
        )

    latest_text = style.format_value(measure["latest_value"], unit, measure.get("latest_status"))
    status = str(measure["trajectory_status"]).lower()
    latest_status = measure.get("latest_status")
    if isinstance(latest_status, str) and latest_status:  # NaN from a DataFrame row is not a status
        title = fit_title(f"{measure['name']}: latest month not published ({latest_text})", measure["name"])
    else:
        title = fit_title(
            f"{measure['name']} {_verb(measure['change'])} to {latest_text}, {status}",
            f"{measure['name']} at {latest_text}, {status}",
            f"{measure['name']}: {status}",
        )
    period = period_label(series["period"])
    caption = caption_text(measure["name"], context, period, measure.get("source") or "council performance data")
    _layout(figure, title, caption, style.UNIT_AXIS_TITLE.get(unit))

    table = pd.DataFrame(
        {
            "Period": series["period"].map(style.format_month),
            "Actual": [style.format_value(v, unit, s) for v, s in zip(series["value"], series["status"], strict=True)],
            "Trajectory": [style.format_value(v, unit) for v in series["planned_value"]],
            "On trajectory": series.get("on_trajectory", pd.Series(dtype="boolean"))
            .map({True: "Yes", False: "No"})
            .fillna("—"),
        }
    )
    alt = describe_line(measure["name"], context.authority, shown, "value", unit, target, period)
    return Chart(f"trajectory-{measure['measure_code']}", title, caption, alt, figure, table)


def describe_line(
    subject: str,
    authority: str,
    shown: pd.DataFrame,
    column: str,
    unit: str,
    target: float | None,
    period: str,
) -> str:
    """Text alternative for a line chart: what is plotted, the range and the latest value."""
    if shown.empty:
        return f"Line chart of {subject} for {authority}: no published values in {period}."
    values = shown[column].astype(float)
    latest = shown.iloc[-1]
    text = (
        f"Line chart of {subject} for {authority}, {period}. "
        f"Values range from {style.format_value(values.min(), unit)} to {style.format_value(values.max(), unit)}; "
        f"the latest, {style.format_month(latest['period'])}, is {style.format_value(latest[column], unit)}."
    )
    if target is not None and not pd.isna(target):
        text += f" The target is {style.format_value(target, unit)}."
    return text


# ---------------------------------------------------------------------------------------------- headline progress


def progress_chart(progress: pd.DataFrame, context: ChartContext) -> Chart:
    """Headline measures: how far each has come from its baseline towards its target, and whether on track."""
    frame = progress.dropna(subset=["progress_to_target"]).copy()
    frame = frame.iloc[::-1]  # first measure at the top
    on_track = frame["trajectory_status"] == "On track"
    colours = [style.Palette.TURQUOISE if on else style.Palette.DARK_PINK for on in on_track]
    labels = [
        f"{style.format_value(v, u, s)} · {'✔ ' if on else '✖ '}{t}"
        for v, u, s, on, t in zip(
            frame["latest_value"],
            frame["unit"],
            frame["latest_status"],
            on_track,
            frame["trajectory_status"],
            strict=True,
        )
    ]
    figure = go.Figure(
        go.Bar(
            x=frame["progress_to_target"].clip(lower=-50, upper=150),
            y=frame["name"],
            orientation="h",
            marker={"color": colours},
            text=labels,
            textposition="outside",
            cliponaxis=False,
            name="Progress from baseline to target",
            hovertemplate="%{y}: %{x:.0f}% of the way to target<extra></extra>",
        )
    )
    figure.add_vline(x=100, line={"color": style.SeriesRole.TARGET.colour, "dash": "dot", "width": 2})
    figure.add_vline(x=0, line={"color": style.Palette.DARK_GREY, "width": 1})
    count_on, total = int(on_track.sum()), len(frame)
    title = fit_title(f"{count_on} of {total} headline measures on track against trajectory")
    period = period_label(progress["latest_period"].dropna())
    caption = caption_text(
        "Progress from baseline (0%) to target (100%) of headline plan measures",
        context,
        f"latest month {period}",
        "council performance data and improvement plan",
    )
    _layout(figure, title, caption, height=120 + 48 * max(total, 1), left_margin=320)
    figure.update_layout(hovermode="closest", showlegend=False, margin={"r": 220})
    figure.update_xaxes(title_text="Per cent of the way from baseline to target", range=[-50, 150])
    table = pd.DataFrame(
        {
            "Measure": progress["name"],
            "Latest": [
                style.format_value(v, u, s)
                for v, u, s in zip(progress["latest_value"], progress["unit"], progress["latest_status"], strict=True)
            ],
            "Baseline": [
                style.format_value(v, u) for v, u in zip(progress["baseline_value"], progress["unit"], strict=True)
            ],
            "Target": [
                style.format_value(v, u) for v, u in zip(progress["target_value"], progress["unit"], strict=True)
            ],
            "Progress to target": progress["progress_to_target"].map(
                lambda p: "—" if p is None or pd.isna(p) else f"{p:.0f}%"
            ),
            "Trajectory": progress["trajectory_status"],
        }
    )
    off = ", ".join(frame.loc[~on_track, "name"]) or "none"
    alt = (
        f"Bar chart of {total} headline measures for {context.authority}, showing the per cent of the way from "
        f"baseline to target. {count_on} are on track against trajectory; off track: {off}."
    )
    return Chart("headline-progress", title, caption, alt, figure, table)


# ---------------------------------------------------------------------------------------------- RAG


def _area_label(code: str, title: str) -> str:
    """A priority area's axis label, wrapped so long Ofsted titles fit beside the chart."""
    return "<br>".join(textwrap.wrap(f"{code} {title}", width=34))


def rag_history_chart(ratings: pd.DataFrame, areas: pd.DataFrame, context: ChartContext) -> Chart:
    """Priority areas (rows) by report (columns), each cell the rating as shape, colour and word."""
    frame = ratings.merge(areas[["priority_area_code", "title", "sort_order"]], on="priority_area_code")
    frame["label"] = [_area_label(c, t) for c, t in zip(frame["priority_area_code"], frame["title"], strict=True)]
    order = areas.sort_values("sort_order")
    y_order = [_area_label(c, t) for c, t in zip(order["priority_area_code"], order["title"], strict=True)]
    y_order = [label for label in y_order if label in set(frame["label"])]

    figure = go.Figure()
    for rating, rating_style in style.RAG_STYLES.items():
        subset = frame[frame["rating"] == rating]
        if subset.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=subset["report_date"],
                y=subset["label"],
                mode="markers+text",
                name=style.rag_text(rating),
                marker={
                    "symbol": rating_style.marker,
                    "size": 20,
                    "color": rating_style.fill,
                    "line": {"color": style.Palette.DARK_GREY, "width": 1},
                },
                text=[rating[0]] * len(subset),  # R, A, G, B under the shape; the words are in the legend
                textposition="bottom center",
                textfont={"size": 11, "color": "#0B0C0C"},
                hovertemplate="%{y}<br>%{x|%d %b %Y}: " + rating_style.label + "<extra></extra>",
            )
        )
    latest_date = frame["report_date"].max() if len(frame) else None
    latest = frame[frame["report_date"] == latest_date]
    counts = latest["rating"].value_counts()
    summary = ", ".join(f"{counts[r]} {r}" for r in style.RAG_STYLES if r in counts)
    if len(areas) == 1 and len(latest):
        code, name, rating = areas["priority_area_code"].iloc[0], areas["title"].iloc[0], latest["rating"].iloc[0]
        title = fit_title(f"{code} {name} rated {rating} in latest report", f"{code} rated {rating} in latest report")
    else:
        title = fit_title(f"Latest report rates {summary}", f"Latest report: {summary}")
    period = period_label(frame["report_date"]) if len(frame) else "no reports"
    caption = caption_text(
        "Improvement adviser's RAG rating per priority area, six-weekly reports",
        context,
        period,
        "improvement adviser's submitted reports",
    )
    _layout(figure, title, caption, height=140 + 70 * max(len(y_order), 1), left_margin=250)
    figure.update_yaxes(categoryorder="array", categoryarray=list(reversed(y_order)), gridcolor="#F0F0F0")
    figure.update_layout(hovermode="closest")

    table = (
        frame.assign(report=frame["report_date"].map(style.format_date), cell=frame["rating"].map(style.rag_text))
        .pivot_table(index="label", columns="report", values="cell", aggfunc="first", sort=False)
        .reindex(y_order)
    )
    table = table[[style.format_date(d) for d in sorted(frame["report_date"].unique())]] if len(frame) else table
    table = table.reset_index().rename(columns={"label": "Priority area"})
    table["Priority area"] = table["Priority area"].str.replace("<br>", " ")
    table.columns.name = None
    alt = (
        f"Grid of RAG ratings for {len(y_order)} priority areas of {context.authority} across "
        f"{frame['report_date'].nunique()} reports, {period}. Latest report ({style.format_date(latest_date)}): "
        + "; ".join(
            f"{row.label.replace('<br>', ' ')}: {style.rag_style(row.rating).label}" for row in latest.itertuples()
        )
        + "."
    )
    return Chart("rag-history", title, caption, alt, figure, table)


# ---------------------------------------------------------------------------------------------- caseloads


def caseload_chart(by_team: pd.DataFrame, team: str, target: float | None, context: ChartContext, source: str) -> Chart:
    """One team's caseload over time against the authority's and the target, other teams as grey context."""
    overall = caseload_for_authority(by_team)
    figure = go.Figure()
    for other, rows in by_team[by_team["team"] != team].groupby("team"):
        figure.add_trace(
            _line(
                rows,
                "caseload",
                str(other),
                style.SeriesRole.CONTEXT,
                width=1,
                showlegend=False,
                mode="lines",
            )
        )
    figure.add_trace(_line(overall, "caseload", f"{context.authority} (all teams)", style.SeriesRole.TRAJECTORY))
    figure.data[-1].line.dash = "solid"
    selected = by_team[by_team["team"] == team].sort_values("period")
    figure.add_trace(_line(selected, "caseload", team, style.SeriesRole.ACTUAL))
    if target is not None and not pd.isna(target):
        figure.add_hline(
            y=target,
            line={"color": style.SeriesRole.TARGET.colour, "dash": style.SeriesRole.TARGET.dash, "width": 2},
            annotation_text=f"Target {style.format_value(target, 'ratio')}",
            annotation_position="top left",
        )
    latest = selected.iloc[-1] if len(selected) else None
    change = selected["caseload"].iloc[-1] - selected["caseload"].iloc[0] if len(selected) > 1 else None
    latest_text = style.format_value(latest["caseload"], "ratio") if latest is not None else "—"
    if target is not None and latest is not None:
        versus = "above" if latest["caseload"] > target else "within"
        tail = f"{versus} {style.format_value(target, 'ratio')} target"
    else:
        tail = ""
    title = fit_title(
        f"{team} caseloads {_verb(change)} to {latest_text}, {tail}".rstrip(", "),
        f"{team} caseloads at {latest_text}, {tail}".rstrip(", "),
        f"{team} caseloads at {latest_text}",
    )
    period = period_label(by_team["period"])
    caption = caption_text(
        "Average caseload: children allocated per case-holding FTE, grey lines are other teams",
        context,
        period,
        source,
    )
    _layout(figure, title, caption, "Children per worker (FTE)")
    table = _caseload_table(selected, overall, team, context.authority)
    alt = describe_line(f"average caseload of {team}", context.authority, selected, "caseload", "ratio", target, period)
    return Chart(f"caseload-{team}", title, caption, alt, figure, table)


def _caseload_table(selected: pd.DataFrame, overall: pd.DataFrame, team: str, authority: str) -> pd.DataFrame:
    merged = selected[["period", "caseload"]].merge(
        overall[["period", "caseload"]], on="period", how="outer", suffixes=("_team", "_all")
    )
    return pd.DataFrame(
        {
            "Period": merged["period"].map(style.format_month),
            f"{team}": merged["caseload_team"].map(lambda v: style.format_value(v, "ratio")),
            f"{authority} (all teams)": merged["caseload_all"].map(lambda v: style.format_value(v, "ratio")),
        }
    )


def staffing_rates_chart(overall: pd.DataFrame, context: ChartContext, source: str) -> Chart:
    """The authority's agency and vacancy rates over time."""
    figure = go.Figure()
    figure.add_trace(_line(overall, "agency_rate", "Agency worker rate", style.SeriesRole.ACTUAL))
    figure.add_trace(_line(overall, "vacancy_rate", "Vacancy rate", style.SeriesRole.COMPARATOR, mode="lines+markers"))
    latest = overall.iloc[-1]
    title = fit_title(
        f"Agency rate {style.format_value(latest['agency_rate'], 'percent')}, vacancy rate "
        f"{style.format_value(latest['vacancy_rate'], 'percent')} in {style.format_month(latest['period'])}"
    )
    period = period_label(overall["period"])
    caption = caption_text(
        "Agency rate: agency FTE / case-holding FTE. Vacancy rate: vacancies / (vacancies + employed FTE)",
        context,
        period,
        source,
    )
    _layout(figure, title, caption, "Per cent")
    table = pd.DataFrame(
        {
            "Period": overall["period"].map(style.format_month),
            "Agency worker rate": overall["agency_rate"].map(lambda v: style.format_value(v, "percent")),
            "Vacancy rate": overall["vacancy_rate"].map(lambda v: style.format_value(v, "percent")),
        }
    )
    alt = (
        describe_line("agency worker rate", context.authority, overall, "agency_rate", "percent", None, period)
        + " "
        + describe_line("vacancy rate", context.authority, overall, "vacancy_rate", "percent", None, period)
    )
    return Chart("staffing-rates", title, caption, alt, figure, table)


# ---------------------------------------------------------------------------------------------- benchmarks

BENCHMARK_ROLES = {
    benchmarks.COUNCIL: style.SeriesRole.ACTUAL,
    benchmarks.ENGLAND: style.SeriesRole.COMPARATOR,
    benchmarks.REGION: style.SeriesRole.TRAJECTORY,
    benchmarks.NEIGHBOURS: style.SeriesRole.SECOND_ACTUAL,
}


def _in_sentence(name: str) -> str:
    """'Social worker caseload' -> 'social worker caseload'; 'CP plans ...' keeps its capitals."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def benchmark_chart(
    bench: benchmarks.Benchmark, name: str, unit: str, context: ChartContext, caveat: str | None = None
) -> Chart:
    """A council's published figures against England, its region and its statistical neighbours' average.

    Every series is DfE's published data, so the caption gives DfE's source and is never marked synthetic; "data
    as at" is when the DfE file was loaded. At most four colours: one per series (``style.SeriesRole``).
    """
    series = bench.series
    periods = list(dict.fromkeys(series.sort_values("time_period")["period"]))
    figure = go.Figure()
    for which, role in BENCHMARK_ROLES.items():
        rows = series[series["series"] == which]
        if rows.empty:
            continue
        label = str(rows["label"].iloc[0])
        figure.add_trace(
            go.Scatter(
                x=rows["period"],
                y=rows["value"].astype(float),
                name=label,
                mode="lines+markers",
                line={"color": role.colour, "dash": role.dash, "width": 3 if which == benchmarks.COUNCIL else 2},
                marker={"size": 7 if which == benchmarks.COUNCIL else 5, "color": role.colour},
                connectgaps=False,
                hovertemplate=f"{label}: %{{y:.1f}}<extra></extra>",
            )
        )
    council = bench.values(benchmarks.COUNCIL)
    symbols = council[council["status"].notna()]
    if len(symbols):
        shown = series["value"].dropna()
        low, high = (float(shown.min()), float(shown.max())) if len(shown) else (0.0, 1.0)
        figure.add_trace(
            go.Scatter(
                x=symbols["period"],
                y=[low - 0.06 * (high - low or 1)] * len(symbols),
                mode="text",
                text=symbols["status"],
                name=f"{bench.authority} not published (c suppressed, x not available)",
                textfont={"color": style.SeriesRole.ACTUAL.colour, "size": 15},
                hoverinfo="skip",
            )
        )

    latest = benchmarks.latest_comparison(bench)
    subject = _in_sentence(name)
    if latest is None:
        title = fit_title(f"{bench.authority} {subject}: no published figure", f"{name}: no published figure")
    else:
        value = style.format_value(latest[benchmarks.COUNCIL], unit)
        england = latest[benchmarks.ENGLAND]
        if england is None:
            title = fit_title(f"{bench.authority} {subject} {value} in {latest['period']}", f"{name} {value}")
        else:
            england_text = style.format_value(england, unit)
            relation = (
                "level with" if value == england_text else "above" if latest[benchmarks.COUNCIL] > england else "below"
            )
            title = fit_title(
                f"{bench.authority} {subject} {value} in {latest['period']}, {relation} England's {england_text}",
                f"{bench.authority} {subject} {value}, {relation} England's {england_text}",
                f"{name} {value}, {relation} England's {england_text}",
                f"{name} {value} in {latest['period']}",
                f"{bench.authority} {relation} England on {subject}",
            )
    period = f"{periods[0]} to {periods[-1]}" if len(periods) > 1 else (periods[0] if periods else "no periods")
    region = bench.region or "its region"
    if bench.neighbour_count:
        neighbours = (
            f"the mean of its {bench.neighbour_count} statistical neighbours (DfE groupings) that have a published "
            "figure, suppressed figures left out"
        )
    else:
        neighbours = "no statistical neighbours loaded (load DfE's statistical neighbour groupings CSV)"
    breakdown = f", {bench.breakdown}" if bench.breakdown else ""
    described = f"{name} ({bench.indicator}{breakdown}): {bench.authority} against England, {region} and {neighbours}"
    if caveat:
        described += f". Note: {caveat}"
    published = ChartContext(
        authority=bench.authority,
        data_as_at=bench.loaded_at.date() if bench.loaded_at is not None else context.data_as_at,
        marking=context.marking,
        synthetic=False,  # DfE's published figures, whatever the rest of the page holds
        suppression_threshold=context.suppression_threshold,
    )
    caption = caption_text(described, published, period, bench.source)
    _layout(figure, title, caption, style.UNIT_AXIS_TITLE.get(unit))
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=periods)

    table = pd.DataFrame({"Year": periods})
    for which in BENCHMARK_ROLES:
        rows = series[series["series"] == which]
        if rows.empty:
            continue
        cells = {
            p: style.format_value(v, unit, s)
            for p, v, s in zip(rows["period"], rows["value"], rows["status"], strict=True)
        }
        table[str(rows["label"].iloc[0])] = table["Year"].map(cells).fillna("—")
        if which == benchmarks.NEIGHBOURS:
            counts = {
                p: f"{int(w)} of {bench.neighbour_count}" + (f" ({int(s)} suppressed)" if s else "")
                for p, w, s in zip(rows["period"], rows["with_data"], rows["suppressed"], strict=True)
            }
            table["Neighbours with a figure"] = table["Year"].map(counts).fillna("—")

    if latest is None:
        alt = f"Line chart of {subject} for {bench.authority}, {period}: no published figure for the council."
    else:
        parts = [f"{bench.authority} {style.format_value(latest[benchmarks.COUNCIL], unit)}"]
        for which, label in ((benchmarks.ENGLAND, "England"), (benchmarks.REGION, region)):
            parts.append(f"{label} {style.format_value(latest[which], unit, latest[f'{which}_status'])}")
        if bench.neighbour_count:
            parts.append(
                f"statistical neighbours' average {style.format_value(latest[benchmarks.NEIGHBOURS], unit)} "
                f"({latest.get('with_data', 0)} of {bench.neighbour_count} neighbours with a figure)"
            )
        alt = (
            f"Line chart of {subject} for {bench.authority} against England, {region} and its statistical "
            f"neighbours, {period}. In {latest['period']}: " + "; ".join(parts) + "."
        )
    return Chart(f"benchmark-{bench.indicator}", title, caption, alt, figure, table)


# ---------------------------------------------------------------------------------------------- Annex A

ANNEX_A_SOURCE = "Ofsted Annex A extract"


def annex_a_team_chart(by_team: pd.DataFrame, extract_date: dt.date, context: ChartContext) -> Chart:
    """Children on child protection plans by allocated team at the extract date, largest first.

    ``by_team`` is ``tables.annex_a_breakdown(..., "team", ...)``: already suppressed, so a ``c`` team has no bar,
    only its ``c`` label.
    """
    frame = by_team.iloc[::-1]  # largest at the top
    values = [0 if value is None or pd.isna(value) else value for value in frame["value"]]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=frame["label"],
            orientation="h",
            marker={"color": style.SeriesRole.ACTUAL.colour},
            text=frame["shown"],
            textposition="outside",
            cliponaxis=False,
            name="Children on child protection plans",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    shown = by_team.dropna(subset=["value"])
    when = style.format_date(extract_date)
    if len(shown):
        top = shown.iloc[0]
        title = fit_title(
            f"{top['label']} holds the most children on plans ({top['shown']})",
            f"{top['label']} holds the most children on plans",
            "Children on child protection plans by team",
        )
    else:
        title = "Children on child protection plans by team"
    caption = caption_text(
        f"Children on child protection plans by allocated team; {style.SUPPRESSED} = fewer than "
        f"{context.suppression_threshold}, suppressed",
        context,
        f"at {when}",
        ANNEX_A_SOURCE,
    )
    _layout(figure, title, caption, height=140 + 40 * max(len(frame), 1), left_margin=220)
    figure.update_layout(hovermode="closest", showlegend=False, margin={"r": 80})
    figure.update_xaxes(title_text="Children on child protection plans", rangemode="tozero")
    table = pd.DataFrame({"Team": by_team["label"], "Children on CP plans": by_team["shown"]})
    listed = "; ".join(f"{label}: {text}" for label, text in zip(by_team["label"], by_team["shown"], strict=True))
    alt = (
        f"Bar chart of children on child protection plans by team for {context.authority} at {when}, largest "
        f"first. {listed or 'No teams'}. {style.SUPPRESSED} means fewer than {context.suppression_threshold} "
        "children, not shown to protect them."
    )
    return Chart("annex-a-by-team", title, caption, alt, figure, table)

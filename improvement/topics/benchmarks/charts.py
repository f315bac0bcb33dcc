"""A council's published figures against England, its region and its statistical neighbours, as a chart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from improvement import style
from improvement.charting import (
    Chart,
    ChartContext,
    caption_text,
    fit_title,
    layout,
    status_symbols,
)
from improvement.topics.benchmarks import rules as benchmarks

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
    as at" is the date the newest figures describe (``benchmarks.reference_date``: the census or year-end date),
    never the day the file was loaded. At most four colours: one per series (``style.SeriesRole``).
    """
    series = bench.series
    periods = list(dict.fromkeys(series.sort_values("time_period")["period"]))
    figure = go.Figure()  # its periods and names are loaded text: escaped (style.escape_html) as plotly text
    for which, role in BENCHMARK_ROLES.items():
        rows = series[series["series"] == which]
        if rows.empty:
            continue
        label = str(rows["label"].iloc[0])
        figure.add_trace(
            go.Scatter(
                x=[style.escape_html(period) for period in rows["period"]],
                y=rows["value"].astype(float),
                name=style.escape_html(label),
                mode="lines+markers",
                line={"color": role.colour, "dash": role.dash, "width": 3 if which == benchmarks.COUNCIL else 2},
                marker={"size": 7 if which == benchmarks.COUNCIL else 5, "color": role.colour},
                connectgaps=False,
                hovertemplate="%{fullData.name}: %{y:.1f}<extra></extra>",
            )
        )
    council = bench.values(benchmarks.COUNCIL)
    symbols = council[council["status"].notna()]
    status_symbols(
        figure,
        symbols.assign(period=[style.escape_html(period) for period in symbols["period"]]),
        series["value"],
        name=f"{bench.authority} not published",
        colour=style.SeriesRole.ACTUAL.colour,
    )

    latest = benchmarks.latest_comparison(bench)
    subject = _in_sentence(name)
    if latest is None:
        title = fit_title(f"{bench.authority} {subject}: no published figure", f"{name}: no published figure")
    elif latest["withheld_after"]:
        # The newest year has no figure: the title says so rather than present an older year as the latest.
        value = style.format_value(latest[benchmarks.COUNCIL], unit)
        newest, symbol = latest["withheld_after"][-1]
        withheld = "suppressed" if symbol == "c" else f"not published ({symbol})"
        title = fit_title(
            f"{bench.authority} {subject} {withheld} in {newest}; {value} in {latest['period']}",
            f"{name} {withheld} in {newest}; {value} in {latest['period']}",
            f"{name} {withheld} in {newest}",
            f"{newest} figure {withheld}; {value} in {latest['period']}",
        )
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
    breakdown = f" ({benchmarks.breakdown_text(bench.breakdown)})" if bench.breakdown else ""
    described = f"{name}{breakdown}: {bench.authority} against England, {region} and {neighbours}"
    if len(symbols):
        found = sorted(set(symbols["status"]))
        described += "; " + "; ".join(f"{symbol} = {style.STATUS_SYMBOLS.get(symbol, symbol)}" for symbol in found)
    if caveat:
        described += f". Note: {caveat}"
    published = ChartContext(
        authority=bench.authority,
        data_as_at=bench.as_at,  # the date the newest published figures describe, never the day they were loaded
        marking=context.marking,
        synthetic=False,  # DfE's published figures, whatever the rest of the page holds
        suppression_threshold=context.suppression_threshold,
        data_as_at_text=bench.as_at_text,
    )
    caption = caption_text(described, published, period, bench.source)
    layout(figure, title, caption, style.UNIT_AXIS_TITLE.get(unit))
    figure.update_xaxes(
        type="category", categoryorder="array", categoryarray=[style.escape_html(period) for period in periods]
    )

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
        if latest["withheld_after"]:
            alt += f" No figure for {bench.authority} after that: {benchmarks.withheld_text(latest['withheld_after'])}."
    return Chart(f"benchmark-{bench.indicator}", title, caption, alt, figure, table)

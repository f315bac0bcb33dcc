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
from plotly.subplots import make_subplots

from improvement import benchmarks, governance, review, rhythm, sources, style
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
    data_as_at_text: str | None = None  # when the figures' date is not a day (a DfE period with no known date)

    @property
    def as_at_text(self) -> str:
        if self.data_as_at is not None:
            return style.format_date(self.data_as_at)
        return self.data_as_at_text or "no date (nothing dated is loaded)"

    @classmethod
    def for_board(cls, data, settings) -> ChartContext:
        """The context of a council's own charts (``data`` is a ``board.BoardData``, ``settings`` the
        ``settings.Settings``): the one way pages and the briefing command make it."""
        return cls(
            authority=data.authority_name,
            data_as_at=data.as_at,
            marking=settings.protective_marking,
            synthetic=data.synthetic,
            suppression_threshold=settings.suppression_threshold,
        )


@dataclass(frozen=True)
class Chart:
    name: str  # stable identifier, also the download file name
    title: str
    caption: str
    alt_text: str
    figure: go.Figure
    table: pd.DataFrame

    def __post_init__(self) -> None:
        _words_not_glyphs_in_the_legend(self.figure)
        _fit_title_and_legend(self.figure)


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
        f"Data as at {context.as_at_text}.",
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
    wrapped = "<br>".join(textwrap.wrap(caption, width=130 - left_margin // 6, break_on_hyphens=False))
    lines = wrapped.count("<br>") + 1
    figure.update_layout(
        title={"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT, "size": 13, "color": style.Palette.DARK_GREY},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        height=height + 18 * lines,
        margin={"l": left_margin, "r": 30, "t": 70, "b": 80 + 18 * lines},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0, "itemsizing": "constant"},
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


TITLE_BLOCK = 56  # pixels above the plot for the title
LEGEND_ROW = 24  # pixels per row of a legend drawn above the plot
CHART_WIDTH = 1050  # about a chart's width on screen and in exported images (``exports.EXPORT_WIDTH``)


def _legend_rows(figure: go.Figure) -> int:
    """How many rows the horizontal legend above the plot takes (0 when there is none), estimated from its entries'
    words at 13-pixel Arial, as plotly wraps them across the chart."""
    layout = figure.layout
    entries = [trace.name for trace in figure.data if trace.showlegend is not False and trace.name]
    if layout.showlegend is False or (len(entries) < 2 and layout.showlegend is not True):
        return 0
    if layout.legend.orientation == "v":
        return 0
    room = CHART_WIDTH - (layout.margin.l or 0)
    rows, used = 1, 0
    for name in entries:
        width = 46 + 7 * len(str(name))
        if used and used + width > room:
            rows, used = rows + 1, 0
        used += width
    return rows


def _fit_title_and_legend(figure: go.Figure) -> None:
    """Title at the very top, the legend (however many rows it wraps to) between it and the plot: the legend can
    never cover the title. Called once a chart is complete (``Chart.__post_init__``)."""
    layout = figure.layout
    if layout.title.text is None:
        return
    rows = _legend_rows(figure)
    top = TITLE_BLOCK + LEGEND_ROW * rows + (6 if rows else 0)
    grow = top - (layout.margin.t if layout.margin.t is not None else top)
    figure.update_layout(
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}},
        legend={"yanchor": "bottom", "y": 1.0, "x": 0.0} if rows else {},
        margin={"t": top},
        height=(layout.height or 450) + max(grow, 0),
    )


def _words_not_glyphs_in_the_legend(figure: go.Figure) -> None:
    """Plotly draws a trace with text in the legend with an 'Aa' glyph. A trace of markers and text gets a legend
    entry of its marker alone instead, added after every real trace (so the axes take their types from real
    points); a trace of text alone gets none (its caption says what the symbols mean). Called once a chart is
    complete (``Chart.__post_init__``), so no builder can forget it."""
    entries = []
    for trace in figure.data:
        mode = getattr(trace, "mode", None) or ""
        if "text" not in mode or trace.showlegend is False or not trace.name:
            continue
        trace.showlegend = False
        if "markers" in mode:
            entries.append(go.Scatter(x=[None], y=[None], mode="markers", name=trace.name, hoverinfo="skip"))
            entries[-1].marker = trace.marker
    for entry in entries:
        figure.add_trace(entry)


def _say_in_words(figure: go.Figure, text: str) -> None:
    """What a chart has to say when it has nothing to draw (every value suppressed, no figures yet), in the plot."""
    figure.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.55,
        showarrow=False,
        font={"size": 15, "color": style.TEXT_COLOUR},
    )


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


def _moved(change: float | None, value: str) -> str:
    """'rose to 23.7%', 'fell to 23.7%' or 'held at 23.7%'."""
    return {"up": f"rose to {value}", "down": f"fell to {value}", "flat": f"held at {value}"}[direction(change)]


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
                name="Not published",
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
    elif series["value"].isna().all() and series["status"].isna().all():
        title = fit_title(f"{measure['name']}: no figures loaded yet", measure["name"])
    else:
        title = fit_title(
            f"{measure['name']} {_moved(measure['change'], latest_text)}, {status}",
            f"{measure['name']} at {latest_text}, {status}",
            f"{measure['name']}: {status}",
        )
    period = period_label(series["period"])
    source = sources.sources_text(series) or measure.get("source") or "council performance data"
    subject = measure["name"]
    if len(suppressed):
        subject += f" ({', '.join(sorted(set(suppressed['status'])))} marks a month whose figure is not published: " + (
            "; ".join(
                f"{symbol} {style.STATUS_SYMBOLS.get(symbol, symbol)}" for symbol in sorted(set(suppressed["status"]))
            )
            + ")"
        )
    if shown.empty and len(series):
        _say_in_words(
            figure,
            "Every month's figure is suppressed: nothing to plot"
            if len(suppressed)
            else "No monthly figures are loaded yet: the dashed line is the trajectory the plan sets",
        )
    caption = caption_text(subject, context, period, source)
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


def _add_rag_traces(
    figure: go.Figure, frame: pd.DataFrame, *, x: str, x_hover: str, size: int, text_position: str
) -> None:
    """RAG ratings (``frame``: ``x``, label, rating) as markers: shape, colour and initial letter, one trace per
    rating so the legend gives the words. The one way charts draw a RAG rating."""
    for rating, rating_style in style.RAG_STYLES.items():
        subset = frame[frame["rating"] == rating]
        if subset.empty:
            continue
        marker = {
            "symbol": rating_style.marker,
            "size": size,
            "color": rating_style.fill,
            "line": {"color": style.Palette.DARK_GREY, "width": 1},
        }
        figure.add_trace(
            go.Scatter(
                x=subset[x],
                y=subset["label"],
                mode="markers+text",
                name=style.rag_text(rating),
                marker=marker,
                text=[rating[0]] * len(subset),  # R, A, G, B beside the shape; the words are in the legend
                textposition=text_position,
                textfont={"size": 12, "color": style.TEXT_COLOUR},
                hovertemplate="%{y}<br>" + x_hover + ": " + rating_style.label + "<extra></extra>",
            )
        )


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
    _add_rag_traces(figure, frame, x="report_date", x_hover="%{x|%d %b %Y}", size=20, text_position="bottom center")
    latest_date = frame["report_date"].max() if len(frame) else None
    latest = frame[frame["report_date"] == latest_date]
    counts = latest["rating"].value_counts()
    summary = ", ".join(f"{counts[r]} {r}" for r in style.RAG_STYLES if r in counts)
    if latest.empty:
        title = "No submitted report has rated these priority areas yet"
    elif len(areas) == 1:
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
    # The latest report first: what a reader wants is the current rating, then how it got there.
    newest_first = sorted(frame["report_date"].unique(), reverse=True)
    table = table[[style.format_date(d) for d in newest_first]] if len(frame) else table
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
        f"{team} caseloads {_moved(change, latest_text)} since {style.format_month(selected['period'].iloc[0])}, "
        f"{tail}".rstrip(", ")
        if len(selected) > 1
        else f"{team} caseloads at {latest_text}, {tail}".rstrip(", "),
        f"{team} caseloads {_moved(change, latest_text)}, {tail}".rstrip(", "),
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
    as at" is the date the newest figures describe (``benchmarks.reference_date``: the census or year-end date),
    never the day the file was loaded. At most four colours: one per series (``style.SeriesRole``).
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
                name=f"{bench.authority} not published",
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
    shown = by_team.dropna(subset=["value"])
    if shown.empty:
        return _all_suppressed_teams_chart(by_team, extract_date, context)
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
    when = style.format_date(extract_date)
    top = shown.iloc[0]
    title = fit_title(
        f"{top['label']} holds the most children on plans ({top['shown']})",
        f"{top['label']} holds the most children on plans",
        "Children on child protection plans by team",
    )
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


def _all_suppressed_teams_chart(by_team: pd.DataFrame, extract_date: dt.date, context: ChartContext) -> Chart:
    """When every team's count is suppressed: no bars (a chart of ``c`` bars says nothing), the reason in words."""
    when = style.format_date(extract_date)
    threshold = context.suppression_threshold
    title = fit_title(f"Every team has fewer than {threshold} children on plans")
    figure = go.Figure()
    _say_in_words(
        figure,
        f"Each of the {len(by_team)} teams has fewer than {threshold} children on child protection plans, so no "
        "count is shown: a small number could identify a child.",
    )
    caption = caption_text(
        f"Children on child protection plans by allocated team; counts below {threshold} are suppressed",
        context,
        f"at {when}",
        ANNEX_A_SOURCE,
    )
    _layout(figure, title, caption, height=220)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    table = pd.DataFrame({"Team": by_team["label"], "Children on CP plans": by_team["shown"]})
    alt = (
        f"No chart: each of the {len(by_team)} teams of {context.authority} had fewer than {threshold} children on "
        f"child protection plans at {when}, so every count is suppressed."
    )
    return Chart("annex-a-by-team", title, caption, alt, figure, table)


# ---------------------------------------------------------------------------------------------- governance

ACTION_PLAN_SOURCE = "improvement plan action tracker"
RISK_SOURCE = "risk register"
MILESTONE_STATE_STYLES = {  # state: (colour, marker at the due date); four colours at most
    governance.COMPLETE: (style.Palette.TURQUOISE, "circle-open"),
    governance.OVERDUE: (style.Palette.DARK_PINK, "x"),
    governance.OPEN: (style.Palette.DARK_BLUE, "diamond"),
    governance.DROPPED: (style.Palette.DARK_GREY, "square-open"),
}
RISK_ROLES = (
    style.SeriesRole.ACTUAL,
    style.SeriesRole.COMPARATOR,
    style.SeriesRole.SECOND_ACTUAL,
    style.SeriesRole.TRAJECTORY,
)


def _short(text: str, width: int = 44) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def milestone_timeline_chart(
    milestones: pd.DataFrame, areas: pd.DataFrame, as_at: dt.date | None, context: ChartContext, scope: str = ""
) -> Chart:
    """Milestones on a timeline: one row per action, grouped by priority area; a marker at each milestone's due
    date whose shape, colour and legend word give its state (``governance.milestone_states``), a filled circle at
    the date it was completed joined to its due date, and a line at the data's as-at date."""
    frame = governance.milestone_states(milestones, as_at)
    order = {code: i for i, code in enumerate(areas.sort_values("sort_order")["priority_area_code"])}
    frame = frame.assign(_area=frame["priority_area_code"].map(order)).sort_values(
        ["_area", "reference", "due_date"], ignore_index=True
    )
    frame["row"] = [f"{ref} {_short(action)}" for ref, action in zip(frame["reference"], frame["action"], strict=True)]
    rows = frame.drop_duplicates("row")[["priority_area_code", "row"]].iloc[::-1]  # first area at the top

    def y(subset: pd.DataFrame) -> list[str]:
        return list(subset["row"])

    figure = go.Figure()
    done = frame[frame["state"] == governance.COMPLETE].dropna(subset=["completed_date"])
    if len(done):
        xs, rows_y = [], []
        for item in done.itertuples():
            xs += [item.due_date, item.completed_date, None]
            rows_y += [item.row, item.row, None]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=rows_y,
                mode="lines",
                line={"color": style.SeriesRole.CONTEXT.colour, "width": 2},
                name="Due to completed",
                hoverinfo="skip",
            )
        )
    for state, (colour, symbol) in MILESTONE_STATE_STYLES.items():
        subset = frame[frame["state"] == state]
        if subset.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=subset["due_date"],
                y=y(subset),
                mode="markers",
                name=f"{state}: due date",
                marker={"symbol": symbol, "size": 12, "color": colour, "line": {"color": colour, "width": 2}},
                customdata=list(
                    zip(
                        subset["milestone"],
                        subset["owner"],
                        subset["due_date"].map(style.format_date),
                        subset["reference"] + " " + subset["action"],  # the row label is shortened: in full here
                        strict=True,
                    )
                ),
                hovertemplate=f"<b>{state}</b>: %{{customdata[0]}}<br>Action: %{{customdata[3]}}"
                "<br>Owner: %{customdata[1]}<br>Due %{customdata[2]}<extra></extra>",
            )
        )
    if len(done):
        figure.add_trace(
            go.Scatter(
                x=done["completed_date"],
                y=y(done),
                mode="markers",
                name="Date completed",
                marker={"symbol": "circle", "size": 9, "color": MILESTONE_STATE_STYLES[governance.COMPLETE][0]},
                customdata=list(zip(done["milestone"], done["completed_date"].map(style.format_date), strict=True)),
                hovertemplate="%{customdata[0]}<br>Completed %{customdata[1]}<extra></extra>",
            )
        )
    if as_at is not None:
        figure.add_vline(
            x=pd.Timestamp(as_at).timestamp() * 1000,
            line={"color": style.SeriesRole.TARGET.colour, "dash": style.SeriesRole.TARGET.dash, "width": 2},
            annotation_text=f"Data as at {style.format_date(as_at)}",
            annotation_position="top right",
        )

    counts = frame["state"].value_counts()
    late, total = int(counts.get(governance.OVERDUE, 0)), len(frame)
    when = style.format_date(as_at)
    title = fit_title(
        f"{late} of {total} milestones overdue at {when}" if late else f"No milestones overdue at {when}",
        f"{late} of {total} milestones overdue",
    )
    period = period_label(pd.concat([frame["due_date"], frame["completed_date"]]).dropna())
    subject = "Plan milestones by action and priority area: due dates, completion dates and state"
    caption = caption_text(subject + (f" ({scope})" if scope else ""), context, period, ACTION_PLAN_SOURCE)
    _layout(figure, title, caption, height=160 + 26 * max(len(rows), 1), left_margin=380)
    figure.update_layout(
        hovermode="closest",
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
        margin={"t": 130},  # room for the legend's rows between the title and the plot
    )
    figure.update_yaxes(
        type="category", categoryorder="array", categoryarray=list(rows["row"]), gridcolor="#F0F0F0", showgrid=True
    )
    # Priority areas are grouped: a rule between areas (row positions count up from the bottom).
    codes = list(rows["priority_area_code"])
    for position in range(1, len(codes)):
        if codes[position] != codes[position - 1]:
            figure.add_hline(y=position - 0.5, line={"color": style.Palette.DARK_GREY, "width": 1})

    table = pd.DataFrame(
        {
            "Priority area": frame["priority_area_code"],
            "Action": frame["reference"] + " " + frame["action"],
            "Owner": frame["owner"],
            "Milestone": frame["milestone"],
            "Due": frame["due_date"].map(style.format_date),
            "Status": frame["status"].map(governance.STATUS_LABELS),
            "State": frame["state"],
            "Completed": frame["completed_date"].map(style.format_date),
        }
    )
    summary = ", ".join(f"{int(counts[s])} {s.lower()}" for s in governance.STATES if s in counts)
    alt = (
        f"Timeline of {total} milestones of {frame['reference'].nunique()} actions in "
        f"{frame['priority_area_code'].nunique()} priority areas for {context.authority}, {period}, one row per "
        f"action, with a line at the data's as-at date, {when}. States: {summary or 'none'}."
    )
    if late:
        alt += " Overdue: " + "; ".join(
            f"{r.reference} {r.milestone}, due {style.format_date(r.due_date)}"
            for r in frame[frame["state"] == governance.OVERDUE].itertuples()
        )
        alt += "."
    return Chart("milestone-timeline", title, caption, alt, figure, table)


def milestone_completion_chart(completion: pd.DataFrame, areas: pd.DataFrame, context: ChartContext) -> Chart:
    """Small multiples, one per priority area: the per cent of milestones due by each month's end that were
    complete by then (``governance.completion_by_month``). One colour: the areas are told apart by panel."""
    ordered = areas.sort_values("sort_order")
    codes = [code for code in ordered["priority_area_code"] if code in set(completion["priority_area_code"])]
    titles = dict(zip(ordered["priority_area_code"], ordered["title"], strict=True))
    figure = make_subplots(
        rows=max(len(codes), 1),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.06 if len(codes) > 1 else 0.0,
        subplot_titles=[_short(f"{code} {titles.get(code, '')}", 70) for code in codes] or [""],
    )
    for i, code in enumerate(codes, start=1):
        rows = completion[completion["priority_area_code"] == code]
        figure.add_trace(
            go.Scatter(
                x=rows["period"],
                y=rows["percent"],
                mode="lines+markers",
                name=code,
                line={"color": style.SeriesRole.ACTUAL.colour, "width": 2},
                marker={"size": 4, "color": style.SeriesRole.ACTUAL.colour},
                customdata=list(
                    zip(rows["complete"], rows["due"], [f"{code} {titles.get(code, '')}"] * len(rows), strict=True)
                ),
                hovertemplate="%{customdata[2]}, %{x|%b %Y}: %{y:.0f}% (%{customdata[0]} of %{customdata[1]})"
                "<extra></extra>",
                showlegend=False,
                connectgaps=False,
            ),
            row=i,
            col=1,
        )
    last = completion["period"].max() if len(completion) else None
    latest = completion[completion["period"] == last]
    due, complete = int(latest["due"].sum()), int(latest["complete"].sum())
    month = style.format_month(last) if last is not None else "—"
    if due:
        title = fit_title(f"{100 * complete / due:.0f}% of milestones due by {month} were completed")
    else:
        title = "No milestones due yet"
    period = period_label(completion["period"]) if len(completion) else "no periods"
    caption = caption_text(
        "Per cent of milestones due by each month's end that were complete by then, dropped ones left out",
        context,
        period,
        ACTION_PLAN_SOURCE,
    )
    figure.update_annotations(font={"size": 12}, xanchor="left", x=0)  # the panel titles
    _layout(figure, title, caption, height=90 + 130 * max(len(codes), 1))
    figure.update_layout(hovermode="closest")
    figure.update_yaxes(range=[-5, 105], tickmode="array", tickvals=[0, 50, 100], ticktext=["0%", "50%", "100%"])

    table = pd.DataFrame({"Month": sorted(completion["period"].unique())}) if len(completion) else pd.DataFrame()
    for code in codes:
        rows = completion[completion["priority_area_code"] == code].set_index("period")
        table[code] = [
            "nothing due"
            if not rows.at[p, "due"]
            else f"{rows.at[p, 'complete']} of {rows.at[p, 'due']} ({rows.at[p, 'percent']:.0f}%)"
            for p in table["Month"]
        ]
    if len(table):
        table["Month"] = table["Month"].map(style.format_month)
    per_area = "; ".join(
        f"{r.priority_area_code} {r.complete} of {r.due}" + (f" ({r.percent:.0f}%)" if r.due else "")
        for r in latest.itertuples()
    )
    alt = (
        f"Line charts, one per priority area, of the per cent of milestones due that were complete, each month, "
        f"for {context.authority}, {period}. By {month}: {per_area or 'nothing due'}."
    )
    return Chart("milestone-completion", title, caption, alt, figure, table)


def _scale_label(value: int, labels: dict[int, str]) -> str:
    return f"{value} {labels[value]}"


def risk_matrix_chart(counts: pd.DataFrame, context: ChartContext, unreviewed: int = 0) -> Chart:
    """Likelihood (rows) by impact (columns): the number of open risks in each cell, written in the cell in dark
    text; a light shading repeats the count (darker = more) and the hover gives the cell's score."""
    likelihoods, impacts = list(counts.index), list(counts.columns)
    y = [_scale_label(v, governance.LIKELIHOOD_LABELS) for v in likelihoods]
    x = [_scale_label(v, governance.IMPACT_LABELS) for v in impacts]
    z = counts.to_numpy()
    scores = [[lk * im for im in impacts] for lk in likelihoods]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=[[str(n) for n in row] for row in z],
            texttemplate="%{text}",
            textfont={"size": 18, "color": style.TEXT_COLOUR},  # dark on every shade: at least 4.5:1
            customdata=scores,
            colorscale=[[0, "#FFFFFF"], [1, style.Palette.LIGHT_PURPLE]],
            zmin=0,
            zmax=max(int(z.max()), 1) if z.size else 1,
            showscale=False,
            xgap=2,
            ygap=2,
            name="Open risks",
            hovertemplate="Likelihood %{y}, impact %{x}: %{z} open risks (score %{customdata})<extra></extra>",
        )
    )
    open_count = int(z.sum())
    high = int(
        sum(
            n
            for row, lk in zip(z, likelihoods, strict=True)
            for n, im in zip(row, impacts, strict=True)
            if lk * im >= governance.HIGH_SCORE
        )
    )
    title = (
        fit_title(f"{high} of {open_count} open risks score {governance.HIGH_SCORE} or more")
        if open_count
        else "No reviewed open risks on the register"
    )
    subject = (
        f"Open risks by latest likelihood and impact (score = likelihood × impact, high = "
        f"{governance.HIGH_SCORE} or more)"
    )
    if unreviewed:
        subject += f"; {unreviewed} open risk{'s' if unreviewed != 1 else ''} not yet reviewed, not shown"
    caption = caption_text(subject, context, f"at {style.format_date(context.data_as_at)}", RISK_SOURCE)
    _layout(figure, title, caption, height=460, left_margin=150)
    figure.update_layout(hovermode="closest", plot_bgcolor="#F0F0F0")
    figure.update_xaxes(title_text="Impact", side="bottom", showgrid=False, ticks="")
    figure.update_yaxes(title_text="Likelihood", showgrid=False, autorange="reversed")  # 5 Almost certain on top

    table = pd.DataFrame(z, columns=x)
    table.insert(0, "Likelihood \\ impact", y)
    cells = [
        f"likelihood {lk}, impact {im}: {n}"
        for row, lk in zip(z, likelihoods, strict=True)
        for n, im in zip(row, impacts, strict=True)
        if n
    ]
    alt = (
        f"Five by five risk matrix of {open_count} open risks for {context.authority}, likelihood against impact, "
        f"with the number of risks written in each cell. {high} score {governance.HIGH_SCORE} or more. "
        f"Cells holding risks: {'; '.join(cells) or 'none'}."
    )
    return Chart("risk-matrix", title, caption, alt, figure, table)


def risk_score_chart(reviews: pd.DataFrame, risks: pd.DataFrame, context: ChartContext) -> Chart:
    """Each chosen risk's score (likelihood × impact) at every review; at most four risks, one colour each."""
    scored = governance.scored_reviews(reviews)
    titles = dict(zip(risks["reference"], risks["title"], strict=True))
    chosen = list(dict.fromkeys(scored["risk_reference"]))[: len(RISK_ROLES)]
    figure = go.Figure()
    for reference, role in zip(chosen, RISK_ROLES, strict=False):
        rows = scored[scored["risk_reference"] == reference]
        figure.add_trace(
            go.Scatter(
                x=rows["review_date"],
                y=rows["score"],
                name=_short(f"{reference} {titles.get(reference, '')}", 50),
                mode="lines+markers",
                line={"color": role.colour, "dash": role.dash, "width": 3},
                marker={"size": 8, "color": role.colour},
                customdata=list(
                    zip(
                        rows["likelihood"],
                        rows["impact"],
                        [f"{reference} {titles.get(reference, '')}"] * len(rows),  # the legend's name is shortened
                        strict=True,
                    )
                ),
                hovertemplate="%{customdata[2]}<br>%{x|%d %b %Y}: score %{y} (likelihood %{customdata[0]} × impact "
                "%{customdata[1]})<extra></extra>",
            )
        )
    figure.add_hline(
        y=governance.HIGH_SCORE,
        line={"color": style.SeriesRole.TARGET.colour, "dash": style.SeriesRole.TARGET.dash, "width": 2},
        annotation_text=f"High: {governance.HIGH_SCORE} or more",
        annotation_position="top left",
    )
    shown = scored[scored["risk_reference"].isin(chosen)]
    if len(chosen) == 1:
        rows = shown
        first, last = int(rows["score"].iloc[0]), int(rows["score"].iloc[-1])
        change = last - first
        title = fit_title(
            f"Risk {chosen[0]} score {'rose' if change > 0 else 'fell'} from {first} to {last}"
            if change
            else f"Risk {chosen[0]} score held at {last}"
        )
    elif chosen:
        latest = (
            shown.groupby("risk_reference").tail(1).sort_values(["score", "risk_reference"], ascending=[False, True])
        )
        top = latest.iloc[0]
        title = fit_title(f"Risk {top['risk_reference']} scores highest of {len(chosen)} chosen, at {top['score']}")
    else:
        title = "No reviews recorded for the chosen risks"
    period = period_label(shown["review_date"]) if len(shown) else "no reviews"
    caption = caption_text("Risk score at each review (likelihood × impact, 1 to 25)", context, period, RISK_SOURCE)
    _layout(figure, title, caption, "Score (likelihood × impact)")
    figure.update_yaxes(range=[0, 26], tickvals=[0, 5, 10, 15, 20, 25])
    figure.update_layout(hovermode="closest")

    table = pd.DataFrame(
        {
            "Risk": [f"{r} {titles.get(r, '')}" for r in shown["risk_reference"]],
            "Review date": shown["review_date"].map(style.format_date),
            "Likelihood": shown["likelihood"].astype(int),
            "Impact": shown["impact"].astype(int),
            "Score": shown["score"].astype(int),
        }
    )
    parts = []
    for reference in chosen:
        rows = shown[shown["risk_reference"] == reference]
        latest_date = style.format_date(rows["review_date"].iloc[-1])
        parts.append(
            f"{reference} {titles.get(reference, '')}: {len(rows)} reviews, score {int(rows['score'].iloc[0])} at "
            f"the first and {int(rows['score'].iloc[-1])} at the latest ({latest_date})"
        )
    alt = (
        f"Line chart of risk scores at each review for {context.authority}, {period}, with a reference line at "
        f"{governance.HIGH_SCORE}. " + ("; ".join(parts) or "No reviews") + "."
    )
    return Chart("risk-scores", title, caption, alt, figure, table)


def risks_raised_closed_chart(monthly: pd.DataFrame, context: ChartContext) -> Chart:
    """Risks raised and closed each month (bars) and risks open at each month's end (line)."""
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=monthly["period"],
            y=monthly["raised"],
            name="Raised",
            marker={"color": style.SeriesRole.ACTUAL.colour},
            hovertemplate="%{x|%b %Y}: %{y} raised<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            x=monthly["period"],
            y=monthly["closed"],
            name="Closed",
            marker={"color": style.SeriesRole.TRAJECTORY.colour, "pattern": {"shape": "/"}},
            hovertemplate="%{x|%b %Y}: %{y} closed<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=monthly["period"],
            y=monthly["open"],
            name="Open at month end",
            mode="lines",
            line={"color": style.SeriesRole.COMPARATOR.colour, "width": 3, "shape": "hv"},
            hovertemplate="%{x|%b %Y}: %{y} open<extra></extra>",
        )
    )
    raised, closed = int(monthly["raised"].sum()), int(monthly["closed"].sum())
    if len(monthly):
        last = monthly.iloc[-1]
        month = style.format_month(last["period"])
        title = fit_title(
            f"{int(last['open'])} risks open in {month}: {raised} raised, {closed} closed",
            f"{int(last['open'])} risks open in {month}",
        )
    else:
        title = "No risks on the register"
    period = period_label(monthly["period"]) if len(monthly) else "no periods"
    caption = caption_text(
        "Risks raised and closed each month, and open at each month's end", context, period, RISK_SOURCE
    )
    _layout(figure, title, caption, "Number of risks")
    figure.update_layout(barmode="group", hovermode="closest")
    figure.update_yaxes(rangemode="tozero", dtick=1 if monthly["open"].max() <= 12 else None)
    table = pd.DataFrame(
        {
            "Month": monthly["period"].map(style.format_month),
            "Raised": monthly["raised"].astype(int),
            "Closed": monthly["closed"].astype(int),
            "Open at month end": monthly["open"].astype(int),
        }
    )
    busy = monthly[(monthly["raised"] > 0) | (monthly["closed"] > 0)]
    alt = (
        f"Bar chart of risks raised and closed each month for {context.authority}, {period}, with a line of risks "
        f"open at each month's end. {raised} raised and {closed} closed in all"
        + (f"; {int(monthly['open'].iloc[-1])} open at the end." if len(monthly) else ".")
        + (
            " Months with changes: "
            + "; ".join(
                f"{style.format_month(r.period)} {r.raised} raised, {r.closed} closed" for r in busy.itertuples()
            )
            + "."
            if len(busy)
            else ""
        )
    )
    return Chart("risks-raised-closed", title, caption, alt, figure, table)


# ---------------------------------------------------------------------------------------------- reporting rhythm

RHYTHM_SOURCE = "improvement adviser's submitted reports and the meeting calendar"
REPORT_STATUS_STYLES = {  # status: (colour, marker, glyph); text + shape + colour, four colours at most
    rhythm.ON_TIME: (style.Palette.DARK_BLUE, "circle", "✔"),
    rhythm.LATE: (style.Palette.ORANGE, "triangle-up", "▲"),
    rhythm.MISSING: (style.Palette.DARK_PINK, "x", "✖"),
}
RHYTHM_ROWS = ("Board meeting", "DfE review", "Report due", "Report made")


def report_status_text(status: str, days_late: object = None) -> str:
    """A report's status in words with its shape: '✔ On time', '▲ Late by 23 days', '✖ Missing'."""
    glyph = REPORT_STATUS_STYLES[status][2]
    if status == rhythm.LATE and days_late is not None and not pd.isna(days_late):
        return f"{glyph} Late by {int(days_late)} day{'s' if int(days_late) != 1 else ''}"
    return f"{glyph} {status}"


def reporting_rhythm_chart(state: rhythm.Rhythm, context: ChartContext) -> Chart:
    """The reporting rhythm on one timeline: six-weekly reports due and made, DfE reviews and board meetings.

    Each report made sits under its due date, joined by a line; on time, late and missing are told apart by
    shape, colour and a text label. The next report and the next review due are open markers with their dates.
    """
    schedule, counts = state.schedule, state.counts
    figure = go.Figure()
    made = schedule.dropna(subset=["submitted_date"])
    links_x, links_y = [], []
    for due, submitted in zip(made["due_date"], made["submitted_date"], strict=True):
        links_x += [due, submitted, None]
        links_y += ["Report due", "Report made", None]
    if links_x:
        figure.add_trace(
            go.Scatter(
                x=links_x,
                y=links_y,
                mode="lines",
                line={"color": style.Palette.LIGHT_GREY, "width": 1},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if len(schedule):
        figure.add_trace(
            go.Scatter(
                x=schedule["due_date"],
                y=["Report due"] * len(schedule),
                mode="markers",
                name="Report due",
                marker={"symbol": "circle-open", "size": 11, "color": style.Palette.DARK_GREY},
                hovertemplate="Report due %{x|%d %b %Y}<extra></extra>",
            )
        )
    for status, (colour, marker, _glyph) in REPORT_STATUS_STYLES.items():
        rows = schedule[schedule["status"] == status]
        if rows.empty:
            continue
        x = rows["due_date"] if status == rhythm.MISSING else rows["submitted_date"]
        labels = [
            "Missing" if status == rhythm.MISSING else f"+{int(d)}d" if status == rhythm.LATE else ""
            for d in rows["days_late"]
        ]
        figure.add_trace(
            go.Scatter(
                x=x,
                y=["Report made"] * len(rows),
                mode="markers+text",
                name=report_status_text(status),
                marker={
                    "symbol": marker,
                    "size": 14,
                    "color": colour,
                    "line": {"color": style.Palette.DARK_GREY, "width": 1},
                },
                text=labels,
                textposition="bottom center",
                textfont={"size": 11, "color": style.TEXT_COLOUR},
                hovertemplate=f"{status}: %{{x|%d %b %Y}}<extra></extra>",
            )
        )
    upcoming = []
    if state.next_report_due is not None:
        upcoming.append(("Report due", state.next_report_due, state.next_report_overdue, "Next report"))
    if state.next_review_due is not None:
        upcoming.append(("DfE review", state.next_review_due, state.review_overdue, "Next review"))
    for row, due, overdue, label in upcoming:
        figure.add_trace(
            go.Scatter(
                x=[pd.Timestamp(due)],
                y=[row],
                mode="markers+text",
                name=f"{label} due" + (" (overdue)" if overdue else ""),
                marker={
                    "symbol": "diamond-open",
                    "size": 15,
                    "color": style.Palette.DARK_PINK if overdue else style.Palette.DARK_GREY,
                    "line": {"width": 2},
                },
                text=[f"{label} {'overdue since' if overdue else 'due'} {style.format_date(due)}"],
                textposition="top left",
                textfont={"size": 11, "color": style.TEXT_COLOUR},
                hovertemplate=f"{label} due %{{x|%d %b %Y}}<extra></extra>",
            )
        )
    for row, frame, marker in (
        ("DfE review", state.reviews, "square"),
        ("Board meeting", state.board_meetings, "diamond"),
    ):
        held = frame[frame["held"]]
        if held.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=held["meeting_date"],
                y=[row] * len(held),
                mode="markers",
                name=f"{row} held",
                marker={"symbol": marker, "size": 11 if row == "DfE review" else 8, "color": style.Palette.DARK_GREY},
                text=held["title"],
                hovertemplate="%{text}: %{x|%d %b %Y}<extra></extra>",
            )
        )
    if context.data_as_at is not None:
        figure.add_vline(x=pd.Timestamp(context.data_as_at), line={"color": style.Palette.DARK_GREY, "dash": "dot"})

    if counts.due and counts.late == 0 and counts.missing == 0:
        title = fit_title(f"All {counts.due} six-weekly reports made on time")
    else:
        title = fit_title(
            f"{counts.made} of {counts.due} six-weekly reports made, {counts.late} late, {counts.missing} missing",
            f"{counts.made} of {counts.due} reports made, {counts.late} late, {counts.missing} missing",
        )
    dates = pd.concat(
        [
            schedule["due_date"],
            schedule["submitted_date"],
            state.reviews["meeting_date"],
            state.board_meetings["meeting_date"],
        ]
    ).dropna()
    period = f"{style.format_date(dates.min())} to {style.format_date(dates.max())}" if len(dates) else "no dates"
    caption = caption_text(
        "Six-weekly reports due (six weeks after the last report) and made; DfE six-monthly reviews; board meetings",
        context,
        period,
        RHYTHM_SOURCE,
    )
    _layout(figure, title, caption, height=400, left_margin=130)
    # Eight legend entries: beside the plot, where they never run into the title.
    legend = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1.0, "yanchor": "top"}
    figure.update_layout(hovermode="closest", legend=legend, margin={"r": 230})
    shown = pd.concat([dates, pd.Series([pd.Timestamp(due) for _row, due, _overdue, _label in upcoming])])
    if len(shown):
        figure.update_xaxes(range=[shown.min() - pd.Timedelta(days=30), shown.max() + pd.Timedelta(days=45)])
    figure.update_yaxes(categoryorder="array", categoryarray=list(RHYTHM_ROWS), range=[-0.6, len(RHYTHM_ROWS) - 0.4])

    table = rhythm_events_table(state)
    next_text = (
        f"The next report is {'overdue since' if state.next_report_overdue else 'due'} "
        f"{style.format_date(state.next_report_due)}."
        if state.next_report_due
        else "No report is due yet."
    )
    alt = (
        f"Timeline of the reporting rhythm for {context.authority}, {period}. {counts.due} six-weekly reports were "
        f"due and {counts.made} made: {counts.on_time} on time, {counts.late} late, {counts.missing} missing. "
        f"{next_text} {state.reviews_held} DfE reviews held, the next "
        f"{'overdue since' if state.review_overdue else 'due'} {style.format_date(state.next_review_due)}; "
        f"{state.board_meetings_held} board meetings held."
    )
    return Chart("reporting-rhythm", title, caption, alt, figure, table)


def rhythm_events_table(state: rhythm.Rhythm) -> pd.DataFrame:
    """Every date on the rhythm timeline in words: what, when due, when made or held, and its status."""
    rows = [
        (
            "Six-weekly report",
            style.format_date(due),
            style.format_date(made) if pd.notna(made) else "—",
            report_status_text(status, late),
        )
        for due, made, status, late in zip(
            state.schedule["due_date"],
            state.schedule["submitted_date"],
            state.schedule["status"],
            state.schedule["days_late"],
            strict=True,
        )
    ]
    if state.next_report_due is not None:
        status = "Overdue" if state.next_report_overdue else "Next due"
        rows.append(("Six-weekly report", style.format_date(state.next_report_due), "—", status))
    for held in state.reviews.itertuples():
        status = "Held" if held.held else "Scheduled"
        if held.over_six_months:
            status += ", more than six months after the previous one"
        rows.append(("DfE review", "—", style.format_date(held.meeting_date), status))
    scheduled = (state.reviews["meeting_date"] == pd.Timestamp(state.next_review_due)).any()
    if state.next_review_due is not None and not scheduled:
        status = "Overdue" if state.review_overdue else "Next due"
        rows.append(("DfE review", style.format_date(state.next_review_due), "—", status))
    for meeting in state.board_meetings.itertuples():
        status = "Held" if meeting.held else "Scheduled"
        rows.append(("Board meeting", "—", style.format_date(meeting.meeting_date), status))
    return pd.DataFrame(rows, columns=["What", "Due", "Made or held", "Status"])


# ---------------------------------------------------------------------------------------------- six-monthly review

REVIEW_RAG_SOURCE = "improvement adviser's submitted reports"
REVIEW_MEASURES_SOURCE = "council performance data and improvement plan trajectories"
JUDGEMENT_STYLES = {  # judgement: (colour, glyph)
    review.ON: (style.Palette.TURQUOISE, "✔"),
    review.OFF: (style.Palette.DARK_PINK, "✖"),
    review.NOT_JUDGED: (style.Palette.LIGHT_GREY, "–"),
}


def _window_period(window: review.Window) -> str:
    return f"six months {style.format_date(window.start)} to {style.format_date(window.end)}"


def review_rag_chart(rag: pd.DataFrame, window: review.Window, context: ChartContext) -> Chart:
    """Each priority area's rating at the start and at the end of the window, joined by a line (shape + letter)."""
    start_x, end_x = f"Start: {style.format_date(window.start)}", f"End: {style.format_date(window.end)}"
    frame = rag.copy()
    frame["label"] = [_area_label(c, t) for c, t in zip(frame["priority_area_code"], frame["title"], strict=True)]
    figure = go.Figure()
    links_x, links_y = [], []
    for row in frame.itertuples():
        if isinstance(row.start_rating, str) and isinstance(row.end_rating, str):
            links_x += [start_x, end_x, None]
            links_y += [row.label, row.label, None]
    if links_x:
        figure.add_trace(
            go.Scatter(
                x=links_x,
                y=links_y,
                mode="lines",
                line={"color": style.Palette.LIGHT_GREY},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    points = pd.concat(
        [
            frame.assign(x=start_x, rating=frame["start_rating"]),
            frame.assign(x=end_x, rating=frame["end_rating"]),
        ]
    ).dropna(subset=["rating"])
    _add_rag_traces(figure, points, x="x", x_hover="%{x}", size=22, text_position="middle right")
    counts = frame["movement"].value_counts()
    labels = {review.FIRST_RATED: "first rated"}
    parts = [
        f"{counts[m]} {labels.get(m, m)}"
        for m in (review.IMPROVED, review.WORSENED, review.UNCHANGED, review.FIRST_RATED)
        if m in counts
    ]
    if not parts:
        title = "No priority area rated by the end of this window"
    else:
        title = fit_title(
            f"RAG ratings in six months: {', '.join(parts)}",
            f"Priority areas: {', '.join(parts)}",
            ", ".join(parts),
        )
    caption = caption_text(
        "Improvement adviser's RAG rating per priority area: latest report by the start and by the end of the window",
        context,
        _window_period(window),
        REVIEW_RAG_SOURCE,
    )
    _layout(figure, title, caption, height=140 + 70 * max(len(frame), 1), left_margin=250)
    figure.update_layout(hovermode="closest")
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=[start_x, end_x])
    figure.update_yaxes(categoryorder="array", categoryarray=list(frame["label"][::-1]), gridcolor="#F0F0F0")
    table = review_rag_table(rag)
    alt = (
        f"Chart of the RAG rating of {len(frame)} priority areas of {context.authority} at the start "
        f"({style.format_date(window.start)}) and end ({style.format_date(window.end)}) of the window. "
        + "; ".join(
            f"{row.priority_area_code}: {style.rag_text(row.start_rating)} to {style.rag_text(row.end_rating)}, "
            f"{row.movement}"
            for row in frame.itertuples()
        )
        + "."
    )
    return Chart(f"review-rag-{window.key}", title, caption, alt, figure, table)


def review_rag_table(rag: pd.DataFrame) -> pd.DataFrame:
    """The RAG movement in words: area, rating at start (and its report), at end, movement."""
    return pd.DataFrame(
        {
            "Priority area": rag["priority_area_code"] + " " + rag["title"],
            "Rating at start": rag["start_rating"].map(style.rag_text),
            "Report (start)": rag["start_report"].map(style.format_date),
            "Rating at end": rag["end_rating"].map(style.rag_text),
            "Report (end)": rag["end_report"].map(style.format_date),
            "Movement": rag["movement"],
        }
    )


def review_measures_chart(at_ends: pd.DataFrame, window: review.Window, context: ChartContext) -> Chart:
    """How many plan measures were on trajectory, off it or not judged at the window's start and end."""
    counts = review.judged_counts(at_ends)
    # Plotly draws the first category at the bottom: the start reads first, above the end.
    rows = [f"End: {style.format_date(window.end)}", f"Start: {style.format_date(window.start)}"]
    figure = go.Figure()
    for judgement, (colour, glyph) in JUDGEMENT_STYLES.items():
        row = counts[counts["judgement"] == judgement].iloc[0]
        values = [int(row["end"]), int(row["start"])]
        figure.add_trace(
            go.Bar(
                x=values,
                y=rows,
                orientation="h",
                name=f"{glyph} {judgement}",
                marker={"color": colour, "line": {"color": style.Palette.DARK_GREY, "width": 1}},
                text=[f"{glyph} {v}" if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#FFFFFF" if judgement == review.OFF else style.TEXT_COLOUR, "size": 13},
                hovertemplate=f"%{{y}}: %{{x}} {judgement.lower()}<extra></extra>",
            )
        )
    on = counts.set_index("judgement").loc[review.ON]
    total = len(at_ends)
    title = fit_title(
        f"{int(on['end'])} of {total} measures on trajectory, from {int(on['start'])}",
        f"{int(on['end'])} of {total} measures on trajectory",
    )
    caption = caption_text(
        "Plan measures on or off trajectory in the latest month ended by the window's start and by its end",
        context,
        _window_period(window),
        REVIEW_MEASURES_SOURCE,
    )
    _layout(figure, title, caption, height=260, left_margin=200)
    figure.update_layout(barmode="stack", hovermode="closest", legend={"traceorder": "normal"})
    figure.update_xaxes(title_text="Plan measures", rangemode="tozero", dtick=1 if total <= 20 else None)
    table = review_measures_table(at_ends)
    off = counts.set_index("judgement").loc[review.OFF]
    alt = (
        f"Stacked bar chart of {total} plan measures for {context.authority}. At the start of the window "
        f"({style.format_date(window.start)}) {int(on['start'])} were on trajectory and {int(off['start'])} off; at "
        f"the end ({style.format_date(window.end)}) {int(on['end'])} on and {int(off['end'])} off. Off at the end: "
        + (", ".join(at_ends.loc[at_ends["end_judgement"] == review.OFF, "name"]) or "none")
        + "."
    )
    return Chart(f"review-measures-{window.key}", title, caption, alt, figure, table)


def _actual_vs_planned(value, status, planned, unit, period) -> str:
    if pd.isna(period):
        return "—"
    return (
        f"{style.format_value(value, unit, status)} vs {style.format_value(planned, unit)} planned "
        f"({style.format_month(period)})"
    )


def review_measures_table(at_ends: pd.DataFrame) -> pd.DataFrame:
    """Each measure at the window's start and end: actual against planned (and the month), on or off trajectory."""
    table = {"Measure": at_ends["name"]}
    for side, heading in (("end", "End"), ("start", "Start")):  # where things stand now, first
        table[f"{heading}: on trajectory"] = [f"{JUDGEMENT_STYLES[j][1]} {j}" for j in at_ends[f"{side}_judgement"]]
        table[f"{heading}: actual vs planned"] = [
            _actual_vs_planned(v, s, p, u, m)
            for v, s, p, u, m in zip(
                at_ends[f"{side}_value"],
                at_ends[f"{side}_status"],
                at_ends[f"{side}_planned"],
                at_ends["unit"],
                at_ends[f"{side}_period"],
                strict=True,
            )
        ]
    table["Priority area"] = at_ends["priority_area_code"]
    return pd.DataFrame(table)


# ---------------------------------------------------------------------------------------------- adviser contract

CONTRACT_SOURCE = "adviser's timesheets and contract terms"


def _days(value: float) -> str:
    return style.format_value(value, "ratio")


def adviser_days_chart(monthly: pd.DataFrame, allowance: float, context: ChartContext) -> Chart:
    """Days the adviser delivered each month (``contract.days_per_month``) against the monthly allowance, drawn
    as a reference line; months over it are marked with text above the bar, not colour alone."""
    over = monthly[monthly["over_allowance"]]
    labels = [style.format_month(month) for month in monthly["month"]]
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=monthly["days"],
            name="Days delivered",
            marker={
                "color": [
                    style.SeriesRole.COMPARATOR.colour if flag else style.SeriesRole.ACTUAL.colour
                    for flag in monthly["over_allowance"]
                ]
            },
            text=[
                f"Over +{_days(by)}" if flag else ""
                for flag, by in zip(monthly["over_allowance"], monthly["over_by"], strict=True)
            ],
            textposition="outside",
            textfont={"size": 12, "color": style.Palette.DARK_GREY},
            constraintext="none",
            cliponaxis=False,
            hovertemplate="%{x}: %{y} days<extra></extra>",
        )
    )
    figure.add_hline(
        y=allowance,
        line={"color": style.SeriesRole.TARGET.colour, "dash": style.SeriesRole.TARGET.dash, "width": 2},
        annotation_text=f"Allowance {_days(allowance)} days a month",
        annotation_position="top right",
    )
    total = monthly["days"].sum()
    allowance_text = f"{allowance:g}-day"
    if len(over):
        title = fit_title(
            f"Adviser delivered {_days(total)} days; {len(over)} months over {allowance_text} allowance",
            f"{len(over)} months over the {allowance_text} monthly allowance",
        )
    else:
        title = fit_title(f"Adviser delivered {_days(total)} days, within the {allowance_text} monthly allowance")
    period = period_label(monthly["month"])
    caption = caption_text(
        f"Days the improvement adviser delivered each month against the allowance of {_days(allowance)} days",
        context,
        period,
        CONTRACT_SOURCE,
    )
    _layout(figure, title, caption, "Days delivered")
    figure.update_layout(hovermode="closest", showlegend=False)
    figure.update_yaxes(rangemode="tozero", range=[0, max(allowance, float(monthly["days"].max() or 0)) + 1])
    table = pd.DataFrame(
        {
            "Month": labels,
            "Days delivered": monthly["days"].map(_days),
            "Allowance": monthly["allowance"].map(_days),
            "Over allowance": [
                f"Yes, by {_days(by)}" if flag else "No"
                for flag, by in zip(monthly["over_allowance"], monthly["over_by"], strict=True)
            ],
            "Days to date": monthly["cumulative_days"].map(_days),
        }
    )
    months_over = "; ".join(
        f"{style.format_month(m)} ({_days(d)} days)" for m, d in zip(over["month"], over["days"], strict=True)
    )
    alt = (
        f"Bar chart of the days the improvement adviser delivered each month for {context.authority}, {period}, "
        f"against an allowance of {_days(allowance)} days a month. {_days(total)} days in {len(monthly)} months, "
        f"{_days(total / len(monthly) if len(monthly) else 0)} a month on average. "
        + (f"Over the allowance in {months_over}." if len(over) else "No month was over the allowance.")
    )
    return Chart("adviser-days", title, caption, alt, figure, table)


def adviser_activity_chart(by_activity: pd.DataFrame, period: str, context: ChartContext) -> Chart:
    """The adviser's days by activity (``contract.days_by_activity``), most first, each labelled with its days
    and share."""
    frame = by_activity.iloc[::-1]  # most at the top
    shown = [f"{_days(days)} days ({share:.0%})" for days, share in zip(frame["days"], frame["share"], strict=True)]
    figure = go.Figure(
        go.Bar(
            x=frame["days"],
            y=frame["label"],
            orientation="h",
            marker={"color": style.SeriesRole.ACTUAL.colour},
            text=shown,
            textposition="outside",
            cliponaxis=False,
            name="Days delivered",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    total = by_activity["days"].sum()
    top = by_activity.iloc[0]
    title = fit_title(
        f"{top['label']} took most adviser days: {_days(top['days'])} of {_days(total)}",
        f"{top['label']} took most adviser days",
    )
    caption = caption_text("Days the improvement adviser delivered, by activity", context, period, CONTRACT_SOURCE)
    _layout(figure, title, caption, height=140 + 45 * max(len(frame), 1), left_margin=260)
    figure.update_layout(hovermode="closest", showlegend=False, margin={"r": 140})
    figure.update_xaxes(title_text="Days delivered", rangemode="tozero")
    table = pd.DataFrame(
        {
            "Activity": by_activity["label"],
            "Days delivered": by_activity["days"].map(_days),
            "Share of days": by_activity["share"].map(lambda share: f"{share:.0%}"),
        }
    )
    listed = "; ".join(
        f"{label}: {_days(days)} days ({share:.0%})"
        for label, days, share in zip(by_activity["label"], by_activity["days"], by_activity["share"], strict=True)
    )
    alt = (
        f"Bar chart of the improvement adviser's {_days(total)} days for {context.authority}, {period}, by "
        f"activity, most first. {listed}."
    )
    return Chart("adviser-days-by-activity", title, caption, alt, figure, table)

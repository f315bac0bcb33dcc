"""The action plan and the risk register as charts: milestones on a timeline, completion over time, the risk
matrix, risk scores across reviews, risks raised and closed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from improvement import style
from improvement.charting import (
    Chart,
    ChartContext,
    caption_text,
    fit_title,
    layout,
    period_label,
    short,
    target_line,
)
from improvement.topics.governance import rules as governance

ACTION_PLAN_SOURCE = "improvement plan action tracker"


RISK_SOURCE = "risk register"


RISK_ROLES = (
    style.SeriesRole.ACTUAL,
    style.SeriesRole.COMPARATOR,
    style.SeriesRole.SECOND_ACTUAL,
    style.SeriesRole.TRAJECTORY,
)


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
    frame["row"] = [  # the axis label: plotly text, so escaped
        style.escape_html(f"{ref} {short(action)}")
        for ref, action in zip(frame["reference"], frame["action"], strict=True)
    ]
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
    for state, (colour, symbol) in style.MILESTONE_STATE_STYLES.items():
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
                customdata=[
                    [style.escape_html(text) for text in row]
                    for row in zip(
                        subset["milestone"],
                        subset["owner"],
                        subset["due_date"].map(style.format_date),
                        subset["reference"] + " " + subset["action"],  # the row label is shortened: in full here
                        strict=True,
                    )
                ],
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
                marker={"symbol": "circle", "size": 9, "color": style.MILESTONE_STATE_STYLES[governance.COMPLETE][0]},
                customdata=[
                    [style.escape_html(milestone), style.format_date(completed)]
                    for milestone, completed in zip(done["milestone"], done["completed_date"], strict=True)
                ],
                hovertemplate="%{customdata[0]}<br>Completed %{customdata[1]}<extra></extra>",
            )
        )
    if as_at is not None:
        as_at_ms = pd.Timestamp(as_at).timestamp() * 1000
        target_line(figure, x=as_at_ms, label=f"Data as at {style.format_date(as_at)}", position="top right")

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
    layout(figure, title, caption, height=160 + 26 * max(len(rows), 1), left_margin=380)
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
            "Milestone": frame["milestone"],
            "State": frame["state"],
            "Due": frame["due_date"].map(style.format_date),
            "Status": frame["status"].map(governance.STATUS_LABELS),
            "Completed": frame["completed_date"].map(style.format_date),
            "Priority area": frame["priority_area_code"],
            "Action": frame["reference"] + " " + frame["action"],
            "Owner": frame["owner"],
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
        subplot_titles=[style.escape_html(short(f"{code} {titles.get(code, '')}", 70)) for code in codes] or [""],
    )
    for i, code in enumerate(codes, start=1):
        rows = completion[completion["priority_area_code"] == code]
        figure.add_trace(
            go.Scatter(
                x=rows["period"],
                y=rows["percent"],
                mode="lines+markers",
                name=style.escape_html(code),
                line={"color": style.SeriesRole.ACTUAL.colour, "width": 2},
                marker={"size": 4, "color": style.SeriesRole.ACTUAL.colour},
                customdata=list(
                    zip(
                        rows["complete"],
                        rows["due"],
                        [style.escape_html(f"{code} {titles.get(code, '')}")] * len(rows),
                        strict=True,
                    )
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
    layout(figure, title, caption, height=90 + 130 * max(len(codes), 1))
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
        subject += f"; {style.count_of(unreviewed, 'open risk')} not yet reviewed, not shown"
    caption = caption_text(subject, context, f"at {style.format_date(context.data_as_at)}", RISK_SOURCE)
    layout(figure, title, caption, height=460, left_margin=150)
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
                name=style.escape_html(short(f"{reference} {titles.get(reference, '')}", 50)),
                mode="lines+markers",
                line={"color": role.colour, "dash": role.dash, "width": 3},
                marker={"size": 8, "color": role.colour},
                customdata=list(
                    zip(
                        rows["likelihood"],
                        rows["impact"],
                        [style.escape_html(f"{reference} {titles.get(reference, '')}")] * len(rows),  # name is short
                        strict=True,
                    )
                ),
                hovertemplate="%{customdata[2]}<br>%{x|%d %b %Y}: score %{y} (likelihood %{customdata[0]} × impact "
                "%{customdata[1]})<extra></extra>",
            )
        )
    target_line(figure, y=governance.HIGH_SCORE, label=f"High: {governance.HIGH_SCORE} or more")
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
    layout(figure, title, caption, "Score (likelihood × impact)")
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
    for column, marker in (
        ("raised", {"color": style.SeriesRole.ACTUAL.colour}),
        ("closed", {"color": style.SeriesRole.TRAJECTORY.colour, "pattern": {"shape": "/"}}),  # not by colour alone
    ):
        figure.add_trace(
            go.Bar(
                x=monthly["period"],
                y=monthly[column],
                name=column.capitalize(),
                marker=marker,
                hovertemplate=f"%{{x|%b %Y}}: %{{y}} {column}<extra></extra>",
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
    layout(figure, title, caption, "Number of risks")
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

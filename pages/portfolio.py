"""Portfolio: DfE's view across every council in intervention, worst first, with the ratings by theme, what changed
across councils since a date, the published benchmarks side by side, and the exports. DfE users only."""

import datetime as dt

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, portfolio, query_multiselect, show_chart, show_table

page_header(
    "Portfolio",
    "Every council in intervention on one page, worst first: which are improving, which are stuck, where a report "
    "or review is overdue and where a rating and the data disagree. Each council's name opens its Overview.",
    needs_council=False,
    about_a_council=False,
)
try:
    codes = portfolio.portfolio_codes()
except portfolio.NotAllowed as refused:
    st.error(str(refused))
    st.stop()
if not codes:
    ask_to_load(
        "interventions", "judgements", what="No council's intervention is recorded yet, so there is no portfolio"
    )
    st.stop()

today = dt.date.today()
view = portfolio.portfolio_view(codes, today)
if portfolio.synthetic(codes):
    st.warning(
        "**Synthetic demo data.** Every council, figure, rating and narrative here is invented to show how the "
        "dashboard works (Sefton's name is real; its data is not).",
        icon=":material/science:",
    )

left, middle, right = st.columns(3)
with left:
    regions = query_multiselect("Region", {r: r for r in view.regions}, "region")
with middle:
    kinds = query_multiselect("Intervention", {k: k for k in view.kinds}, "intervention")
with right:
    advisers = query_multiselect("Adviser", {a: a for a in view.advisers}, "adviser")
ended = st.toggle("Include councils out of intervention", key="include-ended")
shown, table = portfolio.filtered(view, regions, kinds, advisers, ended)
shown_codes = tuple(s.code for s in shown)

inside = [s for s in shown if s.in_intervention]
with_concerns = [s for s in inside if s.concerns]
for column, (label, value) in zip(
    st.columns(4),
    [
        ("Councils in intervention", str(len(inside))),
        ("With a concern", str(len(with_concerns))),
        ("Priority areas rated Red", str(sum(s.areas_red for s in inside))),
        ("Reports overdue or missing", str(sum(1 for s in inside if s.report_overdue or s.reports_missing))),
    ],
    strict=True,
):
    column.metric(label, value, border=True)

st.header("Councils, worst first")
st.caption(view.rule)
show_table(
    table,
    "portfolio",
    empty="No council matches the filters.",
    links={"Council": [f"./?authority={s.code}" for s in shown]},
)
with st.container(horizontal=True):
    st.download_button(
        "Download as a workbook",
        data=lambda: portfolio.table_xlsx(table),
        file_name=f"portfolio-{today.isoformat()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/table:",
        key="portfolio-xlsx",
    )

st.header("Ratings by theme")
themes = portfolio.theme_chart(shown_codes, today) if shown_codes else None
if themes is None:
    st.info(
        "No council's priority areas carry a theme yet: add the theme column to the improvement plan's priority areas."
    )
else:
    show_chart(themes)

st.header("What changed across councils")
latest = view.as_at or today
since = st.date_input("Since", latest - dt.timedelta(days=90), key="feed-since", format="DD/MM/YYYY")
feed = portfolio.change_feed(shown_codes, since, today)
st.caption(style.escape_markdown(feed.caption))
show_table(feed.table, "portfolio-changes", empty="Nothing changed across these councils since then.")

st.header("Benchmarks across the portfolio")
bench = portfolio.benchmarks(shown_codes, today)
if bench.table.empty:
    ask_to_load("published", what="No DfE published figures are loaded for these councils")
else:
    show_table(bench.table, "portfolio-benchmarks")
    for chart in bench.charts:
        show_chart(chart)

st.header("Six-monthly review packs")
end = st.date_input("Six months to", latest, key="packs-end", format="DD/MM/YYYY")
st.download_button(
    f"Download every council's review pack (PDF) for the six months to {style.format_date(end)}, as a zip",
    data=lambda: portfolio.review_packs(shown_codes, end),
    file_name=f"review-packs-{end.isoformat()}.zip",
    mime="application/zip",
    on_click="ignore",
    icon=":material/folder_zip:",
    key="portfolio-packs",
)
st.caption("Each pack is the council's six-monthly review pack (ratings, measures, actions and risks over the window).")

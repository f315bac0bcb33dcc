"""Overview: what needs the board's attention, the latest RAG rating per priority area, what is due next, and the
headline measures; for a council with only DfE's published figures, those figures against England."""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, rag_badge, show_chart, show_table
from improvement.ui.benchmarks import show_published_summary
from improvement.ui.briefing import is_briefing_view
from improvement.ui.overview import show_attention
from improvement.ui.spc import show_special_cause_now
from improvement.ui.views import digest_heading, digest_view, overview_view, special_cause_now

page = page_header(
    "Overview",
    "Where the improvement plan stands: what needs attention, the adviser's latest rating for each Ofsted priority "
    "area, the next reporting dates and the headline measures against their targets.",
)
data = page.data
loaded = data.loaded
own = {kind: there for kind, there in loaded.items() if kind != "published"}

if not any(own.values()):  # DfE's published figures at most: say once what would fill the rest of the page
    ask_to_load(
        "plan",
        "reports",
        what=(
            f"Only DfE's published statistics are loaded for {data.authority_name}: no improvement plan, reports or "
            "figures of its own"
            if loaded["published"]
            else f"Nothing is loaded for {data.authority_name} yet"
        ),
    )
    if loaded["published"]:
        st.header("Published figures against England")
        show_published_summary(data)
    st.stop()

if data.as_at is not None:  # what changed since the last board: its five most important changes
    digest = digest_view(data)
    with st.expander(digest_heading(digest), icon=":material/difference:"):
        if digest.items.empty:
            st.markdown("Nothing the digest counts changed in this window.")
        else:
            st.markdown(
                "\n".join(
                    f"- **{style.escape_markdown(row['When'])}** · {style.escape_markdown(row['Priority area'])} · "
                    f"{style.escape_markdown(row['What changed'])}"
                    for row in digest.top(5).to_dict("records")
                )
            )
        st.caption(style.escape_markdown(digest.caption))
        if not is_briefing_view():
            st.page_link(
                "pages/what_changed.py", label="See every change on the What changed page", icon=":material/difference:"
            )

overview = overview_view(data, page.chart_context)
if loaded["plan"] or loaded["reports"] or loaded["figures"] or loaded["milestones"] or loaded["risks"]:
    st.header("Needs attention")
    show_attention(data, overview.attention)

st.header("Priority areas: latest rating")
if not loaded["plan"]:
    ask_to_load("plan", what=f"No improvement plan is loaded for {data.authority_name}, so there are no priority areas")
else:
    ratings = overview.ratings
    lines = ["| Priority area | Latest rating | Change since previous report |", "|---|---|---|"]
    for area in ratings.summary.itertuples():
        change = area.movement if isinstance(area.movement, str) else "no report yet"
        if isinstance(area.previous_rating, str):
            change = f"{change} (was {style.rag_text(area.previous_rating)})"
        lines.append(
            f"| **{style.escape_markdown(area.priority_area_code)}** {style.escape_markdown(area.title)} | "
            f"{rag_badge(area.rating)} | {change} |"
        )
    st.markdown("\n".join(lines), unsafe_allow_html=True)
    with st.expander("Show as a table: latest rating per priority area"):
        show_table(ratings.table, "latest-rag")
    if not loaded["reports"]:
        ask_to_load("reports", what="No submitted six-weekly report is loaded yet, so no area has a rating")
    for warning in ratings.warnings:
        st.warning(warning, icon=":material/warning:")
    if loaded["reports"]:
        st.caption(ratings.caption)

st.header("Reporting rhythm")
state = data.rhythm
if not (loaded["reports"] or loaded["meetings"] or loaded["contract"]):
    ask_to_load("reports", "meetings", what="No reports, reporting dates or adviser contract are loaded")
else:
    for column, (label, shown, overdue) in zip(
        st.columns(3),
        [
            ("Last six-weekly report", state.last_report, False),
            ("Next six-weekly report due", state.next_report_due, state.next_report_overdue),
            ("Next DfE six-monthly review", state.next_review_due, state.review_overdue),
        ],
        strict=True,
    ):
        column.metric(
            label,
            style.format_date(shown),
            delta="Overdue" if overdue else None,
            delta_color="inverse" if overdue else "off",
            delta_arrow="off",
            border=True,
        )
    st.caption(overview.rhythm_caption)

st.header("Headline measures")
if not loaded["measures"]:
    ask_to_load("measures", what="The plan has no measures loaded")
elif overview.headline.empty:
    st.info("The plan marks no measure as headline (is_headline in its plan_measures table): see Trajectories.")
else:
    st.caption(
        "The arrow shows which way a measure moved since the month before; the judgement says whether that is "
        "good, which depends on whether higher or lower is better for that measure."
    )
    show_table(overview.headline_table, "headline-measures")
    if overview.headline_chart is not None:
        show_chart(overview.headline_chart)
    elif not loaded["figures"]:
        ask_to_load("figures", what="No monthly figures are loaded for the headline measures")


if loaded["measures"] and loaded["figures"]:
    show_special_cause_now(special_cause_now(data), "the plan's measures", "special-cause-now")

if loaded["published"]:
    st.header("Published figures against England")
    show_published_summary(data)

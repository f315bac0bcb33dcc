"""User guide: what each page shows and how to read it, the plan's measures with unit and polarity, RAG meanings."""

import ast
from pathlib import Path

import pandas as pd
import streamlit as st

import dashboard
from improvement import style
from improvement.settings import get_settings
from improvement.ui import page_header, rag_badge, show_table

page = page_header(
    "User guide",
    "What each page of the dashboard shows, how to read it, and what every measure in the plan means.",
    needs_council=False,
)
data = page.data

st.header("The pages")
st.markdown(
    "Choose the **authority** in the sidebar; every page then shows that council. The authority and each page's "
    "own choice (a priority area, a measure, a team) are kept in the web address, so a copied link opens the same "
    "view. **Briefing view** in the sidebar (or `?view=briefing` in the address) shows the page at a fixed width "
    "with the protective marking, the authority and the date, ready to screenshot."
)
# What each page shows and how to read it, by url_path. The table follows the navigation (dashboard.SECTIONS), so
# a page added there is listed here at once; one without an entry below is described by its module docstring.
GUIDE = {
    "overview": (
        "What needs attention (milestones overdue, measures off track, high risks, ratings the data disagrees with, "
        "late reports, each linked to its page); the adviser's latest rating for each priority area and how it "
        "moved; when the next six-weekly report and DfE review are due; the headline measures against target; and "
        "DfE's published figures against England",
        'Start here. "Overdue" means the date had passed by the date the data describes, not by today',
    ),
    "what_changed": (
        "What changed between two board meetings, most important first: ratings that moved (with the first sentence "
        "of the adviser's narrative), measures that crossed their trajectory or showed a new special-cause signal, "
        "milestones completed or newly overdue, risks raised, closed or re-scored up, reports late or missing, and "
        "data loaded; the Overview opens with the five most important",
        "Choose From and To at the top: by default from the last board meeting to the date the data describes. Read "
        "down the list: worse ratings, new concerns and slippage come before improvements and news",
    ),
    "report": (
        "For the adviser: the six-weekly report written here. Start the next report (prefilled from the last one), "
        "rate each priority area and write its narrative beside the evidence for the period (its measures on or off "
        "trajectory, signals, milestones and risks) and what the rating check says of the rating chosen; save drafts "
        "as often as you like, submit when every area is rated and written; correct a submitted report with a reason",
        "A narrative copied from the last report is pointed out. A submitted report is locked: its versions, who "
        "saved each and what changed stay in the history. If someone saved the report after you opened it, your "
        "save is refused and says what they changed",
    ),
    "portfolio": (
        "For DfE: every council in intervention on one page, worst first, each linked to its Overview; the latest "
        "ratings by the themes of the councils' priority areas; what changed across councils since a date; DfE's "
        "published figures side by side; the table as a workbook and every council's six-monthly review pack as a zip",
        "The order is the number of concerns (listed in each row), then areas rated Red, milestones overdue and "
        "measures off trajectory. Each council's figures are its own pages' answers, at the date its data describes",
    ),
    "priority_areas": (
        "One Ofsted priority area at a time: Ofsted's wording, the adviser's ratings and narratives, the measures "
        "that evidence progress against their trajectories, and the plan's actions and milestones",
        "Choose the area at the top of the page",
    ),
    "rag_history": (
        "Every priority area's rating in every submitted six-weekly report, and the adviser's overall narratives",
        "Each rating is a shape, a word and a colour, so it can be read without colour",
    ),
    "briefing_pack": (
        "Choose priority areas and charts, then download one PDF and a zip of the charts as PNG images",
        "Every image carries its title, caption and protective marking",
    ),
    "trajectories": (
        "Every measure in the plan against the trajectory the council committed to, with its SPC variation and "
        "assurance; one measure in detail with its target and forecast, or as a statistical process control chart",
        '"On track" means the latest month is at or better than planned; "special cause" means a real change',
    ),
    "caseloads": (
        "Children allocated per case-holding social worker, by team, against the plan's caseload target; the "
        "agency and vacancy rates",
        "Teams are listed highest caseload first",
    ),
    "annex_a": (
        "Children on child protection plans, in need and in care at the date the Ofsted Annex A lists were extracted",
        "Only totals are kept, never a child's row; small counts show as c",
    ),
    "action_plan": (
        "The plan's actions and milestones: when each was due and done, what is overdue or due in the next six "
        "weeks, and how much of what was due each priority area has completed",
        "Overdue and due dates are judged against the date the data describes",
    ),
    "risks": (
        "Risks to delivering the plan by likelihood and impact, how each risk's score has moved, the highest risks "
        "with owners and mitigations, and risks raised and closed each month",
        "A risk's score is likelihood × impact at its latest review",
    ),
    "reporting_rhythm": (
        "Whether the adviser reports at least every six weeks and DfE reviews progress every six months; late or "
        "missing reports; the next dates due; the improvement board's meetings",
        "",
    ),
    "review_pack": (
        "For DfE's six-monthly review: how ratings, measures, actions and risks moved in the chosen six months, "
        "with the adviser's narratives",
        "Choose the six months at the top of the page",
    ),
    "adviser_contract": (
        "The improvement adviser's days each month against the contract's allowance, the cost so far, the budget "
        "left and the contract's key dates",
        "Costs include expenses; VAT is shown separately",
    ),
    "data": (
        "Load files (each is checked and what it would change shown first), how fresh each kind of data is, every "
        "load, and blank templates",
        "Nothing is stored until you confirm",
    ),
    "user_guide": ("This guide", ""),
    "methodology": ("Where the figures come from, the rules the pages apply, suppression and history", ""),
    "accessibility": ("How accessible the dashboard is, how that is tested, known issues, how to report one", ""),
}


def _docstring_summary(path: str) -> str:
    """What a page says it is for, in the first sentence of its module docstring (after 'Title:')."""
    docstring = ast.get_docstring(ast.parse((Path(dashboard.__file__).parent / path).read_text())) or ""
    first = docstring.strip().split("\n\n")[0].replace("\n", " ")
    return first.split(":", 1)[1].strip() if ":" in first else first


rows = []
for section, specs in dashboard.SECTIONS.items():
    for spec in specs:
        shows, read = GUIDE[spec.url_path] if spec.url_path in GUIDE else (_docstring_summary(spec.path), "")
        rows.append(f"| {section} | **{spec.title}** | {shows} | {read} |")
st.markdown("\n".join(["| Section | Page | What it shows | How to read it |", "|---|---|---|---|", *rows]))

st.subheader("Charts and tables")
st.markdown(
    """
- Every chart's **title states what the data shows**, and its caption names the measure, the authority, the
  period, the source, the date the data is as at and the protective marking.
- Under every chart a **text alternative** describes what is plotted, the range and the latest value.
- **Show as a table** under every chart opens the same figures as a table, with **Download as CSV**.
- In charts of a measure against its plan, the **trajectory** (the planned value for each month) is a dashed
  line and the **target** a dotted line; the actual values are the solid line.
- Everything on the page can be used with a keyboard: Tab moves between controls, Enter or Space opens a
  drop-down or a "Show as a table" section, the arrow keys choose an option.
"""
)

st.header("RAG ratings")
st.markdown(
    "The improvement adviser rates each priority area in every six-weekly report. Only the newest *submitted* "
    "version of a report is shown; drafts never appear. A rating is always shown as a shape and a word as well "
    "as a colour."
)
meanings = {
    "Red": "Not on track: progress is not being made, or the area has gone backwards. Needs urgent attention.",
    "Amber": "Some progress, but not yet enough or not yet secure. Risks to delivery remain.",
    "Green": "On track: progress is being made as the plan intends.",
    "Blue": "Complete: the improvement is achieved and sustained; the area no longer needs active monitoring.",
}
st.markdown(
    "\n".join(
        ["| Rating | Means |", "|---|---|"] + [f"| {rag_badge(rating)} | {text} |" for rating, text in meanings.items()]
    ),
    unsafe_allow_html=True,
)

st.header("Reading an SPC chart: signal or noise")
st.markdown(
    f"""
Every measure moves a little from month to month for no particular reason. A **statistical process control (SPC)**
chart, as NHS England's *Making Data Count* programme draws it, separates that everyday **common cause**
variation from **special cause** variation: a real change worth acting on. Choose *Signal or noise* above a
measure's chart on the Trajectories page.

- The solid grey line is the **mean**; the dashed lines are the **process limits**, the mean plus or minus 2.66
  times the average change from one month to the next. While nothing has changed, nearly every month falls
  between them.
- A month is **special cause** when it falls outside the limits; when it is one of 6 or more months in a row on one
  side of the mean (a **shift**); when it is one of 6 or more months in a row each higher, or each lower, than the
  last (a **trend**); or when 2 of 3 months in a row are close to one limit (beyond two thirds of the way to it).
- Special cause is **{style.SPC_SIGNAL_STYLES["improvement"][2]} improvement** or
  **{style.SPC_SIGNAL_STYLES["concern"][2]} concern** depending on whether higher or lower is better for the measure;
  **{style.SPC_SIGNAL_STYLES["common"][2]} common cause** months are drawn as open circles.
- **Variation** says what the latest month shows. **Assurance**, for a measure with a target: whether the process
  as it runs will *consistently meet* the target (both limits on the good side of it), *consistently fail* (both on
  the bad side), or is *hit and miss* (the target lies between the limits): then meeting the target depends on
  chance until the process changes.
- Fewer than 13 months and no limits are drawn. Where the plan says the service changed (a new service model),
  the limits are recalculated from that month. Suppressed months are left out, and the chart says so.
"""
)

st.header("Direction and judgement")
st.markdown(
    f"""
Two separate things are said about every change in a measure:

- the **direction**, an arrow, says which way the figure moved since the month before:
  {style.DIRECTION_ARROWS["up"]} up, {style.DIRECTION_ARROWS["down"]} down, {style.DIRECTION_ARROWS["flat"]} no change;
- the **judgement** says whether that is good for this measure: **{style.JUDGEMENT_LABELS["better"]}**,
  **{style.JUDGEMENT_LABELS["worse"]}** or **{style.JUDGEMENT_LABELS["same"]}**.

Whether a rise is good depends on the measure's **polarity**. A caseload falling ({style.DIRECTION_ARROWS["down"]})
is *improving*, because lower is better; CP visits within 10 working days falling ({style.DIRECTION_ARROWS["down"]})
is *worsening*, because higher is better. The table below gives each measure's polarity.
"""
)

st.header("The measures")
plan = data.plan_measures if data is not None else None
if plan is None or plan.empty:
    st.info("No improvement plan measures are loaded for this authority yet: the Data page loads them.")
else:
    areas = plan.groupby("measure_code", sort=False)["priority_area_code"].agg(
        lambda codes: ", ".join(sorted(set(codes)))
    )
    measures_shown = plan.drop_duplicates("measure_code").set_index("measure_code")
    definitions = pd.DataFrame(
        {
            "Measure": measures_shown["name"],
            "Definition": measures_shown["definition"],
            "Unit": measures_shown["unit"].map(lambda unit: style.UNIT_AXIS_TITLE.get(unit, unit)),
            "Better is": measures_shown["polarity"].map({"higher_is_better": "higher", "lower_is_better": "lower"}),
            "Counts children": measures_shown["counts_children"].map(
                lambda counts: (
                    f"yes: 1 to {get_settings().suppression_threshold - 1} shown as {style.SUPPRESSED}"
                    if counts
                    else "no"
                )
            ),
            "Priority area": areas.reindex(measures_shown.index),
            "Source": measures_shown["source"],
        }
    )
    st.caption(
        f"The {len(definitions)} measures in {style.escape_markdown(data.authority_name)}'s improvement plan, as "
        "loaded. Unit per cent "
        "means a percentage; per worker means children per case-holding social worker (FTE)."
    )
    shown = ["Measure", "Definition", "Unit", "Better is", "Counts children"]

    def cell(value: object) -> str:
        return style.escape_markdown(value)

    st.markdown(
        "\n".join(
            [f"| {' | '.join(shown)} |", "|" + "---|" * len(shown)]
            + [f"| {' | '.join(cell(row[column]) for column in shown)} |" for _, row in definitions.iterrows()]
        )
    )
    with st.expander("Show as a table: measure definitions, with priority area and source"):
        show_table(definitions.reset_index(drop=True), "measure-definitions")

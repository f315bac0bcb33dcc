"""Data sources and methodology: where the figures come from, the rules the pages apply, suppression and history."""

import pandas as pd
import streamlit as st

from improvement import style
from improvement.settings import get_settings
from improvement.ui import page_header, show_table
from improvement.vocab import THEME_DESCRIPTIONS

page = page_header(
    "Data sources and methodology",
    "Where every figure on the dashboard comes from, the rules the pages apply to judge progress, how small "
    "numbers are protected, and how corrections are kept.",
    needs_council=False,
)
data = page.data
settings = get_settings()
as_at_sentence = (
    f"For {style.escape_markdown(data.authority_name)} it is **{data.as_at_text}**." if data is not None else ""
)
threshold = settings.suppression_threshold

st.header("Data sources")
SOURCES = [
    (
        "Council performance data",
        "Monthly figures for each measure in the improvement plan; per team and month, case-holding social workers "
        "(FTE), children allocated, agency workers (FTE) and vacancies (FTE)",
        "Monthly",
    ),
    (
        "Improvement adviser's reports",
        "The LA case reporting template: a RAG rating, narrative and evidence for each priority area, the period "
        "covered, the author, and whether the version is a draft or submitted",
        "At least every six weeks",
    ),
    (
        "The improvement plan",
        "Priority areas with Ofsted's wording, the measures that evidence each, baselines, targets, monthly "
        "trajectories, actions and milestones",
        "When the plan is agreed or revised",
    ),
    (
        "DfE published statistics "
        "([explore education statistics](https://explore-education-statistics.service.gov.uk/))",
        "National, regional and council figures, such as the children's social work workforce (caseload, agency, "
        "vacancy and turnover rates) and children in need and child protection (re-referrals, repeat and long "
        "child protection plans, conference timeliness), with DfE's suppression symbols kept as published",
        "Yearly",
    ),
    (
        "Statistical neighbours",
        "DfE's grouping of each council with the ten councils most similar to it, closest first, for benchmarks",
        "When DfE revises it",
    ),
    (
        "Ofsted ILACS Annex A",
        "The child-level lists councils keep for inspection. Only aggregates are computed (for example open child "
        "protection plans, plans lasting two years or more, visits within 10 working days) as at the extract date; "
        "no child's row is ever stored or shown",
        "At each extract",
    ),
]
st.markdown(
    "\n".join(
        ["| Source | What it provides | How often |", "|---|---|---|"]
        + [f"| **{source}** | {provides} | {often} |" for source, provides, often in SOURCES]
    )
)

st.header("The rules the pages apply")
st.markdown(
    f"""
- **Latest rating**: each priority area's rating in the newest *submitted* version of the newest report. Drafts
  never show. A rating **improved** or **worsened** against the report before it, in the order Red, Amber,
  Green, Blue (complete).
- **On trajectory**: a month's actual value is at or better than the value the plan set for that month: at or
  above it when higher is better, at or below it when lower is better.
- **On track**: the latest month is on trajectory. **Off track**: it is not. **No trajectory**: the plan sets no
  value for that month. **Not judged**: the latest month's figure is suppressed or unavailable, so no judgement
  is shown (a judgement could reveal a small number). **Months off trajectory** counts the consecutive judged
  months, back from the latest, that were off trajectory.
- **Direction and judgement** are separate: the arrow says what moved since the month before; "improving" or
  "worsening" says whether that is good, given whether higher or lower is better for the measure.
- **Forecast**: a straight line fitted to the last six actual values, extended until it reaches the target; the
  month it does so is the forecast date. "Target met" when the latest value already meets the target; "not at
  current rate" when the line runs flat or the wrong way, or would take more than 100 years to reach the target;
  "too little data" with fewer than three values.
- **Caseload ratio**: children allocated divided by case-holding social workers (FTE). For the whole authority,
  all children allocated over all case-holding FTE, not an average of the teams' ratios.
- **Agency rate**: agency social workers (FTE) as a percentage of all case-holding FTE. **Vacancy rate**: vacant
  posts (FTE) as a percentage of vacancies plus employed FTE (case-holding FTE less agency FTE). These follow
  DfE's workforce definitions.
- **Data as at**: the newest date the council's own data describes: the last day of the newest month of figures
  (measure actuals or team returns), or the newest submitted report, Annex A extract, risk review, risk raised or
  closed, milestone completed or adviser day, whichever is latest; never a due or scheduled date. {as_at_sentence}
  Due dates are judged against it: "overdue" means the date had passed by then.
- **Data as at, DfE's published figures**: the date the figures describe, from the file's time period and time
  identifier and the publication: the workforce census is at 30 September of its year, the children in need tables
  to 31 March; a financial year 202425 ends on 31 March 2025. Never the day the file was loaded.
- **Reporting rhythm**: the first six-weekly report is due six weeks after the adviser's contract start; each
  next one six weeks after the report before it. The next DfE review is the next one scheduled, or six months
  after the last one held.
- **Overdue milestone**: due before the date it is judged on and not completed by then (a milestone completed
  later was overdue then; a dropped one never is). The same rule on the Overview, the Action plan, the review pack
  ("slipped") and the rating check.
- **Does the rating match the data?** A Green or Blue rating is flagged when most of its area's measures had been
  off trajectory for two or more months in a row, when one of its milestones was overdue, or when an open risk
  against it scored 15 or more; a Red rating when every measure was on trajectory with nothing overdue or high
  risk. Measures are judged in the months the report covers; milestones and risks at the report date, and for the
  rating in force (the latest) at the date the data describes. The check also reads each measure as signal or
  noise (below): a Green or Blue rating is flagged when a measure showed special-cause concern in the latest month
  the report covers, and a Red one when most showed sustained special-cause improvement (a run of months) and none
  concern, with nothing overdue or high risk. The check never changes a rating.
- **What changed** (the What changed page, the Overview's digest and the board paper;
  `improvement/topics/digest/rules.py`): what moved between two dates, normally two board meetings. The window
  starts the day *after* its start (what is dated on the day of a board was before it) and ends *on* its end,
  which is by default the date the data describes, starting from the last board meeting before it (six weeks
  before it when no board meeting was held). It counts: a priority area's rating in force at the end (newest
  submitted report) that differs from the one in force at the start, from a report in the window (worse, better,
  or first rated; the same rating again, or a move undone within the window, is not counted), with the first
  sentence of its narrative; a plan measure whose latest judged month among those ended by the end is on the other
  side of its trajectory than among those ended by the start; a special-cause concern or improvement in a month of
  the window that the measure's latest month at the start did not already show (its chart of the months ended by
  then); a milestone completed in the window, or overdue at the end and not at the start; a risk raised (with its
  score), closed, or scoring more at its latest review than at the start; a six-weekly report due in the window
  and missing, or made late in the window; a load of the council's data (other than a report) in the window, and
  for the latest window any load after its start, since a file comes in after the date its figures describe.
  **Most important first**: a rating worse, a new special-cause concern, a measure off trajectory, a milestone
  newly overdue, a risk raised high or re-scored up, a report missing or late, a risk raised, an area first rated,
  a rating better, a measure back on trajectory, a new special-cause improvement, a milestone completed, a risk
  closed, data loaded; within one kind the newest first.
- **Writing the report** (the Write the report page; `improvement/topics/reporting/rules.py`). The next report is
  due on the reporting rhythm's next due date and covers the days since the last submitted report (six weeks when
  none is); it starts from each area's last rating and narrative. Every save is a new version, with who saved it,
  when and what changed; a save that changes nothing stores nothing, and one made from a version that is no longer
  the newest is refused. Submitting needs every area rated and written, the overall narrative, an author and a
  period inside the report date. A submitted version never changes: a correction is a new submitted version with
  its reason. A narrative at least 90% the same, word for word, as the same area's in the previous submitted
  report is pointed out as repeated.
- **The portfolio** (DfE's Portfolio page; `improvement/topics/portfolio/rules.py`). A council is **in
  intervention** on a date when an intervention (improvement notice, statutory direction, commissioner) had started
  by then and had not ended before it. Its **overall rating** is the worst of its areas' latest ratings. Its
  **concerns**: an area rated Red; a latest rating the data disagrees with; the next six-weekly report overdue or
  a report missing; the next DfE review overdue; a quarter or more of the milestones due overdue; more than half of
  the judged measures off trajectory; a measure showing special-cause concern now; an open risk scoring 15 or
  more; adviser spend over budget. **Worst first**: most concerns, then more areas rated Red, then the larger share
  of milestones overdue, then more measures off trajectory, then the name; councils out of intervention last, and
  only when asked for. Every figure in a row is the council's own pages' answer, at the date its data describes.
  **Ratings by theme**: each council's worst latest rating among its areas of each theme.
- **Statistical process control** (`improvement/spc.py`), following NHS England's *Making Data Count* guidance and
  its XmR rules: the mean of the months; the moving range, the difference between each month and the one before;
  process limits at the mean plus or minus 2.66 times the mean moving range, and two-sigma lines at two thirds of
  that. Special cause: a month beyond a limit; 6 or more months in a row on one side of the mean (a month on the
  mean breaks the run); 6 or more in a row each rising or each falling (an equal month breaks it); 2 or 3 of 3
  months in a row beyond the two-sigma line on one side, within the limits. Improvement or concern follows the
  measure's polarity; a month that is both is improvement. Fewer than 13 months: no limits. The limits are
  recalculated from the month the plan gives as `process_change_from` (a change to how the service works), and
  runs may cross that month. Suppressed months are left out. *Variation* is read from the latest month;
  *assurance* compares the latest limits with the target. Tested against Making Data Count's published examples
  (`tests/test_spc.py`). Credit: NHS England, Making Data Count.
"""
)

st.header("When two sources hold one figure")
st.markdown(
    """
- **Team caseload returns and the plan's monthly figures.** The social worker caseload, the agency worker rate and
  the vacancy rate can be worked out from the team caseload returns. For every month the returns cover, that is
  the figure every page shows (all children allocated over all case-holding FTE; agency FTE over case-holding FTE;
  vacancies over vacancies plus employed FTE), so the Trajectories and Caseloads pages and the briefing pack agree
  and the authority's figure is the sum of its teams. A loaded monthly figure that differs is kept in the database
  and listed on the Trajectories page beside the figure shown.
- **The council's own figures and DfE's.** Trajectories are judged on the council's own monthly figures;
  comparisons with England, the region and statistical neighbours use DfE's published figures for every line,
  the council's included, so that like is compared with like. Where both describe the same month, the
  Trajectories page lists them side by side and says why they can differ.
"""
)

st.header("Themes of priority areas")
st.markdown(
    """
Each priority area in a council's plan may carry one theme from this short list (the plan's `theme` column), so
that DfE can compare councils' plans by what they are about. A plan gives the theme; the dashboard never guesses it.
"""
)
themes = pd.DataFrame(
    {"Theme": [str(theme) for theme in THEME_DESCRIPTIONS], "What belongs there": list(THEME_DESCRIPTIONS.values())}
)
show_table(themes, "priority-area-themes")

st.header("Small numbers and suppression symbols")
st.markdown(
    f"""
Counts about children from 1 to {threshold - 1} (the suppression threshold is **{threshold}**) are shown as
**{style.SUPPRESSED}** in every chart, table, judgement and download, so that no child can be identified. This
is done once, where the pages get their data. Zero is shown as 0, as DfE publishes it. A total is suppressed too
when exactly one of its parts is, because the total would otherwise reveal it (secondary suppression). Figures
that arrive with a symbol instead of a number keep the symbol; it is never turned into 0.
"""
)
symbols = pd.DataFrame(
    {"Symbol": list(style.STATUS_SYMBOLS), "Meaning": [text.capitalize() for text in style.STATUS_SYMBOLS.values()]}
)
show_table(symbols, "suppression-symbols")

st.header("How history is kept")
st.markdown(
    """
Every file is loaded whole or not at all, and every row records the load that brought it: when, by whom, the
file's name and fingerprint, and whether the data is synthetic. Loads only add rows. When a figure is loaded
again with a different value (a correction or a revision), the pages show the newest load's value and the
earlier one stays in the database as history; loading the same figure again writes nothing. Loading the same
file twice is recognised and changes nothing. The adviser's reports keep every version; the pages show the
newest submitted one.
"""
)
st.caption(f"Protective marking of everything this dashboard shows and exports: {settings.protective_marking}.")

"""Accessibility statement: the standard aimed for, how and when it is tested, known issues, how to report one."""

import streamlit as st

from improvement.ui import page_header

page = page_header(
    "Accessibility statement",
    "How accessible this dashboard is, how that is checked, what we know does not yet work, and how to tell us "
    "about a problem.",
    needs_council=False,
)

st.markdown(
    """
This dashboard is for the improvement board, its DfE-appointed improvement adviser and the Department for
Education. We want as many people as possible to be able to use it. You should be able to:

- use every page with a keyboard alone: Tab moves between controls, Enter or Space opens a drop-down or a
  "Show as a table" section, the arrow keys choose an option, and "Skip to main content" is the first stop;
- read every chart without seeing it: each has a title that states what it shows, a text alternative under it,
  and the same figures as a table that can be downloaded as CSV;
- read every RAG rating without colour: each is a shape and a word as well as a colour.
"""
)

st.header("Compliance status")
st.markdown(
    """
We aim to meet the [Web Content Accessibility Guidelines (WCAG) version 2.2](https://www.w3.org/TR/WCAG22/)
AA standard. The dashboard is **partially compliant**: our own pages, charts and tables pass the automated
checks below, but parts of the framework it is built on (Streamlit) do not, as listed under known issues.
"""
)

st.header("How it was tested")
st.markdown(
    """
- **Automated checks on every page**: every page is opened in the Chromium browser and checked with
  [axe-core](https://github.com/dequelabs/axe-core) against the WCAG 2.0, 2.1 and 2.2 level A and AA rules,
  with every expandable section open and the whole page in view. This is **checked on every run of the test
  suite**, so on every change to the dashboard, and also in the briefing view. Any serious or critical
  problem caused by our own code fails the run; problems that come from the framework are listed below.
- **Keyboard-only checks**, also on every run of the test suite: on every page, pressing Tab reaches the
  authority choice, the page's own drop-downs, each "Show as a table" section and each "Download as CSV"
  button; a drop-down can be opened and another option chosen with the arrow keys and Enter; a section opens
  with Enter, and its table downloads as CSV with Enter.
- **Colour contrast**: axe checks that text, including the RAG badges, has a contrast ratio of at least
  4.5:1. Text inside charts, which axe cannot measure, is checked by the test suite against the same standard.
  Ratings are never shown by colour alone.
- **Manual review**: last reviewed on 24 November 2026, by the team that builds the dashboard.
"""
)

st.header("Known issues")
st.markdown(
    """
These come from Streamlit, the framework the dashboard is built on, and we cannot fix them in our own code. We
check for them on every test run and will remove them from this list when the framework fixes them.

- **Page list in the sidebar** (axe rules `list` and `listitem`): the sidebar puts the section headings
  (such as Board and Performance) inside the list of page links, so a screen reader may announce the number
  of links in a section wrongly. Every link still works and is announced with its page name.
- **Date fields** (axe rule `target-size`): Streamlit's date field splits a date into day, month and year parts
  that are each smaller than 24 pixels. Click anywhere in the field and type the date, or use the calendar
  button beside it, which is full size.
- **Chart toolbars**: each chart's toolbar (download as PNG, zoom, pan) is reached with Tab, but the plotted
  lines and points cannot be explored with a keyboard or a screen reader. Use the text alternative under the
  chart and "Show as a table", which hold the same figures.
- **Tables** are drawn by Streamlit's data grid. Its cells are read with the arrow keys once the table has
  focus; if your assistive technology cannot read them, "Download as CSV" under each table gives the same
  figures as a file.
"""
)

st.header("Reporting a problem")
st.markdown(
    """
If you find a problem that is not listed here, or you need the information in another format, contact the
improvement programme team named on your board papers. Tell us which page and what you were trying to do,
and which browser and assistive technology you use. We aim to reply within 5 working days.

If you are not happy with our response, contact the
[Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/). The Equality and
Human Rights Commission enforces the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
Accessibility Regulations 2018.
"""
)

"""Briefing pack: choose priority areas and charts, then download one PDF and a zip of the charts as PNGs; and the
board paper as a Word document."""

import streamlit as st

from improvement import exports, style
from improvement.ui import ask_to_load, page_header
from improvement.ui.briefing import board_meeting_choices, board_paper_file, briefing_catalogue
from improvement.ui.views import review_windows

page = page_header(
    "Briefing pack",
    "Choose the priority areas and the charts for a board paper or a submission, then build one PDF (title page, "
    "contents, each chart with its caption and text alternative) and a zip of the charts as PNG images. Every "
    "image carries its title, caption and protective marking. The same pack comes from the command line: "
    "`python -m improvement.briefing --out DIR`. Below them, the board paper as a Word document.",
)
data = page.data
areas = data.priority_areas
titles = dict(zip(areas["priority_area_code"], areas["priority_area_code"] + " " + areas["title"], strict=True))

st.header("1. Priority areas")
chosen_areas = st.multiselect(
    "Priority areas whose measures the pack shows",
    list(titles),
    default=list(titles),
    format_func=titles.__getitem__,
    key="pack-areas",
)
windows = {window.key: window for window in review_windows(data)}
review_key = st.selectbox(
    "Six-monthly review pack: add its charts (RAG movement, measures at start and end) for",
    ["", *windows],
    format_func=lambda key: windows[key].label if key else "Not included",
    key="pack-review",
)
with_spc = st.checkbox(
    "Add the SPC chart (signal or noise) of each measure whose latest month shows special cause",
    value=False,
    key="pack-spc",
)
catalogue = briefing_catalogue(data.authority_code, tuple(chosen_areas), review_key or None, with_spc)
if not catalogue:
    ask_to_load("plan", "figures", "caseloads", what=f"There is nothing to chart for {data.authority_name} yet")
else:
    st.header("2. Charts")
    st.caption("Every chart is ticked to start with. The pack keeps this order.")
    chosen = [
        chart
        for number, chart in enumerate(catalogue, start=1)
        if st.checkbox(f"{number}. {style.escape_markdown(chart.title)}", value=True, key=f"pack-chart-{chart.name}")
    ]

    st.header("3. Build and download")
    signature = (data.authority_code, data.loaded_at, tuple(chosen_areas), tuple(chart.name for chart in chosen))
    built: exports.BriefingPack | None = st.session_state.get("pack-built", {}).get(signature)
    if st.button(
        f"Build the briefing pack ({len(chosen)} charts)",
        type="primary",
        icon=":material/picture_as_pdf:",
        disabled=not chosen,
        key="pack-build",
    ):
        with st.spinner(f"Drawing {len(chosen)} charts…"):
            try:
                built = exports.briefing_pack(chosen, page.chart_context)
            except exports.ChromiumMissingError as problem:
                st.error(str(problem))
                st.stop()
        st.session_state["pack-built"] = {signature: built}  # only the newest pack is kept
    if not chosen:
        st.info("Tick at least one chart.")
    elif built is None:
        st.caption("Building takes a few seconds: the charts are drawn in a browser, one after another.")
    else:
        st.success(
            f"Pack ready: {len(built.png_names)} charts for {style.escape_markdown(data.authority_name)}, data as at "
            f"{style.format_date(data.as_at)}."
        )
        with st.container(horizontal=True):
            for label, content, file_name, kind in (
                ("Download the PDF", built.pdf, built.pdf_name, "pdf"),
                ("Download the PNGs (zip)", built.zip, built.zip_name, "zip"),
            ):
                st.download_button(
                    label,
                    content,
                    file_name=file_name,
                    mime=exports.MIME[kind],
                    icon=":material/download:",
                    on_click="ignore",
                    key=f"pack-{kind}",
                )

st.header("Board paper (Word)")
st.caption(
    "A Word document for the improvement board, for officials to edit: a title page with the meeting date and the "
    "protective marking, what changed since the last board, each priority area's rating with its narrative, the "
    "headline charts, open high risks and overdue milestones. The marking is in every page's header and footer. "
    "From the command line: `python -m improvement.papers board --authority CODE --out FILE.docx`."
)
meetings = board_meeting_choices(data)
if meetings:
    since = st.selectbox(
        "What changed since the board meeting of",
        meetings,
        index=0,
        format_func=style.format_date,
        key="paper-since",
    )
else:
    st.caption("No board meeting is loaded, so the paper reports what changed in the six weeks to the data's date.")
    since = None
meeting_date = st.date_input(
    "Date of the meeting the paper is for (optional)", value=None, format="DD/MM/YYYY", key="paper-meeting"
)
paper_signature = (data.authority_code, data.loaded_at, since, meeting_date)
paper = st.session_state.get("paper-built", {}).get(paper_signature)
if st.button("Build the board paper", icon=":material/description:", key="paper-build"):
    with st.spinner("Writing the board paper and drawing its charts…"):
        try:
            paper = board_paper_file(data.authority_code, since, meeting_date)
        except exports.ChromiumMissingError as problem:
            st.error(str(problem))
            st.stop()
    st.session_state["paper-built"] = {paper_signature: paper}  # only the newest paper is kept
if paper is not None:
    st.download_button(
        "Download the board paper (Word)",
        paper.content,
        file_name=paper.file_name,
        mime=paper.mime,
        icon=":material/download:",
        on_click="ignore",
        key="paper-docx",
    )

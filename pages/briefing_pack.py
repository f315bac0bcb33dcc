"""Briefing pack: choose priority areas and charts, then download one PDF and a zip of the charts as PNGs."""

import streamlit as st

from improvement import exports, style
from improvement.ui import ask_to_load, page_header
from improvement.ui.briefing import briefing_catalogue
from improvement.ui.views import review_windows

page = page_header(
    "Briefing pack",
    "Choose the priority areas and the charts for a board paper or a submission, then build one PDF (title page, "
    "contents, each chart with its caption and text alternative) and a zip of the charts as PNG images. Every "
    "image carries its title, caption and protective marking. The same pack comes from the command line: "
    "`python -m improvement.briefing --out DIR`.",
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
    st.stop()

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

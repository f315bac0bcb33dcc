"""Report: the adviser writes the six-weekly report here, with the evidence for the period beside each rating.

Start the next report (prefilled from the last), save drafts as often as wanted, submit when complete; a submitted
report is locked, and a correction is a new submitted version with a reason. Only advisers of the council reach it.
"""

import streamlit as st

from improvement import style
from improvement.ui import ask_to_load, page_header, show_table
from improvement.ui import report as reports
from improvement.ui.signin import sign_in_configured

page = page_header(
    "Write the report",
    "Write the six-weekly report: a rating and an honest narrative for each priority area, with the evidence for "
    "the period beside it and what the rating check would say of the rating you choose, before you save it.",
)
data = page.data
code = data.authority_code
if not reports.may_write(code):
    st.error(f"Your access does not include writing reports for {style.escape_markdown(data.authority_name)}.")
    st.stop()
if data.priority_areas.empty:
    ask_to_load("plan", what=f"No improvement plan is loaded for {data.authority_name}, so there is nothing to rate")
    st.stop()
if not sign_in_configured():
    st.info(
        "Sign-in is not configured (the demo): anyone can draft and submit reports here, and each save is recorded "
        "as made by `demo`. In a deployment only the council's advisers reach this page.",
        icon=":material/lock_open:",
    )

desk = reports.report_desk(data)
flash = st.session_state.pop("report-flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")


# --- which report ----------------------------------------------------------------------------------------------
dates, labels, default = reports.report_choices(code, desk.next_report.report_date)
chosen = st.session_state.get(f"report-chosen:{code}")
report_date = st.selectbox(
    "Report",
    dates,
    index=dates.index(chosen if chosen in dates else default),
    format_func=labels.get,
    key=f"report-date:{'|'.join(labels.values())}",  # a new widget when a save changes what the labels say
)
st.session_state[f"report-chosen:{code}"] = report_date
st.caption(desk.rhythm_caption)

versions, contents = reports.stored_drafts(code, report_date)
newest = versions.iloc[-1] if len(versions) else None
submitted_before = bool(len(versions)) and (versions["status"] == "submitted").any()
base_key, correct_key = f"report-base:{code}:{report_date}", f"report-correct:{code}:{report_date}"
newest_version = None if newest is None else int(newest["version"])
based_on = st.session_state.setdefault(base_key, newest_version)

if based_on != newest_version and newest is not None:
    st.warning(
        f"{style.escape_markdown(newest['saved_by'])} saved version {newest_version} of this report at "
        f"{style.format_datetime(newest['saved_at'])}, after you opened version {based_on}. Saving your version would "
        "be refused: open the newest version (your unsaved changes on this screen are then replaced).",
        icon=":material/sync_problem:",
    )
    if st.button(f"Open version {newest_version}", key="open-newest"):
        st.session_state[base_key] = newest_version
        st.rerun()

locked = newest is not None and newest["status"] == "submitted" and not st.session_state.get(correct_key)
if based_on is None:
    start = desk.prefilled if report_date == desk.next_report.report_date else None
else:
    start = contents[[int(v) for v in versions["version"]].index(based_on)]

# --- a submitted report: locked --------------------------------------------------------------------------------
if locked:
    st.subheader(f"Report of {style.format_date(report_date)}, version {newest_version}: submitted and locked")
    st.markdown(
        f"Covers {style.format_date(start.period_start)} to {style.format_date(start.period_end)} · by "
        f"{style.escape_markdown(start.author)}"
    )
    st.markdown(style.markdown_paragraphs(start.overall_narrative))
    for entry in start.areas:
        area = f"{entry.priority_area_code} {data.area_title(entry.priority_area_code)}"
        with st.expander(f"{style.escape_markdown(area)}: {style.rag_text(entry.rating)}"):
            st.markdown(style.markdown_paragraphs(entry.narrative))
            if entry.evidence:
                st.markdown(f"**Evidence:** {style.escape_markdown(entry.evidence)}")
    st.download_button(
        "Download the report as a workbook (the upload format DfE receives)",
        data=lambda: reports.submitted_workbook(code, report_date, newest_version),
        file_name=f"rag_report_{code}_{report_date.isoformat()}_v{newest_version}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
        key="report-workbook",
    )
    if st.button("Correct this report", icon=":material/edit:", key="start-correction"):
        st.session_state[correct_key] = True
        st.rerun()
    st.caption("A correction is a new submitted version with a reason; this version stays in the report's history.")

# --- writing: a new report, a draft, or a correction -----------------------------------------------------------
else:
    prefix = f"rpt:{code}:{report_date}:{based_on}"
    correcting = submitted_before
    heading = "Correcting the submitted report" if correcting else "Writing the report"
    st.subheader(f"{heading} of {style.format_date(report_date)}")
    if start is None:
        st.info("No version of this report is stored.")
        st.stop()
    left, middle, right = st.columns(3)
    period_start = left.date_input("Period from", start.period_start, key=f"{prefix}:from", format="DD/MM/YYYY")
    period_end = middle.date_input("Period to", start.period_end, key=f"{prefix}:to", format="DD/MM/YYYY")
    author = right.text_input("Author (the improvement adviser)", start.author, key=f"{prefix}:author")
    evidence = reports.report_evidence(data, report_date, period_start, period_end)

    entries = []
    for entry in start.areas:
        found = evidence.get(entry.priority_area_code)
        title = data.area_title(entry.priority_area_code)
        st.markdown(f"#### {style.escape_markdown(entry.priority_area_code)} {style.escape_markdown(title)}")
        write, see = st.columns([5, 6])
        with write:
            options = list(reports.RATING_CHOICES)
            rating = st.radio(
                f"Rating of {style.escape_markdown(entry.priority_area_code)}",
                options,
                index=options.index(entry.rating) if entry.rating in options else None,
                format_func=style.rag_text,
                horizontal=True,
                key=f"{prefix}:{entry.priority_area_code}:rating",
            )
            narrative = st.text_area(
                f"Narrative for {style.escape_markdown(entry.priority_area_code)}",
                entry.narrative,
                height=150,
                key=f"{prefix}:{entry.priority_area_code}:narrative",
            )
            said = st.text_area(
                f"Evidence the rating rests on ({style.escape_markdown(entry.priority_area_code)}, optional)",
                entry.evidence,
                height=68,
                key=f"{prefix}:{entry.priority_area_code}:evidence",
            )
        entries.append(reports.AreaEntry(entry.priority_area_code, rating, narrative, said))
        with see:
            if found is None:
                st.caption("No evidence for this area: it is not in the plan any more.")
                continue
            if rating is None:
                st.caption("Choose a rating to see what the rating check says of it.")
            else:
                answer = found.answers[rating]
                if answer.warning:
                    st.warning(answer.warning, icon=":material/warning:")
                else:
                    st.success(f"Rating check: {answer.label}.", icon=":material/fact_check:")
            if found.spc:
                st.markdown(f"**Signal or noise (SPC):** {style.escape_markdown(found.spc)}")
            with st.expander(f"Evidence for the period: {style.escape_markdown(entry.priority_area_code)}"):
                show_table(found.measures, f"report-measures-{entry.priority_area_code}", empty="No measures linked.")
                show_table(
                    found.milestones,
                    f"report-milestones-{entry.priority_area_code}",
                    empty="No milestone completed, due or overdue in the period.",
                )
                show_table(
                    found.risks,
                    f"report-risks-{entry.priority_area_code}",
                    empty="No risk raised, closed or re-scored up in the period.",
                )

    st.markdown("#### Overall")
    overall = st.text_area("Overall narrative", start.overall_narrative, height=150, key=f"{prefix}:overall")
    reason = ""
    if correcting:
        reason = st.text_area(
            "Reason for the correction (required to submit it)",
            start.reason if based_on else "",
            key=f"{prefix}:reason",
        )
    draft = reports.ReportDraft(code, report_date, period_start, period_end, author, overall, tuple(entries), reason)
    repeated = reports.repeated_narratives(data, draft)
    if repeated:
        names = ", ".join("the overall narrative" if key == "overall" else key for key in repeated)
        st.warning(
            f"**Repeated narrative:** {style.escape_markdown(names)} "
            f"{'is' if len(repeated) == 1 else 'are'} at least {reports.REPEAT_SIMILARITY:.0%} the same as in "
            "the previous report. A narrative copied forward is a common sign that reporting has stopped looking: "
            "say what changed in this period, or that nothing did and why.",
            icon=":material/content_copy:",
        )
    missing = reports.draft_problems(draft, desk.areas, correcting)
    if missing:
        st.caption("To submit: " + "; ".join(style.escape_markdown(item) for item in missing) + ".")

    save_column, submit_column = st.columns(2)
    action = None
    if save_column.button("Save draft", icon=":material/save:", key="save-draft", width="stretch"):
        action = False
    if submit_column.button(
        "Submit correction" if correcting else "Submit report",
        icon=":material/send:",
        type="primary",
        disabled=bool(missing),
        key="submit-report",
        width="stretch",
    ):
        action = True
    if action is not None:
        try:
            saved = reports.save(data, draft, based_on, submit=action)
        except reports.ReportRefused as refused:
            st.error(style.escape_markdown(str(refused)), icon=":material/block:")
        else:
            st.session_state[base_key] = saved.version
            st.session_state.pop(correct_key, None)
            st.session_state["report-flash"] = saved.message
            st.rerun()

# --- history -----------------------------------------------------------------------------------------------------
st.header("Versions of this report")
if versions.empty:
    st.caption("Nothing saved yet: the first save stores version 1.")
else:
    show_table(reports.history_table(code, report_date), f"report-versions-{report_date.isoformat()}")

"""Data: load files (checked first, then loaded on confirmation), how fresh each kind of data is, every load, and
the blank templates to start a file from."""

from __future__ import annotations

import streamlit as st

from improvement import style
from improvement.access import Permission
from improvement.ui import page_header, show_table
from improvement.ui.components import AUTHORITY_KEY
from improvement.ui.data import freshness, loadable_councils, visible_load_history
from improvement.ui.signin import current_access
from improvement.ui.views import freshness_table, history_table
from loaders import report
from loaders.run import Source

TITLE = "Data"
DESCRIPTION = (
    "Load the plan, reports and published statistics from CSV or Excel files: each file is checked and what it "
    "would change is shown before anything is stored. Below: how fresh each kind of data is, every load, and blank "
    "templates. From the command line: `python -m loaders FILE...` does the same."
)
AUTO = ""
PREVIEW_KEY, OUTCOME_KEY, ROUND_KEY = "data-preview", "data-outcome", "data-upload-round"


def option_inputs(kind: str) -> dict[str, str]:
    """Inputs for the options the chosen kind needs (or, when the kind is worked out, any kind may need)."""
    needed = report.options_needed(kind or None)
    if not needed:
        return {}
    options: dict[str, object] = {}
    with st.container(border=True):
        for option in needed:
            used_by = ", ".join(report.kinds_needing(option))
            if option == "authority":
                listed = loadable_councils()
                codes = listed["code"].tolist() if not listed.empty else []
                if codes:
                    labels = {code: f"{name} ({code})" for code, name in zip(codes, listed["name"], strict=True)}
                    current = st.session_state.get(AUTHORITY_KEY)
                    options[option] = st.selectbox(
                        "Authority the file is about",
                        codes,
                        index=codes.index(current) if current in codes else 0,
                        format_func=labels.__getitem__,
                        help=f"Used for: {used_by}",
                        key="data-option-authority",
                    )
                else:
                    options[option] = st.text_input("Authority code (e.g. E08000014)", key="data-option-authority")
            elif option == "extract_date":
                chosen = st.date_input(
                    "Extract date (the date the lists were run)",
                    value=None,
                    format="DD/MM/YYYY",
                    help=f"Used for: {used_by}. Left empty: the latest date in the file.",
                    key="data-option-extract-date",
                )
                options[option] = chosen.isoformat() if chosen else None
            else:
                options[option] = st.text_input(option.replace("_", " ").capitalize(), key=f"data-option-{option}")
        st.caption(f"Only used for: {', '.join(dict.fromkeys(t for o in needed for t in report.kinds_needing(o)))}.")
    return {name: str(value) for name, value in options.items() if value not in (None, "")}


def show_results(results) -> None:
    """What each file did (or would do) per table, then each refused file's problems, in the CLI's words."""
    st.dataframe(report.results_table(results), hide_index=True, width="stretch")
    for result in results:
        if not result.ok:
            st.error(
                f"**{style.escape_markdown(result.source)}** cannot be loaded: {len(result.problems)} problem(s). "
                "Nothing is stored."
            )
            st.code(result.summary(), language=None, wrap_lines=True)
        elif result.changes and result.changes.notes:
            st.info("\n".join(f"- {style.escape_markdown(note)}" for note in result.changes.notes))


page_header(TITLE, DESCRIPTION, needs_council=False)  # nothing loaded yet: this is where the first file goes

st.header("Load files")
titles = report.kind_titles()
access = current_access()
every_council = access.every_council(Permission.LOAD)
hidden_kinds = report.access_kinds() | (set() if every_council else report.kinds_for_every_council())
registered = [kind for kind in titles if kind not in report.OTHER_KINDS and kind not in hidden_kinds]
who = access.principal if access.signed_in else "dashboard user"
upload_round = st.session_state.setdefault(ROUND_KEY, 0)
files = st.file_uploader(
    "CSV or Excel files", type=["csv", "xlsx"], accept_multiple_files=True, key=f"data-upload-{upload_round}"
)
st.caption(report.size_limits(st.get_option("server.maxUploadSize")))
national = ", ".join(titles[kind] for kind in sorted(report.kinds_for_every_council()))
yours = "every council" if every_council else ", ".join(sorted(access.councils_for(Permission.LOAD)))
st.caption(f"What you may load: the kinds of file listed below, for {style.escape_markdown(yours)}.")
with st.expander("Who may load what", icon=":material/rule:"):
    st.markdown(
        "- **board** and **dfe**: nothing; they read the pages.\n"
        "- **analyst** and **adviser**: every kind of file about their councils (plan, figures, reports, "
        "caseloads, risks, meetings, Annex A, the adviser's contract and days); a file holding another council's "
        "rows is refused and nothing is stored.\n"
        f"- DfE's tables about every council ({style.escape_markdown(national)}): an analyst or adviser for all "
        "councils.\n"
        "- **admin**: grants files, on the Access page.\n"
        "- On the server, `python -m loaders FILE` loads any kind as the operating-system user."
    )
choices = {AUTO: "Work it out from the content"} | {kind: titles[kind] for kind in registered}
kind = st.selectbox("Kind of file", list(choices), format_func=choices.__getitem__, key="data-kind")
options = option_inputs(kind)

if files:
    sources = [Source(file.name, file.getvalue()) for file in files]
    signature = (
        tuple((s.name, s.sha256) for s in sources),
        kind,
        tuple(sorted((k, str(v)) for k, v in options.items())),
    )
    preview = st.session_state.get(PREVIEW_KEY)
    if preview is None or preview[0] != signature:
        with st.spinner("Checking the files…"):
            results = report.load_files(
                sources, kind or None, dry_run=True, loaded_by=who, options=options, access=access
            )
        preview = st.session_state[PREVIEW_KEY] = (signature, results)
        st.session_state.pop(OUTCOME_KEY, None)
    results = preview[1]
    st.subheader("What loading would do")
    show_results(results)
    loadable = [r for r in results if report.outcome(r) == "would load"]
    st.caption(
        f"{len(loadable)} of {len(results)} file(s) would add or change rows. Each file is stored in one "
        "transaction: a refused file, or one already loaded, leaves the database as it is."
    )
    if st.button("Confirm and load", type="primary", disabled=not loadable, icon=":material/upload:"):
        bar = st.progress(0.0, text="Starting")
        outcome = report.load_files(
            sources,
            kind or None,
            dry_run=False,
            loaded_by=who,
            options=options,
            access=access,
            progress=lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0), text=message),
        )
        st.session_state[OUTCOME_KEY] = outcome
        st.session_state[ROUND_KEY] = upload_round + 1  # a fresh, empty uploader
        st.session_state.pop(PREVIEW_KEY, None)
        st.rerun()
elif st.session_state.get(OUTCOME_KEY):  # what the last confirmed load did
    outcome = st.session_state[OUTCOME_KEY]
    done = [r for r in outcome if report.outcome(r) == "loaded"]
    st.subheader("What the load did")
    if done:
        st.success(
            f"Loaded {len(done)} of {len(outcome)} file(s): "
            + "; ".join(f"{style.escape_markdown(r.source)} as load {r.load_id}" for r in done)
            + "."
        )
    else:
        st.warning("Nothing was loaded.")
    show_results(outcome)

st.header("Freshness")
st.caption("For each kind of data: the newest load, and the newest period the loaded data covers.")
if every_council:
    show_table(freshness_table(freshness(), titles, registered), "data-freshness")
else:
    st.info("How fresh each kind of data is across every council is shown to analysts for all councils.")

st.header("Load history")
st.caption(
    "Every load, newest first. Loads append: a corrected file replaces what the pages show, and the earlier rows "
    "stay in the database as history. The SHA-256 identifies the exact file; loading the same file again changes "
    "nothing."
)
show_table(history_table(visible_load_history(report.access_kinds()), titles), "load-history")

st.header("Templates")
templates = report.template_files()
if not templates:
    st.info("No templates yet. `python -m loaders.templates` writes them into data/templates/.")
else:
    st.caption(
        "Blank files to fill in: each has the columns its loader expects (a workbook also has a Guidance sheet)."
    )
for row in range(0, len(templates), 3):
    for column, template in zip(st.columns(3), templates[row : row + 3], strict=False):
        with column:
            st.download_button(
                template.path.name,
                template.path.read_bytes(),
                file_name=template.path.name,
                mime=template.mime,
                key=f"template-{template.path.name}",
                icon=":material/download:",
                help=template.title,
            )
            st.caption(f"For: {template.title}")

"""Access (admins only): who may do what on which council, giving and revoking grants, and loading a grants file."""

import streamlit as st

from improvement import style
from improvement.ui import page_header, show_table
from improvement.ui.access_admin import NotAllowed, council_choices, give, grants_table, take_back
from improvement.ui.signin import ROLE_LINES, current_access
from loaders import report
from loaders.run import Source

RESULT_KEY = "access-result"

page_header(
    "Access",
    "Who may do what, on which council. The sign-in provider says who someone is; these grants say what they may "
    "do. Revoking keeps the grant in the history, with who revoked it and when; every change is in the audit trail.",
    needs_council=False,
    about_a_council=False,
)
st.markdown(ROLE_LINES)

if message := st.session_state.pop(RESULT_KEY, None):
    st.success(style.escape_markdown(message))

st.header("Give a grant")
councils = council_choices()
with st.form("give-grant", clear_on_submit=True):
    user = st.text_input("Email", placeholder="name@council.gov.uk")
    council = st.selectbox("Council", list(councils), format_func=councils.__getitem__)
    role = st.selectbox("Role", ["board", "analyst", "adviser", "dfe", "admin"])
    if st.form_submit_button("Grant", type="primary", icon=":material/person_add:"):
        try:
            st.session_state[RESULT_KEY] = give(user, council, role)
            st.rerun()
        except NotAllowed as refused:
            st.error(str(refused))

st.header("Active grants")
active = grants_table(active_only=True)
st.caption(f"{style.count_of(len(active), 'active grant')}.")
show_table(active, "active-grants")
if not active.empty:
    labels = {
        int(row.Grant): f"{row.User}: {row.Role} on {row.Council} (grant {row.Grant})"
        for row in active.itertuples(index=False)
    }
    chosen = st.multiselect("Grants to revoke", list(labels), format_func=labels.__getitem__)
    if st.button("Revoke", disabled=not chosen, icon=":material/person_remove:"):
        try:
            st.session_state[RESULT_KEY] = take_back(chosen)
            st.rerun()
        except NotAllowed as refused:
            st.error(str(refused))

st.header("Load a grants file")
st.caption(
    "A CSV file with the columns user, council (a code, or all), role and, optionally, action (grant or revoke): "
    "the user_grants.csv template on the Data page's list, or `python -m loaders FILE` on the server."
)
upload = st.file_uploader("Grants file (CSV)", type=["csv"], key="grants-upload")
if upload is not None and st.button("Load the grants", icon=":material/upload:"):
    [result] = report.load_files(
        [Source(upload.name, upload.getvalue())],
        "user_grants",
        dry_run=False,
        loaded_by=current_access().principal,
        access=current_access(),
    )
    (st.success if result.ok else st.error)(style.escape_markdown(result.summary().splitlines()[0]))
    if not result.ok or result.changes:
        st.code(result.summary(), language=None, wrap_lines=True)

st.header("Every grant, with its history")
show_table(grants_table(active_only=False), "grant-history")

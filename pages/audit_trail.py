"""Audit trail (admins only): every sign-in, sign-out, refusal, load and grant change, newest first, as CSV too."""

import streamlit as st

from improvement import style
from improvement.ui import page_header, show_table
from improvement.ui.access_admin import audit_table

page_header(
    "Audit trail",
    "Every sign-in, sign-out, refusal of access, load and change of grants, newest first. The trail is "
    "append-only: the database refuses to change or delete its rows.",
    needs_council=False,
    about_a_council=False,
)
events = audit_table()
st.caption(f"{style.count_of(len(events), 'event')}, newest first.")
show_table(events, "audit-trail")

"""The governance pages' filters: multi-choice drop-downs kept in the URL. (The milestones, risks and reviews they
filter come from ``board_data``.)"""

from __future__ import annotations

import streamlit as st


def query_multiselect(
    label: str,
    options: dict[str, str],
    key: str,
    *,
    default: list[str] | None = None,
    max_selections: int | None = None,
    placeholder: str | None = None,
) -> list[str]:
    """A multi-choice of ``options`` (value -> label) kept in the URL as ``?key=a&key=b``.

    A link carrying the parameter opens with those choices (unknown values are dropped); without it, ``default``.
    """
    if key not in st.session_state or not set(st.session_state[key]) <= set(options):
        wanted = [value for value in st.query_params.get_all(key) if value in options]
        if key not in st.query_params:
            wanted = [value for value in (default or []) if value in options]
        st.session_state[key] = wanted[:max_selections] if max_selections else wanted
    choice = st.multiselect(
        label,
        list(options),
        format_func=options.__getitem__,
        key=key,
        max_selections=max_selections,
        placeholder=placeholder,
    )
    if choice:
        st.query_params[key] = choice
    elif key in st.query_params:
        del st.query_params[key]
    return choice

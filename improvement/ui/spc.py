"""How a page shows which measures are signal, not noise, now (statistical process control)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from improvement.ui.components import show_table


def show_special_cause_now(table: pd.DataFrame, whose: str, name: str) -> None:
    """The measures whose latest month is special-cause improvement or concern (``views.special_cause_now``)."""
    st.subheader("Signal or noise: special cause now")
    st.caption(
        f"Which of {whose} show a real change in their latest month, by statistical process control (NHS "
        "England's Making Data Count rules): a month beyond the process limits, a run of 6 on one side of the mean "
        "or rising or falling, or 2 of 3 near a limit. The rest move within everyday variation. Trajectories shows "
        "each measure's SPC chart."
    )
    show_table(
        table,
        name,
        empty=f"None of {whose} shows special cause in its latest month: what moves is everyday variation.",
    )

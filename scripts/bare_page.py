"""A bare Streamlit page: the baseline ``scripts/bench_browser.py`` loads beside the dashboard.

It does the least a page showing one council's figures can do: one SQL query for the council's measure
observations (``?authority=CODE``) from the database at ``DATABASE_URL``, and one plotly chart of every one of those
points. No caching of the data, no navigation, no project code: what is left of a page load is Streamlit, the
database and plotly.js. Run it as the benchmark does:
``DATABASE_URL=sqlite:///... streamlit run scripts/bare_page.py``, then open ``/?authority=E09990075``.
"""

from __future__ import annotations

import os

import plotly.graph_objects as go
import sqlalchemy as sa
import streamlit as st

QUERY = sa.text(
    "SELECT authority.name, observation.measure_id, observation.period, observation.value "
    "FROM observation JOIN authority ON authority.id = observation.authority_id "
    "WHERE authority.code = :code ORDER BY observation.measure_id, observation.period"
)


@st.cache_resource
def engine(url: str) -> sa.Engine:
    return sa.create_engine(url)


st.set_page_config(page_title="Bare page", layout="wide")
code = st.query_params.get("authority", "")
url = os.environ.get("DATABASE_URL")
if not url:
    st.error("DATABASE_URL is not set")
    st.stop()
with engine(url).connect() as connection:
    rows = connection.execute(QUERY, {"code": code}).all()
if not rows:
    st.error(f"No observations for authority {code!r}")
    st.stop()

st.title(f"Observations: {rows[0].name}")
figure = go.Figure(
    go.Scatter(
        x=[row.period for row in rows],
        y=[row.value for row in rows],
        mode="markers",
        marker={"color": [row.measure_id for row in rows]},
    )
)
figure.update_layout(height=500, margin={"t": 30})
st.plotly_chart(figure, theme=None)
st.caption(f"{len(rows):,} points, one per observation")

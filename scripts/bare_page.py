"""The benchmark's baseline: a bare Streamlit page that reads one council's figures with one query and draws one
plotly chart of a given number of points (``make bench``, scripts/bench.py and scripts/bench_browser.py).

Run it as an app (``streamlit run scripts/bare_page.py``) or with AppTest, with ``DATABASE_URL`` set and
``?authority=CODE&points=N``: it reads the council's rows of the ``observation`` table (period and value) in one
SQL query, repeats them if the page it stands beside draws more points than that, and draws them as one line. No
cache, no rules, no layout: what any page must at least cost to read the same rows and draw as many points.
"""

import os

import numpy as np
import plotly.graph_objects as go
import sqlalchemy as sa
import streamlit as st

POINTS = 900  # without ?points=, about one council's monthly figures in the large benchmark database


@st.cache_resource
def engine(url: str) -> sa.Engine:
    return sa.create_engine(url)


url = os.environ["DATABASE_URL"]
code = st.query_params.get("authority", "")
points = int(st.query_params.get("points", POINTS))
with engine(url).connect() as connection:
    rows = connection.execute(
        sa.text(
            "SELECT o.period, o.value FROM observation o JOIN authority a ON a.id = o.authority_id "
            "WHERE a.code = :code ORDER BY o.period"
        ),
        {"code": code},
    ).all()
periods = np.resize(np.array([row[0] for row in rows] or ["2020-01-01"], dtype=object), points)
values = np.resize(np.array([row[1] for row in rows] or [0.0], dtype=float), points)
st.title(f"Bare page: {points} points for {code}")
st.plotly_chart(go.Figure(go.Scatter(x=periods, y=values, mode="lines+markers")), theme=None)

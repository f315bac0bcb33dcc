"""The benchmark's baseline: a bare Streamlit page that reads one council's figures with one query and draws one
plotly chart of a given number of points (``make bench``, scripts/bench.py and scripts/bench_browser.py).

Run it as an app (``streamlit run scripts/bare_page.py``, as the browser benchmark does) or with AppTest, with
``DATABASE_URL`` set and ``?authority=CODE``: it reads the council's rows of the ``observation`` table (period and
value) in one SQL query and draws them as one line. With ``&points=N`` it draws N points, the rows cut short or
repeated, to stand beside a page that draws N. No cache, no rules, no layout: what any page must at least cost to
read a council's rows and draw as many points.
"""

import os

import numpy as np
import plotly.graph_objects as go
import sqlalchemy as sa
import streamlit as st


@st.cache_resource
def engine(url: str) -> sa.Engine:
    return sa.create_engine(url)


url = os.environ["DATABASE_URL"]
code = st.query_params.get("authority", "")
with engine(url).connect() as connection:
    rows = connection.execute(
        sa.text(
            "SELECT a.name, o.period, o.value FROM observation o JOIN authority a ON a.id = o.authority_id "
            "WHERE a.code = :code ORDER BY o.period"
        ),
        {"code": code},
    ).all()
points = int(st.query_params.get("points", len(rows) or 1))
periods = np.resize(np.array([row.period for row in rows] or ["2020-01-01"], dtype=object), points)
values = np.resize(np.array([row.value for row in rows] or [0.0], dtype=float), points)
st.title(f"Bare page: {points} points for {rows[0].name if rows else code}")
st.plotly_chart(go.Figure(go.Scatter(x=periods, y=values, mode="lines+markers")), theme=None)

"""One figure per council, measure and month (improvement/topics/caseloads/rules.py), and every page that shows it
agreeing.

The rules on hand-made frames first; then on the demo database with a loaded monthly figure that disagrees with
the team caseload returns: the Trajectories page, the Caseloads page and the briefing pack must show the same
vacancy rate for the same month, the one the returns give, and the Trajectories page must list the loaded figure
it did not show.
"""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from improvement import pack
from improvement.board import read_board
from improvement.charting import ChartContext
from improvement.db import get_engine
from improvement.settings import get_settings
from improvement.topics.benchmarks import rules as benchmarks_rules
from improvement.topics.caseloads import rules as caseloads_rules
from improvement.topics.plan import rules as plan_rules
from loaders.run import Source, load_source

JUNE, MAY, APRIL = pd.Timestamp("2023-06-01"), pd.Timestamp("2023-05-01"), pd.Timestamp("2023-04-01")

SEFTON_ID = "(SELECT id FROM authority WHERE code = 'E08000014')"  # the demo holds six invented councils too


def plan_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure_code": ["vacancies", "caseload", "visits"],
            "name": ["Vacancy rate", "Social worker caseload", "CP visits"],
            "unit": ["percent", "ratio", "percent"],
            "national_equivalent": ["vacancy_rate_fte", "caseload_fte", None],
        }
    )


def returns(*months: pd.Timestamp) -> pd.DataFrame:
    """Two teams each month: 20 FTE (4 agency), 300 children, 4 vacancies: caseload 15.0, vacancy rate 20.0%."""
    return pd.DataFrame(
        [
            {
                "team": team,
                "period": month,
                "case_holding_fte": 10.0,
                "children_allocated": 150,
                "agency_fte": 2.0,
                "vacancies_fte": 2.0,
            }
            for month in months
            for team in ("North", "South")
        ]
    )


def actuals(*rows: tuple[str, pd.Timestamp, float | None, str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"measure_code": c, "period": p, "value": v, "status": s, "source": "performance report"}
            for c, p, v, s in rows
        ]
    )


def test_the_team_returns_give_the_workforce_figures_for_the_months_they_cover():
    loaded = actuals(
        ("vacancies", APRIL, 22.0, None),  # no returns in April: kept
        ("vacancies", MAY, 20.04, None),  # the returns' figure, rounded: the same figure
        ("vacancies", JUNE, 26.2, None),  # another figure: replaced, and listed
        ("caseload", JUNE, None, "x"),  # a symbol the returns answer: replaced, and listed
        ("visits", JUNE, 80.0, None),  # not a workforce measure: untouched
    )

    shown, differences = caseloads_rules.figures_from_returns(plan_rows(), loaded, returns(MAY, JUNE))

    by_key = shown.set_index(["measure_code", "period"])
    assert by_key.loc[("vacancies", APRIL), ["value", "source"]].tolist() == [22.0, "performance report"]
    assert by_key.loc[("vacancies", MAY), "value"] == 20.0
    assert by_key.loc[("vacancies", JUNE), ["value", "source"]].tolist() == [20.0, caseloads_rules.RETURNS_SOURCE]
    assert by_key.loc[("caseload", JUNE), "value"] == 15.0 and pd.isna(by_key.loc[("caseload", JUNE), "status"])
    assert by_key.loc[("visits", JUNE), ["value", "source"]].tolist() == [80.0, "performance report"]
    assert len(shown) == 6  # one row per measure and month: caseload gains May from the returns
    listed = differences[["measure_code", "period", "loaded_value", "loaded_status", "returns_value"]]
    assert listed.astype(object).where(listed.notna(), None).to_dict("records") == [
        {
            "measure_code": "vacancies",
            "period": JUNE,
            "loaded_value": 26.2,
            "loaded_status": None,
            "returns_value": 20.0,
        },
        {"measure_code": "caseload", "period": JUNE, "loaded_value": None, "loaded_status": "x", "returns_value": 15.0},
    ]


def test_without_returns_or_workforce_measures_nothing_changes():
    loaded = actuals(("vacancies", JUNE, 26.2, None))
    shown, differences = caseloads_rules.figures_from_returns(plan_rows(), loaded, returns().iloc[0:0])
    assert shown.equals(loaded) and differences.empty
    shown, differences = caseloads_rules.figures_from_returns(plan_rows().iloc[2:], loaded, returns(JUNE))
    assert shown.equals(loaded) and differences.empty


def test_a_caption_names_each_source_with_its_months():
    series = pd.DataFrame(
        {
            "period": [APRIL, MAY, JUNE],
            "source": ["performance report", caseloads_rules.RETURNS_SOURCE, caseloads_rules.RETURNS_SOURCE],
        }
    )
    assert (
        plan_rules.sources_text(series) == "performance report (Apr 2023); team caseload returns (May 2023 to Jun 2023)"
    )
    assert plan_rules.sources_text(series.iloc[0:0]) is None


def test_own_and_published_figures_meet_in_the_census_month():
    own = pd.DataFrame({"period": [pd.Timestamp("2022-09-01"), pd.Timestamp("2022-10-01")], "value": [19.5, 19.0]})
    published = pd.DataFrame(
        {
            "as_at": [pd.Timestamp("2022-09-30"), pd.Timestamp("2021-09-30")],
            "period": ["2022", "2021"],
            "value": [17.3, 18.0],
        }
    )
    both = benchmarks_rules.own_and_published(own, published)
    assert both.to_dict("records") == [
        {"month": pd.Timestamp("2022-09-01"), "own_value": 19.5, "published_value": 17.3, "published_period": "2022"}
    ]


# --- on the pages ------------------------------------------------------------------------------------------------


def stored_returns_vacancy_rate(url: str, month: str) -> float:
    """Straight from the stored team returns: vacancies / (vacancies + employed FTE), all teams, one month."""
    with sa.create_engine(url).connect() as connection:
        fte, agency, vacancies = connection.execute(
            sa.text(
                "SELECT SUM(case_holding_fte), SUM(agency_fte), SUM(vacancies_fte) FROM caseload WHERE period = :month "
                f"AND authority_id = {SEFTON_ID}"
            ),
            {"month": month},
        ).one()
    return 100 * vacancies / (vacancies + fte - agency)


def titles(app: AppTest) -> list[str]:
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in app.get("plotly_chart")]


def test_every_page_shows_the_one_vacancy_rate_and_lists_the_loaded_figure_it_replaced(seeded_database_url, open_page):
    engine = get_engine(seeded_database_url)
    disagreeing = (
        b"authority_code,measure_code,period,value,status,source\nE08000014,vacancy_rate,2023-06-01,45.5,,HR\n"
    )
    assert load_source(engine, Source("measure_actuals.csv", disagreeing)).ok
    expected = f"{stored_returns_vacancy_rate(seeded_database_url, '2023-06-01'):.1f}%"
    assert expected != "45.5%"

    app = open_page(seeded_database_url, "pages/trajectories.py", timeout=120, measure="vacancy_rate")
    trajectory = next(title for title in titles(app) if title.startswith("<b>Vacancy rate"))
    replaced = next(frame.value for frame in app.dataframe if "Loaded figure (not shown)" in frame.value.columns)
    app.switch_page("pages/caseloads.py").run()
    rates = next(title for title in titles(app) if "vacancy rate" in title)

    assert f"to {expected}" in trajectory or f"at {expected}" in trajectory
    assert f"vacancy rate {expected} in Jun 2023" in rates
    assert replaced.to_dict("records") == [
        {
            "Measure": "Vacancy rate",
            "Month": "Jun 2023",
            "Shown (team caseload returns)": expected,
            "Loaded figure (not shown)": "45.5%",
        }
    ]
    settings = get_settings()
    data = read_board(engine, "E08000014", settings.suppression_threshold)
    in_the_pack = [chart.title for chart in pack.briefing_charts(data, ChartContext.for_board(data, settings))]
    assert any(title.startswith("Vacancy rate") and expected in title for title in in_the_pack)
    assert any(f"vacancy rate {expected} in Jun 2023" in title for title in in_the_pack)


def test_the_demo_has_one_figure_per_month_for_the_workforce_measures(seeded_database_url):
    data = read_board(get_engine(seeded_database_url), "E08000014", 5)
    assert data.source_differences.empty
    workforce = data.observations[data.observations["measure_code"].isin(["vacancy_rate", "agency_worker_rate"])]
    assert set(workforce["source"]) == {caseloads_rules.RETURNS_SOURCE}

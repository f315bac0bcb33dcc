"""Signal or noise on the board: each measure's SPC chart and icons from the stored rows, the rating check's SPC
evidence (rule 5) on hand-made series, and the pages and pack that show them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import sqlalchemy as sa

from improvement import spc, style
from improvement.board import read_board
from improvement.charting import ChartContext
from improvement.pack import briefing_charts
from improvement.topics.rag import rules as honesty
from improvement.topics.rag import tables as rag_tables
from improvement.topics.spc import rules, view
from improvement.topics.spc import tables as spc_tables

SEFTON = "E08000014"
MONTHS = pd.date_range("2021-01-01", periods=36, freq="MS")
NOISE = [50, 52, 49, 51, 50, 48, 52, 51, 49, 50, 51, 49, 50, 52, 48, 51, 50, 49, 51, 50, 52, 49, 50, 51]


def context(data) -> ChartContext:
    return ChartContext(data.authority_name, data.as_at, "OFFICIAL-SENSITIVE", data.synthetic)


def observations(code: str, values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure_code": code,
            "period": MONTHS[: len(values)],
            "value": values,
            "status": [style.SUPPRESSED if v is None else None for v in values],
        }
    )


# --- One measure ---------------------------------------------------------------------------------------------


def test_a_measure_chart_is_xmr_of_its_published_months_with_suppressed_ones_left_out():
    values = [*NOISE[:10], None, *NOISE[11:]]
    chart = rules.measure_spc(observations("m", values), "m", "higher_is_better", target=45)
    expected = spc.xmr([np.nan if v is None else v for v in values], "higher")
    assert np.allclose(chart.points["upper_limit"], expected["upper_limit"])
    assert chart.suppressed == 1 and len(chart.present) == 23
    assert chart.variation == spc.Variation.COMMON_CAUSE
    assert chart.assurance == spc.Assurance.MET  # both limits above 45, higher is better
    assert chart.latest_signal == "common" and not chart.sustained_improvement


def test_limits_are_recalculated_from_the_month_the_process_changed():
    after = [v - 20 for v in [*NOISE, *NOISE[:6]]]  # 30 months of a new service model from January 2022
    stepped = [*NOISE[:12], *after[:14]]
    chart = rules.measure_spc(observations("m", stepped), "m", "lower_is_better", process_change="2022-01-15")
    assert chart.process_change == pd.Timestamp("2022-01-01")
    means = chart.points.groupby("segment")["mean"].first()
    assert np.isnan(means[0])  # 12 months before the change: too few for limits of their own
    assert np.isclose(means[1], np.mean(after[:14]))
    whole = rules.measure_spc(observations("m", stepped), "m", "lower_is_better")
    assert whole.sustained_improvement and whole.variation == spc.Variation.IMPROVEMENT_LOW  # the step, unsplit


# --- Rule 5 of the rating check ------------------------------------------------------------------------------

REPORT = {"report_date": pd.Timestamp("2022-12-15"), "period_start": pd.Timestamp("2022-11-01")}
REPORT["period_end"] = REPORT["report_date"]


def rating_check(rating: str, values: list[float], polarity: str = "lower_is_better"):
    measures = pd.DataFrame(
        [{"measure_code": "m", "name": "Measure m", "unit": "count", "polarity": polarity, "priority_area_code": "A"}]
    )
    ratings = pd.DataFrame([REPORT | {"priority_area_code": "A", "rating": rating}])
    trajectories = pd.DataFrame(columns=["measure_code", "period", "planned_value"])
    checks, evidence = honesty.check_ratings(ratings, measures, observations("m", values), trajectories)
    return checks.iloc[0], evidence


RISING = [*NOISE[:16], 58, 59, 61, 62, 64, 65, 67, 68]  # lower is better: a run upwards to November 2022


def test_green_while_a_measure_shows_special_cause_concern_is_more_positive_than_the_data():
    check, evidence = rating_check("Green", RISING)
    assert check["verdict"] == honesty.MORE_POSITIVE
    assert [item["name"] for item in check["spc_concern"]] == ["Measure m"]
    text = rag_tables.disagreement_text(check.to_dict(), evidence, "A")
    assert "1 measure showed special-cause concern" in text and "Measure m (Nov 2022)" in text
    assert rating_check("Green", NOISE)[0]["verdict"] == honesty.AGREES  # noise is not evidence


def test_red_while_most_measures_show_sustained_improvement_is_more_negative_than_the_data():
    check, evidence = rating_check("Red", RISING, polarity="higher_is_better")
    assert check["verdict"] == honesty.MORE_NEGATIVE and check["spc_judged"] == 1
    assert "showed sustained special-cause improvement" in rag_tables.disagreement_text(check.to_dict(), evidence, "A")
    one_point = [*NOISE[:23], 70]  # one month beyond the limit: improvement, but not sustained
    assert rating_check("Red", one_point, polarity="higher_is_better")[0]["verdict"] == honesty.AGREES


def test_the_check_reads_each_report_as_the_data_stood_then():
    later = [*RISING, 40, 39, 38]  # months after the report cannot count
    assert rating_check("Green", later)[0]["verdict"] == honesty.MORE_POSITIVE


# --- On the demo, from the stored rows -----------------------------------------------------------------------


def stored_values(engine, code: str, authority: str = SEFTON) -> list[float]:
    """Straight from the database: the council's figures for the measure, the newest load's for each month (the demo
    holds six invented councils too)."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT o.period, o.value, o.status FROM observation o JOIN measure m ON m.id = o.measure_id "
                "WHERE m.code = :code AND o.authority_id = (SELECT id FROM authority WHERE code = :authority) "
                "ORDER BY o.period, o.load_id"
            ),
            {"code": code, "authority": authority},
        ).all()
    newest = {period: (value, status) for period, value, status in rows}
    return [np.nan if status else float(value) for value, status in newest.values()]


def test_the_trajectories_table_icons_are_xmr_of_the_stored_figures(seeded_engine):
    data = read_board(seeded_engine, SEFTON, 5)
    table = view.trajectory_table(data)
    assert list(table.columns[-3:]) == ["Variation (SPC)", "Assurance (SPC)", "Priority area"]
    row = data.progress.set_index("measure_code").loc["re_referrals_12_months"]
    result = spc.xmr(stored_values(seeded_engine, "re_referrals_12_months"), "lower")
    variation, assurance = spc.icons(result, "lower", row["target_value"])
    shown = table.set_index("Measure").loc[row["name"]]
    assert shown["Variation (SPC)"] == spc_tables.variation_text(variation, short=True)
    assert shown["Assurance (SPC)"] == spc_tables.assurance_text(assurance, short=True)
    assert spc_tables.variation_text(variation).endswith(variation.label)  # in full beside the chart


def test_the_spc_chart_says_what_its_limits_mean_and_draws_no_hidden_points(seeded_engine):
    data = read_board(seeded_engine, SEFTON, 5)
    detail = view.spc_detail(data, "children_in_pre_proceedings", context(data))
    chart = detail.chart
    assert "mean plus or minus 2.66 times the average change" in chart.caption
    assert "Making Data Count" in chart.caption and "not published (suppressed) left out" in chart.caption
    assert "Data as at 30 June 2023" in chart.caption and "OFFICIAL-SENSITIVE" in chart.caption
    assert len(chart.title.split()) <= 10 and chart.title.startswith("Children in pre-proceedings:")
    spec = json.loads(chart.figure.to_json())
    names = [trace.get("name") for trace in spec["data"]]
    assert {"Mean", "Process limits", "Monthly figure"} <= set(names)
    assert all(trace.get("visible", True) is True for trace in spec["data"])
    assert list(chart.table.columns) == ["Month", "Figure", "Mean", "Lower process limit", "Upper process limit",
                                         "Signal", "Rules"]  # fmt: skip
    assert "c" in set(chart.table["Figure"])  # a suppressed month is listed as c, not as a number


def test_special_cause_now_lists_concern_first_and_only_real_changes(seeded_engine):
    data = read_board(seeded_engine, SEFTON, 5)
    now = view.special_cause_now(data)
    summary = view.spc_summary(data)
    special = summary[summary["signal"].isin(["improvement", "concern"])]
    assert len(now) == len(special)
    assert not now["Latest month"].str.contains("Common").any()
    order = now["Latest month"].map(lambda text: 0 if "concern" in text.lower() else 1).tolist()
    assert order == sorted(order)


def test_the_pack_adds_spc_charts_only_when_asked_and_only_for_special_cause(seeded_engine):
    data = read_board(seeded_engine, SEFTON, 5)
    plain = briefing_charts(data, context(data))
    with_spc = briefing_charts(data, context(data), spc=True)
    added = [chart for chart in with_spc if chart.name.startswith("spc-")]
    assert not [chart for chart in plain if chart.name.startswith("spc-")]
    summary = view.spc_summary(data)
    special = set(summary.loc[summary["signal"].isin(["improvement", "concern", "neither"]), "measure_code"])
    assert {chart.name.removeprefix("spc-") for chart in added} == special & set(data.progress["measure_code"])
    assert len(with_spc) == len(plain) + len(added)


# --- The pages -----------------------------------------------------------------------------------------------


def test_trajectories_shows_a_measure_as_an_spc_chart_with_its_icons_in_words(demo_app):
    app = demo_app("pages/trajectories.py", measure="children_in_pre_proceedings", chart="spc")
    icons = next(m.value for m in app.markdown if m.value.startswith("**Variation:**"))
    assert "Special cause" in icons or "Common cause" in icons
    assert "**Assurance:**" in icons
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    spc_chart = next(c for c in charts if "Process limits" in {t.get("name") for t in c["data"]})
    assert spc_chart["layout"]["title"]["text"].startswith("<b>Children in pre-proceedings:")
    summary = next(df.value for df in app.dataframe if "Variation (SPC)" in df.value.columns)
    assert summary["Assurance (SPC)"].str.len().min() > 0


def test_overview_and_priority_areas_say_which_measures_show_special_cause_now(demo_app, seeded_sqlite_url):
    from improvement.db import get_engine

    data = read_board(get_engine(seeded_sqlite_url), SEFTON, 5)
    overview = demo_app("pages/overview.py")
    assert "Signal or noise: special cause now" in [s.value for s in overview.subheader]
    now = next(df.value for df in overview.dataframe if "Sustained" in df.value.columns)
    assert len(now) == len(view.special_cause_now(data))
    area = demo_app("pages/priority_areas.py", area="PA1")
    shown = next(df.value for df in area.dataframe if "Sustained" in df.value.columns)
    assert set(shown["Priority area"]) <= {"PA1"}

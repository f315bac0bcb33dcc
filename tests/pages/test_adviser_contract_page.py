"""The Adviser contract page shows what is stored: days per month against the allowance, spend and VAT at the
contract's rates, the budget left and the key dates (AppTest on the seeded demo database, and after a load)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import sqlalchemy as sa

from improvement import style
from loaders.run import Source, load_source
from tests.support.apptest import decode, figures

PAGE = "pages/adviser_contract.py"
SEFTON = "E08000014"
"""The council the page shows by default: the demo holds six other councils, each with its own adviser and days."""


def stored_days(url: str, authority: str = SEFTON) -> list[tuple[dt.date, str, float]]:
    """Straight from the database: the council's newest load's row for each adviser day's date and activity."""
    statement = sa.text(
        """
        SELECT day_date, activity, days FROM adviser_day d
        WHERE d.authority_id = (SELECT id FROM authority WHERE code = :authority)
          AND load_id = (SELECT MAX(load_id) FROM adviser_day d2
                         WHERE d2.authority_id = d.authority_id AND d2.day_date = d.day_date
                           AND d2.activity = d.activity)
        """
    )
    with sa.create_engine(url).connect() as connection:
        return [
            (dt.date.fromisoformat(str(day)[:10]), activity, days)
            for day, activity, days in connection.execute(statement, {"authority": authority})
        ]


def stored_terms(url: str, authority: str = SEFTON) -> dict:
    """Straight from the database: the council's contract terms from its newest load."""
    statement = sa.text(
        "SELECT * FROM adviser_contract WHERE authority_id = (SELECT id FROM authority WHERE code = :authority) "
        "ORDER BY load_id DESC, id DESC LIMIT 1"
    )
    with sa.create_engine(url).connect() as connection:
        return dict(connection.execute(statement, {"authority": authority}).mappings().one())


def metrics(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def table_with(app, column: str):
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def test_spend_vat_and_remaining_budget_follow_the_stored_days_and_terms(demo_app, seeded_sqlite_url):
    days = stored_days(seeded_sqlite_url)
    terms = stored_terms(seeded_sqlite_url)
    total_days = sum(amount for _, _, amount in days)
    net = total_days * terms["daily_rate_gbp"]
    budget = terms["monthly_day_allowance"] * terms["daily_rate_gbp"] * 24  # July 2021 to June 2023

    app = demo_app(PAGE)

    shown = metrics(app)
    assert shown["Days delivered"] == style.format_value(total_days, "ratio") == "93.0"
    assert shown["Spend before VAT"] == style.format_money(net) == "£55,800.00"
    assert shown["VAT"] == style.format_money(net * terms["vat_rate"]) == "£11,160.00"
    assert shown["Total including VAT"] == "£66,960.00"
    assert shown["Remaining budget"] == style.format_money(budget - net) == "£1,800.00"
    spend = table_with(app, "How it is worked out").set_index("Item")["Amount"]
    assert spend["Budget (before VAT)"] == "£57,600.00"
    assert spend["Remaining budget (before VAT)"] == "£1,800.00"


def test_key_dates_show_the_break_clause_and_the_extension_to_june_2023(demo_app):
    app = demo_app(PAGE)

    dates = table_with(app, "When")
    assert dict(zip(dates["Date"], dates["When"], strict=True)) == {
        "Start": "30 June 2021",
        "Break clause": "31 March 2022",
        "End (original term)": "29 June 2022",
        "Extension": "—",
        "Resulting end": "29 June 2023",
    }
    assert dates.set_index("Date").loc["Extension", "Detail"] == "12 whole months"


def test_days_per_month_chart_marks_the_months_over_the_allowance(demo_app, seeded_sqlite_url):
    per_month: dict[str, float] = defaultdict(float)
    for day, _, amount in stored_days(seeded_sqlite_url):
        per_month[style.format_month(day)] += amount

    app = demo_app(PAGE)

    chart = next(f for f in figures(app) if "allowance" in f["layout"]["title"]["text"])
    bars = chart["data"][0]
    assert dict(zip(bars["x"], decode(bars["y"]), strict=True)) == dict(per_month)
    marked = {month: text for month, text in zip(bars["x"], bars["text"], strict=True) if text}
    assert marked == {"Jul 2021": "Over +0.5", "Jun 2022": "Over +0.5"}
    assert chart["layout"]["shapes"][0]["y0"] == 4  # the allowance as a reference line
    assert chart["layout"]["title"]["text"] == "<b>Adviser delivered 93.0 days; 2 months over 4-day allowance</b>"
    caption = " ".join(a["text"] for a in chart["layout"]["annotations"]).replace("<br>", " ")
    assert "Source: adviser's timesheets and contract terms." in caption
    table = table_with(app, "Over allowance")
    assert table.loc[table["Over allowance"] != "No", "Month"].tolist() == ["Jul 2021", "Jun 2022"]
    assert len(table) == 24


def test_days_by_activity_match_the_stored_days(demo_app, seeded_sqlite_url):
    by_activity: dict[str, float] = defaultdict(float)
    for _, activity, amount in stored_days(seeded_sqlite_url):
        by_activity[activity] += amount

    app = demo_app(PAGE)

    table = table_with(app, "Share of days")
    shown = dict(zip(table["Activity"], table["Days delivered"], strict=True))
    assert shown["Coaching the DCS and Lead Members"] == style.format_value(by_activity["coaching"], "ratio")
    assert shown["Improvement board"] == style.format_value(by_activity["board"], "ratio")
    assert shown["DfE review support"] == style.format_value(by_activity["dfe_review"], "ratio")
    assert shown["Visits to teams"] == style.format_value(by_activity["visit"], "ratio")
    assert table["Activity"].iloc[0] == "Coaching the DCS and Lead Members"  # most days first


def test_a_loaded_contract_with_a_shorter_extension_changes_the_page(demo_app, seeded_database_url):
    new_terms = (
        b"authority_code,adviser_name,start_date,end_date,break_clause_date,monthly_day_allowance,daily_rate_gbp,"
        b"vat_rate,budget_gbp,extension_months,notes\n"
        b"E08000014,Dr Helen Ashworth,30/06/2021,29/06/2022,31/03/2022,4,650,0.2,50000,6,\n"
    )
    engine = sa.create_engine(seeded_database_url)
    assert load_source(engine, Source("adviser_contract.csv", new_terms)).ok
    engine.dispose()
    total_days = sum(amount for _, _, amount in stored_days(seeded_database_url))

    app = demo_app(PAGE, database_url=seeded_database_url)

    dates = table_with(app, "When").set_index("Date")
    assert dates.loc["Resulting end", "When"] == "29 December 2022"
    shown = metrics(app)
    assert shown["Spend before VAT"] == style.format_money(total_days * 650)
    assert shown["Remaining budget"] == style.format_money(50_000 - total_days * 650)
    assert any("fall outside the contract's term" in warning.value for warning in app.warning)

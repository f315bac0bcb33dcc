"""The monthly and operational files (measure actuals, caseloads, risks, meetings, adviser days), loaded into the
seeded Sefton database on SQLite and PostgreSQL: through ``loaders.run.load_source`` and the command line.

Every refused file must leave every table exactly as it was; a re-loaded file adds only what is new or corrected,
and a correction leaves the earlier value in the table as history while the queries show the new one.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from improvement import queries
from improvement.db.models import AdviserDay, Base, Caseload, Measure, Observation, Risk, RiskReview
from loaders import __main__ as cli
from loaders.framework.base import Source
from loaders.framework.templates import GUIDANCE_SHEET
from loaders.registry import kind_named
from loaders.run import load_source, recognise
from tests.support.loading import xlsx

SEFTON = "E08000014"


# --- helpers --------------------------------------------------------------------------------------------------


def csv_file(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def workbook_file(sheets: dict[str, list[list[object]]], guidance: bool = True) -> bytes:
    return xlsx(sheets, guidance=guidance)


def table_counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }


def load(engine, name: str, content: bytes, **options):
    return load_source(engine, Source(name, content), **options)


def summary_line(result, table: str) -> str:
    return str(result.changes.tables[table])


ACTUALS_HEADER = "authority_code,measure_code,period,value,status,source"
ACTUALS = csv_file(
    ACTUALS_HEADER,
    "E08000014,social_worker_caseload,31/07/2023,17.5,,",
    "343,repeat_cp_plans,2023-07-01,c,,",
    "E08000014,agency_worker_rate,2023-07-01,,low,DfE workforce statistics",
    "E08000014,vacancy_rate,2023-07-01,0,,",
    "E08000014,turnover_rate,2023-07-01,,C,",
)
CASELOADS_HEADER = "authority_code,team,period,case_holding_fte,children_allocated,agency_fte,vacancies_fte"
CASELOADS = csv_file(
    CASELOADS_HEADER,
    "E08000014,Assessment North,2023-07-01,9.5,150,2,1.5",
    "E08000014,Assessment North,2023-08-15,10,160,2.5,1",
    "343,Disabled Children,2023-07-01,6,70,0,0.5",
)
MEETINGS = csv_file(
    "authority_code,kind,meeting_date,title,notes",
    "E08000014,board_meeting,20/07/2023,Improvement board July 2023,",
    "E08000014,dfe_review,2023-09-14,DfE six-monthly review,Second review of the refreshed plan",
)
ADVISER_DAYS = csv_file(
    "authority_code,day_date,days,activity,notes",
    "E08000014,2023-07-20,1,board,Chaired the board",
    "E08000014,2023-07-21,0.5,coaching,",
    "E08000014,2023-07-21,0.5,visit,Front door",
)
RISKS_HEADER = [
    "authority_code",
    "reference",
    "title",
    "owner",
    "mitigation",
    "status",
    "raised_date",
    "closed_date",
    "priority_area_code",
]
REVIEWS_HEADER = ["authority_code", "risk_reference", "review_date", "likelihood", "impact"]
NEW_RISK = [SEFTON, "R50", "Court delays", "Head of Legal", "Weekly tracker", "open", dt.date(2023, 7, 3), None, "PA1"]


def risks_workbook(risks: list[list[object]] | None = None, reviews: list[list[object]] | None = None) -> bytes:
    return workbook_file(
        {
            "risks": [RISKS_HEADER, *(risks if risks is not None else [NEW_RISK])],
            "risk_reviews": [
                REVIEWS_HEADER,
                *(
                    reviews
                    if reviews is not None
                    else [[SEFTON, "R50", dt.date(2023, 7, 3), 4, 3], [SEFTON, "R01", dt.date(2023, 7, 3), 2, 4]]
                ),
            ],
        }
    )


# --- each kind loads ------------------------------------------------------------------------------------------


def test_measure_actuals_load_and_show_through_the_observations_query(seeded_engine) -> None:
    result = load(seeded_engine, "actuals_july.csv", ACTUALS)

    assert result.ok, result.summary()
    assert result.kind == "measure_actuals"
    assert summary_line(result, "observation") == "observation: 5 added, 0 changed, 0 unchanged"
    assert result.changes.notes == [
        "measure_actuals: 1 period date(s) were not the 1st of the month and were stored as their month "
        "(first: row 2, 31/07/2023 -> July 2023)",
        "measure_actuals: 1 row(s) had a suppression symbol in the value column; stored as that status with no "
        "value (never as 0)",
    ]
    shown = queries.observations(seeded_engine, SEFTON)
    july = shown[shown["period"] == "2023-07-01"].set_index("measure_code")
    assert july.loc["social_worker_caseload", "value"] == 17.5
    assert july.loc["social_worker_caseload", "source"] == "actuals_july.csv"  # the file's name by default
    assert july.loc["vacancy_rate", "value"] == 0  # a real zero stays zero
    assert july.loc["agency_worker_rate", "status"] == "low"
    assert july.loc["agency_worker_rate", "source"] == "DfE workforce statistics"
    assert july.loc["turnover_rate", "status"] == "c"  # 'C' in the status column is the symbol c


def test_suppressed_actuals_keep_status_c_and_no_value_never_zero(seeded_engine) -> None:
    assert load(seeded_engine, "actuals.csv", ACTUALS).ok

    with seeded_engine.connect() as connection:
        stored = connection.execute(
            select(Observation.value, Observation.status).where(
                Observation.period == dt.date(2023, 7, 1), Observation.status.is_not(None)
            )
        ).all()
    assert sorted(stored, key=lambda row: row.status) == [(None, "c"), (None, "c"), (None, "low")]
    shown = queries.observations(seeded_engine, SEFTON, ["repeat_cp_plans"])
    july = shown[shown["period"] == "2023-07-01"].iloc[0]
    assert july["status"] == "c"
    assert july["value"] is None or july["value"] != july["value"]  # NULL (None or NaN), never 0


def test_caseloads_load_and_show_through_the_caseloads_query(seeded_engine) -> None:
    result = load(seeded_engine, "caseloads.csv", CASELOADS)

    assert result.ok, result.summary()
    assert summary_line(result, "caseload") == "caseload: 3 added, 0 changed, 0 unchanged"
    shown = queries.caseloads(seeded_engine, SEFTON)
    north = shown[(shown["team"] == "Assessment North") & (shown["period"] >= "2023-07-01")]
    assert north[["period", "case_holding_fte", "children_allocated"]].values.tolist() == [
        [dt.datetime(2023, 7, 1), 9.5, 150],
        [dt.datetime(2023, 8, 1), 10.0, 160],  # 15 August is August
    ]
    disabled = shown[shown["team"] == "Disabled Children"].iloc[0]
    assert (disabled["agency_fte"], disabled["vacancies_fte"]) == (0.0, 0.5)


def test_meetings_load_and_show_through_the_meetings_query(seeded_engine) -> None:
    result = load(seeded_engine, "meetings.csv", MEETINGS)

    assert result.ok, result.summary()
    assert summary_line(result, "meeting") == "meeting: 2 added, 0 changed, 0 unchanged"
    shown = queries.meetings(seeded_engine, SEFTON)
    new = shown[shown["meeting_date"] >= "2023-07-20"]
    assert new[["kind", "title"]].values.tolist() == [
        ["board_meeting", "Improvement board July 2023"],
        ["dfe_review", "DfE six-monthly review"],
    ]


def test_adviser_days_load(seeded_engine) -> None:
    result = load(seeded_engine, "adviser_days.csv", ADVISER_DAYS)

    assert result.ok, result.summary()
    with seeded_engine.connect() as connection:
        rows = connection.execute(
            select(AdviserDay.day_date, AdviserDay.days, AdviserDay.activity, AdviserDay.notes)
            .where(AdviserDay.day_date >= dt.date(2023, 7, 1))  # the demo's days run to June 2023
            .order_by(AdviserDay.day_date, AdviserDay.activity)
        ).all()
    assert [tuple(row) for row in rows] == [
        (dt.date(2023, 7, 20), 1.0, "board", "Chaired the board"),
        (dt.date(2023, 7, 21), 0.5, "coaching", None),
        (dt.date(2023, 7, 21), 0.5, "visit", "Front door"),
    ]


def test_risks_workbook_loads_risks_and_reviews_of_new_and_stored_risks(seeded_engine) -> None:
    result = load(seeded_engine, "risks.xlsx", risks_workbook())

    assert result.ok, result.summary()
    assert result.kind == "risks"
    assert summary_line(result, "risk") == "risk: 1 added, 0 changed, 0 unchanged"
    assert summary_line(result, "risk_review") == "risk_review: 2 added, 0 changed, 0 unchanged"
    with seeded_engine.connect() as connection:
        reviews = connection.execute(
            select(Risk.reference, RiskReview.likelihood, RiskReview.impact, Risk.status)
            .join(Risk, Risk.id == RiskReview.risk_id)
            .where(RiskReview.load_id == result.load_id)
            .order_by(Risk.reference)
        ).all()
    assert [tuple(row) for row in reviews] == [("R01", 2, 4, "open"), ("R50", 4, 3, "open")]


def test_risk_reviews_csv_alone_reviews_a_stored_risk(seeded_engine) -> None:
    content = csv_file(",".join(REVIEWS_HEADER), "343,R02,2023-07-03,1,2")
    result = load(seeded_engine, "risk_reviews.csv", content)

    assert result.ok, result.summary()
    assert summary_line(result, "risk_review") == "risk_review: 1 added, 0 changed, 0 unchanged"
    with seeded_engine.connect() as connection:
        reference = connection.scalar(
            select(Risk.reference)
            .join(RiskReview, RiskReview.risk_id == Risk.id)
            .where(RiskReview.load_id == result.load_id)
        )
    assert reference == "R02"


def test_closed_risk_with_its_closed_date_loads(seeded_engine) -> None:
    closed = [SEFTON, "R11", "Data migration", "Head of IT", "Parallel run", "closed", "01/03/2023", "30/06/2023", ""]
    result = load(seeded_engine, "risks.xlsx", risks_workbook(risks=[closed], reviews=[]))

    assert result.ok, result.summary()
    with seeded_engine.connect() as connection:
        row = connection.execute(
            select(Risk.status, Risk.closed_date, Risk.priority_area_id).where(Risk.reference == "R11")
        ).one()
    assert tuple(row) == ("closed", dt.date(2023, 6, 30), None)


# --- refused files leave the database as it was ---------------------------------------------------------------

REFUSED = {
    "missing column": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER.removesuffix(",vacancies_fte"), "E08000014,Assessment North,2023-07-01,9.5,150,2"),
        "caseloads",
        [
            "caseloads.csv, row 1: missing column 'vacancies_fte': the header row must name every column of the "
            "'caseloads' table (authority_code, team, period, case_holding_fte, children_allocated, agency_fte, "
            "vacancies_fte)"
        ],
    ),
    "missing value column": (
        "actuals.csv",
        csv_file("authority_code,measure_code,period,status", "E08000014,repeat_cp_plans,2023-07-01,c"),
        "measure_actuals",
        [
            "actuals.csv, row 1: missing column 'value': the header row must name every column of the "
            "'measure_actuals' table (authority_code, measure_code, period, value, status, source)"
        ],
    ),
    "worker names are not caseload columns": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER + ",worker_name", "E08000014,Assessment North,2023-07-01,9.5,150,2,1,A Smith"),
        None,
        [
            "caseloads.csv, row 1, column 'worker_name': unexpected column: the 'caseloads' table has the columns "
            "authority_code, team, period, case_holding_fte, children_allocated, agency_fte, vacancies_fte; remove it "
            "or correct its spelling"
        ],
    ),
    "unknown measure": (
        "actuals.csv",
        csv_file(ACTUALS_HEADER, "E08000014,repeat_cp_plans,2023-07-01,20,,", "E08000014,made_up,2023-07-01,3,,"),
        None,
        [
            "actuals.csv, row 3, column 'measure_code': unknown measure code: add it to the plan's measures table "
            "first (found 'made_up')"
        ],
    ),
    "unknown authority": (
        "actuals.csv",
        csv_file(ACTUALS_HEADER, "E09999999,repeat_cp_plans,2023-07-01,20,,"),
        None,
        [
            "actuals.csv, row 2, column 'authority_code': no authority with this code is in the database yet: load "
            "a DfE statistics file that names it (for example DfE's csww_indicators CSV) or the improvement plan's "
            "authority table first; give its new (E08000014) or old (343) LA code (found 'E09999999')"
        ],
    ),
    "date in the wrong format": (
        "meetings.csv",
        csv_file("authority_code,kind,meeting_date,title,notes", "E08000014,board_meeting,2023/07/20,Board,"),
        None,
        [
            "meetings.csv, row 2, column 'meeting_date': expected a date like 2023-06-30 or 30/06/2023 "
            "(found '2023/07/20')"
        ],
    ),
    "text in a number column": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER, "E08000014,Assessment North,2023-07-01,n/a,150,2,1"),
        None,
        [
            "caseloads.csv, row 2, column 'case_holding_fte': expected a number (digits only, no units or words) "
            "(found 'n/a')"
        ],
    ),
    "text in the value column": (
        "actuals.csv",
        csv_file(ACTUALS_HEADER, "E08000014,repeat_cp_plans,2023-07-01,n/a,,"),
        None,
        [
            "actuals.csv, row 2, column 'value': expected a number (digits only, no units or words) or a "
            "suppression symbol (c, low, x, z, u) (found 'n/a')"
        ],
    ),
    "value and status": (
        "actuals.csv",
        csv_file(ACTUALS_HEADER, "E08000014,repeat_cp_plans,2023-07-01,20,c,"),
        None,
        ["actuals.csv, row 2, column 'status': give a value or a status symbol, not both"],
    ),
    "neither value nor status": (
        "actuals.csv",
        csv_file(ACTUALS_HEADER, "E08000014,repeat_cp_plans,2023-07-01,,,DfE"),
        None,
        ["actuals.csv, row 2, column 'value': give a value or a status symbol: both are empty"],
    ),
    "duplicate key": (
        "actuals.csv",
        csv_file(
            ACTUALS_HEADER, "E08000014,repeat_cp_plans,2023-07-01,20,,", "E08000014,repeat_cp_plans,2023-07-01,21,,"
        ),
        None,
        [
            "actuals.csv, row 3, column 'period': repeats row 2: each authority_code + measure_code + period may "
            "appear only once (found 'E08000014 + repeat_cp_plans + 2023-07-01')"
        ],
    ),
    "two days of one month": (
        "actuals.csv",
        csv_file(
            ACTUALS_HEADER, "E08000014,repeat_cp_plans,2023-07-01,20,,", "E08000014,repeat_cp_plans,31/07/2023,21,,"
        ),
        None,
        [
            "actuals.csv, row 3, column 'period': repeats row 2: each authority_code + measure_code + period may "
            "appear only once (found 'E08000014 + repeat_cp_plans + 2023-07-01')"
        ],
    ),
    "one authority by new and old code": (
        "caseloads.csv",
        csv_file(
            CASELOADS_HEADER,
            "E08000014,Assessment North,2023-07-01,9.5,150,2,1",
            "343,Assessment North,2023-07-01,9.5,151,2,1",
        ),
        None,
        [
            "caseloads.csv, row 3, column 'period': repeats row 2: each authority_code + team + period may appear "
            "only once (found '343 + Assessment North + 2023-07-01')"
        ],
    ),
    "agency more than case-holding": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER, "E08000014,Assessment North,2023-07-01,2.5,40,3,0"),
        None,
        [
            "caseloads.csv, row 2, column 'agency_fte': agency_fte is more than case_holding_fte (2.5): agency "
            "workers are counted within the case-holding FTE (found 3.0)"
        ],
    ),
    "negative children": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER, "E08000014,Assessment North,2023-07-01,2.5,-4,1,0"),
        None,
        ["caseloads.csv, row 2, column 'children_allocated': must not be negative (found -4)"],
    ),
    "likelihood 7": (
        "risks.xlsx",
        risks_workbook(reviews=[[SEFTON, "R50", dt.date(2023, 7, 3), 7, 3]]),
        None,
        ["risks.xlsx, sheet 'risk_reviews', row 2, column 'likelihood': expected a whole number from 1 to 5 (found 7)"],
    ),
    "closed without closed_date": (
        "risks.xlsx",
        risks_workbook(risks=[[*NEW_RISK[:5], "closed", dt.date(2023, 7, 3), None, "PA1"]], reviews=[]),
        None,
        ["risks.xlsx, sheet 'risks', row 2, column 'closed_date': a closed risk needs its closed_date"],
    ),
    "review of an unknown risk": (
        "risks.xlsx",
        risks_workbook(reviews=[[SEFTON, "R99", dt.date(2023, 7, 3), 2, 3]]),
        None,
        [
            "risks.xlsx, sheet 'risk_reviews', row 2, column 'risk_reference': no risk with this reference for this "
            "authority, in this file or already stored: add it to the risks sheet first (found 'R99')"
        ],
    ),
    "unknown priority area": (
        "risks.xlsx",
        risks_workbook(risks=[[*NEW_RISK[:8], "PA9"]], reviews=[]),
        None,
        [
            "risks.xlsx, sheet 'risks', row 2, column 'priority_area_code': unknown priority area code for this "
            "authority: add it to the plan's priority areas first (found 'PA9')"
        ],
    ),
    "a day and a half": (
        "adviser_days.csv",
        csv_file("authority_code,day_date,days,activity,notes", "E08000014,2023-07-20,1.5,board,"),
        None,
        [
            "adviser_days.csv, row 2, column 'days': expected more than 0 and at most 1 day (half a day is 0.5) "
            "(found 1.5)"
        ],
    ),
    "unknown meeting kind": (
        "meetings.csv",
        csv_file("authority_code,kind,meeting_date,title,notes", "E08000014,away_day,2023-07-20,Away day,"),
        None,
        [
            "meetings.csv, row 2, column 'kind': expected one of: six_weekly_report, dfe_review, board_meeting "
            "(found 'away_day')"
        ],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_bad_files_are_refused_with_exact_messages_and_change_nothing(seeded_engine, case: str) -> None:
    name, content, kind, expected = REFUSED[case]
    before = table_counts(seeded_engine)

    result = load(seeded_engine, name, content, kind=kind)

    assert [str(problem) for problem in result.problems] == expected
    assert result.summary().startswith(f"{name}: REFUSED ({len(expected)} problem(s)); nothing was stored.")
    assert table_counts(seeded_engine) == before


def test_every_problem_in_a_file_is_listed_at_once(seeded_engine) -> None:
    content = csv_file(
        CASELOADS_HEADER,
        "E08000014,Assessment North,2023-07-01,n/a,150,2,1",
        "E08000014,Assessment South,July 2023,9,150,2,1",
        "E08000014,Assessment East,2023-07-01,2,30,3,1",
    )
    result = load(seeded_engine, "caseloads.csv", content)
    assert sorted((problem.row, problem.column) for problem in result.problems) == [
        (2, "case_holding_fte"),
        (3, "period"),
        (4, "agency_fte"),
    ]


# --- re-loading: newest wins, history stays, unchanged rows are not written again ------------------------------


def test_reloading_actuals_with_one_corrected_value(seeded_engine) -> None:
    assert load(seeded_engine, "actuals.csv", ACTUALS).ok
    corrected = ACTUALS.replace(b"31/07/2023,17.5", b"31/07/2023,17.8")

    result = load(seeded_engine, "actuals.csv", corrected)

    assert result.ok and result.load_id is not None
    assert summary_line(result, "observation") == "observation: 0 added, 1 changed, 4 unchanged"
    shown = queries.observations(seeded_engine, SEFTON, ["social_worker_caseload"])
    assert shown[shown["period"] == "2023-07-01"]["value"].tolist() == [17.8]
    with seeded_engine.connect() as connection:
        history = (
            connection.execute(
                select(Observation.value)
                .join(Measure, Measure.id == Observation.measure_id)
                .where(Observation.period == dt.date(2023, 7, 1), Measure.code == "social_worker_caseload")
                .order_by(Observation.load_id)
            )
            .scalars()
            .all()
        )
        written = connection.scalar(select(func.count()).where(Observation.load_id == result.load_id))
    assert history == [17.5, 17.8]  # the earlier value stays as history
    assert written == 1  # unchanged rows are not written again


def test_reloading_caseloads_with_one_corrected_value(seeded_engine) -> None:
    assert load(seeded_engine, "caseloads.csv", CASELOADS).ok
    corrected = CASELOADS.replace(b"Disabled Children,2023-07-01,6,70", b"Disabled Children,2023-07-01,6,72")

    result = load(seeded_engine, "caseloads_v2.csv", corrected)

    assert summary_line(result, "caseload") == "caseload: 0 added, 1 changed, 2 unchanged"
    shown = queries.caseloads(seeded_engine, SEFTON)
    assert shown[shown["team"] == "Disabled Children"]["children_allocated"].tolist() == [72]
    with seeded_engine.connect() as connection:
        history = (
            connection.execute(
                select(Caseload.children_allocated)
                .where(Caseload.team == "Disabled Children")
                .order_by(Caseload.load_id)
            )
            .scalars()
            .all()
        )
    assert history == [70, 72]


def test_reloading_a_risk_with_a_new_status_keeps_its_reviews(seeded_engine) -> None:
    assert load(seeded_engine, "risks.xlsx", risks_workbook()).ok
    closed = [*NEW_RISK[:5], "closed", dt.date(2023, 7, 3), dt.date(2023, 9, 1), "PA1"]
    reviews = [[SEFTON, "R50", dt.date(2023, 7, 3), 4, 3], [SEFTON, "R50", dt.date(2023, 9, 1), 1, 3]]

    result = load(seeded_engine, "risks_september.xlsx", risks_workbook(risks=[closed], reviews=reviews))

    assert summary_line(result, "risk") == "risk: 0 added, 1 changed, 0 unchanged"
    assert summary_line(result, "risk_review") == "risk_review: 1 added, 0 changed, 1 unchanged"
    with seeded_engine.connect() as connection:
        versions = (
            connection.execute(select(Risk.status).where(Risk.reference == "R50").order_by(Risk.load_id))
            .scalars()
            .all()
        )
        newest_review_risk = connection.scalar(
            select(Risk.status)
            .join(RiskReview, RiskReview.risk_id == Risk.id)
            .where(RiskReview.review_date == dt.date(2023, 9, 1))
        )
    assert versions == ["open", "closed"]
    assert newest_review_risk == "closed"


def test_reloading_meetings_and_adviser_days_unchanged_writes_nothing(seeded_engine) -> None:
    for name, content in (("meetings.csv", MEETINGS), ("adviser_days.csv", ADVISER_DAYS)):
        assert load(seeded_engine, name, content).ok
        before = table_counts(seeded_engine)
        again = load(seeded_engine, "copy_of_" + name, content + b"\n")  # other bytes, same rows
        assert again.ok and again.load_id is None
        assert again.summary().startswith(f"copy_of_{name} ({again.kind}): nothing new;")
        assert table_counts(seeded_engine) == before


def test_loading_the_same_file_twice_changes_nothing_the_second_time(seeded_engine) -> None:
    first = load(seeded_engine, "actuals.csv", ACTUALS)
    assert first.ok and first.load_id is not None
    before = table_counts(seeded_engine)

    second = load(seeded_engine, "actuals.csv", ACTUALS)

    assert second.ok and second.already_loaded_at is not None and second.load_id is None
    assert "already loaded on" in second.summary()
    assert table_counts(seeded_engine) == before


@pytest.mark.parametrize(
    ("name", "content", "table", "rows"),
    [
        ("actuals.csv", ACTUALS, "observation", 5),
        ("caseloads.csv", CASELOADS, "caseload", 3),
        ("meetings.csv", MEETINGS, "meeting", 2),
        ("adviser_days.csv", ADVISER_DAYS, "adviser_day", 3),
    ],
)
def test_dry_run_reports_but_stores_nothing(seeded_engine, name: str, content: bytes, table: str, rows: int) -> None:
    before = table_counts(seeded_engine)

    result = load(seeded_engine, name, content, dry_run=True)

    assert result.ok and result.load_id is None
    assert summary_line(result, table) == f"{table}: {rows} added, 0 changed, 0 unchanged"
    assert result.summary().startswith(f"{name} ({result.kind}): would change")
    assert table_counts(seeded_engine) == before
    assert load(seeded_engine, name, content).load_id is not None  # and it was not remembered as loaded


# --- the command line -------------------------------------------------------------------------------------------


def test_command_line_loads_refuses_and_dry_runs(
    seeded_engine, seeded_database_url, monkeypatch, tmp_path, capsys
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    (tmp_path / "caseloads.csv").write_bytes(CASELOADS)
    (tmp_path / "bad.csv").write_bytes(csv_file(CASELOADS_HEADER, "E08000014,Assessment North,2023-07-01,2.5,40,3,0"))
    (tmp_path / "risks.xlsx").write_bytes(risks_workbook())
    before = table_counts(seeded_engine)

    assert cli.main([str(tmp_path / "caseloads.csv"), "--dry-run"]) == 0
    assert (
        "caseloads.csv (caseloads): would change\n  caseload: 3 added, 0 changed, 0 unchanged"
        in capsys.readouterr().out
    )
    assert table_counts(seeded_engine) == before

    assert cli.main([str(tmp_path / "bad.csv")]) == 1
    output = capsys.readouterr().out
    assert "bad.csv: REFUSED (1 problem(s)); nothing was stored." in output
    assert "bad.csv, row 2, column 'agency_fte': agency_fte is more than case_holding_fte (2.5)" in output
    assert table_counts(seeded_engine) == before

    assert cli.main([str(tmp_path / "caseloads.csv"), str(tmp_path / "risks.xlsx")]) == 0
    output = capsys.readouterr().out
    assert "caseload: 3 added, 0 changed, 0 unchanged" in output
    assert "risk: 1 added, 0 changed, 0 unchanged\n  risk_review: 2 added, 0 changed, 0 unchanged" in output
    after = table_counts(seeded_engine)
    assert (after["caseload"], after["risk"], after["risk_review"]) == (
        before["caseload"] + 3,
        before["risk"] + 1,
        before["risk_review"] + 2,
    )

    assert cli.main([str(tmp_path / "caseloads.csv")]) == 0
    assert "already loaded on" in capsys.readouterr().out


# --- size, recognition and templates ----------------------------------------------------------------------------


def test_ten_thousand_actuals_load(seeded_engine) -> None:
    codes = [
        "social_worker_caseload",
        "agency_worker_rate",
        "vacancy_rate",
        "turnover_rate",
        "repeat_cp_plans",
        "re_referrals_12_months",
        "cp_visits_within_10_days",
        "cp_plans_2_years_plus",
    ]
    rows, month = [], dt.date(1900, 1, 1)
    while len(rows) < 10_000:
        for index, code in enumerate(codes):
            rows.append(f"E08000014,{code},{month:%Y-%m-%d},{(len(rows) % 97) + index / 10:g},,")
        month = (month + dt.timedelta(days=32)).replace(day=1)
    rows = rows[:10_000]
    before = table_counts(seeded_engine)

    result = load(seeded_engine, "ten_thousand.csv", csv_file(ACTUALS_HEADER, *rows), kind="measure_actuals")

    assert result.ok, result.summary()[:2000]
    assert summary_line(result, "observation") == "observation: 10000 added, 0 changed, 0 unchanged"
    assert table_counts(seeded_engine)["observation"] == before["observation"] + 10_000


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("measure_actuals.csv", "measure_actuals"),
        ("caseloads.csv", "caseloads"),
        ("risks.xlsx", "risks"),
        ("risks.csv", "risks"),
        ("risk_reviews.csv", "risks"),
        ("meetings.csv", "meetings"),
        ("adviser_days.csv", "adviser_days"),
    ],
)
def test_templates_are_recognised_as_their_kind(name: str, kind: str) -> None:
    template = kind_named(kind).templates()[name]
    assert recognise(Source(name, template)).kind == kind


def test_risks_template_has_its_two_sheets_and_guidance_and_loads_when_filled_in(seeded_engine) -> None:
    workbook = load_workbook(io.BytesIO(kind_named("risks").templates()["risks.xlsx"]))
    assert workbook.sheetnames == ["risks", "risk_reviews", GUIDANCE_SHEET]
    assert [cell.value for cell in workbook["risks"][1]] == RISKS_HEADER
    assert [cell.value for cell in workbook["risk_reviews"][1]] == REVIEWS_HEADER
    workbook["risks"].append(NEW_RISK)
    workbook["risk_reviews"].append([SEFTON, "R50", dt.date(2023, 7, 3), 4, 3])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = load(seeded_engine, "my_risks.xlsx", buffer.getvalue())

    assert result.ok, result.summary()
    assert summary_line(result, "risk_review") == "risk_review: 1 added, 0 changed, 0 unchanged"


def test_csv_template_headers_match_the_columns_each_kind_reads() -> None:
    assert kind_named("measure_actuals").templates()["measure_actuals.csv"] == (ACTUALS_HEADER + "\n").encode()
    assert kind_named("caseloads").templates()["caseloads.csv"] == (CASELOADS_HEADER + "\n").encode()
    assert kind_named("meetings").templates()["meetings.csv"] == b"authority_code,kind,meeting_date,title,notes\n"
    assert (
        kind_named("adviser_days").templates()["adviser_days.csv"] == b"authority_code,day_date,days,activity,notes\n"
    )


def test_reloading_a_meeting_with_a_corrected_title_shows_only_the_new_title(seeded_engine) -> None:
    assert load(seeded_engine, "meetings.csv", MEETINGS).ok
    corrected = MEETINGS.replace(b"Improvement board July 2023", b'"Improvement board, July 2023"')

    result = load(seeded_engine, "meetings.csv", corrected)

    assert summary_line(result, "meeting") == "meeting: 0 added, 1 changed, 1 unchanged"
    shown = queries.meetings(seeded_engine, SEFTON)
    assert shown[shown["meeting_date"] == "2023-07-20"]["title"].tolist() == ["Improvement board, July 2023"]

"""Files that lie: impossible figures and dates are refused with the value as written and the range allowed, a value
is never cut to fit, and a possible but extreme month loads with a warning the command line and the Data page show.

On the seeded Sefton database (the demo's measures: percentages, a caseload ratio, a count of children, weeks), on
SQLite and PostgreSQL; every refusal leaves every table as it was.
"""

from __future__ import annotations

import datetime as dt

import pytest

from improvement.vocab import latest_date
from loaders.framework.base import Described, as_written
from tests.support.loading import (
    ACTUALS_HEADER,
    CASELOADS_HEADER,
    SEFTON,
    assert_refused_exactly,
    csv_file,
    load,
    table_counts,
    xlsx,
)
from tests.support.realdata import NEIGHBOURS, needs_realdata

DATES = f"expected a date from 01/01/2000 to {latest_date():%d/%m/%Y} (ten years from today): check the year"
PERCENT = "a percent measure: expected a percentage from 0 to 100"
MEASURES_HEADER = ["code", "name", "definition", "unit", "polarity", "source", "counts_children", "national_equivalent"]


def actuals(*rows: str) -> bytes:
    return csv_file(ACTUALS_HEADER, *rows)


def plan(sheet: str, header: list[str], *rows: list, measures: list[list] | None = None) -> bytes:
    sheets = {"measures": [MEASURES_HEADER, *measures]} if measures else {}
    return xlsx({**sheets, sheet: [header, *rows]})


REFUSED = {
    "a vacancy rate of 1e308%": (
        "actuals.csv",
        actuals("E08000014,vacancy_rate,2023-07-01,1e308,,"),
        [f"actuals.csv, row 2, column 'value': is not possible for vacancy_rate, {PERCENT} (found '1e308')"],
    ),
    "2.5 children and a negative caseload": (
        "actuals.csv",
        actuals(
            "E08000014,children_in_pre_proceedings,2023-07-01,2.5,,",
            "E08000014,social_worker_caseload,2023-07-01,-3,,",
            "E08000014,pre_proceedings_median_weeks,2023-07-01,600,,",
        ),
        [
            "actuals.csv, row 2, column 'value': is not possible for children_in_pre_proceedings, a count measure: "
            "expected a whole number from 0 to 1,000,000 (found '2.5')",
            "actuals.csv, row 3, column 'value': is not possible for social_worker_caseload, a ratio measure: "
            "expected a number from 0 to 1,000,000 (found '-3')",
            "actuals.csv, row 4, column 'value': is not possible for pre_proceedings_median_weeks, a weeks measure: "
            "expected a number of weeks from 0 to 520 (found '600')",
        ],
    ),
    "a target of -45%": (
        "plan.xlsx",
        plan(
            "targets",
            ["authority_code", "measure_code", "value", "target_date"],
            [SEFTON, "agency_worker_rate", -45, dt.date(2024, 3, 31)],
        ),
        [
            "plan.xlsx, sheet 'targets', row 2, column 'value': is not possible for agency_worker_rate, "
            f"{PERCENT} (found -45)"
        ],
    ),
    "a trajectory to December 9999": (
        "plan.xlsx",
        plan(
            "trajectories",
            ["authority_code", "measure_code", "period", "planned_value"],
            [SEFTON, "vacancy_rate", dt.date(9999, 12, 1), 12],
        ),
        [f"plan.xlsx, sheet 'trajectories', row 2, column 'period': {DATES} (found '01/12/9999')"],
    ),
    "a baseline of 250% and a planned value of 101%": (
        "plan.xlsx",
        xlsx(
            {
                "plan_measures": [
                    ["authority_code", "measure_code", "priority_area_code", "is_headline", "baseline_value"],
                    [SEFTON, "vacancy_rate", "AFI5", "yes", 250],
                ],
                "trajectories": [
                    ["authority_code", "measure_code", "period", "planned_value"],
                    [SEFTON, "vacancy_rate", "2023-08-01", 101.5],
                ],
            }
        ),
        [
            "plan.xlsx, sheet 'plan_measures', row 2, column 'baseline_value': is not possible for vacancy_rate, "
            f"{PERCENT} (found 250)",
            "plan.xlsx, sheet 'trajectories', row 2, column 'planned_value': is not possible for vacancy_rate, "
            f"{PERCENT} (found 101.5)",
        ],
    ),
    "a measure defined in the same file": (
        "plan.xlsx",
        plan(
            "targets",
            ["authority_code", "measure_code", "value", "target_date"],
            [SEFTON, "new_rate", 150, dt.date(2024, 3, 31)],
            measures=[["new_rate", "New rate", "A new rate", "percent", "higher_is_better", "Local", "no", None]],
        ),
        [f"plan.xlsx, sheet 'targets', row 2, column 'value': is not possible for new_rate, {PERCENT} (found 150)"],
    ),
    "5,000 FTE in a team and negative vacancies": (
        "caseloads.csv",
        csv_file(CASELOADS_HEADER, "E08000014,Assessment North,2023-07-01,5000,150,2,-1"),
        [
            "caseloads.csv, row 2, column 'case_holding_fte': expected an FTE from 0 to 1,000 (found '5000')",
            "caseloads.csv, row 2, column 'vacancies_fte': expected an FTE from 0 to 1,000 (found '-1')",
        ],
    ),
    "a meeting in 1999": (
        "meetings.csv",
        csv_file("authority_code,kind,meeting_date,title,notes", "E08000014,board_meeting,31/12/1999,Board,"),
        [f"meetings.csv, row 2, column 'meeting_date': {DATES} (found '31/12/1999')"],
    ),
    "a source that would be a cut file name": (
        "a" * 246 + ".csv",
        actuals("E08000014,vacancy_rate,2023-07-01,14,,", "E08000014,agency_worker_rate,2023-07-01,13,,"),
        [
            "a" * 246 + ".csv, row 2, column 'source': is empty in 2 row(s), so the file's name would be their source, "
            "and the name is 250 characters long; at most 200 fit: give a source, or shorten the file's name"
        ],
    ),
    "a dataset name that would be cut": (
        "d" * 130 + ".csv",
        b"time_period,time_identifier,geographic_level,country_code,country_name,rate\n"
        b"2024,Calendar year,National,E92000001,England,1.5\n",
        [
            "d" * 130 + ".csv: the file's name (without '.csv') is the dataset's name: it is 130 characters long; at "
            "most 120 fit: shorten it"
        ],
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_impossible_values_are_refused_with_the_value_as_written_and_the_range(seeded_engine, case):
    name, content, expected = REFUSED[case]
    assert_refused_exactly(seeded_engine, name, content, None, expected)


def test_dates_in_messages_are_as_written_never_datetime_reprs(seeded_engine):
    meetings = xlsx(
        {
            "meetings": [
                ["authority_code", "kind", "meeting_date", "title", "notes"],
                [SEFTON, "board_meeting", dt.date(2023, 7, 13), "Board", None],
                [SEFTON, "board_meeting", "2023-07-13", "Board again", None],
            ]
        }
    )
    risks = xlsx(
        {
            "risks": [
                ["authority_code", "reference", "title", "owner", "mitigation", "status", "raised_date", "closed_date"],
                [SEFTON, "R70", "Delay", "Head of Service", "Tracker", "closed", "2023-07-13", dt.date(2023, 7, 1)],
            ]
        }
    )

    assert_refused_exactly(
        seeded_engine,
        "meetings.xlsx",
        meetings,
        None,
        [
            "meetings.xlsx, sheet 'meetings', row 3, column 'meeting_date': repeats row 2: each authority_code + kind "
            "+ meeting_date may appear only once (found 'E08000014 + board_meeting + 2023-07-13')"
        ],
    )
    assert_refused_exactly(
        seeded_engine,
        "risks.xlsx",
        risks,
        None,
        [
            "risks.xlsx, sheet 'risks', row 2, column 'closed_date': is before raised_date (2023-07-13) "
            "(found '01/07/2023')"
        ],
    )
    assert as_written(dt.datetime(2023, 7, 13, 14, 5)) == "'13/07/2023 14:05'"
    assert as_written(Described("<withheld: a date>")) == "<withheld: a date>"


@needs_realdata
def test_a_closeness_too_long_to_store_is_refused_not_cut(engine):
    closeness = "Close enough to be a statistical neighbour of Sefton"  # 52 characters
    text = NEIGHBOURS.read_text(encoding="utf-8-sig").replace(
        "343,Sefton,343,5,North West,344,Very Close,", f"343,Sefton,343,5,North West,344,{closeness},"
    )
    before = table_counts(engine)

    result = load(engine, NEIGHBOURS.name, text.encode())

    assert [str(problem) for problem in result.problems] == [
        f"{NEIGHBOURS.name}, row 45, column 'SNP': is 52 characters long; at most 40 fit: shorten it "
        f"(found '{closeness}')"
    ]
    assert table_counts(engine) == before


# --- possible but extreme: loaded, with a warning --------------------------------------------------------------

MEASURE = "local_visits_rate"


def series(*values: float | str, start: dt.date = dt.date(2022, 1, 1)) -> bytes:
    rows, month = [], start
    for value in values:
        rows.append(f"E08000014,{MEASURE},{month:%Y-%m-%d},{value},,")
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return actuals(*rows)


@pytest.fixture
def new_measure(seeded_engine):
    measures = csv_file(
        ",".join(MEASURES_HEADER), f"{MEASURE},Local visits,Visits in time,percent,higher_is_better,Local,no,"
    )
    assert load(seeded_engine, "improvement_plan_measures.csv", measures).ok
    return seeded_engine


def test_a_month_five_times_beyond_the_usual_change_loads_with_a_warning(new_measure):
    result = load(new_measure, "visits.csv", series(70, 71, 70, 72, 71, 95, 72, 73))

    assert result.ok and result.changes.tables["observation"].added == 8
    assert [note for note in result.changes.notes if note.startswith("warning")] == [
        f"warning: {MEASURE} for E08000014 in June 2022 is 95, against 71 in May 2022 and 72 in July 2022: more than "
        "5 times its usual month-to-month change (1.2); loaded, but check the figure"
    ]
    assert "  note: warning: local_visits_rate for E08000014 in June 2022 is 95" in result.summary()  # as printed

    corrected = load(new_measure, "visits_august.csv", series(75, start=dt.date(2022, 8, 1)))  # judged with stored
    assert corrected.ok and not [note for note in corrected.changes.notes if note.startswith("warning")]
    wild = load(new_measure, "visits_september.csv", series(12, start=dt.date(2022, 9, 1)))
    assert [note for note in wild.changes.notes if note.startswith("warning")] == [
        f"warning: {MEASURE} for E08000014 in September 2022 is 12, against 75 in August 2022: more than 5 times its "
        "usual month-to-month change (7.86); loaded, but check the figure"
    ]


@pytest.mark.parametrize(
    "values",
    [
        (70, 70, 70, 70, 90),  # a series that never moved has no usual change to compare with
        (70, 71, 95),  # fewer than three other changes
        (70, 71, 72, 73, "x", 95),  # no figure the month before: no change to judge
    ],
    ids=["never moved", "too short", "after a gap"],
)
def test_no_warning_without_a_usual_change_to_judge_by(new_measure, values):
    result = load(new_measure, "visits.csv", series(*values))

    assert result.ok, result.summary()
    assert not [note for note in result.changes.notes if note.startswith("warning")]

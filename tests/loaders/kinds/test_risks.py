"""The ``risks`` loader (the risk register and its reviews, as a two-sheet workbook or as CSV files), on the seeded
Sefton database on SQLite and PostgreSQL: risks and reviews of new and stored risks load, a closed risk needs its
closed date, a bad file is refused with exact messages and changes nothing, a re-loaded risk with a new status
keeps its reviews, and the templates are recognised and load when filled in.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from improvement.db.models import Risk, RiskReview
from loaders.framework.templates import GUIDANCE_SHEET
from loaders.registry import kind_named
from tests.support.loading import (
    NEW_RISK,
    REVIEWS_HEADER,
    RISKS_HEADER,
    SEFTON,
    assert_refused_exactly,
    csv_file,
    load,
    risks_workbook,
    summary_line,
)

# --- loading ------------------------------------------------------------------------------------------------------


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


# --- refused files leave the database as it was -------------------------------------------------------------------


REFUSED = {
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
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_bad_files_are_refused_with_exact_messages_and_change_nothing(seeded_engine, case: str) -> None:
    name, content, kind, expected = REFUSED[case]
    assert_refused_exactly(seeded_engine, name, content, kind, expected)


# --- re-loading ---------------------------------------------------------------------------------------------------


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


# --- templates ----------------------------------------------------------------------------------------------------


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

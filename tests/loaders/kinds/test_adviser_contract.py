"""The ``adviser_contract`` loader, on the seeded Sefton database on SQLite and PostgreSQL: a contract file is
recognised and has its template, new terms replace the demo's and keep them as history, an empty extension is no
extension, and a refused contract names its row and column and changes nothing. (The contract's rules and queries
are tested in tests/topics/contract/test_contract.py.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from improvement import queries
from improvement.db.models import AdviserContract, Authority
from improvement.topics.contract.rules import ContractTerms
from loaders.framework.base import Source
from loaders.registry import kind_named
from loaders.run import load_source, recognise
from tests.support.loading import table_counts

SEFTON = "E08000014"

HEADER = (
    "authority_code,adviser_name,start_date,end_date,break_clause_date,monthly_day_allowance,daily_rate_gbp,"
    "vat_rate,budget_gbp,extension_months,notes"
)


def contract_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def test_a_contract_file_is_recognised_and_its_template_has_every_column():
    source = Source("terms.csv", contract_file("343,A N Adviser,30/06/2021,29/06/2022,,4,600,0.2,,0,"))
    assert recognise(source).kind == "adviser_contract"
    assert kind_named("adviser_contract").templates()["adviser_contract.csv"] == (HEADER + "\n").encode()


def test_loading_new_terms_replaces_the_demo_terms_and_keeps_them_as_history(seeded_engine):
    file = contract_file("343,Dr Helen Ashworth,30/06/2021,29/06/2022,31/03/2022,4,600,0.2,,6,Extended to December")

    result = load_source(seeded_engine, Source("adviser_contract.csv", file))

    assert result.ok, result.summary()
    assert str(result.changes.tables["adviser_contract"]) == "adviser_contract: 0 added, 1 changed, 0 unchanged"
    shown = ContractTerms.from_frame(queries.adviser_contract(seeded_engine, SEFTON))
    assert (shown.extension_months, shown.resulting_end, shown.notes) == (
        6,
        dt.date(2022, 12, 29),
        "Extended to December",
    )
    assert shown.budget_gbp is None and shown.budget == 4 * 600 * 18
    with seeded_engine.connect() as connection:
        stored = connection.scalars(
            select(AdviserContract.extension_months)
            .join(Authority, Authority.id == AdviserContract.authority_id)
            .where(Authority.code == SEFTON)  # the demo's other councils have contracts too
            .order_by(AdviserContract.id)
        ).all()
    assert stored == [12, 6]  # the demo's terms stay as history

    same_terms = contract_file(
        "E08000014,Dr Helen Ashworth,2021-06-30,2022-06-29,2022-03-31,4,600,0.2,,6,Extended to December"
    )  # other bytes (new code, ISO dates), the same terms
    again = load_source(seeded_engine, Source("copy.csv", same_terms))
    assert again.ok, again.summary()
    assert str(again.changes.tables["adviser_contract"]) == "adviser_contract: 0 added, 0 changed, 1 unchanged"
    assert table_counts(seeded_engine)["adviser_contract"] == 2 + 6  # Sefton's two, and the demo's six other councils'


def test_an_empty_extension_is_stored_as_no_extension(seeded_engine):
    result = load_source(
        seeded_engine,
        Source("terms.csv", contract_file("E08000014,A N Other,01/04/2023,31/03/2024,,3.5,650,0.2,30000,,")),
    )
    assert result.ok, result.summary()
    assert "extension_months was empty in 1 row(s), stored as 0 (no extension)" in result.summary()
    shown = queries.adviser_contract(seeded_engine, SEFTON).iloc[0]
    assert (shown["adviser_name"], shown["extension_months"], shown["budget_gbp"]) == ("A N Other", 0, 30000)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            "E08000014,Dr Helen Ashworth,30/06/2021,29/06/2022,31/03/2022,4,600,0.2,,13,",
            "adviser_contract.csv, row 2, column 'extension_months': expected whole months from 0 to 12 (found 13)",
        ),
        (
            "E08000014,Dr Helen Ashworth,30/06/2022,29/06/2021,,4,600,0.2,,0,",
            "adviser_contract.csv, row 2, column 'end_date': is not after start_date (30/06/2022): a contract ends "
            "after it starts (found '29/06/2021')",
        ),
        (
            "E08000014,Dr Helen Ashworth,30/06/2021,29/06/2022,,4,600,20,,0,",
            "adviser_contract.csv, row 2, column 'vat_rate': expected a fraction: 20% is written 0.2 (found 20)",
        ),
        (
            "E09999999,Dr Helen Ashworth,30/06/2021,29/06/2022,,4,600,0.2,,0,",
            "adviser_contract.csv, row 2, column 'authority_code': no authority with this code is in the database",
        ),
    ],
    ids=["extension 13", "end before start", "VAT as a percentage", "unknown authority"],
)
def test_a_refused_contract_names_row_and_column_and_changes_nothing(seeded_engine, row, problem):
    before = table_counts(seeded_engine)

    result = load_source(seeded_engine, Source("adviser_contract.csv", contract_file(row)))

    assert not result.ok
    assert [str(p) for p in result.problems][0].startswith(problem)
    assert len(result.problems) == 1
    assert table_counts(seeded_engine) == before

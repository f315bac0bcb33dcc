"""What each person may load, checked by the loaders themselves (``loaders.run.load_source``'s ``access``), on
SQLite and PostgreSQL; every load and grant change in the audit trail, which the database keeps append-only."""

from __future__ import annotations

import getpass

import pandas as pd
import pytest
import sqlalchemy as sa

from improvement import queries
from improvement.access import ALL_COUNCILS, Access, Grant, Role
from improvement.db import get_engine
from improvement.demo import SEFTON, build_programme
from loaders.demo_files import PLAN, files_of
from loaders.run import Source, load_source
from loaders.seed import DEMO_SEED
from tests.support.loading import table_counts
from tests.support.realdata import REALDATA

WIRRAL = "E08000015"
ANALYST = "analyst@sefton.example"


def person(email: str, *grants: tuple[str, Role]) -> Access:
    return Access.of(email, [Grant(email, council, role) for council, role in grants])


def sefton_plan() -> dict[str, bytes]:
    return files_of(build_programme(SEFTON, seed=DEMO_SEED), PLAN)


def wirral_plan() -> dict[str, bytes]:
    """Sefton's demo plan, as if Wirral had written it."""
    return {
        name: content.replace(b"E08000014,343,Sefton", b"E08000015,344,Wirral").replace(b"E08000014", b"E08000015")
        for name, content in sefton_plan().items()
    }


def load_all(engine, files: dict[str, bytes], access: Access | None):
    return [load_source(engine, Source(name, content), access=access) for name, content in files.items()]


@pytest.fixture
def councils(engine):
    """Every council registered by DfE's workforce file, loaded by an operator on the server."""
    assert load_source(engine, Source.from_path(REALDATA / "csww_indicators_2017_to_2025.csv")).ok
    return engine


def test_an_analyst_loads_their_councils_plan_and_is_refused_anothers(councils):
    analyst = person(ANALYST, (SEFTON.code, Role.ANALYST))
    assert all(result.ok for result in load_all(councils, sefton_plan(), analyst))
    before = table_counts(councils)

    results = load_all(councils, wirral_plan(), analyst)

    refused = [result for result in results if not result.ok]
    assert refused, "Wirral's plan was stored for an analyst of Sefton"
    assert any(
        f"holds rows for {WIRRAL}, which your access does not include loading for" in str(problem)
        for result in refused
        for problem in result.problems
    )
    assert table_counts(councils) == before  # nothing of Wirral stored, not even the files that came first
    trail = queries.audit_events(councils)
    loads = trail[trail["action"] == "load"]
    assert set(loads.loc[loads["who"] == ANALYST, "council"].dropna()) == {SEFTON.code}  # (measures: no council)
    assert not loads["detail"].str.contains("E08000015").any()


def test_dfe_tables_need_every_council_and_a_board_member_loads_nothing(councils):
    dfe_file = Source.from_path(REALDATA / "b1_children_in_need_2013_to_2025.csv")
    analyst = person(ANALYST, (SEFTON.code, Role.ANALYST))
    result = load_source(councils, dfe_file, access=analyst)
    assert not result.ok and "is about every council: only someone who may load files for all councils" in str(
        result.problems[0]
    )
    board = person("board@sefton.example", (SEFTON.code, Role.BOARD))
    [first, *_] = load_all(councils, sefton_plan(), board)
    assert not first.ok and "your access does not include loading files" in str(first.problems[0])
    national = person("national@dfe.example", (ALL_COUNCILS, Role.ANALYST))
    assert load_source(councils, dfe_file, access=national).ok


def test_grants_come_from_an_admins_file_and_revoking_keeps_the_history(councils):
    grants = b"user,council,role,action\nBoard@Sefton.example ,E08000014,board,\nofficial@dfe.example,all,dfe,grant\n"
    analyst = person(ANALYST, (SEFTON.code, Role.ANALYST))
    refused = load_source(councils, Source("grants.csv", grants), access=analyst)
    assert not refused.ok and "only an admin may load grants" in str(refused.problems[0])

    admin = person("admin@dashboard.example", (ALL_COUNCILS, Role.ADMIN))
    loaded = load_source(councils, Source("grants.csv", grants), loaded_by=admin.principal, access=admin)
    assert loaded.ok and loaded.kind == "user_grants"
    stored = queries.grants(councils)
    assert set(zip(stored["principal"], stored["council"], stored["role"], strict=True)) == {
        ("board@sefton.example", SEFTON.code, "board"),
        ("official@dfe.example", ALL_COUNCILS, "dfe"),
    }
    assert set(stored["granted_by"]) == {"admin@dashboard.example"}

    revoke = b"user,council,role,action\nboard@sefton.example,E08000014,board,revoke\n"
    assert load_source(councils, Source("revoke.csv", revoke), loaded_by=admin.principal, access=admin).ok
    stored = queries.grants(councils)
    assert len(stored) == 2  # the revoked grant stays, with who revoked it and when
    board = stored[stored["principal"] == "board@sefton.example"].iloc[0]
    assert board["revoked_by"] == "admin@dashboard.example" and not pd.isna(board["revoked_at"])
    assert queries.active_grants(councils, "board@sefton.example").empty
    trail = queries.audit_events(councils)
    assert list(trail.loc[trail["action"].isin(["grant", "revoke"]), "action"]) == ["revoke", "grant", "grant"]

    unknown = b"user,council,role\nsomeone@x.example,E99999999,board\n"
    refused = load_source(councils, Source("unknown.csv", unknown), loaded_by=admin.principal, access=admin)
    assert not refused.ok and "is not a council the dashboard knows" in str(refused.problems[0])


def test_the_audit_trail_cannot_be_changed_or_deleted(councils):
    with councils.begin() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM audit_event")) >= 1
    for statement in ("UPDATE audit_event SET who = 'someone else'", "DELETE FROM audit_event"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), councils.begin() as connection:
            connection.execute(sa.text(statement))


def test_the_command_line_is_an_operators_tool_recorded_as_the_operating_system_user(
    database_url, monkeypatch, tmp_path
):
    from loaders.__main__ import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    path = tmp_path / "first_admin.csv"
    path.write_bytes(b"user,council,role\nfirst.admin@dashboard.example,all,admin\n")
    assert main([str(REALDATA / "csww_indicators_2017_to_2025.csv"), str(path)]) == 0
    engine = get_engine(database_url)
    operator = getpass.getuser()
    loads = queries.load_history(engine)
    assert set(loads["loaded_by"]) == {operator}
    trail = queries.audit_events(engine)
    assert set(trail.loc[trail["action"] == "load", "who"]) == {operator}
    assert (operator, "grant", "admin on all councils to first.admin@dashboard.example") in set(
        zip(trail["who"], trail["action"], trail["detail"], strict=True)
    )

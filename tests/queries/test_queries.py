"""Queries on SQLite and PostgreSQL: the newest load wins, history stays, drafts stay out, the schema is migrated."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from improvement import queries
from improvement.db import get_engine, migrate, session_scope
from improvement.db.engine import alembic_config
from improvement.db.models import Base, Load, Measure, Observation

SEFTON = "E08000014"


def _new_load(session, kind: str = "measure_actuals") -> Load:
    load = Load(
        kind=kind,
        source_name="actuals.csv",
        file_hash="0" * 64,
        loaded_at=dt.datetime(2026, 11, 1, 9, 0),
        loaded_by="analyst",
        row_count=1,
        outcome="loaded",
        is_synthetic=False,
    )
    session.add(load)
    session.flush()
    return load


def test_migrations_create_exactly_the_models_schema(empty_database_url):
    engine = get_engine(empty_database_url)
    migrate(engine)
    migrate(engine)  # applying again is harmless: it is run on every start
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        revision = MigrationContext.configure(connection).get_current_revision()
    assert differences == []
    assert revision == command.ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert set(sa.inspect(engine).get_table_names()) >= {"load", "observation", "rag_report", "rag_rating"}


def test_each_migration_upgrades_a_database_holding_data(empty_database_url):
    """A council's database made at revision 0007 (before reports were written in the dashboard and before the
    portfolio), holding a plan and a report that refer to its priority areas, is brought to the newest revision
    with every row kept, references intact and foreign keys enforced again afterwards (on SQLite the batch copies
    of referenced tables need them off meanwhile: ``migrations/env.py``)."""
    engine = get_engine(empty_database_url)
    command.upgrade(alembic_config(engine), "0007")
    rows = [
        "INSERT INTO load (id, kind, source_name, loaded_at, loaded_by, row_count, outcome, is_synthetic) "
        "VALUES (1, 'improvement_plan', 'plan.xlsx', '2023-01-01 09:00:00', 'analyst', 9, 'loaded', false)",
        "INSERT INTO authority (id, load_id, code, name) VALUES (1, 1, 'E08000014', 'Sefton')",
        "INSERT INTO priority_area (id, load_id, authority_id, code, title, kind, ofsted_wording, source, sort_order) "
        "VALUES (1, 1, 1, 'PA1', 'Pre-proceedings', 'priority_action', 'w', 's', 1), "
        "(2, 1, 1, 'PA2', 'CP planning', 'priority_action', 'w', 's', 2)",
        "INSERT INTO measure (id, load_id, code, name, definition, unit, polarity, source, counts_children) "
        "VALUES (1, 1, 'm', 'M', 'd', 'percent', 'higher_is_better', 's', false)",
        "INSERT INTO plan_measure (id, load_id, authority_id, measure_id, priority_area_id, is_headline) "
        "VALUES (1, 1, 1, 1, 2, true)",
        "INSERT INTO rag_report (id, load_id, authority_id, report_date, version, period_start, period_end, "
        "author, status, overall_narrative) "
        "VALUES (1, 1, 1, '2023-01-06', 1, '2022-11-25', '2023-01-06', 'A', 'submitted', 'o')",
        "INSERT INTO rag_rating (id, load_id, rag_report_id, priority_area_id, rating, narrative) "
        "VALUES (1, 1, 1, 1, 'Red', 'n'), (2, 1, 1, 2, 'Amber', 'n')",
    ]
    with engine.begin() as connection:
        for statement in rows:
            connection.execute(sa.text(statement))
    with engine.connect() as connection:
        before = {
            table: connection.scalar(sa.text(f"SELECT count(*) FROM {table}"))
            for table in ("priority_area", "rag_report", "rag_rating", "plan_measure", "measure")
        }
    migrate(engine)
    with engine.connect() as connection:
        after = {table: connection.scalar(sa.text(f"SELECT count(*) FROM {table}")) for table in before}
        assert MigrationContext.configure(connection).get_current_revision() == "0009"
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    assert after == before and min(before.values()) > 0
    assert queries.priority_areas(engine, SEFTON)["theme"].isna().all()  # no theme until a plan gives one


def test_seeded_queries_return_the_demo_programme(seeded_engine):
    areas = queries.priority_areas(seeded_engine, SEFTON)
    assert areas["priority_area_code"].tolist() == ["PA1", "PA2", "AFI3", "AFI4", "AFI5"]
    plan = queries.plan_measures(seeded_engine, SEFTON)
    assert 10 <= len(plan) <= 15
    assert plan["target_value"].notna().all()
    observed = queries.observations(seeded_engine, SEFTON)
    assert observed["period"].min() == pd.Timestamp("2021-07-01")
    assert observed["period"].max() == pd.Timestamp("2023-06-01")
    # A suppressed value is a status with no value, never a zero.
    assert (observed["value"].isna() == observed["status"].notna()).all()


def test_a_newer_load_wins_and_the_older_value_stays_as_history(seeded_engine):
    before = queries.observations(seeded_engine, SEFTON, ["social_worker_caseload"])
    last = before.iloc[-1]
    with session_scope(seeded_engine) as session:
        load = _new_load(session)
        measure_id = session.scalar(sa.select(Measure.id).where(Measure.code == "social_worker_caseload"))
        authority_id = session.scalar(sa.text("SELECT id FROM authority WHERE code = :c"), {"c": SEFTON})
        session.add(
            Observation(
                authority_id=authority_id,
                measure_id=measure_id,
                period=last["period"].date(),
                value=99.5,
                status=None,
                source="corrected return",
                load_id=load.id,
            )
        )

    after = queries.observations(seeded_engine, SEFTON, ["social_worker_caseload"])
    assert len(after) == len(before)
    assert after.iloc[-1]["value"] == 99.5
    assert after.iloc[-1]["source"] == "corrected return"
    with seeded_engine.connect() as connection:
        stored = connection.execute(
            sa.select(Observation.value)
            .where(
                Observation.authority_id == authority_id,
                Observation.measure_id == measure_id,
                Observation.period == last["period"].date(),
            )
            .order_by(Observation.load_id)
        ).scalars()
        assert list(stored) == [last["value"], 99.5]


def test_rag_ratings_come_from_the_newest_submitted_version_only(seeded_engine):
    ratings = queries.rag_ratings(seeded_engine, SEFTON)
    per_report = ratings.groupby("report_date")["priority_area_code"].count()
    assert (per_report == 5).all()  # one rating per priority area in every report
    assert ratings.groupby("report_date")["version"].nunique().max() == 1
    with seeded_engine.connect() as connection:
        drafts = connection.execute(
            sa.text(
                "SELECT report_date, version FROM rag_report WHERE status = 'draft' "
                "AND authority_id = (SELECT id FROM authority WHERE code = :authority)"
            ),
            {"authority": SEFTON},
        ).all()
    assert drafts  # the demo holds Sefton's drafts
    for report_date, version in drafts:
        shown = ratings.loc[ratings["report_date"] == pd.Timestamp(report_date), "version"]
        assert version not in set(shown)


def test_a_failed_load_leaves_the_database_as_it_was(seeded_engine):
    before = queries.observations(seeded_engine, SEFTON)
    with pytest.raises(sa.exc.IntegrityError), session_scope(seeded_engine) as session:
        load = _new_load(session)
        session.add(  # a value and a status together break the value-or-status rule
            Observation(
                authority_id=1,
                measure_id=1,
                period=dt.date(2023, 7, 1),
                value=0.0,
                status="c",
                source="x",
                load_id=load.id,
            )
        )
        session.flush()
    after = queries.observations(seeded_engine, SEFTON)
    pd.testing.assert_frame_equal(before, after)
    with seeded_engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(Load)) == 7  # only the seed's (a council each)


def test_provenance_says_the_demo_data_is_synthetic(seeded_engine):
    loaded_at, synthetic = queries.provenance(seeded_engine, SEFTON)
    assert synthetic is True
    assert loaded_at is not None


def test_a_reloaded_milestone_shows_once_with_its_new_status(seeded_engine):
    from loaders.run import Source, load_source

    before = queries.milestones(seeded_engine, SEFTON)
    first = before.iloc[0]
    csv = (
        "authority_code,action_reference,title,due_date,status,completed_date\n"
        f'{SEFTON},{first["reference"]},"{first["milestone"]}",{first["due_date"]:%Y-%m-%d},complete,2023-06-30\n'
    ).encode()
    result = load_source(seeded_engine, Source("improvement_plan_milestones.csv", csv), "improvement_plan")
    assert result.ok, result.summary()

    after = queries.milestones(seeded_engine, SEFTON)
    assert len(after) == len(before)
    mine = after[(after["reference"] == first["reference"]) & (after["milestone"] == first["milestone"])]
    assert mine["status"].tolist() == ["complete"]
    assert mine["completed_date"].tolist() == [pd.Timestamp("2023-06-30")]

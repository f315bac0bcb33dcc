"""Seeding and storing programmes, on SQLite and PostgreSQL (the ``engine`` fixtures in conftest.py).

A new database gets the demo data once, each council's programme (Sefton's, then the six invented councils of the
portfolio) as a synthetic load of its own; a failure part-way stores nothing at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from improvement.db import database_is_empty, get_engine
from improvement.db.models import Authority, Load, Measure, Observation, PriorityArea, RagRating, RagReport
from improvement.demo import build_large_dataset, build_programme
from loaders.seed import DEMO_SOURCE_NAME, ProgrammeError, demo_programmes, prepare_database, store_programme
from tests.support.demo import FRAME_MODELS
from tests.support.environment import REPO_ROOT


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, named as the programme's frames (plus ``load``)."""
    tables = FRAME_MODELS | {"load": Load}
    with Session(engine) as session:
        count = func.count()
        return {name: session.scalar(select(count).select_from(model)) for name, model in tables.items()}


def test_seeding_an_empty_database_stores_each_councils_programme_under_its_own_synthetic_load(empty_database_url):
    engine = get_engine(empty_database_url)
    assert prepare_database(engine) is True

    programmes = demo_programmes()
    sefton = build_programme()
    assert list(programmes)[0] == DEMO_SOURCE_NAME and programmes[DEMO_SOURCE_NAME].row_counts() == sefton.row_counts()
    expected = {name: sum(p.row_counts()[name] for p in programmes.values()) for name in sefton.row_counts()}
    expected["measures"] = len(sefton.measures)  # one shared catalogue, stored with Sefton's load
    counts = row_counts(engine)
    assert counts == expected | {"load": 7}
    with Session(engine) as session:
        loads = session.scalars(select(Load).order_by(Load.id)).all()
        assert [load.source_name for load in loads] == list(programmes)
        for load in loads:
            assert load.is_synthetic is True
            assert (load.kind, load.outcome, load.loaded_by) == ("demo_seed", "loaded", "seed")
            assert abs(load.loaded_at - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=5)
        first = loads[0]
        assert "Sefton" in first.source_name and first.row_count == sum(sefton.row_counts().values())
        assert all("(synthetic)" in load.source_name for load in loads[1:])
        for load, programme in zip(loads[1:], list(programmes.values())[1:], strict=True):
            assert load.row_count == sum(programme.row_counts().values()) - len(programme.measures)
        sefton_id = select(Authority.id).where(Authority.code == "E08000014").scalar_subquery()
        for name, model in FRAME_MODELS.items():
            if "authority_id" not in model.__table__.columns:
                continue
            others = session.scalar(
                select(func.count())
                .select_from(model)
                .where(model.authority_id == sefton_id, model.load_id != first.id)
            )
            assert others == 0, name


def test_seeded_rows_keep_their_meaning(empty_database_url):
    engine = get_engine(empty_database_url)
    prepare_database(engine)
    programme = build_programme()
    with Session(engine) as session:
        codes = session.scalars(select(Authority.code).order_by(Authority.id)).all()
        assert codes[0] == "E08000014" and sorted(codes[1:]) == [f"E0609990{n}" for n in range(1, 7)]
        sefton = session.scalar(select(Authority.id).where(Authority.code == "E08000014"))
        # Suppressed figures stay suppressed: no value, status c.
        suppressed = session.execute(
            select(Observation.value, Observation.status).where(
                Observation.status.is_not(None), Observation.authority_id == sefton
            )
        ).all()
        assert suppressed and all(value is None and status == "c" for value, status in suppressed)
        assert len(suppressed) == programme.observations["status"].notna().sum()
        # The newest report date has a submitted version 1 and a draft version 2.
        newest = session.scalar(select(func.max(RagReport.report_date)).where(RagReport.authority_id == sefton))
        versions = session.execute(
            select(RagReport.version, RagReport.status)
            .where(RagReport.report_date == newest, RagReport.authority_id == sefton)
            .order_by(RagReport.version)
        ).all()
        assert [tuple(row) for row in versions] == [(1, "submitted"), (2, "draft")]
        # Ratings point at the right report and priority area.
        stored = session.execute(
            select(RagReport.report_date, RagReport.version, PriorityArea.code, RagRating.rating)
            .join(RagRating.report)
            .join(PriorityArea, PriorityArea.id == RagRating.priority_area_id)
            .where(RagReport.authority_id == sefton)
        ).all()
    expected = programme.rag_ratings[["report_date", "version", "priority_area_code", "rating"]]
    assert sorted(tuple(row) for row in stored) == sorted(expected.itertuples(index=False, name=None))


def test_seeding_twice_does_not_duplicate(empty_database_url):
    engine = get_engine(empty_database_url)
    assert prepare_database(engine) is True
    after_first = row_counts(engine)
    assert prepare_database(engine) is False
    assert row_counts(engine) == after_first


def test_a_failure_part_way_through_stores_nothing_at_all(engine):
    programme = build_programme()
    ratings = programme.rag_ratings.copy()
    ratings.loc[ratings.index[-1], "priority_area_code"] = "PA9"  # no such priority area
    broken = dataclasses.replace(programme, rag_ratings=ratings)

    with pytest.raises(ProgrammeError, match="rag_ratings.*priority area.*PA9"):
        store_programme(engine, broken)

    assert set(row_counts(engine).values()) == {0}  # not even the load row, the authority or the measures
    assert database_is_empty(engine)


def test_authorities_and_measures_already_stored_are_reused(engine):
    store_programme(engine, build_programme())
    next_year = build_programme(start=dt.date(2023, 7, 1), end=dt.date(2024, 6, 1), seed=2023)
    store_programme(engine, next_year, kind="demo_extension", source_name="Next year")

    counts = row_counts(engine)
    assert counts["authorities"] == 1
    assert counts["measures"] == len(next_year.measures)
    assert counts["load"] == 2
    assert counts["priority_areas"] == 2 * len(next_year.priority_areas)  # loads append
    assert counts["observations"] == len(build_programme().observations) + len(next_year.observations)
    with Session(engine) as session:
        loads = session.scalars(select(Load).order_by(Load.id)).all()
        assert loads[1].row_count == sum(next_year.row_counts().values()) - 1 - len(next_year.measures)


def test_many_authorities_are_stored_in_one_load(engine):
    programme = build_large_dataset(n_authorities=4, years=1, seed=11)
    load_id = store_programme(engine, programme, kind="benchmark", source_name="Synthetic benchmark")

    assert row_counts(engine) == programme.row_counts() | {"load": 1}
    with Session(engine) as session:
        load = session.get(Load, load_id)
        assert load.row_count == sum(programme.row_counts().values())
        measure_codes = session.scalars(select(Measure.code).order_by(Measure.code)).all()
        assert measure_codes == sorted(programme.measures["code"])
        per_authority = session.execute(
            select(Authority.code, func.count(Observation.id))
            .join(Observation, Observation.authority_id == Authority.id)
            .group_by(Authority.code)
        ).all()
    assert dict(per_authority) == programme.observations.groupby("authority_code").size().to_dict()


def test_seed_command_reports_what_it_did(empty_database_url):
    environment = {**os.environ, "DATABASE_URL": empty_database_url}

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "loaders.seed"],
            cwd=REPO_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout

    first = run()
    observations = sum(len(programme.observations) for programme in demo_programmes().values())
    assert first.startswith("Seeded synthetic demo data:")
    assert "authorities 7" in first and "measures 15" in first and f"observations {observations:,}," in first
    assert "interventions 7" in first
    assert "Database already has data; nothing seeded" in run()

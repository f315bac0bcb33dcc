"""Write a ``Programme`` (see ``improvement.demo``) to the database: one load, one transaction.

Every row is stamped with the new load's id. The programme's frames refer to one another by code (authority
code, priority area code, measure code, report date and version, action and risk reference); here the codes
become ids. A code that resolves to nothing raises ``ProgrammeError`` and the whole transaction, the load row
included, is rolled back: a load is stored entirely or not at all.

Authorities and measures are shared catalogues (unique by code): ones already stored are reused, not repeated.
Everything else is appended, as loaders always do; queries choose the newest load.

Rows go in as bulk inserts, never one ORM object per row: PostgreSQL (psycopg) gets ``COPY ... FROM STDIN``,
other databases a Core ``executemany``. The large benchmark programme (over 400,000 rows) stores in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, select

from improvement.db import session_scope
from improvement.db.models import (
    AdviserContract,
    AdviserDay,
    Authority,
    Caseload,
    Load,
    Measure,
    Meeting,
    Milestone,
    Observation,
    PlanAction,
    PlanMeasure,
    PriorityArea,
    RagRating,
    RagReport,
    Risk,
    RiskReview,
    Target,
    TrajectoryPoint,
)
from improvement.demo import Programme
from loaders.bulk import insert_frame


class ProgrammeError(ValueError):
    """The programme refers to something it does not contain (nothing has been stored)."""


def store_programme(
    engine: Engine,
    programme: Programme,
    *,
    kind: str = "demo_seed",
    source_name: str = "Synthetic demo programme",
    is_synthetic: bool = True,
    loaded_by: str = "seed",
) -> int:
    """Store ``programme`` as one load in one transaction; return the load's id."""
    with session_scope(engine) as session:
        load = Load(
            kind=kind,
            source_name=source_name,
            loaded_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            loaded_by=loaded_by,
            row_count=0,
            outcome="loaded",
            is_synthetic=is_synthetic,
        )
        session.add(load)
        session.flush()
        load.row_count = _ProgrammeWriter(session.connection(), load.id).write(programme)
        return load.id


class _ProgrammeWriter:
    """Inserts the frames in dependency order, keeping the code -> id maps the later frames need."""

    def __init__(self, connection: Connection, load_id: int) -> None:
        self.connection = connection
        self.load_id = load_id
        self.rows_written = 0

    def write(self, p: Programme) -> int:
        authority_ids = self._catalogue(Authority, p.authorities)
        measure_ids = self._catalogue(Measure, p.measures)

        def with_authority(frame: pd.DataFrame, what: str) -> pd.DataFrame:
            return _with_ids(frame, "authority_id", ["authority_code"], authority_ids, what, "authority")

        areas = with_authority(p.priority_areas, "priority_areas")
        self._insert(PriorityArea, areas)
        area_ids = self._ids_of_this_load(PriorityArea, ["authority_id", "code"])

        def with_area(frame: pd.DataFrame, what: str, nullable: bool = False) -> pd.DataFrame:
            return _with_ids(
                frame,
                "priority_area_id",
                ["authority_id", "priority_area_code"],
                area_ids,
                what,
                "priority area",
                nullable=nullable,
            )

        def with_measure(frame: pd.DataFrame, what: str) -> pd.DataFrame:
            return _with_ids(frame, "measure_id", ["measure_code"], measure_ids, what, "measure")

        plan_measures = with_authority(p.plan_measures, "plan_measures")
        self._insert(PlanMeasure, with_area(with_measure(plan_measures, "plan_measures"), "plan_measures"))
        for model, frame, what in (
            (Target, p.targets, "targets"),
            (TrajectoryPoint, p.trajectory_points, "trajectory_points"),
            (Observation, p.observations, "observations"),
        ):
            self._insert(model, with_measure(with_authority(frame, what), what))

        self._insert(RagReport, with_authority(p.rag_reports, "rag_reports"))
        report_ids = self._ids_of_this_load(RagReport, ["authority_id", "report_date", "version"])
        ratings = with_area(with_authority(p.rag_ratings, "rag_ratings"), "rag_ratings")
        ratings = _with_ids(
            ratings,
            "rag_report_id",
            ["authority_id", "report_date", "version"],
            report_ids,
            "rag_ratings",
            "report",
        )
        self._insert(RagRating, ratings)

        self._insert(Caseload, with_authority(p.caseloads, "caseloads"))

        self._insert(PlanAction, with_area(with_authority(p.plan_actions, "plan_actions"), "plan_actions"))
        action_ids = self._ids_of_this_load(PlanAction, ["authority_id", "reference"])
        milestones = with_authority(p.milestones, "milestones")
        self._insert(
            Milestone,
            _with_ids(
                milestones,
                "plan_action_id",
                ["authority_id", "action_reference"],
                action_ids,
                "milestones",
                "plan action",
            ),
        )

        self._insert(Risk, with_area(with_authority(p.risks, "risks"), "risks", nullable=True))
        risk_ids = self._ids_of_this_load(Risk, ["authority_id", "reference"])
        reviews = with_authority(p.risk_reviews, "risk_reviews")
        self._insert(
            RiskReview,
            _with_ids(
                reviews,
                "risk_id",
                ["authority_id", "risk_reference"],
                risk_ids,
                "risk_reviews",
                "risk",
            ),
        )

        self._insert(Meeting, with_authority(p.meetings, "meetings"))
        self._insert(AdviserContract, with_authority(p.adviser_contracts, "adviser_contracts"))
        self._insert(AdviserDay, with_authority(p.adviser_days, "adviser_days"))
        return self.rows_written

    def _catalogue(self, model: type[Authority] | type[Measure], frame: pd.DataFrame) -> dict[Hashable, int]:
        """Code -> id for a catalogue (authorities, measures): stored rows are reused, new codes inserted."""
        codes = list(dict.fromkeys(frame["code"]))
        query = select(model.code, model.id).where(model.code.in_(codes))
        stored = dict(self.connection.execute(query).all())
        self._insert(model, frame[~frame["code"].isin(list(stored))].drop_duplicates("code"))
        return dict(self.connection.execute(query).all())

    def _ids_of_this_load(self, model, key_columns: Sequence[str]) -> dict[Hashable, int]:
        """(key columns...) -> id for the rows this load has just written to ``model``'s table."""
        columns = [getattr(model, name) for name in key_columns]
        result = self.connection.execute(select(model.id, *columns).where(model.load_id == self.load_id))
        return {tuple(row[1:]): row[0] for row in result}

    def _insert(self, model, frame: pd.DataFrame) -> None:
        self.rows_written += insert_frame(self.connection, model, frame, self.load_id)


def _with_ids(
    frame: pd.DataFrame,
    id_column: str,
    key_columns: Sequence[str],
    ids: dict[Hashable, int],
    what: str,
    refers_to: str,
    *,
    nullable: bool = False,
) -> pd.DataFrame:
    """``frame`` with ``id_column`` added by looking its key columns up in ``ids``; unknown keys raise."""
    keys: Iterable[Hashable] = (
        frame[key_columns[0]].tolist()
        if len(key_columns) == 1
        else zip(*(frame[column].tolist() for column in key_columns), strict=True)
    )
    found, missing = [], []
    for key in keys:
        if nullable and pd.isna(key[-1] if isinstance(key, tuple) else key):
            found.append(None)
        elif key in ids:
            found.append(ids[key])
        else:
            found.append(None)
            missing.append(key)
    if missing:
        examples = ", ".join(repr(key) for key in list(dict.fromkeys(missing))[:3])
        raise ProgrammeError(
            f"{what}: {len(missing)} row(s) refer to a {refers_to} that is not in the programme ({examples})"
        )
    return frame.assign(**{id_column: pd.Series(found, index=frame.index, dtype=object)})

"""The demo seed: a new, empty database gets Sefton's synthetic improvement programme and the six invented councils
in intervention of DfE's portfolio (``improvement.demo.portfolio``), so the app has something to show on first
start. A database that already holds any load is left alone. Each council is its own synthetic load, Sefton's first.

Run ``python -m loaders.seed`` to migrate and (if empty) seed the database named by ``DATABASE_URL`` (exit status 3,
with one line saying why, when it cannot be used).

A ``Programme`` (``improvement.demo``) is written as one load in one transaction, through the framework's one
store (``loaders.framework.store``) as a *snapshot*: each of its frames is the table a kind of file declares
(``PROGRAMME_TABLES``: the plan's, the RAG report's, the monthly and governance tables), its codes (authority,
priority area, measure, report date and version, action and risk reference) are checked and become the ids of the
rows they name, in the programme or already stored, and every row is written with the load's id. A code that names
nothing raises ``ProgrammeError`` and the whole transaction, the load row included, is rolled back.

Authorities and measures are shared catalogues: ones already stored are reused, not repeated. Everything else is
written again, so the load holds the whole programme; queries choose the newest load. Rows go in as bulk inserts
(``COPY`` on PostgreSQL): the large benchmark programme (over 400,000 rows) stores in seconds.
"""

from __future__ import annotations

import datetime as dt
import sys

from sqlalchemy import Engine

from improvement.db import database_is_empty, get_engine, migrate, session_scope
from improvement.db.access import Action, record
from improvement.db.models import Load
from improvement.db.unavailable import command_line
from improvement.demo import SEFTON, Programme, build_council, build_programme, portfolio
from loaders.framework.base import FileRefused
from loaders.framework.readers import ROW
from loaders.framework.store import store_file
from loaders.framework.tables import ReadFile, ReadTable, StoredTable
from loaders.kinds.adviser_contract import AdviserContractKind
from loaders.kinds.adviser_days import AdviserDays
from loaders.kinds.caseloads import Caseloads
from loaders.kinds.improvement_plan import TABLES as PLAN
from loaders.kinds.interventions import Interventions
from loaders.kinds.measure_actuals import MeasureActuals
from loaders.kinds.meetings import Meetings
from loaders.kinds.ofsted_judgements import OfstedJudgements
from loaders.kinds.rag_report import RATINGS_TABLE, REPORT_TABLE
from loaders.kinds.risks import Risks

DEMO_SEED = 2021
DEMO_SOURCE_NAME = f"Synthetic demo programme for {SEFTON.name} (seed {DEMO_SEED})"

PROGRAMME_TABLES: dict[str, StoredTable] = {
    "authorities": PLAN["authority"],
    "measures": PLAN["measures"],
    "priority_areas": PLAN["priority_areas"],
    "plan_measures": PLAN["plan_measures"],
    "targets": PLAN["targets"],
    "trajectory_points": PLAN["trajectories"],
    "observations": MeasureActuals.tables[0],
    "rag_reports": REPORT_TABLE,
    "rag_ratings": RATINGS_TABLE,
    "caseloads": Caseloads.tables[0],
    "plan_actions": PLAN["actions"],
    "milestones": PLAN["milestones"],
    "risks": Risks.tables[0],
    "risk_reviews": Risks.tables[1],
    "meetings": Meetings.tables[0],
    "adviser_contracts": AdviserContractKind.tables[0],
    "adviser_days": AdviserDays.tables[0],
    "interventions": Interventions.tables[0],
    "ofsted_judgements": OfstedJudgements.tables[0],
}
"""Each frame of a ``Programme`` -> the table it is, in the order they are stored (each after those it names)."""


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
    tables = []
    for name, table in PROGRAMME_TABLES.items():
        frame = getattr(programme, name).copy()
        frame.insert(0, ROW, range(2, len(frame) + 2))  # as the programme's CSV file would number its rows
        tables.append(ReadTable(table, name, None, frame))
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
        try:
            stored = store_file(session.connection(), ReadFile(tables), load.id, snapshot=True)
        except FileRefused as refused:
            raise ProgrammeError(str(refused)) from None
        load.row_count = stored.written
        record(session.connection(), loaded_by, Action.LOAD, f"{source_name} ({kind}) as load {load.id}")
        return load.id


def demo_programmes() -> dict[str, Programme]:
    """The demo, one programme per council by the name of its load: Sefton's, then the six invented councils'."""
    programmes = {DEMO_SOURCE_NAME: build_programme(SEFTON, seed=DEMO_SEED)}
    for council in portfolio.COUNCILS:
        name = f"Synthetic demo programme for {council.authority.name} (seed {council.seed})"
        programmes[name] = build_council(council)
    return programmes


def prepare_database(engine: Engine) -> bool:
    """Migrate; then, only if no load was ever stored, store the demo programmes. True if it seeded."""
    return _seed_if_empty(engine) is not None


def _seed_if_empty(engine: Engine) -> list[Programme] | None:
    migrate(engine)
    if not database_is_empty(engine):
        return None
    programmes = demo_programmes()
    for source_name, programme in programmes.items():
        store_programme(
            engine, programme, kind="demo_seed", source_name=source_name, is_synthetic=True, loaded_by="seed"
        )
    return list(programmes.values())


def describe(programmes: Programme | list[Programme]) -> str:
    """What the seed stored, table by table, all councils together."""
    programmes = [programmes] if isinstance(programmes, Programme) else programmes
    counts: dict[str, int] = {}
    for programme in programmes:
        for name, count in programme.row_counts().items():
            counts[name] = counts.get(name, 0) + count
    counts["measures"] = max(len(programme.measures) for programme in programmes)  # one shared catalogue
    parts = [f"{name.replace('_', ' ')} {count:,}" for name, count in counts.items()]
    return "Seeded synthetic demo data: " + ", ".join(parts)


def main() -> int:
    """Seed the database in ``DATABASE_URL``; exit status 3, with one line on stderr, if it cannot be used."""
    return command_line("python -m loaders.seed", _seed_and_say)


def _seed_and_say() -> int:
    engine = get_engine()
    where = engine.url.render_as_string(hide_password=True)
    programmes = _seed_if_empty(engine)
    if programmes is None:
        print(f"Database already has data; nothing seeded ({where}).")
    else:
        print(f"{describe(programmes)} ({where}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

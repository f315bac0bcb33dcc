"""Queries for DfE's portfolio view: every council's interventions and Ofsted judgements.

Loaders append, so the newest load wins: one row per authority, kind and start date of an intervention, and per
authority, inspection kind and date of a judgement; earlier values stay in the database as history.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from improvement.db.models import Authority, Intervention, OfstedJudgement
from improvement.queries.sql import newest_per_key, read_frame

INTERVENTION_COLUMNS = ["authority_code", "kind", "start_date", "end_date", "adviser", "notes"]
JUDGEMENT_COLUMNS = [
    "authority_code",
    "inspection_kind",
    "inspection_date",
    "overall",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
    "notes",
]


def interventions(engine: Engine) -> pd.DataFrame:
    """Every council's interventions (``INTERVENTION_COLUMNS``; ``end_date`` NaT while it lasts), by council and
    start date; dates as datetime64."""
    newest = newest_per_key(
        select(
            Intervention.authority_id,
            Intervention.kind,
            Intervention.start_date,
            Intervention.end_date,
            Intervention.adviser,
            Intervention.notes,
        ),
        [Intervention.authority_id, Intervention.kind, Intervention.start_date],
        [Intervention.load_id, Intervention.id],
    ).subquery()
    statement = select(Authority.code.label("authority_code"), *[newest.c[name] for name in INTERVENTION_COLUMNS[1:]])
    statement = statement.join(newest, newest.c.authority_id == Authority.id)
    frame = _none_when_missing(read_frame(engine, statement, date_columns=("start_date", "end_date")), ["notes"])
    return frame.sort_values(["authority_code", "start_date", "kind"], ignore_index=True)[INTERVENTION_COLUMNS]


def ofsted_judgements(engine: Engine) -> pd.DataFrame:
    """Every council's Ofsted inspections and visits (``JUDGEMENT_COLUMNS``; a grade is None where not graded),
    by council and date; ``inspection_date`` as datetime64."""
    newest = newest_per_key(
        select(OfstedJudgement.authority_id, *[getattr(OfstedJudgement, name) for name in JUDGEMENT_COLUMNS[1:]]),
        [OfstedJudgement.authority_id, OfstedJudgement.inspection_kind, OfstedJudgement.inspection_date],
        [OfstedJudgement.load_id, OfstedJudgement.id],
    ).subquery()
    statement = select(Authority.code.label("authority_code"), *[newest.c[name] for name in JUDGEMENT_COLUMNS[1:]])
    statement = statement.join(newest, newest.c.authority_id == Authority.id)
    frame = _none_when_missing(read_frame(engine, statement, date_columns=("inspection_date",)), JUDGEMENT_COLUMNS[3:])
    return frame.sort_values(["authority_code", "inspection_date", "inspection_kind"], ignore_index=True)[
        JUDGEMENT_COLUMNS
    ]


def _none_when_missing(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Text columns with None (never NaN) where the database holds NULL."""
    for column in columns:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame

"""Queries for the Adviser contract page: the contract's terms and the adviser's delivered days.

Loaders append, so the newest load wins: one set of contract terms per authority (a re-loaded contract with a new
extension replaces the old terms on the page) and one row per adviser day's date and activity.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from improvement.db.models import AdviserContract, AdviserDay, Load, own_columns
from improvement.queries.sql import authority_id, newest_per_key, read_frame

CONTRACT_COLUMNS = [*own_columns(AdviserContract), "loaded_at", "is_synthetic"]


def adviser_contract(engine: Engine, authority_code: str) -> pd.DataFrame:
    """The authority's contract terms from the newest load (one row; none when no contract is loaded)."""
    statement = (
        select(
            *(getattr(AdviserContract, name) for name in CONTRACT_COLUMNS[:-2]),
            Load.loaded_at,
            Load.is_synthetic,
        )
        .join(Load, Load.id == AdviserContract.load_id)
        .where(AdviserContract.authority_id == authority_id(authority_code))
    )
    newest = newest_per_key(statement, [AdviserContract.authority_id], [AdviserContract.load_id])
    return read_frame(engine, newest)[CONTRACT_COLUMNS]


def adviser_days(engine: Engine, authority_code: str) -> pd.DataFrame:
    """The adviser's days, newest load per date and activity, in date order."""
    statement = select(AdviserDay.day_date, AdviserDay.activity, AdviserDay.days, AdviserDay.notes).where(
        AdviserDay.authority_id == authority_id(authority_code)
    )
    newest = newest_per_key(statement, [AdviserDay.day_date, AdviserDay.activity], [AdviserDay.load_id])
    frame = read_frame(engine, newest, date_columns=("day_date",))
    return frame.sort_values(["day_date", "activity"], ignore_index=True)

"""Queries for the governance pages: the risk register and each risk's reviews.

Milestones and actions come from ``improvement.queries.board.milestones``. Loaders append, so the newest load wins
for each key: a risk is known by its authority and reference, a review by its risk's reference and review date.
A review points at the version of the risk that was newest when it was loaded; it is matched to the risk by
reference, so a later correction of the risk (a new owner, say) keeps all its reviews.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from improvement.db.models import PriorityArea, Risk, RiskReview
from improvement.queries.sql import authority_id, newest_per_key, read_frame


def risks(engine: Engine, authority_code: str) -> pd.DataFrame:
    """The risk register, one row per risk reference (newest load), with its priority area code if it has one."""
    statement = (
        select(
            Risk.reference,
            Risk.title,
            PriorityArea.code.label("priority_area_code"),
            Risk.owner,
            Risk.mitigation,
            Risk.status,
            Risk.raised_date,
            Risk.closed_date,
        )
        .outerjoin(PriorityArea, PriorityArea.id == Risk.priority_area_id)
        .where(Risk.authority_id == authority_id(authority_code))
    )
    newest = newest_per_key(statement, [Risk.reference], [Risk.load_id])
    frame = read_frame(engine, newest, date_columns=("raised_date", "closed_date"))
    return frame.sort_values("reference", ignore_index=True)


def risk_reviews(engine: Engine, authority_code: str) -> pd.DataFrame:
    """Each review of each risk (likelihood and impact, 1 to 5), newest load per risk reference and review date."""
    statement = (
        select(
            Risk.reference.label("risk_reference"),
            RiskReview.review_date,
            RiskReview.likelihood,
            RiskReview.impact,
        )
        .join(Risk, Risk.id == RiskReview.risk_id)
        .where(Risk.authority_id == authority_id(authority_code))
    )
    newest = newest_per_key(statement, [Risk.reference, RiskReview.review_date], [RiskReview.load_id])
    frame = read_frame(engine, newest, date_columns=("review_date",))
    return frame.sort_values(["risk_reference", "review_date"], ignore_index=True)

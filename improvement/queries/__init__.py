"""Read the database into DataFrames: the only package that holds SQL (as SQLAlchemy Core expressions).

One module per area of the product; every function takes the engine (and usually an authority code) and returns a
tidy DataFrame with domain column names.
"""

from improvement.queries.board import (
    authorities,
    caseloads,
    data_version,
    meetings,
    milestones,
    observations,
    plan_measures,
    priority_areas,
    provenance,
    rag_ratings,
    trajectories,
)

__all__ = [
    "authorities",
    "caseloads",
    "data_version",
    "meetings",
    "milestones",
    "observations",
    "plan_measures",
    "priority_areas",
    "provenance",
    "rag_ratings",
    "trajectories",
]

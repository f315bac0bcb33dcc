"""Read the database into DataFrames: the only package that holds SQL (as SQLAlchemy Core expressions).

One module per area of the product; every function takes the engine (and usually an authority code) and returns a
tidy DataFrame with domain column names.
"""

from improvement.queries.access import active_grants, audit_events, councils_written, grants, load_councils
from improvement.queries.annex_a import annex_a_aggregates, annex_a_extracts
from improvement.queries.board import (
    AUTHORITY_TABLES,
    authorities,
    authority_contents,
    caseloads,
    data_version,
    measures,
    meetings,
    milestones,
    observations,
    plan_measures,
    priority_areas,
    provenance,
    published_periods,
    rag_ratings,
    trajectories,
)
from improvement.queries.contract import adviser_contract, adviser_days
from improvement.queries.governance import risk_reviews, risks
from improvement.queries.loads import freshness, load_history
from improvement.queries.portfolio import interventions, ofsted_judgements
from improvement.queries.published import published_indicators, published_values, statistical_neighbours
from improvement.queries.reports import report_versions, submitted_report, version_ratings

__all__ = [
    "report_versions",
    "submitted_report",
    "version_ratings",
    "active_grants",
    "audit_events",
    "councils_written",
    "grants",
    "load_councils",
    "AUTHORITY_TABLES",
    "adviser_contract",
    "adviser_days",
    "annex_a_aggregates",
    "annex_a_extracts",
    "authorities",
    "authority_contents",
    "caseloads",
    "data_version",
    "freshness",
    "load_history",
    "measures",
    "meetings",
    "milestones",
    "observations",
    "plan_measures",
    "priority_areas",
    "provenance",
    "published_periods",
    "published_indicators",
    "published_values",
    "rag_ratings",
    "risk_reviews",
    "risks",
    "statistical_neighbours",
    "trajectories",
    "interventions",
    "ofsted_judgements",
]

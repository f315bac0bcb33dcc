"""Reading the test databases straight, to check what a page shows against what is stored."""

from __future__ import annotations

import sqlalchemy as sa


def latest_submitted_ratings(url: str) -> dict[str, str]:
    """Straight from the database: each priority area's rating in the newest submitted report version."""
    statement = sa.text(
        """
        SELECT pa.code, rr.rating FROM rag_rating rr
        JOIN rag_report r ON r.id = rr.rag_report_id
        JOIN priority_area pa ON pa.id = rr.priority_area_id
        WHERE r.status = 'submitted' AND r.report_date = (SELECT MAX(report_date) FROM rag_report
                                                          WHERE status = 'submitted')
          AND r.version = (SELECT MAX(version) FROM rag_report r2
                           WHERE r2.report_date = r.report_date AND r2.status = 'submitted')
        """
    )
    with sa.create_engine(url).connect() as connection:
        return dict(connection.execute(statement).all())

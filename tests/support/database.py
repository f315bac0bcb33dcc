"""Reading the test databases straight, to check what a page shows against what is stored."""

from __future__ import annotations

import sqlalchemy as sa

SEFTON = "E08000014"
"""The council these helpers read and write by default: the demo holds six other councils too."""


def latest_submitted_ratings(url: str, authority: str = SEFTON) -> dict[str, str]:
    """Straight from the database: each priority area's rating in the council's newest submitted report version."""
    statement = sa.text(
        """
        SELECT pa.code, rr.rating FROM rag_rating rr
        JOIN rag_report r ON r.id = rr.rag_report_id
        JOIN priority_area pa ON pa.id = rr.priority_area_id
        WHERE r.authority_id = (SELECT id FROM authority WHERE code = :authority)
          AND r.status = 'submitted' AND r.report_date = (SELECT MAX(report_date) FROM rag_report
                                                          WHERE status = 'submitted' AND authority_id = r.authority_id)
          AND r.version = (SELECT MAX(version) FROM rag_report r2
                           WHERE r2.report_date = r.report_date AND r2.status = 'submitted'
                             AND r2.authority_id = r.authority_id)
        """
    )
    with sa.create_engine(url).connect() as connection:
        return dict(connection.execute(statement, {"authority": authority}).all())


def add_report_version(
    url: str,
    ratings: dict[str, str] | str,
    *,
    status: str = "submitted",
    narrative: str | None = None,
    authority: str = SEFTON,
) -> None:
    """Store a new version of the newest report, as a re-load of it would: each area keeps its rating unless
    ``ratings`` names it (one rating alone: every area), and ``narrative``, when given, replaces the report's and
    every rating's narrative."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        load_id = connection.execute(
            sa.text(
                "INSERT INTO load (kind, source_name, loaded_at, loaded_by, row_count, outcome, is_synthetic) "
                "VALUES ('rag_report', 'new-version.xlsx', CURRENT_TIMESTAMP, 'test', 1, 'loaded', false) "
                "RETURNING id"
            )
        ).scalar()
        newest = (
            connection.execute(
                sa.text(
                    "SELECT * FROM rag_report WHERE authority_id = (SELECT id FROM authority WHERE code = :authority) "
                    "ORDER BY report_date DESC, version DESC LIMIT 1"
                ),
                {"authority": authority},
            )
            .mappings()
            .one()
        )
        report_id = connection.execute(
            sa.text(
                "INSERT INTO rag_report (authority_id, report_date, version, period_start, period_end, author, "
                "status, overall_narrative, load_id) VALUES (:authority_id, :report_date, :version, :period_start, "
                ":period_end, 'Test adviser', :status, :narrative, :load_id) RETURNING id"
            ),
            dict(newest)
            | {
                "version": newest["version"] + 1,
                "status": status,
                "narrative": narrative or "Revised",
                "load_id": load_id,
            },
        ).scalar()
        previous = connection.execute(
            sa.text(
                "SELECT pa.id, pa.code, rr.rating, rr.narrative FROM rag_rating rr "
                "JOIN priority_area pa ON pa.id = rr.priority_area_id WHERE rr.rag_report_id = :id"
            ),
            {"id": newest["id"]},
        ).all()
        for area_id, code, rating, area_narrative in previous:
            connection.execute(
                sa.text(
                    "INSERT INTO rag_rating (rag_report_id, priority_area_id, rating, narrative, load_id) "
                    "VALUES (:report_id, :area_id, :rating, :narrative, :load_id)"
                ),
                {
                    "report_id": report_id,
                    "area_id": area_id,
                    "rating": ratings if isinstance(ratings, str) else ratings.get(code, rating),
                    "narrative": narrative or area_narrative,
                    "load_id": load_id,
                },
            )
    engine.dispose()

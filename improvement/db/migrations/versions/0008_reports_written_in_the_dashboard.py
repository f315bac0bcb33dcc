"""Reports written in the dashboard: a draft may leave an area unrated, and a correction says why

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 02:10:00

``rag_rating.rating`` may be NULL, for an area a draft has not rated yet (a submitted report rates every area: the
Report page and the loader refuse one that does not, and the pages read only submitted versions).
``rag_report.reason`` holds why a submitted report was corrected by a later submitted version; NULL for a first
submission, a draft, and every stored row.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rag_rating", schema=None) as batch_op:
        batch_op.alter_column("rating", existing_type=sa.String(8), nullable=True)
    with op.batch_alter_table("rag_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rag_report", schema=None) as batch_op:
        batch_op.drop_column("reason")
    with op.batch_alter_table("rag_rating", schema=None) as batch_op:
        batch_op.alter_column("rating", existing_type=sa.String(8), nullable=False)

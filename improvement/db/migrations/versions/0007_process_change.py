"""The month a measure's process changed, from which its SPC limits are recalculated

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 10:30:00

``plan_measure.process_change_from`` holds the month (its 1st) a change to how the service works began, such as a
new service model in the plan; NULL for a measure whose process has not changed, as every stored row is.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("process_change_from", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_measure", schema=None) as batch_op:
        batch_op.drop_column("process_change_from")

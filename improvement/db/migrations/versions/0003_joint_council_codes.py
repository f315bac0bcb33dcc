"""Wider area codes in published statistics, so councils that report jointly ("E06000061 / E06000062") are stored

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 23:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("published_value") as batch_op:
        batch_op.alter_column("area_code", type_=sa.String(length=40), existing_type=sa.String(length=12))
        batch_op.alter_column("old_la_code", type_=sa.String(length=20), existing_type=sa.String(length=6))


def downgrade() -> None:
    with op.batch_alter_table("published_value") as batch_op:
        batch_op.alter_column("area_code", type_=sa.String(length=12), existing_type=sa.String(length=40))
        batch_op.alter_column("old_la_code", type_=sa.String(length=6), existing_type=sa.String(length=20))

"""Indexes for finding one council's DfE published figures by its new or old LA code

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 21:10:00

The council list and the "data as at" date of DfE's figures look a council up by ``area_code`` or by
``old_la_code``; without these indexes each look-up read the whole ``published_value`` table.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_published_value_area", "published_value", ["area_code", "dataset", "time_period"])
    op.create_index("ix_published_value_old_la", "published_value", ["old_la_code", "dataset", "time_period"])


def downgrade() -> None:
    op.drop_index("ix_published_value_old_la", table_name="published_value")
    op.drop_index("ix_published_value_area", table_name="published_value")

"""Grants (who may do what on which council, with history) and the append-only audit trail

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 23:55:00

``user_grant`` keeps every grant ever made: revoking fills ``revoked_by``/``revoked_at``. ``audit_event`` records
sign-ins, refusals, loads and grant changes; triggers on both SQLite and PostgreSQL refuse any UPDATE or DELETE of
it, so nobody with the application's login can rewrite the trail.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APPEND_ONLY = "the audit trail is append-only: its rows cannot be changed or deleted"


def upgrade() -> None:
    op.create_table(
        "user_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("principal", sa.String(length=254), nullable=False),
        sa.Column("council", sa.String(length=12), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("granted_by", sa.String(length=254), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_by", sa.String(length=254), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("load_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("role IN ('board', 'analyst', 'adviser', 'dfe', 'admin')", name=op.f("ck_user_grant_role")),
        sa.CheckConstraint("(revoked_at IS NULL) = (revoked_by IS NULL)", name=op.f("ck_user_grant_revoked")),
        sa.ForeignKeyConstraint(["load_id"], ["load.id"], name=op.f("fk_user_grant_load_id_load")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_grant")),
    )
    op.create_index("ix_user_grant_principal", "user_grant", ["principal", "revoked_at"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("council", sa.String(length=12), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index(op.f("ix_audit_event_at"), "audit_event", ["at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_event_no_{event.lower()} BEFORE {event} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION audit_event_append_only()")
    op.drop_index(op.f("ix_audit_event_at"), table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_index("ix_user_grant_principal", table_name="user_grant")
    op.drop_table("user_grant")

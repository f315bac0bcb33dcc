"""DfE's portfolio view: a theme for each priority area, the councils' interventions and Ofsted's judgements

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 09:00:00

``priority_area.theme`` holds what an area is about, from one short list (``improvement.vocab.Theme``); NULL for
every stored row and for a plan that gives none. ``intervention`` holds DfE's intervention in a council (improvement
notice, statutory direction, commissioner: start, end once lifted, adviser, notes) and ``ofsted_judgement`` Ofsted's
inspections and visits with their grades (visits ungraded), each appended with the newest load winning per key.
The lists of values are written out here, as they were when this migration was made.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

THEMES = (
    "'pre-proceedings and PLO', 'CP planning and supervision', 'quality assurance', 'workforce and caseloads', "
    "'care leavers', 'front door', 'children in care', 'leadership and governance'"
)
INTERVENTION_KINDS = "'improvement_notice', 'statutory_direction', 'commissioner'"
INSPECTION_KINDS = "'ilacs_standard', 'ilacs_short', 'focused_visit', 'monitoring_visit', 'jtai'"
GRADES = "'outstanding', 'good', 'requires_improvement', 'inadequate'"
GRADED = ("overall", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


def upgrade() -> None:
    with op.batch_alter_table("priority_area", schema=None) as batch_op:
        batch_op.add_column(sa.Column("theme", sa.String(length=40), nullable=True))
        batch_op.create_check_constraint("theme", f"theme IS NULL OR theme IN ({THEMES})")

    op.create_table(
        "intervention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("adviser", sa.String(length=120), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"kind IN ({INTERVENTION_KINDS})", name=op.f("ck_intervention_kind")),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name=op.f("ck_intervention_term")),
        sa.ForeignKeyConstraint(
            ["authority_id"], ["authority.id"], name=op.f("fk_intervention_authority_id_authority")
        ),
        sa.ForeignKeyConstraint(["load_id"], ["load.id"], name=op.f("fk_intervention_load_id_load")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervention")),
    )
    op.create_index("ix_intervention_authority", "intervention", ["authority_id", "kind", "start_date"])
    op.create_index(op.f("ix_intervention_load_id"), "intervention", ["load_id"])

    op.create_table(
        "ofsted_judgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("inspection_kind", sa.String(length=30), nullable=False),
        sa.Column("inspection_date", sa.Date(), nullable=False),
        *(sa.Column(column, sa.String(length=30), nullable=True) for column in GRADED),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            f"inspection_kind IN ({INSPECTION_KINDS})", name=op.f("ck_ofsted_judgement_inspection_kind")
        ),
        *(
            sa.CheckConstraint(
                f"{column} IS NULL OR {column} IN ({GRADES})", name=op.f(f"ck_ofsted_judgement_{column}")
            )
            for column in GRADED
        ),
        sa.ForeignKeyConstraint(
            ["authority_id"], ["authority.id"], name=op.f("fk_ofsted_judgement_authority_id_authority")
        ),
        sa.ForeignKeyConstraint(["load_id"], ["load.id"], name=op.f("fk_ofsted_judgement_load_id_load")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ofsted_judgement")),
    )
    op.create_index(
        "ix_ofsted_judgement_authority", "ofsted_judgement", ["authority_id", "inspection_kind", "inspection_date"]
    )
    op.create_index(op.f("ix_ofsted_judgement_load_id"), "ofsted_judgement", ["load_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ofsted_judgement_load_id"), table_name="ofsted_judgement")
    op.drop_index("ix_ofsted_judgement_authority", table_name="ofsted_judgement")
    op.drop_table("ofsted_judgement")
    op.drop_index(op.f("ix_intervention_load_id"), table_name="intervention")
    op.drop_index("ix_intervention_authority", table_name="intervention")
    op.drop_table("intervention")
    with op.batch_alter_table("priority_area", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_priority_area_theme"), type_="check")
        batch_op.drop_column("theme")

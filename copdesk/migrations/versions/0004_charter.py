"""The charter: saved versions, outcomes (stable across versions), sessions tagged with the
outcomes they served, and value stories. New tables only: nothing existing is copied.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "charter_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_charter_versions_number_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charter_versions")),
        sa.UniqueConstraint("number", name=op.f("uq_charter_versions_number")),
    )
    op.create_table(
        "charter_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("horizon", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "horizon IN ('short', 'long')", name=op.f("ck_charter_outcomes_horizon_kind")
        ),
        sa.CheckConstraint(
            "kind IN ('process', 'product')", name=op.f("ck_charter_outcomes_outcome_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charter_outcomes")),
    )
    op.create_table(
        "meeting_outcomes",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_outcomes_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outcome_id"],
            ["charter_outcomes.id"],
            name=op.f("fk_meeting_outcomes_outcome_id_charter_outcomes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "outcome_id", name=op.f("pk_meeting_outcomes")),
    )
    op.create_index(
        op.f("ix_meeting_outcomes_outcome_id"), "meeting_outcomes", ["outcome_id"], unique=False
    )
    op.create_table(
        "value_stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("outcome_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("cycle", sa.String(length=20), nullable=False),
        sa.Column("told_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "cycle IN ('immediate', 'potential', 'applied', 'realised', 'reframing')",
            name=op.f("ck_value_stories_cycle_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_value_stories_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["outcome_id"],
            ["charter_outcomes.id"],
            name=op.f("fk_value_stories_outcome_id_charter_outcomes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_value_stories_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_value_stories")),
    )
    op.create_index(
        op.f("ix_value_stories_meeting_id"), "value_stories", ["meeting_id"], unique=False
    )
    op.create_index(
        op.f("ix_value_stories_outcome_id"), "value_stories", ["outcome_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_value_stories_outcome_id"), table_name="value_stories")
    op.drop_index(op.f("ix_value_stories_meeting_id"), table_name="value_stories")
    op.drop_table("value_stories")
    op.drop_index(op.f("ix_meeting_outcomes_outcome_id"), table_name="meeting_outcomes")
    op.drop_table("meeting_outcomes")
    op.drop_table("charter_outcomes")
    op.drop_table("charter_versions")

"""Participation: a dated record each time the convener reached out to a member who had gone
quiet. A new table only: nothing existing is copied.

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-15
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contacted",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_contacted_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacted")),
    )
    op.create_index(op.f("ix_contacted_member_id"), "contacted", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_contacted_member_id"), table_name="contacted")
    op.drop_table("contacted")

"""The community's logo, stored in the file: a new one-row table (the image, its kind, size and
digest) beside the community's own row, which stays light to read. Nothing existing is copied.

Revision ID: 0006
Revises: 0005
Create Date: 2027-02-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community_logo",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.CheckConstraint("kind IN ('png', 'jpeg')", name=op.f("ck_community_logo_logo_kind")),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_community_logo_community_id_community"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_community_logo")),
    )


def downgrade() -> None:
    op.drop_table("community_logo")

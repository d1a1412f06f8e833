"""Members' collation keys, so the Roster reads everyone in name order from an index.

A new column ``members.name_key`` (the name's ICU sort key), an index on it for the members
who are not placeholders, a one-row table ``name_keys`` saying which collation the keys follow (the
community's language, with ICU's version), and a trigger that empties a member's key when the
name changes without it (so a key is missing rather than wrong). Existing members get their
keys here. Derived data only: see copdesk.services.name_keys.

Revision ID: 0007
Revises: 0006
Create Date: 2027-02-15
"""

import sqlalchemy as sa
from alembic import op

from copdesk.collation import key_identity, sort_key

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TRIGGER = """
CREATE TRIGGER members_name_key_stale AFTER UPDATE OF name ON members
WHEN NEW.name_key IS OLD.name_key
BEGIN
    UPDATE members SET name_key = NULL WHERE id = NEW.id;
END
"""


def upgrade() -> None:
    op.add_column("members", sa.Column("name_key", sa.LargeBinary(), nullable=True))
    # Partial: an index leading with "anonymous" was taken by SQLite for every "anonymous = 0
    # AND id IN (…)" query, scanning 100,000 entries instead of looking up a page of ids.
    op.create_index(
        "ix_members_name_key",
        "members",
        ["name_key"],
        unique=False,
        sqlite_where=sa.text("anonymous = 0"),
    )
    op.create_table(
        "name_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=40), nullable=False),
        sa.Column("identity", sa.String(length=80), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_name_keys_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_keys")),
    )
    op.execute(TRIGGER)
    bind = op.get_bind()
    row = bind.exec_driver_sql("SELECT locale FROM community WHERE id = 1").fetchone()
    locale = row[0] if row and row[0] else "en"
    identity = key_identity(locale)
    if identity is None:  # no ICU: keys are not stored; the Roster sorts the names itself
        return
    key = sort_key(locale)
    members = bind.exec_driver_sql("SELECT id, name FROM members WHERE anonymous = 0").fetchall()
    if members:
        bind.exec_driver_sql(
            "UPDATE members SET name_key = ? WHERE id = ?",
            [(key(name), mid) for mid, name in members],
        )
    bind.exec_driver_sql(
        "INSERT INTO name_keys (id, locale, identity) VALUES (1, ?, ?)", (locale, identity)
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER members_name_key_stale")
    op.drop_table("name_keys")
    op.drop_index("ix_members_name_key", table_name="members")
    op.execute("ALTER TABLE members DROP COLUMN name_key")

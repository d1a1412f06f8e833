"""The roster grows: organisations as rows, pronouns, languages and skills, why people come,
consent, roles with history, the journey (moved on / came back), anonymous placeholders, and a
folded search column.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

The free-text ``members.organisation`` becomes rows in ``organisations`` (spellings that differ
only in case or accents become one organisation, named as first written) and
``members.organisation_id``. Members get ``may_print``/``may_contact`` = yes: before this
revision everyone appeared on lists and could be contacted, so nothing a convener sees changes.

SQLite cannot add a foreign key to a table without copying it, and copying ``members`` inside a
transaction with foreign keys on runs the ON DELETE actions of ``attendance`` and ``meetings``
(dropping every attendance row): both directions save those references in temporary tables and
put them back after the copy (:func:`_keeping_references`).
"""

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    # The search column is derived data: copdesk.services.roster.rebuild_search_text() recomputes
    # it with the current copdesk.collation.fold; this copy only has to be close for old files.
    try:
        from copdesk.collation import fold
    except ImportError:  # pragma: no cover
        return "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        ).casefold()
    return fold(text)


@contextmanager
def _keeping_references() -> Iterator[None]:
    """Copying ``members`` drops the old table, which (foreign keys being on inside the
    migration's transaction) deletes attendance and clears session conveners and hosts: save them
    before and put them back after."""
    bind = op.get_bind()
    bind.execute(sa.text("CREATE TEMP TABLE keep_attendance AS SELECT * FROM attendance"))
    bind.execute(
        sa.text("CREATE TEMP TABLE keep_roles AS SELECT id, convener_id, host_id FROM meetings")
    )
    yield
    bind.execute(sa.text("DELETE FROM attendance"))
    bind.execute(
        sa.text(
            "INSERT INTO attendance (meeting_id, member_id, status) "
            "SELECT meeting_id, member_id, status FROM keep_attendance"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE meetings SET "
            "convener_id = (SELECT convener_id FROM keep_roles k WHERE k.id = meetings.id), "
            "host_id = (SELECT host_id FROM keep_roles k WHERE k.id = meetings.id)"
        )
    )
    bind.execute(sa.text("DROP TABLE keep_attendance"))
    bind.execute(sa.text("DROP TABLE keep_roles"))


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("key", name=op.f("uq_roles_key")),
        sa.UniqueConstraint("name", name=op.f("uq_roles_name")),
    )
    for column, ddl in (
        ("pronouns", "VARCHAR(50) DEFAULT '' NOT NULL"),
        ("why", "TEXT DEFAULT '' NOT NULL"),
        ("may_print", "BOOLEAN DEFAULT 1 NOT NULL"),
        ("may_contact", "BOOLEAN DEFAULT 1 NOT NULL"),
        ("anonymous", "BOOLEAN DEFAULT 0 NOT NULL"),
        ("search_text", "TEXT DEFAULT '' NOT NULL"),
    ):
        op.execute(f"ALTER TABLE members ADD COLUMN {column} {ddl}")

    # Free-text organisations become rows; search text is filled in.
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, name, preferred_name, email, organisation FROM members ORDER BY id")
    ).all()
    org_ids: dict[str, int] = {}
    links = []
    searches = []
    for member_id, name, preferred, email, organisation in rows:
        org_name = unicodedata.normalize("NFC", organisation or "").strip()[:200]
        if org_name:
            key = _fold(org_name)
            if key not in org_ids:
                org_ids[key] = bind.execute(
                    sa.text(
                        "INSERT INTO organisations (name, kind, notes) VALUES (:n, '', '') "
                        "RETURNING id"
                    ),
                    {"n": org_name},
                ).scalar_one()
            links.append({"member": member_id, "org": org_ids[key]})
        search = "\n".join(_fold(part) for part in (name, preferred, email, org_name) if part)
        searches.append({"id": member_id, "search": search})
    if searches:
        bind.execute(sa.text("UPDATE members SET search_text = :search WHERE id = :id"), searches)
    bind.execute(sa.text("CREATE TEMP TABLE member_org (member INTEGER, org INTEGER)"))
    if links:
        bind.execute(sa.text("INSERT INTO member_org VALUES (:member, :org)"), links)

    with _keeping_references():
        with op.batch_alter_table("members", recreate="always") as batch:
            batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(
                op.f("fk_members_organisation_id_organisations"),
                "organisations",
                ["organisation_id"],
                ["id"],
                ondelete="SET NULL",
            )
            batch.drop_column("organisation")
    bind.execute(
        sa.text(
            "UPDATE members SET organisation_id = "
            "(SELECT org FROM member_org WHERE member_org.member = members.id)"
        )
    )
    bind.execute(sa.text("DROP TABLE member_org"))
    op.create_index(op.f("ix_members_organisation_id"), "members", ["organisation_id"])

    op.create_table(
        "member_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("folded", sa.String(length=400), nullable=False),
        sa.CheckConstraint(
            "kind IN ('language', 'teach', 'learn')", name=op.f("ck_member_items_item_kind")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_items_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_items")),
    )
    op.create_index(op.f("ix_member_items_member_id"), "member_items", ["member_id"])
    op.create_table(
        "member_tags",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_tags_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_member_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("member_id", "tag_id", name=op.f("pk_member_tags")),
    )
    op.create_index(op.f("ix_member_tags_tag_id"), "member_tags", ["tag_id"])
    op.create_table(
        "member_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_member_roles_period")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_roles_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_member_roles_role_id_roles")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_roles")),
    )
    op.create_index(op.f("ix_member_roles_member_id"), "member_roles", ["member_id"])
    op.create_index(op.f("ix_member_roles_role_id"), "member_roles", ["role_id"])
    op.create_table(
        "journey_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('moved_on', 'returned')", name=op.f("ck_journey_events_event_kind")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_journey_events_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_events")),
    )
    op.create_index(op.f("ix_journey_events_member_id"), "journey_events", ["member_id"])


def downgrade() -> None:
    op.execute("ALTER TABLE members ADD COLUMN organisation VARCHAR(200) DEFAULT '' NOT NULL")
    op.execute(
        "UPDATE members SET organisation = COALESCE("
        "(SELECT name FROM organisations WHERE organisations.id = members.organisation_id), '')"
    )
    # Placeholders become visible rows in 0001; give them a neutral name rather than none.
    op.execute("UPDATE members SET name = '—' WHERE anonymous AND name = ''")
    op.drop_index(op.f("ix_journey_events_member_id"), table_name="journey_events")
    op.drop_table("journey_events")
    op.drop_index(op.f("ix_member_roles_role_id"), table_name="member_roles")
    op.drop_index(op.f("ix_member_roles_member_id"), table_name="member_roles")
    op.drop_table("member_roles")
    op.drop_index(op.f("ix_member_tags_tag_id"), table_name="member_tags")
    op.drop_table("member_tags")
    op.drop_index(op.f("ix_member_items_member_id"), table_name="member_items")
    op.drop_table("member_items")
    op.drop_index(op.f("ix_members_organisation_id"), table_name="members")
    with _keeping_references():
        with op.batch_alter_table("members", recreate="always") as batch:
            batch.drop_constraint(
                op.f("fk_members_organisation_id_organisations"), type_="foreignkey"
            )
            for column in (
                "organisation_id",
                "pronouns",
                "why",
                "may_print",
                "may_contact",
                "anonymous",
                "search_text",
            ):
                batch.drop_column(column)
    op.drop_table("roles")
    op.drop_table("tags")
    op.drop_table("organisations")

"""Planning sessions: recurring schedules, agenda formats, roles with backups, audience and
outcome, contributions, stored random pairs, the topic backlog, potluck, resources, and the
calendar settings (time zone, a random calendar id for stable iCalendar UIDs).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

``meetings`` gains columns with foreign keys, so SQLite needs the table copied (Alembic's batch
mode). Dropping the old copy, with foreign keys on inside the migration's transaction, would run
the ON DELETE actions of ``agenda_items`` and ``attendance`` and lose their rows: both directions
save those rows and put them back after the copy (:func:`_keeping_session_rows`), as 0002 does
for ``members``.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_PEOPLE = (
    "presenter_id",
    "note_taker_id",
    "convener_backup_id",
    "host_backup_id",
    "presenter_backup_id",
    "note_taker_backup_id",
)


def _new_meeting_columns() -> list[sa.Column]:
    return [
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("occurrence_date", sa.Date(), nullable=True),
        sa.Column("detached", sa.Boolean(), server_default="0", nullable=False),
        sa.Column(
            "status",
            _enum("meeting_status", "planned", "cancelled"),
            server_default="planned",
            nullable=False,
        ),
        sa.Column("planned_minutes", sa.Integer(), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=True) for name in _PEOPLE),
        sa.Column("audience", sa.String(length=300), server_default="", nullable=False),
        sa.Column("purpose", sa.Text(), server_default="", nullable=False),
        sa.Column("outcome", sa.Text(), server_default="", nullable=False),
        sa.Column("sequence", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
    ]


def _member_fk(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["members.id"], name=op.f(f"fk_{table}_{column}_members"), ondelete=ondelete
    )


def _meeting_fk(table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["meeting_id"],
        ["meetings.id"],
        name=op.f(f"fk_{table}_meeting_id_meetings"),
        ondelete=ondelete,
    )


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


@contextmanager
def _keeping_session_rows() -> Iterator[None]:
    """Copying ``meetings`` drops the old table, which (foreign keys being on inside the
    migration's transaction) deletes agenda items and attendance: save them and put them back."""
    bind = op.get_bind()
    bind.execute(sa.text("CREATE TEMP TABLE keep_items AS SELECT * FROM agenda_items"))
    bind.execute(sa.text("CREATE TEMP TABLE keep_attendance AS SELECT * FROM attendance"))
    yield
    for table, keep in (("agenda_items", "keep_items"), ("attendance", "keep_attendance")):
        bind.execute(sa.text(f"DELETE FROM {table}"))
        bind.execute(sa.text(f"INSERT INTO {table} SELECT * FROM {keep}"))
        bind.execute(sa.text(f"DROP TABLE {keep}"))


def upgrade() -> None:
    op.create_table(
        "planning_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar_uid", sa.String(length=64), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("host_rotation_limit", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_settings")),
    )
    op.get_bind().execute(
        sa.text(
            "INSERT INTO planning_settings (id, calendar_uid, time_zone, host_rotation_limit) "
            "VALUES (1, :uid, NULL, 3)"
        ),
        {"uid": secrets.token_hex(16)},
    )
    op.create_table(
        "formats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "planned_minutes IS NULL OR planned_minutes BETWEEN 1 AND 1440",
            name=op.f("ck_formats_planned_minutes_range"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_formats")),
    )
    op.create_table(
        "format_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("format_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "duration_minutes BETWEEN 0 AND 1440", name=op.f("ck_format_items_duration_range")
        ),
        sa.ForeignKeyConstraint(
            ["format_id"],
            ["formats.id"],
            name=op.f("fk_format_items_format_id_formats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_format_items")),
    )
    op.create_index(op.f("ix_format_items_format_id"), "format_items", ["format_id"])
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "frequency",
            _enum("series_frequency", "weekly", "fortnightly", "monthly"),
            nullable=False,
        ),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("until_date", sa.Date(), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("format_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_series_weekday_range")),
        sa.CheckConstraint(
            "ordinal IS NULL OR ordinal = -1 OR ordinal BETWEEN 1 AND 5",
            name=op.f("ck_series_ordinal_range"),
        ),
        sa.ForeignKeyConstraint(
            ["format_id"],
            ["formats.id"],
            name=op.f("fk_series_format_id_formats"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series")),
    )
    op.create_table(
        "series_skips",
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["series.id"],
            name=op.f("fk_series_skips_series_id_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("series_id", "occurrence_date", name=op.f("pk_series_skips")),
    )

    with _keeping_session_rows():
        with op.batch_alter_table("meetings", recreate="always") as batch:
            for column in _new_meeting_columns():
                batch.add_column(column)
            batch.create_foreign_key(
                op.f("fk_meetings_series_id_series"),
                "series",
                ["series_id"],
                ["id"],
                ondelete="SET NULL",
            )
            for name in _PEOPLE:
                batch.create_foreign_key(
                    op.f(f"fk_meetings_{name}_members"),
                    "members",
                    [name],
                    ["id"],
                    ondelete="SET NULL",
                )
            batch.create_check_constraint(
                op.f("ck_meetings_planned_minutes_range"),
                "planned_minutes IS NULL OR planned_minutes BETWEEN 1 AND 1440",
            )
    op.create_index(
        "ix_meetings_series_occurrence",
        "meetings",
        ["series_id", "occurrence_date"],
        unique=True,
    )

    op.create_table(
        "contributions",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "contribution_kind",
                "presented",
                "demoed",
                "hosted",
                "brought_food",
                "taught",
                "attended",
                "asked_for_help",
                "learned",
            ),
            nullable=False,
        ),
        _meeting_fk("contributions", "CASCADE"),
        _member_fk("contributions", "member_id", "CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "member_id", "kind", name=op.f("pk_contributions")),
    )
    op.create_index(op.f("ix_contributions_member_id"), "contributions", ["member_id"])

    op.create_table(
        "pair_draws",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        _meeting_fk("pair_draws", "CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_pair_draws")),
    )
    op.create_table(
        "pair_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _meeting_fk("pair_groups", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_groups")),
    )
    op.create_index(op.f("ix_pair_groups_meeting_id"), "pair_groups", ["meeting_id"])
    op.create_table(
        "pair_group_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["pair_groups.id"],
            name=op.f("fk_pair_group_members_group_id_pair_groups"),
            ondelete="CASCADE",
        ),
        _member_fk("pair_group_members", "member_id", "CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "member_id", name=op.f("pk_pair_group_members")),
    )
    op.create_index(op.f("ix_pair_group_members_member_id"), "pair_group_members", ["member_id"])
    op.create_table(
        "pair_locks",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("first_id < second_id", name=op.f("ck_pair_locks_ordered")),
        _meeting_fk("pair_locks", "CASCADE"),
        _member_fk("pair_locks", "first_id", "CASCADE"),
        _member_fk("pair_locks", "second_id", "CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "first_id", "second_id", name=op.f("pk_pair_locks")),
    )
    op.create_table(
        "do_not_pair",
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("first_id < second_id", name=op.f("ck_do_not_pair_ordered")),
        _member_fk("do_not_pair", "first_id", "CASCADE"),
        _member_fk("do_not_pair", "second_id", "CASCADE"),
        sa.PrimaryKeyConstraint("first_id", "second_id", name=op.f("pk_do_not_pair")),
    )

    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("suggested_by_id", sa.Integer(), nullable=True),
        sa.Column("suggested_on", sa.Date(), nullable=False),
        sa.Column("status", _enum("topic_status", "idea", "scheduled", "done"), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        _member_fk("topics", "suggested_by_id", "SET NULL"),
        _meeting_fk("topics", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
    )
    op.create_index(op.f("ix_topics_meeting_id"), "topics", ["meeting_id"])
    op.create_table(
        "topic_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("voted_on", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.CheckConstraint("count >= 0", name=op.f("ck_topic_votes_count_positive")),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_topic_votes_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_votes")),
    )
    op.create_index(op.f("ix_topic_votes_topic_id"), "topic_votes", ["topic_id"])
    op.create_table(
        "topic_volunteers",
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_topic_volunteers_topic_id_topics"),
            ondelete="CASCADE",
        ),
        _member_fk("topic_volunteers", "member_id", "CASCADE"),
        sa.PrimaryKeyConstraint("topic_id", "member_id", name=op.f("pk_topic_volunteers")),
    )

    op.create_table(
        "potluck_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            _enum("dish_kind", "main", "side", "salad", "dessert", "snack", "drinks", "supplies"),
            nullable=False,
        ),
        sa.Column("servings", sa.Integer(), nullable=False),
        sa.Column("bringer_id", sa.Integer(), nullable=True),
        sa.Column("backup_id", sa.Integer(), nullable=True),
        sa.Column("dietary", sa.String(length=300), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.CheckConstraint(
            "servings BETWEEN 0 AND 10000", name=op.f("ck_potluck_slots_servings_range")
        ),
        _meeting_fk("potluck_slots", "CASCADE"),
        _member_fk("potluck_slots", "bringer_id", "SET NULL"),
        _member_fk("potluck_slots", "backup_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_potluck_slots")),
    )
    op.create_index(op.f("ix_potluck_slots_meeting_id"), "potluck_slots", ["meeting_id"])

    op.create_table(
        "resources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=False),
        sa.Column("shared_by_id", sa.Integer(), nullable=True),
        sa.Column("tags", sa.String(length=500), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        _meeting_fk("resources", "SET NULL"),
        _member_fk("resources", "shared_by_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
    )
    op.create_index(op.f("ix_resources_meeting_id"), "resources", ["meeting_id"])


def downgrade() -> None:
    for index, table in (
        ("ix_resources_meeting_id", "resources"),
        ("ix_potluck_slots_meeting_id", "potluck_slots"),
        (None, "topic_volunteers"),
        ("ix_topic_votes_topic_id", "topic_votes"),
        ("ix_topics_meeting_id", "topics"),
        (None, "do_not_pair"),
        (None, "pair_locks"),
        ("ix_pair_group_members_member_id", "pair_group_members"),
        ("ix_pair_groups_meeting_id", "pair_groups"),
        (None, "pair_draws"),
        ("ix_contributions_member_id", "contributions"),
    ):
        if index:
            op.drop_index(op.f(index), table_name=table)
        op.drop_table(table)
    op.drop_index("ix_meetings_series_occurrence", table_name="meetings")
    with _keeping_session_rows():
        with op.batch_alter_table("meetings", recreate="always") as batch:
            for name in ("series_id", *_PEOPLE):
                target = "series" if name == "series_id" else "members"
                batch.drop_constraint(op.f(f"fk_meetings_{name}_{target}"), type_="foreignkey")
            batch.drop_constraint(op.f("ck_meetings_planned_minutes_range"), type_="check")
            batch.drop_constraint(op.f("ck_meetings_meeting_status"), type_="check")
            for column in _new_meeting_columns():
                batch.drop_column(column.name)
    op.drop_table("series_skips")
    op.drop_table("series")
    op.drop_index(op.f("ix_format_items_format_id"), table_name="format_items")
    op.drop_table("format_items")
    op.drop_table("formats")
    op.drop_table("planning_settings")

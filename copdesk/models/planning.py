"""Tables for planning sessions (since migration 0003): schedules, agenda formats, random pairs,
topic backlog, potluck, resources and the calendar settings of the community."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from copdesk.models.base import Base


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(
        cls,
        native_enum=False,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        name=name,
        create_constraint=True,
    )


class PlanningSettings(Base):
    """One row (id 1): what the calendar export and the role rotation need."""

    __tablename__ = "planning_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random, made once per file: iCalendar UIDs are "<session id>-<calendar_uid>@copdesk".
    calendar_uid: Mapped[str] = mapped_column(String(64))
    # IANA zone ("Europe/Madrid"); None until chosen (the computer's zone is used meanwhile).
    time_zone: Mapped[str | None] = mapped_column(String(64), default=None)
    # Warn when the same person hosted this many sessions in a row.
    host_rotation_limit: Mapped[int] = mapped_column(default=3)


class Frequency(enum.StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


class Series(Base):
    """A recurring schedule. Monthly rules use ``ordinal``: 1–5 (“the second Tuesday”) or -1
    (“the last Thursday”); weekly and fortnightly ones count from ``start_date``."""

    __tablename__ = "series"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint(
            "ordinal IS NULL OR ordinal = -1 OR ordinal BETWEEN 1 AND 5", name="ordinal_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency, "series_frequency"))
    weekday: Mapped[int]
    ordinal: Mapped[int | None] = mapped_column(default=None)
    start_date: Mapped[dt.date]
    until_date: Mapped[dt.date | None] = mapped_column(default=None)
    start_time: Mapped[dt.time]
    place: Mapped[str] = mapped_column(String(300), default="")
    format_id: Mapped[int | None] = mapped_column(
        ForeignKey("formats.id", ondelete="SET NULL"), default=None
    )

    skips: Mapped[list[SeriesSkip]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class SeriesSkip(Base):
    """An occurrence the convener removed: regenerating the series must not bring it back."""

    __tablename__ = "series_skips"

    series_id: Mapped[int] = mapped_column(
        ForeignKey("series.id", ondelete="CASCADE"), primary_key=True
    )
    occurrence_date: Mapped[dt.date] = mapped_column(primary_key=True)


class Format(Base):
    """An agenda template: timed items and a planned length."""

    __tablename__ = "formats"
    __table_args__ = (
        CheckConstraint(
            "planned_minutes IS NULL OR planned_minutes BETWEEN 1 AND 1440",
            name="planned_minutes_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    planned_minutes: Mapped[int | None] = mapped_column(default=None)

    items: Mapped[list[FormatItem]] = relationship(
        order_by="FormatItem.position", cascade="all, delete-orphan", passive_deletes=True
    )


class FormatItem(Base):
    __tablename__ = "format_items"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 0 AND 1440", name="duration_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    format_id: Mapped[int] = mapped_column(ForeignKey("formats.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    duration_minutes: Mapped[int]


# -- random pairs ---------------------------------------------------------------------------------


class PairDraw(Base):
    """The seed of a session's stored draw (re-roll = a new seed)."""

    __tablename__ = "pair_draws"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    seed: Mapped[int]
    drawn_at: Mapped[dt.datetime]


class PairGroup(Base):
    __tablename__ = "pair_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]

    members: Mapped[list[PairGroupMember]] = relationship(
        order_by="PairGroupMember.position", cascade="all, delete-orphan", passive_deletes=True
    )


class PairGroupMember(Base):
    __tablename__ = "pair_group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("pair_groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)


class PairLock(Base):
    """Two people a convener keeps together when re-drawing a session's pairs."""

    __tablename__ = "pair_locks"
    __table_args__ = (CheckConstraint("first_id < second_id", name="ordered"),)

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    first_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    second_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )


class DoNotPair(Base):
    """The convener's private list of two people never to put in one group."""

    __tablename__ = "do_not_pair"
    __table_args__ = (CheckConstraint("first_id < second_id", name="ordered"),)

    first_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    second_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )


# -- topics ---------------------------------------------------------------------------------------


class TopicStatus(enum.StrEnum):
    IDEA = "idea"
    SCHEDULED = "scheduled"
    DONE = "done"


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    suggested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    suggested_on: Mapped[dt.date]
    status: Mapped[TopicStatus] = mapped_column(
        _enum(TopicStatus, "topic_status"), default=TopicStatus.IDEA
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), default=None, index=True
    )

    votes: Mapped[list[TopicVote]] = relationship(
        order_by="TopicVote.voted_on", cascade="all, delete-orphan", passive_deletes=True
    )
    volunteers: Mapped[list[TopicVolunteer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class TopicVote(Base):
    """Votes counted on one day (a show of hands, a paper ballot); a topic's votes are the sum."""

    __tablename__ = "topic_votes"
    __table_args__ = (CheckConstraint("count >= 0", name="count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    voted_on: Mapped[dt.date]
    count: Mapped[int]
    note: Mapped[str] = mapped_column(String(200), default="")


class TopicVolunteer(Base):
    __tablename__ = "topic_volunteers"

    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )


# -- potluck --------------------------------------------------------------------------------------


class DishKind(enum.StrEnum):
    MAIN = "main"
    SIDE = "side"
    SALAD = "salad"
    DESSERT = "dessert"
    SNACK = "snack"
    DRINKS = "drinks"
    SUPPLIES = "supplies"  # cups, plates, napkins: no servings to eat


class PotluckSlot(Base):
    __tablename__ = "potluck_slots"
    __table_args__ = (CheckConstraint("servings BETWEEN 0 AND 10000", name="servings_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[DishKind] = mapped_column(_enum(DishKind, "dish_kind"))
    servings: Mapped[int] = mapped_column(default=0)
    bringer_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    backup_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    # Comma-separated, lower-case tags: "vegan, nut-free".
    dietary: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(String(300), default="")


# -- resources ------------------------------------------------------------------------------------


class Resource(Base):
    """A link or document shared with the community, optionally at one session."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), default=None, index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(2000), default="")
    shared_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    # Comma-separated tags as typed.
    tags: Mapped[str] = mapped_column(String(500), default="")
    added_on: Mapped[dt.date]

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

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


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"


class Meeting(Base):
    """One session of the community: a date, a place and a timed agenda.

    A session made from a recurring schedule remembers its series and the date the rule gave it
    (``occurrence_date``); ``detached`` is set once a convener moves or edits it, so regenerating
    the series never touches it again. ``sequence`` counts changes a calendar must see (iCalendar
    SEQUENCE); it is bumped automatically on flush.
    """

    __tablename__ = "meetings"
    __table_args__ = (
        # One session per occurrence of a series (SQLite cannot add a UNIQUE constraint to an
        # existing table, so this is a unique index).
        Index("ix_meetings_series_occurrence", "series_id", "occurrence_date", unique=True),
        CheckConstraint(
            "planned_minutes IS NULL OR planned_minutes BETWEEN 1 AND 1440",
            name="planned_minutes_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(index=True)
    start_time: Mapped[dt.time]
    place: Mapped[str] = mapped_column(String(300), default="")
    topic: Mapped[str] = mapped_column(String(300), default="")
    convener_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    host_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    # -- since 0003: schedule, roles, audience, outcome -------------------------------------------
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("series.id", ondelete="SET NULL"), default=None
    )
    occurrence_date: Mapped[dt.date | None] = mapped_column(default=None)
    detached: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    status: Mapped[MeetingStatus] = mapped_column(
        _enum(MeetingStatus, "meeting_status"),
        default=MeetingStatus.PLANNED,
        server_default=MeetingStatus.PLANNED.value,
    )
    planned_minutes: Mapped[int | None] = mapped_column(default=None)
    presenter_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    note_taker_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    convener_backup_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    host_backup_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    presenter_backup_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    note_taker_backup_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    audience: Mapped[str] = mapped_column(String(300), default="", server_default="")
    purpose: Mapped[str] = mapped_column(Text, default="", server_default="")
    outcome: Mapped[str] = mapped_column(Text, default="", server_default="")
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        order_by="AgendaItem.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


# What a calendar shows: a change to any of these bumps SEQUENCE (RFC 5545, 3.8.7.4).
CALENDAR_FIELDS = ("date", "start_time", "place", "topic", "status", "planned_minutes")


@event.listens_for(Session, "before_flush")
def _bump_sequence(session: Session, _context: object, _instances: object) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for obj in session.new:
        if isinstance(obj, Meeting) and obj.updated_at is None:
            obj.updated_at = now
    for obj in session.dirty:
        if not isinstance(obj, Meeting):
            continue
        state = inspect(obj)
        if any(state.attrs[name].history.has_changes() for name in CALENDAR_FIELDS):
            obj.sequence = (obj.sequence or 0) + 1
            obj.updated_at = now


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 0 AND 1440", name="duration_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    duration_minutes: Mapped[int]

    meeting: Mapped[Meeting] = relationship(back_populates="items")


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    APOLOGISED = "apologised"
    ABSENT = "absent"


class Attendance(Base):
    __tablename__ = "attendance"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[AttendanceStatus] = mapped_column(
        Enum(
            AttendanceStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
            name="attendance_status",
            create_constraint=True,
        ),
        default=AttendanceStatus.PRESENT,
    )


class ContributionKind(enum.StrEnum):
    """What someone gave to or took from a session. See :data:`SHARED_KINDS`."""

    PRESENTED = "presented"
    DEMOED = "demoed"
    HOSTED = "hosted"
    BROUGHT_FOOD = "brought_food"
    TAUGHT = "taught"
    ATTENDED = "attended"
    ASKED_FOR_HELP = "asked_for_help"
    LEARNED = "learned"


SHARED_KINDS = frozenset(
    {
        ContributionKind.PRESENTED,
        ContributionKind.DEMOED,
        ContributionKind.HOSTED,
        ContributionKind.BROUGHT_FOOD,
        ContributionKind.TAUGHT,
    }
)


class Contribution(Base):
    __tablename__ = "contributions"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    kind: Mapped[ContributionKind] = mapped_column(
        _enum(ContributionKind, "contribution_kind"), primary_key=True
    )

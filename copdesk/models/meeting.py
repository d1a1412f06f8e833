from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from copdesk.models.base import Base


class Meeting(Base):
    """One session of the community: a date, a place and a timed agenda."""

    __tablename__ = "meetings"

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

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        order_by="AgendaItem.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


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

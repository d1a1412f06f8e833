"""What the roster knows about members beyond their contact details."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from copdesk.models.base import Base


class Organisation(Base):
    """A member's home organisation (their "first community"): a library, a union, a company."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Free text the group chooses ("library", "cooperative", "public body", …).
    kind: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class MemberItem(Base):
    """One short text in a member's lists: a language spoken, a skill to teach, a topic to learn."""

    __tablename__ = "member_items"
    __table_args__ = (CheckConstraint("kind IN ('language', 'teach', 'learn')", name="item_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(200))
    folded: Mapped[str] = mapped_column(String(400))


class Tag(Base):
    """A tag the group defines for why people show up ("learn from peers", "find a job")."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class MemberTag(Base):
    __tablename__ = "member_tags"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Role(Base):
    """A role people hold: a built-in one (``key`` set, name translated when shown) or the group's."""

    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(40), unique=True, default=None)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class MemberRole(Base):
    """A role held for a period; ``ends_on`` None means the member still holds it."""

    __tablename__ = "member_roles"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"), index=True)
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class JourneyEvent(Base):
    """What the convener recorded about a member's journey: they moved on, or came back."""

    __tablename__ = "journey_events"
    __table_args__ = (CheckConstraint("kind IN ('moved_on', 'returned')", name="event_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[dt.date]
    note: Mapped[str] = mapped_column(Text, default="")

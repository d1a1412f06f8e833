"""The community's charter (since migration 0004): its saved versions, the outcomes sessions are
tagged with, and the value stories members tell.

A saved version is never changed again, so it is kept whole, as one JSON document
(``charter_versions.content``, written and read only by :mod:`copdesk.services.charter`): that is
what gets compared, printed, exported and imported. What other rows must point at lives in
tables: an *outcome* keeps its id from version to version while its wording changes, so the
sessions tagged with it and the stories told about it follow it. ``charter_outcomes`` mirrors the
newest wording; ``retired`` marks outcomes the newest version no longer has (their tags and
stories stay, as history).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from copdesk.models.base import Base


class CharterVersion(Base):
    __tablename__ = "charter_versions"
    __table_args__ = (CheckConstraint("number >= 1", name="number_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # 1, 2, 3 … in the order they were saved.
    number: Mapped[int] = mapped_column(unique=True)
    saved_at: Mapped[dt.datetime]
    # Copied out of the content so the window can ask "is a review due?" without parsing JSON.
    review_on: Mapped[dt.date | None] = mapped_column(default=None)
    content: Mapped[str] = mapped_column(Text)


class CharterOutcome(Base):
    __tablename__ = "charter_outcomes"
    __table_args__ = (
        CheckConstraint("horizon IN ('short', 'long')", name="horizon_kind"),
        CheckConstraint("kind IN ('process', 'product')", name="outcome_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(300))
    horizon: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    retired: Mapped[bool] = mapped_column(default=False, server_default=false())


class MeetingOutcome(Base):
    """A session tagged with an outcome it served."""

    __tablename__ = "meeting_outcomes"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    outcome_id: Mapped[int] = mapped_column(
        ForeignKey("charter_outcomes.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ValueStory(Base):
    """A short story a member tells of value created (Wenger-Trayner's value-creation cycles)."""

    __tablename__ = "value_stories"
    __table_args__ = (
        CheckConstraint(
            "cycle IN ('immediate', 'potential', 'applied', 'realised', 'reframing')",
            name="cycle_kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), default=None, index=True
    )
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("charter_outcomes.id", ondelete="SET NULL"), default=None, index=True
    )
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), default=None
    )
    cycle: Mapped[str] = mapped_column(String(20))
    told_on: Mapped[dt.date]
    text: Mapped[str] = mapped_column(Text)

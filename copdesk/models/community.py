from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from copdesk.models.base import Base


class Community(Base):
    """The one community a file holds (always a single row)."""

    __tablename__ = "community"
    __table_args__ = (
        CheckConstraint("meeting_weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("paper IN ('a4', 'letter')", name="paper_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    # 0 = Monday … 6 = Sunday, as Python's date.weekday().
    meeting_weekday: Mapped[int] = mapped_column(default=1)
    meeting_time: Mapped[dt.time] = mapped_column(default=dt.time(18, 0))
    place: Mapped[str] = mapped_column(String(300), default="")
    # Babel locale identifier for printouts and announcements (e.g. "es", "ar_EG").
    locale: Mapped[str] = mapped_column(String(20), default="en")
    # None: follow the locale's territory; else "a4" or "letter".
    paper: Mapped[str | None] = mapped_column(String(10), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))


class CommunityLogo(Base):
    """The community's logo, printed beside its name on the agenda (at most one row).

    A table of its own so that reading the community (every pane and printout does) never loads
    the image: only the agenda and the settings dialog read ``data``.
    """

    __tablename__ = "community_logo"
    __table_args__ = (CheckConstraint("kind IN ('png', 'jpeg')", name="logo_kind"),)

    community_id: Mapped[int] = mapped_column(
        ForeignKey("community.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # "png" or "jpeg": the file as it was chosen
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]  # in pixels
    height: Mapped[int]
    # SHA-256 of ``data`` (hex): tells whether two logos are the same without reading either.
    digest: Mapped[str] = mapped_column(String(64))

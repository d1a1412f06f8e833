from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, String, Text
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

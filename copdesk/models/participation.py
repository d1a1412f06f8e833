"""What the convener did about someone who had gone quiet: "contacted on this date"."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from copdesk.models.base import Base


class Contacted(Base):
    """The convener reached out to a member (a call, a message) on ``on_date``.

    Only a record of the convener's own action: it never changes a member's journey, and nothing
    removes a member from the reach-out list because of it (see copdesk.services.participation).
    """

    __tablename__ = "contacted"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[dt.date]
    note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from copdesk.models.base import Base


class Member(Base):
    """A person in the roster, or (``anonymous``) a placeholder keeping a removed person's counts.

    Placeholders have no name and no contact details; they only hold attendance rows so that a
    session's head count does not change when someone asks to be removed (see
    :func:`copdesk.services.roster.remove_member`). Every roster query leaves them out.
    """

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    pronouns: Mapped[str] = mapped_column(String(50), default="", server_default=text("''"))
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    # The member's home organisation or community (their first community).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), default=None, index=True
    )
    # Why they show up, in their words; the group's tags for it are in member_tags.
    why: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    notes: Mapped[str] = mapped_column(Text, default="")
    joined_on: Mapped[dt.date | None] = mapped_column(default=None)
    # Consent, as the person told the convener: may appear on printed lists / may be contacted.
    may_print: Mapped[bool] = mapped_column(default=True, server_default=true())
    may_contact: Mapped[bool] = mapped_column(default=True, server_default=true())
    anonymous: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Folded (copdesk.collation.fold) name, preferred name, organisation, email and skills,
    # kept up to date by the roster services so search needs no join and no Python per row.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    # The name's collation key (ICU sort key) for the collation in ``name_keys``, so the Roster
    # reads everyone in name order from an index (copdesk.services.name_keys). NULL when unknown:
    # a trigger empties it when the name changes without it.
    name_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)

    # Partial, so the planner never takes it for "anonymous = 0" lookups by id.
    __table_args__ = (
        Index("ix_members_name_key", "name_key", sqlite_where=text("anonymous = 0")),
    )


class NameKeys(Base):
    """Which collation ``members.name_key`` follows (one row; none: no keys stored)."""

    __tablename__ = "name_keys"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The locale the keys were made for (e.g. "sv"), and copdesk.collation.key_identity(locale).
    locale: Mapped[str] = mapped_column(String(40))
    identity: Mapped[str] = mapped_column(String(80))

"""Plain data a printout needs, already resolved to names and clock times."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AgendaLine:
    starts_at: dt.time
    ends_at: dt.time
    title: str
    duration_minutes: int


@dataclass(frozen=True)
class AgendaDocument:
    community_name: str
    locale: str  # Babel identifier of the community's language: the whole page is in it
    paper: str  # "a4" or "letter"
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    place: str = ""
    topic: str = ""
    convener: str = ""
    host: str = ""
    purpose: str = ""
    items: list[AgendaLine] = field(default_factory=list)

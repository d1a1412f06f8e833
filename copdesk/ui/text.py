"""Text helpers for the window: accent-insensitive search and Babel formatting shortcuts."""

from __future__ import annotations

import datetime as dt
import unicodedata

from copdesk.i18n import _, ngettext, window


def fold(text: str) -> str:
    """Lower-case without accents, so that "jose" finds "José" and "MULLER" finds "Müller".

    Pure Python and Qt-free: it could move to the core if the CLI ever searches too.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def date_text(value: dt.date | None, fmt: str = "medium") -> str:
    return window().format_date(value, fmt) if value else ""


def time_text(value: dt.time) -> str:
    return window().format_time(value, "short")


def time_range(start: dt.time, end: dt.time) -> str:
    # Translators: a span of clock times, e.g. "18:00–19:15".
    return _("{start}–{end}").format(start=time_text(start), end=time_text(end))


def minutes_text(minutes: int) -> str:
    return ngettext("{count} minute", "{count} minutes", minutes).format(
        count=window().format_number(minutes)
    )

"""Text helpers for the window: accent-insensitive search, Babel formatting shortcuts, labels
without their access key."""

from __future__ import annotations

import datetime as dt
import re

from copdesk import collation
from copdesk.i18n import _, ngettext, window


def fold(text: str) -> str:
    """Lower-case without accents, so that "jose" finds "José" and "MULLER" finds "Müller": the
    core's :func:`copdesk.collation.fold`, so the window's filters match as the roster search does.
    """
    return collation.fold(text)


def without_mnemonic(text: str) -> str:
    """A label as read aloud or shown where access keys do not work: "&File" -> "File", and the
    "(&F)" that Japanese, Chinese, Hindi and Hebrew labels add -> nothing; "&&" is a real "&"."""
    text = re.sub(r"\s*\(&\w\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


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

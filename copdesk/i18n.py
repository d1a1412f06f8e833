"""The one place where copdesk translates and formats for a language.

Two languages matter and they are separate: the *window's* language (what the convener reads on
screen) and a *community's* language (what goes on paper). Module-level ``_``/``ngettext``/
``pgettext`` follow the window's language; :class:`Translator` serves any other language, for
printouts. Dates, times and lists always go through Babel so the window and the paper agree.
"""

from __future__ import annotations

import datetime as dt
import gettext
import math
import os
import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

from copdesk.resources import locale_dir

DOMAIN = "copdesk"
FALLBACK_LOCALE = "en"
#: A window language for testers only (never offered in Preferences): every message accented and
#: about 40% longer, so text that is not translated, or clipped by a layout, shows at a glance.
PSEUDO_LOCALE = "pseudo"
#: Chooses the window language for one run, over the saved choice (``copdesk --language`` sets it).
LANGUAGE_ENV = "COPDESK_LANGUAGE"


def normalize_locale(value: str) -> str:
    """Turn 'es-MX', 'es_MX.UTF-8' or 'es' into Babel's canonical identifier; ValueError if unknown."""
    raw = (value or "").strip().split(".")[0].split("@")[0].replace("-", "_")
    if not raw or raw in ("C", "POSIX"):
        return FALLBACK_LOCALE
    try:
        return str(Locale.parse(raw))
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(value) from exc


def system_locale() -> str:
    """The language the user's system asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        for part in value.split(":"):
            try:
                if part:
                    return normalize_locale(part)
            except ValueError:
                continue
    return FALLBACK_LOCALE


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The compiled catalog for a locale ('es_MX' falls back to 'es'), or English."""
    loc = Locale.parse(normalize_locale(locale))
    candidates = [str(loc)]
    if loc.territory:
        candidates.append(loc.language)
    return gettext.translation(DOMAIN, str(locale_dir()), languages=candidates, fallback=True)


def available_languages() -> list[str]:
    """English plus every language with a compiled catalog shipped in resources/locale."""
    found = {FALLBACK_LOCALE}
    base = locale_dir()
    if base.is_dir():
        for entry in base.iterdir():
            if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.add(entry.name)
    return sorted(found)


# What the pseudo-locale leaves exactly as it is: format fields and their escapes, %-formats
# (Qt's %1, printf's %s), HTML tags and entities, mnemonics with their letter (Alt+O stays
# typable), and line breaks.
_PSEUDO_KEEP = re.compile(
    r"\{\{|\}\}|\{[^{}]*\}|%\([^)]*\)[a-z]|%\d+|%[a-zA-Z%]|<[^<>]*>|&#?\w+;|&&|&\S|\n"
)
_PSEUDO_ACCENTS = str.maketrans(
    "aceinosuyzACEINOSUYZ",
    "áçëïñöšüýžÁÇËÏÑÖŠÜÝŽ",
)
PSEUDO_OPEN, PSEUDO_CLOSE, PSEUDO_PAD = "⟦", "⟧", "·"
# Leading and trailing markup (and space) stay outside the markers, so Qt still sees rich text.
_PSEUDO_EDGES = re.compile(r"^((?:\s*<[^<>]*>)*\s*)(.*?)((?:\s*<[^<>]*>)*\s*)$", re.DOTALL)


def pseudo_text(message: str) -> str:
    """``message`` accented and about 40% longer, e.g. "&Open {name}…" -> "⟦&Öpëñ {name}…···⟧"."""
    if not message:
        return message
    head, body, tail = _PSEUDO_EDGES.match(message).groups()  # type: ignore[union-attr]
    if not body:
        return message
    parts: list[str] = []
    visible = 0
    pos = 0
    for keep in _PSEUDO_KEEP.finditer(body):
        text = body[pos : keep.start()]
        parts.append(text.translate(_PSEUDO_ACCENTS))
        parts.append(keep.group())
        visible += len(text) + (1 if keep.group().startswith("&") else 0)
        pos = keep.end()
    parts.append(body[pos:].translate(_PSEUDO_ACCENTS))
    visible += len(body) - pos
    # The markers count towards the 40%; short texts grow by at least one more character.
    padding = PSEUDO_PAD * max(1, math.ceil(visible * 0.4) - 2)
    return f"{head}{PSEUDO_OPEN}{''.join(parts)}{padding}{PSEUDO_CLOSE}{tail}"


class PseudoTranslations(gettext.NullTranslations):
    """The pseudo-locale's catalog: every message goes through :func:`pseudo_text`."""

    def gettext(self, message: str) -> str:
        return pseudo_text(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_text(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo_text(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_text(msgid1 if n == 1 else msgid2)


class Translator:
    """Translation and locale formatting for one language (e.g. a community's, for a printout)."""

    def __init__(self, locale: str) -> None:
        #: True for the testers' pseudo-locale, which formats dates and numbers as English does.
        self.is_pseudo = locale == PSEUDO_LOCALE
        self.locale = FALLBACK_LOCALE if self.is_pseudo else normalize_locale(locale)
        self._babel = Locale.parse(self.locale)
        self._t = PseudoTranslations() if self.is_pseudo else translations(self.locale)

    @property
    def code(self) -> str:
        """The identifier this language is chosen by (``pseudo`` for the pseudo-locale)."""
        return PSEUDO_LOCALE if self.is_pseudo else self.locale

    # gettext ------------------------------------------------------------------------------
    def _(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._t.pgettext(context, message)

    # Babel --------------------------------------------------------------------------------
    @property
    def is_rtl(self) -> bool:
        return self._babel.text_direction == "rtl"

    def format_date(self, value: dt.date, fmt: str = "full") -> str:
        return babel_dates.format_date(value, format=fmt, locale=self._babel)

    def format_time(self, value: dt.time, fmt: str = "short") -> str:
        return babel_dates.format_time(value, format=fmt, locale=self._babel)

    def format_list(self, items: list[str]) -> str:
        return babel_lists.format_list(items, locale=self._babel) if items else ""

    def format_number(self, value: int | float) -> str:
        return babel_numbers.format_decimal(value, locale=self._babel)

    def weekday_name(self, weekday: int, width: str = "wide") -> str:
        """Monday is 0, as in Python's ``date.weekday()``."""
        return self._babel.days["format"][width][weekday]

    def language_name(self, locale: str | None = None) -> str:
        """A language's own name for itself when ``locale`` is given, else this locale's name."""
        target = Locale.parse(normalize_locale(locale or self.locale))
        return target.get_display_name(target) or str(target)


_window = Translator(FALLBACK_LOCALE)


def window_translator(locale: str | None) -> Translator:
    """The Translator a window in ``locale`` would use (None follows the system, as does a
    language copdesk cannot read, e.g. from a hand-edited settings file); nothing is switched."""
    try:
        return Translator(locale or system_locale())
    except ValueError:
        return Translator(system_locale())


def set_window_language(locale: str | None) -> Translator:
    """Switch the window's language (see :func:`window_translator`); returns the active one."""
    global _window
    _window = window_translator(locale)
    return _window


def window_language_choice(saved: str | None) -> str | None:
    """The window language for this run: ``COPDESK_LANGUAGE`` (or ``--language``) over ``saved``."""
    return os.environ.get(LANGUAGE_ENV, "").strip() or saved


def window() -> Translator:
    """The Translator for the window's language."""
    return _window


def _(message: str) -> str:
    return _window._(message)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _window.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _window.pgettext(context, message)

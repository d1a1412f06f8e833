"""Sorting and matching text the way the user's language expects, without Qt.

Two jobs, kept apart:

* :func:`sort_key` orders names for a language: Swedish puts Å, Ä, Ö after Z, French compares
  accents after the letters, German sorts Ä with A, Japanese and Chinese names get ICU's
  (CLDR's) order for their scripts. It uses ICU through the ``pyicu-wheels`` package
  (``import icu``). When ICU cannot be imported (a build without it) the fallback is documented
  and predictable: the text folded with :func:`fold` (accents dropped, case folded), then the
  original text to keep the order stable. That fallback is right for English and close enough for
  most Latin-script languages, but puts Swedish Å with A; the window can say so.
* :func:`fold` makes search case- and accent-insensitive: "jose" finds "José", "SOREN" finds
  "Søren", "muller" finds "Müller", "nguyen" finds "Nguyễn". It decomposes (NFKD), drops the
  accents of Latin, Greek and Cyrillic letters and the vowel points of Hebrew and Arabic, and
  case-folds. Marks that carry meaning in other scripts (Devanagari vowel signs, the Japanese
  dakuten) are kept, so "が" does not match "か" and Hindi words keep their vowels.

The core never uses Qt's QCollator, so the CLI, printouts and tests sort exactly like the window.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

try:  # pragma: no cover - depends on the installed wheels
    import icu as _icu
except ImportError:  # pragma: no cover
    _icu = None

# Letters NFKD does not decompose but that people type without their stroke.
_EXTRA_FOLDS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "ħ": "h",
        "þ": "th",
        "ð": "d",
    }
)


# Accents search should ignore: combining marks right after a Latin, Greek or Cyrillic letter
# (Vietnamese included), and Hebrew points / Arabic harakat wherever they are.
_ACCENTS = re.compile(
    "(?<=[\u0000-\u052f\u1e00-\u1fff])"
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
    "|[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670]"
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` for matching (not for display)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_EXTRA_FOLDS))
    return unicodedata.normalize("NFC", _ACCENTS.sub("", decomposed))


def icu_available() -> bool:
    """True when sorting follows the language (ICU); False when it uses the folded fallback."""
    return _icu is not None


def _fallback_key(text: str) -> tuple[str, str]:
    return (fold(text), text)


@cache
def _collator(locale: str):  # noqa: ANN202 - an ICU collator
    assert _icu is not None
    name = (locale or "en").replace("-", "_")
    try:
        return _icu.Collator.createInstance(_icu.Locale(name))
    except _icu.ICUError:  # pragma: no cover - ICU falls back to root rather than failing
        return _icu.Collator.createInstance(_icu.Locale.getRoot())


@cache
def sort_key(locale: str) -> Callable[[str], object]:
    """A key function that orders strings as a reader of ``locale`` expects (e.g. "sv_SE").

    The keys are only comparable with keys from the same function. Unknown locales fall back to
    ICU's root order (which is CLDR's default, sensible for every script).
    """
    if _icu is None:
        return _fallback_key
    return _collator(locale).getSortKey


@cache
def key_identity(locale: str) -> str | None:
    """What the keys of ``sort_key(locale)`` depend on, to be stored beside stored keys: ICU's
    version and the locale whose rules the collator really uses ("" for the root order that
    English, German, French and Portuguese share, so their keys are interchangeable).

    Stored keys are only used when this is unchanged: a newer ICU may order differently.
    None without ICU: the fallback keys are not bytes and are never stored.
    """
    if _icu is None:
        return None
    actual = _collator(locale).getLocale(_icu.ULocDataLocaleType.ACTUAL_LOCALE)
    return f"icu {_icu.ICU_VERSION} {actual}"


def sorted_by(items, key: Callable[[object], str], locale: str) -> list:  # noqa: ANN001
    """``items`` sorted by the text ``key(item)`` in the order of ``locale``."""
    k = sort_key(locale)
    return sorted(items, key=lambda item: k(key(item)))

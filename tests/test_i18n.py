"""Catalogs are complete, their placeholders match, and the compiled files are not stale."""

from __future__ import annotations

import ast
import gettext
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import copdesk
from copdesk import i18n
from copdesk.resources import locale_dir

PACKAGE = Path(copdesk.__file__).parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
CATALOGS = sorted(locale_dir().glob("*/LC_MESSAGES/copdesk.po"))


def _code_messages() -> set[tuple[str | None, str]]:
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((context, msgid))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_spanish_catalog_ships() -> None:
    assert "es" in i18n.available_languages()
    assert any(p.parts[-3] == "es" for p in CATALOGS)


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-3])
def test_catalog_translates_every_message_in_the_code(po_path: Path) -> None:
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id
    }
    missing = sorted(
        msgid for key in _code_messages() if key not in translated for msgid in [key[1]]
    )
    assert missing == [], f"{po_path.parts[-3]} lacks {len(missing)} messages"
    problems = []
    for key, message in translated.items():
        if message.fuzzy:
            problems.append(f"fuzzy: {key[1]}")
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strs = [message.string] if isinstance(message.string, str) else list(message.string)
        if not all(strs):
            problems.append(f"untranslated: {key[1]}")
            continue
        if len(ids) > 1 and len(strs) != catalog.num_plurals:
            problems.append(f"plural forms: {key[1]}")
        expected = set().union(*(_placeholders(i) for i in ids))
        for s in strs:
            if _placeholders(s) != expected and not (len(ids) > 1 and _placeholders(s) <= expected):
                problems.append(f"placeholders differ: {key[1]!r} -> {s!r}")
    assert problems == []


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-3])
def test_compiled_catalog_is_not_stale(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"run: bash tools/i18n.sh compile ({mo_path} missing)"
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    fresh = gettext.GNUTranslations(buf)
    with mo_path.open("rb") as fh:
        shipped = gettext.GNUTranslations(fh)
    assert shipped._catalog == fresh._catalog, "run: bash tools/i18n.sh compile"  # noqa: SLF001


def test_window_and_printout_languages_are_separate() -> None:
    i18n.set_window_language("es")
    try:
        assert i18n._("Random pairs") == "Parejas al azar"
        assert i18n.Translator("en")._("Random pairs") == "Random pairs"
    finally:
        i18n.set_window_language("en")
    assert i18n._("Random pairs") == "Random pairs"


def test_regional_locale_falls_back_to_its_language() -> None:
    assert i18n.Translator("es_MX")._("Random pairs") == "Parejas al azar"
    assert i18n.Translator("it_CH")._("Random pairs") == "Random pairs"  # no Italian catalog


def test_dates_and_lists_are_formatted_by_babel() -> None:
    import datetime as dt

    es = i18n.Translator("es")
    assert es.format_date(dt.date(2026, 12, 1)) == "martes, 1 de diciembre de 2026"
    assert es.format_time(dt.time(18, 5)) == "18:05"
    assert es.weekday_name(1) == "martes"
    assert es.format_list(["Ana", "Bruno", "Chen"]) == "Ana, Bruno y Chen"
    assert i18n.Translator("ar").is_rtl and not es.is_rtl


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("es-MX", "es_MX"), ("es_MX.UTF-8", "es_MX"), ("C", "en"), ("", "en"), ("pt_BR", "pt_BR")],
)
def test_normalize_locale(raw: str, canonical: str) -> None:
    assert i18n.normalize_locale(raw) == canonical


def test_unknown_locale_is_an_error() -> None:
    with pytest.raises(ValueError):
        i18n.normalize_locale("xx_bogus_thing")


# Literal strings handed straight to Qt widgets must be marked for translation.
_QT_TEXT_CALLS = re.compile(
    r"^(setText|setWindowTitle|setToolTip|setPlaceholderText|setStatusTip|setAccessibleName|"
    r"setTitle|addAction|addMenu|setLabelText|showMessage|setWhatsThis)$"
)


def test_user_visible_strings_in_the_window_are_marked_for_translation() -> None:
    offenders = []
    for path in [*(PACKAGE / "ui").rglob("*.py"), PACKAGE / "app.py"]:
        if not path.exists():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if not _QT_TEXT_CALLS.match(name):
                continue
            for arg in node.args:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and re.search(r"[A-Za-z]{2}", arg.value)
                ):
                    offenders.append(f"{path.name}:{node.lineno} {arg.value!r}")
    assert offenders == []

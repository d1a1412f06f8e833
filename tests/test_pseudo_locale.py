"""The testers' pseudo-locale, the window-language choice for one run, and its memory."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from copdesk import i18n, settings
from copdesk.cli import main
from copdesk.i18n import PSEUDO_CLOSE, PSEUDO_OPEN, pseudo_text


def _fields(text: str) -> list[str]:
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]


def _mnemonics(text: str) -> list[str]:
    return re.findall(r"&(?!&)\S", text.replace("&&", ""))


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("OK", "⟦ÖK·⟧"),
        ("&Open…", "⟦&Opëñ…·⟧"),
        ("Opened {name}.", "⟦Öpëñëd {name}.··⟧"),
        ("{count} members", "⟦{count} mëmbërš··⟧"),
        ("Line one\nline two", "⟦Lïñë öñë\nlïñë twö·····⟧"),
        ("%1 already exists.", "⟦%1 álrëádý ëxïštš.·····⟧"),
        ("R&&D {{braces}}", "⟦R&&D {{bráçëš}}··⟧"),
    ],
)
def test_pseudo_text_accents_and_stretches_but_keeps_what_code_needs(
    message: str, expected: str
) -> None:
    assert pseudo_text(message) == expected


def test_pseudo_text_keeps_html_outside_its_marks_so_qt_still_sees_rich_text() -> None:
    shown = pseudo_text("<p>Read <b>{name}</b></p>\n")
    assert shown.startswith("<p>" + PSEUDO_OPEN) and shown.endswith("</b></p>\n")
    assert "<b>{name}" in shown and pseudo_text("") == ""


def test_every_message_in_the_code_survives_the_pseudo_locale() -> None:
    """Same placeholders (so .format() works) and same mnemonics (so Alt+letter works), and
    about 40% longer: what a German or Finnish translation does to a layout."""
    from tests.test_i18n import _code_messages

    grown = []
    for _context, msgid in _code_messages():
        shown = pseudo_text(msgid)
        assert _fields(shown) == _fields(msgid), msgid
        assert _mnemonics(shown) == _mnemonics(msgid), msgid
        if all(_fields(msgid)):
            assert shown.format(**dict.fromkeys(_fields(msgid), "x"))
        grown.append(len(shown) / len(msgid))
    assert 1.35 < sum(grown) / len(grown) < 1.8


def test_the_pseudo_window_language_translates_everything_and_formats_as_english() -> None:
    tr = i18n.set_window_language(i18n.PSEUDO_LOCALE)
    try:
        assert tr.is_pseudo and tr.code == "pseudo" and tr.locale == "en"
        assert i18n._("Random pairs").startswith(PSEUDO_OPEN)
        assert i18n.ngettext("{count} member", "{count} members", 2).endswith(PSEUDO_CLOSE)
        assert PSEUDO_OPEN in i18n.pgettext("Qt button", "Cancel")
        assert tr.format_list(["Ana", "Bruno", "Chen"]) == "Ana, Bruno, and Chen"
        assert not tr.is_rtl
    finally:
        i18n.set_window_language("en")
    assert "pseudo" not in i18n.available_languages()


def test_a_language_copdesk_cannot_read_follows_the_system(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("LANGUAGE", "es")
    assert i18n.set_window_language("xx_not_a_language").locale == "es"
    i18n.set_window_language("en")


def test_copdesk_language_in_the_environment_wins_over_the_saved_choice(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv(i18n.LANGUAGE_ENV, raising=False)
    assert i18n.window_language_choice("de") == "de"
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "pseudo")
    assert i18n.window_language_choice("de") == "pseudo"
    assert i18n.window_language_choice(None) == "pseudo"


def test_the_window_language_is_remembered() -> None:
    assert settings.load().window_language is None
    settings.remember_window_language("ja")
    assert settings.load().window_language == "ja"
    settings.remember_window_language(None)
    assert settings.load().window_language is None


def test_cli_language_option(tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    from copdesk.services.community import CommunityInfo, create_community

    monkeypatch.setenv(i18n.LANGUAGE_ENV, "")  # main() sets it: put back as it was afterwards
    create_community(tmp_path / "c.copdesk", CommunityInfo(name="C")).close()
    assert main(["--language", "pseudo", "check", str(tmp_path / "c.copdesk")]) == 0
    assert PSEUDO_OPEN in capsys.readouterr().out
    assert main(["check", str(tmp_path / "c.copdesk"), "--language=es"]) == 0
    assert "El archivo" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["--language", "xx_bogus", "check", str(tmp_path / "c.copdesk")])
    assert exc.value.code == 2
    assert "--language" in capsys.readouterr().err

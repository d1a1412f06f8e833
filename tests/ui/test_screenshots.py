"""Every pane and the main dialogs, in several window languages, grabbed to PNG and checked.

What can fail: a text (label, button, group title, tab) cut off by its widget or by the window,
a text left in English in a translated window (the pseudo-locale marks every translated text, so
there any text without its marks was never translated), and Arabic or Hebrew not mirrored. The
pictures are for people to look at: ``COPDESK_SCREENSHOTS=/some/dir`` keeps them there (they go to
the test's temporary folder otherwise); ``COPDESK_SCREENSHOT_LANGUAGES=all`` (or "de,he") runs more
languages than the default three. ``CONTRIBUTING.md`` says more.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel import Locale
from PySide6.QtCore import QRect
from PySide6.QtGui import (
    Qt,  # with QtGui's mightBeRichText
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

from copdesk import app as copdesk_app
from copdesk.db import open_community
from copdesk.i18n import (
    PSEUDO_CLOSE,
    PSEUDO_LOCALE,
    PSEUDO_OPEN,
    Translator,
    available_languages,
    translations,
    window,
)
from copdesk.services import community, formats, meetings, organisations, roster, topics
from copdesk.ui.community_dialog import COMMON_LOCALES
from tests.ui.conftest import TODAY

SIZE = (1280, 800)  # a typical laptop


def languages() -> list[str]:
    """The pseudo-locale (long texts), a right-to-left language and a CJK one; more with
    COPDESK_SCREENSHOT_LANGUAGES=all (every shipped language) or a list such as "de,he"."""
    asked = os.environ.get("COPDESK_SCREENSHOT_LANGUAGES", "").strip()
    if asked == "all":
        return [PSEUDO_LOCALE, *available_languages()]
    return [code.strip() for code in asked.split(",") if code.strip()] or [
        PSEUDO_LOCALE,
        "ar",
        "ja",
    ]


LANGUAGES = languages()
TABS = ("sessions", "roster", "charter", "resources", "topics", "participation")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo community, made once (it takes seconds); looking at it changes nothing in it.

    Its printout language is English in every window language, as for a convener who reads the
    window in their own language; its names are in many scripts anyway.
    """
    from copdesk.demo import write_demo

    return write_demo(tmp_path_factory.mktemp("demo") / "demo.copdesk", today=TODAY)


@pytest.fixture(scope="module")
def main_window(
    qapp: QApplication, demo_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator:
    """One window on the demo for every language: each test switches it, as Preferences does."""
    from copdesk.ui.main_window import MainWindow

    with pytest.MonkeyPatch.context() as mp:
        # Made before the tests' own private folders: it gets its own (never the user's).
        folders = tmp_path_factory.mktemp("folders")
        mp.setenv("COPDESK_CONFIG_DIR", str(folders / "config"))
        mp.setenv("COPDESK_DATA_DIR", str(folders / "data"))
        # As copdesk.app.start does: the bundled fonts cover scripts the system's may not.
        copdesk_app.register_fonts(deferred=False)
        copdesk_app.register_fonts(deferred=True)
        copdesk_app.apply_language(qapp, "en")
        w = MainWindow(today=lambda: TODAY)
        w.resize(*SIZE)
        w.show()
        assert w.open_path(demo_file)
        yield w
        w.close()
        w.deleteLater()
        copdesk_app.apply_language(qapp, "en")


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    kept = os.environ.get("COPDESK_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication, main_window) -> Iterator[str]:  # noqa: ANN001
    """The window switched to the test's language (Qt's own translations too); English after."""
    copdesk_app.apply_language(qapp, request.param)
    main_window.retranslate()
    main_window.resize(*SIZE)
    QApplication.processEvents()
    yield request.param
    copdesk_app.apply_language(qapp, "en")


# -- the checks ---------------------------------------------------------------------------------


def visible_text(text: str, mnemonic: bool = True) -> str:
    """What is drawn: mnemonics ("&File", "ファイル(&F)") are shown without their ampersand."""
    if not mnemonic:
        return text
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def text_width(widget: QWidget, text: str) -> int:
    fm = widget.fontMetrics()
    return max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)


def rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text())
    )


def label_problem(label: QLabel) -> str | None:
    """Why the label's text does not fit in it (or shows its mnemonic's "&"), or None."""
    shows_ampersand = re.search(r"&[^\s]", label.text().replace("&&", ""))
    if not rich(label) and label.buddy() is None and shows_ampersand:
        return "its mnemonic has no buddy, so the & shows"
    room = label.contentsRect()
    margin = label.margin() * 2 + max(label.indent(), 0)
    width = room.width() - margin
    if rich(label):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(label.text())
        if label.wordWrap():
            doc.setTextWidth(width)
        needed_w, needed_h = int(doc.idealWidth()), int(doc.size().height())
    else:
        text = visible_text(label.text(), label.buddy() is not None)
        fm = label.fontMetrics()
        if label.wordWrap():
            box = fm.boundingRect(
                QRect(0, 0, max(width, 1), 100_000), Qt.TextFlag.TextWordWrap, text
            )
        else:
            box = fm.boundingRect(QRect(0, 0, 100_000, 100_000), 0, text)
        needed_w, needed_h = box.width(), box.height()
    if needed_w > width + 1:
        return f"{needed_w - width}px too narrow"
    if needed_h > room.height() - label.margin() * 2 + 2:
        return f"{needed_h - room.height()}px too short"
    return None


def button_problem(button: QAbstractButton) -> str | None:
    """Why the button's text does not fit in it, or None."""
    needed = text_width(button, visible_text(button.text()))
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    if isinstance(button, QCheckBox | QRadioButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        element = (
            QStyle.SubElement.SE_CheckBoxContents
            if isinstance(button, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonContents
        )
        room = button.style().subElementRect(element, option, button).width()
    else:  # push and tool buttons: their frame and a little space around the text
        room = button.width() - 8
    if needed > room + 1:
        return f"{needed - room}px too narrow"
    return None


def combo_problem(combo: QComboBox) -> str | None:
    """Why the choice shown does not fit in the combo box, or None."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = (
        combo.style()
        .subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        .width()
    )
    needed = text_width(combo, combo.currentText())
    if not combo.itemIcon(combo.currentIndex()).isNull():
        needed += combo.iconSize().width() + 4
    room -= 2  # the style draws the text a pixel in from each side
    return f"{needed - room}px too narrow" if needed > room else None


def texts_shown(root: QWidget) -> Iterator[tuple[QWidget, str, str | None]]:
    """(widget, its text, why it is clipped or None) for every visible text under ``root``."""
    window_rect = root.rect()
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not root:
            continue
        if isinstance(widget, QLabel) and widget.text():
            yield widget, widget.text(), label_problem(widget) or outside(widget, root, window_rect)
        elif isinstance(widget, QAbstractButton) and widget.text():
            yield (
                widget,
                widget.text(),
                button_problem(widget) or outside(widget, root, window_rect),
            )
        elif isinstance(widget, QComboBox) and not widget.isEditable() and widget.currentText():
            yield widget, widget.currentText(), combo_problem(widget)
        elif isinstance(widget, QGroupBox) and widget.title():
            needed = text_width(widget, visible_text(widget.title())) + (
                24 if widget.isCheckable() else 8
            )
            problem = f"{needed - widget.width()}px too narrow" if needed > widget.width() else None
            yield widget, widget.title(), problem
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                rect = widget.tabRect(i)
                text = widget.tabText(i)
                problem = None
                if not widget.rect().contains(rect):
                    problem = "tab scrolled out of the tab bar"
                elif rect.width() < text_width(widget, visible_text(text)):
                    problem = "tab too narrow"
                yield widget, text, problem


def outside(widget: QWidget, root: QWidget, window_rect: QRect) -> str | None:
    """A widget drawn past the window's edge (a layout that does not fit) is clipped too."""
    if any(isinstance(a, QWidget) and a.inherits("QAbstractScrollArea") for a in ancestors(widget)):
        return None  # scrolled into view when needed
    top_left = widget.mapTo(root, widget.rect().topLeft())
    rect = QRect(top_left, widget.size())
    if not window_rect.adjusted(-1, -1, 1, 1).contains(rect):
        return "past the window's edge"
    return None


def ancestors(widget: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


# An English word: three letters or more, not all capitals (PDF and CSV are names).
LATIN_WORD = re.compile(r"\b(?=[A-Za-z]*[a-z])[A-Za-z]{3,}\b")
# Window languages whose own script is not Latin: any English word left is suspect.
NON_LATIN = {"ar", "he", "hi", "ja", "zh_CN", "zh_Hans_CN"}
NAMES = ("copdesk",)


class Messages:
    """Recognises a text shown as one of a set of copdesk's English messages, placeholders
    filled in ("40 members" is "{count} members")."""

    def __init__(self, msgids: set[str]) -> None:
        self.exact: set[str] = set()
        self.templates: list[list[str]] = []
        for msgid in msgids:
            pieces = re.split(r"\{[^{}]*\}", visible_text(msgid))
            if not LATIN_WORD.search(" ".join(pieces)):
                continue  # "{date}: {topic}" says nothing about the language
            if len(pieces) == 1:
                self.exact.add(pieces[0])
            else:
                self.templates.append(pieces)

    def __contains__(self, shown: str) -> bool:
        if shown in self.exact:
            return True
        for pieces in self.templates:
            if not (shown.startswith(pieces[0]) and shown.endswith(pieces[-1])):
                continue
            at = len(pieces[0])
            for piece in pieces[1:-1]:
                at = shown.find(piece, at)
                if at < 0:
                    break
                at += len(piece)
            else:
                if at <= len(shown) - len(pieces[-1]):
                    return True
        return False


@cache
def english_messages(lang: str) -> tuple[Messages, Messages]:
    """(copdesk's English messages that ``lang`` translates otherwise, the messages its catalog
    has no translation for yet: those are left to the catalog tests in tests/test_i18n.py)."""
    catalog = translations(lang)._catalog  # noqa: SLF001 - gettext's own table
    translated: set[str] = set()
    for key, text in catalog.items():
        msgid = (key[0] if isinstance(key, tuple) else key).split("\x04", 1)[-1]
        if msgid and text != msgid:
            translated.add(msgid)
    awaiting = {msgid for _context, msgid in code_messages()} - translated - set(catalog)
    # English that is also this language's word for something ("Organisations" in French).
    own = {visible_text(text) for text in catalog.values()}
    translated = {msgid for msgid in translated if visible_text(msgid) not in own}
    return Messages(translated), Messages(awaiting)


@cache
def kept_in_english(lang: str) -> frozenset[str]:
    """Words the translators chose to keep as they are ("Letter" for the paper, in Arabic)."""
    if lang == PSEUDO_LOCALE:
        return frozenset()
    catalog = translations(lang)._catalog  # noqa: SLF001 - gettext's own table
    return frozenset(
        visible_text(text)
        for key, text in catalog.items()
        if text and text == (key[0] if isinstance(key, tuple) else key).split("\x04", 1)[-1]
    )


@cache
def code_messages() -> set[tuple[str | None, str]]:
    from tests.test_i18n import _code_messages

    return _code_messages()


def untranslated(text: str, lang: str, data: set[str]) -> bool:
    """True for copdesk's English shown in another window language (names and data aside)."""
    if lang == "en":
        return False
    shown = visible_text(text)
    if shown in data:
        return False
    if lang == PSEUDO_LOCALE:
        if PSEUDO_OPEN in shown or PSEUDO_CLOSE in shown:
            return False
    else:
        done, awaiting = english_messages(lang)
        if shown in awaiting:
            return False  # new text, not translated yet: the catalog tests say so
        if shown in done:
            return True
        if lang not in NON_LATIN:
            return False
    for item in sorted({*data, *NAMES, *kept_in_english(lang)}, key=len, reverse=True):
        shown = shown.replace(item, " ")
    return LATIN_WORD.search(shown) is not None


def data_texts(path: Path) -> set[str]:
    """Texts that come from the file, not from copdesk: names, topics, places."""
    with open_community(path) as cfile, cfile.session() as db:
        info = community.get_community(db)
        found = {info.name, info.place or "", info.purpose or ""}
        for m in roster.list_members(db):
            found.update({m.name, m.preferred_name or "", m.display_name, m.email or ""})
        for org in organisations.list_organisations(db, info.locale):
            found.add(org.name)
        for row in meetings.list_meetings(db):
            found.add(row.topic or "")
        for row in topics.list_topics(db, TODAY, include_done=True):
            found.update({row.title, row.description})
        found.update(f.name for f in formats.list_formats(db))
    # Languages by their own names ("English", "Español"), as the language lists show them.
    for code in (*available_languages(), *COMMON_LOCALES):
        name = Translator(code).language_name()
        found.update({name, name[:1].upper() + name[1:]})
    # Dates are data too: the names of months and weekdays in the window language.
    names = Locale.parse(window().locale)
    for kind in (names.months, names.days):
        for width in ("wide", "abbreviated"):
            found.update(kind["format"][width].values())
    return {t for t in found if t}


def check(root: QWidget, lang: str, data: set[str]) -> list[str]:
    problems = []
    for widget, text, clipped in texts_shown(root):
        name = f"{type(widget).__name__} {widget.objectName() or ''} {text!r}"
        if clipped:
            problems.append(f"clipped ({clipped}): {name}")
        if untranslated(text, lang, data):
            problems.append(f"not translated: {name}")
    return problems


def grab(widget: QWidget, folder: Path, lang: str, name: str) -> None:
    QApplication.processEvents()
    assert widget.grab().save(str(folder / f"{lang}-{name}.png"))


# -- the tests ----------------------------------------------------------------------------------


def dialogs(w) -> Iterator[tuple[str, QWidget]]:  # noqa: ANN001 - a MainWindow
    """The main dialogs, each made as the window makes it (shown, not run: nothing waits)."""
    from copdesk.ui.community_dialog import CommunityDialog
    from copdesk.ui.import_wizard import ImportWizard
    from copdesk.ui.member_dialog import MemberDialog
    from copdesk.ui.preferences_dialog import PreferencesDialog
    from copdesk.ui.print_agenda import PrintAgendaDialog

    members = w.ops.read(roster.list_members)
    fullest = max(members, key=lambda m: sum(bool(v) for v in vars(m).values()))
    organisation_names = w.roster.editor._organisations  # noqa: SLF001
    yield "member", MemberDialog(w, fullest.as_input(), organisations=organisation_names)
    yield "community", CommunityDialog(w, w.ops.read(community.get_community), w.ops)
    yield "preferences", PreferencesDialog(w, None)
    yield "print", PrintAgendaDialog(w, w.ops, w.sessions.session_to_print())
    yield "import", ImportWizard(w.ops, w.roster)
    yield "charter-wizard", w.charter.make_wizard()


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_every_pane_and_dialog_fits_and_is_translated(
    language: str,
    main_window,
    demo_file: Path,
    shots: Path,  # noqa: ANN001
) -> None:
    w = main_window
    data = data_texts(demo_file)
    rtl = language in ("ar", "he")
    problems: list[str] = []
    assert (w.layoutDirection() == Qt.LayoutDirection.RightToLeft) == rtl
    for name in TABS:
        w.tabs.setCurrentWidget(getattr(w, name))
        grab(w, shots, language, name)
        problems += [f"{name}: {p}" for p in check(w, language, data)]
        if w.minimumSizeHint().width() > SIZE[0] or w.minimumSizeHint().height() > SIZE[1]:
            problems.append(f"{name}: needs {w.minimumSizeHint().toTuple()}, more than {SIZE}")
    for name, dialog in dialogs(w):
        dialog.show()
        grab(dialog, shots, language, name)
        assert (dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft) == rtl
        problems += [f"{name}: {p}" for p in check(dialog, language, data)]
        dialog.close()
        dialog.deleteLater()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)

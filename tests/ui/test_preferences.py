"""Preferences: the window's language, switched at once without losing work; Qt's own buttons
translated from copdesk's catalog where PySide6 ships no translation for the language."""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, Qt, QTranslator
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QWizard

from copdesk import app as copdesk_app
from copdesk import i18n, settings
from copdesk.db import open_community
from copdesk.services import meetings
from copdesk.ui.preferences_dialog import PreferencesDialog, language_choices
from copdesk.ui.qt_fallback import OBJECT_NAME
from tests.ui.conftest import answer_dialog, click


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    """Qt's translators too (the conftest resets copdesk's language only)."""
    yield
    copdesk_app.apply_language(qapp, "en")


def choose(qtbot, language: str | None):  # noqa: ANN001, ANN201
    def fill(dialog: PreferencesDialog) -> None:
        assert isinstance(dialog, PreferencesDialog)
        dialog.language.setCurrentIndex(dialog.language.findData(language))
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    return fill


def test_the_dialog_offers_the_system_first_then_each_language_by_its_own_name(qtbot) -> None:  # noqa: ANN001
    choices = language_choices()
    assert choices[0] == (None, "Follow the system (English)")
    codes = [code for code, _name in choices[1:]]
    assert sorted(codes) == i18n.available_languages() and "pseudo" not in codes
    names = dict(choices)
    assert names["es"] == "Español" and names["ja"] == "日本語" and names["de"] == "Deutsch"
    # Latin-script names first, in alphabetical order, then the other scripts.
    assert codes.index("de") < codes.index("en") < codes.index("es") < codes.index("ar")

    dialog = PreferencesDialog(None, "ja")
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "ja"
    (label,) = [w for w in dialog.findChildren(QLabel) if w.buddy() is dialog.language]
    assert label.text() == "&Window language:"
    assert dialog.language.accessibleName() == "Window language"
    assert "Community settings…" in dialog.findChild(QLabel, "printoutLanguageNote").text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel) is not None


def test_a_language_chosen_another_way_is_kept_when_the_dialog_opens(qtbot) -> None:  # noqa: ANN001
    dialog = PreferencesDialog(None, "pseudo")
    qtbot.addWidget(dialog)
    assert dialog.chosen_language() == "pseudo"
    dialog = PreferencesDialog(None, None)
    qtbot.addWidget(dialog)
    assert dialog.chosen_language() is None


def test_preferences_has_its_usual_shortcut(window) -> None:  # noqa: ANN001
    action = window.preferences_action
    expected = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences) or [
        QKeySequence("Ctrl+,")
    ]
    assert action.shortcuts() == expected
    assert action.menuRole() == action.MenuRole.PreferencesRole
    assert window.settings_action.shortcut() not in expected  # no ambiguous shortcut
    assert action.isEnabled()


def test_switching_language_keeps_the_file_the_tab_the_size_and_undo(
    qtbot,
    window,
    community_path: Path,  # noqa: ANN001
) -> None:
    window.resize(1100, 700)
    click(qtbot, window.sessions.new_button)  # an undoable change, already in the file
    window.tabs.setCurrentWidget(window.roster)
    tab, size, ops = window.tabs.currentIndex(), window.size(), window.ops
    window.statusBar().showMessage("Added a session.")

    answer_dialog(qtbot, window.preferences_action.trigger, choose(qtbot, "de"))
    assert settings.load().window_language == "de"
    assert window.statusBar().currentMessage() == ""  # no English left in a German window
    assert window.menuBar().actions()[0].text() == "&Datei"
    assert window.tabs.tabText(0) == "&Treffen"
    assert (window.tabs.currentIndex(), window.size(), window.ops) == (tab, size, ops)
    assert window.tabs.currentWidget() is window.roster
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()  # the change made in English is undone in German
    with open_community(community_path) as cfile, cfile.session() as db:
        assert meetings.list_meetings(db) == []

    answer_dialog(qtbot, window.preferences_action.trigger, choose(qtbot, "ar"))
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.sessions.layoutDirection() == Qt.LayoutDirection.RightToLeft
    answer_dialog(qtbot, window.preferences_action.trigger, choose(qtbot, None))
    assert settings.load().window_language is None
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.redo_action.isEnabled()  # the history survived three switches


def test_switching_on_the_welcome_page(qtbot) -> None:  # noqa: ANN001
    from copdesk.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    answer_dialog(qtbot, w.preferences_action.trigger, choose(qtbot, "es"))
    assert w.pages.currentWidget() is w.welcome
    assert w.welcome.demo_button.text() != "&Try the demo community"
    assert not w.print_action.isEnabled()


def test_cancel_changes_nothing(qtbot, window) -> None:  # noqa: ANN001
    def cancel(dialog: PreferencesDialog) -> None:
        dialog.language.setCurrentIndex(dialog.language.findData("ja"))
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel))

    answer_dialog(qtbot, window.preferences_action.trigger, cancel)
    assert settings.load().window_language is None
    assert window.menuBar().actions()[0].text() == "&File"


# -- Qt's own buttons --------------------------------------------------------------------------


def _catalog_with(locale: str, messages: dict[str, str]) -> gettext.GNUTranslations:
    catalog = Catalog(locale=locale)
    for source, text in messages.items():
        catalog.add(source, text, context="Qt button")
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def test_languages_qt_has_no_translation_for_use_copdesks_catalog(
    qapp,
    qtbot,
    monkeypatch,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    """German stands in for Hindi: Qt's own translations are hidden, the catalog has the button."""

    class NoQtTranslations:
        LibraryPath = QLibraryInfo.LibraryPath

        @staticmethod
        def path(_which: object) -> str:
            return str(tmp_path)

    catalog = _catalog_with(
        "de", {"Cancel": "Abbrechen (copdesk)", "&Next >": "&Weiter (copdesk) >"}
    )
    real = i18n.translations
    monkeypatch.setattr(copdesk_app, "QLibraryInfo", NoQtTranslations)
    monkeypatch.setattr(i18n, "translations", lambda loc: catalog if loc == "de" else real(loc))
    copdesk_app.apply_language(qapp, "de")
    assert qapp.findChildren(QTranslator, OBJECT_NAME)
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen (copdesk)"
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "OK"  # not in it: Qt's
    wizard = QWizard()
    qtbot.addWidget(wizard)
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Weiter (copdesk) >"


def test_hindi_and_the_pseudo_locale_get_the_fallback_and_others_do_not(qapp, qtbot) -> None:  # noqa: ANN001
    def fallback_installed() -> bool:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the replaced ones
        return bool(qapp.findChildren(QTranslator, OBJECT_NAME))

    copdesk_app.apply_language(qapp, "hi")  # PySide6 ships no qtbase_hi.qm
    assert fallback_installed()
    copdesk_app.apply_language(qapp, "ja")
    assert not fallback_installed()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"  # Qt's own
    copdesk_app.apply_language(qapp, "pseudo")
    assert fallback_installed()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().startswith(i18n.PSEUDO_OPEN)


def test_a_read_only_file_stays_read_only_after_a_switch(qtbot, community_path: Path) -> None:  # noqa: ANN001
    from copdesk.db import open_community as open_file
    from copdesk.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w._adopt(open_file(community_path, readonly=True))  # noqa: SLF001
    answer_dialog(qtbot, w.preferences_action.trigger, choose(qtbot, "fr"))
    QApplication.processEvents()  # the tool bar lays its new banner out
    assert w.ops.cfile.readonly and w.read_only_banner.isVisible()
    assert "lecture seule" in w.read_only_banner.label.text()
    assert not w.add_member_action.isEnabled() and not w.sessions.new_button.isEnabled()
    assert w.print_action.isEnabled() and w.undo_group.activeStack() is None
    w.close()

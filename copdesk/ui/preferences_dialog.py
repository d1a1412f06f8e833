"""Preferences: what copdesk remembers for this computer's user, not for a community.

Today that is the window's language. It is applied at once, without a restart: every change is
already in the file, so the main window builds its menus and panes again in the new language (the
same file, tab, size and undo history). The community's language, for its printouts, is separate
and chosen in the community's settings.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from copdesk import settings
from copdesk.collation import sort_key
from copdesk.i18n import (
    PSEUDO_LOCALE,
    _,
    available_languages,
    system_locale,
    window,
    window_translator,
)
from copdesk.ui.text import without_mnemonic

if TYPE_CHECKING:
    from copdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def own_name(code: str) -> str:
    """A language's name for itself, capitalised as a menu entry ("Español", "Português (Brasil)")."""
    name = window().language_name(code)
    return name[:1].upper() + name[1:]


def language_choices() -> list[tuple[str | None, str]]:
    """(code, label) for the window language: the system's first, then each language copdesk
    is translated into, by its own name, in the window language's alphabetical order."""
    system = own_name(system_locale())
    key = sort_key(window().locale)
    named = sorted(
        ((code, own_name(code)) for code in available_languages()), key=lambda p: key(p[1])
    )
    return [(None, _("Follow the system ({language})").format(language=system)), *named]


def menu_path(*texts: str) -> str:
    """Menu names as the user sees them ("File ▸ Community settings…")."""
    return (" ◂ " if window().is_rtl else " ▸ ").join(without_mnemonic(t) for t in texts)


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None, current: str | None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(_("Preferences"))
        self.language = QComboBox(self)
        self.language.setObjectName("windowLanguage")
        for code, label in language_choices():
            self.language.addItem(label, code)
        if current is not None and self.language.findData(current) < 0:
            # Saved some other way: the testers' pseudo-locale, or by hand in settings.json.
            self.language.addItem(
                current if current == PSEUDO_LOCALE else own_name(current), current
            )
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        label = QLabel(_("&Window language:"), self)
        label.setBuddy(self.language)
        # The label, without its mnemonic and colon, names the list for screen readers.
        self.language.setAccessibleName(without_mnemonic(label.text()).rstrip(":： "))

        place = menu_path(_("&File"), _("Community &settings…"))
        # Translators: {place} is where to find it, e.g. "File ▸ Community settings…"
        text = _(
            "Printouts and announcements are in the community’s own language, which is "
            "separate: choose it in {place}."
        ).format(place=place)
        note = QLabel(text, self)
        note.setObjectName("printoutLanguageNote")
        note.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(label, self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def chosen_language(self) -> str | None:
        """The language chosen; None follows the system."""
        data = self.language.currentData()
        return data if isinstance(data, str) else None


def edit_preferences(main_window: MainWindow) -> bool:
    """Show Preferences; a new window language is saved and shown at once. True if it changed."""
    saved = settings.load().window_language
    dialog = PreferencesDialog(main_window, saved)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    chosen = dialog.chosen_language()
    if chosen != saved:
        settings.remember_window_language(chosen)
    return switch_window_language(main_window, chosen)


def switch_window_language(main_window: MainWindow, language: str | None) -> bool:
    """Show the window in ``language`` (None: the system's) now; False if it already is."""
    from copdesk.app import apply_language  # app imports the main window, which imports us

    target = window_translator(language).code
    if target == window().code:
        return False
    started = time.perf_counter()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_language(app, language)
    main_window.retranslate()
    log.info("window language %s shown in %.0f ms", target, (time.perf_counter() - started) * 1000)
    return True

"""The one place where the Qt application is wired together (the CLI calls :func:`run`)."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from copdesk import settings
from copdesk.errors import CopdeskError
from copdesk.i18n import (
    FALLBACK_LOCALE,
    Translator,
    set_window_language,
    window_language_choice,
)
from copdesk.resources import fonts_dir
from copdesk.ui.main_window import MainWindow
from copdesk.ui.qt_fallback import OBJECT_NAME, FallbackQtTranslator

log = logging.getLogger(__name__)

# Big and only needed for CJK text: loaded after the window is on screen.
DEFERRED_FONTS = frozenset({"DroidSansFallbackFull.ttf"})


def application(argv: list[str]) -> QApplication:
    """The QApplication (one per process; tests share pytest-qt's)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [sys.argv[0] if sys.argv else "copdesk"])
    app.setApplicationName("copdesk")
    app.setApplicationDisplayName("copdesk")
    app.setOrganizationName("copdesk")
    app.setOrganizationDomain("copdesk.invalid")
    # The .desktop file's name (packaging/): lets Wayland match the window to its menu entry.
    app.setDesktopFileName("io.github.copdesk.Copdesk")
    from copdesk.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    return app


def apply_language(app: QApplication, language: str | None) -> Translator:
    """Window language for copdesk's texts, Qt's standard buttons, and the layout direction.

    Qt's buttons come from PySide6's ``qtbase`` translation; where there is none (Hindi, the
    pseudo-locale) from copdesk's own catalog (:mod:`copdesk.ui.qt_fallback`).
    """
    tr = set_window_language(language)
    qlocale = qt_locale(tr)
    QLocale.setDefault(qlocale)
    for name in ("copdesk-qtbase", OBJECT_NAME):
        for old in app.findChildren(QTranslator, name):
            app.removeTranslator(old)
            old.deleteLater()
    qt_translator = QTranslator(app)
    qt_translator.setObjectName("copdesk-qtbase")
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not tr.is_pseudo and qt_translator.load(qlocale, "qtbase", "_", folder):
        app.installTranslator(qt_translator)
    else:
        qt_translator.deleteLater()
        if tr.is_pseudo or tr.locale != FALLBACK_LOCALE:
            app.installTranslator(FallbackQtTranslator(app))
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if tr.is_rtl else Qt.LayoutDirection.LeftToRight
    )
    return tr


def qt_locale(tr: Translator) -> QLocale:
    """Qt's locale for the window language, writing digits the way Babel does.

    Dates and numbers in copdesk's own text and on paper come from Babel; Qt's date and time
    fields must show the same digits. For Arabic, Babel writes Latin digits while Qt's ``ar``
    writes Arabic-Indic ones, so pick the same language in a territory whose digits agree
    (e.g. ar_AE: same month names, Latin digits).
    """
    qlocale = QLocale(tr.locale.replace("_", "-"))
    digit = tr.format_number(0)
    if qlocale.zeroDigit() == digit:
        return qlocale
    for candidate in QLocale.matchingLocales(
        qlocale.language(), qlocale.script(), QLocale.Country.AnyCountry
    ):
        if candidate.zeroDigit() == digit:
            return candidate
    return qlocale


def register_fonts(*, deferred: bool) -> list[str]:
    """Add the bundled fonts (the small ones now, or the deferred big ones); returns families."""
    families: list[str] = []
    folder = fonts_dir()
    if not folder.is_dir():
        return families
    for font in sorted(folder.glob("*.[ot]tf")):
        if (font.name in DEFERRED_FONTS) != deferred:
            continue
        font_id = QFontDatabase.addApplicationFont(str(font))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def start(
    path: str | os.PathLike[str] | None,
    argv: list[str] | None = None,
    today: Callable[[], dt.date] = dt.date.today,
) -> MainWindow:
    """Everything :func:`run` does except the event loop (so tests can drive the window)."""
    app = application(list(argv or []))
    remembered = settings.load()
    apply_language(app, window_language_choice(remembered.window_language))
    register_fonts(deferred=False)
    window = MainWindow(today=today)
    target: Path | None = Path(path) if path else remembered.last_file
    window.show()
    if target is not None:
        window.open_path(target)
    return window


def quiet_reported_errors() -> None:
    """A CopdeskError the window already told the user about (damage found while a pane was
    reading) ends the slot that met it; it is logged, not printed as a traceback."""
    previous = sys.excepthook

    def hook(kind, value, tb) -> None:  # noqa: ANN001
        if isinstance(value, CopdeskError) and getattr(value, "reported", False):
            log.warning("%s", value.message)
            return
        previous(kind, value, tb)

    sys.excepthook = hook


def settle_heap() -> None:
    """Collect what start-up left unreachable, then exempt everything left from collection."""
    gc.collect()
    gc.freeze()


def run(path: str | None, argv: list[str]) -> int:
    """Start the window on ``path``, else the last file, else the welcome page."""
    quiet_reported_errors()
    window = start(path, argv)
    app = QApplication.instance()
    assert app is not None
    # The CJK fallback font is 4 MB: register it once the window is up, not before.
    QTimer.singleShot(300, lambda: register_fonts(deferred=True))
    # What start-up made (modules, Qt wrappers, mapped classes) lives as long as the process:
    # once the window has settled, collect start-up's garbage (about 30 ms) and freeze the rest,
    # so the collector does not walk it again whenever a long list is read (the Roster's first
    # paint at 100,000 members: 152 → 127 ms).
    QTimer.singleShot(1000, settle_heap)
    try:
        return app.exec()
    finally:
        window.close()  # saves the window size and releases the file, however the loop ended

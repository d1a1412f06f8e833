"""Qt's own texts that copdesk shows, from copdesk's catalog, where Qt ships no translation.

PySide6 ships ``qtbase_*.qm`` for most of copdesk's languages, but not for Hindi (nor for the
testers' pseudo-locale). Without this, a Hindi window would have English OK/Cancel buttons, wizard
buttons, text-field context menus and file dialogs. :class:`FallbackQtTranslator` answers Qt's
``tr()`` calls for those few texts; :func:`copdesk.app.apply_language` installs it only when
``qtbase`` for the window language cannot be loaded.

The texts are whole calls to ``pgettext`` (not markers) so ``pybabel extract`` finds them with
copdesk's usual keywords; they are read once, in the window language, when the translator is made.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

from copdesk.i18n import pgettext

OBJECT_NAME = "copdesk-qt-fallback"


def qt_texts() -> dict[tuple[str, str], str]:
    """(Qt's context, Qt's English text) -> that text in the window language, as read now."""
    ok = pgettext("Qt button", "OK")
    cancel = pgettext("Qt button", "Cancel")
    close = pgettext("Qt button", "Close")
    texts: dict[tuple[str, str], str] = {}
    # Standard buttons: dialog button boxes and message boxes ask QPlatformTheme.
    for context in ("QPlatformTheme", "QDialogButtonBox"):
        texts[(context, "OK")] = ok
        texts[(context, "Cancel")] = cancel
        texts[(context, "Close")] = close
        texts[(context, "&Yes")] = pgettext("Qt button", "&Yes")
        texts[(context, "&No")] = pgettext("Qt button", "&No")
    # Wizards (copdesk's use the classic style on every platform).
    texts[("QWizard", "< &Back")] = pgettext("Qt button", "< &Back")
    texts[("QWizard", "&Next >")] = pgettext("Qt button", "&Next >")
    texts[("QWizard", "&Finish")] = pgettext("Qt button", "&Finish")
    texts[("QWizard", "Cancel")] = cancel
    replace = "%1 already exists.\nDo you want to replace it?"
    # Texts several of Qt's classes share: (contexts, ((Qt's text, the translation), ...)).
    shared = (
        # The context menu of every text field (one-line and multi-line).
        (
            ("QLineEdit", "QWidgetTextControl"),
            (
                ("&Undo", pgettext("Qt menu", "&Undo")),
                ("&Redo", pgettext("Qt menu", "&Redo")),
                ("Cu&t", pgettext("Qt menu", "Cu&t")),
                ("&Copy", pgettext("Qt menu", "&Copy")),
                ("&Paste", pgettext("Qt menu", "&Paste")),
                ("Delete", pgettext("Qt menu", "Delete")),
                ("Select All", pgettext("Qt menu", "Select All")),
            ),
        ),
        # Qt's own file dialog (used where the desktop offers none) and its list's headers.
        (
            ("QFileDialog",),
            (
                ("&Open", pgettext("Qt file dialog", "&Open")),
                ("&Save", pgettext("Qt file dialog", "&Save")),
                ("&Choose", pgettext("Qt file dialog", "&Choose")),
                ("&Look in:", pgettext("Qt file dialog", "&Look in:")),
                ("File &name:", pgettext("Qt file dialog", "File &name:")),
                ("Files of &type:", pgettext("Qt file dialog", "Files of &type:")),
                (
                    replace,
                    # Translators: %1 is a file name; keep %1 and the line break.
                    pgettext("Qt file dialog", "%1 already exists.\nDo you want to replace it?"),
                ),
            ),
        ),
        (
            ("QFileSystemModel",),
            (
                ("Name", pgettext("Qt file dialog", "Name")),
                ("Size", pgettext("Qt file dialog", "Size")),
                ("Type", pgettext("Qt file dialog", "Type")),
                ("Date Modified", pgettext("Qt file dialog", "Date Modified")),
            ),
        ),
    )
    for contexts, pairs in shared:
        for source, text in pairs:
            for context in contexts:
                texts[(context, source)] = text
    # What the catalog does not translate yet stays Qt's English (None lets Qt go on looking).
    return {key: text for key, text in texts.items() if text != key[1]}


class FallbackQtTranslator(QTranslator):
    """Answers Qt's ``tr()`` for the texts in :func:`qt_texts`, in the window language."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(OBJECT_NAME)
        self._texts = qt_texts()

    def translate(  # noqa: D102 - QTranslator's
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None (a null QString) tells Qt "not here"; an empty string would blank the text.
        return self._texts.get((context, source_text))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return not self._texts

"""Every message box the window shows goes through here (one place for tests to replace)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from copdesk.i18n import _


def show_error(parent: QWidget | None, message: str) -> None:
    """Tell the user something went wrong, in one sentence in their language."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("copdesk"), message, parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def undo_shortcut_text() -> str:
    """The Undo shortcut as this platform writes it (Ctrl+Z, ⌘Z), for "Undo with …" hints."""
    return QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText
    )

"""A short announcement of a session for the group chat, in the community's language, with a
button that copies it to the clipboard. The text can be touched up before copying; nothing is
saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import Translator, _, window
from copdesk.services import community, sharing
from copdesk.ui.operations import Operations


class AnnouncementDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, text: str, language: str, is_rtl: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("announcementDialog")
        self.setWindowTitle(_("Announcement"))
        self.intro = QLabel(
            _("To paste in the group chat or an email (in {language}):").format(language=language),
            self,
        )
        self.intro.setWordWrap(True)
        self.text = QPlainTextEdit(text, self)
        self.text.setObjectName("announcementText")
        self.text.setAccessibleName(_("Announcement text"))
        self.text.setTabChangesFocus(True)
        # The text is in the community's language, which may run the other way from the window's.
        option = self.text.document().defaultTextOption()
        option.setTextDirection(
            Qt.LayoutDirection.RightToLeft if is_rtl else Qt.LayoutDirection.LeftToRight
        )
        self.text.document().setDefaultTextOption(option)
        self.intro.setBuddy(self.text)
        self.copied = QLabel(self)
        self.copied.setObjectName("announcementCopied")
        self.copy_button = QPushButton(_("&Copy"), self)
        self.copy_button.setAccessibleName(_("Copy the announcement"))
        self.copy_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.copied)
        layout.addWidget(self.buttons)
        self.resize(520, 340)
        self.copy_button.setFocus()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copied.setText(_("Copied. Paste it where your community talks."))


def make_announcement(
    parent: QWidget, ops: Operations, meeting_id: int | None, today: dt.date
) -> AnnouncementDialog | None:
    """Make the dialog for ``meeting_id`` (None: the next session); None when there is nothing
    to announce (the user has been told why)."""
    ok, text = ops.run(lambda db: sharing.announcement(db, meeting_id, today=today))
    if not ok or text is None:
        return None
    locale = ops.read(community.get_community).locale
    t = Translator(locale)
    return AnnouncementDialog(parent, text, window().language_name(locale), t.is_rtl)

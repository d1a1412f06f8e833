"""What the window shows when no community is open: start one, open one, try the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _

PathRole = Qt.ItemDataRole.UserRole + 1


class WelcomePage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel(_("Welcome to copdesk"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            _(
                "Keep your community of practice’s roster, plan its weekly sessions with a timed "
                "agenda, and print the agenda for the room."
            ),
            self,
        )
        intro.setWordWrap(True)

        self.new_button = QPushButton(_("&New community…"), self)
        self.new_button.setAccessibleName(_("New community"))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton(_("&Open…"), self)
        self.open_button.setAccessibleName(_("Open a community file"))
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button = QPushButton(_("&Try the demo community"), self)
        self.demo_button.setAccessibleName(_("Try the demo community"))
        self.demo_button.clicked.connect(self.demo_requested)

        self.recent_label = QLabel(_("&Recent communities"), self)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentFiles")
        self.recent.setAccessibleName(_("Recent communities"))
        self.recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._on_activated)
        self.recent.setMaximumHeight(self.fontMetrics().lineSpacing() * 14)
        self.no_recent = QLabel(_("Communities you open will be listed here."), self)
        self.no_recent.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent)
        column.addWidget(self.no_recent)
        column.addStretch(1)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 36, 24, 24)
        outer.addStretch(1)
        box = QWidget(self)
        box.setLayout(column)
        box.setMaximumWidth(720)
        outer.addWidget(box, 6)
        outer.addStretch(1)

        QWidget.setTabOrder(self.new_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.demo_button)
        QWidget.setTabOrder(self.demo_button, self.recent)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for name in paths:
            path = Path(name)
            if not path.is_file():
                continue
            # Translators: a recent file in the list: its name, then the folder it is in.
            text = _("{name} — {folder}")
            item = QListWidgetItem(text.format(name=path.stem, folder=str(path.parent)))
            item.setData(PathRole, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
        has = self.recent.count() > 0
        self.recent.setVisible(has)
        self.no_recent.setVisible(not has)
        if has:
            self.recent.setCurrentRow(0)

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(item.data(PathRole))

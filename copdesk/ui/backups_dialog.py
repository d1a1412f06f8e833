"""File ▸ Restore from backup…: the backups of the open file, newest first, and putting one back.

Restoring closes the file, lets :func:`copdesk.backups.restore_backup` keep a "before-restore"
copy of the file as it is and put the backup in its place, then opens the file again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from copdesk import backups
from copdesk.errors import CopdeskError
from copdesk.i18n import N_, _, window
from copdesk.paths import backups_dir
from copdesk.ui import file_problems, messages

if TYPE_CHECKING:
    from copdesk.backups import BackupInfo
    from copdesk.ui.main_window import MainWindow

REASONS = {
    "open": N_("Opened"),
    "before-upgrade": N_("Before upgrading"),
    "before-import": N_("Before an import"),
    "periodic": N_("While working"),
    "before-restore": N_("Before a restore"),
    "before-bulk-delete": N_("Before removing members"),
}


def reason_text(reason: str) -> str:
    known = REASONS.get(reason)
    return _(known) if known else reason.replace("-", " ")


class BackupsDialog(QDialog):
    """Lists the backups of ``path``; accepted with :attr:`chosen` once the user confirmed."""

    COLUMNS = 5

    def __init__(self, parent: QWidget | None, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle(_("Restore from a backup"))
        self.path = Path(path)
        self.chosen: BackupInfo | None = None
        self._backups: list[BackupInfo] = []

        self.intro = QLabel(
            _(
                "copdesk keeps copies of “{name}”: when it is opened, every half hour while you "
                "work, and before risky changes. Restoring one keeps the file as it is now as a "
                "backup too."
            ).format(name=self.path.name),
            self,
        )
        self.intro.setWordWrap(True)
        self.table = QTreeWidget(self)
        self.table.setObjectName("backupsTable")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels([_("Taken"), _("Why"), _("Members"), _("Sessions"), _("Size")])
        self.table.setAccessibleName(_("Backups"))
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(_("There are no backups of this file yet."), self)
        self.empty.setEnabled(False)
        self.empty.hide()

        self.buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton(_("&Restore…"), self)
        self.restore_button.setAccessibleName(_("Restore the chosen backup"))
        self.folder_button = QPushButton(_("Open backups &folder"), self)
        self.folder_button.setAccessibleName(_("Open the backups folder"))
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.restore_button.clicked.connect(self.restore_chosen)
        self.folder_button.clicked.connect(self.open_folder)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item, _column: self.restore_chosen())

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.reload()
        self.resize(640, 380)

    def reload(self) -> None:
        self._backups = backups.list_backups(self.path)
        self.table.clear()
        numbers = window().format_number
        for info in self._backups:
            unknown = "—"  # a backup that cannot be read
            item = QTreeWidgetItem(
                [
                    file_problems.when_text(info.taken_at),
                    reason_text(info.reason),
                    numbers(info.members) if info.members is not None else unknown,
                    numbers(info.sessions) if info.sessions is not None else unknown,
                    file_problems.size_text(info.size),
                ]
            )
            for column in (2, 3, 4):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, item.text(0))
            item.setToolTip(0, info.path.name)
            self.table.addTopLevelItem(item)
        self.table.setHidden(not self._backups)
        self.empty.setHidden(bool(self._backups))
        if self._backups:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        self._update_buttons()
        self.table.setFocus()

    def backups(self) -> list[BackupInfo]:
        return list(self._backups)

    def selected(self) -> BackupInfo | None:
        item = self.table.currentItem()
        if item is None or not item.isSelected():
            return None
        return self._backups[self.table.indexOfTopLevelItem(item)]

    def select(self, index: int) -> None:
        self.table.setCurrentItem(self.table.topLevelItem(index))

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def restore_chosen(self) -> None:
        info = self.selected()
        if info is None:
            return
        answer = file_problems.choose(
            self,
            _("Restore this backup?"),
            _(
                "“{name}” will be put back as it was on {when} ({counts}). The file as it is now "
                "is kept as a backup first, so you can come back to it from this list."
            ).format(
                name=self.path.name,
                when=file_problems.when_text(info.taken_at),
                counts=file_problems.counts_text(info.members, info.sessions),
            ),
            [("restore", _("&Restore")), (file_problems.CANCEL, _("Cancel"))],
            icon=file_problems.QMessageBox.Icon.Question,
        )
        if answer != "restore":
            return
        self.chosen = info
        self.accept()

    def open_folder(self) -> bool:
        folder = backups_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def restore_from_backup(win: MainWindow, path: Path | None = None) -> bool:
    """The whole flow: choose, confirm, close, restore, reopen, tell. True if a backup was put back."""
    if path is None:
        if win.ops is None:
            return False
        path = win.ops.cfile.path
    dialog = BackupsDialog(win, path)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    chosen = dialog.chosen
    dialog.deleteLater()
    if not accepted or chosen is None:
        return False
    was_open = win.ops is not None and win.ops.cfile.path == path
    if was_open:
        win.close_file()
    try:
        before = backups.restore_backup(chosen, path)
    except CopdeskError as exc:
        messages.show_error(win, exc.message)
        if was_open:
            win.open_path(path)
        return False
    if not win.open_path(path):
        return False
    when = file_problems.when_text(chosen.taken_at)
    if before is not None:
        message = _(
            "Restored the backup from {when}. The file as it was is kept as a backup."
        ).format(when=when)
    else:
        message = _("Restored the backup from {when}.").format(when=when)
    win.show_status(message)
    return True

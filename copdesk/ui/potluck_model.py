"""One session's potluck slots as a table model (read-only; edits go through a dialog)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from copdesk.i18n import _, window
from copdesk.services.potluck import SlotRow, kind_label
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.text import fold


class PotluckModel(RowTableModel[SlotRow]):
    DISH, SERVINGS, BRINGER, BACKUP, KIND, DIETARY = range(6)
    COLUMN_COUNT = 6

    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def slot(self, row: int) -> SlotRow:
        return self.row_at(row)

    # -- Qt model interface ---------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.DISH:
                return r.label
            if col == self.KIND:
                return kind_label(r.kind)
            if col == self.SERVINGS:
                return window().format_number(r.servings) if r.servings else ""
            if col == self.BRINGER:
                # Translators: nobody is bringing this potluck dish yet.
                return r.bringer_name or _("nobody yet")
            if col == self.BACKUP:
                # Translators: this potluck dish has no backup person.
                return r.backup_name or _("no backup")
            if col == self.DIETARY:
                return window().format_list(list(r.dietary))
            return None
        if role == Qt.ItemDataRole.FontRole and (
            (col == self.BRINGER and r.open) or (col == self.BACKUP and r.backup_id is None)
        ):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == self.DISH and r.note:
            return r.note
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.SERVINGS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.IdRole:
            return r.id
        if role == self.SortRole:
            if col == self.SERVINGS:
                return r.servings
            return fold(str(self.data(index)))
        return None

    def headers(self) -> dict[int, str]:
        return {
            self.DISH: _("Dish"),
            self.KIND: _("Kind"),
            self.SERVINGS: _("Servings"),
            self.BRINGER: _("Bringing it"),
            self.BACKUP: _("Backup"),
            self.DIETARY: _("Dietary"),
        }

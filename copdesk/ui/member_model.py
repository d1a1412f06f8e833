"""The roster as a table model, and the proxy that searches and sorts it."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from copdesk.i18n import _
from copdesk.services.roster import MemberRow
from copdesk.ui.text import date_text, fold

Index = QModelIndex | QPersistentModelIndex


class MemberTableModel(QAbstractTableModel):
    NAME, PREFERRED, ORGANISATION, EMAIL, PHONE, JOINED = range(6)
    COLUMN_COUNT = 6

    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    SearchRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[MemberRow] = []
        self._search: list[str] = []

    def set_rows(self, rows: list[MemberRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search = [
            fold(" ".join((r.name, r.preferred_name, r.organisation, r.email))) for r in rows
        ]
        self.endResetModel()

    def member(self, row: int) -> MemberRow:
        return self._rows[row]

    def row_of(self, member_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == member_id:
                return i
        return None

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {
                self.NAME: r.name,
                self.PREFERRED: r.preferred_name,
                self.ORGANISATION: r.organisation,
                self.EMAIL: r.email,
                self.PHONE: r.phone,
                self.JOINED: date_text(r.joined_on),
            }.get(col)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NAME and r.notes:
            return r.notes
        if role == self.IdRole:
            return r.id
        if role == self.SortRole:
            if col == self.JOINED:
                # Members without a date sort before everyone else.
                return r.joined_on.toordinal() if r.joined_on else 0
            text = {
                self.NAME: r.name,
                self.PREFERRED: r.display_name,
                self.ORGANISATION: r.organisation,
                self.EMAIL: r.email,
                self.PHONE: r.phone,
            }.get(col, "")
            return fold(text)
        if role == self.SearchRole:
            return self._search[index.row()]
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            self.NAME: _("Name"),
            self.PREFERRED: _("Preferred name"),
            self.ORGANISATION: _("Organisation"),
            self.EMAIL: _("Email"),
            self.PHONE: _("Phone"),
            self.JOINED: _("Joined"),
        }.get(section)


class MemberFilterProxy(QSortFilterProxyModel):
    """Keeps the members whose name, preferred name, organisation or email hold every word typed."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(MemberTableModel.SortRole)
        self.setSortLocaleAware(True)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = model.index(source_row, 0, source_parent).data(MemberTableModel.SearchRole)
        return all(word in haystack for word in self._words)

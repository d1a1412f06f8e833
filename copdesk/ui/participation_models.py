"""Table models of the Participation tab: the numbers behind each chart, and the reach-out list.

:class:`NumbersModel` shows rows of plain values (text, whole numbers, decimals, dates, None) in
the window's language, sorts on the raw values (:attr:`NumbersModel.SortRole`), and can give each
row an id. The rows come from :mod:`copdesk.services.participation`; nothing here reads the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from copdesk.i18n import _, ngettext, window
from copdesk.services.participation import ReachOutRow
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.text import date_text, fold

Value = str | int | float | dt.date | None


def value_text(value: Value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return date_text(value, "medium")
    if isinstance(value, int | float):
        return window().format_number(round(value, 1) if isinstance(value, float) else value)
    return str(value)


class NumbersModel(RowTableModel[tuple[Value, ...]]):
    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, headers: Sequence[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = list(headers)
        self._ids: list[int] = []
        self._tips: list[str] = []

    def set_rows(
        self,
        rows: Sequence[Sequence[Value]],
        *,
        ids: Sequence[int] = (),
        headers: Sequence[str] | None = None,
        tips: Sequence[str] = (),
    ) -> None:
        self.beginResetModel()
        if headers is not None:
            self._headers = list(headers)
        self._rows = [tuple(r) for r in rows]
        self._ids = list(ids)
        self._tips = list(tips)
        self.endResetModel()

    def row_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, ident: int) -> int | None:
        return self._ids.index(ident) if ident in self._ids else None

    def raw(self, row: int, column: int) -> Value:
        return self._rows[row][column]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        row = self._rows[index.row()]
        if not 0 <= index.column() < len(row):
            return None
        value = row[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return value_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.row() < len(self._tips):
            return self._tips[index.row()] or None
        if role == self.IdRole:
            return self.row_id(index.row())
        if role == self.SortRole:
            if value is None:
                return -1
            if isinstance(value, dt.date):
                return value.toordinal()
            if isinstance(value, int | float):
                return value
            return fold(str(value))
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None


class SortProxy(QSortFilterProxyModel):
    """Sorts a :class:`NumbersModel` on its raw values; column -1 keeps the core's order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(NumbersModel.SortRole)
        self.setDynamicSortFilter(True)


def sessions_text(count: int) -> str:
    return ngettext("{count} session", "{count} sessions", count).format(
        count=window().format_number(count)
    )


def rhythm_text(gap: int) -> str:
    if gap <= 1:
        # Translators: someone's usual rhythm: they come to every session
        return _("every session")
    # Translators: someone's usual rhythm, e.g. "every 3 sessions"
    return ngettext("every {count} session", "every {count} sessions", gap).format(
        count=window().format_number(gap)
    )


class ReachOutModel(NumbersModel):
    """The reach-out list: who, when they last came, how long they have been away, why they come,
    and when the convener last contacted them."""

    NAME, LAST, MISSED, RHYTHM, WHY, CONTACTED = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                _("Name"),
                _("Last came"),
                _("Sessions missed"),
                _("Usually comes"),
                _("Why they come"),
                _("Contacted"),
            ],
            parent,
        )
        self._people: list[ReachOutRow] = []

    def set_people(self, people: Sequence[ReachOutRow]) -> None:
        self._people = list(people)
        rows = []
        tips = []
        for p in people:
            why = p.why or window().format_list(list(p.why_tags))
            contacted = ""
            if p.last_contacted is not None:
                contacted = date_text(p.last_contacted.on_date, "medium")
                if len(p.contacts) > 1:
                    # Translators: when someone was last contacted and how often, e.g. "Mar 2, 2026 (3 times)"
                    contacted = ngettext(
                        "{date} ({count} time)", "{date} ({count} times)", len(p.contacts)
                    ).format(date=contacted, count=window().format_number(len(p.contacts)))
            rows.append(
                (p.name, p.last_present, p.missed, rhythm_text(p.usual_gap), why, contacted)
            )
            tips.append(p.last_contacted.note if p.last_contacted else "")
        self.set_rows(rows, ids=[p.member_id for p in people], tips=tips)

    def person(self, row: int) -> ReachOutRow:
        return self._people[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            role == self.SortRole
            and index.isValid()
            and index.column() == self.RHYTHM
            and index.row() < len(self._people)
        ):
            return self._people[index.row()].usual_gap
        return super().data(index, role)

"""Sessions as a table model, and the proxy that shows upcoming or past ones.

A cancelled session stays in the list: its topic says "Cancelled", its text is struck through and
its date carries the style's cancel icon, so it never depends on colour alone.
"""

from __future__ import annotations

import datetime as dt
import enum

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle

from copdesk.i18n import _
from copdesk.services.meetings import MeetingRow
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.text import date_text, fold, time_range


class SessionTableModel(RowTableModel[MeetingRow]):
    DATE, TIME, TOPIC, CONVENER, HOST, PRESENT = range(6)
    COLUMN_COUNT = 6

    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    UpcomingRole = Qt.ItemDataRole.UserRole + 3
    CancelledRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._today = dt.date.today()

    def set_rows(self, rows: list[MeetingRow], today: dt.date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self.endResetModel()

    def meeting(self, row: int) -> MeetingRow:
        return self.row_at(row)

    def counts(self) -> tuple[int, int]:
        """How many sessions are upcoming and how many are past."""
        upcoming = sum(1 for r in self._rows if r.is_upcoming(self._today))
        return upcoming, len(self._rows) - upcoming

    # -- Qt model interface ---------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.DATE: date_text(r.date, "medium"),
                self.TIME: time_range(r.start_time, r.end_time),
                self.TOPIC: topic_text(r),
                self.CONVENER: r.convener_name,
                self.HOST: r.host_name,
                self.PRESENT: str(r.present_count) if r.present_count else "",
            }.get(col)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            if col == self.DATE and r.cancelled:
                # Translators: read out by screen readers for a cancelled session's date.
                return _("{date}, cancelled").format(date=text)
            return text
        if role == Qt.ItemDataRole.ToolTipRole and col == self.DATE:
            full = date_text(r.date, "full")
            if r.cancelled:
                return _("{date} — this session is cancelled").format(date=full)
            if r.series_id is not None and r.detached:
                return _("{date} — changed by hand: the schedule leaves it as it is").format(
                    date=full
                )
            return full
        if role == Qt.ItemDataRole.FontRole and r.cancelled:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and col == self.DATE and r.cancelled:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                return app.style().standardIcon(QStyle.StandardPixmap.SP_DialogCancelButton)
            return None
        if role == self.CancelledRole:
            return r.cancelled
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.PRESENT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.IdRole:
            return r.id
        if role == self.UpcomingRole:
            return r.is_upcoming(self._today)
        if role == self.SortRole:
            when = r.date.toordinal() * 1440 + r.start_time.hour * 60 + r.start_time.minute
            return {
                self.DATE: when,
                self.TIME: r.start_time.hour * 60 + r.start_time.minute,
                self.TOPIC: fold(r.topic),
                self.CONVENER: fold(r.convener_name),
                self.HOST: fold(r.host_name),
                self.PRESENT: r.present_count,
            }.get(col)
        return None

    def headers(self) -> dict[int, str]:
        return {
            self.DATE: _("Date"),
            self.TIME: _("Time"),
            self.TOPIC: _("Topic"),
            self.CONVENER: _("Convener"),
            self.HOST: _("Host"),
            # Translators: column header, how many people came to a session.
            self.PRESENT: _("Present"),
        }


def topic_text(r: MeetingRow) -> str:
    if not r.cancelled:
        return r.topic
    if r.topic:
        # Translators: a cancelled session's topic in the sessions list.
        return _("Cancelled: {topic}").format(topic=r.topic)
    return _("Cancelled")


class When(enum.IntEnum):
    UPCOMING = 0
    PAST = 1
    ALL = 2


class SessionFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._when = When.UPCOMING
        self.setSortRole(SessionTableModel.SortRole)
        self.setDynamicSortFilter(True)

    @property
    def when(self) -> When:
        return self._when

    def set_when(self, when: When) -> None:
        self.beginFilterChange()
        self._when = When(when)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if self._when == When.ALL:
            return True
        upcoming = (
            self.sourceModel()
            .index(source_row, 0, source_parent)
            .data(SessionTableModel.UpcomingRole)
        )
        return bool(upcoming) == (self._when == When.UPCOMING)

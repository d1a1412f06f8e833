"""The topic backlog as a table model, and the proxy that sorts it on its own roles.

The rows come in the core's order (most votes first, or the longest waiting first); clicking a
header sorts on :attr:`TopicsModel.SortRole`, never on the displayed text.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from copdesk.i18n import N_, _, ngettext, window
from copdesk.models.planning import TopicStatus
from copdesk.services.topics import TopicRow
from copdesk.ui.table_model import Index, RowTableModel
from copdesk.ui.text import date_text, fold

STATUS_LABELS = {
    # Translators: a topic's status in the backlog.
    TopicStatus.IDEA: N_("idea"),
    # Translators: a topic's status: it is on a session's programme.
    TopicStatus.SCHEDULED: N_("scheduled"),
    # Translators: a topic's status: it was presented.
    TopicStatus.DONE: N_("done"),
}


def topic_status_label(status: TopicStatus) -> str:
    return _(STATUS_LABELS[TopicStatus(status)])


def waiting_text(days: int) -> str:
    if days >= 60:
        weeks = days // 7
        return ngettext("{count} week", "{count} weeks", weeks).format(
            count=window().format_number(weeks)
        )
    return ngettext("{count} day", "{count} days", days).format(count=window().format_number(days))


class TopicsModel(RowTableModel[TopicRow]):
    TITLE, VOTES, WAITING, SUGGESTED_BY, VOLUNTEERS, STATUS = range(6)
    COLUMN_COUNT = 6

    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    OrderRole = Qt.ItemDataRole.UserRole + 3  # the core's order (the chosen sort)

    def topic(self, row: int) -> TopicRow:
        return self.row_at(row)

    # -- Qt model interface ---------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.TITLE:
                return r.title
            if col == self.VOTES:
                return window().format_number(r.votes)
            if col == self.WAITING:
                return waiting_text(r.waiting_days)
            if col == self.SUGGESTED_BY:
                return r.suggested_by_name
            if col == self.VOLUNTEERS:
                return window().format_list([p.name for p in r.volunteers])
            if col == self.STATUS:
                if r.status == TopicStatus.SCHEDULED and r.meeting_date:
                    # Translators: a topic's status with its session date, e.g. "scheduled: 3 Mar 2026".
                    return _("scheduled: {date}").format(date=date_text(r.meeting_date, "medium"))
                return topic_status_label(r.status)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.TITLE and r.description:
                return r.description
            if col == self.WAITING:
                return _("Suggested on {date}").format(date=date_text(r.suggested_on, "long"))
            if col == self.VOTES and r.last_voted_on:
                return _("Last counted on {date}").format(date=date_text(r.last_voted_on, "long"))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.VOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.IdRole:
            return r.id
        if role == self.OrderRole:
            return index.row()
        if role == self.SortRole:
            if col == self.VOTES:
                return r.votes
            if col == self.WAITING:
                return r.waiting_days
            if col == self.STATUS:
                return list(TopicStatus).index(r.status)
            if col == self.VOLUNTEERS:
                return len(r.volunteers)
            return fold(str(self.data(index)))
        return None

    def headers(self) -> dict[int, str]:
        return {
            self.TITLE: _("Topic"),
            self.VOTES: _("Votes"),
            # Translators: column: how long a topic idea has waited since it was suggested.
            self.WAITING: _("Waiting"),
            self.SUGGESTED_BY: _("Suggested by"),
            self.VOLUNTEERS: _("Would present"),
            self.STATUS: _("Status"),
        }


class TopicsProxy(QSortFilterProxyModel):
    """Sorts on :attr:`TopicsModel.SortRole`; column -1 keeps the core's order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(TopicsModel.SortRole)
        self.setDynamicSortFilter(True)

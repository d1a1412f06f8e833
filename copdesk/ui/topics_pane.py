"""The Topics tab: the backlog of topics people would like presented.

Votes are counted, not cast one by one: the convener enters the number of hands raised (or a
paper ballot's tally) with its date, and the history of counts stays visible. People volunteer to
present; "Schedule for session…" puts a topic on a session, filling in its topic and presenter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _, ngettext, window
from copdesk.models.planning import TopicStatus
from copdesk.services import meetings, roster, topics
from copdesk.ui import commands_meeting as cm
from copdesk.ui.checkin_pane import PersonCombo
from copdesk.ui.date_edit import DateEdit
from copdesk.ui.form_error import FormError
from copdesk.ui.operations import Operations
from copdesk.ui.text import date_text, time_text
from copdesk.ui.topics_model import TopicsModel, TopicsProxy, topic_status_label
from copdesk.ui.widgets import button_row, row_table

SORTS = ("votes", "waiting")


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class TopicsPane(QWidget):
    status_message = Signal(str)

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("topicsPane")
        self.ops, self.today = ops, today
        self._stale = False
        self.model = TopicsModel(self)
        self.proxy = TopicsProxy(self)
        self.proxy.setSourceModel(self.model)

        self.new_button = QPushButton(_("&New topic…"), self)
        self.new_button.setAccessibleName(_("New topic"))
        self.new_button.clicked.connect(self.new_topic)
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.edit_button.setAccessibleName(_("Edit topic"))
        self.edit_button.clicked.connect(self.edit_topic)
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove topic"))
        self.remove_button.clicked.connect(self.remove_topic)
        self.sort = QComboBox(self)
        self.sort.setAccessibleName(_("Order of the topics"))
        self.sort.addItem(_("Most votes first"), "votes")
        self.sort.addItem(_("Waiting longest first"), "waiting")
        self.sort.activated.connect(lambda _i: self.reload(reset_sort=True))
        sort_label = QLabel(_("&Order:"), self)
        sort_label.setBuddy(self.sort)
        self.show_done = QCheckBox(_("Show &done topics"), self)
        self.show_done.toggled.connect(lambda _on: self.reload())

        self.table = row_table(
            self,
            "topicsTable",
            _("Topics"),
            self.proxy,
            word_wrap=False,
            resize_mode=QHeaderView.ResizeMode.Interactive,
            stretch=TopicsModel.TITLE,
        )
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_topic())

        # -- the chosen topic --
        self.title = QLabel(self)
        self.title.setObjectName("topicTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.about = QLabel(self)
        self.about.setWordWrap(True)
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.votes_list = QListWidget(self)
        self.votes_list.setObjectName("voteHistory")
        self.votes_list.setAccessibleName(_("Vote history"))
        self.vote_count = QSpinBox(self)
        self.vote_count.setObjectName("voteCount")
        self.vote_count.setRange(0, 100000)
        self.vote_count.setAccessibleName(_("Number of votes"))
        self.vote_date = DateEdit(self)
        self.vote_date.setObjectName("voteDate")
        self.vote_date.setAccessibleName(_("Date the votes were counted"))
        self.vote_note = QLineEdit(self)
        self.vote_note.setAccessibleName(_("Note about the vote"))
        self.vote_note.setPlaceholderText(_("e.g. show of hands"))
        self.vote_note.returnPressed.connect(self.record_votes)
        self.vote_button = QPushButton(_("Record &votes"), self)
        self.vote_button.setAccessibleName(_("Record votes"))
        self.vote_button.clicked.connect(self.record_votes)
        votes_box = QGroupBox(_("Votes"), self)
        vote_form = QFormLayout()
        vote_form.addRow(_("Vo&tes counted:"), self.vote_count)
        vote_form.addRow(_("O&n:"), self.vote_date)
        vote_form.addRow(_("N&ote:"), self.vote_note)
        votes_layout = QVBoxLayout(votes_box)
        votes_layout.addWidget(self.votes_list)
        votes_layout.addLayout(vote_form)
        votes_layout.addWidget(self.vote_button, 0, Qt.AlignmentFlag.AlignLeading)

        self.volunteers = QListWidget(self)
        self.volunteers.setObjectName("topicVolunteers")
        self.volunteers.setAccessibleName(_("People who would present it"))
        self.volunteer_person = PersonCombo(_("Person who would present it"), self)
        self.volunteer_button = QPushButton(_("Would &present"), self)
        self.volunteer_button.setAccessibleName(_("Add as someone who would present it"))
        self.volunteer_button.clicked.connect(self.add_volunteer)
        self.withdraw_button = QPushButton(_("&Withdraw"), self)
        self.withdraw_button.setAccessibleName(_("Withdraw the chosen volunteer"))
        self.withdraw_button.clicked.connect(self.withdraw_volunteer)
        people_box = QGroupBox(_("Who would present it"), self)
        people_row = QHBoxLayout()
        people_row.addWidget(self.volunteer_person, 1)
        people_row.addWidget(self.volunteer_button)
        people_layout = QVBoxLayout(people_box)
        people_layout.addWidget(self.volunteers)
        people_layout.addLayout(people_row)
        people_layout.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignLeading)

        self.schedule_button = QPushButton(_("&Schedule for session…"), self)
        self.schedule_button.setAccessibleName(_("Schedule this topic for a session"))
        self.schedule_button.clicked.connect(self.schedule)
        self.done_button = QPushButton(_("Mark d&one"), self)
        self.done_button.setAccessibleName(_("Mark this topic as presented"))
        self.done_button.clicked.connect(lambda: self.set_status(done=True))
        self.idea_button = QPushButton(_("Back to &ideas"), self)
        self.idea_button.setAccessibleName(_("Take this topic off its session"))
        self.idea_button.clicked.connect(lambda: self.set_status(done=False))

        self.details = QWidget(self)
        details_layout = QVBoxLayout(self.details)
        details_layout.addWidget(self.title)
        details_layout.addWidget(self.about)
        details_layout.addLayout(
            button_row(self.schedule_button, self.done_button, self.idea_button)
        )
        details_layout.addWidget(votes_box, 1)
        details_layout.addWidget(people_box, 1)
        scroll = QScrollArea(self)
        scroll.setWidget(self.details)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(
            button_row(
                self.new_button,
                self.edit_button,
                self.remove_button,
                trailing=(sort_label, self.sort),
            )
        )
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.show_done)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        ops.changed.connect(self._on_changed)
        self.reload()
        if self.proxy.rowCount():
            self.select_row(0)
        else:
            self._show_selected()

    # -- reading --------------------------------------------------------------------------------------
    def _on_changed(self, _kind: str, _ident: int) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self, select_id: int | None = None, reset_sort: bool = False) -> None:
        self._stale = False
        keep = select_id or self.selected_id()
        sort = self.sort.currentData() or "votes"
        rows = self.ops.read(
            topics.list_topics, self.today(), sort=sort, include_done=self.show_done.isChecked()
        )
        self.model.set_rows(rows)
        if reset_sort:
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.proxy.sort(-1)
        for col in (TopicsModel.VOTES, TopicsModel.WAITING, TopicsModel.STATUS):
            self.table.resizeColumnToContents(col)
        if keep:
            self.select_topic(keep)
        self._show_selected()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(TopicsModel.IdRole) if rows else None

    def selected(self) -> topics.TopicRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.topic(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def select_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def select_topic(self, topic_id: int) -> bool:
        row = self.model.row_of(topic_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.select_row(index.row())
        self.table.scrollTo(index)
        return True

    def _show_selected(self) -> None:
        t = self.selected()
        self.details.setEnabled(t is not None)
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(t is not None)
        self.votes_list.clear()
        self.volunteers.clear()
        if t is None:
            self.title.setText(_("Choose a topic in the list, or add a new one."))
            self.about.clear()
            return
        self.title.setText(t.title)
        lines = []
        if t.description:
            lines.append(t.description)
        if t.suggested_by_name:
            lines.append(
                _("Suggested by {name} on {date}.").format(
                    name=t.suggested_by_name, date=date_text(t.suggested_on, "long")
                )
            )
        else:
            lines.append(_("Suggested on {date}.").format(date=date_text(t.suggested_on, "long")))
        lines.append(
            ngettext("{count} vote in all.", "{count} votes in all.", t.votes).format(
                count=window().format_number(t.votes)
            )
        )
        if t.status == TopicStatus.SCHEDULED and t.meeting_date:
            lines.append(
                _("Scheduled for the session of {date}.").format(
                    date=date_text(t.meeting_date, "full")
                )
            )
        elif t.status == TopicStatus.DONE:
            lines.append(_("Presented already."))
        self.about.setText("\n".join(lines))
        for vote in self.ops.read(topics.vote_history, t.id):
            text = ngettext("{date}: {count} vote", "{date}: {count} votes", vote.count).format(
                date=date_text(vote.voted_on, "medium"), count=window().format_number(vote.count)
            )
            if vote.note:
                text = _("{entry} ({note})").format(entry=text, note=vote.note)
            QListWidgetItem(text, self.votes_list)
        if not self.votes_list.count():
            empty = QListWidgetItem(_("No votes counted yet."), self.votes_list)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
        for person in t.volunteers:
            item = QListWidgetItem(person.name, self.volunteers)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
        self.vote_date.setDate(qdate(self.today()))
        self.volunteer_person.set_people(self.ops.read(roster.list_members))
        self.withdraw_button.setEnabled(bool(t.volunteers))
        self.schedule_button.setEnabled(t.status != TopicStatus.DONE)
        self.done_button.setEnabled(t.status != TopicStatus.DONE)
        self.idea_button.setEnabled(t.status != TopicStatus.IDEA)

    # -- changing -------------------------------------------------------------------------------------
    def _after(self, ok: bool, topic_id: int | None, message: str) -> bool:
        if ok:
            self.reload(select_id=topic_id)
            self.status_message.emit(message)
        return ok

    def new_topic(self) -> bool:
        dialog = TopicDialog(self.ops, self, today=self.today())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value is None:
            return False
        return self.add_topic(dialog.value)

    def add_topic(self, data: topics.TopicInput) -> bool:
        command = cm.AddTopic(self.ops, data, self.today())
        ok = self.ops.push(command)
        return self._after(ok, command.first_id, _("Added a topic to the backlog."))

    def edit_topic(self) -> bool:
        t = self.selected()
        if t is None:
            return False
        old = topics.TopicInput(t.title, t.description, t.suggested_by_id, t.suggested_on)
        dialog = TopicDialog(self.ops, self, today=self.today(), value=old)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.value in (None, old):
            return False
        ok = self.ops.push(cm.EditTopic(self.ops, t.id, old, dialog.value, self.today()))
        return self._after(ok, t.id, _("Saved the topic."))

    def remove_topic(self) -> bool:
        t = self.selected()
        if t is None:
            return False
        ok = self.ops.push(cm.RemoveTopic(self.ops, t.id, t.title))
        return self._after(ok, None, _("Removed the topic."))

    def record_votes(self) -> bool:
        t = self.selected()
        if t is None:
            return False
        count = self.vote_count.value()
        on = self.vote_date.date().toPython()
        ok = self.ops.push(
            cm.RecordVotes(self.ops, t.id, count, on, self.vote_note.text(), t.title)
        )
        if ok:
            self.vote_count.setValue(0)
            self.vote_note.clear()
        return self._after(
            ok,
            t.id,
            ngettext("Recorded {count} vote.", "Recorded {count} votes.", count).format(
                count=count
            ),
        )

    def add_volunteer(self) -> bool:
        t = self.selected()
        member = self.volunteer_person.member_id()
        if t is None or member is None:
            return False
        ok = self.ops.push(
            cm.Volunteer(self.ops, t.id, member, True, _("Volunteer to present a topic"))
        )
        return self._after(ok, t.id, _("Noted who would present it."))

    def withdraw_volunteer(self) -> bool:
        t = self.selected()
        item = self.volunteers.currentItem() or self.volunteers.item(0)
        if t is None or item is None:
            return False
        member = item.data(Qt.ItemDataRole.UserRole)
        ok = self.ops.push(
            cm.Volunteer(self.ops, t.id, member, False, _("Withdraw from presenting a topic"))
        )
        return self._after(ok, t.id, _("Withdrawn."))

    def schedule(self) -> bool:
        t = self.selected()
        if t is None:
            return False
        dialog = ScheduleDialog(self.ops, t, self.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.meeting_id() is None:
            return False
        return self.schedule_on(t.id, dialog.meeting_id(), dialog.presenter_id())

    def schedule_on(self, topic_id: int, meeting_id: int, presenter_id: int | None) -> bool:
        t = self.model.topic(self.model.row_of(topic_id) or 0)
        ok = self.ops.push(cm.ScheduleTopic(self.ops, topic_id, meeting_id, presenter_id, t.title))
        day = self.ops.read(meetings.get_meeting, meeting_id).meeting.date
        return self._after(
            ok,
            topic_id,
            _("“{title}” is now the topic of the session of {date}.").format(
                title=t.title, date=date_text(day, "full")
            ),
        )

    def set_status(self, done: bool) -> bool:
        t = self.selected()
        if t is None:
            return False
        text = _("Mark topic done") if done else _("Put topic back among the ideas")
        ok = self.ops.push(cm.SetTopicStatus(self.ops, t.id, done, text))
        status = TopicStatus.DONE if done else TopicStatus.IDEA
        return self._after(
            ok,
            t.id,
            _("The topic is now: {status}.").format(status=topic_status_label(status)),
        )


class TopicDialog(QDialog):
    """A topic's title, description and who suggested it when; nothing is saved here."""

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        today: dt.date,
        value: topics.TopicInput | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit topic") if value else _("New topic"))
        self.value: topics.TopicInput | None = None
        self.title = QLineEdit(self)
        self.title.setObjectName("topicTitleEdit")
        self.title.setAccessibleName(_("Title"))
        self.title.setMaxLength(300)
        self.description = QPlainTextEdit(self)
        self.description.setAccessibleName(_("Description"))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 5)
        self.suggested_by = PersonCombo(
            _("Suggested by"), self, nobody=_("— nobody in particular —")
        )
        self.suggested_by.set_people(ops.read(roster.list_members))
        self.suggested_on = DateEdit(self)
        self.suggested_on.setAccessibleName(_("Suggested on"))
        self.error = FormError(self)
        start = value or topics.TopicInput("", suggested_on=today)
        self.title.setText(start.title)
        self.description.setPlainText(start.description)
        self.suggested_by.set_member(start.suggested_by_id)
        self.suggested_on.setDate(qdate(start.suggested_on or today))
        self._original = value

        form = QFormLayout()
        form.addRow(_("&Title:"), self.title)
        form.addRow(_("&Description:"), self.description)
        form.addRow(_("&Suggested by:"), self.suggested_by)
        form.addRow(_("Suggested &on:"), self.suggested_on)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        if not self.title.text().strip():
            self.error.show_message(_("Every topic needs a title."), self.title)
            return
        self.value = topics.TopicInput(
            self.title.text().strip(),
            self.description.toPlainText().strip(),
            self.suggested_by.member_id(),
            self.suggested_on.date().toPython(),
        )
        super().accept()


class ScheduleDialog(QDialog):
    """Choose the session (upcoming ones first) and the presenter (volunteers first)."""

    def __init__(
        self, ops: Operations, topic: topics.TopicRow, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Schedule for session"))
        intro = QLabel(
            _(
                "“{title}” becomes the session's topic; the presenter you choose becomes its presenter."
            ).format(title=topic.title),
            self,
        )
        intro.setWordWrap(True)
        self.session = QComboBox(self)
        self.session.setObjectName("scheduleSession")
        self.session.setAccessibleName(_("Session"))
        rows = ops.read(meetings.list_meetings)
        upcoming = [m for m in rows if m.date >= today]
        past = [m for m in reversed(rows) if m.date < today]
        for m in upcoming + past:
            text = _("{date} at {time}").format(
                date=date_text(m.date, "full"), time=time_text(m.start_time)
            )
            if m.topic:
                text = _("{session} — now: {topic}").format(session=text, topic=m.topic)
            self.session.addItem(text, m.id)
        if topic.meeting_id:
            self.session.setCurrentIndex(max(0, self.session.findData(topic.meeting_id)))
        self.presenter = PersonCombo(
            _("Presenter"), self, nobody=_("— the first volunteer, else no change —")
        )
        volunteers = [p.id for p in topic.volunteers]
        self.presenter.set_people(ops.read(roster.list_members), first=volunteers)
        self.presenter.set_member(volunteers[0] if volunteers else None)
        form = QFormLayout()
        form.addRow(_("&Session:"), self.session)
        form.addRow(_("&Presenter:"), self.presenter)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.session.count() > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def meeting_id(self) -> int | None:
        return self.session.currentData()

    def presenter_id(self) -> int | None:
        return self.presenter.member_id()

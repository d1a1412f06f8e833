"""The form beside the sessions list: one session's details and its timed agenda.

There is no Save button: each field is saved when the user finishes with it (editingFinished, a
choice in a list, leaving the notes), as one undoable core call.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, QTime, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _
from copdesk.services import community, meetings, roster
from copdesk.ui import commands
from copdesk.ui.agenda_editor import AgendaEditor
from copdesk.ui.date_edit import DateEdit
from copdesk.ui.operations import Operations
from copdesk.ui.text import date_text, fold

NOBODY = 0  # member ids start at 1


class SessionEditor(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.detail: meetings.MeetingDetail | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("sessionHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)

        self.date = DateEdit(self)
        self.date.setObjectName("sessionDate")
        self.date.setCalendarPopup(True)
        self.date.setAccessibleName(_("Date"))
        self.start = QTimeEdit(self)
        self.start.setObjectName("sessionStart")
        self.start.setAccessibleName(_("Start time"))
        self.place = QLineEdit(self)
        self.place.setObjectName("sessionPlace")
        self.place.setAccessibleName(_("Place"))
        self.topic = QLineEdit(self)
        self.topic.setObjectName("sessionTopic")
        self.topic.setAccessibleName(_("Topic"))
        self.topic.setPlaceholderText(_("What the presentation is about"))
        self.convener = QComboBox(self)
        self.convener.setObjectName("sessionConvener")
        self.convener.setAccessibleName(_("Convener"))
        self.host = QComboBox(self)
        self.host.setObjectName("sessionHost")
        self.host.setAccessibleName(_("Host"))
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("sessionNotes")
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.notes.installEventFilter(self)

        for line_edit in (self.date, self.start, self.place, self.topic):
            line_edit.editingFinished.connect(self.commit)
        # A day picked in the calendar popup: commit once the date edit has taken it.
        self.date.calendarWidget().clicked.connect(lambda _d: QTimer.singleShot(0, self.commit))
        self.convener.activated.connect(lambda _i: self.commit())
        self.host.activated.connect(lambda _i: self.commit())

        form = QFormLayout()
        form.addRow(_("&Date:"), self.date)
        form.addRow(_("&Starts at:"), self.start)
        form.addRow(_("&Place:"), self.place)
        form.addRow(_("&Topic:"), self.topic)
        form.addRow(_("&Convener:"), self.convener)
        form.addRow(_("&Host:"), self.host)
        form.addRow(_("&Notes:"), self.notes)

        self.agenda = AgendaEditor(ops, self)
        agenda_box = QGroupBox(_("Timed agenda"), self)
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.agenda)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(agenda_box, 1)

        order = [self.date, self.start, self.place, self.topic, self.convener, self.host]
        order += [self.notes, self.agenda.table, self.agenda.add_button]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    # -- showing --------------------------------------------------------------------------------------
    def meeting_id(self) -> int | None:
        return self.detail.meeting.id if self.detail else None

    def set_meeting(self, meeting_id: int | None) -> None:
        """Show a session (None: nothing) as the file holds it now."""
        detail = self.ops.read(meetings.get_meeting, meeting_id) if meeting_id else None
        self.detail = detail
        self.setEnabled(detail is not None)
        self._fill_people()
        if detail is None:
            self.agenda.set_detail(None)
            return
        m = detail.meeting
        self.heading.setText(date_text(m.date, "full"))
        self._set_if_changed(self.date, QDate(m.date.year, m.date.month, m.date.day))
        self._set_if_changed(self.start, QTime(m.start_time.hour, m.start_time.minute))
        for edit, value in ((self.place, m.place), (self.topic, m.topic)):
            if edit.text() != value:
                edit.setText(value)
        if self.notes.toPlainText() != m.notes:
            self.notes.setPlainText(m.notes)
        usual_place = self.ops.read(community.get_community).place
        self.place.setPlaceholderText(usual_place)
        self.convener.setCurrentIndex(max(0, self.convener.findData(m.convener_id or NOBODY)))
        self.host.setCurrentIndex(max(0, self.host.findData(m.host_id or NOBODY)))
        self.agenda.set_detail(detail)

    @staticmethod
    def _set_if_changed(edit: QDateEdit | QTimeEdit, value: QDate | QTime) -> None:
        if isinstance(edit, QTimeEdit):
            if edit.time() != value:
                edit.setTime(value)
        elif edit.date() != value:
            edit.setDate(value)

    def _fill_people(self) -> None:
        members = sorted(self.ops.read(roster.list_members), key=lambda m: fold(m.display_name))
        for combo in (self.convener, self.host):
            combo.clear()
            # Translators: in the convener/host lists, meaning no one is chosen.
            combo.addItem(_("— nobody —"), NOBODY)
            for m in members:
                label = m.display_name
                if m.preferred_name and m.preferred_name != m.name:
                    label = _("{preferred} ({name})").format(
                        preferred=m.preferred_name, name=m.name
                    )
                combo.addItem(label, m.id)

    # -- saving ---------------------------------------------------------------------------------------
    def form_input(self) -> meetings.MeetingInput:
        assert self.detail is not None
        t = self.start.time()
        convener = self.convener.currentData() or None
        host = self.host.currentData() or None
        return meetings.MeetingInput(
            date=self.date.date().toPython(),
            start_time=dt.time(t.hour(), t.minute()),
            place=self.place.text().strip(),
            topic=self.topic.text().strip(),
            convener_id=convener,
            host_id=host,
            notes=self.notes.toPlainText(),
        )

    def commit(self) -> None:
        """Save the form if it differs from the file (safe to call as often as signals fire)."""
        if self.detail is None:
            return
        old = self.detail.meeting.as_input()
        new = self.form_input()
        if new == old:
            return
        self.ops.push(commands.EditMeeting(self.ops, self.detail.meeting.id, old, new))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)

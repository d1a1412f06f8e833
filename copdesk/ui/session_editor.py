"""The form beside the sessions list: one session in four tabs, so no tab is crowded.

* **Plan**: date, time, place, topic, who it is for and its purpose, and the timed agenda.
* **Roles**: convener, host, presenter and note-taker with backups, and the warnings.
* **After the session**: notes and the outcome (what was shared, what was decided).
* **Resources**: links and documents shared for this session.

There is no Save button: each field is saved when the user finishes with it (editingFinished, a
choice in a list, leaving a text box), as one undoable core call.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, QTime, QTimer
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import CopdeskError
from copdesk.i18n import _
from copdesk.services import community, meetings, schedule
from copdesk.ui import commands, commands_sessions
from copdesk.ui.agenda_editor import AgendaEditor
from copdesk.ui.date_edit import DateEdit, TimeEdit
from copdesk.ui.operations import Operations
from copdesk.ui.resources_pane import ResourcesPane
from copdesk.ui.session_roles import RolesPanel
from copdesk.ui.text import date_text

NOBODY = 0  # member ids start at 1


class SessionEditor(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.detail: meetings.MeetingDetail | None = None
        self.details = meetings.SessionDetails()

        self.heading = QLabel(self)
        self.heading.setObjectName("sessionHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        # Cancelled, or part of a schedule: an icon and words under the heading.
        self.status_icon = QLabel(self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("sessionStatus")
        self.status_label.setWordWrap(True)
        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.addWidget(self.status_icon)
        status_row.addWidget(self.status_label, 1)

        # -- Plan ------------------------------------------------------------------------------
        self.date = DateEdit(self)
        self.date.setObjectName("sessionDate")
        self.date.setAccessibleName(_("Date"))
        self.start = TimeEdit(self)
        self.start.setObjectName("sessionStart")
        self.start.setAccessibleName(_("Start time"))
        self.place = QLineEdit(self)
        self.place.setObjectName("sessionPlace")
        self.place.setAccessibleName(_("Place"))
        self.topic = QLineEdit(self)
        self.topic.setObjectName("sessionTopic")
        self.topic.setAccessibleName(_("Topic"))
        self.topic.setPlaceholderText(_("What the presentation is about"))
        self.audience = QLineEdit(self)
        self.audience.setObjectName("sessionAudience")
        self.audience.setAccessibleName(_("Audience"))
        self.audience.setPlaceholderText(_("Who it is for, e.g. newcomers"))
        self.audience.setMaxLength(300)
        self.purpose = QLineEdit(self)
        self.purpose.setObjectName("sessionPurpose")
        self.purpose.setAccessibleName(_("Purpose"))
        self.purpose.setPlaceholderText(_("What people should leave with"))

        for line_edit in (self.date, self.start, self.place, self.topic):
            line_edit.editingFinished.connect(self.commit)
        for line_edit in (self.audience, self.purpose):
            line_edit.editingFinished.connect(self.commit_details)
        # A day picked in the calendar popup: commit once the date edit has taken it.
        self.date.calendarWidget().clicked.connect(lambda _d: QTimer.singleShot(0, self.commit))

        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self.date, 1)
        start_label = QLabel(_("&at"), self)
        start_label.setBuddy(self.start)
        when.addWidget(start_label)
        when.addWidget(self.start)
        date_label = QLabel(_("&Date:"), self)
        date_label.setBuddy(self.date)
        form = QFormLayout()
        form.addRow(date_label, when)
        form.addRow(_("&Place:"), self.place)
        form.addRow(_("&Topic:"), self.topic)
        form.addRow(_("For &whom:"), self.audience)
        form.addRow(_("P&urpose:"), self.purpose)

        self.agenda = AgendaEditor(ops, self)
        agenda_box = QGroupBox(_("Timed agenda"), self)
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.agenda)
        plan = QWidget(self)
        plan_layout = QVBoxLayout(plan)
        plan_layout.addLayout(form)
        plan_layout.addWidget(agenda_box, 1)

        # -- Roles -----------------------------------------------------------------------------
        self.roles = RolesPanel(ops, self)
        # The two roles the form had before, by their old names.
        self.convener = self.roles.person["convener"]
        self.host = self.roles.person["host"]

        # -- After the session -----------------------------------------------------------------
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("sessionNotes")
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setTabChangesFocus(True)
        self.outcome = QPlainTextEdit(self)
        self.outcome.setObjectName("sessionOutcome")
        self.outcome.setAccessibleName(_("Outcome"))
        self.outcome.setTabChangesFocus(True)
        self.outcome.setPlaceholderText(_("What was shared, what was decided, who follows up"))
        for text_box in (self.notes, self.outcome):
            text_box.installEventFilter(self)
        self.after = after = QWidget(self)
        after_layout = QVBoxLayout(after)
        notes_label = QLabel(_("&Notes:"), self)
        notes_label.setBuddy(self.notes)
        outcome_label = QLabel(_("&Outcome:"), self)
        outcome_label.setBuddy(self.outcome)
        after_layout.addWidget(notes_label)
        after_layout.addWidget(self.notes, 1)
        after_layout.addWidget(outcome_label)
        after_layout.addWidget(self.outcome, 1)

        # -- Resources -------------------------------------------------------------------------
        self.resources = ResourcesPane(ops, self, session_list=True)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sessionTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(plan, _("Plan"))
        self.tabs.addTab(self.roles, _("Roles"))
        self.tabs.addTab(after, _("After the session"))
        self.tabs.addTab(self.resources, _("Resources"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(status_row)
        layout.addWidget(self.tabs, 1)

        order = [self.date, self.start, self.place, self.topic, self.audience, self.purpose]
        order += [self.agenda.format_combo]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def add_part(self, widget: QWidget, title: str) -> int:
        """Add a tab about what happens at the session (attendance, pairs, potluck…): one row of
        tabs in the order of the session, before "After the session"."""
        return self.tabs.insertTab(self.tabs.indexOf(self.after), widget, title)

    # -- showing --------------------------------------------------------------------------------------
    def meeting_id(self) -> int | None:
        return self.detail.meeting.id if self.detail else None

    def set_meeting(self, meeting_id: int | None) -> None:
        """Show a session (None: nothing) as the file holds it now."""
        detail = self.ops.read(meetings.get_meeting, meeting_id) if meeting_id else None
        self.detail = detail
        self.setEnabled(detail is not None)
        self.roles.set_meeting(meeting_id if detail else None)
        self.resources.set_meeting(meeting_id if detail else None)
        if detail is None:
            self.agenda.set_detail(None)
            self._show_status(None)
            return
        m = detail.meeting
        self.details = self.ops.read(meetings.get_details, m.id)
        self.heading.setText(date_text(m.date, "full"))
        self._show_status(m)
        self._set_if_changed(self.date, QDate(m.date.year, m.date.month, m.date.day))
        self._set_if_changed(self.start, QTime(m.start_time.hour, m.start_time.minute))
        for edit, value in (
            (self.place, m.place),
            (self.topic, m.topic),
            (self.audience, self.details.audience),
            (self.purpose, self.details.purpose),
        ):
            if edit.text() != value:
                edit.setText(value)
        for box, value in ((self.notes, self.details.notes), (self.outcome, self.details.outcome)):
            if box.toPlainText() != value:
                box.setPlainText(value)
        usual_place = self.ops.read(community.get_community).place
        self.place.setPlaceholderText(usual_place)
        self.agenda.set_detail(detail)

    def _show_status(self, m: meetings.MeetingRow | None) -> None:
        texts = []
        icon = None
        if m is not None and m.cancelled:
            texts.append(_("This session is cancelled."))
            icon = QStyle.StandardPixmap.SP_DialogCancelButton
        if m is not None and m.series_id is not None:
            try:
                series = self.ops.read(schedule.get_series, m.series_id)
            except CopdeskError:  # the schedule was ended meanwhile
                series = None
            if series is not None:
                texts.append(_("Part of the schedule “{rule}”.").format(rule=series.description))
                if m.detached and not m.cancelled:
                    texts.append(_("Changed by hand: the schedule leaves it as it is."))
        if icon is not None:
            size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            self.status_icon.setPixmap(self.style().standardIcon(icon).pixmap(size))
            self.status_icon.show()
        else:
            self.status_icon.hide()
        self.status_label.setText(" ".join(texts))
        self.status_label.setVisible(bool(texts))
        font = self.status_label.font()
        font.setBold(icon is not None)
        self.status_label.setFont(font)

    @staticmethod
    def _set_if_changed(edit: QDateEdit | QTimeEdit, value: QDate | QTime) -> None:
        if isinstance(edit, QTimeEdit):
            if edit.time() != value:
                edit.setTime(value)
        elif edit.date() != value:
            edit.setDate(value)

    # -- saving ---------------------------------------------------------------------------------------
    def form_input(self) -> meetings.MeetingInput:
        """The session's own fields; roles and notes are saved through their own calls."""
        assert self.detail is not None
        m = self.detail.meeting
        t = self.start.time()
        return meetings.MeetingInput(
            date=self.date.date().toPython(),
            start_time=dt.time(t.hour(), t.minute()),
            place=self.place.text().strip(),
            topic=self.topic.text().strip(),
            convener_id=m.convener_id,
            host_id=m.host_id,
            notes=m.notes,
        )

    def commit(self) -> None:
        """Save the form if it differs from the file (safe to call as often as signals fire)."""
        if self.detail is None:
            return
        old = self.detail.meeting.as_input()
        new = self.form_input()
        if new == old:
            return
        if (new.place, new.topic) == (old.place, old.topic):
            # Only the day or time changed: move the session (it stays in its schedule).
            command = commands_sessions.MoveMeeting(
                self.ops,
                self.detail.meeting.id,
                (old.date, old.start_time),
                (new.date, new.start_time),
            )
            self.ops.push(command)
            return
        self.ops.push(commands.EditMeeting(self.ops, self.detail.meeting.id, old, new))

    def form_details(self) -> meetings.SessionDetails:
        return meetings.SessionDetails(
            audience=self.audience.text().strip(),
            purpose=self.purpose.text().strip(),
            notes=self.notes.toPlainText(),
            outcome=self.outcome.toPlainText(),
        )

    def commit_details(self) -> None:
        if self.detail is None:
            return
        new = self.form_details()
        old = self.details
        if new == old:
            return
        if (new.notes, new.outcome) != (old.notes, old.outcome):
            text = _("Edit notes and outcome")
        else:
            text = _("Edit who the session is for")
        self.ops.push(
            commands_sessions.SetDetails(self.ops, self.detail.meeting.id, old, new, text)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched in (self.notes, self.outcome) and event.type() == QEvent.Type.FocusOut:
            self.commit_details()
        return super().eventFilter(watched, event)

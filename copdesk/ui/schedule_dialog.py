"""Set up (or change) a recurring schedule: weekly, every other week, or monthly on "the second
Tuesday" or "the last Thursday", with a time, a place, an agenda format and an optional end.

The dialog shows the rule as a sentence (``schedule.describe``) and the dates it will plan, and
writes nothing until the convener presses the save button: then one undoable command saves the
rule and generates the upcoming sessions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import ValidationError
from copdesk.i18n import _, ngettext, pgettext, window
from copdesk.models.planning import Frequency
from copdesk.services import community, formats, meetings, schedule
from copdesk.ui import commands_sessions
from copdesk.ui.community_dialog import weekday_order
from copdesk.ui.date_edit import DateEdit, TimeEdit
from copdesk.ui.form_error import FormError
from copdesk.ui.operations import Operations
from copdesk.ui.text import date_text

NEW = -1  # the "new schedule" entry of the schedules list


def frequency_choices() -> list[tuple[str, Frequency]]:
    return [
        (_("Every week"), Frequency.WEEKLY),
        (_("Every other week"), Frequency.FORTNIGHTLY),
        (_("Once a month"), Frequency.MONTHLY),
    ]


def ordinal_choices() -> list[tuple[str, int]]:
    return [
        (pgettext("week of the month", "First"), 1),
        (pgettext("week of the month", "Second"), 2),
        (pgettext("week of the month", "Third"), 3),
        (pgettext("week of the month", "Fourth"), 4),
        (pgettext("week of the month", "Fifth"), 5),
        (pgettext("week of the month", "Last"), -1),
    ]


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ScheduleDialog(QDialog):
    def __init__(self, ops: Operations, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleDialog")
        self.setWindowTitle(_("Recurring schedule"))
        self.ops = ops
        self.today = today
        self.command: commands_sessions.SaveSeries | None = None
        self._series = {s.id: s for s in ops.read(schedule.list_series)}

        self.which = QComboBox(self)
        self.which.setAccessibleName(_("Schedule"))
        self.which.addItem(_("A new schedule"), NEW)
        for s in self._series.values():
            self.which.addItem(s.description, s.id)
        # Most communities have one schedule: open on it, so changing it is the easy path.
        self.which.setCurrentIndex(1 if self._series else 0)
        self.which.currentIndexChanged.connect(self._load)
        self._sessions = ops.read(meetings.list_meetings)

        self.frequency = QComboBox(self)
        self.frequency.setAccessibleName(_("How often"))
        for text, value in frequency_choices():
            self.frequency.addItem(text, value)
        self.ordinal = QComboBox(self)
        self.ordinal.setAccessibleName(_("Which week of the month"))
        for text, value in ordinal_choices():
            self.ordinal.addItem(text, value)
        self.weekday = QComboBox(self)
        self.weekday.setAccessibleName(_("Day of the week"))
        for day in weekday_order():
            self.weekday.addItem(window().weekday_name(day), day)
        day_row = QHBoxLayout()
        day_row.setContentsMargins(0, 0, 0, 0)
        day_row.addWidget(self.ordinal)
        day_row.addWidget(self.weekday, 1)

        self.start_date = DateEdit(self)
        self.start_date.setAccessibleName(_("First day of the schedule"))
        self.time = TimeEdit(self)
        self.time.setAccessibleName(_("Start time"))
        self.place = QLineEdit(self)
        self.place.setAccessibleName(_("Place"))
        self.format = QComboBox(self)
        self.format.setAccessibleName(_("Agenda format"))
        for row in ops.read(formats.list_formats):
            self.format.addItem(row.name, row.id)
        self.has_until = QCheckBox(_("&Ends on:"), self)
        self.has_until.setAccessibleName(_("The schedule has an end date"))
        self.until = DateEdit(self)
        self.until.setAccessibleName(_("Last day of the schedule"))
        until_row = QHBoxLayout()
        until_row.setContentsMargins(0, 0, 0, 0)
        until_row.addWidget(self.has_until)
        until_row.addWidget(self.until, 1)

        self.description = QLabel(self)
        self.description.setObjectName("scheduleDescription")
        font = self.description.font()
        font.setBold(True)
        self.description.setFont(font)
        self.description.setWordWrap(True)
        self.dates_label = QLabel(self)
        self.dates_label.setWordWrap(True)
        self.dates = QListWidget(self)
        self.dates.setObjectName("scheduleDates")
        self.dates.setAccessibleName(_("Dates the schedule will plan"))
        self.dates_label.setBuddy(self.dates)
        self.error = FormError(self)
        self.clash = FormError(self)
        self.clash.setObjectName("scheduleClash")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Plan these sessions"))
        self.remove_button = QPushButton(_("&End this schedule"), self)
        self.remove_button.setAccessibleName(_("End this schedule"))
        self.remove_button.setToolTip(
            _("Its untouched upcoming sessions are removed; sessions you changed stay")
        )
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.remove_button.clicked.connect(self.end_schedule)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("&Schedule:"), self.which)
        form.addRow(_("&How often:"), self.frequency)
        day_label = QLabel(_("On &the:"), self)
        day_label.setBuddy(self.weekday)
        form.addRow(day_label, day_row)
        form.addRow(_("&From:"), self.start_date)
        form.addRow(_("&Starts at:"), self.time)
        form.addRow(_("&Place:"), self.place)
        form.addRow(_("Agenda &format:"), self.format)
        form.addRow("", until_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.description)
        layout.addWidget(self.dates_label)
        layout.addWidget(self.dates, 1)
        layout.addWidget(self.clash)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(480, 560)

        for signal in (
            self.frequency.currentIndexChanged,
            self.ordinal.currentIndexChanged,
            self.weekday.currentIndexChanged,
            self.start_date.dateChanged,
            self.until.dateChanged,
            self.has_until.toggled,
            self.time.timeChanged,
        ):
            signal.connect(self._refresh)
        self._load()

    # -- the form ---------------------------------------------------------------------------------
    def _select(self, combo: QComboBox, value: object) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _load(self) -> None:
        """Fill the form from the chosen schedule, or from the community's habits."""
        series = self._series.get(self.which.currentData())
        self.remove_button.setVisible(series is not None)
        if series is None:
            info = self.ops.read(community.get_community)
            data = schedule.SeriesInput(
                frequency=Frequency.WEEKLY,
                weekday=info.meeting_weekday,
                start_date=self.today,
                start_time=info.meeting_time,
                place=info.place,
            )
        else:
            data = series
        self._select(self.frequency, Frequency(data.frequency))
        self._select(self.ordinal, data.ordinal or 1)
        self._select(self.weekday, data.weekday)
        self.start_date.setDate(_qdate(data.start_date))
        self.time.setTime(QTime(data.start_time.hour, data.start_time.minute))
        self.place.setText(data.place)
        self._select(self.format, data.format_id)
        self.has_until.setChecked(data.until_date is not None)
        end = data.until_date or self.today + dt.timedelta(weeks=schedule.HORIZON_WEEKS)
        self.until.setDate(_qdate(end))
        self._refresh()

    def series_input(self) -> schedule.SeriesInput:
        frequency = Frequency(self.frequency.currentData())
        t = self.time.time()
        return schedule.SeriesInput(
            frequency=frequency,
            weekday=int(self.weekday.currentData()),
            start_date=self.start_date.date().toPython(),
            start_time=dt.time(t.hour(), t.minute()),
            ordinal=int(self.ordinal.currentData()) if frequency == Frequency.MONTHLY else None,
            until_date=self.until.date().toPython() if self.has_until.isChecked() else None,
            place=self.place.text().strip(),
            format_id=self.format.currentData(),
        )

    def horizon(self) -> dt.date:
        return commands_sessions.horizon(self.series_input(), self.today)

    def planned_dates(self) -> list[dt.date]:
        """The dates generating will give (from today up to the horizon); ValidationError if
        the rule is not complete."""
        data = self.series_input()
        return schedule.occurrences(data.rule, self.today, self.horizon())

    def _refresh(self) -> None:
        self.ordinal.setVisible(self.frequency.currentData() == Frequency.MONTHLY)
        self.until.setEnabled(self.has_until.isChecked())
        self.dates.clear()
        try:
            days = self.planned_dates()
        except ValidationError as exc:
            self.description.clear()
            self.dates_label.clear()
            self.clash.clear()
            self.error.show_message(exc.message)
            self.ok_button.setEnabled(False)
            return
        self.error.clear()
        self.ok_button.setEnabled(bool(days))
        self.description.setText(schedule.describe(self.series_input().rule))
        self.description.setAccessibleName(self.description.text())
        if days:
            self.dates_label.setText(
                _("The sessions it will plan up to {date}:").format(
                    date=date_text(self.horizon(), "long")
                )
            )
        else:
            self.dates_label.setText(
                _("This rule has no dates between today and {date}.").format(
                    date=date_text(self.horizon(), "long")
                )
            )
        series_id = self.which.currentData()
        taken = {m.date for m in self._sessions if m.series_id != series_id or series_id == NEW}
        clashes = [day for day in days if day in taken]
        for day in days:
            text = date_text(day, "full")
            if day in taken:
                # Translators: in the list of dates a schedule will plan.
                text = _("{date} — another session is already planned that day").format(date=text)
            self.dates.addItem(text)
        if clashes:
            self.clash.show_message(
                ngettext(
                    "{count} of these days already has a session: it would be planned twice.",
                    "{count} of these days already have a session: they would be planned twice.",
                    len(clashes),
                ).format(count=len(clashes))
            )
        else:
            self.clash.clear()

    # -- saving -----------------------------------------------------------------------------------
    def accept(self) -> None:
        try:
            self.planned_dates()
        except ValidationError as exc:
            self.error.show_message(exc.message)
            return
        data = self.series_input()
        series = self._series.get(self.which.currentData())
        if series is None:
            command = commands_sessions.SaveSeries(self.ops, data, self.today)
        else:
            # Saving an unchanged rule still plans the sessions up to the horizon.
            old = schedule.SeriesInput(
                **{
                    f.name: getattr(series, f.name)
                    for f in dataclasses.fields(schedule.SeriesInput)
                }
            )
            command = commands_sessions.SaveSeries(self.ops, data, self.today, series.id, old)
        if self.ops.push(command):
            self.command = command
            super().accept()

    def end_schedule(self) -> None:
        series_id = self.which.currentData()
        if series_id in self._series and self.ops.push(
            commands_sessions.RemoveSeries(self.ops, series_id, self.today)
        ):
            super().accept()

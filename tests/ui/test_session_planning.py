"""Session planning in the window: schedules, cancellations, agenda formats and order, planned
length, roles and warnings, resources, calendar export and the announcement."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QModelIndex, Qt, QTime
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog

from copdesk.models.planning import Frequency
from copdesk.services import formats, meetings, resources, roster, schedule
from copdesk.services.meetings import AgendaItemRow, MeetingRow
from copdesk.services.resources import ResourceRow
from copdesk.ui.agenda_model import AgendaModel
from copdesk.ui.formats_dialog import FormatsDialog
from copdesk.ui.resources_pane import ResourceDialog, ResourceModel
from copdesk.ui.schedule_dialog import ScheduleDialog
from copdesk.ui.session_model import SessionFilterProxy, SessionTableModel, When
from tests.ui.conftest import answer_dialog, click, type_text

D = dt.date
TUESDAY = 1


def items() -> list[AgendaItemRow]:
    times = meetings.timeline(D(2026, 3, 3), dt.time(18), [5, 10, 50, 10])
    return [
        AgendaItemRow(k + 1, title, minutes, start, end)
        for k, ((title, minutes), (start, end)) in enumerate(
            zip(meetings.DEFAULT_AGENDA, times, strict=True)
        )
    ]


# -- models ---------------------------------------------------------------------------------------


def test_agenda_model_with_planned_length(qtmodeltester) -> None:  # noqa: ANN001
    model = AgendaModel()
    model.set_rows(items(), planned_minutes=60)
    qtmodeltester.check(model)
    late = [model.index(r, 0).data(AgendaModel.PastEndRole) for r in range(4)]
    assert late == [False, False, True, True]
    assert "past the planned end" in model.index(2, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert model.index(2, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None


def test_agenda_model_moves_rows_and_asks_for_the_move(qtbot) -> None:  # noqa: ANN001
    model = AgendaModel()
    model.set_rows(items())
    with qtbot.waitSignal(model.move_requested) as moved:
        assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    assert moved.args == [0, 2]
    assert [model.index(r, 1).data() for r in range(4)][:3] == [
        "Random pairs",
        "Presentation and discussion",
        "Arrival and welcome",
    ]
    assert not model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 2)  # no move
    mime = model.mimeData([model.index(3, 1)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    with qtbot.waitSignal(model.move_requested) as moved:
        assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(0, 1))
    assert moved.args == [3, 0]  # dropped onto the first row: takes its place


def test_session_model_marks_cancelled_sessions(qtmodeltester) -> None:  # noqa: ANN001
    from copdesk.models.meeting import MeetingStatus

    rows = [
        MeetingRow(date=D(2026, 3, 3), start_time=dt.time(18), topic="Maps", id=1),
        MeetingRow(
            date=D(2026, 3, 10),
            start_time=dt.time(18),
            topic="Grants",
            id=2,
            status=MeetingStatus.CANCELLED,
        ),
    ]
    model = SessionTableModel()
    model.set_rows(rows, D(2026, 3, 2))
    qtmodeltester.check(model)
    proxy = SessionFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_when(When.ALL)
    qtmodeltester.check(proxy)
    topic = model.index(1, SessionTableModel.TOPIC)
    assert topic.data() == "Cancelled: Grants"  # words, not colour alone
    assert topic.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert model.index(0, SessionTableModel.TOPIC).data(Qt.ItemDataRole.FontRole) is None
    date = model.index(1, SessionTableModel.DATE)
    assert date.data(Qt.ItemDataRole.AccessibleTextRole).endswith(", cancelled")
    assert date.data(SessionTableModel.CancelledRole) is True


def test_resource_model(qtmodeltester) -> None:  # noqa: ANN001
    from PySide6.QtCore import QSortFilterProxyModel

    model = ResourceModel()
    model.set_rows(
        [
            ResourceRow(
                title="Repair Café kit", link="https://example.org", tags=("repair",), id=1
            ),
            ResourceRow(title="Slides", link="docs/s.pdf", id=2, meeting_date=D(2026, 3, 3)),
        ]
    )
    qtmodeltester.check(model)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(ResourceModel.SortRole)
    proxy.sort(ResourceModel.TITLE)
    qtmodeltester.check(proxy)
    assert model.index(0, ResourceModel.SESSION).data() == "Whole community"


# -- schedules --------------------------------------------------------------------------------------


def fill_schedule(
    dialog: ScheduleDialog,
    frequency: Frequency,
    weekday: int = TUESDAY,
    ordinal: int | None = None,
    until: dt.date | None = None,
    time: dt.time | None = None,
) -> None:
    dialog.frequency.setCurrentIndex(dialog.frequency.findData(frequency))
    if ordinal is not None:
        dialog.ordinal.setCurrentIndex(dialog.ordinal.findData(ordinal))
    dialog.weekday.setCurrentIndex(dialog.weekday.findData(weekday))
    if until is not None:
        dialog.has_until.setChecked(True)
        dialog.until.setDate(QDate(until.year, until.month, until.day))
    if time is not None:
        dialog.time.setTime(QTime(time.hour, time.minute))


def test_schedule_dialog_plans_the_second_tuesday(qtbot, window, read_file) -> None:  # noqa: ANN001
    seen: dict[str, object] = {}

    def fill(dialog: ScheduleDialog) -> None:
        assert isinstance(dialog, ScheduleDialog)
        fill_schedule(dialog, Frequency.MONTHLY, ordinal=2, until=D(2026, 6, 30))
        seen["description"] = dialog.description.text()
        seen["preview"] = [dialog.dates.item(i).text() for i in range(dialog.dates.count())]
        click(qtbot, dialog.ok_button)

    answer_dialog(qtbot, window.sessions.edit_schedule, fill)
    assert seen["description"] == "The second Tuesday of each month"
    assert seen["preview"][0] == "Tuesday, March 10, 2026"
    planned = [m.date for m in read_file(meetings.list_meetings)]
    assert planned == [D(2026, 3, 10), D(2026, 4, 14), D(2026, 5, 12), D(2026, 6, 9)]
    assert len(seen["preview"]) == 4
    assert window.sessions.model.rowCount() == 4
    assert "planned 4 new sessions" in window.statusBar().currentMessage()

    window.undo_action.trigger()
    assert read_file(meetings.list_meetings) == []
    assert read_file(schedule.list_series) == []


def test_schedule_dialog_refuses_an_end_before_the_start(qtbot, window, read_file) -> None:  # noqa: ANN001
    def fill(dialog: ScheduleDialog) -> None:
        fill_schedule(dialog, Frequency.WEEKLY, until=D(2026, 2, 1))
        assert not dialog.ok_button.isEnabled()
        assert dialog.error.text() == "The schedule cannot end before it starts."

    answer_dialog(qtbot, window.sessions.edit_schedule, fill)
    assert read_file(meetings.list_meetings) == []


def test_moved_and_cancelled_sessions_survive_regeneration(qtbot, window, read_file) -> None:  # noqa: ANN001
    pane = window.sessions
    answer_dialog(
        qtbot,
        pane.edit_schedule,
        lambda d: (
            fill_schedule(d, Frequency.WEEKLY, until=D(2026, 3, 24)),
            click(qtbot, d.ok_button),
        ),
    )
    first, second, third, fourth = read_file(meetings.list_meetings)
    assert [first.date, fourth.date] == [D(2026, 3, 3), D(2026, 3, 24)]

    # Cancel the second (button), move the third to the Wednesday (the editor's date field).
    pane.select_session(second.id)
    assert pane.cancel_button.text() == "&Cancel session"
    click(qtbot, pane.cancel_button)
    assert pane.cancel_button.text() == "Re&instate session"
    assert pane.model.index(1, SessionTableModel.TOPIC).data() == "Cancelled"
    assert pane.editor.status_label.text().startswith("This session is cancelled.")
    pane.select_session(third.id)
    pane.editor.date.setDate(QDate(2026, 3, 18))
    pane.editor.commit()

    # Regenerate with a new time: the untouched ones follow, the two changed ones stay.
    def later(dialog: ScheduleDialog) -> None:
        dialog.which.setCurrentIndex(0)  # a new schedule on the same days would double them
        fill_schedule(dialog, Frequency.WEEKLY, until=D(2026, 3, 24))
        assert dialog.clash.text().startswith("3 of these days already have a session")
        assert dialog.dates.item(1).text().endswith("another session is already planned that day")
        dialog.which.setCurrentIndex(1)  # the schedule just made
        assert dialog.clash.isHidden()
        assert dialog.frequency.currentData() == Frequency.WEEKLY
        fill_schedule(dialog, Frequency.WEEKLY, time=dt.time(19))
        click(qtbot, dialog.ok_button)

    answer_dialog(qtbot, pane.edit_schedule, later)
    rows = {m.id: m for m in read_file(meetings.list_meetings)}
    assert len(rows) == 4  # nothing doubled where the moved one used to be
    assert rows[second.id].cancelled and rows[second.id].date == D(2026, 3, 10)
    assert rows[third.id].date == D(2026, 3, 18) and rows[third.id].start_time == dt.time(18)
    assert rows[first.id].start_time == rows[fourth.id].start_time == dt.time(19)

    # Reinstating is undoable like everything else.
    window.undo_action.trigger()  # the new time
    window.undo_action.trigger()  # the move
    assert read_file(meetings.get_meeting, third.id).meeting.date == D(2026, 3, 17)
    window.undo_action.trigger()  # the cancellation
    assert not read_file(meetings.get_meeting, second.id).meeting.cancelled


def test_plan_like_the_last_one(qtbot, window, read_file) -> None:  # noqa: ANN001
    click(qtbot, window.sessions.new_button)
    editor = window.sessions.editor
    editor.audience.setText("Newcomers")
    editor.commit_details()
    window.sessions.like_last_action.trigger()
    first, second = read_file(meetings.list_meetings)
    assert second.date == D(2026, 3, 10) and second.audience == "Newcomers"
    assert window.sessions.selected_id() == second.id
    window.undo_action.trigger()
    assert len(read_file(meetings.list_meetings)) == 1


# -- the agenda -------------------------------------------------------------------------------------


def test_drag_and_drop_reorder_is_saved_and_undone(qtbot, window, read_file) -> None:  # noqa: ANN001
    click(qtbot, window.sessions.new_button)
    agenda = window.sessions.editor.agenda
    meeting_id = window.sessions.selected_id()
    view = agenda.table
    assert view.dragDropMode() == view.DragDropMode.InternalMove
    mime = agenda.model.mimeData([agenda.model.index(0, AgendaModel.TITLE)])
    # What the view does on a drop between the third and the fourth row.
    assert agenda.model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())

    def titles() -> list[str]:
        return [i.title for i in read_file(meetings.get_meeting, meeting_id).items]

    qtbot.waitUntil(lambda: titles()[2] == "Arrival and welcome")
    assert titles() == [
        "Random pairs",
        "Presentation and discussion",
        "Arrival and welcome",
        "Closing round",
    ]
    assert agenda.model.index(0, AgendaModel.TIME).data() == "6:00\u202fPM–6:10\u202fPM"
    assert window.undo_action.text() == "Undo Move agenda item"
    window.undo_action.trigger()
    assert titles()[0] == "Arrival and welcome"
    assert agenda.model.index(0, AgendaModel.TITLE).data() == "Arrival and welcome"


def test_planned_length_flags_an_overrun(qtbot, window, read_file) -> None:  # noqa: ANN001
    click(qtbot, window.sessions.new_button)
    agenda = window.sessions.editor.agenda
    meeting_id = window.sessions.selected_id()
    assert agenda.overrun.isHidden()
    agenda.planned.setValue(60)
    assert read_file(meetings.get_meeting, meeting_id).meeting.planned_minutes == 60
    assert not agenda.overrun.isHidden()
    assert agenda.overrun_label.text() == (
        "The agenda runs 15 minutes over the planned length (planned to end at 7:00\u202fPM)."
    )
    assert agenda.overrun.accessibleName() == agenda.overrun_label.text()
    assert agenda.model.index(3, 0).data(AgendaModel.PastEndRole)
    agenda.planned.setValue(90)
    assert agenda.overrun.isHidden()
    window.undo_action.trigger()  # the two steps were one change
    assert read_file(meetings.get_meeting, meeting_id).meeting.planned_minutes is None


def test_formats_save_apply_rename_remove(qtbot, window, read_file) -> None:  # noqa: ANN001
    click(qtbot, window.sessions.new_button)
    agenda = window.sessions.editor.agenda
    meeting_id = window.sessions.selected_id()
    assert agenda.format_combo.itemText(0) == "Proven format (built in)"
    agenda.select_row(3)
    click(qtbot, agenda.remove_button)

    def name_it(dialog: QInputDialog) -> None:
        dialog.setTextValue("Short evening")
        dialog.accept()

    answer_dialog(qtbot, agenda.save_as_format, name_it)
    (own,) = [f for f in read_file(formats.list_formats) if not f.builtin]
    assert own.name == "Short evening" and own.total_minutes == 65
    assert agenda.format_combo.currentData() == own.id

    agenda.format_combo.setCurrentIndex(0)
    click(qtbot, agenda.apply_format_button)
    assert len(read_file(meetings.get_meeting, meeting_id).items) == 4
    window.undo_action.trigger()
    assert len(read_file(meetings.get_meeting, meeting_id).items) == 3

    def manage(dialog: FormatsDialog) -> None:
        assert isinstance(dialog, FormatsDialog)
        dialog.list.setCurrentRow(0)
        assert not dialog.rename_button.isEnabled()  # the built-in one
        dialog.list.setCurrentRow(1)
        answer_dialog(
            qtbot,
            dialog.rename_current,
            lambda d: (d.setTextValue("Short"), d.accept()),
        )
        assert dialog.list.item(1).text() == "Short"
        click(qtbot, dialog.remove_button)
        assert dialog.list.count() == 1

    answer_dialog(qtbot, agenda.manage_formats, manage)
    assert [f.name for f in read_file(formats.list_formats)] == ["Proven format"]
    window.undo_action.trigger()  # the removal
    assert [f.name for f in read_file(formats.list_formats)] == ["Proven format", "Short"]


# -- roles ------------------------------------------------------------------------------------------


def test_two_roles_are_warned_inline(qtbot, window, read_file) -> None:  # noqa: ANN001
    ana = read_file(roster.add_member, roster.MemberInput(name="Ana")).id
    read_file(roster.add_member, roster.MemberInput(name="Bo"))
    click(qtbot, window.sessions.new_button)
    editor = window.sessions.editor
    roles = editor.roles
    editor.tabs.setCurrentWidget(editor.roles)
    assert "Never hosted yet (2 people): Ana and Bo." == roles.never_hosted.text()
    for role in ("host", "presenter"):
        combo = roles.person[role]
        combo.setCurrentIndex(combo.findData(ana))
        combo.activated.emit(combo.currentIndex())
    meeting_id = window.sessions.selected_id()
    saved = read_file(meetings.get_roles, meeting_id)
    assert (saved.host_id, saved.presenter_id) == (ana, ana)
    assert roles.warning_texts() == ["Ana holds 2 roles at once: host and presenter."]
    assert not roles.warnings.isHidden()
    assert roles.never_hosted.text() == "Never hosted yet (1 person): Bo."
    backup = roles.backup["note_taker"]
    backup.setCurrentIndex(backup.findData(ana))
    backup.activated.emit(backup.currentIndex())
    assert read_file(meetings.get_roles, meeting_id).note_taker_backup_id == ana

    window.undo_action.trigger()
    window.undo_action.trigger()
    assert read_file(meetings.get_roles, meeting_id).presenter_id is None
    assert roles.warning_texts() == []
    assert roles.warnings.isHidden()


def test_host_rotation_limit_setting(qtbot, window, read_file) -> None:  # noqa: ANN001
    click(qtbot, window.sessions.new_button)
    roles = window.sessions.editor.roles
    assert roles.rotation.value() == 3
    roles.rotation.setValue(5)
    assert read_file(schedule.get_settings).host_rotation_limit == 5
    window.undo_action.trigger()
    assert read_file(schedule.get_settings).host_rotation_limit == 3
    assert roles.rotation.value() == 3


# -- details, resources, sharing --------------------------------------------------------------------


def test_audience_purpose_notes_and_outcome(qtbot, window, read_file) -> None:  # noqa: ANN001
    click(qtbot, window.sessions.new_button)
    editor = window.sessions.editor
    meeting_id = window.sessions.selected_id()
    qtbot.keyClicks(editor.audience, "Newcomers")
    qtbot.keyClick(editor.audience, Qt.Key.Key_Return)
    editor.tabs.setCurrentWidget(editor.after)
    editor.outcome.setPlainText("Two groups will try the map.")
    editor.commit_details()
    details = read_file(meetings.get_details, meeting_id)
    assert (details.audience, details.outcome) == ("Newcomers", "Two groups will try the map.")
    window.undo_action.trigger()
    assert read_file(meetings.get_details, meeting_id).outcome == ""
    assert editor.outcome.toPlainText() == ""


def add_resource(qtbot, action, title: str, link: str = "", tags: str = "") -> None:  # noqa: ANN001
    def fill(dialog: ResourceDialog) -> None:
        assert isinstance(dialog, ResourceDialog)
        type_text(qtbot, dialog.title, title)
        qtbot.keyClicks(dialog.link, link)
        qtbot.keyClicks(dialog.tags, tags)
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        assert not dialog.isVisible(), dialog.error.text()

    answer_dialog(qtbot, action, fill)


def test_resources_add_search_and_per_session(qtbot, window, read_file) -> None:  # noqa: ANN001
    pane = window.resources
    window.tabs.setCurrentWidget(pane)
    assert pane.stack.currentWidget() is pane.empty
    add_resource(qtbot, pane.add_resource, "Repair Café kit", "https://example.org/r", "repair")
    add_resource(qtbot, pane.add_resource, "Grant calendar", "https://example.org/g", "funding")
    assert pane.proxy.rowCount() == 2
    qtbot.keyClicks(pane.search, "cafe")
    assert pane.proxy.rowCount() == 1
    assert pane.proxy.index(0, 0).data() == "Repair Café kit"
    pane.search.clear()
    qtbot.keyClicks(pane.search, "FUNDING")
    assert pane.proxy.index(0, 0).data() == "Grant calendar"
    pane.search.clear()

    # A session's own list: the new resource belongs to it.
    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    editor = window.sessions.editor
    editor.tabs.setCurrentWidget(editor.resources)
    add_resource(qtbot, editor.resources.add_resource, "Slides", "docs/slides.pdf")
    meeting_id = window.sessions.selected_id()
    (mine,) = read_file(resources.list_resources, meeting_id)
    assert mine.title == "Slides"
    assert editor.resources.model.rowCount() == 1
    assert pane.model.rowCount() == 3

    editor.resources.select_resource(mine.id)
    click(qtbot, editor.resources.remove_button)
    assert read_file(resources.list_resources, meeting_id) == []
    window.undo_action.trigger()
    assert [r.title for r in read_file(resources.list_resources, meeting_id)] == ["Slides"]


def test_empty_resource_title_is_refused_in_the_dialog(qtbot, window, read_file) -> None:  # noqa: ANN001
    seen: list[str] = []

    def fill(dialog: ResourceDialog) -> None:
        qtbot.keyClicks(dialog.link, "https://example.org")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        assert dialog.isVisible()
        seen.append(dialog.error.text())

    answer_dialog(qtbot, window.resources.add_resource, fill)
    assert seen == ["Every resource needs a title."]
    assert read_file(resources.list_resources) == []


def test_calendar_export_writes_an_ics_file(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    from icalendar import Calendar

    click(qtbot, window.sessions.new_button)
    click(qtbot, window.sessions.new_button)
    click(qtbot, window.sessions.cancel_button)  # the second one, still selected
    written = window.export_calendar(str(tmp_path / "circle"))
    assert written == tmp_path / "circle.ics"
    cal = Calendar.from_ical(written.read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 2
    assert sorted(str(e["status"]) for e in events) == ["CANCELLED", "CONFIRMED"]
    assert "circle.ics" in window.statusBar().currentMessage()


def test_announcement_copies_the_text(qtbot, window) -> None:  # noqa: ANN001
    from copdesk.ui.announcement_dialog import AnnouncementDialog

    click(qtbot, window.sessions.new_button)
    window.sessions.editor.topic.setText("Mapping who we reach")
    window.sessions.editor.commit()
    QApplication.clipboard().clear()
    shown: list[str] = []

    def fill(dialog: AnnouncementDialog) -> None:
        assert isinstance(dialog, AnnouncementDialog)
        shown.append(dialog.text.toPlainText())
        click(qtbot, dialog.copy_button)
        assert dialog.copied.text()

    answer_dialog(qtbot, window.announce_action.trigger, fill)
    assert shown[0].startswith("Next session of Test Circle\nWhen: Tuesday, March 3, 2026")
    assert "Topic: Mapping who we reach" in shown[0]
    assert QApplication.clipboard().text() == shown[0]

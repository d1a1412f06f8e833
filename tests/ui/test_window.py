"""Drive the real main window: every change must be in the file, and undoable."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from copdesk.services import meetings, roster
from copdesk.ui.agenda_model import AgendaModel
from copdesk.ui.member_dialog import MemberDialog
from copdesk.ui.minutes_delegate import MinutesEditor
from tests.ui.conftest import answer_dialog, click, type_text


def add_member_via_dialog(qtbot, window, name: str, **fields: str) -> None:  # noqa: ANN001
    def fill(dialog: MemberDialog) -> None:
        assert isinstance(dialog, MemberDialog)
        type_text(qtbot, dialog.name, name)
        for attr, text in fields.items():
            type_text(qtbot, getattr(dialog, attr), text)
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        assert not dialog.isVisible(), dialog.error.text()

    answer_dialog(qtbot, lambda: click(qtbot, window.roster.add_button), fill)


def test_member_session_and_agenda_reach_the_file(qtbot, window, read_file) -> None:  # noqa: ANN001
    assert window.windowTitle() == "Test Circle"
    window.tabs.setCurrentWidget(window.roster)
    assert window.roster.stack.currentWidget() is window.roster.empty
    assert "No members yet" in window.roster.empty.text()

    add_member_via_dialog(
        qtbot,
        window,
        "José Ramírez",
        preferred="Pepe",
        email="jose@example.org",
        organisation="Universidad Popular",
    )
    assert window.roster.model.rowCount() == 1
    assert window.roster.selected_id() is not None

    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    editor = window.sessions.editor
    assert editor.detail is not None
    assert editor.detail.meeting.date == dt.date(2026, 3, 3)  # the Tuesday after "today"
    assert editor.agenda.model.rowCount() == 4  # the default agenda

    # Minutes of "Random pairs": edit in place through the spin-box delegate.
    table = editor.agenda.table
    index = editor.agenda.model.index(1, AgendaModel.MINUTES)
    table.setCurrentIndex(index)
    table.edit(index)
    spin = table.findChild(MinutesEditor)
    assert spin is not None
    spin.selectAll()
    qtbot.keyClicks(spin, "15")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.agenda.model.total_minutes() == 80)
    assert "80 minutes" in editor.agenda.total_label.text()
    assert editor.agenda.model.index(2, AgendaModel.TIME).data().startswith("6:20")

    # The topic is saved when the field is left.
    qtbot.keyClicks(editor.topic, "Mapping who we reach")
    qtbot.keyClick(editor.topic, Qt.Key.Key_Return)

    members = read_file(roster.list_members)
    assert [(m.name, m.preferred_name, m.email) for m in members] == [
        ("José Ramírez", "Pepe", "jose@example.org")
    ]
    (session,) = read_file(meetings.list_meetings)
    assert session.topic == "Mapping who we reach"
    detail = read_file(meetings.get_meeting, session.id)
    assert [i.duration_minutes for i in detail.items] == [5, 15, 50, 10]

    # Each of those is one step back on the Edit menu.
    window.undo_action.trigger()  # topic
    window.undo_action.trigger()  # minutes
    detail = read_file(meetings.get_meeting, session.id)
    assert detail.meeting.topic == ""
    assert [i.duration_minutes for i in detail.items] == [5, 10, 50, 10]
    assert editor.agenda.model.total_minutes() == 75


def test_remove_member_then_undo_and_redo(qtbot, window, read_file) -> None:  # noqa: ANN001
    window.tabs.setCurrentWidget(window.roster)
    add_member_via_dialog(qtbot, window, "Ana Müller")
    (member,) = read_file(roster.list_members)

    window.roster.select_member(member.id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.roster.table.setFocus()
    qtbot.keyClick(window.roster.table, Qt.Key.Key_Delete)
    # Removing a person's data asks first; nothing is removed until they say yes.
    question = window.roster.findChild(QMessageBox, "rosterRemoveQuestion")
    assert question is not None and question.isVisible()
    assert len(read_file(roster.list_members)) == 1
    question.button(QMessageBox.StandardButton.Yes).click()
    assert read_file(roster.list_members) == []
    assert "Removed Ana Müller — Undo with" in window.statusBar().currentMessage()
    assert window.roster.stack.currentWidget() is window.roster.empty

    window.undo_action.trigger()
    assert [(m.id, m.name) for m in read_file(roster.list_members)] == [(member.id, "Ana Müller")]
    assert window.roster.model.rowCount() == 1

    window.redo_action.trigger()
    assert read_file(roster.list_members) == []
    window.undo_action.trigger()
    assert [m.id for m in read_file(roster.list_members)] == [member.id]


def test_remove_session_then_undo(qtbot, window, read_file) -> None:  # noqa: ANN001
    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    (session,) = read_file(meetings.list_meetings)
    click(qtbot, window.sessions.remove_button)
    assert read_file(meetings.list_meetings) == []
    assert "Undo with" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    (back,) = read_file(meetings.list_meetings)
    assert back.id == session.id and back.total_minutes == 75
    assert window.sessions.selected_id() == session.id


def test_agenda_add_move_remove(qtbot, window, read_file) -> None:  # noqa: ANN001
    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    agenda = window.sessions.editor.agenda
    meeting_id = window.sessions.selected_id()
    agenda.select_row(3)
    click(qtbot, agenda.add_button)  # inserted after the selected row, then edited in place
    QApplication.processEvents()
    titles = [i.title for i in read_file(meetings.get_meeting, meeting_id).items]
    assert titles[-1] == "New item" and len(titles) == 5
    agenda.select_row(4)
    click(qtbot, agenda.up_button)
    titles = [i.title for i in read_file(meetings.get_meeting, meeting_id).items]
    assert titles[3:] == ["New item", "Closing round"]
    assert agenda.current_row() == 3
    click(qtbot, agenda.remove_button)
    assert len(read_file(meetings.get_meeting, meeting_id).items) == 4
    window.undo_action.trigger()
    assert len(read_file(meetings.get_meeting, meeting_id).items) == 5


def test_search_narrows_the_roster(qtbot, window) -> None:  # noqa: ANN001
    window.tabs.setCurrentWidget(window.roster)
    for name, org in (("José Ramírez", "Universidad Popular"), ("Ana Müller", "Makerspace")):
        add_member_via_dialog(qtbot, window, name, organisation=org)
    pane = window.roster
    assert pane.proxy.rowCount() == 2
    qtbot.keyClicks(pane.search, "jose")
    assert pane.proxy.rowCount() == 1
    assert pane.proxy.index(0, 0).data() == "José Ramírez"
    pane.search.clear()
    qtbot.keyClicks(pane.search, "MAKERSPACE")
    assert pane.proxy.index(0, 0).data() == "Ana Müller"
    pane.search.clear()
    qtbot.keyClicks(pane.search, "zzz")
    assert pane.proxy.rowCount() == 0
    assert pane.stack.currentWidget() is pane.empty
    assert "zzz" in pane.empty.text()


def test_empty_member_name_is_refused_and_nothing_written(qtbot, window, read_file) -> None:  # noqa: ANN001
    window.tabs.setCurrentWidget(window.roster)
    seen: list[str] = []

    def fill(dialog: MemberDialog) -> None:
        qtbot.keyClicks(dialog.email, "someone@example.org")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        assert dialog.isVisible()  # kept open to fix the mistake
        seen.append(dialog.error.text())
        assert dialog.focusWidget() is dialog.name

    answer_dialog(qtbot, lambda: click(qtbot, window.roster.add_button), fill)
    assert seen == ["Every member needs a name."]
    assert read_file(roster.list_members) == []
    assert window.ops.undo_stack.count() == 0


def test_bad_email_is_shown_next_to_the_form(qtbot, window, read_file) -> None:  # noqa: ANN001
    seen: list[str] = []

    def fill(dialog: MemberDialog) -> None:
        qtbot.keyClicks(dialog.name, "Someone")
        qtbot.keyClicks(dialog.email, "not an address")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        seen.append(dialog.error.text())

    answer_dialog(qtbot, lambda: click(qtbot, window.roster.add_button), fill)
    assert seen == ["“not an address” does not look like an email address."]
    assert read_file(roster.list_members) == []


def test_edit_member_by_double_click_and_convener_choice(qtbot, window, read_file) -> None:  # noqa: ANN001
    window.tabs.setCurrentWidget(window.roster)
    add_member_via_dialog(qtbot, window, "Fatou Diallo")
    (member,) = read_file(roster.list_members)

    def fill(dialog: MemberDialog) -> None:
        assert dialog.name.text() == "Fatou Diallo"
        qtbot.keyClicks(dialog.phone, "+1 555 0100")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    window.roster.select_member(member.id)
    answer_dialog(qtbot, window.roster.edit_selected, fill)
    assert read_file(roster.get_member, member.id).phone == "+1 555 0100"

    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    editor = window.sessions.editor
    editor.convener.setCurrentIndex(editor.convener.findData(member.id))
    editor.convener.activated.emit(editor.convener.currentIndex())
    (session,) = read_file(meetings.list_meetings)
    assert session.convener_id == member.id
    assert window.sessions.model.index(0, 3).data() == "Fatou Diallo"


def test_date_picked_in_calendar_is_saved(qtbot, window, read_file) -> None:  # noqa: ANN001
    from PySide6.QtCore import QDate

    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    editor = window.sessions.editor
    calendar = editor.date.calendarWidget()
    calendar.setSelectedDate(QDate(2026, 3, 10))
    calendar.clicked.emit(QDate(2026, 3, 10))
    qtbot.waitUntil(lambda: read_file(meetings.list_meetings)[0].date == dt.date(2026, 3, 10))
    assert editor.heading.text() == "Tuesday, March 10, 2026"
    window.undo_action.trigger()
    assert read_file(meetings.list_meetings)[0].date == dt.date(2026, 3, 3)

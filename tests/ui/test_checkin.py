"""Attendance in the window: type-ahead check-in, newcomers, same as last time, paper sheets and
what people shared or took, each written to the file and undoable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from copdesk.db import open_community
from copdesk.models import AttendanceStatus
from copdesk.models.meeting import ContributionKind
from copdesk.services import attendance, meetings, roster
from copdesk.services.attendance import AttendeeRow
from copdesk.ui.attendance_model import AttendanceModel, KindsEditor
from copdesk.ui.checkin_pane import PaperSheetDialog
from tests.ui.conftest import type_text

PAST = dt.date(2026, 2, 24)
NEXT = dt.date(2026, 3, 3)  # the upcoming session the Sessions tab opens on


@dataclass
class Room:
    past: int
    next: int
    people: dict[str, int]


PEOPLE = (
    ("José Ramírez", "Universidad Popular"),
    ("Zoë Adams", "Riverside Library"),
    ("Ana Müller", "Makerspace Nord"),
    ("Ana Ruiz", "Riverside Library"),
    ("ليلى حداد", "جمعية الحي"),
    ("Ben Okoro", "Tenants Union"),
)


@pytest.fixture
def room(community_path: Path) -> Room:
    """Six members; a past session where four were present; the next session, empty."""
    with open_community(community_path) as cfile, cfile.session() as db:
        people = {
            name: roster.add_member(db, roster.MemberInput(name=name, organisation=org)).id
            for name, org in PEOPLE
        }
        past = meetings.add_meeting(db, meetings.MeetingInput(PAST, dt.time(18, 0))).id
        nxt = meetings.add_meeting(db, meetings.MeetingInput(NEXT, dt.time(18, 0))).id
        present = ("José Ramírez", "Zoë Adams", "Ana Müller", "Ben Okoro")
        meetings.set_attendance(db, past, {people[n]: AttendanceStatus.PRESENT for n in present})
    return Room(past, nxt, people)


@pytest.fixture
def win(room: Room, window):  # noqa: ANN001, ANN201 - the room exists before the window opens
    return window


def show_tab(window, name: str):  # noqa: ANN001, ANN201
    pane = getattr(window.sessions, name)
    window.sessions.session_tabs.setCurrentWidget(pane)
    return pane


def statuses(read_file, meeting_id: int) -> dict[int, AttendanceStatus]:  # noqa: ANN001
    return {r.id: r.status for r in read_file(attendance.attendance_sheet, meeting_id)}


def test_attendance_model(qtmodeltester) -> None:  # noqa: ANN001
    model = AttendanceModel()
    model.set_rows(
        [
            AttendeeRow(
                1, "José", AttendanceStatus.PRESENT, frozenset({ContributionKind.PRESENTED})
            ),
            AttendeeRow(2, "ليلى", AttendanceStatus.APOLOGISED),
            AttendeeRow(3, "Zoë", AttendanceStatus.ABSENT, frozenset({ContributionKind.LEARNED})),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, AttendanceModel.SHARED).data() == "presented"
    assert model.index(2, AttendanceModel.TOOK).data() == "learned something"
    assert model.counts()[AttendanceStatus.PRESENT] == 1
    assert model.shared_count() == 1


def test_type_ahead_checks_in_accented_and_arabic_names(qtbot, win, room, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "checkin")
    assert pane.meeting_id == room.next
    type_text(qtbot, pane.name_edit, "jose ram")  # no accent typed
    assert [c.id for c in pane._candidates] == [room.people["José Ramírez"]]
    qtbot.keyClick(pane.name_edit, Qt.Key.Key_Return)
    type_text(qtbot, pane.name_edit, "ليلى")
    qtbot.keyClick(pane.name_edit, Qt.Key.Key_Return)
    got = statuses(read_file, room.next)
    assert got == {
        room.people["José Ramírez"]: AttendanceStatus.PRESENT,
        room.people["ليلى حداد"]: AttendanceStatus.PRESENT,
    }
    assert pane.name_edit.text() == ""
    assert "2 people present" in pane.counts.text()
    win.undo_action.trigger()
    assert set(statuses(read_file, room.next)) == {room.people["José Ramírez"]}


def test_choosing_from_the_suggestions(qtbot, win, room, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "checkin")
    type_text(qtbot, pane.name_edit, "ana")
    assert len(pane._candidates) == 2  # Ana Müller and Ana Ruiz: Enter alone does not choose
    qtbot.keyClick(pane.name_edit, Qt.Key.Key_Return)
    assert statuses(read_file, room.next) == {}
    assert "Several people match" in pane.hint.text()
    popup = pane.completer.popup()
    assert popup.isVisible()
    row = next(
        r
        for r in range(pane.suggestions.rowCount())
        if pane.suggestions.item(r).data(Qt.ItemDataRole.UserRole) == room.people["Ana Ruiz"]
    )
    for _step in range(row + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert statuses(read_file, room.next) == {room.people["Ana Ruiz"]: AttendanceStatus.PRESENT}


def test_newcomer_line_creates_a_member_and_checks_them_in(qtbot, win, room, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "checkin")
    pane.newcomer_edit.setText("Fatima Zahra, Community Garden <fz@example.org>")
    qtbot.keyClick(pane.newcomer_edit, Qt.Key.Key_Return)
    member = next(m for m in read_file(roster.list_members) if m.name == "Fatima Zahra")
    assert (member.organisation, member.email) == ("Community Garden", "fz@example.org")
    assert statuses(read_file, room.next) == {member.id: AttendanceStatus.PRESENT}
    win.undo_action.trigger()
    assert statuses(read_file, room.next) == {}
    assert all(m.name != "Fatima Zahra" for m in read_file(roster.list_members))
    win.redo_action.trigger()
    assert statuses(read_file, room.next) == {member.id: AttendanceStatus.PRESENT}


def test_unknown_name_moves_to_the_newcomer_box(qtbot, win) -> None:  # noqa: ANN001
    pane = show_tab(win, "checkin")
    type_text(qtbot, pane.name_edit, "Xavier")
    qtbot.keyClick(pane.name_edit, Qt.Key.Key_Return)
    assert pane.newcomer_edit.text() == "Xavier"
    assert "newcomer" in pane.hint.text()


def test_same_as_last_time_then_correct_one(qtbot, win, room, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "checkin")
    assert pane.same_as_last_time() == 4
    got = statuses(read_file, room.next)
    assert set(got) == {
        room.people[n] for n in ("José Ramírez", "Zoë Adams", "Ana Müller", "Ben Okoro")
    }
    pane.select_ids([room.people["Zoë Adams"]])
    qtbot.mouseClick(pane.mark_buttons[AttendanceStatus.APOLOGISED], Qt.MouseButton.LeftButton)
    assert statuses(read_file, room.next)[room.people["Zoë Adams"]] == AttendanceStatus.APOLOGISED
    assert "1 apologised" in pane.counts.text()
    win.undo_action.trigger()
    win.undo_action.trigger()
    assert statuses(read_file, room.next) == {}


def test_paper_sheet_reports_and_settles_names(qtbot, win, room, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "checkin")
    dialog = PaperSheetDialog(win.ops, room.next, pane)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("Ana Müller\nben okoro\n\nAna\nNobody Known\n")
    report = dialog.check_in()
    assert report is not None
    assert report.unmatched == ("Nobody Known",)
    assert [line for line, _ids in report.ambiguous] == ["Ana"]
    assert "Nobody Known" in dialog.result.text()
    assert set(statuses(read_file, room.next)) == {
        room.people["Ana Müller"],
        room.people["Ben Okoro"],
    }
    (ana_line, ana_combo), (unknown_line, unknown_combo) = dialog.choices
    assert (ana_line, unknown_line) == ("Ana", "Nobody Known")
    ana_combo.setCurrentIndex(ana_combo.findData(room.people["Ana Ruiz"]))
    unknown_combo.setCurrentIndex(unknown_combo.findData(PaperSheetDialog.NEWCOMER))
    assert dialog.apply_choices() == 2
    newcomer = next(m for m in read_file(roster.list_members) if m.name == "Nobody Known")
    assert set(statuses(read_file, room.next)) == {
        room.people["Ana Müller"],
        room.people["Ben Okoro"],
        room.people["Ana Ruiz"],
        newcomer.id,
    }
    win.undo_action.trigger()  # the choices, as one step
    assert len(statuses(read_file, room.next)) == 2
    win.undo_action.trigger()  # the sheet
    assert statuses(read_file, room.next) == {}


def test_contributions_are_saved_through_the_editor(qtbot, win, room, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "checkin")
    pane.check_in(room.people["Ben Okoro"])
    index = pane.model.index(0, AttendanceModel.SHARED)
    pane.table.setCurrentIndex(index)
    pane.table.edit(index)
    editor = pane.table.findChild(KindsEditor)
    assert editor is not None and editor.count() == 5
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Space)  # "presented"
    editor.setCurrentRow(3)
    qtbot.keyClick(editor, Qt.Key.Key_Space)  # "brought food"
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    def saved() -> frozenset:
        rows = read_file(attendance.attendance_sheet, room.next)
        return rows[0].contributions

    qtbot.waitUntil(lambda: saved() == {ContributionKind.PRESENTED, ContributionKind.BROUGHT_FOOD})
    assert pane.model.index(0, AttendanceModel.SHARED).data() == "presented and brought food"
    assert "1 person shared something" in pane.counts.text()
    pane.model.setData(pane.model.index(0, AttendanceModel.TOOK), ["asked_for_help"])
    qtbot.waitUntil(lambda: ContributionKind.ASKED_FOR_HELP in saved())
    assert ContributionKind.PRESENTED in saved()  # the other column is kept
    win.undo_action.trigger()
    assert saved() == {ContributionKind.PRESENTED, ContributionKind.BROUGHT_FOOD}
    QApplication.processEvents()

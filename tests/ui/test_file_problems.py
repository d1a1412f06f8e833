"""Files that are in use, damaged, too new or on a disk that refuses writes ("Nothing lost")."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from copdesk import backups
from copdesk.db import StorageError, open_community
from copdesk.errors import DamagedFile
from copdesk.services import roster
from copdesk.services.roster import MemberInput
from copdesk.ui import file_problems
from copdesk.ui.main_window import MainWindow
from copdesk.ui.member_dialog import MemberDialog
from tests.ui.conftest import TODAY, answer_dialog, click, type_text

DISK_FULL = "copdesk could not save your change because the disk is full."


class Answers:
    """Stands in for file_problems.choose: answers with the given keys, records the questions."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.asked: list[tuple[str, str, list[str]]] = []

    def __call__(self, _parent, title, message, choices, **kw) -> str:  # noqa: ANN001
        self.asked.append((title, f"{message} {kw.get('detail', '')}", [k for k, _l in choices]))
        return self.keys.pop(0) if self.keys else file_problems.CANCEL


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    fake = Answers()
    monkeypatch.setattr(file_problems, "choose", fake)
    return fake


@pytest.fixture
def bare_window(qtbot) -> Iterator[MainWindow]:  # noqa: ANN001
    w = MainWindow(today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _add(path: Path, *names: str) -> None:
    with open_community(path) as cfile, cfile.session() as db:
        for name in names:
            roster.add_member(db, MemberInput(name))


# -- in use ---------------------------------------------------------------------------------------


HOLD = textwrap.dedent(
    """
    import sys
    from copdesk import lock
    held = lock.acquire(sys.argv[1])
    print("held", flush=True)
    sys.stdin.read()
    """
)


def test_a_file_in_use_elsewhere_opens_read_only_with_editing_off(
    qtbot, bare_window, community_path, answers, errors_shown
) -> None:  # noqa: ANN001
    _add(community_path, "Ada Lovelace", "Grace Hopper")
    answers.keys = [file_problems.OPEN_READONLY]
    w = bare_window
    holder_started = None
    with _holding(community_path) as pid:
        holder_started = pid
        assert w.open_path(community_path)
    title, message, keys = answers.asked[0]
    assert title == "Open read-only?"
    assert "already open for changes in" in message and f"process {holder_started}" in message
    assert keys == [file_problems.OPEN_READONLY, file_problems.CANCEL]

    assert w.ops is not None and w.ops.cfile.readonly
    assert w.windowTitle() == "Test Circle (read-only)"
    assert w.read_only_banner.isVisible() and "read-only" in w.read_only_banner.label.text()
    for action in (w.undo_action, w.redo_action, w.add_member_action, w.new_session_action):
        assert not action.isEnabled()
    assert w.print_action.isEnabled()  # looking and printing still work
    pane = w.roster
    w.tabs.setCurrentWidget(pane)
    pane.reload()
    pane._select_ids([pane.model.member_id(0)])
    assert not pane.add_button.isEnabled() and not pane.remove_button.isEnabled()
    assert pane.editor.name.isReadOnly() and pane.search.isEnabled()
    assert not w.sessions.new_button.isEnabled()

    # A change that slips through is refused in words, and nothing lands on the undo stack.
    from copdesk.ui import commands

    assert not w.ops.push(commands.AddMember(w.ops, MemberInput("Sneaky")))
    assert errors_shown and "is open read-only" in errors_shown[-1]
    assert w.ops.undo_stack.count() == 0
    assert len(w.ops.read(roster.list_members)) == 2


class _holding:
    """Run the lock holder in another process for the duration of a ``with``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> int:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "held"
        return self.proc.pid

    def __exit__(self, *exc: object) -> None:
        self.proc.communicate("", timeout=10)


def test_a_file_in_use_can_be_left_alone(bare_window, community_path, answers) -> None:  # noqa: ANN001
    with _holding(community_path):
        assert not bare_window.open_path(community_path)
    assert bare_window.ops is None
    assert bare_window.pages.currentWidget() is bare_window.welcome


def test_a_read_only_file_is_offered_read_only(
    bare_window, community_path, answers, monkeypatch
) -> None:  # noqa: ANN001
    real_access = os.access

    def access(path, mode, **kw) -> bool:  # noqa: ANN001 - a locked USB stick
        if mode == os.W_OK and Path(path) == community_path:
            return False
        return real_access(path, mode, **kw)

    monkeypatch.setattr(os, "access", access)
    answers.keys = [file_problems.OPEN_READONLY]
    assert bare_window.open_path(community_path)
    title, message, _keys = answers.asked[0]
    assert title == "Open read-only?" and "is read-only" in message
    assert bare_window.ops.cfile.readonly
    assert bare_window.windowTitle() == "Test Circle (read-only)"


# -- damaged, too new -----------------------------------------------------------------------------


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, len(data), 13):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_damaged_file_offers_a_copy_of_the_newest_sound_backup(
    bare_window, community_path, tmp_path, answers, monkeypatch
) -> None:  # noqa: ANN001
    _add(community_path, *(f"Member {i}" for i in range(150)))
    with open_community(community_path):  # the backup on opening holds the 150 members
        pass
    _damage(community_path)
    damaged = community_path.read_bytes()
    target = tmp_path / "elsewhere" / "rescued"
    target.parent.mkdir()
    suggested: list[Path] = []

    def ask(_parent, _title, proposal) -> Path:  # noqa: ANN001
        suggested.append(proposal)
        return target

    monkeypatch.setattr(file_problems, "ask_save_path", ask)
    answers.keys = [file_problems.OPEN_BACKUP_COPY]
    w = bare_window
    assert w.open_path(community_path)

    title, message, keys = answers.asked[0]
    assert title == "The file cannot be used"
    assert "damaged" in message and "150 members, 0 sessions" in message
    assert keys == [file_problems.OPEN_BACKUP_COPY, file_problems.CANCEL]
    assert suggested[0].parent == community_path.parent
    assert w.ops is not None and w.ops.cfile.path == target.with_name("rescued.copdesk")
    assert len(w.ops.read(roster.list_members)) == 150
    assert community_path.read_bytes() == damaged  # never written to


def test_a_damaged_file_can_be_left_alone(bare_window, community_path, answers) -> None:  # noqa: ANN001
    with open_community(community_path):
        pass
    _add(community_path, *(f"Member {i}" for i in range(150)))
    _damage(community_path)
    damaged = community_path.read_bytes()
    assert not bare_window.open_path(community_path)
    assert bare_window.ops is None and answers.asked
    assert community_path.read_bytes() == damaged


def test_a_file_from_a_newer_copdesk_is_refused(bare_window, community_path, answers) -> None:  # noqa: ANN001
    con = sqlite3.connect(community_path)
    con.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    con.commit()
    con.close()
    before = community_path.read_bytes()
    assert not bare_window.open_path(community_path)
    title, message, keys = answers.asked[0]
    assert title == "A file from a newer copdesk" and "newer version" in message
    assert keys == [file_problems.CANCEL]
    assert community_path.read_bytes() == before


def test_scrambled_data_found_while_reading_offers_to_restore(
    qtbot, window, community_path, answers, monkeypatch
) -> None:  # noqa: ANN001
    window.ops.read(roster.add_member, MemberInput("Ada Lovelace"))
    con = sqlite3.connect(community_path)
    con.execute("UPDATE members SET name = CAST(x'ff41' AS TEXT)")
    con.commit()
    con.close()
    restores: list[Path] = []
    from copdesk.ui import backups_dialog

    monkeypatch.setattr(backups_dialog, "restore_from_backup", lambda w, p: restores.append(p))
    answers.keys = [file_problems.CLOSE_AND_RESTORE]
    with pytest.raises(DamagedFile):
        window.ops.read(roster.list_members)
    with pytest.raises(DamagedFile):  # told once, not once per read
        window.ops.read(roster.list_members)
    qtbot.waitUntil(lambda: bool(restores), timeout=2000)
    assert len(answers.asked) == 1 and "damaged" in answers.asked[0][1]
    assert window.ops is None and restores == [community_path]


# -- writes the disk refuses ------------------------------------------------------------------------


@pytest.fixture
def disk_full_once(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The next roster.add_member or update_member fails with a full disk (clear to disarm)."""
    armed = [True]
    for name in ("add_member", "update_member"):
        real = getattr(roster, name)

        def failing(*args, _real=real, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if armed:
                armed.clear()
                raise StorageError(DISK_FULL)
            return _real(*args, **kwargs)

        monkeypatch.setattr(roster, name, failing)
    return armed


def _add_through_dialog(qtbot, window) -> None:  # noqa: ANN001
    def fill(dialog: MemberDialog) -> None:
        type_text(qtbot, dialog.name, "Ada Lovelace")
        type_text(qtbot, dialog.email, "ada@example.org")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    window.tabs.setCurrentWidget(window.roster)
    answer_dialog(qtbot, lambda: click(qtbot, window.roster.add_button), fill)


def test_a_full_disk_while_adding_a_member_keeps_the_input_for_try_again(
    qtbot, window, answers, disk_full_once
) -> None:  # noqa: ANN001
    answers.keys = [file_problems.RETRY]
    _add_through_dialog(qtbot, window)
    title, message, keys = answers.asked[0]
    assert title == "The change could not be saved" and DISK_FULL in message
    assert "Add member “Ada Lovelace”" in message
    assert keys == [file_problems.RETRY, file_problems.SAVE_COPY, file_problems.CANCEL]
    (ada,) = window.ops.read(roster.list_members)
    assert window.ops.read(roster.get_member, ada.id).email == "ada@example.org"
    assert window.ops.undo_stack.count() == 1


def test_a_discarded_change_stays_off_the_undo_stack(
    qtbot, window, answers, disk_full_once
) -> None:  # noqa: ANN001
    answers.keys = [file_problems.CANCEL]
    seen: list[str] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MemberDialog) or len(seen) > 1:
            QTimer.singleShot(10, drive)
            return
        if not seen:  # the first time: type and press OK (the disk is full)
            seen.append("")
            type_text(qtbot, dialog.name, "Ada Lovelace")
            type_text(qtbot, dialog.email, "ada@example.org")
            click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
            QTimer.singleShot(10, drive)
        else:  # discarded: the dialog comes back with what was typed; close it this time
            seen.append(dialog.name.text())
            dialog.reject()

    window.tabs.setCurrentWidget(window.roster)
    QTimer.singleShot(0, drive)
    click(qtbot, window.roster.add_button)
    assert seen == ["", "Ada Lovelace"]
    assert len(answers.asked) == 1
    assert window.ops.read(roster.list_members) == []
    assert window.ops.undo_stack.count() == 0
    # The app goes on: the next change works.
    _add_through_dialog(qtbot, window)
    assert len(window.ops.read(roster.list_members)) == 1


def test_the_member_editor_keeps_what_was_typed(qtbot, window, answers, disk_full_once) -> None:  # noqa: ANN001
    disk_full_once.clear()
    ada = window.ops.read(roster.add_member, MemberInput("Ada"))
    pane = window.roster
    window.tabs.setCurrentWidget(pane)
    pane.reload()
    pane.select_member(ada.id)
    editor = pane.editor
    editor.email.setFocus()
    type_text(qtbot, editor.email, "ada@example.org")
    disk_full_once.append(True)
    answers.keys = [file_problems.CANCEL]
    editor.commit()
    assert answers.asked and DISK_FULL in answers.asked[0][1]
    assert editor.email.text() == "ada@example.org"
    assert window.ops.undo_stack.count() == 0
    assert window.ops.read(roster.get_member, ada.id).email == ""


def test_save_a_copy_elsewhere_goes_on_in_the_copy(
    qtbot, window, community_path, tmp_path, answers, disk_full_once, monkeypatch
) -> None:  # noqa: ANN001
    target = tmp_path / "stick" / "circle-copy.copdesk"
    target.parent.mkdir()
    monkeypatch.setattr(file_problems, "ask_save_path", lambda *_a: target)
    answers.keys = [file_problems.SAVE_COPY]
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    _add_through_dialog(qtbot, window)
    assert window.ops.cfile.path == target
    assert [m.name for m in window.ops.read(roster.list_members)] == ["Ada Lovelace"]
    assert window.windowFilePath() == str(target)
    assert f"Your changes now go to the copy at {target}." in said
    with open_community(community_path) as cfile, cfile.session() as db:
        assert roster.list_members(db) == []  # the full disk's file is as it was
    window.undo_action.trigger()  # the history goes on in the copy
    assert window.ops.read(roster.list_members) == []
    assert backups.list_backups(target)  # and the copy is backed up like any file


def test_the_session_editor_keeps_what_was_typed(qtbot, window, answers, monkeypatch) -> None:  # noqa: ANN001
    from copdesk.services import meetings

    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    editor = window.sessions.editor
    assert editor.detail is not None
    real = meetings.update_meeting
    armed = [True]

    def update(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if armed:
            armed.clear()
            raise StorageError(DISK_FULL)
        return real(*args, **kwargs)

    monkeypatch.setattr(meetings, "update_meeting", update)
    answers.keys = [file_problems.CANCEL]
    stack_before = window.ops.undo_stack.count()
    editor.topic.setText("Zines on a budget")
    editor.commit()
    assert answers.asked and DISK_FULL in answers.asked[0][1]
    assert editor.topic.text() == "Zines on a budget"
    assert window.ops.undo_stack.count() == stack_before
    editor.commit()  # the disk has room again: the same input is saved
    assert window.ops.read(meetings.get_meeting, editor.detail.meeting.id).meeting.topic == (
        "Zines on a budget"
    )

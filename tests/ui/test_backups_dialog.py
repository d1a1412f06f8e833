"""File ▸ Restore from backup…, periodic backups and the backup before removing many members."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from copdesk import backups
from copdesk.services import roster
from copdesk.services.roster import MemberInput
from copdesk.ui import file_problems
from copdesk.ui.backups_dialog import BackupsDialog
from tests.ui.conftest import answer_dialog, click


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every file_problems question, answered with the first choice (Restore, Try again...)."""
    asked: list[tuple[str, str]] = []

    def choose(_parent, title, message, choices, **_kw) -> str:  # noqa: ANN001
        asked.append((title, message))
        return choices[0][0]

    monkeypatch.setattr(file_problems, "choose", choose)
    return asked


def test_restore_lists_backups_with_counts_and_puts_one_back(
    qtbot, window, community_path, questions
) -> None:  # noqa: ANN001
    # The "open" backup holds no members; add one and take a periodic backup of that.
    window.ops.read(roster.add_member, MemberInput("Ada Lovelace"))
    backups.take_backup(community_path, "periodic")
    window.ops.read(roster.add_member, MemberInput("Grace Hopper"))
    seen: list[list[str]] = []

    def fill(dialog: BackupsDialog) -> None:
        assert isinstance(dialog, BackupsDialog)
        table = dialog.table
        for row in range(table.topLevelItemCount()):
            item = table.topLevelItem(row)
            seen.append([item.text(c) for c in range(table.columnCount())])
        dialog.select(1)  # the older one: when the file was opened
        click(qtbot, dialog.restore_button)

    answer_dialog(qtbot, window.restore_action.trigger, fill)

    assert [row[1:4] for row in seen] == [["While working", "1", "0"], ["Opened", "0", "0"]]
    assert all(row[0] and row[4].endswith("kB") for row in seen)
    assert questions and questions[0][0] == "Restore this backup?"
    assert "0 members, 0 sessions" in questions[0][1]
    # The file is back as it was when opened; what it held is a "before-restore" backup.
    assert window.ops is not None and window.ops.cfile.path == community_path
    assert window.ops.read(roster.list_members) == []
    before = [b for b in backups.list_backups(community_path) if b.reason == "before-restore"]
    assert len(before) == 1 and before[0].members == 2
    assert "Restored the backup from" in window.statusBar().currentMessage()


def test_cancel_restores_nothing_and_folder_button_opens_the_folder(
    qtbot, window, community_path, monkeypatch
) -> None:  # noqa: ANN001
    window.ops.read(roster.add_member, MemberInput("Ada Lovelace"))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    monkeypatch.setattr(file_problems, "choose", lambda *a, **k: file_problems.CANCEL)

    def fill(dialog: BackupsDialog) -> None:
        assert dialog.restore_button.isEnabled()
        assert dialog.table.accessibleName() == "Backups"
        click(qtbot, dialog.folder_button)
        click(qtbot, dialog.restore_button)  # asks, and Cancel keeps the dialog open
        assert dialog.isVisible()

    answer_dialog(qtbot, window.restore_action.trigger, fill)
    assert opened and opened[0].endswith("backups")
    assert [m.name for m in window.ops.read(roster.list_members)] == ["Ada Lovelace"]


def test_reasons_are_translated() -> None:
    from copdesk.i18n import set_window_language
    from copdesk.ui.backups_dialog import reason_text

    set_window_language("en")
    assert reason_text("before-upgrade") == "Before upgrading"
    assert reason_text("before-bulk-delete") == "Before removing members"
    assert reason_text("something-new") == "something new"


def test_periodic_backup_timer_calls_backup_if_due(qtbot, window, community_path) -> None:  # noqa: ANN001
    assert window.backup_timer.isActive() and window.backup_timer.interval() == 60_000
    cfile = window.ops.cfile
    window.periodic_backup()  # nothing changed since opening: no backup
    assert [b.reason for b in backups.list_backups(community_path)] == ["open"]

    window.ops.read(roster.add_member, MemberInput("Ada Lovelace"))
    assert cfile.changes_since_backup == 1
    # Pretend the backup on opening is older than the interval.
    assert cfile.last_backup is not None
    cfile.last_backup = dataclasses.replace(
        cfile.last_backup, taken_at=cfile.last_backup.taken_at - dt.timedelta(hours=1)
    )
    window.backup_timer.setInterval(1)
    qtbot.waitUntil(lambda: cfile.changes_since_backup == 0, timeout=2000)
    window.backup_timer.setInterval(60_000)
    periodic = [b for b in backups.list_backups(community_path) if b.reason == "periodic"]
    assert len(periodic) == 1 and periodic[0].members == 1
    assert window.statusBar().currentMessage().startswith("Backed up at ")


def test_removing_several_members_takes_a_backup_first(qtbot, window, community_path) -> None:  # noqa: ANN001
    ids = [window.ops.read(roster.add_member, MemberInput(n)).id for n in ("Ada", "Bo", "Cy")]
    pane = window.roster
    window.tabs.setCurrentWidget(pane)
    pane.reload()
    pane._select_ids(ids[:2])
    pane.remove_selected()
    box = pane.findChild(QMessageBox, "rosterRemoveQuestion")
    box.button(QMessageBox.StandardButton.Yes).click()
    assert [m.name for m in window.ops.read(roster.list_members)] == ["Cy"]
    (before,) = [
        b for b in backups.list_backups(community_path) if b.reason == "before-bulk-delete"
    ]
    assert before.members == 3

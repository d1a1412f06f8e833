"""Random pairs in the window: draw, lock, re-roll, clear, the do-not-pair list, and undo."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt

from copdesk.db import open_community
from copdesk.models import AttendanceStatus
from copdesk.services import meetings, pairs
from copdesk.ui.pairs_pane import DoNotPairDialog, MemberRole, PairsPane
from tests.ui import test_checkin as checkin
from tests.ui.test_checkin import Room, show_tab

# Fixtures shared with the check-in tests (a room of six members, the window on it).
room, win = checkin.room, checkin.win


def everyone_present(community_path, room: Room) -> None:  # noqa: ANN001
    with open_community(community_path) as cfile, cfile.session() as db:
        meetings.set_attendance(
            db, room.next, dict.fromkeys(room.people.values(), AttendanceStatus.PRESENT)
        )


def shown_groups(pane: PairsPane) -> list[list[int]]:
    groups = []
    for i in range(pane.tree.topLevelItemCount()):
        top = pane.tree.topLevelItem(i)
        groups.append([top.child(k).data(0, MemberRole) for k in range(top.childCount())])
    return groups


def select(pane: PairsPane, *ids: int) -> None:
    pane.tree.clearSelection()
    for i in range(pane.tree.topLevelItemCount()):
        top = pane.tree.topLevelItem(i)
        for k in range(top.childCount()):
            if top.child(k).data(0, MemberRole) in ids:
                top.child(k).setSelected(True)


def stored(read_file, room: Room) -> list[tuple[int, ...]]:  # noqa: ANN001
    result = read_file(pairs.get_pairs, room.next)
    return [] if result is None else [g.members for g in result.groups]


def test_draw_lock_reroll_and_undo(qtbot, community_path, room, win, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "pairs")
    assert not pane.draw_button.isEnabled()  # nobody present yet
    assert "Attendance tab" in pane.seed_label.text()
    assert stored(read_file, room) == []

    # Five present: the past session's four and Ana Ruiz.
    checkin = show_tab(win, "checkin")
    checkin.same_as_last_time()
    checkin.check_in(room.people["Ana Ruiz"])
    pane = show_tab(win, "pairs")
    assert pane.draw()
    groups = shown_groups(pane)
    present = {
        room.people[n] for n in ("José Ramírez", "Zoë Adams", "Ana Müller", "Ben Okoro", "Ana Ruiz")
    }
    assert Counter(m for g in groups for m in g) == Counter(present)  # everyone exactly once
    assert sorted(len(g) for g in groups) == [2, 3]
    assert groups == [list(g) for g in stored(read_file, room)]
    seed = read_file(pairs.get_pairs, room.next).seed
    assert pane.seed_label.text() == f"Seed: {seed}"
    assert "first pairs drawn" in pane.diagnostics.text()
    orgs = [pane.tree.topLevelItem(0).child(k).text(1) for k in range(2)]
    assert all(orgs)

    # Lock two people who are not together, then re-roll: they are.
    a, b = groups[0][0], groups[1][0]
    select(pane, a, b)
    assert pane.lock_button.isEnabled()
    assert pane.toggle_lock()
    assert read_file(pairs.get_pairs, room.next).locked == ((min(a, b), max(a, b)),)
    qtbot.mouseClick(pane.reroll_button, Qt.MouseButton.LeftButton)
    after = stored(read_file, room)
    assert any(a in g and b in g for g in after)
    assert "(locked)" in pane.tree.topLevelItem(
        next(i for i, g in enumerate(shown_groups(pane)) if a in g)
    ).text(0)
    assert "locked pair" in pane.diagnostics.text()

    win.undo_action.trigger()  # the re-roll: the first draw again
    assert stored(read_file, room) == [tuple(g) for g in groups]
    win.undo_action.trigger()  # the lock
    assert read_file(pairs.get_pairs, room.next).locked == ()
    win.redo_action.trigger()
    win.redo_action.trigger()
    assert stored(read_file, room) == after

    assert pane.clear()
    assert stored(read_file, room) == []
    assert pane.seed_label.text().startswith("No pairs drawn yet")
    win.undo_action.trigger()
    assert stored(read_file, room) == after


def test_repeats_are_named_in_words(qtbot, community_path, room, win) -> None:  # noqa: ANN001
    with open_community(community_path) as cfile, cfile.session() as db:
        last = pairs.draw(db, room.past, seed=1)
        met = next(g.members for g in last.groups if len(g.members) == 2)
        meetings.set_attendance(db, room.next, dict.fromkeys(met, AttendanceStatus.PRESENT))
    win.sessions.reload()
    pane = show_tab(win, "pairs")
    assert pane.draw()
    text = pane.diagnostics.text()
    assert "1 pair met before" in text
    names = {v: k for k, v in room.people.items()}
    assert all(names[m] in text for m in met)
    assert "last 1 session ago" in text


def test_no_repeats_said_in_words(qtbot, community_path, room, win) -> None:  # noqa: ANN001
    with open_community(community_path) as cfile, cfile.session() as db:
        pairs.draw(db, room.past, seed=1)
    everyone_present(community_path, room)
    win.sessions.reload()
    pane = show_tab(win, "pairs")
    assert pane.draw()
    assert "No one is paired with someone they met in the last session." in pane.diagnostics.text()


def test_do_not_pair_list(qtbot, room, win, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "pairs")
    dialog = DoNotPairDialog(win.ops, pane)
    qtbot.addWidget(dialog)
    dialog.first.set_member(room.people["José Ramírez"])
    dialog.second.set_member(room.people["Zoë Adams"])
    assert dialog.add()
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text() == "José Ramírez and Zoë Adams"
    rows = read_file(pairs.list_do_not_pair)
    assert {(r.first_id, r.second_id) for r in rows} == {
        tuple(sorted((room.people["José Ramírez"], room.people["Zoë Adams"])))
    }
    dialog.list.setCurrentRow(0)
    assert dialog.remove()
    assert read_file(pairs.list_do_not_pair) == []
    win.undo_action.trigger()
    assert len(read_file(pairs.list_do_not_pair)) == 1

"""The Pairs tab of a session: the 10 minutes of random pairs.

"Draw pairs" groups the people marked present (pairs, plus one trio for an odd count), avoiding
people who met recently, the convener's private do-not-pair list, and pairs from the same home
organisation. Two people can be locked together; "Re-roll" draws again with a new seed and keeps
the locks. The seed is shown so that a printed list can be reproduced ("Draw with seed…").
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _, ngettext, window
from copdesk.pairing import MeetingHistory
from copdesk.services import pairs, roster
from copdesk.services.meetings import get_meeting
from copdesk.ui import commands_meeting as cm
from copdesk.ui.checkin_pane import PersonCombo
from copdesk.ui.operations import Operations
from copdesk.ui.text import date_text
from copdesk.ui.widgets import button_row

MemberRole = Qt.ItemDataRole.UserRole + 1


def describe(
    result: pairs.PairsResult,
    memory: MeetingHistory,
    names: dict[int, str],
) -> list[str]:
    """The draw's qualities in words, one sentence a line (repeats listed by name)."""
    lines: list[str] = []
    repeats = []
    for group in result.groups:
        members = sorted(group.members)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                met = memory.repeat(a, b)
                if met is not None:
                    repeats.append(met)
    repeats.sort(key=lambda r: (r.sessions_ago, names.get(r.a, ""), names.get(r.b, "")))
    if memory.sessions == 0:
        lines.append(_("These are the first pairs drawn: nobody has been paired before."))
    elif not repeats:
        lines.append(
            ngettext(
                "No one is paired with someone they met in the last session.",
                "No one is paired with someone they met in the last {count} sessions.",
                memory.sessions,
            ).format(count=window().format_number(memory.sessions))
        )
    else:
        lines.append(
            ngettext(
                "{count} pair met before (there was no way around it):",
                "{count} pairs met before (there was no way around it):",
                len(repeats),
            ).format(count=len(repeats))
        )
        for r in repeats:
            lines.append(
                "• "
                + ngettext(
                    "{first} and {second}, last {sessions} session ago ({date})",
                    "{first} and {second}, last {sessions} sessions ago ({date})",
                    r.sessions_ago,
                ).format(
                    first=names.get(r.a, ""),
                    second=names.get(r.b, ""),
                    sessions=r.sessions_ago,
                    date=date_text(r.last_met, "medium"),
                )
            )
    if result.do_not_pair_broken:
        lines.append(
            _("Two people on your do-not-pair list had to be put together: nobody else was free.")
        )
    if result.locked:
        lines.append(
            ngettext(
                "{count} locked pair is kept together.",
                "{count} locked pairs are kept together.",
                len(result.locked),
            ).format(count=len(result.locked))
        )
    return lines


class PairsPane(QWidget):
    status_message = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pairsPane")
        self.ops = ops
        self.meeting_id: int | None = None
        self.result: pairs.PairsResult | None = None
        self._stale = False

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.draw_button = QPushButton(_("&Draw pairs"), self)
        self.draw_button.setAccessibleName(_("Draw pairs from the people present"))
        self.draw_button.clicked.connect(self.draw)
        self.reroll_button = QPushButton(_("&Re-roll"), self)
        self.reroll_button.setAccessibleName(_("Draw again with a new seed, keeping locked pairs"))
        self.reroll_button.clicked.connect(self.reroll)
        self.seed_button = QPushButton(_("With s&eed…"), self)
        self.seed_button.setAccessibleName(_("Draw with a given seed"))
        self.seed_button.setToolTip(_("Draw again with the seed of a printed list to reproduce it"))
        self.seed_button.clicked.connect(self.draw_with_seed)
        self.clear_button = QPushButton(_("C&lear"), self)
        self.clear_button.setAccessibleName(_("Clear the pairs"))
        self.clear_button.clicked.connect(self.clear)

        self.seed_label = QLabel(self)
        self.seed_label.setObjectName("pairsSeed")
        self.seed_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("pairsTree")
        self.tree.setAccessibleName(_("Pairs"))
        self.tree.setHeaderLabels([_("Group"), _("Organisation")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.itemSelectionChanged.connect(self._update_buttons)

        self.lock_button = QPushButton(_("Loc&k together"), self)
        self.lock_button.setAccessibleName(_("Lock the two chosen people together"))
        self.lock_button.setToolTip(_("Choose two people (Ctrl+click), then lock them together"))
        self.lock_button.clicked.connect(self.toggle_lock)
        self.avoid_button = QPushButton(_("Do-not-pair &list…"), self)
        self.avoid_button.setAccessibleName(_("Edit the private do-not-pair list"))
        self.avoid_button.clicked.connect(self.edit_do_not_pair)

        self.diagnostics = QLabel(self)
        self.diagnostics.setObjectName("pairsDiagnostics")
        self.diagnostics.setWordWrap(True)
        self.diagnostics.setTextFormat(Qt.TextFormat.PlainText)
        self.diagnostics.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = button_row(self.draw_button, self.reroll_button, self.seed_button, self.clear_button)
        bottom = button_row(self.lock_button, trailing=(self.avoid_button,))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.seed_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.diagnostics)
        self._update_buttons()

    # -- showing --------------------------------------------------------------------------------------
    def set_meeting(self, meeting_id: int | None) -> None:
        changed = meeting_id != self.meeting_id
        self.meeting_id = meeting_id
        if self.isVisible() or changed:
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.setEnabled(self.meeting_id is not None)
        keep = self.selected_members()
        self.tree.clear()
        self.result = None
        if self.meeting_id is None:
            self.heading.clear()
            self.seed_label.clear()
            self.diagnostics.clear()
            self._update_buttons()
            return
        meeting = self.ops.read(get_meeting, self.meeting_id).meeting
        self.heading.setText(
            ngettext(
                "{count} person present to pair.",
                "{count} people present to pair.",
                meeting.present_count,
            ).format(count=meeting.present_count)
        )
        result = self.ops.read(pairs.get_pairs, self.meeting_id)
        self.result = result
        # Once drawn, "Re-roll" draws again (and Undo brings the earlier list back).
        self.draw_button.setEnabled(meeting.present_count > 0 and result is None)
        if result is None:
            if meeting.present_count:
                self.seed_label.setText(_("No pairs drawn yet."))
            else:
                self.seed_label.setText(
                    _("No pairs drawn yet: check people in on the Attendance tab first.")
                )
            self.diagnostics.clear()
            self._update_buttons()
            return
        people = {
            m.id: m
            for m in self.ops.read(
                roster.get_members, {p for g in result.groups for p in g.members}
            )
        }
        # Translators: the number that reproduces a draw of pairs.
        self.seed_label.setText(_("Seed: {seed}").format(seed=result.seed))
        self.seed_label.setAccessibleName(self.seed_label.text())
        locked = {frozenset(p) for p in result.locked}
        for number, group in enumerate(result.groups, start=1):
            if len(group.members) == 3:
                title = _("Trio {number}").format(number=number)
            else:
                title = _("Pair {number}").format(number=number)
            if group.locked:
                title = _("{group} (locked)").format(group=title)
            top = QTreeWidgetItem(self.tree, [title, ""])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for mid, name in zip(group.members, group.names, strict=True):
                org = people[mid].organisation if mid in people else ""
                child = QTreeWidgetItem(top, [name, org])
                child.setData(0, MemberRole, mid)
                is_locked = any(mid in pair for pair in locked)
                label = name if not is_locked else _("{name} (locked)").format(name=name)
                child.setData(0, Qt.ItemDataRole.AccessibleTextRole, label)
                if is_locked:
                    child.setToolTip(0, _("Locked with their partner for re-rolls"))
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self._select_members(keep)
        history = self.ops.read(pairs.history, self.meeting_id)
        memory = MeetingHistory(history, today=meeting.date)
        names = {m: n for g in result.groups for m, n in zip(g.members, g.names, strict=True)}
        self.diagnostics.setText("\n".join(describe(result, memory, names)))
        self._update_buttons()

    def selected_members(self) -> list[int]:
        return [i.data(0, MemberRole) for i in self.tree.selectedItems() if i.data(0, MemberRole)]

    def _select_members(self, ids: list[int]) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for k in range(top.childCount()):
                child = top.child(k)
                child.setSelected(child.data(0, MemberRole) in ids)

    def _locked_pair(self, a: int, b: int) -> bool:
        return self.result is not None and (min(a, b), max(a, b)) in self.result.locked

    def _update_buttons(self) -> None:
        has_draw = self.result is not None
        self.reroll_button.setEnabled(has_draw)
        self.clear_button.setEnabled(has_draw)
        chosen = self.selected_members()
        two = len(chosen) == 2
        self.lock_button.setEnabled(two)
        if two and self._locked_pair(*chosen):
            self.lock_button.setText(_("Un&lock"))
            self.lock_button.setAccessibleName(_("Unlock the two chosen people"))
        else:
            self.lock_button.setText(_("Loc&k together"))
            self.lock_button.setAccessibleName(_("Lock the two chosen people together"))

    # -- changing -------------------------------------------------------------------------------------
    def _push_draw(self, text: str, seed: int | None = None, clear: bool = False) -> bool:
        if self.meeting_id is None:
            return False
        command = cm.DrawPairs(self.ops, self.meeting_id, text, seed=seed, clear=clear)
        ok = self.ops.push(command)
        if ok:
            self.reload()
            if command.result is not None:
                self.status_message.emit(
                    _("Drew {count} groups with seed {seed}.").format(
                        count=len(command.result.groups), seed=command.result.seed
                    )
                )
        return ok

    def draw(self) -> bool:
        return self._push_draw(_("Draw pairs"))

    def reroll(self) -> bool:
        return self._push_draw(_("Re-roll pairs"))

    def clear(self) -> bool:
        return self._push_draw(_("Clear pairs"), clear=True)

    def draw_with_seed(self) -> None:
        current = self.result.seed if self.result else 0
        seed, ok = QInputDialog.getInt(
            self,
            _("Draw with a seed"),
            _("Seed of the list to reproduce:"),
            current,
            0,
            pairs.MAX_SEED,
        )
        if ok:
            self._push_draw(_("Draw pairs with seed {seed}").format(seed=seed), seed=seed)

    def toggle_lock(self) -> bool:
        chosen = self.selected_members()
        if self.meeting_id is None or len(chosen) != 2:
            return False
        a, b = chosen
        lock = not self._locked_pair(a, b)
        text = _("Lock a pair") if lock else _("Unlock a pair")
        ok = self.ops.push(cm.LockPair(self.ops, self.meeting_id, a, b, lock, text))
        if ok:
            self.reload()
            together = (
                any(a in g.members and b in g.members for g in self.result.groups)
                if self.result
                else False
            )
            if lock and not together:
                self.status_message.emit(_("Locked: they will be together after the next re-roll."))
        return ok

    def edit_do_not_pair(self) -> None:
        DoNotPairDialog(self.ops, self).exec()
        self.reload()


class DoNotPairDialog(QDialog):
    """The convener's private list of two people never to put in one group."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(_("Do-not-pair list"))
        intro = QLabel(
            _(
                "Private to you: these two people are never put in the same group. The list is not printed or shared."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("doNotPairList")
        self.list.setAccessibleName(_("People never paired together"))
        self.first = PersonCombo(_("First person"), self)
        self.second = PersonCombo(_("Second person"), self)
        members = ops.read(roster.list_members)
        self.first.set_people(members)
        self.second.set_people(members)
        self.add_button = QPushButton(_("&Add"), self)
        self.add_button.setAccessibleName(_("Add the two people to the do-not-pair list"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove the chosen entry"))
        self.remove_button.clicked.connect(self.remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        first_label = QLabel(_("&Never pair:"), self)
        first_label.setBuddy(self.first)
        second_label = QLabel(_("&with:"), self)
        second_label.setBuddy(self.second)
        grid.addWidget(first_label, 0, 0)
        grid.addWidget(self.first, 0, 1)
        grid.addWidget(second_label, 1, 0)
        grid.addWidget(self.second, 1, 1)
        grid.addWidget(self.add_button, 1, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for row in self.ops.read(pairs.list_do_not_pair):
            # Translators: an entry of the do-not-pair list.
            text = _("{first} and {second}").format(first=row.first_name, second=row.second_name)
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, (row.first_id, row.second_id))
        self.remove_button.setEnabled(self.list.count() > 0)

    def add(self) -> bool:
        a, b = self.first.member_id(), self.second.member_id()
        if a is None or b is None:
            return False
        ok = self.ops.push(cm.DoNotPair(self.ops, a, b, True, _("Add to the do-not-pair list")))
        self.reload()
        return ok

    def remove(self) -> bool:
        item = self.list.currentItem()
        if item is None:
            return False
        a, b = item.data(Qt.ItemDataRole.UserRole)
        ok = self.ops.push(
            cm.DoNotPair(self.ops, a, b, False, _("Remove from the do-not-pair list"))
        )
        self.reload()
        return ok

"""The Attendance tab of a session: quick check-in at the door and entry from a paper sheet.

Typing a name offers matching members (accent- and case-insensitive, through the core's
``search_roster``); Enter checks the chosen one in. A newcomer is added in one line ("Name,
Organisation <email>"). "Same as last time" marks everyone present at the previous session as
present, as a start to correct. A paper sign-in sheet is pasted one name a line; the lines that
matched nobody or several people are listed for the convener to settle. Every change is undoable.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from copdesk.i18n import _, ngettext, window
from copdesk.models import AttendanceStatus
from copdesk.services import attendance, roster
from copdesk.services.attendance import Candidate, SheetMatch
from copdesk.services.meetings import get_meeting
from copdesk.ui import commands_meeting as cm
from copdesk.ui.attendance_model import (
    AttendanceModel,
    KindsDelegate,
    StatusDelegate,
    status_label,
)
from copdesk.ui.operations import Operations
from copdesk.ui.text import date_text, fold
from copdesk.ui.widgets import add_delete_action, button_row, row_table

NOBODY = 0  # member ids start at 1


# -- choosing a person ----------------------------------------------------------------------------


def person_label(member: roster.MemberRow) -> str:
    if member.preferred_name and member.preferred_name != member.name:
        return _("{preferred} ({name})").format(preferred=member.preferred_name, name=member.name)
    return member.name


class PersonCombo(QComboBox):
    """A member chosen from the roster by name (typing letters jumps to them); optionally
    "nobody" first."""

    def __init__(
        self, accessible_name: str, parent: QWidget | None = None, *, nobody: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.nobody = nobody
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)

    def set_people(self, members: Iterable[roster.MemberRow], first: Iterable[int] = ()) -> None:
        """Fill the list (people in ``first`` come first, in that order), keeping the choice."""
        keep = self.member_id()
        people = sorted(members, key=lambda m: fold(m.display_name))
        order = {mid: i for i, mid in enumerate(first)}
        people.sort(key=lambda m: order.get(m.id, len(order)))
        self.clear()
        if self.nobody is not None:
            self.addItem(self.nobody, NOBODY)
        for m in people:
            self.addItem(person_label(m), m.id)
        self.set_member(keep)

    def member_id(self) -> int | None:
        return self.currentData() or None

    def set_member(self, member_id: int | None) -> None:
        self.setCurrentIndex(max(0, self.findData(member_id or NOBODY)))


# -- the pane -------------------------------------------------------------------------------------


class CheckinPane(QWidget):
    status_message = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkinPane")
        self.ops = ops
        self.meeting_id: int | None = None
        self._stale = False
        self._candidates: list[Candidate] = []

        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("checkinName")
        self.name_edit.setAccessibleName(_("Name to check in"))
        self.name_edit.setPlaceholderText(_("Type a name, then Enter to check them in"))
        self.name_edit.setClearButtonEnabled(True)
        self.suggestions = QStandardItemModel(self)
        self.completer = QCompleter(self.suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        self.name_edit.setCompleter(self.completer)
        self.name_edit.textEdited.connect(self._on_typed)
        self.name_edit.returnPressed.connect(self._on_return)
        self.completer.activated[QModelIndex].connect(self._on_chosen)

        self.newcomer_edit = QLineEdit(self)
        self.newcomer_edit.setObjectName("checkinNewcomer")
        self.newcomer_edit.setAccessibleName(_("Newcomer"))
        self.newcomer_edit.setPlaceholderText(_("Name, Organisation <email>"))
        self.newcomer_edit.returnPressed.connect(self.add_newcomer)
        self.newcomer_button = QPushButton(_("Add &newcomer"), self)
        self.newcomer_button.setAccessibleName(_("Add newcomer and check them in"))
        self.newcomer_button.clicked.connect(self.add_newcomer)

        self.hint = QLabel(self)
        self.hint.hide()
        self.hint.setObjectName("checkinHint")
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.same_button = QPushButton(_("Same as &last time"), self)
        self.same_button.setAccessibleName(_("Mark everyone present last time as present"))
        self.same_button.setToolTip(
            _("Marks everyone who was present at the previous session as present; then correct it.")
        )
        self.same_button.clicked.connect(self.same_as_last_time)
        self.sheet_button = QPushButton(_("From a &paper sheet…"), self)
        self.sheet_button.setAccessibleName(_("Check in names from a paper sign-in sheet"))
        self.sheet_button.clicked.connect(self.open_paper_sheet)

        self.model = AttendanceModel(self)
        # Queued: setData returns before the file changes and the model is reloaded.
        self.model.status_requested.connect(
            self._on_status_edit, Qt.ConnectionType.QueuedConnection
        )
        self.model.contributions_requested.connect(
            self._on_kinds_edit, Qt.ConnectionType.QueuedConnection
        )
        self.table = row_table(
            self,
            "attendanceTable",
            _("Attendance"),
            self.model,
            selection=QAbstractItemView.SelectionMode.ExtendedSelection,
            edit_triggers=QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked,
            word_wrap=False,
            resize_mode=QHeaderView.ResizeMode.Interactive,
            stretch=AttendanceModel.NAME,
        )
        self.table.setItemDelegateForColumn(AttendanceModel.STATUS, StatusDelegate(self.table))
        kinds = KindsDelegate(self.table)
        self.table.setItemDelegateForColumn(AttendanceModel.SHARED, kinds)
        self.table.setItemDelegateForColumn(AttendanceModel.TOOK, kinds)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.mark_buttons: dict[AttendanceStatus, QPushButton] = {}
        texts = {
            AttendanceStatus.PRESENT: (_("Pre&sent"), _("Mark the chosen people present")),
            AttendanceStatus.APOLOGISED: (
                _("Apolo&gised"),
                _("Mark the chosen people as having apologised"),
            ),
            AttendanceStatus.ABSENT: (_("A&bsent"), _("Mark the chosen people absent")),
        }
        for status, (text, name) in texts.items():
            button = QPushButton(text, self)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _c=False, s=status: self.mark_selected(s))
            self.mark_buttons[status] = button
        self.unlist_button = QPushButton(_("Take off the &list"), self)
        self.unlist_button.setAccessibleName(_("Take the chosen people off this session's list"))
        self.unlist_button.clicked.connect(lambda: self.mark_selected(None))
        add_delete_action(self.table, lambda: self.mark_selected(None))

        self.counts = QLabel(self)
        self.counts.setObjectName("attendanceCounts")
        self.counts.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("Check &in:"), self.name_edit)
        newcomer = QHBoxLayout()
        newcomer.addWidget(self.newcomer_edit, 1)
        newcomer.addWidget(self.newcomer_button)
        newcomer_label = QLabel(_("New&comer:"), self)
        newcomer_label.setBuddy(self.newcomer_edit)
        form.addRow(newcomer_label, newcomer)
        quick = button_row(self.same_button, self.sheet_button)
        marks = button_row(*self.mark_buttons.values(), self.unlist_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addLayout(quick)
        layout.addWidget(self.table, 1)
        layout.addLayout(marks)
        layout.addWidget(self.counts)

        order = [self.name_edit, self.newcomer_edit, self.newcomer_button, self.same_button]
        order += [self.sheet_button, self.table, *self.mark_buttons.values(), self.unlist_button]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self._update_buttons()

    # -- showing --------------------------------------------------------------------------------------
    def set_meeting(self, meeting_id: int | None) -> None:
        changed = meeting_id != self.meeting_id
        self.meeting_id = meeting_id
        if changed:
            self._show_hint("")
            self.name_edit.clear()
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
        if self.meeting_id is None:
            self.model.set_rows([])
            self.counts.clear()
            return
        keep = self.selected_ids()
        m = self.ops.read(get_meeting, self.meeting_id).meeting
        # The session's date is in the heading above the tabs; say it for screen readers.
        self.table.setAccessibleDescription(
            _("Who came on {date}").format(date=date_text(m.date, "full"))
        )
        self.model.set_rows(self.ops.read(attendance.attendance_sheet, self.meeting_id))
        self.select_ids(keep)
        self.table.resizeColumnToContents(AttendanceModel.STATUS)
        self._update_counts()
        self._update_buttons()

    def _update_counts(self) -> None:
        n = self.model.counts()
        parts = [
            ngettext(
                "{count} person present", "{count} people present", n[AttendanceStatus.PRESENT]
            ),
            ngettext("{count} apologised", "{count} apologised", n[AttendanceStatus.APOLOGISED]),
            ngettext("{count} absent", "{count} absent", n[AttendanceStatus.ABSENT]),
        ]
        counts = [
            n[AttendanceStatus.PRESENT],
            n[AttendanceStatus.APOLOGISED],
            n[AttendanceStatus.ABSENT],
        ]
        text = window().format_list(
            [p.format(count=window().format_number(c)) for p, c in zip(parts, counts, strict=True)]
        )
        shared = self.model.shared_count()
        text += " · " + ngettext(
            "{count} person shared something", "{count} people shared something", shared
        ).format(count=window().format_number(shared))
        self.counts.setText(text)

    def selected_ids(self) -> list[int]:
        return [i.data(AttendanceModel.IdRole) for i in self.table.selectionModel().selectedRows()]

    def select_ids(self, ids: Iterable[int]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        first = True
        for mid in ids:
            row = self.model.row_of(mid)
            if row is None:
                continue
            flags = sel.SelectionFlag.Select | sel.SelectionFlag.Rows
            if first:
                sel.setCurrentIndex(self.model.index(row, 0), flags)
                first = False
            else:
                sel.select(self.model.index(row, 0), flags)

    def _update_buttons(self) -> None:
        has = bool(self.selected_ids())
        for button in (*self.mark_buttons.values(), self.unlist_button):
            button.setEnabled(has)

    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def _say(self, text: str) -> None:
        self._show_hint(text)
        self.status_message.emit(text)

    # -- type-ahead -----------------------------------------------------------------------------------
    def _on_typed(self, text: str) -> None:
        self._candidates = self.ops.read(attendance.search_roster, text, 10) if text.strip() else []
        self.suggestions.clear()
        for c in self._candidates:
            label = c.name if c.name == c.full_name else f"{c.name} ({c.full_name})"
            if c.organisation:
                # Translators: a person in the check-in suggestions, e.g. "Ana Ruiz — Library".
                label = _("{name} — {organisation}").format(name=label, organisation=c.organisation)
            item = QStandardItem(label)
            item.setData(c.id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.suggestions.appendRow(item)
        if self._candidates:
            self.completer.complete()
            self._show_hint("")
        elif text.strip():
            self.completer.popup().hide()
            self._show_hint(
                _("Nobody in the roster matches “{text}”. Add them as a newcomer below.").format(
                    text=text.strip()
                )
            )

    def _on_chosen(self, index: QModelIndex) -> None:
        member_id = index.data(Qt.ItemDataRole.UserRole)
        if member_id:
            self.check_in(int(member_id))

    def _on_return(self) -> None:
        text = self.name_edit.text().strip()
        if not text or self.meeting_id is None:
            return
        key = fold(text)
        exact = [c for c in self._candidates if key in (fold(c.name), fold(c.full_name))]
        if len(exact) == 1:
            self.check_in(exact[0].id)
        elif len(self._candidates) == 1:
            self.check_in(self._candidates[0].id)
        elif self._candidates:
            self._show_hint(_("Several people match: choose one from the list."))
            self.completer.complete()
        else:
            self.newcomer_edit.setText(text)
            self.newcomer_edit.setFocus()
            self._show_hint(
                _(
                    "Nobody in the roster matches “{text}”. Add them as a newcomer: add an organisation and email if you have them, then press Enter."
                ).format(text=text)
            )

    def check_in(self, member_id: int) -> bool:
        """Mark one member present (an undoable change) and clear the box for the next name."""
        if self.meeting_id is None:
            return False
        name = next((c.name for c in self._candidates if c.id == member_id), "")
        if not name:
            name = self.ops.read(roster.get_member, member_id).display_name
        self.name_edit.clear()
        self._candidates = []
        self.completer.popup().hide()
        row = self.model.row_of(member_id)
        if row is not None and self.model.attendee(row).status == AttendanceStatus.PRESENT:
            self._say(_("{name} is already checked in.").format(name=name))
            self.select_ids([member_id])
            return False
        ok = self.ops.push(
            cm.SetStatuses(
                self.ops,
                self.meeting_id,
                {member_id: AttendanceStatus.PRESENT},
                _("Check in {name}").format(name=name),
            )
        )
        if ok:
            self.reload()
            self.select_ids([member_id])
            self._say(_("Checked in {name}.").format(name=name))
        self.name_edit.setFocus()
        return ok

    def add_newcomer(self) -> bool:
        line = self.newcomer_edit.text().strip()
        if self.meeting_id is None or not line:
            return False
        command = cm.AddNewcomer(self.ops, self.meeting_id, line)
        if not self.ops.push(command):
            return False
        assert command.row is not None
        self.newcomer_edit.clear()
        self.reload()
        self.select_ids([command.row.id])
        self._say(
            _("Added {name} to the roster and checked them in.").format(name=command.row.name)
        )
        self.name_edit.setFocus()
        return True

    # -- quick starts ---------------------------------------------------------------------------------
    def same_as_last_time(self) -> int:
        """Mark everyone present last time as present (statuses already entered are kept)."""
        if self.meeting_id is None:
            return 0
        last = self.ops.read(attendance.same_as_last_time, self.meeting_id)
        current = {self.model.attendee(r).id for r in range(self.model.rowCount())}
        new = {mid: s for mid, s in last.items() if mid not in current}
        if not last:
            self._say(_("No earlier session has attendance recorded yet."))
            return 0
        if not new:
            self._say(_("Everyone present last time is already on this list."))
            return 0
        ok = self.ops.push(
            cm.SetStatuses(self.ops, self.meeting_id, new, _("Same attendance as last time"))
        )
        if ok:
            self.reload()
            self._say(
                ngettext(
                    "Marked {count} person present as last time: change anyone who is not here.",
                    "Marked {count} people present as last time: change anyone who is not here.",
                    len(new),
                ).format(count=window().format_number(len(new)))
            )
        return len(new) if ok else 0

    def open_paper_sheet(self) -> None:
        if self.meeting_id is None:
            return
        PaperSheetDialog(self.ops, self.meeting_id, self).exec()
        self.reload()

    # -- editing the list -----------------------------------------------------------------------------
    def mark_selected(self, status: AttendanceStatus | None) -> None:
        ids = self.selected_ids()
        if self.meeting_id is None or not ids:
            return
        if status is None:
            text = ngettext(
                "Take {count} person off the list", "Take {count} people off the list", len(ids)
            )
        else:
            text = ngettext(
                "Mark {count} person {status}", "Mark {count} people {status}", len(ids)
            )
        text = text.format(count=len(ids), status=status_label(status) if status else "")
        if self.ops.push(
            cm.SetStatuses(self.ops, self.meeting_id, dict.fromkeys(ids, status), text)
        ):
            self.reload()
            if status is not None:
                self.select_ids(ids)

    def _on_status_edit(self, member_id: int, status: AttendanceStatus) -> None:
        row = self.model.row_of(member_id)
        if self.meeting_id is None or row is None:
            return
        name = self.model.attendee(row).name
        text = _("Mark {name} {status}").format(name=name, status=status_label(status))
        if self.ops.push(cm.SetStatuses(self.ops, self.meeting_id, {member_id: status}, text)):
            self.reload()
            self.select_ids([member_id])

    def _on_kinds_edit(self, member_id: int, kinds: frozenset) -> None:
        row = self.model.row_of(member_id)
        if self.meeting_id is None or row is None:
            return
        person = self.model.attendee(row)
        if self.ops.push(
            cm.SetContributions(
                self.ops, self.meeting_id, member_id, person.contributions, kinds, person.name
            )
        ):
            self.reload()
            self.select_ids([member_id])


# -- the paper sheet ------------------------------------------------------------------------------


class PaperSheetDialog(QDialog):
    """Paste the names from a sign-in sheet; then settle the ones that matched nobody or several
    people (each is its own undoable change, grouped as one step on the undo stack)."""

    SKIP = -1
    NEWCOMER = -2

    def __init__(self, ops: Operations, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Names from a paper sheet"))
        self.ops, self.meeting_id = ops, meeting_id
        self.report: SheetMatch | None = None
        self.choices: list[tuple[str, QComboBox]] = []

        intro = QLabel(
            _("Type or paste the names written on the sign-in sheet, one per line."), self
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("paperSheetText")
        self.text.setAccessibleName(_("Names from the sheet, one per line"))
        self.text.setTabChangesFocus(True)
        intro.setBuddy(self.text)
        self.check_button = QPushButton(_("&Check them in"), self)
        self.check_button.setAccessibleName(_("Check in the names from the sheet"))
        self.check_button.clicked.connect(self.check_in)

        self.result = QLabel(self)
        self.result.setObjectName("paperSheetReport")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QWidget(self)
        self.problem_grid = QGridLayout(self.problems)
        scroll = QScrollArea(self)
        scroll.setWidget(self.problems)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.apply_button = QPushButton(_("&Apply these choices"), self)
        self.apply_button.setAccessibleName(_("Check in the people chosen for the names left"))
        self.apply_button.clicked.connect(self.apply_choices)
        self.apply_button.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(self.result)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(buttons)
        self.resize(520, 520)

    def check_in(self) -> SheetMatch | None:
        lines = [line for line in self.text.toPlainText().splitlines() if line.strip()]
        if not lines:
            self.result.setText(_("There are no names to check in yet."))
            return None
        command = cm.BulkCheckIn(self.ops, self.meeting_id, lines)
        if not self.ops.push(command) or command.report is None:
            return None
        self.report = command.report
        self._show_report(command.report)
        return command.report

    def _show_report(self, report: SheetMatch) -> None:
        matched = len({mid for _line, mid in report.matched}) - len(report.already)
        parts = [
            ngettext("Checked in {count} person.", "Checked in {count} people.", matched).format(
                count=matched
            )
        ]
        if report.already:
            parts.append(
                ngettext(
                    "{count} was already present.",
                    "{count} were already present.",
                    len(report.already),
                ).format(count=len(report.already))
            )
        if report.unmatched:
            parts.append(
                _("Nobody in the roster matches: {names}.").format(
                    names=window().format_list([f"“{n}”" for n in report.unmatched])
                )
            )
        if report.ambiguous:
            parts.append(
                _("More than one person matches: {names}.").format(
                    names=window().format_list([f"“{n}”" for n, _ids in report.ambiguous])
                )
            )
        if report.unmatched or report.ambiguous:
            parts.append(_("Choose who each of them is below, then apply."))
        self.result.setText(" ".join(parts))
        self._fill_problems(report)

    def _fill_problems(self, report: SheetMatch) -> None:
        while self.problem_grid.count():
            item = self.problem_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.choices = []
        members = {m.id: m for m in self.ops.read(roster.list_members)}
        rows: list[tuple[str, list[int], bool]] = [
            (line, list(ids), False) for line, ids in report.ambiguous
        ]
        for line in report.unmatched:
            guesses: list[int] = []
            for word in line.split():
                for c in self.ops.read(attendance.search_roster, word, 5):
                    if c.id not in guesses:
                        guesses.append(c.id)
            rows.append((line, guesses[:8], True))
        for r, (line, ids, unknown) in enumerate(rows):
            label = QLabel(f"“{line}”", self.problems)
            combo = QComboBox(self.problems)
            combo.setAccessibleName(_("Who “{line}” is").format(line=line))
            combo.addItem(_("Leave out"), self.SKIP)
            if unknown:
                combo.addItem(_("Add as a newcomer"), self.NEWCOMER)
            for mid in ids:
                if mid in members:
                    m = members[mid]
                    text = person_label(m)
                    if m.organisation:
                        text = _("{name} — {organisation}").format(
                            name=text, organisation=m.organisation
                        )
                    combo.addItem(text, mid)
            label.setBuddy(combo)
            self.problem_grid.addWidget(label, r, 0)
            self.problem_grid.addWidget(combo, r, 1)
            self.choices.append((line, combo))
        self.problem_grid.setColumnStretch(1, 1)
        self.apply_button.setVisible(bool(rows))

    def apply_choices(self) -> int:
        """Check in the people chosen for the lines left; returns how many were checked in."""
        done = 0
        stack = self.ops.undo_stack
        stack.beginMacro(_("Settle names from a paper sheet"))
        try:
            for line, combo in self.choices:
                choice = combo.currentData()
                if choice == self.SKIP:
                    continue
                if choice == self.NEWCOMER:
                    ok = self.ops.push(cm.AddNewcomer(self.ops, self.meeting_id, line))
                else:
                    ok = self.ops.push(
                        cm.SetStatuses(
                            self.ops,
                            self.meeting_id,
                            {int(choice): AttendanceStatus.PRESENT},
                            _("Check in {name}").format(name=line),
                        )
                    )
                done += int(ok)
        finally:
            stack.endMacro()
        self.result.setText(
            ngettext(
                "Checked in {count} more person.", "Checked in {count} more people.", done
            ).format(count=done)
        )
        self._fill_problems(SheetMatch())
        return done

"""The charter wizard: purpose, values, outcomes, transparency, solidarity, rhythm, then a review.

Each page validates before Next (``isComplete`` for what must be there, ``validatePage`` for what
must be right); nothing is written: on Finish :attr:`CharterWizard.result_charter` holds the
charter and the caller makes the one core call. Cancel leaves no trace. Started with an existing
charter, every page is pre-filled and outcomes keep their ids (their sessions' tags follow them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from copdesk.collation import fold
from copdesk.errors import ValidationError
from copdesk.i18n import Translator, _
from copdesk.services import charter
from copdesk.services.charter import CharterInput, FormatSnapshot, OutcomeInput, PartnerInput
from copdesk.services.formats import FormatRow
from copdesk.ui.charter_models import DraftOutcome, OutcomeDraftModel, charter_html
from copdesk.ui.date_edit import DateEdit
from copdesk.ui.form_error import FormError

PURPOSE, VALUES, OUTCOMES, TRANSPARENCY, SOLIDARITY, RHYTHM, REVIEW = range(7)


def _text_edit(parent: QWidget, name: str, placeholder: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * (lines + 1) + 8)
    return edit


def _line_edit(parent: QWidget, name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class _AddLineEdit(QLineEdit):
    """A line whose Enter adds what was typed (instead of pressing the wizard's Next)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.returnPressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.error = FormError(self)

    def cleanupPage(self) -> None:  # noqa: N802
        """Going Back keeps what was entered (QWizard would reset the fields to empty)."""

    def wiz(self) -> CharterWizard:
        wizard = self.wizard()
        assert isinstance(wizard, CharterWizard)
        return wizard


class PurposePage(_Page):
    def __init__(self) -> None:
        super().__init__(
            _("Purpose and domain"),
            _("What practice brings people together, who the community is for, and how to join."),
        )
        self.domain = _text_edit(
            self, _("What brings people together"), _("The practice members share")
        )
        self.audience = _text_edit(self, _("Who it is for"), _("Who is welcome"), 2)
        self.joining = _text_edit(self, _("How to join"), _("What a newcomer does"), 2)
        form = QFormLayout(self)
        form.addRow(_("What brings &people together:"), self.domain)
        form.addRow(_("&Who it is for:"), self.audience)
        form.addRow(_("How to &join:"), self.joining)
        form.addRow(self.error)
        for name, edit in (
            ("domain", self.domain),
            ("audience", self.audience),
            ("joining", self.joining),
        ):
            self.registerField(f"{name}*", edit, "plainText", edit.textChanged)

    def isComplete(self) -> bool:  # noqa: N802
        return all(e.toPlainText().strip() for e in (self.domain, self.audience, self.joining))


class ValuesPage(_Page):
    def __init__(self, suggestions: list[str]) -> None:
        super().__init__(
            _("Values"),
            _(
                "Start with what the group values. Choose from the suggestions or write your own, "
                "in the group's language, then put them in order."
            ),
        )
        self._next_key = 1
        self.suggestions = QListWidget(self)
        self.suggestions.setAccessibleName(_("Suggested values"))
        self.suggestions.addItems(suggestions)
        self.suggestions.itemActivated.connect(lambda item: self.add_value(item.text()))
        self.add_suggestion = QPushButton(_("&Add ›"), self)
        self.add_suggestion.setAccessibleName(_("Add the suggested value"))
        self.add_suggestion.clicked.connect(self._add_selected_suggestion)
        self.own = _AddLineEdit(self)
        self.own.setAccessibleName(_("Your own value"))
        self.own.setPlaceholderText(_("Write a value of your own"))
        self.own.returnPressed.connect(self._add_own)
        self.add_own = QPushButton(_("Add &own"), self)
        self.add_own.setAccessibleName(_("Add your own value"))
        self.add_own.clicked.connect(self._add_own)

        self.chosen = QListWidget(self)
        self.chosen.setObjectName("charterValues")
        self.chosen.setAccessibleName(_("Our values, in order"))
        self.chosen.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.chosen.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.chosen.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        model = self.chosen.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.rowsMoved, model.dataChanged):
            signal.connect(lambda *_args: self.completeChanged.emit())
        self.up_button = QPushButton(_("Move &up"), self)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = QPushButton(_("Move do&wn"), self)
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove the value"))
        self.remove_button.clicked.connect(self._remove)

        left = QVBoxLayout()
        left.addWidget(QLabel(_("Suggestions:"), self))
        left.addWidget(self.suggestions, 1)
        left.addWidget(self.add_suggestion)
        own_row = QHBoxLayout()
        own_row.addWidget(self.own, 1)
        own_row.addWidget(self.add_own)
        left.addLayout(own_row)
        right = QVBoxLayout()
        chosen_label = QLabel(_("Our &values, in order (drag, or move up and down):"), self)
        chosen_label.setBuddy(self.chosen)
        right.addWidget(chosen_label)
        right.addWidget(self.chosen, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addWidget(self.remove_button)
        right.addLayout(buttons)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)

    # the wizard's keys keep outcomes tied to a value when it is renamed or moved
    def values(self) -> list[tuple[int, str]]:
        out = []
        for i in range(self.chosen.count()):
            item = self.chosen.item(i)
            out.append((int(item.data(Qt.ItemDataRole.UserRole)), " ".join(item.text().split())))
        return out

    def add_value(self, text: str) -> int | None:
        clean = " ".join(text.split())
        if not clean:
            return None
        if fold(clean) in {fold(v) for _k, v in self.values()}:
            self.error.show_message(
                _("“{value}” is already one of the values.").format(value=clean)
            )
            return None
        self.error.clear()
        key = self._next_key
        self._next_key += 1
        item = QListWidgetItem(clean)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled)
        self.chosen.addItem(item)
        self.chosen.setCurrentItem(item)
        return key

    def _add_selected_suggestion(self) -> None:
        item = self.suggestions.currentItem()
        if item is not None:
            self.add_value(item.text())

    def _add_own(self) -> None:
        if self.add_value(self.own.text()) is not None:
            self.own.clear()
        self.own.setFocus()

    def _move(self, step: int) -> None:
        row = self.chosen.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.chosen.count():
            return
        item = self.chosen.takeItem(row)
        self.chosen.insertItem(target, item)
        self.chosen.setCurrentRow(target)

    def _remove(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)

    def isComplete(self) -> bool:  # noqa: N802
        return any(text for _k, text in self.values())

    def validatePage(self) -> bool:  # noqa: N802
        seen: set[str] = set()
        for _key, text in self.values():
            if not text:
                self.error.show_message(_("A value has no text: write it or remove it."))
                return False
            if fold(text) in seen:
                self.error.show_message(
                    _("The value “{value}” is listed twice.").format(value=text)
                )
                return False
            seen.add(fold(text))
        self.error.clear()
        return True


class OutcomesPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            _("Outcomes"),
            _(
                "From the values, the outcomes the group wants: at least one for this season and "
                "one for a year or more. Each is a process (how you work together) or a product "
                "(something you make), and serves some of the values."
            ),
        )
        self.model = OutcomeDraftModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("charterOutcomes")
        self.table.setAccessibleName(_("Outcomes"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OutcomeDraftModel.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OutcomeDraftModel.VALUES, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._load_editor())
        self.add_short = QPushButton(_("Add for this &season"), self)
        self.add_short.clicked.connect(lambda: self.add_outcome("short"))
        self.add_long = QPushButton(_("Add for a &year or more"), self)
        self.add_long.clicked.connect(lambda: self.add_outcome("long"))
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove the outcome"))
        self.remove_button.clicked.connect(self._remove)

        self.text = _line_edit(self, _("Outcome"), _("e.g. Members help each other weekly"))
        self.text.textEdited.connect(lambda _t: self._store())
        self.horizon = QComboBox(self)
        self.horizon.setAccessibleName(_("When"))
        for h in charter.HORIZONS:
            self.horizon.addItem(charter.horizon_label(h), h)
        self.horizon.activated.connect(lambda _i: self._store())
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(_("Process or product"))
        for k in charter.KINDS:
            self.kind.addItem(charter.kind_label(k), k)
        self.kind.activated.connect(lambda _i: self._store())
        self.serves = QListWidget(self)
        self.serves.setAccessibleName(_("Values it serves"))
        self.serves.itemChanged.connect(lambda _item: self._store())
        self.serves.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)

        self.warning = FormError(self)
        self.warning.setObjectName("charterNoValueWarning")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_short)
        buttons.addWidget(self.add_long)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.editor = QWidget(self)
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("&Outcome:"), self.text)
        row = QHBoxLayout()
        row.addWidget(self.horizon)
        row.addWidget(self.kind)
        row.addStretch(1)
        when = QLabel(_("W&hen and kind:"), self)
        when.setBuddy(self.horizon)  # a row of widgets gives the label no buddy of its own
        form.addRow(when, row)
        form.addRow(_("Ser&ves:"), self.serves)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.editor)
        layout.addWidget(self.hint)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        self._loading = False
        self._load_editor()

    def initializePage(self) -> None:  # noqa: N802
        self.model.set_value_names(dict(self.wiz().values_page.values()))
        if self.current_row() < 0 and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._load_editor()
        self._update_state()

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def add_outcome(self, horizon: str) -> None:
        kind = "process" if horizon == "short" else "product"
        row = self.model.append(DraftOutcome(horizon=horizon, kind=kind))
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        self._load_editor()
        self.text.setFocus()
        self._update_state()

    def _remove(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.remove(row)
            self._load_editor()
            self._update_state()

    def _load_editor(self) -> None:
        row = self.current_row()
        self.editor.setEnabled(row >= 0)
        self.remove_button.setEnabled(row >= 0)
        self._loading = True
        try:
            draft = self.model.outcome(row) if row >= 0 else DraftOutcome()
            self.text.setText(draft.text)
            self.horizon.setCurrentIndex(max(0, self.horizon.findData(draft.horizon)))
            self.kind.setCurrentIndex(max(0, self.kind.findData(draft.kind)))
            self.serves.clear()
            for key, name in self.wiz().values_page.values() if self.wizard() else []:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = key in draft.value_keys
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.serves.addItem(item)
        finally:
            self._loading = False

    def _store(self) -> None:
        row = self.current_row()
        if self._loading or row < 0:
            return
        old = self.model.outcome(row)
        keys = [
            int(self.serves.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.serves.count())
            if self.serves.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.model.update(
            row,
            DraftOutcome(
                text=self.text.text(),
                horizon=str(self.horizon.currentData()),
                kind=str(self.kind.currentData()),
                value_keys=keys,
                id=old.id,
            ),
        )
        self._update_state()

    def set_serves(self, names: list[str]) -> None:
        """Tick the values the current outcome serves (for tests and keyboard users alike)."""
        for i in range(self.serves.count()):
            item = self.serves.item(i)
            wanted = item.text() in names
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def _update_state(self) -> None:
        rows = [r for r in self.model.rows() if r.text.strip()]
        missing = []
        if not any(r.horizon == "short" for r in rows):
            missing.append(_("Add at least one outcome for this season."))
        if not any(r.horizon == "long" for r in rows):
            missing.append(_("Add at least one outcome for a year or more."))
        self.hint.setText(" ".join(missing))
        self.hint.setVisible(bool(missing))
        lonely = [r.text.strip() for r in rows if not r.value_keys]
        if lonely:
            self.warning.show_message(
                _(
                    "“{outcome}” serves no value yet. You can go on, but an outcome usually "
                    "follows from a value: tick the values it serves."
                ).format(outcome=lonely[0])
            )
        else:
            self.warning.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        rows = [r for r in self.model.rows() if r.text.strip()]
        return any(r.horizon == "short" for r in rows) and any(r.horizon == "long" for r in rows)


class TransparencyPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            _("Transparency"),
            _("How decisions are made, where notes go, who convenes and hosts, how roles rotate."),
        )
        self.decisions = _text_edit(
            self, _("How decisions are made"), _("e.g. By consent in the closing round")
        )
        self.notes_place = _line_edit(
            self, _("Where notes go"), _("e.g. The shared folder, the day after")
        )
        self.roles = _text_edit(self, _("Who convenes and hosts"), "", 2)
        self.rotation = _line_edit(
            self, _("How roles rotate"), _("e.g. Hosts change every session")
        )
        form = QFormLayout(self)
        form.addRow(_("How &decisions are made:"), self.decisions)
        form.addRow(_("Where &notes go:"), self.notes_place)
        form.addRow(_("Who &convenes and hosts:"), self.roles)
        form.addRow(_("How roles &rotate:"), self.rotation)
        form.addRow(self.error)
        self.registerField("decisions*", self.decisions, "plainText", self.decisions.textChanged)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.decisions.toPlainText().strip())


class SolidarityPage(_Page):
    NAME, GAINS = range(2)

    def __init__(self, organisations: list[str]) -> None:
        super().__init__(
            _("Solidarity"),
            _(
                "Which communities and organisations are involved, what each gains, and what the "
                "group offers back to them."
            ),
        )
        self.organisations = organisations
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("charterPartners")
        self.table.setAccessibleName(_("Communities and organisations involved"))
        self.table.setHorizontalHeaderLabels([_("Community or organisation"), _("What it gains")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            self.GAINS, QHeaderView.ResizeMode.Stretch
        )
        self.table.setColumnWidth(self.NAME, 240)
        self.known = QComboBox(self)
        self.known.setAccessibleName(_("Organisations in the roster"))
        self.known.addItems(organisations)
        self.add_known = QPushButton(_("Add from the &roster"), self)
        self.add_known.clicked.connect(lambda: self.add_partner(self.known.currentText()))
        self.known.setVisible(bool(organisations))
        self.add_known.setVisible(bool(organisations))
        self.add_row = QPushButton(_("Add &another"), self)
        self.add_row.clicked.connect(self._add_blank)
        self.remove_button = QPushButton(_("Re&move"), self)
        self.remove_button.setAccessibleName(_("Remove the community or organisation"))
        self.remove_button.clicked.connect(self._remove)
        self.offer_back = _text_edit(
            self, _("What the community offers back"), _("e.g. A free workshop each spring")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.known, 1)
        buttons.addWidget(self.add_known)
        buttons.addWidget(self.add_row)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        form = QFormLayout()
        form.addRow(_("What we &offer back:"), self.offer_back)
        layout.addLayout(form)
        layout.addWidget(self.error)

    def add_partner(self, name: str, gains: str = "") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, self.NAME, QTableWidgetItem(name))
        self.table.setItem(row, self.GAINS, QTableWidgetItem(gains))
        return row

    def _add_blank(self) -> None:
        row = self.add_partner("")
        self.table.setCurrentCell(row, self.NAME)
        self.table.editItem(self.table.item(row, self.NAME))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def partners(self) -> list[PartnerInput]:
        out = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, self.NAME)
            gains = self.table.item(row, self.GAINS)
            out.append(PartnerInput(name.text() if name else "", gains.text() if gains else ""))
        return out

    def validatePage(self) -> bool:  # noqa: N802
        for p in self.partners():
            if p.gains.strip() and not p.name.strip():
                self.error.show_message(
                    _("Every community or organisation involved needs a name."), self.table
                )
                return False
        self.error.clear()
        return True


class RhythmPage(_Page):
    def __init__(self, formats: list[FormatRow], today: dt.date) -> None:
        super().__init__(
            _("Rhythm and review"),
            _("How often and how the group meets, and when it will look at this charter again."),
        )
        self.today = today
        self.cadence = _line_edit(self, _("How often the community meets"))
        self.meeting_format = _text_edit(
            self, _("How a meeting goes"), _("e.g. Pairs first, then one member's case"), 2
        )
        self.session_format = QComboBox(self)
        self.session_format.setAccessibleName(_("Session format"))
        self.session_format.addItem(_("None"), None)
        for f in formats:
            snapshot = FormatSnapshot(
                f.name, tuple((i.title, i.duration_minutes) for i in f.items), f.planned_minutes
            )
            self.session_format.addItem(f.name, snapshot)
        self.review_on = DateEdit(self)
        self.review_on.setAccessibleName(_("Review date"))
        self.review_on.setDate(_qdate(today + dt.timedelta(days=365)))
        form = QFormLayout(self)
        form.addRow(_("We &meet:"), self.cadence)
        form.addRow(_("How a meeting &goes:"), self.meeting_format)
        form.addRow(_("Session &format:"), self.session_format)
        form.addRow(_("Re&view the charter on:"), self.review_on)
        form.addRow(self.error)
        self.registerField("cadence*", self.cadence)

    def set_snapshot(self, snapshot: FormatSnapshot | None) -> None:
        if snapshot is None:
            self.session_format.setCurrentIndex(0)
            return
        for i in range(1, self.session_format.count()):
            if self.session_format.itemData(i) == snapshot:
                self.session_format.setCurrentIndex(i)
                return
        # the charter's own copy, which the file's formats no longer match
        self.session_format.addItem(
            _("{name} (as in the charter)").format(name=snapshot.name), snapshot
        )
        self.session_format.setCurrentIndex(self.session_format.count() - 1)

    def review_date(self) -> dt.date:
        d = self.review_on.date()
        return dt.date(d.year(), d.month(), d.day())

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.cadence.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        if self.review_date() <= self.today:
            self.error.show_message(_("Choose a review date after today."), self.review_on)
            return False
        self.error.clear()
        return True


class ReviewPage(_Page):
    def __init__(self) -> None:
        super().__init__(
            _("Review"),
            _("The charter as it will print. Go back to any step to change it; Finish saves it."),
        )
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("charterReview")
        self.browser.setAccessibleName(_("The charter as it will print"))
        self.browser.setOpenLinks(False)
        self.jump_buttons: dict[int, QPushButton] = {}
        jumps = QHBoxLayout()
        jumps.addWidget(QLabel(_("Go back to:"), self))
        for page_id, label in (
            (PURPOSE, _("Purpose")),
            (VALUES, _("Values")),
            (OUTCOMES, _("Outcomes")),
            (TRANSPARENCY, _("Transparency")),
            (SOLIDARITY, _("Solidarity")),
            (RHYTHM, _("Rhythm")),
        ):
            button = QPushButton(label, self)
            button.setAccessibleName(_("Go back to {step}").format(step=label))
            button.clicked.connect(lambda _c=False, p=page_id: self.wiz().go_to(p))
            jumps.addWidget(button)
            self.jump_buttons[page_id] = button
        jumps.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(jumps)
        layout.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802
        wizard = self.wiz()
        data = wizard.charter()
        try:
            clean = charter.validate(data)
        except ValidationError as exc:
            self.error.show_message(exc.message)
            clean = data
        else:
            self.error.clear()
        self.browser.setHtml(charter_html(clean, Translator(wizard.locale)))


class CharterWizard(QWizard):
    """Write or revise the charter. Read :attr:`result_charter` after ``exec()`` is accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        locale: str,
        today: dt.date,
        start: CharterInput | None = None,
        organisations: list[str] | None = None,
        formats: list[FormatRow] | None = None,
        cadence_hint: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("charterWizard")
        self.setWindowTitle(_("Revise the charter") if start else _("Write the charter"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.locale = locale
        self.today = today
        self.result_charter: CharterInput | None = None
        self.purpose_page = PurposePage()
        self.values_page = ValuesPage(charter.suggested_values(locale))
        self.outcomes_page = OutcomesPage()
        self.transparency_page = TransparencyPage()
        self.solidarity_page = SolidarityPage(organisations or [])
        self.rhythm_page = RhythmPage(formats or [], today)
        self.review_page = ReviewPage()
        for page_id, page in (
            (PURPOSE, self.purpose_page),
            (VALUES, self.values_page),
            (OUTCOMES, self.outcomes_page),
            (TRANSPARENCY, self.transparency_page),
            (SOLIDARITY, self.solidarity_page),
            (RHYTHM, self.rhythm_page),
            (REVIEW, self.review_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(PURPOSE)
        if start is not None:
            self._load(start)
        else:
            for name in organisations or []:
                self.solidarity_page.add_partner(name)
            self.rhythm_page.cadence.setText(cadence_hint)
        self.resize(820, 620)

    def _load(self, c: CharterInput) -> None:
        p = self.purpose_page
        p.domain.setPlainText(c.domain)
        p.audience.setPlainText(c.audience)
        p.joining.setPlainText(c.joining)
        keys = {}
        for value in c.values:
            key = self.values_page.add_value(value)
            if key is not None:
                keys[fold(value)] = key
        self.values_page.chosen.setCurrentRow(-1)
        self.outcomes_page.model.set_rows(
            [
                DraftOutcome(
                    o.text,
                    o.horizon,
                    o.kind,
                    [keys[fold(v)] for v in o.values if fold(v) in keys],
                    o.id,
                )
                for o in c.outcomes
            ]
        )
        t = self.transparency_page
        t.decisions.setPlainText(c.decisions)
        t.notes_place.setText(c.notes_place)
        t.roles.setPlainText(c.roles)
        t.rotation.setText(c.rotation)
        for partner in c.partners:
            self.solidarity_page.add_partner(partner.name, partner.gains)
        self.solidarity_page.offer_back.setPlainText(c.offer_back)
        r = self.rhythm_page
        r.cadence.setText(c.cadence)
        r.meeting_format.setPlainText(c.meeting_format)
        r.set_snapshot(c.session_format)
        if c.review_on is not None:
            r.review_on.setDate(_qdate(max(c.review_on, self.today + dt.timedelta(days=1))))

    def go_to(self, page_id: int) -> None:
        """Back to an earlier step (the review page's "Go back to" buttons)."""
        while self.currentId() > page_id:
            before = self.currentId()
            self.back()
            if self.currentId() == before:
                break

    def charter(self) -> CharterInput:
        """What the pages say now (not validated)."""
        names = dict(self.values_page.values())
        outcomes = tuple(
            OutcomeInput(
                d.text,
                d.horizon,
                d.kind,
                tuple(names[k] for k in d.value_keys if k in names),
                d.id,
            )
            for d in self.outcomes_page.model.rows()
        )
        p, t, s, r = (
            self.purpose_page,
            self.transparency_page,
            self.solidarity_page,
            self.rhythm_page,
        )
        return CharterInput(
            domain=p.domain.toPlainText(),
            audience=p.audience.toPlainText(),
            joining=p.joining.toPlainText(),
            values=tuple(v for _k, v in self.values_page.values()),
            outcomes=outcomes,
            decisions=t.decisions.toPlainText(),
            notes_place=t.notes_place.text(),
            roles=t.roles.toPlainText(),
            rotation=t.rotation.text(),
            partners=tuple(s.partners()),
            offer_back=s.offer_back.toPlainText(),
            cadence=r.cadence.text(),
            meeting_format=r.meeting_format.toPlainText(),
            session_format=r.session_format.currentData(),
            review_on=r.review_date(),
        )

    def accept(self) -> None:
        try:
            clean = charter.validate(self.charter())
        except ValidationError as exc:
            self.review_page.error.show_message(exc.message)
            return
        self.result_charter = replace(clean)
        super().accept()


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)

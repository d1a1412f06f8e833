"""The Charter tab: the current charter and its versions, the outcomes in practice (sessions tagged
with them, products, idle outcomes), value stories, and a banner when the review date has come.

Every change goes through the undo stack (:mod:`copdesk.ui.charter_commands`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import CopdeskError, ValidationError
from copdesk.i18n import Translator, _, window
from copdesk.services import charter, community, formats, meetings, organisations, roster
from copdesk.ui import messages
from copdesk.ui.charter_commands import AddStory, RemoveStory, SaveCharterVersion, TagSession
from copdesk.ui.charter_models import (
    OutcomeActivityModel,
    StoryModel,
    charter_html,
    diff_html,
)
from copdesk.ui.charter_wizard import CharterWizard
from copdesk.ui.form_error import FormError
from copdesk.ui.operations import Operations
from copdesk.ui.text import date_text
from copdesk.ui.widgets import button_row, empty_label, page_or_empty, row_table


class StoryDialog(QDialog):
    """A value story: what a member told, from which session, about which outcome."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        sessions: list[meetings.MeetingRow],
        outcomes: list[charter.OutcomeRow],
        members: list[roster.MemberRow],
        outcome_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("storyDialog")
        self.setWindowTitle(_("Value story"))
        self.result_input: charter.StoryInput | None = None
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(_("Story"))
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(_("What happened, in the member's words"))
        self.cycle = QComboBox(self)
        self.cycle.setAccessibleName(_("Kind of value"))
        for c in charter.CYCLES:
            self.cycle.addItem(charter.cycle_label(c), c)
        self.session = QComboBox(self)
        self.session.setAccessibleName(_("Session"))
        for s in sessions:
            label = date_text(s.date)
            self.session.addItem(f"{label} — {s.topic}" if s.topic else label, s.id)
        self.outcome = QComboBox(self)
        self.outcome.setAccessibleName(_("Outcome"))
        for o in outcomes:
            self.outcome.addItem(o.text, o.id)
        if outcome_id is not None:
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(outcome_id)))
        self.teller = QComboBox(self)
        self.teller.setAccessibleName(_("Told by"))
        self.teller.addItem(_("(not said)"), None)
        for m in members:
            self.teller.addItem(m.display_name, m.id)
        form = QFormLayout()
        form.addRow(_("&Story:"), self.text)
        form.addRow(_("&Kind of value:"), self.cycle)
        form.addRow(_("S&ession:"), self.session)
        form.addRow(_("&Outcome:"), self.outcome)
        form.addRow(_("&Told by:"), self.teller)
        self.error = FormError(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def story_input(self) -> charter.StoryInput:
        return charter.StoryInput(
            text=self.text.toPlainText(),
            cycle=str(self.cycle.currentData()),
            meeting_id=self.session.currentData(),
            outcome_id=self.outcome.currentData(),
            member_id=self.teller.currentData(),
        )

    def accept(self) -> None:
        data = self.story_input()
        fields = {"text": self.text, "meeting_id": self.session, "outcome_id": self.outcome}
        if not data.text.strip():
            self.error.show_message(_("Write the story in a sentence or two."), self.text)
            return
        for name in ("meeting_id", "outcome_id"):
            if getattr(data, name) is None:
                message = (
                    _("Choose the session the story comes from.")
                    if name == "meeting_id"
                    else _("Choose the outcome the story is about.")
                )
                self.error.show_message(message, fields[name])
                return
        self.result_input = data
        super().accept()


class CharterPane(QWidget):
    #: a sentence for the status bar
    status_message = Signal(str)

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("charterPane")
        self.ops = ops
        self.today = today
        self.banner_dismissed = False
        self.banner_offer = False
        self.current: charter.CharterVersionRow | None = None

        # -- the review banner (non-modal) ------------------------------------------------------
        self.banner = QFrame(self)
        self.banner.setObjectName("charterReviewBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setAutoFillBackground(True)
        self.banner.setBackgroundRole(self.palette().ColorRole.AlternateBase)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        self.banner_review = QPushButton(_("Re&view the charter…"), self.banner)
        self.banner_review.clicked.connect(lambda: self.edit_charter())
        self.banner_later = QPushButton(_("Not now"), self.banner)
        self.banner_later.clicked.connect(self._dismiss_banner)
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_label, 1)
        row.addWidget(self.banner_review)
        row.addWidget(self.banner_later)
        self.banner.hide()

        # -- actions ------------------------------------------------------------------------------
        self.edit_button = QPushButton(_("&Write the charter…"), self)
        self.edit_button.setObjectName("charterEdit")
        self.edit_button.clicked.connect(lambda: self.edit_charter())
        self.pdf_button = QPushButton(_("Save as &PDF…"), self)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.export_button = QPushButton(_("E&xport…"), self)
        self.export_button.setAccessibleName(_("Export the charter"))
        self.export_button.clicked.connect(self.export_dialog)
        self.import_button = QPushButton(_("&Import…"), self)
        self.import_button.setAccessibleName(_("Import a charter"))
        self.import_button.clicked.connect(self.import_dialog)
        actions = button_row(
            self.edit_button, self.pdf_button, self.export_button, self.import_button
        )

        # -- empty state ---------------------------------------------------------------------------
        self.empty = empty_label(
            self,
            _(
                "No charter yet. A charter gives the group just enough structure: start with "
                "values, derive the outcomes you want, and say how you stay transparent and build "
                "solidarity."
            ),
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # -- the charter ---------------------------------------------------------------------------
        self.view = QTextBrowser(self)
        self.view.setObjectName("charterView")
        self.view.setAccessibleName(_("The current charter"))

        # -- versions ------------------------------------------------------------------------------
        self.versions = QListWidget(self)
        self.versions.setAccessibleName(_("Versions"))
        self.versions.currentRowChanged.connect(lambda _r: self._show_version())
        self.older = QComboBox(self)
        self.older.setAccessibleName(_("Older version"))
        self.newer = QComboBox(self)
        self.newer.setAccessibleName(_("Newer version"))
        self.side_by_side = QCheckBox(_("Side &by side"), self)
        for w in (self.older, self.newer):
            w.activated.connect(lambda _i: self._show_comparison())
        self.side_by_side.toggled.connect(lambda _c: self._show_comparison())
        self.comparison = QTextBrowser(self)
        self.comparison.setObjectName("charterComparison")
        self.comparison.setAccessibleName(_("Comparison of two versions"))
        compare_row = QHBoxLayout()
        compare_row.addWidget(QLabel(_("Compare"), self))
        compare_row.addWidget(self.older)
        compare_row.addWidget(QLabel(_("with"), self))
        compare_row.addWidget(self.newer)
        compare_row.addWidget(self.side_by_side)
        compare_row.addStretch(1)
        versions_page = QWidget(self)
        vl = QHBoxLayout(versions_page)
        vl.addWidget(self.versions, 1)
        right = QVBoxLayout()
        right.addLayout(compare_row)
        right.addWidget(self.comparison, 1)
        vl.addLayout(right, 3)

        # -- outcomes in practice --------------------------------------------------------------------
        self.activity_model = OutcomeActivityModel(self)
        self.outcomes = row_table(
            self,
            "charterActivity",
            _("Outcomes and what counted toward them"),
            self.activity_model,
            alternating=False,
            resize_mode=QHeaderView.ResizeMode.ResizeToContents,
            stretch=OutcomeActivityModel.TEXT,
        )
        self.outcomes.selectionModel().currentRowChanged.connect(lambda *_a: self._show_outcome())
        self.idle_label = QLabel(self)
        self.idle_label.setObjectName("charterIdle")
        self.idle_label.setWordWrap(True)
        self.sessions_list = QListWidget(self)
        self.sessions_list.setObjectName("charterSessions")
        self.sessions_list.setAccessibleName(_("Sessions that served this outcome"))
        self.sessions_list.itemChanged.connect(self._session_checked)
        self.products_label = QLabel(self)
        self.products_label.setWordWrap(True)
        self.products_label.setTextFormat(Qt.TextFormat.PlainText)
        detail = QWidget(self)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        sessions_caption = QLabel(_("&Sessions that served it (tick to tag):"), self)
        sessions_caption.setBuddy(self.sessions_list)
        dl.addWidget(sessions_caption)
        dl.addWidget(self.sessions_list, 1)
        dl.addWidget(self.products_label)
        outcomes_page = QWidget(self)
        ol = QVBoxLayout(outcomes_page)
        split = QSplitter(Qt.Orientation.Horizontal, outcomes_page)
        split.addWidget(self.outcomes)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        ol.addWidget(split, 1)
        ol.addWidget(self.idle_label)

        # -- value stories ----------------------------------------------------------------------------
        self.story_model = StoryModel(self)
        self.stories = row_table(
            self,
            "charterStories",
            _("Value stories"),
            self.story_model,
            alternating=False,
            resize_mode=QHeaderView.ResizeMode.ResizeToContents,
            stretch=StoryModel.TEXT,
        )
        self.add_story_button = QPushButton(_("&Add story…"), self)
        self.add_story_button.clicked.connect(self.add_story)
        self.remove_story_button = QPushButton(_("Remo&ve story"), self)
        self.remove_story_button.clicked.connect(self.remove_story)
        stories_page = QWidget(self)
        sl = QVBoxLayout(stories_page)
        sl.addWidget(self.stories, 1)
        sl.addLayout(button_row(self.add_story_button, self.remove_story_button))

        self.inner = QTabWidget(self)
        self.inner.setObjectName("charterTabs")
        self.inner.addTab(self.view, _("Charter"))
        self.inner.addTab(versions_page, _("Versions"))
        self.inner.addTab(outcomes_page, _("Outcomes in practice"))
        self.inner.addTab(stories_page, _("Value stories"))
        self.stack = page_or_empty(self, self.inner, self.empty)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(actions)
        layout.addWidget(self.stack, 1)

        self._filling = False
        ops.changed.connect(lambda _kind, _ident: self.reload())
        self.reload()

    # -- reading ------------------------------------------------------------------------------------
    def _locale(self) -> str:
        return self.ops.read(community.get_community).locale

    def reload(self) -> None:
        self.current = self.ops.read(charter.current_charter)
        has = self.current is not None
        self.stack.setCurrentWidget(self.inner if has else self.empty)
        self.edit_button.setText(_("&Edit the charter…") if has else _("&Write the charter…"))
        for w in (self.pdf_button, self.export_button):
            w.setEnabled(has)
        if self.current is not None:
            self.view.setHtml(charter_html(self.current.charter, Translator(self._locale())))
        else:
            self.view.clear()
        self._fill_versions()
        keep = self.selected_outcome_id()
        self.activity_model.set_rows(self.ops.read(charter.outcome_activity, self.today()))
        idle = [a.outcome.text for a in self._activities() if not a.active_this_season]
        self.idle_label.setText(
            _("No activity this season: {outcomes}").format(outcomes=window().format_list(idle))
            if idle
            else ""
        )
        self.idle_label.setVisible(bool(idle))
        if keep is not None:
            self.select_outcome(keep)
        elif self.activity_model.rowCount():
            self.outcomes.setCurrentIndex(self.activity_model.index(0, 0))
        self._show_outcome()
        self.story_model.set_rows(self.ops.read(charter.list_stories))
        self.add_story_button.setEnabled(bool(self.activity_model.rowCount()))
        self.remove_story_button.setEnabled(bool(self.story_model.rowCount()))
        self._update_banner()

    def _activities(self) -> list[charter.OutcomeActivity]:
        return [self.activity_model.activity(i) for i in range(self.activity_model.rowCount())]

    def offer_wizard(self) -> None:
        """After "New community": a non-modal offer to write the charter now."""
        if self.current is not None:
            return
        self.banner_offer = True
        self.banner_dismissed = False
        self.banner_label.setText(
            _(
                "A new group needs just enough structure: its values, the outcomes it wants, how "
                "it stays transparent and builds solidarity. Write the charter now?"
            )
        )
        self.banner_review.setText(_("&Write the charter…"))
        self.banner.setAccessibleName(self.banner_label.text())
        self.banner.show()
        self.banner_review.setFocus()

    def _update_banner(self) -> None:
        if self.banner_offer and self.current is None and not self.banner_dismissed:
            return  # the offer after "New community" stays until answered
        self.banner_offer = False
        self.banner_review.setText(_("Re&view the charter…"))
        due = self.ops.read(charter.review_due, self.today())
        if due is None or self.banner_dismissed:
            self.banner.hide()
            return
        self.banner_label.setText(
            _(
                "The charter's review date ({date}) has come. Run the wizard again with the "
                "current charter as the starting point?"
            ).format(date=date_text(due.review_on, "long"))
        )
        self.banner.setAccessibleName(self.banner_label.text())
        self.banner.show()

    def _dismiss_banner(self) -> None:
        self.banner_dismissed = True
        self.banner.hide()

    def _fill_versions(self) -> None:
        versions = self.ops.read(charter.list_versions)
        self.versions.blockSignals(True)
        self.versions.clear()
        for combo in (self.older, self.newer):
            combo.clear()
        for v in versions:
            label = _("Version {number} · {date}").format(
                number=v.number, date=date_text(v.saved_at.date())
            )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, v.number)
            self.versions.addItem(item)
            self.older.addItem(label, v.number)
            self.newer.addItem(label, v.number)
        self.versions.blockSignals(False)
        if len(versions) >= 2:
            self.newer.setCurrentIndex(0)
            self.older.setCurrentIndex(1)
        self._show_comparison()

    def _show_version(self) -> None:
        item = self.versions.currentItem()
        if item is None:
            return
        number = int(item.data(Qt.ItemDataRole.UserRole))
        self.newer.setCurrentIndex(self.newer.findData(number))
        if self.older.currentData() == number and self.older.count() > 1:
            self.older.setCurrentIndex(min(self.newer.currentIndex() + 1, self.older.count() - 1))
        self._show_comparison()

    def compare(self, older: int, newer: int) -> None:
        self.older.setCurrentIndex(self.older.findData(older))
        self.newer.setCurrentIndex(self.newer.findData(newer))
        self._show_comparison()

    def _show_comparison(self) -> None:
        older, newer = self.older.currentData(), self.newer.currentData()
        if older is None or newer is None:
            self.comparison.setHtml(
                "<p><i>" + _("Save a second version to compare versions.") + "</i></p>"
            )
            return
        if older == newer:
            self.comparison.setHtml("<p><i>" + _("Choose two different versions.") + "</i></p>")
            return
        diffs = self.ops.read(charter.compare_versions, older, newer)
        self.comparison.setHtml(diff_html(diffs, side_by_side=self.side_by_side.isChecked()))

    def selected_outcome_id(self) -> int | None:
        index = self.outcomes.currentIndex()
        if not index.isValid():
            return None
        return index.siblingAtColumn(0).data(OutcomeActivityModel.IdRole)

    def select_outcome(self, outcome_id: int) -> bool:
        row = self.activity_model.row_of(outcome_id)
        if row is None:
            return False
        self.outcomes.setCurrentIndex(self.activity_model.index(row, 0))
        self.outcomes.selectRow(row)
        return True

    def _show_outcome(self) -> None:
        outcome_id = self.selected_outcome_id()
        self._filling = True
        try:
            self.sessions_list.clear()
            self.sessions_list.setEnabled(outcome_id is not None)
            if outcome_id is None:
                self.products_label.clear()
                return
            activity = self.activity_model.activity(self.activity_model.row_of(outcome_id) or 0)
            tagged = {s.id for s in activity.sessions}
            rows = sorted(self.ops.read(meetings.list_meetings), key=lambda r: r.date, reverse=True)
            for r in rows:
                label = date_text(r.date)
                item = QListWidgetItem(f"{label} — {r.topic}" if r.topic else label)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if r.id in tagged else Qt.CheckState.Unchecked
                )
                self.sessions_list.addItem(item)
            products = list(dict.fromkeys(p.title for p in activity.products))
            self.products_label.setText(
                _("Products shared at those sessions: {products}").format(
                    products=window().format_list(products)
                )
                if products
                else _("No products shared at those sessions yet.")
            )
        finally:
            self._filling = False

    # -- changing ---------------------------------------------------------------------------------
    def _session_checked(self, item: QListWidgetItem) -> None:
        outcome_id = self.selected_outcome_id()
        if self._filling or outcome_id is None:
            return
        meeting_id = int(item.data(Qt.ItemDataRole.UserRole))
        tagged = item.checkState() == Qt.CheckState.Checked
        self.ops.push(TagSession(self.ops, meeting_id, outcome_id, tagged))

    def tag_session(self, meeting_id: int, outcome_id: int, tagged: bool = True) -> bool:
        return self.ops.push(TagSession(self.ops, meeting_id, outcome_id, tagged))

    def make_wizard(self, start: charter.CharterInput | None = None) -> CharterWizard:
        info = self.ops.read(community.get_community)
        t = Translator(info.locale)
        cadence = _("Every {weekday} at {time}").format(
            weekday=t.weekday_name(info.meeting_weekday), time=t.format_time(info.meeting_time)
        )
        orgs = [o.name for o in self.ops.read(organisations.connected_organisations, info.locale)]
        return CharterWizard(
            self,
            locale=info.locale,
            today=self.today(),
            start=start,
            organisations=orgs,
            formats=self.ops.read(formats.list_formats),
            cadence_hint=cadence,
        )

    def edit_charter(self, start: charter.CharterInput | None = None) -> bool:
        """Open the wizard (pre-filled with the current charter); Finish saves one version."""
        if start is None and self.current is not None:
            start = self.current.charter
        wizard = self.make_wizard(start)
        if wizard.exec() != QDialog.DialogCode.Accepted or wizard.result_charter is None:
            return False
        return self.save(wizard.result_charter)

    def save(self, data: charter.CharterInput) -> bool:
        if self.current is not None and self.current.charter == data:
            self.status_message.emit(_("The charter is unchanged; no new version was saved."))
            return False
        command = SaveCharterVersion(self.ops, data)
        if not self.ops.push(command):
            return False
        self.banner_dismissed = False
        if command.saved is not None:
            self.status_message.emit(
                _("Saved version {number} of the charter.").format(
                    number=command.saved.version.number
                )
            )
        return True

    def add_story(self) -> None:
        dialog = StoryDialog(
            self,
            sessions=sorted(
                self.ops.read(meetings.list_meetings), key=lambda r: r.date, reverse=True
            ),
            outcomes=self.ops.read(charter.list_outcomes),
            members=self.ops.read(roster.list_members),
            outcome_id=self.selected_outcome_id(),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_input is None:
            return
        self.ops.push(AddStory(self.ops, dialog.result_input))

    def remove_story(self) -> None:
        index = self.stories.currentIndex()
        if not index.isValid():
            return
        story_id = index.siblingAtColumn(0).data(StoryModel.IdRole)
        if self.ops.push(RemoveStory(self.ops, story_id)):
            self.status_message.emit(
                _("Removed the story — Undo with {shortcut}").format(
                    shortcut=messages.undo_shortcut_text()
                )
            )

    # -- files --------------------------------------------------------------------------------------
    def _folder(self) -> str:
        return str(self.ops.cfile.path.parent)

    def save_pdf(self, path: str | None = None) -> bool:
        if self.current is None:
            return False
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save the charter as PDF"),
                str(Path(self._folder()) / _("charter.pdf")),
                _("PDF files (*.pdf)"),
            )
        if not path:
            return False
        from copdesk.services import printouts

        ok, data = self.ops.run(charter.charter_pdf)
        if not ok or data is None:
            return False
        try:
            printouts.write_pdf(data, path)
        except CopdeskError as exc:
            messages.show_error(self, exc.message)
            return False
        self.status_message.emit(_("Saved the charter to {path}.").format(path=path))
        return True

    def export_dialog(self, path: str | None = None) -> bool:
        if self.current is None:
            return False
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self,
                _("Export the charter"),
                str(Path(self._folder()) / _("charter.json")),
                _("Charter files (*.json)"),
            )
        if not path:
            return False
        ok, data = self.ops.run(charter.export_charter)
        if not ok or data is None:
            return False
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            messages.show_error(
                self,
                _("The charter could not be written to {path} ({reason}).").format(
                    path=path, reason=exc.strerror or exc
                ),
            )
            return False
        self.status_message.emit(_("Exported the charter to {path}.").format(path=path))
        return True

    def import_dialog(self, path: str | None = None) -> bool:
        """Start from a charter file: checked first; a bad file is refused and nothing changes."""
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Import a charter"), self._folder(), _("Charter files (*.json)")
            )
        if not path:
            return False
        try:
            data = Path(path).read_bytes()
            parsed = charter.read_charter_file(data)
        except OSError as exc:
            messages.show_error(
                self,
                _("{path} could not be read ({reason}).").format(
                    path=path, reason=exc.strerror or exc
                ),
            )
            return False
        except ValidationError as exc:
            messages.show_error(
                self,
                _("{path} was not imported: {problem}").format(path=path, problem=exc.message),
            )
            return False
        command = SaveCharterVersion(self.ops, parsed, imported=data)
        if not self.ops.push(command):
            return False
        if command.saved is not None and not command.saved.created:
            self.status_message.emit(_("The charter is the same as the current one."))
            return False
        self.status_message.emit(_("Imported the charter."))
        return True

"""File ▸ Import members…: bring a roster in from a spreadsheet, seeing everything first.

1. Choose the file.
2. See what will happen: how the file was read (encoding and separator, both changeable), which
   column becomes which field (a list per column, to correct), the first rows, rows with problems
   by the row number a spreadsheet shows, and how many members would be added, updated or left
   as they are. Nothing is written until *Import* is pressed, and only then after a backup.
3. What was done. The import is one undoable step (Edit ▸ Undo).

Planning and writing are the core's (:func:`copdesk.services.roster_io.plan_import` and
:func:`~copdesk.services.roster_io.apply_import`); the wizard only asks and shows.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from copdesk.errors import CopdeskError, ValidationError
from copdesk.i18n import N_, _, ngettext, window
from copdesk.services import roster_io
from copdesk.ui import commands_roster
from copdesk.ui.form_error import FormError
from copdesk.ui.operations import Operations

PREVIEW_ROWS = 20

ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8", N_("UTF-8")),
    ("utf-8-sig", N_("UTF-8 with byte order mark")),
    ("utf-16", N_("UTF-16")),
    ("cp1252", N_("Windows-1252 (Western, as Excel saves)")),
    ("latin-1", N_("Latin-1 (ISO-8859-1)")),
)
DELIMITERS = (",", ";", "\t")


def recode(data: bytes, encoding: str, delimiter: str | None) -> bytes:
    """The file as the planner reads it when the user overrides encoding or separator: decoded
    with ``encoding``, split with ``delimiter`` (None: as detected), written back as UTF-8 with
    a BOM and every cell quoted, which the planner's detection reads unambiguously."""
    text = data.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if delimiter is not None:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        out = io.StringIO(newline="")
        csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(records)
        text = out.getvalue()
    return codecs.BOM_UTF8 + text.encode("utf-8")


def read_records(text: str, delimiter: str) -> list[list[str]]:
    """The rows as the planner sees them (leading blank rows dropped: the header is row 1)."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error:
        return []
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
    return records


class ImportWizard(QWizard):
    CHOOSE, PREVIEW, DONE = range(3)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(_("Import members"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.ops = ops
        self.data: bytes = b""
        self.path: Path | None = None
        self.detected_encoding = ""
        self.detected_delimiter = ""
        self.encoding: str | None = None  # None: as detected
        self.delimiter: str | None = None
        self.overrides: dict[str, str | None] = {}
        self.plan: roster_io.ImportPlan | None = None
        self.headers: list[str] = []
        self.records: list[list[str]] = []
        self.command: commands_roster.ImportMembers | None = None
        self.backup_path: Path | None = None
        self.choose_page = ChoosePage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        self.setPage(self.CHOOSE, self.choose_page)
        self.setPage(self.PREVIEW, self.preview_page)
        self.setPage(self.DONE, self.done_page)
        self.resize(860, 640)

    # -- planning (writes nothing) -----------------------------------------------------------------
    def load(self, path: Path) -> str | None:
        """Read a file; returns a problem to show, or None."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            return _("The file {path} could not be read ({reason}).").format(
                path=path, reason=exc.strerror or exc
            )
        self.path, self.data = path, data
        text, self.detected_encoding = roster_io.decode(data)
        self.detected_delimiter = roster_io.detect_delimiter(text)
        self.encoding = self.delimiter = None
        self.overrides = {}
        return self.replan()

    def effective(self) -> tuple[str, str]:
        return (
            self.encoding or self.detected_encoding,
            self.delimiter or self.detected_delimiter,
        )

    def replan(self) -> str | None:
        """Plan again with the current choices; returns a problem to show, or None."""
        encoding, delimiter = self.effective()
        if self.encoding is None and self.delimiter is None:
            data = self.data
            text, _enc = roster_io.decode(data)
        else:
            data = recode(self.data, encoding, self.delimiter)
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
            if self.delimiter is not None:
                delimiter = ","  # recode() wrote commas
        self.records = read_records(text, delimiter)
        self.headers = [h.strip() for h in self.records[0]] if self.records else []
        self.plan = None
        try:
            self.plan = self.ops.read(roster_io.plan_import, data, dict(self.overrides))
        except ValidationError as exc:
            if self.headers and not self._has_name_column():
                return _(
                    "No column holds the members’ names: choose “Name” (or first and family "
                    "name) for one of the columns below."
                )
            return exc.message
        return None

    def guessed_field(self, index: int) -> str | None:
        """What a column is imported as: from the plan, else from its header and the choices."""
        if self.plan is not None and index < len(self.plan.columns):
            return self.plan.columns[index].field
        key = str(index + 1)
        if key in self.overrides:
            return self.overrides[key]
        header = self.headers[index] if index < len(self.headers) else ""
        field = roster_io.field_for_name(header) if header else None
        if field is not None and field in self.overrides.values():
            return None
        return field

    def _has_name_column(self) -> bool:
        fields = {self.guessed_field(i) for i in range(len(self.headers))}
        return bool(fields & {"name", "given_name", "family_name"})

    def set_mapping(self, index: int, field: str | None) -> str | None:
        key = str(index + 1)
        if field is not None:
            # One column per field: a field chosen here leaves the column that had it.
            for other, target in list(self.overrides.items()):
                if other != key and target == field:
                    self.overrides[other] = None
            for i in range(len(self.headers)):
                if i != index and self.guessed_field(i) == field:
                    self.overrides[str(i + 1)] = None
        self.overrides[key] = field
        return self.replan()

    # -- importing ---------------------------------------------------------------------------------
    def take_backup(self) -> str | None:
        """A copy of the file as it is, before the import writes to it (a problem, or None)."""
        try:
            from copdesk import backups
        except ImportError:  # pragma: no cover - backups arrive with another issue
            return None
        if not hasattr(backups, "take_backup"):  # pragma: no cover
            return None
        try:
            info = backups.take_backup(self.ops.cfile.path, "before-import")
        except CopdeskError as exc:
            return _("No backup could be taken, so nothing was imported: {reason}").format(
                reason=exc.message
            )
        self.backup_path = info.path
        return None

    def run_import(self, skip_invalid: bool, progress: QProgressBar) -> str | None:
        """Write the plan (one transaction, one undoable step); returns a problem, or None."""
        plan = self.plan
        if plan is None:
            return _("There is nothing to import yet.")
        if plan.problems and not skip_invalid:
            count = plan.invalid_rows
            return ngettext(
                "Nothing was imported: {count} row has problems. Correct it, or skip it.",
                "Nothing was imported: {count} rows have problems. Correct them, or skip them.",
                count,
            ).format(count=count)
        problem = self.take_backup()
        if problem:
            return problem

        def step(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            # Repaint and stay responsive to the window system, but take no clicks meanwhile.
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

        progress.setValue(0)
        progress.show()
        command = commands_roster.ImportMembers(self.ops, plan, skip_invalid, step)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok = self.ops.push(command)
        finally:
            QApplication.restoreOverrideCursor()
        if not ok:
            return _("Nothing was imported.")
        self.command = command
        return None


class ChoosePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Choose a spreadsheet"))
        self.setSubTitle(
            _(
                "A CSV file saved from a spreadsheet or another program. You will see what "
                "would be imported before anything is."
            )
        )
        intro = QLabel(
            _(
                "The first row should name the columns (Name, Email, Organisation…, in any "
                "language copdesk speaks). Members already in the roster (same email, else same "
                "name) are updated, never added twice; empty cells never erase anything."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.path = QLineEdit(self)
        self.path.setObjectName("importPath")
        self.path.setAccessibleName(_("File to import"))
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton(_("&Browse…"), self)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.error = FormError(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        form = QFormLayout()
        label = QLabel(_("&File:"), self)
        label.setBuddy(self.path)  # a row of widgets gives the label no buddy of its own
        form.addRow(label, row)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import members from a spreadsheet"),
            self.path.text() or str(Path.home()),
            _("Spreadsheet (CSV) files (*.csv *.txt *.tsv);;All files (*)"),
        )
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        path = Path(self.path.text().strip())
        if not path.is_file():
            self.error.show_message(_("There is no file {path}.").format(path=path), self.path)
            return False
        problem = self.wiz.load(path)
        self.wiz.preview_page.problem = problem
        if problem and not self.wiz.headers:
            self.error.show_message(problem, self.path)
            return False
        self.error.clear()
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.problem: str | None = None
        self._filling = False
        self.setTitle(_("Check what will be imported"))
        self.setSubTitle(_("Nothing is written to the community until you press Import."))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Import"))

        self.encoding = QComboBox(self)
        self.encoding.setObjectName("importEncoding")
        self.encoding.setAccessibleName(_("Encoding of the file"))
        for code, label in ENCODINGS:
            self.encoding.addItem(_(label), code)
        self.encoding.activated.connect(lambda _i: self._choose_reading())
        self.delimiter = QComboBox(self)
        self.delimiter.setObjectName("importDelimiter")
        self.delimiter.setAccessibleName(_("Column separator"))
        for d in DELIMITERS:
            self.delimiter.addItem(roster_io.delimiter_name(d), d)
        self.delimiter.activated.connect(lambda _i: self._choose_reading())
        self.detected = QLabel(self)
        self.detected.setObjectName("importDetected")
        self.detected.setWordWrap(True)
        reading = QHBoxLayout()
        reading.addWidget(QLabel(_("Read as:"), self))
        reading.addWidget(self.encoding)
        reading.addWidget(QLabel(_("Columns separated by:"), self))
        reading.addWidget(self.delimiter)
        reading.addStretch(1)

        self.mapping = QTableWidget(0, 2, self)
        self.mapping.setObjectName("importMapping")
        self.mapping.setAccessibleName(_("Which column becomes which field"))
        self.mapping.setHorizontalHeaderLabels([_("Column in the file"), _("Imported as")])
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview = QTableWidget(0, 0, self)
        self.preview.setObjectName("importPreview")
        self.preview.setAccessibleName(_("The first rows of the file"))
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.counts = QLabel(self)
        self.counts.setObjectName("importCounts")
        self.counts.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setObjectName("importProblems")
        self.problems.setAccessibleName(_("Rows with problems"))
        self.skip = QCheckBox(_("&Skip the rows with problems and import the rest"), self)
        self.skip.setObjectName("importSkip")
        self.skip.toggled.connect(lambda _on: self._show_counts())
        self.error = FormError(self)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.progress.setAccessibleName(_("Import progress"))
        self.progress.hide()

        tables = QHBoxLayout()
        tables.addWidget(self.mapping, 2)
        tables.addWidget(self.preview, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(reading)
        layout.addWidget(self.detected)
        layout.addLayout(tables, 3)
        layout.addWidget(self.counts)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.skip)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)

    def initializePage(self) -> None:  # noqa: N802
        self.skip.setChecked(False)
        self.progress.hide()
        self.refresh(self.problem)

    def _choose_reading(self) -> None:
        wiz = self.wiz
        enc, delim = self.encoding.currentData(), self.delimiter.currentData()
        wiz.encoding = None if enc == wiz.detected_encoding else enc
        wiz.delimiter = None if delim == wiz.detected_delimiter else delim
        wiz.overrides = {}  # other columns: map them afresh
        self.refresh(wiz.replan())

    def choose_mapping(self, index: int, field: str | None) -> None:
        """A column's field was corrected (also what the list in the mapping table does)."""
        if self._filling:
            return
        self.refresh(self.wiz.set_mapping(index, field))

    def refresh(self, problem: str | None = None) -> None:
        wiz = self.wiz
        self._filling = True
        try:
            encoding, delimiter = wiz.effective()
            self.encoding.setCurrentIndex(max(0, self.encoding.findData(encoding)))
            self.delimiter.setCurrentIndex(max(0, self.delimiter.findData(delimiter)))
            self.detected.setText(
                _("Detected: {encoding}, columns separated by {delimiter}.").format(
                    encoding=self._encoding_label(wiz.detected_encoding),
                    delimiter=roster_io.delimiter_name(wiz.detected_delimiter),
                )
            )
            self._fill_mapping()
            self._fill_preview()
        finally:
            self._filling = False
        if problem:
            self.error.show_message(problem)
        else:
            self.error.clear()
        self._show_counts()

    def _encoding_label(self, code: str) -> str:
        for c, label in ENCODINGS:
            if c == code:
                return _(label)
        return code

    def _fill_mapping(self) -> None:
        wiz = self.wiz
        self.mapping.setRowCount(len(wiz.headers))
        for i, header in enumerate(wiz.headers):
            # Translators: a column of the imported file, by number and header ("3. Email").
            label = _("{number}. {header}").format(number=i + 1, header=header or "—")
            self.mapping.setItem(i, 0, QTableWidgetItem(label))
            combo = QComboBox(self.mapping)
            combo.setAccessibleName(_("Column {number} is imported as").format(number=i + 1))
            combo.addItem(_("(ignored)"), None)
            for field in (*roster_io.FIELDS, *roster_io.IMPORT_ONLY):
                combo.addItem(_(roster_io.FIELD_LABELS[field]), field)
            combo.setCurrentIndex(max(0, combo.findData(wiz.guessed_field(i))))
            combo.currentIndexChanged.connect(
                lambda _n, i=i, c=combo: self.choose_mapping(i, c.currentData())
            )
            self.mapping.setCellWidget(i, 1, combo)
        self.mapping.resizeRowsToContents()

    def mapping_combo(self, index: int) -> QComboBox:
        widget = self.mapping.cellWidget(index, 1)
        assert isinstance(widget, QComboBox)
        return widget

    def _fill_preview(self) -> None:
        wiz = self.wiz
        rows = wiz.records[1 : PREVIEW_ROWS + 1]
        width = max([len(wiz.headers), *(len(r) for r in rows)] or [0])
        self.preview.clear()
        self.preview.setColumnCount(width)
        self.preview.setRowCount(len(rows))
        labels = []
        for i in range(width):
            header = wiz.headers[i] if i < len(wiz.headers) else ""
            field = wiz.guessed_field(i) if i < len(wiz.headers) else None
            target = _(roster_io.FIELD_LABELS[field]) if field else _("(ignored)")
            labels.append(_("{header}\n→ {field}").format(header=header or "—", field=target))
        self.preview.setHorizontalHeaderLabels(labels)
        problem_rows = {p.row for p in wiz.plan.problems} if wiz.plan else set()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for r, record in enumerate(rows):
            number = r + 2  # as a spreadsheet numbers rows: the header is row 1
            head = QTableWidgetItem(str(number))
            if number in problem_rows:
                head.setIcon(warning)
                head.setToolTip(_("This row has a problem (see the list below)."))
            self.preview.setVerticalHeaderItem(r, head)
            for c, cell in enumerate(record):
                self.preview.setItem(r, c, QTableWidgetItem(cell))
        self.preview.resizeColumnsToContents()

    def _show_counts(self) -> None:
        plan = self.wiz.plan
        self.problems.clear()
        if plan is None:
            self.counts.clear()
            self.completeChanged.emit()
            return
        number = window().format_number
        lines = [
            ngettext("{count} new member to add", "{count} new members to add", plan.to_add),
            ngettext("{count} member to update", "{count} members to update", plan.to_update),
            ngettext(
                "{count} row already up to date", "{count} rows already up to date", plan.unchanged
            ),
        ]
        counts = (plan.to_add, plan.to_update, plan.unchanged)
        text = " · ".join(
            line.format(count=number(n)) for line, n in zip(lines, counts, strict=True)
        )
        if plan.problems:
            rows = plan.invalid_rows
            text += " · " + ngettext(
                "{count} row has problems:", "{count} rows have problems:", rows
            ).format(count=number(rows))
        self.counts.setText(text)
        for p in plan.problems:
            self.problems.addItem(roster_io.problem_line(p))
        self.problems.setVisible(bool(plan.problems))
        self.skip.setVisible(bool(plan.problems))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        plan = self.wiz.plan
        if plan is None:
            return False
        return not plan.problems or self.skip.isChecked()

    def validatePage(self) -> bool:  # noqa: N802
        for widget in (self.encoding, self.delimiter, self.mapping, self.skip):
            widget.setEnabled(False)
        try:
            problem = self.wiz.run_import(self.skip.isChecked(), self.progress)
        finally:
            for widget in (self.encoding, self.delimiter, self.mapping, self.skip):
                widget.setEnabled(True)
        if problem:
            self.progress.hide()
            self.error.show_message(problem)
            return False
        return True


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Imported"))
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skipped = QListWidget(self)
        self.skipped.setAccessibleName(_("Rows skipped"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.skipped, 1)

    def initializePage(self) -> None:  # noqa: N802
        command = self.wiz.command
        report = command.report if command else None
        if report is None:
            return
        lines = report.lines()
        head = lines[:4] if report.skipped else lines[:3]
        text = "\n".join(head)
        text += "\n\n" + _("You can undo the whole import with Edit ▸ Undo.")
        if self.wiz.backup_path is not None:
            text += "\n" + _("A copy of the file as it was before is kept in {path}.").format(
                path=self.wiz.backup_path
            )
        self.summary.setText(text)
        self.skipped.clear()
        for p in report.skipped:
            self.skipped.addItem(roster_io.problem_line(p))
        self.skipped.setVisible(bool(report.skipped))

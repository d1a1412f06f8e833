"""Print a session's printouts (agenda, sign-in sheet, name tags, pair slips), or save them as PDF.

The dialog offers the document, the paper (the community's, or A4 / Letter for this print) and, for
name tags, the label sheet. Both ways out use the same PDF from the core (in the community's
language). For paper, each PDF page is rasterised with pypdfium2 at the printer's resolution and
painted onto the QPrinter, so what comes out of the printer is exactly the PDF.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import CopdeskError
from copdesk.i18n import N_, _
from copdesk.services import community, meetings, printouts
from copdesk.ui import messages
from copdesk.ui.operations import Operations
from copdesk.ui.text import date_text

# Above this a page bitmap gets huge (A4 at 600 dpi is already ~140 MB of RGBX) for no visible gain.
MAX_RASTER_DPI = 600


DOCUMENT_NAMES = {
    "agenda": N_("Agenda"),
    "signin": N_("Sign-in sheet"),
    "nametags": N_("Name tags"),
    "slips": N_("Pair slips"),
}
# Translators: file names of saved printouts; keep {date} (e.g. 2026-03-03) and ".pdf".
FILE_NAMES = {
    "agenda": N_("agenda-{date}.pdf"),
    "signin": N_("sign-in-{date}.pdf"),
    "nametags": N_("name-tags-{date}.pdf"),
    "slips": N_("pair-slips-{date}.pdf"),
}
LAYOUT_NAMES = {
    "l7163": N_("Avery L7163 (A4, 2 × 7 labels)"),
    "5163": N_("Avery 5163 (Letter, 2 × 5 labels)"),
    "a4-2x4": N_("A4, 2 × 4 labels"),
    "letter-2x4": N_("Letter, 2 × 4 labels"),
}


def document_pdf(
    parent: QWidget,
    ops: Operations,
    meeting_id: int,
    kind: str = "agenda",
    *,
    paper: str | None = None,
    layout: str | None = None,
) -> bytes | None:
    """A printout's PDF, or None after telling the user why there is none."""
    try:
        ok, data = ops.run(
            lambda db: printouts.document_pdf(db, kind, meeting_id, paper=paper, layout=layout)
        )
    except ImportError:  # a copy of copdesk built without the printout module
        messages.show_error(parent, _("This copy of copdesk cannot make printouts."))
        return None
    return data if ok else None


def agenda_pdf(parent: QWidget, ops: Operations, meeting_id: int) -> bytes | None:
    """The agenda PDF, or None after telling the user why there is none."""
    return document_pdf(parent, ops, meeting_id, "agenda")


def default_pdf_path(ops: Operations, meeting_id: int, kind: str = "agenda") -> str:
    m = ops.read(meetings.get_meeting, meeting_id).meeting
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = _(FILE_NAMES[kind]).format(date=m.date.isoformat())
    return str(Path(folder or Path.home()) / name)


def save_as_pdf(
    parent: QWidget,
    ops: Operations,
    meeting_id: int,
    kind: str = "agenda",
    *,
    paper: str | None = None,
    layout: str | None = None,
) -> Path | None:
    """Ask where to save, write the PDF, then open it in the user's PDF viewer."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        # Translators: title of the file dialog, {document} is e.g. "Sign-in sheet"
        _("Save {document} as PDF").format(document=_(DOCUMENT_NAMES[kind]).lower())
        if kind != "agenda"
        else _("Save agenda as PDF"),
        default_pdf_path(ops, meeting_id, kind),
        _("PDF documents (*.pdf)"),
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    data = document_pdf(parent, ops, meeting_id, kind, paper=paper, layout=layout)
    if data is None:
        return None
    try:
        written = printouts.write_pdf(data, target)
    except CopdeskError as exc:
        messages.show_error(parent, exc.message)
        return None
    except OSError as exc:
        messages.show_error(
            parent,
            _("The PDF could not be saved ({reason}).").format(reason=exc.strerror or exc),
        )
        return None
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
    return written


def ask_printer(parent: QWidget, printer: QPrinter) -> bool:
    """The system print dialog; True if the user chose to print (tests replace this)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_agenda(
    parent: QWidget,
    ops: Operations,
    meeting_id: int,
    kind: str = "agenda",
    *,
    paper: str | None = None,
    layout: str | None = None,
) -> bool:
    """Print a session's printout (the agenda unless ``kind`` says otherwise) on paper."""
    data = document_pdf(parent, ops, meeting_id, kind, paper=paper, layout=layout)
    if data is None:
        return False
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(_(DOCUMENT_NAMES[kind]))
        if len(pdf):
            width, height = pdf[0].get_size()
            printer.setPageSize(
                QPageSize(
                    QSizeF(width, height),
                    QPageSize.Unit.Point,
                    "",
                    QPageSize.SizeMatchPolicy.FuzzyMatch,
                )
            )
        if not ask_printer(parent, printer):
            return False
        try:
            paint_pdf(pdf, printer)
        except CopdeskError as exc:
            messages.show_error(parent, exc.message)
            return False
        return True
    finally:
        pdf.close()


print_document = print_agenda


def paint_pdf(pdf: object, printer: QPrinter) -> None:
    """Paint every page of a pypdfium2 document onto the printer at its true size."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise CopdeskError(_("The printer could not be started."))
    try:
        dpi = printer.resolution()
        raster_dpi = min(dpi, MAX_RASTER_DPI)
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for number, page in enumerate(pdf):  # type: ignore[call-overload]
            if number:
                printer.newPage()
            width_pt, height_pt = page.get_size()
            bitmap = page.render(scale=raster_dpi / 72, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            )
            # The PDF's own size in device pixels; shrink only if the chosen paper is smaller.
            w, h = width_pt * dpi / 72, height_pt * dpi / 72
            fit = min(1.0, paper.width() / w, paper.height() / h)
            painter.drawImage(QRectF(0, 0, w * fit, h * fit), image)
            del image  # it borrows the bitmap's memory
            bitmap.close()
            page.close()
    finally:
        painter.end()


class PrintAgendaDialog(QDialog):
    """The printouts of one session: choose the document and paper, then a PDF file or paper."""

    def __init__(
        self, parent: QWidget, ops: Operations, meeting_id: int, kind: str = "agenda"
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printAgendaDialog")
        self.setWindowTitle(_("Print"))
        self.ops, self.meeting_id = ops, meeting_id
        m = ops.read(meetings.get_meeting, meeting_id).meeting
        what = date_text(m.date, "full")
        if m.topic:
            # Translators: which session's agenda is printed, e.g. "Tuesday, 3 March 2026: Mapping".
            what = _("{date}: {topic}").format(date=what, topic=m.topic)
        # Translators: at the top of the print dialog, {session} is the session's date and topic
        label = QLabel(_("Printouts for {session}.").format(session=what), self)
        label.setWordWrap(True)

        self.document_box = QComboBox(self)
        self.document_box.setObjectName("printDocument")
        for key, name in DOCUMENT_NAMES.items():
            self.document_box.addItem(_(name), key)
        self.document_box.setCurrentIndex(max(0, self.document_box.findData(kind)))
        self.paper_box = QComboBox(self)
        self.paper_box.setObjectName("printPaper")
        default = ops.read(lambda db: community.paper_for(community.get_community(db)))
        # Translators: paper choice in the print dialog, {paper} is "A4" or "Letter"
        self.paper_box.addItem(
            _("The community's ({paper})").format(paper=_paper_name(default)), None
        )
        self.paper_box.addItem(_paper_name("a4"), "a4")
        self.paper_box.addItem(_paper_name("letter"), "letter")
        self.layout_box = QComboBox(self)
        self.layout_box.setObjectName("printLayout")
        self.layout_box.addItem(_("The usual sheet for the paper"), None)
        for key, name in LAYOUT_NAMES.items():
            self.layout_box.addItem(_(name), key)
        form = QFormLayout()
        form.addRow(_("&Document:"), self.document_box)
        form.addRow(_("P&aper:"), self.paper_box)
        form.addRow(_("&Labels:"), self.layout_box)
        self.document_box.currentIndexChanged.connect(self._update)
        self.layout_box.currentIndexChanged.connect(self._update)

        self.pdf_button = QPushButton(_("&Save as PDF…"), self)
        self.pdf_button.setAccessibleName(_("Save as PDF"))
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setAccessibleName(_("Print"))
        self.print_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_paper)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.saved_path: Path | None = None
        self._update()

    @property
    def kind(self) -> str:
        return self.document_box.currentData()

    def options(self) -> dict:
        """The paper and label sheet chosen (None: the default)."""
        layout = self.layout_box.currentData() if self.kind == "nametags" else None
        paper = self.paper_box.currentData()
        if layout is not None:
            paper = None  # a label sheet has its own paper
        return {"paper": paper, "layout": layout}

    def _update(self) -> None:
        tags = self.kind == "nametags"
        self.layout_box.setEnabled(tags)
        self.paper_box.setEnabled(not (tags and self.layout_box.currentData() is not None))

    def save_pdf(self) -> None:
        self.saved_path = save_as_pdf(self, self.ops, self.meeting_id, self.kind, **self.options())
        if self.saved_path:
            self.accept()

    def print_paper(self) -> None:
        if print_agenda(self, self.ops, self.meeting_id, self.kind, **self.options()):
            self.accept()


PrintDialog = PrintAgendaDialog


def _paper_name(paper: str) -> str:
    # Translators: paper sizes in the print dialog
    return _("A4") if paper == "a4" else _("Letter")

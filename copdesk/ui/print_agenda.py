"""Print a session's agenda, or save it as PDF.

Both paths use the same PDF from the core (in the community's language and paper size). For paper,
each PDF page is rasterised with pypdfium2 at the printer's resolution and painted onto the
QPrinter, so what comes out of the printer is exactly the PDF.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from copdesk.errors import CopdeskError
from copdesk.i18n import _
from copdesk.services import meetings, printouts
from copdesk.ui import messages
from copdesk.ui.operations import Operations
from copdesk.ui.text import date_text

# Above this a page bitmap gets huge (A4 at 600 dpi is already ~140 MB of RGBX) for no visible gain.
MAX_RASTER_DPI = 600


def agenda_pdf(parent: QWidget, ops: Operations, meeting_id: int) -> bytes | None:
    """The agenda PDF, or None after telling the user why there is none."""
    try:
        ok, data = ops.run(lambda db: printouts.agenda_pdf(db, meeting_id))
    except ImportError:  # a copy of copdesk built without the printout module
        messages.show_error(parent, _("This copy of copdesk cannot make printouts."))
        return None
    return data if ok else None


def default_pdf_path(ops: Operations, meeting_id: int) -> str:
    m = ops.read(meetings.get_meeting, meeting_id).meeting
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    # Translators: file name of a saved agenda; keep {date} (e.g. 2026-03-03) and ".pdf".
    name = _("agenda-{date}.pdf").format(date=m.date.isoformat())
    return str(Path(folder or Path.home()) / name)


def save_as_pdf(parent: QWidget, ops: Operations, meeting_id: int) -> Path | None:
    """Ask where to save, write the PDF, then open it in the user's PDF viewer."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Save agenda as PDF"),
        default_pdf_path(ops, meeting_id),
        _("PDF documents (*.pdf)"),
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    data = agenda_pdf(parent, ops, meeting_id)
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
            _("The agenda could not be saved ({reason}).").format(reason=exc.strerror or exc),
        )
        return None
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
    return written


def ask_printer(parent: QWidget, printer: QPrinter) -> bool:
    """The system print dialog; True if the user chose to print (tests replace this)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print agenda"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_agenda(parent: QWidget, ops: Operations, meeting_id: int) -> bool:
    data = agenda_pdf(parent, ops, meeting_id)
    if data is None:
        return False
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(_("Agenda"))
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
    """Two ways out for one session's agenda: a PDF file, or paper."""

    def __init__(self, parent: QWidget, ops: Operations, meeting_id: int) -> None:
        super().__init__(parent)
        self.setObjectName("printAgendaDialog")
        self.setWindowTitle(_("Print agenda"))
        self.ops, self.meeting_id = ops, meeting_id
        m = ops.read(meetings.get_meeting, meeting_id).meeting
        what = date_text(m.date, "full")
        if m.topic:
            # Translators: which session's agenda is printed, e.g. "Tuesday, 3 March 2026: Mapping".
            what = _("{date}: {topic}").format(date=what, topic=m.topic)
        label = QLabel(_("The agenda of {session}.").format(session=what), self)
        label.setWordWrap(True)
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
        layout.addWidget(buttons)
        self.saved_path: Path | None = None

    def save_pdf(self) -> None:
        self.saved_path = save_as_pdf(self, self.ops, self.meeting_id)
        if self.saved_path:
            self.accept()

    def print_paper(self) -> None:
        if print_agenda(self, self.ops, self.meeting_id):
            self.accept()

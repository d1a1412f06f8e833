"""Print agenda…: a PDF file the user can open, and paper that is the same PDF rasterised."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from copdesk.ui import print_agenda
from copdesk.ui.print_agenda import PrintAgendaDialog
from tests.ui.conftest import answer_dialog, click

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("copdesk.reports.agenda") is None,
    reason="the agenda renderer (copdesk/reports/agenda.py) is not there yet",
)


@pytest.fixture
def planned(qtbot, window):  # noqa: ANN001, ANN201
    """The window with one planned session (Tuesday 2026-03-03, 18:00, default agenda)."""
    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    return window


def test_save_as_pdf_writes_and_opens_it(qtbot, planned, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    target = tmp_path / "out" / "agenda"  # no suffix: the window adds .pdf
    target.parent.mkdir()
    asked: list[str] = []
    opened: list[str] = []

    def fake_save(_parent, _title, suggested, _filter):  # noqa: ANN001, ANN202
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()))
    )

    def fill(dialog: PrintAgendaDialog) -> None:
        assert isinstance(dialog, PrintAgendaDialog)
        click(qtbot, dialog.pdf_button)

    answer_dialog(qtbot, planned.print_action.trigger, fill)

    pdf = target.with_name("agenda.pdf")
    assert opened == [str(pdf)]
    assert asked[0].endswith("agenda-2026-03-03.pdf")
    text = pypdf.PdfReader(pdf).pages[0].extract_text()
    # Clock times of the default agenda, on a 12- or 24-hour clock (the renderer's choice).
    for h12, h24 in (("6:05", "18:05"), ("6:15", "18:15"), ("7:05", "19:05"), ("7:15", "19:15")):
        assert h12 in text or h24 in text
    assert "Random pairs" in text


def test_print_paints_the_same_pdf_onto_the_printer(qtbot, planned, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    out = tmp_path / "printed.pdf"

    def to_file(_parent, printer: QPrinter) -> bool:  # noqa: ANN001
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(150)  # keep the test quick
        return True

    monkeypatch.setattr(print_agenda, "ask_printer", to_file)
    meeting_id = planned.sessions.selected_id()
    assert print_agenda.print_agenda(planned, planned.ops, meeting_id)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    # An English (US) community prints on Letter: 612 × 792 points.
    assert abs(float(box.width) - 612) < 2 and abs(float(box.height) - 792) < 2
    assert "/XObject" in str(reader.pages[0]["/Resources"])  # the page is the rasterised agenda


def test_print_with_nothing_planned_says_so(qtbot, window) -> None:  # noqa: ANN001
    window.print_action.trigger()
    assert window.statusBar().currentMessage() == "There is no session to print yet."


def test_pdf_not_written_when_cancelled(qtbot, planned, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    opened: list[object] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    assert print_agenda.save_as_pdf(planned, planned.ops, planned.sessions.selected_id()) is None
    assert opened == []

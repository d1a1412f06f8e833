"""The print dialog offers every printout of a session, and the paper and label sheet."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from copdesk.ui import print_agenda
from copdesk.ui.print_agenda import PrintAgendaDialog
from tests.ui.conftest import answer_dialog, click


@pytest.fixture
def planned(qtbot, window):  # noqa: ANN001, ANN201
    window.tabs.setCurrentWidget(window.sessions)
    click(qtbot, window.sessions.new_button)
    return window


def _save_to(monkeypatch, target: Path, opened: list[str]) -> None:  # noqa: ANN001
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(target), "")))
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()))
    )


def test_dialog_offers_every_document(qtbot, planned) -> None:  # noqa: ANN001
    dialog = PrintAgendaDialog(planned, planned.ops, planned.sessions.selected_id())
    qtbot.addWidget(dialog)
    keys = [dialog.document_box.itemData(i) for i in range(dialog.document_box.count())]
    assert keys == ["agenda", "signin", "nametags", "slips"]
    assert not dialog.layout_box.isEnabled()
    dialog.document_box.setCurrentIndex(keys.index("nametags"))
    assert dialog.layout_box.isEnabled()
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("l7163"))
    assert not dialog.paper_box.isEnabled()
    assert dialog.options() == {"paper": None, "layout": "l7163"}


def test_save_sign_in_sheet_on_a4(qtbot, planned, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    target = tmp_path / "sheet.pdf"
    opened: list[str] = []
    _save_to(monkeypatch, target, opened)

    def fill(dialog: PrintAgendaDialog) -> None:
        dialog.document_box.setCurrentIndex(dialog.document_box.findData("signin"))
        dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("a4"))
        click(qtbot, dialog.pdf_button)

    answer_dialog(qtbot, planned.print_action.trigger, fill)
    assert opened == [str(target)]
    reader = pypdf.PdfReader(target)
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4, not the community's Letter
    assert "Sign-in sheet" in reader.pages[0].extract_text()


def test_print_name_tags(qtbot, planned, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    out = tmp_path / "printed.pdf"

    def to_file(_parent, printer: QPrinter) -> bool:  # noqa: ANN001
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(100)
        return True

    monkeypatch.setattr(print_agenda, "ask_printer", to_file)
    meeting_id = planned.sessions.selected_id()
    assert print_agenda.print_agenda(planned, planned.ops, meeting_id, "nametags")
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert abs(float(box.width) - 612) < 2  # English (US): Avery 5163 on Letter


def test_slips_without_pairs_say_why(qtbot, planned, errors_shown) -> None:  # noqa: ANN001
    meeting_id = planned.sessions.selected_id()
    assert print_agenda.document_pdf(planned, planned.ops, meeting_id, "slips") is None
    assert errors_shown and "not been drawn" in errors_shown[-1]

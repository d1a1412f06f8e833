"""The Participation tab on the demo community: charts with their tables, journeys, the reach-out
list (mark contacted, undo), CSV and PDF, the rules; and its models under qtmodeltester."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialog, QTextBrowser

from copdesk.db import open_community
from copdesk.services import participation
from copdesk.ui.participation_models import NumbersModel, ReachOutModel
from tests.ui.conftest import TODAY, answer_dialog, click


@pytest.fixture
def demo_path(demo_copy) -> Path:  # noqa: ANN001
    return demo_copy(today=TODAY)


@pytest.fixture
def pane(qtbot, demo_path: Path):  # noqa: ANN001, ANN201
    from copdesk.ui.main_window import MainWindow

    w = MainWindow(today=lambda: TODAY)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    assert w.open_path(demo_path)
    w.participation_tab_action.trigger()
    assert w.tabs.currentWidget() is w.participation
    yield w.participation
    w.close()


def overview(path: Path) -> participation.Overview:
    with open_community(path) as cfile, cfile.session() as db:
        return participation.overview(db, TODAY)


def test_models_pass_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    model = NumbersModel(["Text", "Number", "Date", "Missing"])
    model.set_rows(
        [("Ana", 3, dt.date(2026, 1, 2), None), ("Bo", 2.5, dt.date(2026, 1, 9), 4)], ids=[7, 9]
    )
    qtmodeltester.check(model)
    assert model.data(model.index(0, 3)) == "–"
    assert model.data(model.index(1, 1)) == "2.5"
    assert model.data(model.index(1, 0), NumbersModel.IdRole) == 9
    row = participation.ReachOutRow(
        member_id=3,
        name="Ana",
        why="",
        why_tags=("meet people",),
        last_present=dt.date(2026, 1, 2),
        visits=4,
        missed=5,
        usual_gap=2,
        may_contact=True,
        email="",
        phone="",
        contacts=(
            participation.ContactNote(1, 3, dt.date(2026, 2, 1), "called"),
            participation.ContactNote(2, 3, dt.date(2026, 2, 20), "texted"),
        ),
    )
    reach = ReachOutModel()
    reach.set_people([row])
    qtmodeltester.check(reach)
    assert reach.data(reach.index(0, ReachOutModel.RHYTHM)) == "every 2 sessions"
    assert reach.data(reach.index(0, ReachOutModel.WHY)) == "meet people"
    assert reach.data(reach.index(0, ReachOutModel.CONTACTED)) == "Feb 20, 2026 (2 times)"
    assert reach.data(reach.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "texted"


def test_pane_shows_the_same_numbers_as_the_core(pane, demo_path: Path) -> None:  # noqa: ANN001
    ov = overview(demo_path)
    chart = pane.attendance_panel.chart
    assert chart.series[0].values == tuple(p.present for p in ov.sessions)
    assert chart.band[1] == (ov.sessions[1].forecast_low, ov.sessions[1].forecast_high)
    model = pane.attendance_panel.model
    assert model.rowCount() == len(ov.sessions)
    assert [model.raw(r, 1) for r in range(model.rowCount())] == [p.present for p in ov.sessions]
    arrivals = pane.arrivals_panel.chart.series
    assert arrivals[0].values == tuple(p.newcomers for p in ov.sessions)
    assert arrivals[1].values == tuple(p.returners for p in ov.sessions)
    assert arrivals[0].pattern != arrivals[1].pattern  # never colour alone
    assert f"Newcomers: {ov.newcomers}" in pane.summary.text()
    assert "in a row" in pane.summary.text()
    assert pane.reach_model.rowCount() == len(ov.reach_out)
    assert pane.presenters_model.rowCount() == sum(len(p.topics) for p in ov.presenters)
    # Chart | Table
    pane.attendance_panel.show_table()
    assert pane.attendance_panel.tabs.currentWidget() is pane.attendance_panel.table
    assert "Present: from" in chart.accessibleDescription()
    # every page paints, in a dark palette and right to left too
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
    ):
        dark.setColor(role, QColor(colour))
    pane.setPalette(dark)
    pane.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    for i in range(pane.pages.count()):
        pane.pages.setCurrentIndex(i)
        assert not pane.grab().isNull()
    image = chart.grab().toImage()
    assert QColor(image.pixel(image.width() // 2, 5)).lightness() < 80  # dark background


def test_period_changes_the_numbers(pane) -> None:  # noqa: ANN001
    total = pane.attendance_panel.model.rowCount()
    pane.start.setDate(pane.end.date().addDays(-14))
    assert 0 < pane.attendance_panel.model.rowCount() < total
    pane.all_button.click()
    assert pane.attendance_panel.model.rowCount() == total


def test_the_window_shows_it_is_busy_while_the_numbers_are_computed(pane, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    from copdesk.ui import participation_pane

    seen = []
    real = participation.overview

    def watched(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        cursor = QApplication.overrideCursor()
        seen.append(None if cursor is None else cursor.shape())
        return real(*args, **kwargs)

    monkeypatch.setattr(participation_pane.participation, "overview", watched)
    pane.reload()
    assert seen == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None  # restored afterwards


def test_journey_strip_is_keyboard_usable(pane, qtbot) -> None:  # noqa: ANN001
    pane.pages.setCurrentIndex(1)
    assert pane.members_model.rowCount() > 0
    pane._select(pane.members_view, 0)
    strip = pane.strip
    assert strip.cells
    last = pane.mark_text.text()
    strip.setFocus()
    qtbot.keyClick(strip, Qt.Key.Key_Home)
    assert strip.current == 0
    assert pane.mark_text.text() != last
    qtbot.keyClick(strip, Qt.Key.Key_Right)
    assert strip.current == 1
    assert strip.accessibleDescription() == pane.mark_text.text()
    assert pane.marks_model.rowCount() == len(strip.cells)


def test_reach_out_mark_contacted_and_undo(pane, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    pane.pages.setCurrentWidget(pane.reach_page)
    person = pane.reach_model.person(0)
    pane._select(pane.reach_view, 0)
    with open_community(demo_path) as cfile, cfile.session() as db:
        # The demo may already hold a call to this person; the new one is added to it.
        before = [(n.on_date, n.note) for n in participation.contact_history(db, person.member_id)]

    def fill(dialog: QDialog) -> None:
        dialog.note.setText("Called; back in May")
        dialog.accept()

    answer_dialog(qtbot, pane.mark_contacted, fill)
    with open_community(demo_path) as cfile, cfile.session() as db:
        notes = participation.contact_history(db, person.member_id)
    assert sorted((n.on_date, n.note) for n in notes) == sorted(
        [*before, (TODAY, "Called; back in May")]
    )
    # still on the list (nothing is removed automatically), now with the date
    row = pane.reach_model.row_of(person.member_id)
    assert row is not None
    contacted = pane.reach_model.data(pane.reach_model.index(row, ReachOutModel.CONTACTED))
    assert contacted.startswith("Mar 2, 2026")
    assert "Called; back in May" in pane.contacts_list.item(0).text()
    pane.ops.undo_stack.undo()
    with open_community(demo_path) as cfile, cfile.session() as db:
        after_undo = participation.contact_history(db, person.member_id)
        assert [(n.on_date, n.note) for n in after_undo] == before
    assert pane.reach_model.row_of(person.member_id) is not None
    pane.ops.undo_stack.redo()
    with open_community(demo_path) as cfile, cfile.session() as db:
        assert len(participation.contact_history(db, person.member_id)) == len(before) + 1


def test_rules_csv_and_pdf(pane, tmp_path: Path, qtbot) -> None:  # noqa: ANN001
    seen: list[str] = []

    def read(dialog: QDialog) -> None:
        seen.append(dialog.findChild(QTextBrowser).toPlainText())
        dialog.reject()

    answer_dialog(qtbot, lambda: click(qtbot, pane.help_button), read)
    assert "travels for months" in seen[0] and "Shared:" in seen[0]
    out = pane.export_csv("attendance.csv", str(tmp_path / "a.csv"))
    assert out is not None and out.read_text(encoding="utf-8-sig").startswith("Date,Present")
    written = pane.export_all(str(tmp_path))
    assert len(written) == 7
    pdf = pane.save_report(str(tmp_path / "r.pdf"))
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")

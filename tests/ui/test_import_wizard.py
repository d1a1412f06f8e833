"""The import wizard on a messy spreadsheet: see first, correct, refuse or skip, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from copdesk.services import roster
from copdesk.ui.import_wizard import ImportWizard

# What Excel on a Spanish Windows saves: Windows-1252, ";" between cells, CRLF. Row 3 has a bad
# email; the last column has a header copdesk does not know.
MESSY = (
    "Nombre;Correo electrónico;Entidad;Puede enseñar;Comentario libre\r\n"
    "José Ramírez;jose@example.org;Universidad Popular;cerámica;viene en bici\r\n"
    "Zoë Adams;zoe(at)example.org;Makerspace;;\r\n"
    'Ana Müller;ana@example.org;Makerspace;"soldadura; Python";\r\n'
).encode("cp1252")


@pytest.fixture
def messy_csv(tmp_path: Path) -> Path:
    path = tmp_path / "socios.csv"
    path.write_bytes(MESSY)
    return path


def open_wizard(qtbot, window, path: Path) -> ImportWizard:  # noqa: ANN001
    wizard = ImportWizard(window.ops, window.roster)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose_page.path.setText(str(path))
    wizard.next()
    assert wizard.currentId() == ImportWizard.PREVIEW
    return wizard


def test_preview_shows_how_the_file_was_read_and_its_problems(
    qtbot, window, messy_csv, community_path
) -> None:  # noqa: ANN001
    before = community_path.read_bytes()
    wizard = open_wizard(qtbot, window, messy_csv)
    page = wizard.preview_page
    assert page.encoding.currentData() == "cp1252"
    assert page.delimiter.currentData() == ";"
    assert "Windows-1252" in page.detected.text() and "semicolon" in page.detected.text()
    # The first rows, numbered as a spreadsheet numbers them, accents read right.
    assert page.preview.rowCount() == 3
    assert page.preview.item(0, 0).text() == "José Ramírez"
    assert page.preview.verticalHeaderItem(1).text() == "3"
    assert not page.preview.verticalHeaderItem(1).icon().isNull()  # the row with a problem
    problems = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert len(problems) == 1 and problems[0].startswith("Row 3:")
    assert "zoe(at)example.org" in problems[0]
    assert "2 new members to add" in page.counts.text()
    assert "1 row has problems" in page.counts.text()
    # Column 5 is not known: ignored until the user says what it is.
    assert page.mapping_combo(4).currentData() is None
    assert wizard.plan.columns[2].field == "organisation"
    # Nothing was written by looking.
    assert community_path.read_bytes() == before


def test_correcting_a_column_changes_the_preview(qtbot, window, messy_csv) -> None:  # noqa: ANN001
    wizard = open_wizard(qtbot, window, messy_csv)
    page = wizard.preview_page
    combo = page.mapping_combo(4)
    combo.setCurrentIndex(combo.findData("notes"))
    assert wizard.plan.columns[4].field == "notes"
    assert "Notes" in page.preview.horizontalHeaderItem(4).text()
    # A field chosen for a second column leaves the first one.
    combo = page.mapping_combo(3)
    combo.setCurrentIndex(combo.findData("notes"))
    assert wizard.plan.columns[3].field == "notes" and wizard.plan.columns[4].field is None
    # Without a name column the wizard says what to do, in the window's words.
    combo = page.mapping_combo(0)
    combo.setCurrentIndex(0)  # ignored
    assert wizard.plan is None
    assert "choose “Name”" in page.error.text()
    assert not page.isComplete()
    combo.setCurrentIndex(combo.findData("name"))
    assert wizard.plan is not None and not page.error.isVisible()


def test_changing_encoding_and_separator(qtbot, window, messy_csv) -> None:  # noqa: ANN001
    wizard = open_wizard(qtbot, window, messy_csv)
    page = wizard.preview_page
    page.delimiter.setCurrentIndex(page.delimiter.findData(","))
    page.delimiter.activated.emit(page.delimiter.currentIndex())
    assert page.mapping.rowCount() == 1  # one column: the whole line
    page.delimiter.setCurrentIndex(page.delimiter.findData(";"))
    page.delimiter.activated.emit(page.delimiter.currentIndex())
    assert page.mapping.rowCount() == 5
    page.encoding.setCurrentIndex(page.encoding.findData("latin-1"))
    page.encoding.activated.emit(page.encoding.currentIndex())
    assert page.preview.item(0, 0).text() == "José Ramírez"  # same letters in Latin-1
    assert wizard.plan is not None and wizard.plan.to_add == 2


def test_refused_import_writes_nothing(qtbot, window, messy_csv, community_path) -> None:  # noqa: ANN001
    before = community_path.read_bytes()
    wizard = open_wizard(qtbot, window, messy_csv)
    page = wizard.preview_page
    assert not page.isComplete()  # Import is not offered while rows have problems
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()  # even if asked: refused
    assert wizard.currentId() == ImportWizard.PREVIEW
    assert "Nothing was imported: 1 row has problems" in page.error.text()
    assert community_path.read_bytes() == before
    assert window.ops.undo_stack.count() == 0


def test_skip_invalid_imports_the_rest_and_undo(qtbot, window, messy_csv, read_file) -> None:  # noqa: ANN001
    wizard = open_wizard(qtbot, window, messy_csv)
    page = wizard.preview_page
    page.skip.setChecked(True)
    assert page.isComplete()
    wizard.next()
    assert wizard.currentId() == ImportWizard.DONE
    assert page.progress.value() == page.progress.maximum() == 2
    summary = wizard.done_page.summary.text()
    assert "2 members imported" in summary and "1 row skipped" in summary
    assert wizard.backup_path is not None and wizard.backup_path.exists()
    assert "before-import" in wizard.backup_path.name
    members = read_file(roster.list_members)
    assert sorted(m.name for m in members) == ["Ana Müller", "José Ramírez"]
    assert next(m for m in members if m.name == "Ana Müller").can_teach == ("soldadura", "Python")
    window.tabs.setCurrentWidget(window.roster)  # a hidden pane reads the file when shown
    assert window.roster.model.rowCount() == 2
    window.undo_action.trigger()
    assert read_file(roster.list_members) == []
    window.redo_action.trigger()
    assert len(read_file(roster.list_members)) == 2
    wizard.close()


def test_importing_the_same_file_twice_adds_nobody(qtbot, window, messy_csv, read_file) -> None:  # noqa: ANN001
    for added in (2, 0):
        wizard = open_wizard(qtbot, window, messy_csv)
        assert wizard.plan.to_add == added
        wizard.preview_page.skip.setChecked(True)
        wizard.next()
        wizard.close()
    assert len(read_file(roster.list_members)) == 2


def test_unreadable_choice_is_said_on_the_first_page(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    wizard = ImportWizard(window.ops, window.roster)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose_page.path.setText(str(tmp_path / "nope.csv"))
    wizard.next()
    assert wizard.currentId() == ImportWizard.CHOOSE
    assert "There is no file" in wizard.choose_page.error.text()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    wizard.choose_page.path.setText(str(empty))
    wizard.next()
    assert wizard.currentId() == ImportWizard.CHOOSE
    assert "empty" in wizard.choose_page.error.text()

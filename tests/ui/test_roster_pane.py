"""Drive the Roster tab like a user: search, filters, columns, the editor beside the table,
bulk changes, removal, organisations and export. Every change is in the file and undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from copdesk.i18n import _, set_window_language
from copdesk.services import organisations, roster, roster_io
from copdesk.services.roster import MemberInput
from copdesk.ui.member_model import COLUMN_KEYS
from tests.ui.conftest import TODAY, answer_dialog, click, type_text

PEOPLE = (
    MemberInput("José Ramírez", email="jose@example.org", organisation="Universidad Popular"),
    MemberInput("سارة الحسن", organisation="Makerspace", can_teach=("soldering",)),
    MemberInput("山田 花子", organisation="Makerspace"),
    MemberInput("Nguyễn Văn An", can_teach=("Python", "maps")),
    MemberInput("Åsa Öberg", organisation="Bibliotek"),
    MemberInput("Zoë Adams", email="zoe@example.org"),
    MemberInput("Anna Berg", organisation="Bibliotek"),
)


def add_people(window) -> dict[str, int]:  # noqa: ANN001
    ids = {}
    for person in PEOPLE:
        ids[person.name] = window.ops.read(roster.add_member, person).id
    window.roster.reload()
    window.roster._fill_choices()
    return ids


def shown(pane) -> list[str]:  # noqa: ANN001
    return [pane.model.index(r, 0).data() for r in range(pane.model.rowCount())]


def roster_tab(window):  # noqa: ANN001, ANN201
    window.tabs.setCurrentWidget(window.roster)
    return window.roster


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("ramirez", "José Ramírez"),
        ("JOSE", "José Ramírez"),
        ("سارة", "سارة الحسن"),
        ("花子", "山田 花子"),
        ("nguyen", "Nguyễn Văn An"),
        ("asa", "Åsa Öberg"),
        ("makerspace hana", None),
        ("solder", "سارة الحسن"),  # skills are searched too
        ("zoe@", "Zoë Adams"),
    ],
)
def test_find_anyone_by_typing_part_of_a_name(qtbot, window, typed, found) -> None:  # noqa: ANN001
    pane = roster_tab(window)
    add_people(window)
    assert pane.model.rowCount() == len(PEOPLE)
    type_text(qtbot, pane.search, typed)
    assert shown(pane) == ([found] if found else [])
    if found is None:
        assert pane.stack.currentWidget() is pane.empty
    else:
        assert pane.count_label.text() == f"1 of {len(PEOPLE)} members"


def test_filters(qtbot, window) -> None:  # noqa: ANN001
    pane = roster_tab(window)
    ids = add_people(window)
    window.ops.read(roster.add_role, [ids["Zoë Adams"], ids["Anna Berg"]], "host", TODAY)
    window.ops.read(
        roster.set_journey,
        [ids["Anna Berg"]],
        roster.JourneyState.MOVED_ON,
        TODAY,
        "",
        TODAY,
    )
    pane.reload()
    QApplication.processEvents()  # the lists of the filter bar are filled after the first paint
    f = pane.filters
    f.role.setCurrentIndex(f.role.findData("host"))
    assert sorted(shown(pane)) == ["Anna Berg", "Zoë Adams"]
    f.journey.setCurrentIndex(f.journey.findData("moved_on"))
    assert shown(pane) == ["Anna Berg"]
    f.clear()
    assert len(shown(pane)) == len(PEOPLE)
    bib = next(oid for oid, name in window.ops.read(_org_names) if name == "Bibliotek")
    f.organisation.setCurrentIndex(f.organisation.findData(bib))
    assert shown(pane) == ["Anna Berg", "Åsa Öberg"]
    f.clear()
    qtbot.keyClicks(f.can_teach, "pyth")
    qtbot.waitUntil(lambda: shown(pane) == ["Nguyễn Văn An"])
    # Search and filters combine.
    f.clear()
    f.organisation.setCurrentIndex(f.organisation.findData(bib))
    qtbot.keyClicks(pane.search, "anna")
    assert shown(pane) == ["Anna Berg"]


def _org_names(db):  # noqa: ANN001, ANN202
    return [(o.id, o.name) for o in organisations.list_organisations(db)]


def test_swedish_window_sorts_a_with_ring_after_z(qtbot, community_path) -> None:  # noqa: ANN001
    from copdesk.ui.main_window import MainWindow

    set_window_language("sv")
    w = MainWindow(today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(community_path)
    try:
        add_people(w)
        latin = [n for n in shown(w.roster) if n[0].isascii() or n[0] == "Å"]
        assert latin == ["Anna Berg", "José Ramírez", "Nguyễn Văn An", "Zoë Adams", "Åsa Öberg"]
    finally:
        w.close()


def test_columns_hidden_and_moved_are_remembered(qtbot, window, community_path) -> None:  # noqa: ANN001
    from copdesk.ui.main_window import MainWindow

    pane = roster_tab(window)
    columns = pane.columns
    assert columns.is_shown("email") and not columns.is_shown("pronouns")
    # The header's context menu lists every column, checkable.
    menu = columns.menu()
    texts = [a.text() for a in menu.actions() if a.isCheckable()]
    assert "Email" in texts and "Pronouns" in texts
    email_action = next(a for a in menu.actions() if a.text() == "Email")
    email_action.setChecked(False)  # as a click in the menu does
    columns.set_shown("pronouns", True)
    columns.move("organisation", 0)
    assert not columns.is_shown("email")
    assert columns.shown_keys()[:2] == ["organisation", "name"]
    window.close()

    again = MainWindow(today=lambda: TODAY)
    qtbot.addWidget(again)
    again.show()
    assert again.open_path(community_path)
    try:
        restored = again.roster.columns
        assert not restored.is_shown("email")
        assert restored.is_shown("pronouns")
        assert restored.shown_keys()[:2] == ["organisation", "name"]
        restored.reset()
        assert restored.is_shown("email") and restored.shown_keys()[0] == "name"
    finally:
        again.close()


def test_editor_follows_the_keyboard_and_saves_each_field(qtbot, window, read_file) -> None:  # noqa: ANN001
    pane = roster_tab(window)
    ids = add_people(window)
    window.activateWindow()
    pane.select_member(ids["Anna Berg"])
    pane.table.setFocus()
    editor = pane.editor
    assert editor.name.text() == "Anna Berg"
    assert pane.side.currentWidget() is pane.editor_scroll
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    assert editor.member_id() == pane.selected_id() != ids["Anna Berg"]
    qtbot.keyClick(pane.table, Qt.Key.Key_Up)
    assert editor.member_id() == ids["Anna Berg"]

    # Enter edits: the focus goes to the details.
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    assert editor.name.hasFocus()
    editor.phone.setFocus()
    qtbot.keyClicks(editor.phone, "+46 8 123 45")
    qtbot.keyClick(editor.phone, Qt.Key.Key_Return)
    assert read_file(roster.get_member, ids["Anna Berg"]).phone == "+46 8 123 45"
    type_text(qtbot, editor.can_teach, "Knitting; maps, Lötning")
    qtbot.keyClick(editor.can_teach, Qt.Key.Key_Return)
    assert read_file(roster.get_member, ids["Anna Berg"]).can_teach == (
        "Knitting",
        "maps",
        "Lötning",
    )
    editor.may_print.click()
    assert read_file(roster.get_member, ids["Anna Berg"]).may_print is False
    editor.organisation.setFocus()
    editor.organisation.lineEdit().selectAll()
    qtbot.keyClicks(editor.organisation.lineEdit(), "Stadsbiblioteket")
    qtbot.keyClick(editor.organisation.lineEdit(), Qt.Key.Key_Return)
    row = read_file(roster.get_member, ids["Anna Berg"])
    assert row.organisation == "Stadsbiblioteket" and row.organisation_id is not None

    # Escape puts the field back as the file has it; nothing is saved.
    editor.email.setFocus()
    qtbot.keyClicks(editor.email, "not an address")
    qtbot.keyClick(editor.email, Qt.Key.Key_Escape)
    assert editor.email.text() == ""
    # A mistake is said next to the form and not saved.
    qtbot.keyClicks(editor.email, "nope")
    qtbot.keyClick(editor.email, Qt.Key.Key_Return)
    assert "does not look like an email address" in editor.error.text()
    assert read_file(roster.get_member, ids["Anna Berg"]).email == ""
    qtbot.keyClick(editor.email, Qt.Key.Key_Escape)

    # Each saved field is one step back.
    for _step in range(4):
        window.undo_action.trigger()
    row = read_file(roster.get_member, ids["Anna Berg"])
    assert (row.phone, row.can_teach, row.may_print, row.organisation) == (
        "",
        (),
        True,
        "Bibliotek",
    )
    assert editor.phone.text() == ""


def test_roles_and_journey_of_one_member(qtbot, window, read_file) -> None:  # noqa: ANN001
    pane = roster_tab(window)
    ids = add_people(window)
    pane.select_member(ids["Zoë Adams"])
    editor = pane.editor

    def give(dialog) -> None:  # noqa: ANN001
        dialog.role.setCurrentIndex(dialog.role.findData("convener"))
        dialog.note.setText("spring term")
        dialog.accept()

    answer_dialog(qtbot, editor.add_role, give)
    (span,) = read_file(roster.get_member, ids["Zoë Adams"]).roles
    assert (span.role, span.starts_on, span.note) == ("convener", TODAY, "spring term")
    assert editor.roles.rowCount() == 1 and editor.end_role_button.isEnabled()

    def moved(dialog) -> None:  # noqa: ANN001
        dialog.note.setText("New job in Umeå")
        dialog.accept()

    answer_dialog(qtbot, editor.mark_moved_on, moved)
    assert read_file(roster.journey_history, ids["Zoë Adams"]) == [
        ("moved_on", TODAY, "New job in Umeå")
    ]
    assert "moved on" in editor.journey.text()
    assert "New job in Umeå" in editor.history.item(0).text()
    assert editor.welcome_back_button.isEnabled()
    window.undo_action.trigger()
    assert read_file(roster.journey_history, ids["Zoë Adams"]) == []


def test_bulk_role_and_journey_on_a_multi_selection(qtbot, window, read_file) -> None:  # noqa: ANN001
    pane = roster_tab(window)
    ids = add_people(window)
    chosen = [ids["José Ramírez"], ids["Zoë Adams"], ids["Anna Berg"]]
    pane._select_ids(chosen)
    assert sorted(pane.selected_ids()) == sorted(chosen)
    assert pane.side.currentWidget() is pane.bulk
    assert pane.bulk_label.text() == "3 members selected"

    def give(dialog) -> None:  # noqa: ANN001
        dialog.role.setCurrentIndex(dialog.role.findData("host"))
        dialog.accept()

    answer_dialog(qtbot, lambda: click(qtbot, pane.bulk_role), give)
    holders = set(
        read_file(roster.search_members, "", roster.SearchFilters(role="host", today=TODAY))
    )
    assert holders == set(chosen)
    assert sorted(pane.selected_ids()) == sorted(chosen)  # the selection stays

    def moved(dialog) -> None:  # noqa: ANN001
        dialog.accept()

    answer_dialog(qtbot, lambda: click(qtbot, pane.bulk_moved_on), moved)
    states = read_file(roster.journey_states, TODAY)
    assert {i for i, s in states.items() if s == roster.JourneyState.MOVED_ON} == set(chosen)

    # One undo per bulk change.
    window.undo_action.trigger()
    states = read_file(roster.journey_states, TODAY)
    assert roster.JourneyState.MOVED_ON not in states.values()
    assert set(
        read_file(roster.search_members, "", roster.SearchFilters(role="host", today=TODAY))
    ) == set(chosen)
    window.undo_action.trigger()
    assert (
        read_file(roster.search_members, "", roster.SearchFilters(role="host", today=TODAY)) == []
    )


def _answer_removal(pane, button: QMessageBox.StandardButton) -> str:  # noqa: ANN001
    box = pane.findChild(QMessageBox, "rosterRemoveQuestion")
    assert box is not None and box.isVisible()
    text = box.text() + " " + box.informativeText()
    box.button(button).click()
    return text


def test_remove_asks_first_and_can_be_undone(qtbot, window, read_file) -> None:  # noqa: ANN001
    pane = roster_tab(window)
    ids = add_people(window)
    window.ops.read(roster.add_role, [ids["Anna Berg"]], "note_taker", TODAY)
    before = read_file(roster.get_member, ids["Anna Berg"])
    pane.select_member(ids["Anna Berg"])
    window.activateWindow()
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)
    question = _answer_removal(pane, QMessageBox.StandardButton.Cancel)
    assert "Remove Anna Berg from the roster?" in question
    assert "anonymous head counts" in question and "undo" in question
    assert read_file(roster.get_member, ids["Anna Berg"]) == before  # cancelled: nothing

    click(qtbot, pane.remove_button)
    _answer_removal(pane, QMessageBox.StandardButton.Yes)
    assert ids["Anna Berg"] not in read_file(roster.search_members, "")
    assert "Removed Anna Berg — Undo with" in window.statusBar().currentMessage()
    assert pane.model.rowCount() == len(PEOPLE) - 1

    window.undo_action.trigger()
    assert read_file(roster.get_member, ids["Anna Berg"]) == before  # exactly as before
    assert pane.selected_ids() == [ids["Anna Berg"]]

    # Several at once: one question, one undo.
    pane._select_ids([ids["Zoë Adams"], ids["José Ramírez"]])
    pane.remove_selected()
    assert "Remove 2 members" in _answer_removal(pane, QMessageBox.StandardButton.Yes)
    assert len(read_file(roster.search_members, "")) == len(PEOPLE) - 2
    window.undo_action.trigger()
    assert len(read_file(roster.search_members, "")) == len(PEOPLE)


def test_organisations_dialog_merges_with_counts(qtbot, window, read_file) -> None:  # noqa: ANN001
    from copdesk.ui.organisations_dialog import OrganisationsDialog

    pane = roster_tab(window)
    add_people(window)
    window.ops.read(roster.add_member, MemberInput("Per Holm", organisation="Biblioteket"))
    dialog = OrganisationsDialog(window.ops, pane)
    qtbot.addWidget(dialog)
    counts = {
        dialog.model.index(r, 0).data(): dialog.model.index(r, 2).data()
        for r in range(dialog.model.rowCount())
    }
    assert counts == {
        "Bibliotek": "2",
        "Biblioteket": "1",
        "Makerspace": "2",
        "Universidad Popular": "1",
    }
    assert "4 organisations" in dialog.summary.text()
    orgs = {o.name: o.id for o in read_file(organisations.list_organisations)}
    dialog.select(orgs["Biblioteket"])
    assert dialog.merge(keep_id=orgs["Bibliotek"])
    after = {o.name: o.member_count for o in read_file(organisations.list_organisations)}
    assert after == {"Bibliotek": 3, "Makerspace": 2, "Universidad Popular": 1}
    assert dialog.model.rowCount() == 3
    # The roster follows: searching the kept name finds the merged member.
    qtbot.keyClicks(pane.search, "per holm bibliotek")
    assert shown(pane) == ["Per Holm"]
    window.undo_action.trigger()
    after = {o.name: o.member_count for o in read_file(organisations.list_organisations)}
    assert after["Biblioteket"] == 1 and after["Bibliotek"] == 2
    dialog.close()


def test_export_csv_and_vcard(qtbot, window, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    pane = roster_tab(window)
    add_people(window)
    target = tmp_path / "out" / "members.csv"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    window.export_members_action.trigger()
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfName,")
    assert "山田 花子".encode() in data
    assert "Members exported to" in window.statusBar().currentMessage()
    cards = tmp_path / "out" / "contacts.vcf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(cards), ""))
    )
    pane.export_vcard()
    assert cards.read_bytes().count(b"BEGIN:VCARD") == len(
        roster_io.contactable(window.ops.read(roster.list_members))
    )
    assert "2 contacts exported" in window.statusBar().currentMessage()


def test_add_member_then_edit_beside(qtbot, window, read_file) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QDialogButtonBox

    pane = roster_tab(window)
    add_people(window)

    def fill(dialog) -> None:  # noqa: ANN001
        type_text(qtbot, dialog.name, "Ōta Jun")
        dialog.organisation.setEditText("Bibliotek")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    answer_dialog(qtbot, lambda: click(qtbot, pane.add_button), fill)
    member_id = pane.selected_id()
    assert member_id is not None and pane.editor.name.text() == "Ōta Jun"
    row = read_file(roster.get_member, member_id)
    assert row.organisation == "Bibliotek"
    assert len(read_file(organisations.list_organisations)) == 3  # no duplicate organisation


def test_right_to_left_pane(qtbot, community_path) -> None:  # noqa: ANN001
    from copdesk import app as copdesk_app
    from copdesk.ui.main_window import MainWindow

    copdesk_app.apply_language(QApplication.instance(), "ar")
    w = MainWindow(today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    try:
        assert w.open_path(community_path)
        add_people(w)
        pane = w.roster
        assert pane.layoutDirection() == Qt.LayoutDirection.RightToLeft
        type_text(qtbot, pane.search, "سارة")
        assert shown(pane) == ["سارة الحسن"]
        assert pane.model.headerData(0, Qt.Orientation.Horizontal) == _("Name")
    finally:
        w.close()
        copdesk_app.apply_language(QApplication.instance(), "en")


def test_journey_column_and_sort_by_column(qtbot, window) -> None:  # noqa: ANN001
    pane = roster_tab(window)
    ids = add_people(window)
    window.ops.read(
        roster.set_journey, [ids["José Ramírez"]], roster.JourneyState.MOVED_ON, TODAY, "", TODAY
    )
    pane.reload()
    QApplication.processEvents()
    journey = COLUMN_KEYS.index("journey")
    row = pane.model.row_of(ids["José Ramírez"])
    assert pane.model.index(row, journey).data() == "moved on"
    org = COLUMN_KEYS.index("organisation")
    pane.table.horizontalHeader().setSortIndicator(org, Qt.SortOrder.AscendingOrder)
    orgs = [pane.model.index(r, org).data() for r in range(pane.model.rowCount())]
    assert orgs[:2] == ["Bibliotek", "Bibliotek"] and orgs[-1] == ""


def test_name_order_from_the_files_index_matches_sorting_the_names(qtbot, window) -> None:  # noqa: ANN001
    from copdesk.services import name_keys

    pane = roster_tab(window)
    add_people(window)
    window.ops.read(roster.add_member, MemberInput("anna Berg"))  # lower case first in ICU
    window.ops.read(roster.add_member, MemberInput("Anna Berg"))  # a tie: by id
    pane.reload()
    assert window.ops.read(name_keys.ordered_ids, pane.model.locale) is not None
    from_index = shown(pane)
    name = COLUMN_KEYS.index("name")
    pane.table.horizontalHeader().setSortIndicator(name, Qt.SortOrder.DescendingOrder)
    descending = shown(pane)
    pane.table.horizontalHeader().setSortIndicator(name, Qt.SortOrder.AscendingOrder)

    def forget_keys(db) -> None:  # noqa: ANN001
        db.connection().exec_driver_sql("DELETE FROM name_keys")
        db.commit()

    window.ops.read(forget_keys)
    assert window.ops.read(name_keys.ordered_ids, pane.model.locale) is None
    pane.reload()
    assert shown(pane) == from_index
    assert from_index[:4] == ["anna Berg", "Anna Berg", "Anna Berg", "Åsa Öberg"]
    pane.table.horizontalHeader().setSortIndicator(name, Qt.SortOrder.DescendingOrder)
    assert shown(pane) == descending == from_index[::-1]

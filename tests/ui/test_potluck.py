"""The potluck in the window: the forecast and coverage check in words with icons, slots, and
"bringer cancels" promoting the backup (saved, listed helpers, undo)."""

from __future__ import annotations

from copdesk.models.planning import DishKind
from copdesk.services import potluck, roster
from copdesk.services.potluck import SlotInput, SlotRow
from copdesk.ui.potluck_model import PotluckModel
from copdesk.ui.potluck_pane import SlotDialog
from tests.ui import test_checkin as checkin
from tests.ui.test_checkin import show_tab

# Fixtures shared with the check-in tests (a room of six members, the window on it).
room, win = checkin.room, checkin.win


def test_potluck_model(qtmodeltester) -> None:  # noqa: ANN001
    model = PotluckModel()
    model.set_rows(
        [
            SlotRow(
                "Soup",
                DishKind.MAIN,
                8,
                1,
                2,
                ("vegan",),
                id=1,
                bringer_name="José",
                backup_name="Zoë",
            ),
            SlotRow("كعك", DishKind.DESSERT, 6, id=2),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1, PotluckModel.BRINGER).data() == "nobody yet"
    assert model.index(1, PotluckModel.BACKUP).data() == "no backup"
    assert model.index(0, PotluckModel.DIETARY).data() == "vegan"


def test_coverage_warnings_and_bringer_cancels(qtbot, win, room, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "potluck")
    people = room.people
    assert "Expected" in pane.forecast.text()  # four came last time
    assert pane.push_add(
        SlotInput("Soup", DishKind.MAIN, 3, people["José Ramírez"], people["Zoë Adams"])
    )
    assert pane.push_add(SlotInput("Cake", DishKind.DESSERT, 2, people["Ana Müller"]))
    assert pane.push_add(SlotInput("Cups", DishKind.SUPPLIES))
    kinds = pane.issue_kinds()
    assert {"servings", "no_backup", "open"} <= set(kinds)
    texts = [pane.checks.item(i).text() for i in range(pane.checks.count())]
    assert any("servings of food short" in t for t in texts)
    assert any(t.startswith("Problem:") for t in texts)  # said in words, not colour alone
    assert any("“Cake” has no backup" in t for t in texts)
    assert all(not pane.checks.item(i).icon().isNull() for i in range(pane.checks.count()))

    soup = next(s for s in read_file(potluck.list_slots, room.next) if s.label == "Soup")
    pane.select_slot(soup.id)
    assert pane.cancel_button.isEnabled()
    assert pane.bringer_cancels()
    after = read_file(potluck.get_slot, soup.id)
    assert (after.bringer_id, after.backup_id) == (people["Zoë Adams"], None)
    assert pane.cover_box.isVisible()
    assert "Zoë Adams now brings “Soup”" in pane.cover_label.text()
    helpers = [pane.cover_list.item(i).text() for i in range(pane.cover_list.count())]
    assert helpers == ["Ben Okoro"]  # came last time, bringing nothing yet
    assert pane.ask_candidate()
    assert read_file(potluck.get_slot, soup.id).backup_id == people["Ben Okoro"]

    win.undo_action.trigger()  # Ben as backup
    win.undo_action.trigger()  # the cancellation
    back = read_file(potluck.get_slot, soup.id)
    assert (back.bringer_id, back.backup_id) == (people["José Ramírez"], people["Zoë Adams"])


def test_slot_dialog_and_remove_with_undo(qtbot, win, room, read_file) -> None:  # noqa: ANN001
    pane = show_tab(win, "potluck")
    dialog = SlotDialog(win.ops.read(roster.list_members), pane)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.value is None and "needs a name" in dialog.error.text()
    dialog.label.setText("Salad")
    dialog.bringer.set_member(room.people["Ben Okoro"])
    dialog.backup.set_member(room.people["Ben Okoro"])
    dialog.accept()
    assert dialog.value is None and "someone other" in dialog.error.text()
    dialog.backup.set_member(None)
    dialog.dietary.setText("vegan, nut-free")
    dialog.accept()
    assert dialog.value is not None and dialog.value.dietary == ("vegan", "nut-free")
    assert pane.push_add(dialog.value)
    (slot,) = read_file(potluck.list_slots, room.next)
    pane.select_slot(slot.id)
    assert pane.remove_slot()
    assert read_file(potluck.list_slots, room.next) == []
    win.undo_action.trigger()
    (again,) = read_file(potluck.list_slots, room.next)
    assert (again.label, again.bringer_id, again.dietary) == (
        "Salad",
        room.people["Ben Okoro"],
        ("vegan", "nut-free"),
    )
    win.undo_action.trigger()  # the add, through the slot's new id
    assert read_file(potluck.list_slots, room.next) == []

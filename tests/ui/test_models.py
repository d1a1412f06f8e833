"""Every item model passes Qt's model tester with rows loaded, and sorts/filters on its own roles."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from copdesk.services.meetings import AgendaItemRow, MeetingRow
from copdesk.services.roster import MemberRow
from copdesk.ui.agenda_model import AgendaModel
from copdesk.ui.member_model import MemberFilterProxy, MemberTableModel
from copdesk.ui.session_model import SessionFilterProxy, SessionTableModel, When

MEMBERS = [
    MemberRow(name="José Ramírez", preferred_name="Pepe", organisation="Universidad Popular", id=1),
    MemberRow(name="Zoë Adams", email="zoe@example.org", joined_on=dt.date(2024, 5, 1), id=2),
    MemberRow(name="Ana Müller", organisation="Makerspace Nord", notes="Vegetarian", id=3),
]


def meeting(ident: int, day: dt.date, topic: str, present: int = 0) -> MeetingRow:
    return MeetingRow(
        date=day,
        start_time=dt.time(18, 0),
        topic=topic,
        id=ident,
        total_minutes=75,
        present_count=present,
        convener_name="Pepe",
    )


def test_member_model(qtmodeltester) -> None:  # noqa: ANN001
    model = MemberTableModel()
    model.set_rows(MEMBERS)
    qtmodeltester.check(model)
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_member_search_is_accent_and_case_insensitive() -> None:
    model = MemberTableModel()
    model.set_rows(MEMBERS)
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    for text, expected in (
        ("jose", {1}),
        ("MULLER", {3}),
        ("popular", {1}),
        ("zoe@", {2}),
        ("pepe ramirez", {1}),
        ("nobody", set()),
        ("", {1, 2, 3}),
    ):
        proxy.set_search(text)
        ids = {proxy.index(r, 0).data(MemberTableModel.IdRole) for r in range(proxy.rowCount())}
        assert ids == expected, text


def test_member_sort_uses_sort_role_not_display_text() -> None:
    model = MemberTableModel()
    model.set_rows(MEMBERS)
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(MemberTableModel.JOINED, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data(MemberTableModel.IdRole) == 2


def test_session_model_and_upcoming_filter(qtmodeltester) -> None:  # noqa: ANN001
    today = dt.date(2026, 3, 2)
    model = SessionTableModel()
    model.set_rows(
        [
            meeting(1, dt.date(2026, 2, 17), "Old", present=12),
            meeting(2, dt.date(2026, 2, 24), "Last week", present=9),
            meeting(3, dt.date(2026, 3, 3), "Tomorrow"),
            meeting(4, dt.date(2026, 3, 10), "Later"),
        ],
        today,
    )
    qtmodeltester.check(model)
    assert model.counts() == (2, 2)
    proxy = SessionFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(SessionTableModel.DATE, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data(SessionTableModel.IdRole) for r in range(2)] == [3, 4]
    proxy.set_when(When.PAST)
    proxy.sort(SessionTableModel.DATE, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data(SessionTableModel.IdRole) for r in range(2)] == [2, 1]
    assert proxy.index(0, SessionTableModel.PRESENT).data() == "9"
    proxy.set_when(When.ALL)
    assert proxy.rowCount() == 4


def test_agenda_model_edits_become_requests(qtmodeltester, qtbot) -> None:  # noqa: ANN001
    model = AgendaModel()
    model.set_rows(
        [
            AgendaItemRow(1, "Welcome", 5, dt.time(18, 0), dt.time(18, 5)),
            AgendaItemRow(2, "Random pairs", 10, dt.time(18, 5), dt.time(18, 15)),
        ]
    )
    qtmodeltester.check(model)
    assert model.flags(model.index(0, AgendaModel.MINUTES)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, AgendaModel.TIME)) & Qt.ItemFlag.ItemIsEditable
    assert model.total_minutes() == 15
    with qtbot.waitSignal(model.edit_requested) as blocker:
        assert model.setData(model.index(1, AgendaModel.MINUTES), 25)
    assert [i.duration_minutes for i in blocker.args[0]] == [5, 25]
    # The model itself is unchanged until the file says otherwise.
    assert model.index(1, AgendaModel.MINUTES).data(Qt.ItemDataRole.EditRole) == 10
    assert not model.setData(model.index(0, AgendaModel.TITLE), "Welcome")

"""The topic backlog in the window: votes with their history, volunteers, scheduling for a
session (its topic and presenter in the file), sorting, and undo."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from copdesk.db import open_community
from copdesk.models.planning import TopicStatus
from copdesk.services import meetings, topics
from copdesk.services.meetings import PersonRow
from copdesk.services.topics import TopicInput, TopicRow
from copdesk.ui.topics_model import TopicsModel, TopicsProxy
from tests.ui import test_checkin as checkin
from tests.ui.conftest import TODAY, answer_dialog, click

# Fixtures shared with the check-in tests (a room of six members, the window on it).
room, win = checkin.room, checkin.win


def row(ident: int, title: str, votes: int, waiting: int, status=TopicStatus.IDEA) -> TopicRow:  # noqa: ANN001
    return TopicRow(
        id=ident,
        title=title,
        description="",
        suggested_by_id=None,
        suggested_by_name="",
        suggested_on=TODAY - dt.timedelta(days=waiting),
        status=status,
        votes=votes,
        last_voted_on=None,
        volunteers=(PersonRow(1, "José"),),
        waiting_days=waiting,
    )


def test_topics_model_and_sorting(qtmodeltester) -> None:  # noqa: ANN001
    model = TopicsModel()
    model.set_rows(
        [row(1, "Zines", 14, 3), row(2, "Ética", 2, 200), row(3, "تصميم", 9, 30, TopicStatus.DONE)]
    )
    qtmodeltester.check(model)
    proxy = TopicsProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(TopicsModel.WAITING, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data(TopicsModel.IdRole) == 2
    proxy.sort(TopicsModel.VOTES, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data(TopicsModel.IdRole) == 1
    assert model.index(1, TopicsModel.WAITING).data() == "28 weeks"
    assert model.index(2, TopicsModel.STATUS).data() == "done"


def test_votes_volunteer_and_schedule_fill_the_session(qtbot, win, room, read_file) -> None:  # noqa: ANN001
    pane = win.topics
    win.tabs.setCurrentWidget(pane)
    assert pane.add_topic(
        TopicInput("Zines for outreach", suggested_by_id=room.people["Zoë Adams"])
    )
    assert pane.add_topic(TopicInput("Grant writing together"))
    assert pane.selected().title == "Grant writing together"

    pane.vote_count.setValue(12)
    pane.vote_date.setDate(QDate(2026, 2, 24))
    pane.vote_note.setText("show of hands")
    click(qtbot, pane.vote_button)
    grant = pane.selected()
    assert grant.votes == 12
    assert [(v.voted_on, v.count, v.note) for v in read_file(topics.vote_history, grant.id)] == [
        (dt.date(2026, 2, 24), 12, "show of hands")
    ]
    assert "12 votes (show of hands)" in pane.votes_list.item(0).text()
    # Most votes first: the voted topic leads the list.
    assert pane.proxy.index(0, 0).data(TopicsModel.IdRole) == grant.id
    pane.sort.setCurrentIndex(pane.sort.findData("waiting"))
    pane.sort.activated.emit(pane.sort.currentIndex())
    assert pane.model.rowCount() == 2

    pane.volunteer_person.set_member(room.people["Ben Okoro"])
    click(qtbot, pane.volunteer_button)
    assert [p.id for p in read_file(topics.get_topic, grant.id).volunteers] == [
        room.people["Ben Okoro"]
    ]

    def choose(dialog) -> None:  # noqa: ANN001
        dialog.session.setCurrentIndex(dialog.session.findData(room.next))
        assert dialog.presenter_id() == room.people["Ben Okoro"]  # the volunteer, first
        click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))

    pane.select_topic(grant.id)
    answer_dialog(qtbot, pane.schedule, choose)
    m = read_file(meetings.get_meeting, room.next).meeting
    assert (m.topic, m.presenter_id) == ("Grant writing together", room.people["Ben Okoro"])
    assert read_file(topics.get_topic, grant.id).status == TopicStatus.SCHEDULED
    assert win.sessions.editor.topic.text() == "Grant writing together"

    win.undo_action.trigger()
    m = read_file(meetings.get_meeting, room.next).meeting
    assert (m.topic, m.presenter_id) == ("", None)
    assert read_file(topics.get_topic, grant.id).status == TopicStatus.IDEA
    win.redo_action.trigger()
    assert read_file(meetings.get_meeting, room.next).meeting.topic == "Grant writing together"

    assert pane.set_status(done=True)
    assert read_file(topics.get_topic, grant.id).status == TopicStatus.DONE
    assert pane.model.row_of(grant.id) is None  # done topics are hidden unless asked for
    pane.show_done.setChecked(True)
    assert pane.model.row_of(grant.id) is not None
    win.undo_action.trigger()
    assert read_file(topics.get_topic, grant.id).status == TopicStatus.SCHEDULED


def test_scheduling_over_another_topic_and_undo(
    qtbot, community_path, room, win, read_file
) -> None:  # noqa: ANN001
    with open_community(community_path) as cfile, cfile.session() as db:
        first = topics.add_topic(db, TopicInput("First"), TODAY).id
        second = topics.add_topic(db, TopicInput("Second"), TODAY).id
        topics.schedule_topic(db, first, room.next, room.people["Ana Müller"])
    pane = win.topics
    pane.reload()
    assert pane.schedule_on(second, room.next, None)
    assert read_file(topics.get_topic, first).status == TopicStatus.IDEA
    assert read_file(meetings.get_meeting, room.next).meeting.topic == "Second"
    win.undo_action.trigger()
    assert read_file(topics.get_topic, first).status == TopicStatus.SCHEDULED
    assert read_file(topics.get_topic, second).status == TopicStatus.IDEA
    m = read_file(meetings.get_meeting, room.next).meeting
    assert (m.topic, m.presenter_id) == ("First", room.people["Ana Müller"])


def test_remove_topic_and_undo_keeps_votes(qtbot, win, read_file) -> None:  # noqa: ANN001
    pane = win.topics
    assert pane.add_topic(TopicInput("Photo consent"))
    pane.vote_count.setValue(3)
    pane.record_votes()
    assert pane.remove_topic()
    assert read_file(topics.list_topics, TODAY) == []
    win.undo_action.trigger()
    (back,) = read_file(topics.list_topics, TODAY)
    assert (back.title, back.votes) == ("Photo consent", 3)
    win.undo_action.trigger()  # the votes, on the re-created topic
    assert read_file(topics.list_topics, TODAY)[0].votes == 0

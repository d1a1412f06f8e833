"""Undoable changes to what happens at a session: attendance, contributions, random pairs, the
topic backlog and the potluck. Like :mod:`copdesk.ui.commands`, each is a pair of core calls.

Some core calls give things new ids when they are made again (a topic or a potluck slot that is
removed and then restored by Undo). Commands name such things by the id they had when the command
was made and look the current one up in :class:`IdMap`, so older commands on the stack keep
working after a remove was undone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import weakref
from typing import TYPE_CHECKING

from copdesk.errors import CopdeskError
from copdesk.i18n import _
from copdesk.models import AttendanceStatus
from copdesk.models.meeting import ContributionKind
from copdesk.models.planning import TopicStatus
from copdesk.services import attendance, meetings, pairs, potluck, roster, topics
from copdesk.ui.commands import ChangeCommand
from copdesk.ui.operations import MEETING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from copdesk.ui.operations import Operations

# What a change was about (Operations.changed); the id is the session's, or the topic's.
ATTENDANCE = "attendance"
PAIRS = "pairs"
TOPIC = "topic"
POTLUCK = "potluck"

Statuses = dict[int, AttendanceStatus]


class IdMap:
    """First id → current id, for things the core re-creates under a new id (per open file)."""

    _maps: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, ops: Operations) -> dict[tuple[str, int], int]:
        return cls._maps.setdefault(ops, {})

    @classmethod
    def current(cls, ops: Operations, what: str, ident: int) -> int:
        return cls.of(ops).get((what, ident), ident)

    @classmethod
    def moved(cls, ops: Operations, what: str, first: int, now: int) -> None:
        cls.of(ops)[(what, first)] = now


def statuses_of(db: Session, meeting_id: int) -> Statuses:
    return {r.id: r.status for r in attendance.attendance_sheet(db, meeting_id)}


# -- attendance -----------------------------------------------------------------------------------


class SetStatuses(ChangeCommand):
    """Give some people a status (others keep theirs); ``None`` takes someone off the list."""

    kind = ATTENDANCE

    def __init__(
        self,
        ops: Operations,
        meeting_id: int,
        changes: dict[int, AttendanceStatus | None],
        text: str,
    ) -> None:
        super().__init__(ops, text)
        self.meeting_id, self.changes = meeting_id, dict(changes)
        self.old: Statuses | None = None

    def forward(self, db: Session) -> int:
        self.old = statuses_of(db, self.meeting_id)
        new = dict(self.old)
        for mid, status in self.changes.items():
            if status is None:
                new.pop(mid, None)
            else:
                new[mid] = AttendanceStatus(status)
        meetings.set_attendance(db, self.meeting_id, new)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        assert self.old is not None
        meetings.set_attendance(db, self.meeting_id, self.old)
        return self.meeting_id


class AddNewcomer(ChangeCommand):
    """A first-timer typed in one line: a new member, marked present."""

    kind = ATTENDANCE

    def __init__(self, ops: Operations, meeting_id: int, line: str) -> None:
        super().__init__(ops, _("Add newcomer “{line}”").format(line=line.strip()))
        self.meeting_id, self.line = meeting_id, line
        self.old: Statuses | None = None
        self.row: attendance.AttendeeRow | None = None
        self.removed: roster.RemovedMember | None = None

    def forward(self, db: Session) -> int:
        self.old = statuses_of(db, self.meeting_id)
        if self.removed is None:
            self.row = attendance.add_newcomer(db, self.meeting_id, self.line)
        else:
            roster.restore_member(db, self.removed)
            self.row = attendance.check_in(db, self.meeting_id, self.removed.row.id)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        assert self.old is not None and self.row is not None
        # Attendance first: removing a member who attended would keep an anonymous head count.
        meetings.set_attendance(db, self.meeting_id, self.old)
        self.removed = roster.remove_member(db, self.row.id)
        return self.meeting_id


class BulkCheckIn(ChangeCommand):
    """Names from a paper sign-in sheet; :attr:`report` says what matched and what did not."""

    kind = ATTENDANCE

    def __init__(self, ops: Operations, meeting_id: int, lines: list[str]) -> None:
        super().__init__(ops, _("Check in from a paper sheet"))
        self.meeting_id, self.lines = meeting_id, list(lines)
        self.old: Statuses | None = None
        self.report: attendance.SheetMatch | None = None

    def forward(self, db: Session) -> int:
        self.old = statuses_of(db, self.meeting_id)
        self.report = attendance.bulk_check_in(db, self.meeting_id, self.lines)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        assert self.old is not None
        meetings.set_attendance(db, self.meeting_id, self.old)
        return self.meeting_id


class SetContributions(ChangeCommand):
    kind = ATTENDANCE

    def __init__(
        self,
        ops: Operations,
        meeting_id: int,
        member_id: int,
        old: frozenset[ContributionKind],
        new: frozenset[ContributionKind],
        name: str,
    ) -> None:
        super().__init__(ops, _("Change what {name} shared or took").format(name=name))
        self.meeting_id, self.member_id, self.old, self.new = meeting_id, member_id, old, new

    def forward(self, db: Session) -> int:
        attendance.set_contributions(db, self.meeting_id, self.member_id, self.new)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        attendance.set_contributions(db, self.meeting_id, self.member_id, self.old)
        return self.meeting_id


# -- random pairs ---------------------------------------------------------------------------------


class DrawLocks:
    """The locked pairs each stored draw was made with, (session, seed) → locks (per open file),
    so that Undo can draw a list again with the same seed *and* the same locks."""

    _maps: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, ops: Operations) -> dict[tuple[int, int], tuple[tuple[int, int], ...]]:
        return cls._maps.setdefault(ops, {})


def _set_locks(
    db: Session, meeting_id: int, now: set[tuple[int, int]], wanted: set[tuple[int, int]]
) -> None:
    """Change the session's locks from ``now`` to ``wanted`` (a lock that is no longer possible
    is left out)."""
    for a, b in now - wanted:
        pairs.unlock_pair(db, meeting_id, a, b)
    for a, b in wanted - now:
        try:
            pairs.lock_pair(db, meeting_id, a, b)
        except CopdeskError:
            continue  # one of them is no longer present


def _put_back_draw(
    ops: Operations, db: Session, meeting_id: int, before: pairs.PairsResult | None
) -> None:
    """Go back to a stored draw by drawing again with its seed and the locks it was made with.

    The core gives the same groups for the same file, seed and locks, and Undo has already taken
    back every later change. A change of attendance made *between* the two draws can still make
    the list differ: the core has no call yet that stores a given list as it was.
    """
    if before is None:
        pairs.clear_pairs(db, meeting_id)
        return
    stored = pairs.get_pairs(db, meeting_id)
    current = set(stored.locked) if stored is not None else set(before.locked)
    then = set(DrawLocks.of(ops).get((meeting_id, before.seed), current))
    _set_locks(db, meeting_id, current, then)
    pairs.draw(db, meeting_id, before.seed)
    _set_locks(db, meeting_id, then, current)


class DrawPairs(ChangeCommand):
    """Draw (``seed`` None: with a new random seed, i.e. re-roll) or, with ``clear``, clear."""

    kind = PAIRS

    def __init__(
        self,
        ops: Operations,
        meeting_id: int,
        text: str,
        seed: int | None = None,
        clear: bool = False,
    ) -> None:
        super().__init__(ops, text)
        self.meeting_id, self.seed, self.clear = meeting_id, seed, clear
        self.before: pairs.PairsResult | None = None
        self.result: pairs.PairsResult | None = None

    def forward(self, db: Session) -> int:
        self.before = pairs.get_pairs(db, self.meeting_id)
        if self.clear:
            pairs.clear_pairs(db, self.meeting_id)
            self.result = None
        elif self.result is not None:  # redo: the same groups as the first time
            pairs.draw(db, self.meeting_id, self.result.seed)
        elif self.seed is None:
            self.result = pairs.reroll(db, self.meeting_id)
        else:
            self.result = pairs.draw(db, self.meeting_id, self.seed)
        if self.result is not None:
            DrawLocks.of(self.ops)[(self.meeting_id, self.result.seed)] = self.result.locked
        return self.meeting_id

    def backward(self, db: Session) -> int:
        _put_back_draw(self.ops, db, self.meeting_id, self.before)
        return self.meeting_id


class LockPair(ChangeCommand):
    kind = PAIRS

    def __init__(
        self, ops: Operations, meeting_id: int, a: int, b: int, lock: bool, text: str
    ) -> None:
        super().__init__(ops, text)
        self.meeting_id, self.a, self.b, self.lock = meeting_id, a, b, lock

    def _set(self, db: Session, lock: bool) -> int:
        if lock:
            pairs.lock_pair(db, self.meeting_id, self.a, self.b)
        else:
            pairs.unlock_pair(db, self.meeting_id, self.a, self.b)
        return self.meeting_id

    def forward(self, db: Session) -> int:
        return self._set(db, self.lock)

    def backward(self, db: Session) -> int:
        return self._set(db, not self.lock)


class DoNotPair(ChangeCommand):
    kind = PAIRS

    def __init__(self, ops: Operations, a: int, b: int, add: bool, text: str) -> None:
        super().__init__(ops, text)
        self.a, self.b, self.add = a, b, add

    def _set(self, db: Session, add: bool) -> int:
        if add:
            pairs.add_do_not_pair(db, self.a, self.b)
        else:
            pairs.remove_do_not_pair(db, self.a, self.b)
        return 0

    def forward(self, db: Session) -> int:
        return self._set(db, self.add)

    def backward(self, db: Session) -> int:
        return self._set(db, not self.add)


# -- topics ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _SessionText:
    """What scheduling a topic overwrites on a session."""

    meeting_id: int
    topic: str
    presenter_id: int | None

    @classmethod
    def read(cls, db: Session, meeting_id: int) -> _SessionText:
        m = meetings.get_meeting(db, meeting_id).meeting
        return cls(meeting_id, m.topic, m.presenter_id)

    def put_back(self, db: Session) -> None:
        m = meetings.get_meeting(db, self.meeting_id).meeting
        if m.topic != self.topic:
            meetings.update_meeting(
                db, self.meeting_id, dataclasses.replace(m.as_input(), topic=self.topic)
            )
        if m.presenter_id != self.presenter_id:
            roles = meetings.get_roles(db, self.meeting_id)
            meetings.set_roles(
                db, self.meeting_id, dataclasses.replace(roles, presenter_id=self.presenter_id)
            )


@dataclasses.dataclass(frozen=True)
class _TopicState:
    topic_id: int
    status: TopicStatus
    meeting_id: int | None

    def put_back(self, db: Session) -> None:
        """Give a topic back this status and session (the session's own text is not touched
        here: see :class:`_SessionText`)."""
        row = topics.get_topic(db, self.topic_id)
        if (row.status, row.meeting_id) == (self.status, self.meeting_id):
            return
        if self.meeting_id is None:
            topics.unschedule_topic(db, self.topic_id)
        else:
            texts = _SessionText.read(db, self.meeting_id)
            topics.schedule_topic(db, self.topic_id, self.meeting_id, texts.presenter_id)
            texts.put_back(db)
        if self.status == TopicStatus.DONE:
            topics.mark_done(db, self.topic_id)


class _TopicCommand(ChangeCommand):
    kind = TOPIC

    def __init__(self, ops: Operations, topic_id: int, text: str) -> None:
        super().__init__(ops, text)
        self.first_id = topic_id

    @property
    def topic_id(self) -> int:
        return IdMap.current(self.ops, TOPIC, self.first_id)


class AddTopic(ChangeCommand):
    kind = TOPIC

    def __init__(self, ops: Operations, data: topics.TopicInput, today: dt.date) -> None:
        super().__init__(ops, _("Add topic “{title}”").format(title=data.title.strip()))
        self.data, self.today = data, today
        self.first_id: int | None = None

    def forward(self, db: Session) -> int:
        row = topics.add_topic(db, self.data, self.today)
        if self.first_id is None:
            self.first_id = row.id
        else:
            IdMap.moved(self.ops, TOPIC, self.first_id, row.id)
        return row.id

    def backward(self, db: Session) -> int:
        assert self.first_id is not None
        topics.remove_topic(db, IdMap.current(self.ops, TOPIC, self.first_id))
        return 0


class EditTopic(_TopicCommand):
    def __init__(
        self,
        ops: Operations,
        topic_id: int,
        old: topics.TopicInput,
        new: topics.TopicInput,
        today: dt.date,
    ) -> None:
        super().__init__(ops, topic_id, _("Edit topic “{title}”").format(title=new.title.strip()))
        self.old, self.new, self.today = old, new, today

    def forward(self, db: Session) -> int:
        return topics.update_topic(db, self.topic_id, self.new, self.today).id

    def backward(self, db: Session) -> int:
        return topics.update_topic(db, self.topic_id, self.old, self.today).id


class RemoveTopic(_TopicCommand):
    def __init__(self, ops: Operations, topic_id: int, title: str) -> None:
        super().__init__(ops, topic_id, _("Remove topic “{title}”").format(title=title))
        self.saved: tuple[topics.TopicRow, list[topics.VoteRow]] | None = None

    def forward(self, db: Session) -> int:
        row = topics.get_topic(db, self.topic_id)
        self.saved = (row, topics.vote_history(db, self.topic_id))
        topics.remove_topic(db, self.topic_id)
        return 0

    def backward(self, db: Session) -> int:
        assert self.saved is not None
        row, votes = self.saved
        data = topics.TopicInput(row.title, row.description, row.suggested_by_id, row.suggested_on)
        new = topics.add_topic(db, data, row.suggested_on)
        IdMap.moved(self.ops, TOPIC, self.first_id, new.id)
        for vote in votes:
            topics.record_votes(db, new.id, vote.count, vote.voted_on, vote.note)
        for person in row.volunteers:
            topics.volunteer(db, new.id, person.id)
        _TopicState(new.id, row.status, row.meeting_id).put_back(db)
        return new.id


class RecordVotes(_TopicCommand):
    def __init__(
        self, ops: Operations, topic_id: int, count: int, on: dt.date, note: str, title: str
    ) -> None:
        super().__init__(ops, topic_id, _("Record votes for “{title}”").format(title=title))
        self.count, self.on, self.note = count, on, note
        self.vote_id: int | None = None

    def forward(self, db: Session) -> int:
        before = {v.id for v in topics.vote_history(db, self.topic_id)}
        topics.record_votes(db, self.topic_id, self.count, self.on, self.note)
        added = [v.id for v in topics.vote_history(db, self.topic_id) if v.id not in before]
        self.vote_id = max(added)
        return self.topic_id

    def backward(self, db: Session) -> int:
        assert self.vote_id is not None
        topics.remove_vote(db, self.vote_id)
        return self.topic_id


class Volunteer(_TopicCommand):
    def __init__(
        self, ops: Operations, topic_id: int, member_id: int, offer: bool, text: str
    ) -> None:
        super().__init__(ops, topic_id, text)
        self.member_id, self.offer = member_id, offer

    def _set(self, db: Session, offer: bool) -> int:
        if offer:
            topics.volunteer(db, self.topic_id, self.member_id)
        else:
            topics.withdraw(db, self.topic_id, self.member_id)
        return self.topic_id

    def forward(self, db: Session) -> int:
        return self._set(db, self.offer)

    def backward(self, db: Session) -> int:
        return self._set(db, not self.offer)


class ScheduleTopic(_TopicCommand):
    """Put a topic on a session (its topic and presenter are filled in); Undo puts back the
    session's text, the topic's status and any topic the session had before."""

    kind = MEETING  # the sessions list shows the new topic and selects the session

    def __init__(
        self,
        ops: Operations,
        topic_id: int,
        meeting_id: int,
        presenter_id: int | None,
        title: str,
    ) -> None:
        super().__init__(ops, topic_id, _("Schedule topic “{title}”").format(title=title))
        self.meeting_id, self.presenter_id = meeting_id, presenter_id
        self.before: list[_TopicState] = []
        self.texts: list[_SessionText] = []

    def forward(self, db: Session) -> int:
        row = topics.get_topic(db, self.topic_id)
        others = [
            t
            for t in topics.list_topics(db, dt.date.today(), include_done=True)
            if t.meeting_id == self.meeting_id and t.id != row.id
        ]
        self.before = [_TopicState(row.id, row.status, row.meeting_id)] + [
            _TopicState(t.id, t.status, t.meeting_id) for t in others
        ]
        self.texts = [_SessionText.read(db, self.meeting_id)]
        topics.schedule_topic(db, self.topic_id, self.meeting_id, self.presenter_id)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        first, *others = self.before
        _TopicState(self.topic_id, first.status, first.meeting_id).put_back(db)
        for state in others:
            state.put_back(db)
        for texts in self.texts:
            texts.put_back(db)
        return self.meeting_id


class SetTopicStatus(_TopicCommand):
    """Mark a topic done, or take it off its session (an idea again)."""

    def __init__(self, ops: Operations, topic_id: int, done: bool, text: str) -> None:
        super().__init__(ops, topic_id, text)
        self.done = done
        self.before: _TopicState | None = None

    def forward(self, db: Session) -> int:
        row = topics.get_topic(db, self.topic_id)
        self.before = _TopicState(row.id, row.status, row.meeting_id)
        if self.done:
            topics.mark_done(db, self.topic_id)
        else:
            topics.unschedule_topic(db, self.topic_id)
        return self.topic_id

    def backward(self, db: Session) -> int:
        assert self.before is not None
        dataclasses.replace(self.before, topic_id=self.topic_id).put_back(db)
        return self.topic_id


# -- potluck --------------------------------------------------------------------------------------


def slot_input(row: potluck.SlotRow) -> potluck.SlotInput:
    return potluck.SlotInput(
        row.label, row.kind, row.servings, row.bringer_id, row.backup_id, row.dietary, row.note
    )


class _SlotCommand(ChangeCommand):
    kind = POTLUCK

    def __init__(self, ops: Operations, meeting_id: int, slot_id: int, text: str) -> None:
        super().__init__(ops, text)
        self.meeting_id, self.first_id = meeting_id, slot_id

    @property
    def slot_id(self) -> int:
        return IdMap.current(self.ops, POTLUCK, self.first_id)


class AddSlot(ChangeCommand):
    kind = POTLUCK

    def __init__(self, ops: Operations, meeting_id: int, data: potluck.SlotInput) -> None:
        super().__init__(ops, _("Add potluck slot “{slot}”").format(slot=data.label.strip()))
        self.meeting_id, self.data = meeting_id, data
        self.first_id: int | None = None

    def forward(self, db: Session) -> int:
        row = potluck.add_slot(db, self.meeting_id, self.data)
        if self.first_id is None:
            self.first_id = row.id
        else:
            IdMap.moved(self.ops, POTLUCK, self.first_id, row.id)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        assert self.first_id is not None
        potluck.remove_slot(db, IdMap.current(self.ops, POTLUCK, self.first_id))
        return self.meeting_id


class EditSlot(_SlotCommand):
    def __init__(
        self,
        ops: Operations,
        meeting_id: int,
        slot_id: int,
        old: potluck.SlotInput,
        new: potluck.SlotInput,
        text: str | None = None,
    ) -> None:
        label = text or _("Edit potluck slot “{slot}”").format(slot=new.label.strip())
        super().__init__(ops, meeting_id, slot_id, label)
        self.old, self.new = old, new

    def forward(self, db: Session) -> int:
        potluck.update_slot(db, self.slot_id, self.new)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        potluck.update_slot(db, self.slot_id, self.old)
        return self.meeting_id


class RemoveSlot(_SlotCommand):
    def __init__(self, ops: Operations, meeting_id: int, slot_id: int, label: str) -> None:
        super().__init__(
            ops, meeting_id, slot_id, _("Remove potluck slot “{slot}”").format(slot=label)
        )
        self.saved: potluck.SlotInput | None = None

    def forward(self, db: Session) -> int:
        self.saved = slot_input(potluck.get_slot(db, self.slot_id))
        potluck.remove_slot(db, self.slot_id)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        assert self.saved is not None
        row = potluck.add_slot(db, self.meeting_id, self.saved)
        IdMap.moved(self.ops, POTLUCK, self.first_id, row.id)
        return self.meeting_id


class BringerCancels(_SlotCommand):
    """The bringer cannot come: the backup takes over; :attr:`result` lists who could help."""

    def __init__(self, ops: Operations, meeting_id: int, slot_id: int, label: str) -> None:
        super().__init__(
            ops,
            meeting_id,
            slot_id,
            _("Bringer of “{slot}” cancels").format(slot=label),
        )
        self.old: potluck.SlotInput | None = None
        self.result: potluck.Cancellation | None = None

    def forward(self, db: Session) -> int:
        self.old = slot_input(potluck.get_slot(db, self.slot_id))
        self.result = potluck.bringer_cancels(db, self.slot_id)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        assert self.old is not None
        potluck.update_slot(db, self.slot_id, self.old)
        return self.meeting_id

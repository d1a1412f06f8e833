"""Undoable changes to session planning: schedules, cancellations, agenda formats and order,
roles, details and resources. Same contract as :mod:`copdesk.ui.commands`: each command is a pair
of core calls, run once before it is pushed so that a refused change never reaches the stack.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from copdesk.i18n import _
from copdesk.services import formats, meetings, resources, schedule
from copdesk.ui.commands import ChangeCommand
from copdesk.ui.operations import MEETING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from copdesk.ui.operations import Operations

# What else a change can be about (see Operations.changed).
SERIES = "series"
FORMAT = "format"
RESOURCE = "resource"
SETTINGS = "settings"


# -- schedules ----------------------------------------------------------------------------------

MAX_HORIZON_DAYS = 366


def horizon(data: schedule.SeriesInput, today: dt.date) -> dt.date:
    """How far ahead to plan: up to the schedule's end when it has one (at most a year ahead),
    else the core's usual twelve weeks."""
    usual = today + dt.timedelta(weeks=schedule.HORIZON_WEEKS)
    if data.until_date is None:
        return usual
    return max(usual, min(data.until_date, today + dt.timedelta(days=MAX_HORIZON_DAYS)))


class SaveSeries(ChangeCommand):
    """Add a recurring schedule (``series_id`` None) or change one; both generate its sessions.

    Undo of a new schedule ends it (its untouched upcoming sessions go); undo of a change puts the
    old rule back and regenerates from it.
    """

    kind = SERIES

    def __init__(
        self,
        ops: Operations,
        data: schedule.SeriesInput,
        today: dt.date,
        series_id: int | None = None,
        old: schedule.SeriesInput | None = None,
    ) -> None:
        text = _("Add recurring schedule") if series_id is None else _("Change recurring schedule")
        super().__init__(ops, text)
        self.data, self.today, self.series_id, self.old = data, today, series_id, old
        self.report: schedule.GenerateReport | None = None
        self._new = series_id is None

    def forward(self, db: Session) -> int:
        if self._new:
            row, self.report = schedule.add_series(
                db, self.data, today=self.today, until=horizon(self.data, self.today)
            )
            self.series_id = row.id
        else:
            assert self.series_id is not None
            _row, self.report = schedule.update_series(
                db,
                self.series_id,
                self.data,
                today=self.today,
                until=horizon(self.data, self.today),
            )
        return self.series_id

    def backward(self, db: Session) -> int:
        assert self.series_id is not None
        if self._new:
            schedule.remove_series(db, self.series_id, today=self.today)
            return 0
        assert self.old is not None
        schedule.update_series(
            db, self.series_id, self.old, today=self.today, until=horizon(self.old, self.today)
        )
        return self.series_id


class RemoveSeries(ChangeCommand):
    """End a schedule; undo sets it up again (as a new schedule with the same rule)."""

    kind = SERIES

    def __init__(self, ops: Operations, series_id: int, today: dt.date) -> None:
        super().__init__(ops, _("End recurring schedule"))
        self.series_id, self.today = series_id, today
        self.data: schedule.SeriesInput | None = None

    def forward(self, db: Session) -> int:
        row = schedule.get_series(db, self.series_id)
        self.data = schedule.SeriesInput(
            **{f.name: getattr(row, f.name) for f in dataclasses.fields(schedule.SeriesInput)}
        )
        schedule.remove_series(db, self.series_id, today=self.today)
        return 0

    def backward(self, db: Session) -> int:
        assert self.data is not None
        row, _report = schedule.add_series(
            db, self.data, today=self.today, until=horizon(self.data, self.today)
        )
        self.series_id = row.id
        return row.id


# -- single sessions ----------------------------------------------------------------------------


class SetCancelled(ChangeCommand):
    kind = MEETING

    def __init__(self, ops: Operations, meeting_id: int, cancelled: bool, label: str) -> None:
        text = (
            _("Cancel the session of {date}") if cancelled else _("Reinstate the session of {date}")
        )
        super().__init__(ops, text.format(date=label))
        self.meeting_id, self.cancelled = meeting_id, cancelled

    def _set(self, db: Session, cancelled: bool) -> int:
        fn = schedule.cancel_meeting if cancelled else schedule.reinstate_meeting
        return fn(db, self.meeting_id).id

    def forward(self, db: Session) -> int:
        return self._set(db, self.cancelled)

    def backward(self, db: Session) -> int:
        return self._set(db, not self.cancelled)


class MoveMeeting(ChangeCommand):
    """Move one session to another day or time; it stays in its schedule."""

    kind = MEETING

    def __init__(
        self,
        ops: Operations,
        meeting_id: int,
        old: tuple[dt.date, dt.time],
        new: tuple[dt.date, dt.time],
    ) -> None:
        super().__init__(ops, _("Move session"))
        self.meeting_id, self.old, self.new = meeting_id, old, new

    def forward(self, db: Session) -> int:
        return schedule.move_meeting(db, self.meeting_id, *self.new).id

    def backward(self, db: Session) -> int:
        return schedule.move_meeting(db, self.meeting_id, *self.old).id


class PlanLikeLast(ChangeCommand):
    kind = MEETING

    def __init__(self, ops: Operations, today: dt.date) -> None:
        super().__init__(ops, _("Plan the next session like the last one"))
        self.today = today
        self.row: meetings.MeetingRow | None = None
        self.removed: meetings.RemovedMeeting | None = None

    def forward(self, db: Session) -> int:
        if self.removed is None:
            self.row = schedule.plan_like_last(db, self.today)
        else:
            self.row = meetings.restore_meeting(db, self.removed)
        return self.row.id

    def backward(self, db: Session) -> int:
        assert self.row is not None
        self.removed = meetings.remove_meeting(db, self.row.id)
        return 0


# -- the agenda ---------------------------------------------------------------------------------


class MoveAgendaItem(ChangeCommand):
    """One agenda item dragged (or moved up/down) from ``source`` to ``target``."""

    kind = MEETING

    def __init__(self, ops: Operations, meeting_id: int, source: int, target: int) -> None:
        super().__init__(ops, _("Move agenda item"))
        self.meeting_id, self.source, self.target = meeting_id, source, target

    def forward(self, db: Session) -> int:
        formats.move_agenda_item(db, self.meeting_id, self.source, self.target)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        formats.move_agenda_item(db, self.meeting_id, self.target, self.source)
        return self.meeting_id


class ApplyFormat(ChangeCommand):
    kind = MEETING

    def __init__(self, ops: Operations, meeting_id: int, format_id: int | None, name: str) -> None:
        super().__init__(ops, _("Use the agenda format “{name}”").format(name=name))
        self.meeting_id, self.format_id = meeting_id, format_id
        self.old_items: list[meetings.ItemInput] = []
        self.old_planned: int | None = None

    def forward(self, db: Session) -> int:
        detail = meetings.get_meeting(db, self.meeting_id)
        self.old_items = meetings.agenda_inputs(detail)
        self.old_planned = detail.meeting.planned_minutes
        formats.apply_format(db, self.meeting_id, self.format_id)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        meetings.set_agenda(db, self.meeting_id, self.old_items)
        formats.set_planned_minutes(db, self.meeting_id, self.old_planned)
        return self.meeting_id


class SetPlannedMinutes(ChangeCommand):
    kind = MEETING

    def __init__(self, ops: Operations, meeting_id: int, old: int | None, new: int | None) -> None:
        super().__init__(ops, _("Change the planned length"))
        self.meeting_id, self.old, self.new = meeting_id, old, new

    def id(self) -> int:  # steps of the spin box's arrows merge into one undo step
        return 7301

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, SetPlannedMinutes) or other.meeting_id != self.meeting_id:
            return False
        self.new = other.new
        return True

    def forward(self, db: Session) -> int:
        formats.set_planned_minutes(db, self.meeting_id, self.new)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        formats.set_planned_minutes(db, self.meeting_id, self.old)
        return self.meeting_id


class SaveFormat(ChangeCommand):
    """Save a new agenda format (``format_id`` None) or change one (rename, new items)."""

    kind = FORMAT

    def __init__(
        self,
        ops: Operations,
        data: formats.FormatInput,
        format_id: int | None = None,
        old: formats.FormatInput | None = None,
    ) -> None:
        text = (
            _("Save agenda format “{name}”")
            if format_id is None
            else _("Change agenda format “{name}”")
        )
        super().__init__(ops, text.format(name=data.name.strip()))
        self.data, self.format_id, self.old = data, format_id, old
        self._new = format_id is None

    def forward(self, db: Session) -> int:
        row = formats.save_format(db, self.data, None if self._new else self.format_id)
        self.format_id = row.id
        return row.id or 0

    def backward(self, db: Session) -> int:
        assert self.format_id is not None
        if self._new:
            formats.remove_format(db, self.format_id)
            return 0
        assert self.old is not None
        formats.save_format(db, self.old, self.format_id)
        return self.format_id


class RemoveFormat(ChangeCommand):
    kind = FORMAT

    def __init__(self, ops: Operations, format_id: int, name: str) -> None:
        super().__init__(ops, _("Remove agenda format “{name}”").format(name=name))
        self.format_id = format_id
        self.removed: formats.FormatRow | None = None

    def forward(self, db: Session) -> int:
        self.removed = formats.remove_format(db, self.format_id)
        return 0

    def backward(self, db: Session) -> int:
        assert self.removed is not None
        r = self.removed
        row = formats.save_format(db, formats.FormatInput(r.name, r.items, r.planned_minutes))
        self.format_id = row.id or 0
        return self.format_id


# -- roles and details --------------------------------------------------------------------------


class SetRoles(ChangeCommand):
    kind = MEETING

    def __init__(
        self,
        ops: Operations,
        meeting_id: int,
        old: meetings.RolesInput,
        new: meetings.RolesInput,
    ) -> None:
        super().__init__(ops, _("Change roles"))
        self.meeting_id, self.old, self.new = meeting_id, old, new

    def forward(self, db: Session) -> int:
        return meetings.set_roles(db, self.meeting_id, self.new).id

    def backward(self, db: Session) -> int:
        return meetings.set_roles(db, self.meeting_id, self.old).id


class SetDetails(ChangeCommand):
    kind = MEETING

    def __init__(
        self,
        ops: Operations,
        meeting_id: int,
        old: meetings.SessionDetails,
        new: meetings.SessionDetails,
        text: str,
    ) -> None:
        super().__init__(ops, text)
        self.meeting_id, self.old, self.new = meeting_id, old, new

    def forward(self, db: Session) -> int:
        meetings.set_details(db, self.meeting_id, self.new)
        return self.meeting_id

    def backward(self, db: Session) -> int:
        meetings.set_details(db, self.meeting_id, self.old)
        return self.meeting_id


class SetRotationLimit(ChangeCommand):
    kind = SETTINGS

    def __init__(self, ops: Operations, old: int, new: int) -> None:
        super().__init__(ops, _("Change the host rotation warning"))
        self.old, self.new = old, new

    def forward(self, db: Session) -> int:
        schedule.set_rotation_limit(db, self.new)
        return 1

    def backward(self, db: Session) -> int:
        schedule.set_rotation_limit(db, self.old)
        return 1


# -- resources ----------------------------------------------------------------------------------


class AddResource(ChangeCommand):
    kind = RESOURCE

    def __init__(self, ops: Operations, data: resources.ResourceInput) -> None:
        super().__init__(ops, _("Add resource “{title}”").format(title=data.title.strip()))
        self.data = data
        self.row: resources.ResourceRow | None = None

    def forward(self, db: Session) -> int:
        data = self.data
        if self.row is not None:  # redo: the same resource, added on the same day
            data = dataclasses.replace(data, added_on=self.row.added_on)
        self.row = resources.add_resource(db, data)
        return self.row.id

    def backward(self, db: Session) -> int:
        assert self.row is not None
        resources.remove_resource(db, self.row.id)
        return 0


class EditResource(ChangeCommand):
    kind = RESOURCE

    def __init__(
        self,
        ops: Operations,
        resource_id: int,
        old: resources.ResourceInput,
        new: resources.ResourceInput,
    ) -> None:
        super().__init__(ops, _("Edit resource “{title}”").format(title=new.title.strip()))
        self.resource_id, self.old, self.new = resource_id, old, new

    def forward(self, db: Session) -> int:
        return resources.update_resource(db, self.resource_id, self.new).id

    def backward(self, db: Session) -> int:
        return resources.update_resource(db, self.resource_id, self.old).id


class RemoveResource(ChangeCommand):
    """Remove a resource; undo adds it back (with a new number, the same content and date)."""

    kind = RESOURCE

    def __init__(self, ops: Operations, resource_id: int, title: str) -> None:
        super().__init__(ops, _("Remove resource “{title}”").format(title=title))
        self.resource_id = resource_id
        self.removed: resources.ResourceRow | None = None

    def forward(self, db: Session) -> int:
        self.removed = resources.remove_resource(db, self.resource_id)
        return 0

    def backward(self, db: Session) -> int:
        assert self.removed is not None
        self.resource_id = resources.add_resource(db, resource_input(self.removed)).id
        return self.resource_id


def resource_input(row: resources.ResourceRow) -> resources.ResourceInput:
    return resources.ResourceInput(
        **{f.name: getattr(row, f.name) for f in dataclasses.fields(resources.ResourceInput)}
    )

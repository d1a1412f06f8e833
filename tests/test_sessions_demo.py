"""The session-planning part of the demo community."""

from __future__ import annotations

import datetime as dt
import itertools

from copdesk.db import open_community
from copdesk.demo import write_demo
from copdesk.services import meetings, pairs, potluck, resources, schedule, sharing, topics

TODAY = dt.date(2026, 11, 24)


def test_demo_fills_every_planning_feature(tmp_path) -> None:
    path = write_demo(tmp_path / "demo.copdesk", today=TODAY)  # calls add_session_demo
    with open_community(path) as cfile, cfile.session() as db:
        rows = meetings.list_meetings(db)
        assert len(rows) == 16  # the schedule adopts the demo's sessions, adds none
        upcoming = [r for r in rows if r.date >= TODAY]
        assert schedule.list_series(db) and all(r.series_id for r in upcoming)
        assert schedule.get_settings(db).time_zone == "Europe/Madrid"
        nxt = sharing.next_session(db, TODAY)
        assert [w.kind for w in meetings.role_warnings(db, nxt)] == ["host_streak"]
        assert meetings.get_roles(db, nxt).host_backup_id is not None
        # Pairs for every past session, without a repeat (avoidable with ~20 people).
        seen: set[frozenset[int]] = set()
        for r in (r for r in rows if r.date < TODAY):
            drawn = pairs.get_pairs(db, r.id)
            assert drawn is not None
            met = {frozenset(p) for g in drawn.groups for p in itertools.combinations(g.members, 2)}
            assert not met & seen
            seen |= met
        backlog = topics.list_topics(db, TODAY)
        assert backlog[0].votes > backlog[-1].votes and any(t.volunteers for t in backlog)
        assert any(t.status == "scheduled" and t.meeting_id == nxt for t in backlog)
        issues = [i.kind for i in potluck.check_coverage(db, nxt).issues]
        assert issues.count("no_backup") == 1
        assert len(resources.list_resources(db)) >= 3
        past = [r for r in rows if r.date < TODAY]
        assert all(r.presenter_id for r in past)

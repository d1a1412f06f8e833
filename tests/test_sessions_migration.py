"""Migration 0003 on a file with data: nothing is lost going up or down."""

from __future__ import annotations

import datetime as dt
import sqlite3

from copdesk import db as dbmod
from copdesk.migrations import HEAD
from copdesk.models import AttendanceStatus
from copdesk.services import meetings, roster, schedule
from copdesk.services.meetings import MeetingInput


def _counts(path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("members", "meetings", "agenda_items", "attendance")
        }
    finally:
        con.close()


def test_a_0002_file_with_data_is_upgraded_intact(cfile) -> None:
    path = cfile.path
    with cfile.session() as db:
        ana = roster.add_member(db, roster.MemberInput(name="Ana", organisation="Library")).id
        bo = roster.add_member(db, roster.MemberInput(name="Bo")).id
        m = meetings.add_meeting(
            db,
            MeetingInput(
                dt.date(2026, 3, 3), dt.time(18), topic="Maps", convener_id=ana, host_id=bo
            ),
        ).id
        meetings.set_attendance(
            db, m, {ana: AttendanceStatus.PRESENT, bo: AttendanceStatus.APOLOGISED}
        )
        before = meetings.get_meeting(db, m)
    dbmod.downgrade(cfile.engine, "0002")
    cfile.close()
    assert dbmod.read_revision(path) == "0002"
    as_0002 = _counts(path)
    assert as_0002 == {"members": 2, "meetings": 1, "agenda_items": 4, "attendance": 2}
    con = sqlite3.connect(path)
    columns = {r[1] for r in con.execute("PRAGMA table_info(meetings)")}
    con.close()
    assert "series_id" not in columns and "presenter_id" not in columns

    reopened = dbmod.open_community(path)
    try:
        assert dbmod.read_revision(path) == HEAD
        assert _counts(path) == as_0002
        with reopened.session() as db:
            after = meetings.get_meeting(db, m)
            assert after == before
            assert after.meeting.status == "planned" and after.meeting.sequence == 0
            assert after.meeting.convener_id == ana and after.meeting.host_id == bo
            assert len(schedule.get_settings(db).calendar_uid) == 32
        con = sqlite3.connect(path)
        try:
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            con.close()
    finally:
        reopened.close()

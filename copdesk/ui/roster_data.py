"""Column reads the roster pane needs at 100,000 members, without building 100,000 MemberRows.

Qt-free on purpose (it belongs with :mod:`copdesk.services.roster` and can move there): the
pane sorts by one column of every member, and :func:`copdesk.services.roster.list_members`
(about 4 s at 100,000 members) would read every column of everyone for that. Each function here
reads one column for all members in one query through the driver (no ORM rows), keyed by id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy.orm import Session

from copdesk.services import roster

# Scalar columns readable straight from the members table (key → SQL expression).
_SCALAR_SQL = {
    "name": "m.name",
    "preferred_name": "CASE WHEN m.preferred_name = '' THEN m.name ELSE m.preferred_name END",
    "pronouns": "m.pronouns",
    "email": "m.email",
    "phone": "m.phone",
    "organisation": "COALESCE(o.name, '')",
    "joined_on": "m.joined_on",
    "notes": "m.notes",
    "why": "m.why",
    "may_print": "m.may_print",
    "may_contact": "m.may_contact",
}
_ITEM_KINDS = {"languages": "language", "can_teach": "teach", "wants_to_learn": "learn"}


class _Raw:
    """The session's own DB-API connection: plain tuples, no Row objects (half the time for
    100,000 rows), inside the session's transaction."""

    def __init__(self, db: Session) -> None:
        self.dbapi = db.connection().connection.dbapi_connection

    def exec_driver_sql(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.dbapi.execute(sql, params).fetchall()


def column_values(db: Session, key: str, today: dt.date | None = None) -> Mapping[int, object]:
    """One column of every member (id order), for sorting: id → text (or date, bool, None).

    Lists (languages, skills) are their items joined with ", " in their order; ``roles`` are the
    roles held on ``today``; ``journey`` the journey state's label.
    """
    conn = _Raw(db)
    if key in _SCALAR_SQL:
        sql = (
            f"SELECT m.id, {_SCALAR_SQL[key]} FROM members m "
            "LEFT JOIN organisations o ON o.id = m.organisation_id WHERE m.anonymous = 0 "
            "ORDER BY m.id"
        )
        if key == "name":  # first paint: no join
            sql = "SELECT id, name FROM members WHERE anonymous = 0 ORDER BY id"
        out: dict[int, object] = dict(conn.exec_driver_sql(sql))
        if key == "joined_on":
            return {i: dt.date.fromisoformat(v) if v else None for i, v in out.items()}
        return out
    if key in _ITEM_KINDS:
        lists: dict[int, list[str]] = {}
        sql = "SELECT member_id, text FROM member_items WHERE kind = ? ORDER BY member_id, position"
        for mid, text in conn.exec_driver_sql(sql, (_ITEM_KINDS[key],)):
            lists.setdefault(mid, []).append(text)
        return {i: ", ".join(v) for i, v in lists.items()}
    if key == "why_tags":
        lists = {}
        sql = (
            "SELECT mt.member_id, t.name FROM member_tags mt JOIN tags t ON t.id = mt.tag_id "
            "ORDER BY mt.member_id, t.name"
        )
        for mid, text in conn.exec_driver_sql(sql):
            lists.setdefault(mid, []).append(text)
        return {i: ", ".join(v) for i, v in lists.items()}
    if key == "roles":
        day = (today or dt.date.today()).isoformat()
        lists = {}
        sql = (
            "SELECT mr.member_id, r.key, r.name FROM member_roles mr JOIN roles r "
            "ON r.id = mr.role_id WHERE mr.starts_on <= ? AND (mr.ends_on IS NULL OR "
            "mr.ends_on >= ?) ORDER BY mr.member_id, mr.starts_on, mr.id"
        )
        for mid, role_key, name in conn.exec_driver_sql(sql, (day, day)):
            lists.setdefault(mid, []).append(roster.role_label(role_key, name))
        return {i: ", ".join(v) for i, v in lists.items()}
    if key == "journey":
        return {i: s.label for i, s in roster.journey_states(db, today).items()}
    raise KeyError(key)


def member_ids(db: Session) -> list[int]:
    """Every member's id (placeholders excluded), in id order."""
    sql = "SELECT id FROM members WHERE anonymous = 0 ORDER BY id"
    return [r[0] for r in db.connection().exec_driver_sql(sql)]


def organisation_names(db: Session) -> list[tuple[int, str]]:
    """Every organisation's (id, name), unsorted: for pickers (no member counts to compute)."""
    sql = "SELECT id, name FROM organisations"
    return [(r[0], r[1]) for r in db.connection().exec_driver_sql(sql)]

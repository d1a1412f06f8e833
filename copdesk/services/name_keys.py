"""Every member in name order, read from an index instead of sorted on each opening.

The Roster lists people by name in the language's collation (:func:`copdesk.collation.sort_key`).
Sorting 100,000 names takes the window about 0.13 s each time the list is built (reading every
name, then an ICU key for each). So the file keeps each member's collation key in
``members.name_key``, for one collation named in the one-row table ``name_keys`` (the community's
language, see :func:`rekey`), and a partial index on ``name_key`` (placeholders left out) gives
every member in order without reading a name (about 25 ms at 100,000 members).

The keys are derived data and may be missing, never wrong:

* a trigger (migration 0007) sets ``name_key`` to NULL when a name changes without its key, so a
  writer that does not know about keys (an older path, the sqlite3 shell) leaves no stale key;
* :func:`ordered_ids` computes the missing keys in memory and merges them in;
* keys are only used when the stored collation is the one asked for, with the same ICU version
  (:func:`copdesk.collation.key_identity`); otherwise :func:`ordered_ids` returns None and the
  caller sorts the names itself, as before.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

from sqlalchemy.orm import Session

from copdesk.collation import key_identity, sort_key
from copdesk.db import driver_rows

KeyFunction = Callable[[str], bytes]


def _stored(db: Session) -> tuple[str, str] | None:
    rows = driver_rows(db, "SELECT locale, identity FROM name_keys WHERE id = 1")
    return (rows[0][0], rows[0][1]) if rows else None


def key_function(db: Session) -> KeyFunction | None:
    """The key function for names written now (None: leave ``name_key`` empty)."""
    stored = _stored(db)
    if stored is None or key_identity(stored[0]) != stored[1]:
        return None
    return sort_key(stored[0])  # type: ignore[return-value]


def stored_locale(db: Session) -> str | None:
    """The locale whose collation the stored keys follow (None if there are none)."""
    stored = _stored(db)
    return stored[0] if stored else None


def rekey(db: Session, locale: str) -> int:
    """Store every member's key for ``locale`` (inside the caller's transaction; not committed).

    Does nothing when the keys already follow that collation and ICU version. Returns the number
    of keys written. Without ICU the keys are dropped and nothing is stored.
    """
    identity = key_identity(locale)
    stored = _stored(db)
    if identity is not None and stored is not None and stored[1] == identity:
        if stored[0] != locale:  # same rules under another name ("en" and "de" share root)
            db.connection().exec_driver_sql(
                "UPDATE name_keys SET locale = ? WHERE id = 1", (locale,)
            )
        return 0
    con = db.connection()
    if identity is None:
        con.exec_driver_sql("UPDATE members SET name_key = NULL")
        con.exec_driver_sql("DELETE FROM name_keys")
        return 0
    key = sort_key(locale)
    rows = driver_rows(db, "SELECT id, name FROM members WHERE anonymous = 0")
    if rows:  # (an empty list would be taken for "no parameters")
        con.exec_driver_sql(
            "UPDATE members SET name_key = ? WHERE id = ?",
            [(key(name), mid) for mid, name in rows],
        )
    con.exec_driver_sql(
        "INSERT INTO name_keys (id, locale, identity) VALUES (1, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET locale = excluded.locale, identity = excluded.identity",
        (locale, identity),
    )
    return len(rows)


def ordered_ids(db: Session, locale: str) -> list[int] | None:
    """Every member's id (placeholders excluded) in the name order of ``locale``, ties by id, the
    same order as sorting the names with ``sort_key(locale)``; None when the stored keys follow
    another collation (the caller sorts the names itself)."""
    stored = _stored(db)
    if stored is None or key_identity(locale) != stored[1]:
        return None
    missing = driver_rows(
        db, "SELECT id, name FROM members WHERE anonymous = 0 AND name_key IS NULL"
    )
    if not missing:
        sql = "SELECT id FROM members WHERE anonymous = 0 ORDER BY name_key, id"
        return [mid for (mid,) in driver_rows(db, sql)]
    key = sort_key(locale)
    extra = sorted((key(name), mid) for mid, name in missing)
    keyed = driver_rows(
        db,
        "SELECT name_key, id FROM members WHERE anonymous = 0 AND name_key IS NOT NULL "
        "ORDER BY name_key, id",
    )
    return [mid for _key, mid in heapq.merge(keyed, extra)]

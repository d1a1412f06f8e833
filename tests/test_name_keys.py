"""Members in name order from the file's index (members.name_key), never in a wrong order."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from copdesk import collation
from copdesk import db as dbmod
from copdesk.collation import sort_key
from copdesk.db import driver_rows
from copdesk.services import community, name_keys, roster, roster_io
from copdesk.services.roster import MemberInput

pytestmark = pytest.mark.skipif(not collation.icu_available(), reason="ICU missing")

NAMES = ["Zoë Adams", "Åsa Öberg", "anna Berg", "Örjan Lind", "Ärla Sund", "Olof Ek", "Anna Berg2"]


def add(db, *names: str) -> dict[str, int]:  # noqa: ANN001
    return {n: roster.add_member(db, MemberInput(name=n)).id for n in names}


def expected(db, locale: str) -> list[int]:  # noqa: ANN001
    """The order the window would compute itself: every name through sort_key, ties by id."""
    rows = driver_rows(db, "SELECT id, name FROM members WHERE anonymous = 0 ORDER BY id")
    key = sort_key(locale)
    return [mid for mid, _name in sorted(rows, key=lambda r: key(r[1]))]


def names_in(db, ids: list[int]) -> list[str]:  # noqa: ANN001
    by_id = dict(driver_rows(db, "SELECT id, name FROM members"))
    return [by_id[i] for i in ids]


def missing_keys(db) -> int:  # noqa: ANN001
    sql = "SELECT count(*) FROM members WHERE anonymous = 0 AND name_key IS NULL"
    return driver_rows(db, sql)[0][0]


def set_locale(db, locale: str) -> None:  # noqa: ANN001
    info = community.get_community(db)
    community.update_community(db, community.CommunityInfo(**{**vars(info), "locale": locale}))


def test_a_new_file_stores_keys_for_its_language(db) -> None:  # noqa: ANN001
    add(db, *NAMES)
    assert name_keys.stored_locale(db) == "en"
    assert missing_keys(db) == 0
    order = name_keys.ordered_ids(db, "en")
    assert order == expected(db, "en")
    assert names_in(db, order)[:3] == ["anna Berg", "Anna Berg2", "Ärla Sund"]


def test_changing_the_language_rekeys_every_member(db) -> None:  # noqa: ANN001
    add(db, *NAMES)
    set_locale(db, "sv")
    assert name_keys.stored_locale(db) == "sv"
    order = name_keys.ordered_ids(db, "sv")
    assert order == expected(db, "sv")
    assert names_in(db, order)[-3:] == ["Åsa Öberg", "Ärla Sund", "Örjan Lind"]
    # Another collation than the stored one: the caller sorts itself.
    assert name_keys.ordered_ids(db, "en") is None
    # German, French and English share ICU's root order: the stored keys serve them all.
    set_locale(db, "de")
    assert name_keys.ordered_ids(db, "en") == expected(db, "en")
    assert name_keys.ordered_ids(db, "fr") == expected(db, "fr")


def test_a_rename_keeps_the_order_right(db) -> None:  # noqa: ANN001
    ids = add(db, *NAMES)
    roster.update_member(db, ids["Zoë Adams"], MemberInput(name="Aaron Adams"))
    assert missing_keys(db) == 0
    assert names_in(db, name_keys.ordered_ids(db, "en"))[0] == "Aaron Adams"


def test_a_rename_behind_copdesks_back_empties_the_key_not_the_order(db) -> None:  # noqa: ANN001
    ids = add(db, *NAMES)
    db.connection().exec_driver_sql(
        "UPDATE members SET name = 'Aaron' WHERE id = ?", (ids["Zoë Adams"],)
    )
    db.commit()
    assert missing_keys(db) == 1  # the trigger emptied the stale key
    order = name_keys.ordered_ids(db, "en")
    assert order == expected(db, "en") and names_in(db, order)[0] == "Aaron"
    # A member written without a key (e.g. by the sqlite3 shell) is merged in too.
    db.connection().exec_driver_sql("INSERT INTO members (name, preferred_name, email, phone, notes) VALUES ('Bea', '', '', '', '')")
    db.commit()
    assert name_keys.ordered_ids(db, "en") == expected(db, "en")


def test_removed_people_are_left_out(db) -> None:  # noqa: ANN001
    ids = add(db, *NAMES)
    roster.remove_member(db, ids["Olof Ek"])
    order = name_keys.ordered_ids(db, "en")
    assert ids["Olof Ek"] not in order and order == expected(db, "en")


def test_keys_from_another_icu_are_not_used(db) -> None:  # noqa: ANN001
    add(db, *NAMES)
    db.connection().exec_driver_sql("UPDATE name_keys SET identity = 'icu 1.0 '")
    db.commit()
    assert name_keys.ordered_ids(db, "en") is None
    assert name_keys.key_function(db) is None  # new names get no key from stale rules
    add(db, "Bea")
    assert missing_keys(db) == 1
    # Any later change of language stores fresh keys for everyone.
    set_locale(db, "es")
    assert missing_keys(db) == 0 and name_keys.ordered_ids(db, "es") == expected(db, "es")


def test_an_import_stores_the_keys(db) -> None:  # noqa: ANN001
    data = "Name,Email\nÅsa Öberg,asa@example.org\nZoë Adams,zoe@example.org\nÁlvaro Núñez,\n"
    report = roster_io.import_csv(db, data.encode())
    assert report.added == 3
    assert missing_keys(db) == 0
    assert name_keys.ordered_ids(db, "en") == expected(db, "en")


def test_migration_0007_keys_the_members_of_an_older_file(cfile) -> None:  # noqa: ANN001
    with cfile.session() as db:
        set_locale(db, "sv")
    path = cfile.path
    dbmod.downgrade(cfile.engine, "0006")
    cfile.close()
    con = sqlite3.connect(path)
    con.executemany(
        "INSERT INTO members (name, preferred_name, email, phone, notes) VALUES (?, '', '', '', '')",
        [(n,) for n in NAMES],
    )
    con.commit()
    con.close()
    reopened = dbmod.open_community(path)
    try:
        assert dbmod.read_revision(path) == "0007"
        with reopened.session() as db:
            assert name_keys.stored_locale(db) == "sv" and missing_keys(db) == 0
            assert name_keys.ordered_ids(db, "sv") == expected(db, "sv")
    finally:
        reopened.close()


def test_scrambled_values_read_through_the_driver_are_reported_as_damage(cfile) -> None:  # noqa: ANN001
    from copdesk.errors import DamagedFile

    with cfile.session() as db:
        ids = add(db, *NAMES)
        roster.add_role(db, [ids["Olof Ek"]], "host", dt.date(2026, 1, 6))
    con = sqlite3.connect(cfile.path)
    con.execute("UPDATE members SET joined_on = 'not a date' WHERE id = ?", (ids["Olof Ek"],))
    con.commit()
    with pytest.raises(DamagedFile), cfile.session() as db:
        roster.list_members(db)
    con.execute("UPDATE members SET joined_on = NULL")
    con.execute("UPDATE member_roles SET starts_on = 'soon'")
    con.commit()
    with pytest.raises(DamagedFile), cfile.session() as db:
        roster.get_members(db, [ids["Olof Ek"]])
    # Text that is not UTF-8, met by the driver itself (a name without its key is read).
    con.execute("UPDATE members SET name = CAST(x'ff41' AS TEXT), name_key = NULL WHERE id = 1")
    con.commit()
    con.close()
    with pytest.raises(DamagedFile), cfile.session() as db:
        name_keys.ordered_ids(db, "en")

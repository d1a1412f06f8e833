"""Automatic backups, thinning, restoring, saving a copy; privacy and storage errors of the file."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from copdesk import backups, lock
from copdesk import db as dbmod
from copdesk.errors import DamagedFile, FileProblem
from copdesk.paths import backups_dir
from copdesk.services import roster
from copdesk.services.community import CommunityInfo, create_community

UTC = dt.UTC
POSIX = os.name == "posix"


def _add(cfile, *names: str) -> None:  # noqa: ANN001
    with cfile.session() as db:
        for name in names:
            roster.add_member(db, roster.MemberInput(name=name))


def _names(path: Path) -> list[str]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT name FROM members ORDER BY id")]
    finally:
        con.close()


# -- taking and listing ------------------------------------------------------------------------


def test_backup_is_a_private_sound_copy_in_the_backup_folder(cfile) -> None:  # noqa: ANN001
    _add(cfile, "Ana", "Bo")
    info = backups.take_backup(cfile.path, "manual")
    assert info.path.parent == backups_dir()
    assert info.path.parent != cfile.path.parent
    assert info.reason == "manual" and info.members == 2 and info.sessions == 0
    assert info.size == info.path.stat().st_size > 0
    assert info.source_key == lock.file_key(cfile.path) and info.source_stem == "test"
    assert abs(info.taken_at - dt.datetime.now(UTC)) < dt.timedelta(minutes=1)
    assert backups.parse_backup_name(info.path.name)[1:] == (
        info.source_key,
        info.taken_at,
        "manual",
    )
    assert _names(info.path) == ["Ana", "Bo"]
    assert backups.backup_problem(info.path) is None
    if POSIX:
        assert info.path.stat().st_mode & 0o777 == 0o600
        assert backups_dir().stat().st_mode & 0o777 == 0o700
    assert [p.name for p in backups_dir().iterdir()] == [info.path.name]  # no temporaries


def test_reasons_are_simple_tags(cfile) -> None:  # noqa: ANN001
    with pytest.raises(ValueError):
        backups.take_backup(cfile.path, "../evil")
    with pytest.raises(ValueError):
        backups.take_backup(cfile.path, "two--dashes")


def test_odd_file_names_round_trip(tmp_path: Path) -> None:
    made = create_community(tmp_path / "Café -- «Circle» 2024", CommunityInfo(name="C"))
    made.close()
    info = backups.take_backup(made.path, "manual")
    (listed,) = backups.list_backups(made.path)
    assert listed.path == info.path and listed.reason == "manual"


def test_list_is_newest_first_and_only_for_that_file(cfile, tmp_path: Path) -> None:  # noqa: ANN001
    other = create_community(tmp_path / "other", CommunityInfo(name="Other"))
    backups.take_backup(other.path, "manual")
    other.close()
    t0 = dt.datetime(2024, 3, 1, 12, tzinfo=UTC)
    for hours, reason in ((0, "open"), (5, "periodic"), (2, "manual")):
        backups.take_backup(cfile.path, reason, now=t0 + dt.timedelta(hours=hours))
    listed = backups.list_backups(cfile.path)
    assert [b.reason for b in listed] == ["periodic", "manual", "open"]
    assert all(b.members == 0 for b in listed)
    assert [b.reason for b in backups.list_backups(cfile.path, counts=False)] == [
        "periodic",
        "manual",
        "open",
    ]
    assert backups.list_backups(tmp_path / "never-backed-up.copdesk") == []


def test_same_instant_backups_do_not_overwrite_each_other(cfile) -> None:  # noqa: ANN001
    moment = dt.datetime(2024, 3, 1, 12, tzinfo=UTC)
    a = backups.take_backup(cfile.path, "manual", now=moment)
    b = backups.take_backup(cfile.path, "manual", now=moment)
    assert a.path != b.path and a.path.exists() and b.path.exists()


def test_opening_takes_a_backup_and_thins(cfile) -> None:  # noqa: ANN001
    path = cfile.path
    _add(cfile, "Ana")
    cfile.close()
    long_ago = dt.datetime.now(UTC) - dt.timedelta(days=60)
    for hours in range(3):  # three from the same day two months ago: thinning keeps one
        backups.take_backup(path, "periodic", now=long_ago + dt.timedelta(hours=hours))
    with dbmod.open_community(path) as opened:
        assert opened.last_backup is not None and opened.last_backup.reason == "open"
        assert opened.last_backup.members == 1 and opened.backup_problem is None
    reasons = [b.reason for b in backups.list_backups(path)]
    assert reasons == ["open", "periodic"]


def test_a_file_opened_read_only_is_not_backed_up(cfile) -> None:  # noqa: ANN001
    cfile.close()
    with dbmod.open_community(cfile.path, readonly=True) as ro:
        assert ro.readonly and ro.last_backup is None
        assert ro.backup_if_due() is None
    assert backups.list_backups(cfile.path) == []


# -- thinning -----------------------------------------------------------------------------------


def _local(*args: int) -> dt.datetime:
    return dt.datetime(*args).astimezone()  # naive = local time


def test_thinning_policy() -> None:
    now = _local(2024, 6, 15, 18, 0)
    times = [
        _local(2024, 6, 15, 17, 0),  # today: all kept
        _local(2024, 6, 15, 9, 0),
        _local(2024, 6, 15, 0, 5),
        _local(2024, 6, 14, 20, 0),  # yesterday: newest kept
        _local(2024, 6, 14, 8, 0),
        _local(2024, 6, 9, 12, 0),  # 6 days ago: kept
        _local(2024, 6, 8, 12, 0),  # 7 days ago: kept (its own day)
        _local(2024, 6, 8, 11, 0),
        _local(2024, 6, 6, 12, 0),  # 9 days, ISO week 23: newest of that week kept
        _local(2024, 6, 4, 12, 0),
        _local(2024, 5, 29, 12, 0),  # 17 days, week 22
        _local(2024, 5, 20, 12, 0),  # 26 days, week 21
        _local(2024, 5, 17, 12, 0),  # 29 days: monthly, May
        _local(2024, 5, 2, 12, 0),
        _local(2024, 4, 30, 12, 0),  # April
        _local(2024, 4, 1, 12, 0),
        _local(2023, 12, 31, 12, 0),  # December 2023
    ]
    keep, drop = backups.plan_thinning(times, now, key=lambda t: t)
    assert keep == [
        _local(2024, 6, 15, 17, 0),
        _local(2024, 6, 15, 9, 0),
        _local(2024, 6, 15, 0, 5),
        _local(2024, 6, 14, 20, 0),
        _local(2024, 6, 9, 12, 0),
        _local(2024, 6, 8, 12, 0),
        _local(2024, 6, 6, 12, 0),
        _local(2024, 5, 29, 12, 0),
        _local(2024, 5, 20, 12, 0),
        _local(2024, 5, 17, 12, 0),
        _local(2024, 4, 30, 12, 0),
        _local(2023, 12, 31, 12, 0),
    ]
    assert sorted(drop) == sorted(set(times) - set(keep))


def test_thinning_never_deletes_the_newest_and_is_stable() -> None:
    now = _local(2024, 6, 15, 18, 0)
    old = [_local(2023, 1, 1, h) for h in (9, 10, 11)]
    keep, drop = backups.plan_thinning(old, now, key=lambda t: t)
    assert keep == [_local(2023, 1, 1, 11)] and len(drop) == 2
    assert backups.plan_thinning([], now, key=lambda t: t) == ([], [])
    # thinning what was kept deletes nothing more
    times = [now - dt.timedelta(hours=7 * i) for i in range(400)]
    keep, _ = backups.plan_thinning(times, now, key=lambda t: t)
    assert backups.plan_thinning(keep, now, key=lambda t: t) == (keep, [])
    assert len(keep) < 30


def test_thin_backups_deletes_what_the_plan_drops(cfile) -> None:  # noqa: ANN001
    now = dt.datetime(2024, 6, 15, 18, tzinfo=UTC)
    taken = [
        backups.take_backup(cfile.path, "periodic", now=now - dt.timedelta(days=40, hours=h))
        for h in range(4)
    ]
    stale = backups_dir() / ".tmp-crashed.copdesk"
    stale.write_bytes(b"half a backup")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    deleted = backups.thin_backups(cfile.path, now)
    assert sorted(deleted) == sorted(b.path for b in taken[1:])
    assert [b.path for b in backups.list_backups(cfile.path)] == [taken[0].path]
    assert not stale.exists()


# -- when to back up ------------------------------------------------------------------------------


def test_scheduler() -> None:
    sched = backups.BackupScheduler()
    t = dt.datetime(2024, 6, 15, 18, tzinfo=UTC)
    assert not sched.due(t, t - dt.timedelta(hours=5), 0)  # nothing changed
    assert sched.due(t, None, 1)  # never backed up
    assert not sched.due(t, t - dt.timedelta(minutes=29), 10)
    assert sched.due(t, t - dt.timedelta(minutes=30), 1)
    naive_local = t.astimezone().replace(tzinfo=None)
    assert sched.due(naive_local, t - dt.timedelta(hours=1), 1)
    assert not backups.BackupScheduler(dt.timedelta(hours=2)).due(t, t - dt.timedelta(hours=1), 3)


def test_backup_if_due_counts_changes(cfile) -> None:  # noqa: ANN001
    path = cfile.path
    cfile.close()
    opened = dbmod.open_community(path)
    try:
        assert opened.changes_since_backup == 0
        with opened.session() as db:
            roster.list_members(db)
            db.commit()  # a commit without changes is not a change
        assert opened.changes_since_backup == 0
        assert opened.backup_if_due() is None
        _add(opened, "Ana", "Bo")
        assert opened.changes_since_backup == 2
        assert opened.backup_if_due() is None  # not 30 minutes yet
        later = dt.datetime.now(UTC) + dt.timedelta(minutes=31)
        info = opened.backup_if_due(later)
        assert info is not None and info.reason == "periodic" and info.members == 2
        assert opened.changes_since_backup == 0 and opened.last_backup == info
    finally:
        opened.close()


# -- restoring ----------------------------------------------------------------------------------------


def test_restore_keeps_the_current_state_and_replaces_the_file(cfile) -> None:  # noqa: ANN001
    path = cfile.path
    _add(cfile, "Ana")
    early = backups.take_backup(path, "manual")
    _add(cfile, "Bo")
    cfile.close()
    before = backups.restore_backup(early, path)
    assert before is not None and before.reason == "before-restore" and before.members == 2
    assert _names(path) == ["Ana"]
    assert _names(before.path) == ["Ana", "Bo"]
    if POSIX:
        assert path.stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith((".", "test"))) == [
        "test.copdesk"
    ]
    with dbmod.open_community(path) as reopened, reopened.session() as db:
        assert [m.name for m in roster.list_members(db)] == ["Ana"]


def test_restore_refuses_a_damaged_backup_and_leaves_the_target(cfile) -> None:  # noqa: ANN001
    path = cfile.path
    _add(cfile, *(f"m{i}" for i in range(200)))
    info = backups.take_backup(path, "manual")
    cfile.close()
    data = bytearray(info.path.read_bytes())
    for offset in range(4096 * 2, len(data), 13):
        data[offset] ^= 0x5A
    info.path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(DamagedFile, match="cannot be restored"):
        backups.restore_backup(info, path)
    assert path.read_bytes() == before
    assert [b.reason for b in backups.list_backups(path)] == ["manual"]  # nothing else taken


def test_restore_to_a_missing_file_and_over_a_stale_journal(cfile, tmp_path: Path) -> None:  # noqa: ANN001
    _add(cfile, "Ana")
    info = backups.take_backup(cfile.path, "manual")
    cfile.close()
    lost = tmp_path / "lost.copdesk"
    assert backups.restore_backup(info, lost) is None
    assert _names(lost) == ["Ana"]
    # A journal left beside the target must never be "rolled back" into the restored file.
    stale = dbmod.journal_path(lost)
    stale.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\x00" * 600)
    backups.restore_backup(info, lost)
    assert not stale.exists()
    assert _names(lost) == ["Ana"] and dbmod.quick_check(lost, full=True) == "ok"


def test_restore_over_an_unreadable_file_keeps_it_byte_for_byte(cfile) -> None:  # noqa: ANN001
    path = cfile.path
    _add(cfile, "Ana")
    info = backups.take_backup(path, "manual")
    cfile.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = backups.restore_backup(info, path)
    assert (
        before is not None and before.path.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 5000
    )
    assert _names(path) == ["Ana"]


def test_newest_sound_backup(cfile) -> None:  # noqa: ANN001
    path = cfile.path
    assert backups.newest_sound_backup(path) is None
    good = backups.take_backup(path, "manual")
    bad = backups.take_backup(path, "manual")
    bad.path.write_bytes(b"")
    assert backups.newest_sound_backup(path).path == good.path
    assert backups.backup_problem(bad.path)


# -- saving a copy elsewhere ----------------------------------------------------------------------


def test_save_copy_as(cfile, tmp_path: Path) -> None:  # noqa: ANN001
    _add(cfile, "Ana")
    (tmp_path / "elsewhere").mkdir()
    copy = backups.save_copy_as(cfile.path, tmp_path / "elsewhere" / "copy")
    assert copy.name == "copy.copdesk" and _names(copy) == ["Ana"]
    assert all(f.ok for f in dbmod.check_file(copy))
    if POSIX:
        assert copy.stat().st_mode & 0o077 == 0
    with pytest.raises(FileProblem, match="the file itself"):
        backups.save_copy_as(cfile.path, cfile.path)
    with pytest.raises(FileProblem, match="does not exist"):
        backups.save_copy_as(cfile.path, tmp_path / "nowhere" / "copy.copdesk")


# -- the file itself: privacy, read-only opens, storage errors, repairs ------------------------------


@pytest.mark.skipif(not POSIX, reason="permission bits are POSIX")
def test_file_and_journal_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        made = create_community(tmp_path / "open", CommunityInfo(name="Open"))
    finally:
        os.umask(old)
    try:
        assert made.path.stat().st_mode & 0o777 == 0o600
        with made.engine.connect() as con:
            con.execute(text("UPDATE community SET purpose = 'a change'"))
            journal = dbmod.journal_path(made.path)
            assert journal.exists()
            assert journal.stat().st_mode & 0o777 == 0o600
            con.rollback()
    finally:
        made.close()


def test_connections_overwrite_deleted_data(cfile) -> None:  # noqa: ANN001
    with cfile.engine.connect() as con:
        assert con.execute(text("PRAGMA secure_delete")).scalar() == 1
    _add(cfile, "Secret Person")
    with cfile.session() as db:
        roster.remove_member(db, roster.list_members(db)[0].id)
    cfile.close()
    assert b"Secret Person" not in cfile.path.read_bytes()


def test_read_only_open_refuses_writes(cfile) -> None:  # noqa: ANN001
    _add(cfile, "Ana")
    cfile.close()
    before = cfile.path.read_bytes()
    with dbmod.open_community(cfile.path, readonly=True) as ro, ro.session() as db:
        with pytest.raises(dbmod.ReadOnlyFile, match="open read-only"):
            roster.add_member(db, roster.MemberInput(name="Bo"))
        assert [m.name for m in roster.list_members(db)] == ["Ana"]
    assert cfile.path.read_bytes() == before


def test_an_older_file_cannot_be_opened_read_only(cfile) -> None:  # noqa: ANN001
    dbmod.downgrade(cfile.engine, "base")
    cfile.close()
    before = cfile.path.read_bytes()
    with pytest.raises(FileProblem, match="must be upgraded"):
        dbmod.open_community(cfile.path, readonly=True)
    assert cfile.path.read_bytes() == before


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (errno.ENOSPC, dbmod.StorageError, "disk is full"),
        (errno.EROFS, dbmod.ReadOnlyFile, "cannot be written to"),
        (errno.EACCES, dbmod.ReadOnlyFile, "not allowed to write"),
        (errno.EIO, dbmod.StorageError, "was it removed"),
    ],
)
def test_os_errors_become_sentences(code: int, kind: type, words: str) -> None:
    mapped = dbmod.storage_error(OSError(code, os.strerror(code)), Path("x.copdesk"))
    assert type(mapped) is kind and words in mapped.message
    assert dbmod.storage_error(ValueError("a bug"), None) is None


def test_sqlite_errors_become_sentences(tmp_path: Path) -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (x UNIQUE)")
    con.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError) as constraint:
        con.execute("INSERT INTO t VALUES (1)")
    assert dbmod.storage_error(constraint.value, None) is None  # not a storage problem
    con.execute("PRAGMA max_page_count = 1")
    with pytest.raises(sqlite3.OperationalError) as full:
        con.execute("INSERT INTO t SELECT randomblob(100000)")
    assert isinstance(dbmod.storage_error(full.value, None), dbmod.StorageError)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"x" * 4096)
    with pytest.raises(sqlite3.DatabaseError) as notadb:
        sqlite3.connect(bad).execute("SELECT * FROM sqlite_master")
    assert isinstance(dbmod.storage_error(notadb.value, bad), DamagedFile)


DIE_MID_WRITE = textwrap.dedent(
    """
    import os, sqlite3, sys
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("PRAGMA cache_size = 1")  # spill changed pages into the file before commit
    con.execute("BEGIN")
    con.execute("UPDATE members SET notes = hex(randomblob(3000))")
    os._exit(9)
    """
)


def test_a_writer_that_died_mid_write_is_repaired_on_open(cfile) -> None:  # noqa: ANN001
    path = cfile.path
    _add(cfile, *(f"m{i}" for i in range(50)))
    cfile.close()
    committed = path.read_bytes()
    subprocess.run([sys.executable, "-c", DIE_MID_WRITE, str(path)], check=False)
    assert dbmod.journal_path(path).exists() and path.read_bytes() != committed
    with pytest.raises(FileProblem, match="not closed properly"):
        dbmod.open_community(path, readonly=True)
    assert any("not closed properly" in f.message for f in dbmod.check_file(path))
    with dbmod.open_community(path) as opened, opened.session() as db:
        assert len(roster.list_members(db)) == 50
    assert not dbmod.journal_path(path).exists()
    assert all(f.ok for f in dbmod.check_file(path))

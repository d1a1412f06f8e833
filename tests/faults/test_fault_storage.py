"""Full disks and read-only media: a clear StorageError, nothing changed, the file stays sound."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text

from copdesk import backups
from copdesk import db as dbmod
from copdesk.services import roster
from copdesk.services.community import CommunityInfo, create_community

from .conftest import remount_readonly, run_as

BIG = roster.MemberInput(name="Big", notes="x" * 20_000)


def _names(path: Path) -> list[str]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT name FROM members ORDER BY id")]
    finally:
        con.close()


def _integrity(path: Path) -> str:
    return dbmod.quick_check(path, full=True)


def test_disk_full_via_max_page_count(populated: Path) -> None:
    cfile = dbmod.open_community(populated)
    with cfile.engine.connect() as con:
        pages = con.execute(text("PRAGMA page_count")).scalar()
    event.listen(cfile.engine, "connect", lambda c, _r: c.execute(f"PRAGMA max_page_count={pages}"))
    cfile.engine.dispose()
    before = populated.read_bytes()
    try:
        with cfile.session() as db:
            with pytest.raises(dbmod.StorageError, match="disk is full") as caught:
                roster.add_member(db, BIG)
            assert "Nothing was changed" in caught.value.message
            # the same session is usable again and sees the previous state
            assert len(roster.list_members(db)) == 40
    finally:
        cfile.close()
    assert populated.read_bytes() == before
    assert not dbmod.journal_path(populated).exists()
    assert _integrity(populated) == "ok"


def _fill(folder: Path, leave: int) -> Path:
    """Fill the file system holding ``folder`` until only about ``leave`` bytes are free."""
    filler = folder / "filler"
    free = shutil.disk_usage(folder).free
    with filler.open("wb") as fh:
        try:
            fh.write(b"\0" * max(0, free - leave))
        except OSError:
            pass
    return filler


def test_disk_full_for_real_on_a_tiny_disk(small_disk, tmp_path: Path) -> None:  # noqa: ANN001
    disk = small_disk("1m")
    cfile = create_community(disk / "stick.copdesk", CommunityInfo(name="On a stick"))
    path = cfile.path
    filler = _fill(disk, leave=16 * 1024)
    saved = []
    try:
        with pytest.raises(dbmod.StorageError) as caught:
            for i in range(200):
                with cfile.session() as db:
                    member = roster.MemberInput(name=f"m{i}", notes="x" * 20_000)
                    saved.append(roster.add_member(db, member).name)
        assert "disk" in caught.value.message
        assert _names(path) == saved  # everything acknowledged, nothing half-written
        assert _integrity(path) == "ok"

        # save a copy elsewhere: fails cleanly on the full disk, works on another
        with pytest.raises(dbmod.StorageError, match="could not save the copy"):
            backups.save_copy_as(path, disk / "copy.copdesk")
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "stick.copdesk"]
        elsewhere = backups.save_copy_as(path, tmp_path / "rescued")
        assert elsewhere.name == "rescued.copdesk" and _names(elsewhere) == saved
        assert elsewhere.stat().st_mode & 0o077 == 0

        filler.unlink()  # free some space: saving works again
        with cfile.session() as db:
            roster.add_member(db, roster.MemberInput(name="after"))
    finally:
        cfile.close()
    assert _names(path) == [*saved, "after"]


def test_full_backup_disk_does_not_stop_opening_but_stops_migrating(
    small_disk, cfile, monkeypatch
) -> None:  # noqa: ANN001
    disk = small_disk("256k")
    path = cfile.path
    with cfile.session() as db:
        for i in range(30):
            roster.add_member(db, roster.MemberInput(name=f"m{i}", notes="y" * 5000))
    cfile.close()
    monkeypatch.setenv("COPDESK_DATA_DIR", str(disk / "data"))
    (disk / "data").mkdir()
    _fill(disk, leave=4096)
    with dbmod.open_community(path) as opened:
        assert opened.last_backup is None
        assert opened.backup_problem and "backup" in opened.backup_problem
    leftovers = list((disk / "data" / "backups").iterdir())
    assert leftovers == []  # no half-made backup under any name
    # An older file is never migrated without its backup.
    older = dbmod.open_community(path)
    dbmod.downgrade(older.engine, "base")
    older.close()
    before = path.read_bytes()
    with pytest.raises(dbmod.StorageError, match="backup"):
        dbmod.open_community(path)
    assert path.read_bytes() == before


def test_read_only_disk(small_disk) -> None:  # noqa: ANN001
    disk = small_disk("1m")
    made = create_community(disk / "cd.copdesk", CommunityInfo(name="Burnt to CD"))
    path = made.path
    with made.session() as db:
        roster.add_member(db, roster.MemberInput(name="Ana"))
    made.close()
    remount_readonly(disk)
    before = path.read_bytes()
    with pytest.raises(dbmod.ReadOnlyFile, match="read-only") as caught:
        dbmod.open_community(path)
    assert "open it read-only" in caught.value.message
    with dbmod.open_community(path, readonly=True) as ro:
        with ro.session() as db:
            assert [m.name for m in roster.list_members(db)] == ["Ana"]
            with pytest.raises(dbmod.ReadOnlyFile, match="open read-only"):
                roster.add_member(db, roster.MemberInput(name="Bo"))
    assert path.read_bytes() == before
    assert all(f.ok for f in dbmod.check_file(path))


def _as_other_user(folder_name: str) -> dict:
    """Runs as 'nobody' (see run_as): read-only file, read-only folder, folder gone read-only."""

    def attempt(fn) -> dict:  # noqa: ANN001
        try:
            fn()
            return {"ok": True}
        except dbmod.StorageError as exc:
            return {"error": type(exc).__name__, "message": exc.message}

    folder = Path(folder_name)
    path = folder / "club.copdesk"
    report: dict = {"uid": os.getuid()}

    os.chmod(path, 0o400)  # a read-only file
    report["ro_file_open"] = attempt(lambda: dbmod.open_community(path).close())
    with dbmod.open_community(path, readonly=True) as ro, ro.session() as db:
        report["ro_file_names"] = [m.name for m in roster.list_members(db)]
    os.chmod(path, 0o600)

    os.chmod(folder, 0o500)  # a read-only folder: no room for the journal
    report["ro_folder_open"] = attempt(lambda: dbmod.open_community(path).close())
    os.chmod(folder, 0o700)

    cfile = dbmod.open_community(path)  # the folder turns read-only while the file is open
    os.chmod(folder, 0o500)

    def write() -> None:
        with cfile.session() as db:
            roster.add_member(db, roster.MemberInput(name="Late"))

    report["write_after_folder_ro"] = attempt(write)
    with cfile.session() as db:
        report["names_after"] = [m.name for m in roster.list_members(db)]
    cfile.close()
    os.chmod(folder, 0o700)
    return report


def test_read_only_file_and_folder_as_a_normal_user(other_user, monkeypatch) -> None:  # noqa: ANN001
    uid, gid, scratch = other_user
    folder = scratch / "club"
    folder.mkdir()
    data = scratch / "data"
    data.mkdir()
    made = create_community(folder / "club.copdesk", CommunityInfo(name="Club"))
    with made.session() as db:
        roster.add_member(db, roster.MemberInput(name="Ana"))
    made.close()
    for p in (folder, folder / "club.copdesk", data):
        os.chown(p, uid, gid)
    before = (folder / "club.copdesk").read_bytes()
    monkeypatch.setenv("COPDESK_DATA_DIR", str(data))
    report = run_as(uid, gid, _as_other_user, str(folder))
    assert report["uid"] == uid
    assert report["ro_file_open"]["error"] == "ReadOnlyFile"
    assert "is read-only" in report["ro_file_open"]["message"]
    assert report["ro_file_names"] == ["Ana"]
    assert report["ro_folder_open"]["error"] == "ReadOnlyFile"
    assert "folder" in report["ro_folder_open"]["message"]
    assert report["write_after_folder_ro"]["error"] == "ReadOnlyFile"
    assert "Nothing was changed" in report["write_after_folder_ro"]["message"]
    assert report["names_after"] == ["Ana"]
    assert (folder / "club.copdesk").read_bytes() == before
    assert _integrity(folder / "club.copdesk") == "ok"

"""The community file: identity, pragmas, migrations, refusals, checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from copdesk import db as dbmod
from copdesk.errors import DamagedFile, FileProblem, FileTooNew, NotACopdeskFile
from copdesk.migrations import HEAD
from copdesk.models import Base
from copdesk.paths import backups_dir
from copdesk.services import roster
from copdesk.services.community import CommunityInfo, create_community


def test_new_file_is_a_complete_copdesk_database(cfile) -> None:
    path = cfile.path
    with cfile.session() as db:
        roster.add_member(db, roster.MemberInput(name="Ana"))
    cfile.close()
    # Only the .copdesk file remains: nothing left in a journal or WAL beside it.
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith("test")) == [
        "test.copdesk"
    ]
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == dbmod.APPLICATION_ID
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("SELECT name FROM members").fetchall() == [("Ana",)]
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    finally:
        con.close()


def test_connections_enforce_foreign_keys_and_full_sync(cfile) -> None:
    with cfile.engine.connect() as con:
        assert con.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert con.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_file_is_private_to_its_owner(cfile) -> None:
    assert cfile.path.stat().st_mode & 0o077 == 0


def test_create_adds_the_suffix_and_refuses_to_overwrite(tmp_path: Path) -> None:
    made = create_community(tmp_path / "circle", CommunityInfo(name="Circle"))
    made.close()
    assert made.path.name == "circle.copdesk"
    with pytest.raises(FileProblem):
        create_community(tmp_path / "circle.copdesk", CommunityInfo(name="Again"))


def test_invalid_community_writes_no_file(tmp_path: Path) -> None:
    from copdesk.errors import ValidationError

    with pytest.raises(ValidationError):
        create_community(tmp_path / "x.copdesk", CommunityInfo(name="  "))
    assert list(tmp_path.iterdir()) == []


def test_migrations_match_the_models(cfile) -> None:
    with cfile.engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con), Base.metadata)
    assert diff == []


def test_head_constant_matches_the_migration_scripts() -> None:
    assert dbmod.known_revisions()[-1] == HEAD


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"hello, this is a text file renamed .copdesk\n" * 5,
        b"SQLite format 3\x00" + b"\x00" * 10,
    ],
    ids=["empty", "text", "truncated"],
)
def test_files_that_are_not_copdesk_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.copdesk"
    path.write_bytes(content)
    with pytest.raises(NotACopdeskFile):
        dbmod.open_community(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.copdesk"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(NotACopdeskFile):
        dbmod.open_community(path)
    assert path.read_bytes() == before


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match="does not exist"):
        dbmod.open_community(tmp_path / "nope.copdesk")


def test_file_from_a_newer_copdesk_is_refused_and_untouched(cfile) -> None:
    path = cfile.path
    cfile.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(FileTooNew, match="newer version"):
        dbmod.open_community(path)
    assert path.read_bytes() == before
    assert not backups_dir().exists() or list(backups_dir().iterdir()) == []


def test_older_file_is_backed_up_then_upgraded(cfile) -> None:
    path = cfile.path
    # Take the schema back to before the first revision: an "older" file.
    dbmod.downgrade(cfile.engine, "base")
    cfile.close()
    assert dbmod.read_revision(path) is None
    reopened = dbmod.open_community(path)
    try:
        assert dbmod.read_revision(path) == HEAD
        with reopened.session() as db:
            assert roster.list_members(db) == []
    finally:
        reopened.close()
    backups = list(backups_dir().iterdir())
    assert len(backups) == 1 and "before-upgrade" in backups[0].name
    assert dbmod.read_revision(backups[0]) is None  # the backup holds the file as it was


def test_damaged_file_is_refused_and_check_reports_it(cfile) -> None:
    path = cfile.path
    with cfile.session() as db:
        for i in range(300):
            roster.add_member(db, roster.MemberInput(name=f"Member {i}", notes="x" * 200))
    cfile.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 8), 7):  # scribble over b-tree pages
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(DamagedFile):
        dbmod.open_community(path)
    assert path.read_bytes() == before
    findings = dbmod.check_file(path)
    assert not all(f.ok for f in findings)


def test_check_passes_a_sound_file(cfile) -> None:
    cfile.close()
    findings = dbmod.check_file(cfile.path)
    assert findings and all(f.ok for f in findings)

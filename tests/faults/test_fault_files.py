"""Failed migrations, files from elsewhere and damaged files: refused or repaired, never a crash."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from copdesk import backups
from copdesk import db as dbmod
from copdesk.errors import CopdeskError, DamagedFile, FileTooNew, NotACopdeskFile
from copdesk.migrations import HEAD
from copdesk.paths import backups_dir
from copdesk.services import roster

from .conftest import KILLS, count_migration_steps, instrument_steps


class Injected(RuntimeError):
    pass


def _raise(step: int) -> None:
    raise Injected(f"injected at step {step}")


@pytest.fixture
def older(cfile) -> Path:  # noqa: ANN001
    """A file at the schema before the first revision (as test_db makes one)."""
    with cfile.session() as db:
        roster.add_member(db, roster.MemberInput(name="Ana"))
    dbmod.downgrade(cfile.engine, "base")
    cfile.close()
    return cfile.path


def test_an_exception_at_every_migration_step_leaves_the_file_as_it_was(
    older: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = count_migration_steps(older, tmp_path / "probe", monkeypatch)
    assert steps >= 5
    original = older.read_bytes()
    for step in range(1, steps + 1):
        with monkeypatch.context() as m:
            instrument_steps(m, step, _raise)
            with pytest.raises(dbmod.UpgradeFailed, match="has not been changed"):
                dbmod.open_community(older)
        assert older.read_bytes() == original, f"step {step}: the file changed"
        assert not dbmod.journal_path(older).exists()
    # Each attempt kept a "before-upgrade" backup; the lock was released every time.
    kept = backups.list_backups(older)
    assert kept and all(b.reason == "before-upgrade" for b in kept)
    with dbmod.open_community(older) as upgraded:
        assert dbmod.read_revision(older) == HEAD
        with upgraded.session() as db:
            assert roster.list_members(db) == []  # downgrade to base dropped the tables


def test_a_half_done_migration_is_put_back_from_the_backup(
    older: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_upgrade = dbmod._upgrade

    def commits_then_fails(engine, target="head"):  # noqa: ANN001, ANN202
        real_upgrade(engine, target)  # committed: the file is now changed
        raise Injected("after the commit")

    monkeypatch.setattr(dbmod, "_upgrade", commits_then_fails)
    with pytest.raises(dbmod.UpgradeFailed):
        dbmod.open_community(older)
    assert dbmod.read_revision(older) is None
    (backup,) = backups.list_backups(older)
    assert older.read_bytes() == backup.path.read_bytes()
    assert dbmod.quick_check(older, full=True) == "ok"


def test_newer_and_foreign_files_are_refused_unchanged(cfile, tmp_path: Path) -> None:  # noqa: ANN001
    newer = cfile.path
    cfile.close()
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    con.commit()
    con.close()
    foreign = tmp_path / "foreign.copdesk"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes (x)")
    con.execute("INSERT INTO notes VALUES ('private')")
    con.commit()
    con.close()
    for path, error in ((newer, FileTooNew), (foreign, NotACopdeskFile)):
        before = path.read_bytes()
        for readonly in (False, True):
            with pytest.raises(error):
                dbmod.open_community(path, readonly=readonly)
            assert path.read_bytes() == before
        with pytest.raises(CopdeskError):
            backups.restore_backup(path, tmp_path / "restored.copdesk")
        assert not (tmp_path / "restored.copdesk").exists()
    assert not backups_dir().exists() or list(backups_dir().iterdir()) == []


def _flip(data: bytes, offsets: list[int]) -> bytes:
    out = bytearray(data)
    for offset in offsets:
        out[offset] ^= 0xFF
    return bytes(out)


def _damaged_variants(original: bytes, rng) -> dict[str, bytes]:  # noqa: ANN001
    page = 4096
    variants = {
        "zero-length": b"",
        "text-file": b"Dear convener,\nthis is a letter, not a community.\n" * 20,
        "truncated-header": original[:50],
        "truncated-half": original[: len(original) // 2],
        "truncated-one-page-short": original[:-page],
        "header-garbage": _flip(original, list(range(16, 100))),
        "page-1-scribbled": _flip(original, list(range(100, page, 3))),
        "btree-pages-scribbled": _flip(original, list(range(page, len(original), 11))),
    }
    fuzz = max(20, KILLS // 4)
    for i in range(fuzz):
        count = rng.choice([1, 4, 32, 256])
        variants[f"random-flips-{i}-x{count}"] = _flip(
            original, [rng.randrange(len(original)) for _ in range(count)]
        )
    return variants


def _read_everything(path: Path) -> None:
    """Open and read like the window does; only CopdeskError may come out."""
    with dbmod.open_community(path) as cfile, cfile.session() as db:
        from copdesk.services import community, meetings

        community.get_community(db)
        roster.list_members(db)
        for row in meetings.list_meetings(db):
            meetings.get_meeting(db, row.id)


def test_damaged_files_are_detected_never_crash_and_a_sound_backup_is_offered(
    populated: Path, rng, tmp_path: Path
) -> None:  # noqa: ANN001
    with dbmod.open_community(populated) as opened:
        good = opened.last_backup  # the backup on open
    assert good is not None and good.members == 40
    original = populated.read_bytes()
    outcomes: dict[str, str] = {}
    for name, content in _damaged_variants(original, rng).items():
        populated.write_bytes(content)
        dbmod.journal_path(populated).unlink(missing_ok=True)
        try:
            _read_everything(populated)
            outcomes[name] = "opened"
        except CopdeskError as exc:
            outcomes[name] = type(exc).__name__
            assert exc.message and "Traceback" not in exc.message
        findings = dbmod.check_file(populated)  # never raises
        assert findings and all(f.message for f in findings)
        if outcomes[name] in ("NotACopdeskFile", "FileTooNew"):
            assert not all(f.ok for f in findings), name
        offered = backups.newest_sound_backup(populated)
        assert offered is not None, name
        assert backups.backup_problem(offered.path) is None
    for name in ("zero-length", "text-file", "truncated-header", "header-garbage"):
        assert outcomes[name] == "NotACopdeskFile", (name, outcomes[name])
    for name in ("truncated-half", "btree-pages-scribbled", "page-1-scribbled"):
        assert outcomes[name] in ("DamagedFile", "FileProblem"), (name, outcomes[name])

    # the offered backup restores, and a file SQLite cannot read is itself kept byte for byte
    damaged = _damaged_variants(original, rng)["text-file"]
    populated.write_bytes(damaged)
    offered = backups.newest_sound_backup(populated)
    before = backups.restore_backup(offered, populated)
    assert before is not None and before.path.read_bytes() == damaged
    with dbmod.open_community(populated) as cfile, cfile.session() as db:
        assert len(roster.list_members(db)) == 40


def test_a_damaged_newest_backup_is_skipped(populated: Path) -> None:
    first = backups.take_backup(populated, "periodic")
    newest = backups.take_backup(populated, "periodic")
    newest.path.write_bytes(newest.path.read_bytes()[:8192])
    assert backups.newest_sound_backup(populated).path == first.path
    populated.write_bytes(b"")
    with pytest.raises(DamagedFile):
        backups.restore_backup(newest, populated)
    assert populated.read_bytes() == b""  # untouched by the refused restore


@pytest.mark.parametrize(
    "content", [b"", b"plain text\n" * 50, b"SQLite format 3\x00" + b"\1" * 300]
)
def test_the_command_line_never_shows_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.copdesk"
    path.write_bytes(content)
    for command in (["check", str(path)], ["agenda", str(path), "--next"]):
        result = subprocess.run(
            [sys.executable, "-m", "copdesk", *command], capture_output=True, text=True
        )
        assert result.returncode != 0
        assert "Traceback" not in result.stderr + result.stdout
    assert path.read_bytes() == content

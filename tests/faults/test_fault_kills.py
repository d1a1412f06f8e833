"""kill -9 at random moments: nothing acknowledged is lost, the file stays sound and opens.

Also: a backup taken while another process writes is sound and restores, and kill -9 during a
migration leaves a file that the next open repairs and upgrades.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from copdesk import backups
from copdesk import db as dbmod
from copdesk.migrations import HEAD
from copdesk.services import roster

from .conftest import KILLS, SEED, WRITER, count_migration_steps

ROOT = Path(__file__).resolve().parents[2]


def _member_ids(path: Path) -> set[int]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {row[0] for row in con.execute("SELECT id FROM members")}
    finally:
        con.close()


def test_kill_9_never_loses_an_acknowledged_change(cfile, spawn, rng, capsys) -> None:  # noqa: ANN001
    path = cfile.path
    cfile.close()
    acknowledged: set[int] = set()
    hot_journals = during_open = 0
    started = time.monotonic()
    for round_ in range(KILLS):
        child = spawn(WRITER, str(path), f"r{round_}")
        if rng.random() < 0.15:
            time.sleep(rng.uniform(0.05, 0.6))  # somewhere in start-up, lock, recovery, backup
        else:
            child.wait_ready()
            time.sleep(rng.uniform(0.0, 0.25))
        child.kill()
        ids = child.acknowledged_ids()
        during_open += not ids
        hot_journals += dbmod.journal_path(path).exists()
        acknowledged |= set(ids)

        reopened = dbmod.open_community(path)  # repairs a hot journal, backs up, thins
        try:
            with reopened.engine.connect() as con:
                assert con.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
            with reopened.session() as db:
                present = {m.id for m in roster.list_members(db)}
        finally:
            reopened.close()
        missing = acknowledged - present
        assert not missing, f"round {round_} (seed {SEED}): lost acknowledged ids {sorted(missing)}"
    assert all(f.ok for f in dbmod.check_file(path))
    with capsys.disabled():
        print(
            f"\n[faults] {KILLS} kills survived in {time.monotonic() - started:.1f}s: "
            f"{len(acknowledged)} acknowledged members all present, {hot_journals} kills left a "
            f"journal, {during_open} kills before the first commit (seed {SEED})"
        )


def test_backup_taken_during_concurrent_writes_is_sound_and_restores(
    cfile, spawn, tmp_path: Path
) -> None:  # noqa: ANN001
    path = cfile.path
    cfile.close()
    child = spawn(WRITER, str(path), "w")
    child.wait_ready()
    taken = []
    deadline = time.monotonic() + 20
    while len(taken) < 8 and time.monotonic() < deadline:
        time.sleep(0.05)
        if child.acknowledged_ids():
            taken.append(backups.take_backup(path, "periodic"))
    child.kill()
    assert len(taken) == 8
    for info in taken:
        assert backups.backup_problem(info.path) is None
        ids = _member_ids(info.path)
        assert ids == set(range(1, len(ids) + 1))  # a consistent snapshot: no gaps
    counts = [len(_member_ids(info.path)) for info in taken]
    assert counts == sorted(counts) and counts[-1] > 0

    before = backups.restore_backup(taken[3], path)
    assert before is not None and before.reason == "before-restore"
    with dbmod.open_community(path) as reopened, reopened.session() as db:
        assert len(roster.list_members(db)) == counts[3]
    # the state that was replaced is itself a sound backup holding everything acknowledged
    assert _member_ids(before.path) >= set(child.acknowledged_ids())


KILL_AT_STEP = """
import os, signal, sys
import pytest
from copdesk.db import open_community
from tests.faults.conftest import instrument_steps

instrument_steps(pytest.MonkeyPatch(), int(sys.argv[2]), lambda _step: os.kill(os.getpid(), signal.SIGKILL))
print("ready", flush=True)
open_community(sys.argv[1])
print("finished", flush=True)
"""


def _older_file(cfile) -> Path:  # noqa: ANN001
    path = cfile.path
    with cfile.session() as db:
        roster.add_member(db, roster.MemberInput(name="Ana"))
    dbmod.downgrade(cfile.engine, "base")
    cfile.close()
    return path


def test_kill_9_during_a_migration_is_repaired_on_next_open(
    cfile, spawn, rng, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    path = _older_file(cfile)
    original = path.read_bytes()
    count = count_migration_steps(path, tmp_path / "probe", monkeypatch)
    steps = list(range(1, count + 1))
    if KILLS <= 50:  # CI: the first, the last and a few in between
        steps = sorted({1, count, *rng.sample(steps, min(3, count))})
    for step in steps:
        path.write_bytes(original)
        child = spawn(KILL_AT_STEP, str(path), str(step), env={"PYTHONPATH": str(ROOT)})
        child.proc.wait(timeout=30)
        child.kill()
        assert "finished" not in child.lines, f"step {step} was never reached"
        # What the next open sees first, once SQLite has rolled the journal back:
        con = sqlite3.connect(path)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        con.close()
        assert path.read_bytes() == original, f"kill at migration step {step} changed the file"
        with dbmod.open_community(path) as reopened:
            assert dbmod.read_revision(path) == HEAD
            assert reopened.path == path


@pytest.mark.parametrize("when", ["before-first-commit", "mid-stream"])
def test_kill_9_releases_the_lock(cfile, spawn, when: str) -> None:  # noqa: ANN001
    path = cfile.path
    cfile.close()
    child = spawn(WRITER, str(path), "k")
    child.wait_ready()
    if when == "mid-stream":
        while not child.acknowledged_ids():
            time.sleep(0.01)
    child.kill()
    with dbmod.open_community(path) as reopened:  # no FileInUse: the kernel dropped the lock
        assert not reopened.readonly

"""One writer: a second copdesk is refused at once, naming the first; a killed holder frees it."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from copdesk import backups, lock
from copdesk import db as dbmod
from copdesk.services import roster

from .conftest import HOLDER, WRITER


def test_a_second_copdesk_is_refused_immediately_and_told_who(cfile, spawn) -> None:  # noqa: ANN001
    path = cfile.path
    cfile.close()
    holder = spawn(HOLDER, str(path))
    holder.wait_ready()
    started = time.monotonic()
    with pytest.raises(lock.FileInUse) as caught:
        dbmod.open_community(path)
    assert time.monotonic() - started < 1.0  # no waiting on SQLite's busy timeout
    err = caught.value
    assert err.holder is not None and err.holder.pid == holder.proc.pid
    assert str(holder.proc.pid) in err.message and socket.gethostname() in err.message
    assert "read-only" in err.message
    assert lock.holder(path).pid == holder.proc.pid
    # What the window offers instead: read-only works alongside the writer.
    with dbmod.open_community(path, readonly=True) as ro, ro.session() as db:
        assert roster.list_members(db) == []
    # Restoring over a file someone has open is refused too, and changes nothing.
    backup = backups.take_backup(path, "manual")
    before = path.read_bytes()
    with pytest.raises(lock.FileInUse):
        backups.restore_backup(backup, path)
    assert path.read_bytes() == before
    holder.stop()
    assert holder.proc.returncode == 0
    assert lock.holder(path) is None
    dbmod.open_community(path).close()


def test_two_writers_started_together_one_wins(cfile, spawn) -> None:  # noqa: ANN001
    path = cfile.path
    cfile.close()
    children = [spawn(WRITER, str(path), name) for name in ("a", "b")]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(c.proc.poll() is not None for c in children):
        time.sleep(0.02)
    losers = [c for c in children if c.proc.poll() is not None]
    assert len(losers) == 1
    assert "FileInUse" in losers[0].stderr()
    for child in children:
        child.kill()


def test_a_lock_left_by_a_killed_process_is_recovered(cfile, spawn) -> None:  # noqa: ANN001
    path = cfile.path
    cfile.close()
    holder = spawn(HOLDER, str(path))
    holder.wait_ready()
    holder.kill()
    assert lock.lock_path_for(path).exists()  # the file stays, the kernel lock is gone
    assert lock.holder(path) is None
    with dbmod.open_community(path) as reopened:
        assert reopened.lock is not None and reopened.lock.held


def test_the_lock_lives_in_the_data_folder_not_beside_the_file(cfile, tmp_path: Path) -> None:  # noqa: ANN001
    assert lock.held_here(cfile.path)
    lock_file = lock.lock_path_for(cfile.path)
    assert lock_file.parent == tmp_path / "data" / "locks"
    assert sorted(p.name for p in cfile.path.parent.iterdir() if "test" in p.name) == [
        "test.copdesk"
    ]
    if os.name == "posix":
        assert lock_file.stat().st_mode & 0o077 == 0

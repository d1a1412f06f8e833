"""The one-writer lock: keyed by resolved path, shared within a process, refused across processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from copdesk import db as dbmod
from copdesk import lock
from copdesk.errors import CopdeskError

HOLD = textwrap.dedent(
    """
    import sys
    from copdesk import lock
    held = lock.acquire(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()
    held.release()
    """
)


@pytest.fixture
def other_process(tmp_path: Path):  # noqa: ANN201
    procs: list[subprocess.Popen[str]] = []

    def hold(path: Path) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", (
            proc.stderr.read() if proc.stderr else ""
        )
        procs.append(proc)
        return proc

    yield hold
    for proc in procs:
        proc.kill()
        proc.wait()


def test_key_follows_the_resolved_path(tmp_path: Path) -> None:
    real = tmp_path / "a.copdesk"
    real.write_bytes(b"")
    link = tmp_path / "link.copdesk"
    link.symlink_to(real)
    assert lock.file_key(link) == lock.file_key(real)
    assert lock.file_key(tmp_path / "sub" / ".." / "a.copdesk") == lock.file_key(real)
    assert lock.file_key(tmp_path / "b.copdesk") != lock.file_key(real)
    assert lock.lock_path_for(real).name.startswith("a-")


def test_the_same_process_shares_the_lock_and_counts_holders(tmp_path: Path) -> None:
    path = tmp_path / "a.copdesk"
    first = lock.acquire(path)
    second = lock.acquire(path)
    assert lock.held_here(path) and first.held and second.held
    first.release()
    first.release()  # twice is harmless
    assert lock.held_here(path)
    second.release()
    assert not lock.held_here(path)


def test_another_process_is_refused_with_its_pid_and_host(tmp_path: Path, other_process) -> None:  # noqa: ANN001
    path = tmp_path / "a.copdesk"
    proc = other_process(path)
    with pytest.raises(lock.FileInUse) as caught:
        lock.acquire(path)
    assert isinstance(caught.value, CopdeskError)
    assert caught.value.holder is not None and caught.value.holder.pid == proc.pid
    assert f"process {proc.pid}" in caught.value.message
    assert str(path) in caught.value.message
    proc.stdin.close()
    proc.wait(timeout=10)
    with lock.acquire(path) as mine:
        assert mine.held


def test_a_killed_holder_frees_the_lock(tmp_path: Path, other_process) -> None:  # noqa: ANN001
    path = tmp_path / "a.copdesk"
    proc = other_process(path)
    assert lock.holder(path).pid == proc.pid
    proc.kill()
    proc.wait()
    assert lock.holder(path) is None
    lock.acquire(path).release()


def test_unknown_holder_gets_a_general_message(tmp_path: Path, other_process) -> None:  # noqa: ANN001
    path = tmp_path / "a.copdesk"
    other_process(path)
    lock.lock_path_for(path).write_bytes(b"")  # holder info lost (e.g. disk trouble)
    with pytest.raises(lock.FileInUse, match="another copdesk window") as caught:
        lock.acquire(path)
    assert caught.value.holder is None


def test_an_unusable_lock_folder_does_not_stop_work(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("COPDESK_DATA_DIR", str(blocker))
    held = lock.acquire(tmp_path / "a.copdesk")
    assert not held.held
    held.release()


def test_open_and_close_take_and_release_the_lock(cfile) -> None:  # noqa: ANN001
    path = cfile.path
    assert lock.held_here(path)  # create_file holds it
    cfile.close()
    assert not lock.held_here(path)
    opened = dbmod.open_community(path)
    assert lock.held_here(path)
    opened.close()
    opened.close()
    assert not lock.held_here(path)
    with dbmod.open_community(path, readonly=True):
        assert not lock.held_here(path)  # readers never lock


def test_a_refused_open_releases_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "foreign.copdesk"
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA application_id = 1668310123")  # copdesk's id, but no schema at all
    con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.execute("INSERT INTO alembic_version VALUES ('zzzz')")
    con.commit()
    con.close()
    with pytest.raises(CopdeskError):
        dbmod.open_community(path)
    assert not lock.held_here(path)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_lock_folder_is_private(tmp_path: Path) -> None:
    with lock.acquire(tmp_path / "a.copdesk"):
        assert lock.locks_dir().stat().st_mode & 0o077 == 0

"""Fault-injection helpers: writer subprocesses, kills, small disks, another user.

The suite is short by default (CI). ``tools/fault-tests.sh --long`` sets ``COPDESK_FAULT_KILLS``
(and ``COPDESK_FAULT_SEED``) for hundreds of kills.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

KILLS = int(os.environ.get("COPDESK_FAULT_KILLS", "20"))
SEED = int(os.environ.get("COPDESK_FAULT_SEED", str(int(time.time()))))

# A child that opens the file and adds members one by one, printing each id once committed.
WRITER = textwrap.dedent(
    """
    import sys
    from copdesk.db import open_community
    from copdesk.services import roster

    path, prefix = sys.argv[1], sys.argv[2]
    cfile = open_community(path)
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        with cfile.session() as db:
            row = roster.add_member(
                db, roster.MemberInput(name=f"{prefix}-{i}", notes="n" * (i % 7 * 300))
            )
        print(row.id, flush=True)
    """
)

# A child that opens the file and waits until its stdin closes (or it is killed).
HOLDER = textwrap.dedent(
    """
    import sys
    from copdesk.db import open_community

    cfile = open_community(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()
    cfile.close()
    """
)


# The Alembic operations counted as migration "steps" for fault injection.
STEP_METHODS = (
    "create_table",
    "create_index",
    "drop_table",
    "drop_index",
    "execute",
    "batch_alter_table",
    "add_column",
    "alter_column",
)


def instrument_steps(monkeypatch: pytest.MonkeyPatch, fail_at: int | None, fail) -> list[int]:  # noqa: ANN001
    """Count Alembic operations (a migration's steps); call ``fail()`` at step ``fail_at``."""
    from alembic.operations import Operations

    calls = [0]
    for name in STEP_METHODS:
        real = getattr(Operations, name)

        def wrapped(self, *args, _real=real, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            calls[0] += 1
            if calls[0] == fail_at:
                fail(calls[0])
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Operations, name, wrapped)
    return calls


def count_migration_steps(older: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many steps migrating ``older`` to the newest schema takes (on a copy)."""
    from copdesk.db import open_community

    scratch.mkdir(exist_ok=True)
    probe = scratch / "probe.copdesk"
    shutil.copyfile(older, probe)
    with monkeypatch.context() as m:
        calls = instrument_steps(m, None, None)
        open_community(probe).close()
    return calls[0]


def pytest_report_header(config: pytest.Config) -> str:
    return f"copdesk faults: {KILLS} kills, seed {SEED} (COPDESK_FAULT_KILLS, COPDESK_FAULT_SEED)"


@dataclass
class Child:
    """A python subprocess whose stdout lines are collected by a thread as they come."""

    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    _ready: threading.Event = field(default_factory=threading.Event)
    _reader: threading.Thread | None = None

    def start_reading(self) -> None:
        def pump() -> None:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                line = line.strip()
                if line == "ready":
                    self._ready.set()
                elif line:
                    self.lines.append(line)
            self._ready.set()

        self._reader = threading.Thread(target=pump, daemon=True)
        self._reader.start()

    def wait_ready(self, timeout: float = 20) -> None:
        assert self._ready.wait(timeout), "child did not start"
        assert self.proc.poll() is None, self.stderr()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=20)
        if self._reader is not None:
            self._reader.join(timeout=20)

    def stop(self) -> None:
        """Close stdin (a HOLDER then exits cleanly) and wait."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=20)
        if self._reader is not None:
            self._reader.join(timeout=20)

    def stderr(self) -> str:
        return self.proc.stderr.read() if self.proc.stderr and self.proc.poll() is not None else ""

    def acknowledged_ids(self) -> list[int]:
        return [int(x) for x in self.lines if x.isdigit()]


@pytest.fixture
def spawn() -> Iterator:
    """spawn(code, *args) -> Child running ``python -c code args`` with this test's env."""
    children: list[Child] = []

    def start(code: str, *args: str, user: str | None = None, env: dict | None = None) -> Child:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
            user=user,
        )
        child = Child(proc)
        child.start_reading()
        children.append(child)
        return child

    yield start
    for child in children:
        child.kill()


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    return random.Random(f"{SEED}-{request.node.nodeid}")


@pytest.fixture
def populated(cfile) -> Path:  # noqa: ANN001
    """A closed community file with members and a session."""
    from copdesk.services import meetings, roster

    with cfile.session() as db:
        for i in range(40):
            roster.add_member(db, roster.MemberInput(name=f"Member {i}", notes="x" * 300))
        meetings.add_meeting(
            db, meetings.MeetingInput(date=dt.date(2024, 3, 5), start_time=dt.time(18, 0))
        )
    cfile.close()
    return cfile.path


def _mount(target: Path, options: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
    )
    return result.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator:
    """small_disk(size) -> a folder on its own tiny tmpfs (skipped where mounting is impossible)."""
    mounted: list[Path] = []

    def make(size: str = "512k") -> Path:
        target = tmp_path / f"disk{len(mounted)}"
        target.mkdir()
        if not _mount(target, f"size={size},mode=0700"):
            pytest.skip(
                "cannot mount a tmpfs here (needs root and mount); max_page_count covers it"
            )
        mounted.append(target)
        return target

    yield make
    for target in reversed(mounted):
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def remount_readonly(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def run_as(uid: int, gid: int, fn, *args: object) -> dict:  # noqa: ANN001
    """Run ``fn(*args)`` in a forked child that has dropped to ``uid``/``gid``; returns its dict.

    A fork rather than a new interpreter: the interpreter may live where the other user cannot
    read (e.g. root's home), but the forked child already has everything loaded.
    """
    import json
    import traceback

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 0
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            payload = json.dumps(fn(*args))
        except BaseException:  # noqa: BLE001 - everything goes back to the parent
            payload = json.dumps({"child_traceback": traceback.format_exc()})
            code = 1
        with os.fdopen(write_end, "w") as out:
            out.write(payload)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as inp:
        data = inp.read()
    os.waitpid(pid, 0)
    result = json.loads(data)
    assert "child_traceback" not in result, result.get("child_traceback")
    return result


@pytest.fixture
def other_user() -> Iterator:
    """(uid, gid, a world-traversable scratch folder) for :func:`run_as` with user 'nobody'."""
    if os.name != "posix" or not hasattr(os, "fork"):
        pytest.skip("needs fork and setuid (POSIX)")
    if os.geteuid() != 0:
        pytest.skip("already a normal user: the read-only tests in test_fault_storage use chmod")
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("there is no 'nobody' user to run the child as")
    folder = Path(tempfile.mkdtemp(prefix="copdesk-faults-"))
    folder.chmod(0o755)
    yield nobody.pw_uid, nobody.pw_gid, folder
    shutil.rmtree(folder, ignore_errors=True)

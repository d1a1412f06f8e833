"""One writer per community file: a second copdesk that opens the same file is told at once.

How it works
------------
For every community file opened for writing, copdesk holds an *advisory lock* (``flock`` on POSIX,
``msvcrt.locking`` on Windows, both behind :func:`_try_lock`/:func:`_unlock`) on a small lock file
in the user's data folder, ``<data>/locks/<stem>-<key>.lock``, where ``key`` is a hash of the
file's resolved path (:func:`file_key`). After taking the lock, the holder writes who it is (process
id, host, program, since when) into the lock file so that a second opener can say *who* has the
file open.

The operating system releases the lock when the holding process ends, however it ends (``kill -9``,
a crash, a power cut), so a stale lock never blocks anybody and there is no pid to check; the
holder information left behind in the file is simply overwritten by the next holder.

Why not a lock file beside the community file (``<file>.copdesk-lock``)?
    The file often lives on a USB stick or in a shared or synced folder. A sidecar there (a) cannot
    be created when the stick or folder is read-only, yet the file must still open; (b) is left
    behind when the stick is yanked or the laptop dies, and on *another* machine copdesk cannot tell
    whether the pid in it is alive, so it would either block the user for nothing or have to be
    ignored; (c) litters the user's folder and makes sync services produce conflict copies; and
    (d) ``flock`` over network file systems is unreliable anyway. The lock in the data folder is
    always writable, always local, and always recovered by the kernel.

What it does not cover
    Another *machine* (or another user account) opening the same file on a network share is not
    detected by this lock. SQLite's own file locking still keeps the file sound in that case: a
    change that cannot get the file within the busy timeout fails with a clear
    :class:`~copdesk.errors.StorageError` and nothing is changed.

Within one process the lock is shared and counted (the window and a read for a printout may open
the same file twice); it is released when the last holder releases it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import socket
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from copdesk.errors import FileInUse  # lives there; imported from here too
from copdesk.i18n import _
from copdesk.paths import data_dir

LOCK_SUFFIX = ".lock"


def locks_dir() -> Path:
    return data_dir() / "locks"


def resolved(path: str | os.PathLike[str]) -> Path:
    """The file's absolute, symlink-free path (the file need not exist)."""
    return Path(os.path.normcase(Path(path).expanduser().resolve(strict=False)))


def file_key(path: str | os.PathLike[str]) -> str:
    """A short, stable identifier of a community file, from its resolved path."""
    return hashlib.sha256(str(resolved(path)).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def readable_stem(path: str | os.PathLike[str], limit: int = 60) -> str:
    """The file's name without suffix, made safe for use inside another file name."""
    stem = re.sub(r"[^\w .-]+", "_", Path(path).stem, flags=re.UNICODE).strip(" .") or "community"
    return stem[:limit]


def lock_path_for(path: str | os.PathLike[str]) -> Path:
    return locks_dir() / f"{readable_stem(path)}-{file_key(path)}{LOCK_SUFFIX}"


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as written by the holder."""

    pid: int
    host: str
    program: str = ""
    since: str = ""


# -- the one platform-specific part ------------------------------------------------------------

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        """Take the lock without waiting; False if another process has it."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # byte 0 only; holder info lives after it
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """Take the lock without waiting; False if another process has it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# -- holder information --------------------------------------------------------------------------

_INFO_OFFSET = 1  # byte 0 is the one Windows locks; holder info follows it


def _write_holder(fd: int) -> None:
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "program": Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "copdesk",
        "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    data = b"\n" + json.dumps(info).encode("utf-8") + b"\n"
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, data)


def _read_holder(lock_path: Path) -> Holder | None:
    try:
        with lock_path.open("rb") as fh:
            fh.seek(_INFO_OFFSET)
            raw = json.loads(fh.read(4096).decode("utf-8"))
        return Holder(
            pid=int(raw["pid"]),
            host=str(raw.get("host", "")),
            program=str(raw.get("program", "")),
            since=str(raw.get("since", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _in_use_error(path: Path, holder: Holder | None) -> FileInUse:
    if holder is None:
        message = _(
            "{path} is already open in another copdesk window. Close it there first, or open "
            "it read-only."
        ).format(path=path)
    else:
        message = _(
            "{path} is already open in another copdesk (process {pid} on {host}, since {since}). "
            "Close it there first, or open it read-only."
        ).format(path=path, pid=holder.pid, host=holder.host or "?", since=holder.since or "?")
    return FileInUse(message, path=path, holder=holder)


# -- the lock --------------------------------------------------------------------------------------


@dataclass
class _Held:
    fd: int
    count: int


_held: dict[str, _Held] = {}
_guard = threading.Lock()


class FileLock:
    """A held lock on one community file; :meth:`release` it (or use ``with``)."""

    def __init__(self, path: Path, key: str, lock_path: Path | None) -> None:
        self.path = path
        self.key = key
        self.lock_path = lock_path
        self._released = False

    @property
    def held(self) -> bool:
        """False when the lock folder was unusable and the file was opened without a lock."""
        return self.lock_path is not None and not self._released

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        if self.lock_path is None:
            return
        with _guard:
            entry = _held.get(self.key)
            if entry is None:
                return
            entry.count -= 1
            if entry.count > 0:
                return
            del _held[self.key]
            try:
                os.ftruncate(entry.fd, 0)  # no stale holder info for the next reader
            except OSError:
                pass
            try:
                _unlock(entry.fd)
            finally:
                os.close(entry.fd)

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:  # a forgotten lock must not outlive its owner object
        try:
            self.release()
        except Exception:  # noqa: BLE001 - never raise from a finaliser
            pass


def acquire(path: str | os.PathLike[str]) -> FileLock:
    """Lock a community file for writing, or raise :class:`FileInUse` at once (never waits).

    If the lock folder cannot be used at all (no space, no permission), the file is opened
    without the lock: SQLite's own locking still keeps it sound.
    """
    p = Path(path)
    key = file_key(p)
    lock_path = lock_path_for(p)
    with _guard:
        entry = _held.get(key)
        if entry is not None:
            entry.count += 1
            return FileLock(p, key, lock_path)
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return FileLock(p, key, None)
        try:
            if not _try_lock(fd):
                holder = _read_holder(lock_path)
                raise _in_use_error(p, holder)
            try:
                _write_holder(fd)
            except OSError:
                pass  # the lock counts; only the "who" is missing
        except BaseException:
            os.close(fd)
            raise
        _held[key] = _Held(fd=fd, count=1)
        return FileLock(p, key, lock_path)


def holder(path: str | os.PathLike[str]) -> Holder | None:
    """Who has the file open for writing in another process, or None if nobody does.

    Returns a Holder with pid 0 when the file is locked but the holder did not say who it is.
    """
    p = Path(path)
    key = file_key(p)
    lock_path = lock_path_for(p)
    with _guard:
        if key in _held:
            return None
    try:
        fd = os.open(lock_path, os.O_RDWR)
    except OSError:
        return None
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None
    finally:
        os.close(fd)
    return _read_holder(lock_path) or Holder(pid=0, host="")


def held_here(path: str | os.PathLike[str]) -> bool:
    """True if this process holds the file's lock."""
    with _guard:
        return file_key(path) in _held

"""Automatic backups of community files, kept in the user's backup folder (never beside the file).

Each backup is a complete community file made with SQLite's online backup API, written to a
temporary name, flushed to disk and only then given its final name, so a backup folder never holds
a half-written backup under a real name. Names carry everything needed to find a file's backups
again without opening them::

    <stem>--<key>--<UTC time>--<reason>.copdesk      e.g. Makers--3f2a9c0d1b7e4a55--20240305T181500123456Z--open.copdesk

``key`` is :func:`copdesk.lock.file_key` of the source file's resolved path; ``stem`` is only for
people browsing the folder. Backups and the folder are private to their owner (0600/0700).

Backups are thinned Anki-style by :func:`plan_thinning` (a pure function, easy to test):
everything from today, then one a day for the last 7 days, one a week for the last 4 weeks and
one a month before that; the newest backup is never deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from copdesk import lock
from copdesk.db import (
    FILE_SUFFIX,
    HEAD,
    SQLITE_READONLY_ROLLBACK,
    StorageError,
    _check_identity,
    _fsync_dir,
    _fsync_file,
    _readonly_connect,
    _unfinished_write,
    known_revisions,
    quick_check,
    read_revision,
    recover_journal,
    replace_file_atomically,
    scrambled_text,
    storage_error,
)
from copdesk.errors import CopdeskError, DamagedFile, FileProblem
from copdesk.i18n import _
from copdesk.paths import backups_dir

log = logging.getLogger(__name__)

SEPARATOR = "--"
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"  # UTC, sorts in time order
TMP_PREFIX = ".tmp-"
STALE_TMP_SECONDS = 3600
BACKUP_INTERVAL = dt.timedelta(minutes=30)
_REASON = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

T = TypeVar("T")


@dataclass(frozen=True)
class BackupInfo:
    """One backup. ``members``/``sessions`` are None when the backup could not be read."""

    path: Path
    source_key: str
    source_stem: str
    taken_at: dt.datetime  # timezone-aware (UTC)
    reason: str
    size: int
    members: int | None = None
    sessions: int | None = None

    @property
    def readable(self) -> bool:
        return self.members is not None


# -- names ------------------------------------------------------------------------------------------


def _utc(moment: dt.datetime | None) -> dt.datetime:
    """An aware UTC datetime; a naive one is taken to be local time."""
    moment = moment or dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC)


def backup_name(source: str | os.PathLike[str], taken_at: dt.datetime, reason: str) -> str:
    if not _REASON.match(reason):
        raise ValueError(f"backup reason must be lowercase words joined by '-': {reason!r}")
    stamp = _utc(taken_at).strftime(STAMP_FORMAT)
    return SEPARATOR.join([lock.readable_stem(source), lock.file_key(source), stamp, reason]) + (
        FILE_SUFFIX
    )


def parse_backup_name(name: str) -> tuple[str, str, dt.datetime, str] | None:
    """(stem, key, taken_at, reason) from a backup's file name, or None if it is not one."""
    if not name.endswith(FILE_SUFFIX) or name.startswith("."):
        return None
    parts = name[: -len(FILE_SUFFIX)].rsplit(SEPARATOR, 3)
    if len(parts) != 4:
        return None
    stem, key, stamp, reason = parts
    if not re.fullmatch(r"[0-9a-f]{16}", key) or not _REASON.match(reason):
        return None
    try:
        taken_at = dt.datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return stem, key, taken_at, reason


def _counts(path: Path) -> tuple[int | None, int | None]:
    try:
        con = _readonly_connect(path)
    except (sqlite3.Error, UnicodeDecodeError):
        return None, None
    try:
        members = con.execute("SELECT count(*) FROM members").fetchone()[0]
        sessions = con.execute("SELECT count(*) FROM meetings").fetchone()[0]
        return int(members), int(sessions)
    except (sqlite3.Error, UnicodeDecodeError):
        return None, None
    finally:
        con.close()


def _info(path: Path, *, counts: bool) -> BackupInfo | None:
    parsed = parse_backup_name(path.name)
    if parsed is None:
        return None
    stem, key, taken_at, reason = parsed
    try:
        size = path.stat().st_size
    except OSError:
        return None
    members, sessions = _counts(path) if counts else (None, None)
    return BackupInfo(path, key, stem, taken_at, reason, size, members, sessions)


# -- taking backups -------------------------------------------------------------------------------


def _backup_folder() -> Path:
    folder = backups_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix" and folder.stat().st_mode & 0o077:
            folder.chmod(0o700)
    except OSError as exc:
        raise _backup_storage_error(folder, exc) from exc
    return folder


def _backup_storage_error(folder: Path, exc: BaseException) -> StorageError:
    return StorageError(
        _(
            "copdesk could not make a backup in {folder} ({reason}): that disk may be full or "
            "not writable. Your file has not been changed."
        ).format(folder=folder, reason=getattr(exc, "strerror", None) or exc)
    )


def _online_copy(source: Path, dest: Path) -> None:
    """Copy a database with SQLite's backup API into ``dest`` (an empty file), then fsync it."""
    src = _readonly_connect(source)
    try:
        out = sqlite3.connect(dest)
        try:
            # The copy is private and renamed into place only when complete: no journal needed.
            out.execute("PRAGMA journal_mode = OFF")
            out.execute("PRAGMA synchronous = OFF")
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    _fsync_file(dest)


def _source_problem(path: Path, exc: sqlite3.Error) -> CopdeskError | None:
    mapped = storage_error(exc, path)
    if isinstance(mapped, DamagedFile):
        return mapped
    if getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY_ROLLBACK:
        return _unfinished_write(path)
    return None


def _place(tmp: Path, folder: Path, source: Path, taken_at: dt.datetime, reason: str) -> Path:
    while True:
        final = folder / backup_name(source, taken_at, reason)
        if not final.exists():
            break
        taken_at += dt.timedelta(microseconds=1)
    os.replace(tmp, final)
    _fsync_dir(folder)
    return final


def take_backup(
    path: str | os.PathLike[str], reason: str, *, now: dt.datetime | None = None
) -> BackupInfo:
    """Back up a community file into :func:`~copdesk.paths.backups_dir` (SQLite's backup API).

    ``reason`` is a short lowercase tag ("open", "before-upgrade", "periodic", "before-restore").
    Raises :class:`DamagedFile` if the file cannot be read, :class:`StorageError` if the backup
    cannot be written; the file itself is never changed.
    """
    source = Path(path)
    taken_at = _utc(now)
    backup_name(source, taken_at, reason)  # validates the reason before touching anything
    folder = _backup_folder()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=FILE_SUFFIX, dir=folder)
        os.close(fd)
    except OSError as exc:
        raise _backup_storage_error(folder, exc) from exc
    tmp = Path(tmp_name)
    try:
        try:
            _online_copy(source, tmp)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            problem = _source_problem(source, exc)
            raise (problem or _backup_storage_error(folder, exc)) from exc
        except OSError as exc:
            raise _backup_storage_error(folder, exc) from exc
        final = _place(tmp, folder, source, taken_at, reason)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    members, sessions = _counts(final)
    return BackupInfo(
        final,
        lock.file_key(source),
        lock.readable_stem(source),
        taken_at,
        reason,
        final.stat().st_size,
        members,
        sessions,
    )


def _raw_backup(path: Path, reason: str) -> BackupInfo:
    """Byte-for-byte copy, for a file SQLite cannot read: a damaged file is kept, never lost."""
    folder = _backup_folder()
    taken_at = _utc(None)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=FILE_SUFFIX, dir=folder)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, path.open("rb") as src:
                shutil.copyfileobj(src, out, 1024 * 1024)
                out.flush()
                os.fsync(out.fileno())
            final = _place(tmp, folder, path, taken_at, reason)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise _backup_storage_error(folder, exc) from exc
    return BackupInfo(
        final,
        lock.file_key(path),
        lock.readable_stem(path),
        taken_at,
        reason,
        final.stat().st_size,
    )


# -- listing ------------------------------------------------------------------------------------------


def list_backups(path: str | os.PathLike[str], *, counts: bool = True) -> list[BackupInfo]:
    """The backups of one community file, newest first (read-only; the file need not exist)."""
    folder = backups_dir()
    key = lock.file_key(path)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        parsed = parse_backup_name(entry.name)
        if parsed is None or parsed[1] != key:
            continue
        info = _info(entry, counts=counts)
        if info is not None:
            found.append(info)
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def backup_problem(path: str | os.PathLike[str]) -> str | None:
    """Why a backup (or any community file) cannot be restored, or None if it is sound."""
    p = Path(path)
    try:
        _check_identity(p)
        verdict = quick_check(p, full=True)
        if verdict != "ok":
            return verdict
        scrambled = scrambled_text(p)
        if scrambled is not None:
            return scrambled
        revision = read_revision(p)
    except CopdeskError as exc:
        return exc.message
    if revision not in (HEAD, None) and revision not in known_revisions():
        return _("It was made by a newer version of copdesk.")
    return None


def newest_sound_backup(path: str | os.PathLike[str]) -> BackupInfo | None:
    """The newest backup of a file that passes integrity_check: what to offer for a damaged file."""
    for info in list_backups(path):
        if backup_problem(info.path) is None:
            return info
    return None


# -- thinning ----------------------------------------------------------------------------------------


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def plan_thinning(
    items: Iterable[T],
    now: dt.datetime,
    key: Callable[[T], dt.datetime] = lambda b: b.taken_at,  # type: ignore[attr-defined]
) -> tuple[list[T], list[T]]:
    """Split backups into (keep, delete), newest first, by local calendar days before ``now``.

    Kept: every backup from today (or later); the newest of each day 1-7 days ago, of each ISO
    week 8-28 days ago and of each month before that; and always the newest backup of all.
    """
    today = _local_date(now)
    ordered = sorted(items, key=key, reverse=True)
    keep: list[T] = []
    drop: list[T] = []
    seen: set[tuple[object, ...]] = set()
    for index, item in enumerate(ordered):
        day = _local_date(key(item))
        age = (today - day).days
        if age <= 7:
            bucket: tuple[object, ...] = ("day", day)
        elif age <= 28:
            year, week, _weekday = day.isocalendar()
            bucket = ("week", year, week)
        else:
            bucket = ("month", day.year, day.month)
        if index == 0 or age <= 0 or bucket not in seen:
            seen.add(bucket)
            keep.append(item)
        else:
            drop.append(item)
    return keep, drop


def _remove_stale_temporaries(folder: Path) -> None:
    """Half-made backups of a copdesk that was killed while backing up."""
    limit = time.time() - STALE_TMP_SECONDS
    for entry in folder.glob(f"{TMP_PREFIX}*"):
        try:
            if entry.stat().st_mtime < limit:
                entry.unlink()
        except OSError:
            pass


def thin_backups(path: str | os.PathLike[str], now: dt.datetime | None = None) -> list[Path]:
    """Delete the backups of ``path`` that :func:`plan_thinning` does not keep; returns them."""
    now = now or dt.datetime.now().astimezone()
    _keep, drop = plan_thinning(list_backups(path, counts=False), now)
    deleted = []
    for info in drop:
        try:
            info.path.unlink()
            deleted.append(info.path)
        except FileNotFoundError:
            pass
    folder = backups_dir()
    if folder.is_dir():
        _remove_stale_temporaries(folder)
    return deleted


def thin_backups_quietly(path: str | os.PathLike[str], now: dt.datetime | None = None) -> None:
    """Thinning is housekeeping: a failure is logged, never shown."""
    try:
        thin_backups(path, now)
    except OSError:
        log.warning("could not thin the backups of %s", path, exc_info=True)


# -- when to back up -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupScheduler:
    """Plain timing logic for periodic backups (the window drives it from a timer)."""

    interval: dt.timedelta = BACKUP_INTERVAL

    def due(self, now: dt.datetime, last_backup_at: dt.datetime | None, changes_since: int) -> bool:
        """True when something changed and the last backup is at least ``interval`` old."""
        if changes_since <= 0:
            return False
        if last_backup_at is None:
            return True
        return _utc(now) - _utc(last_backup_at) >= self.interval


# -- restoring and copying ---------------------------------------------------------------------------


def restore_backup(
    backup: BackupInfo | str | os.PathLike[str], target_path: str | os.PathLike[str]
) -> BackupInfo | None:
    """Put a backup in place of ``target_path``; returns the "before-restore" backup of what was there.

    The backup is verified (integrity_check, a copdesk file, not too new) first, then the
    current file is backed up (byte for byte if SQLite cannot read it), then the backup is copied
    beside the target, flushed, checked and renamed over it. On any failure the target is left as
    it was. The target must not be open (close it first); another copdesk holding it raises
    :class:`~copdesk.lock.FileInUse`. Returns None when there was no file to keep.
    """
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    target = Path(target_path)
    problem = backup_problem(source)
    if problem is not None:
        raise DamagedFile(
            _("The backup {backup} cannot be restored: {problem}").format(
                backup=source.name, problem=problem
            )
        )
    if not target.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=target.parent))
    with lock.acquire(target):
        before: BackupInfo | None = None
        if target.exists():
            try:
                recover_journal(target)
            except CopdeskError:
                pass  # kept byte for byte below
            try:
                before = take_backup(target, "before-restore")
            except (DamagedFile, FileProblem):
                before = _raw_backup(target, "before-restore")
        replace_file_atomically(source, target)
    return before


def save_copy_as(path: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Write a consistent copy of a community file elsewhere (SQLite's backup API); returns it.

    For when the file's own disk is full or read-only. The copy is made beside ``target`` under
    a temporary name and renamed into place, so ``target`` is never half-written.
    """
    source = Path(path)
    dest = Path(target)
    if dest.suffix != FILE_SUFFIX:
        dest = dest.with_name(dest.name + FILE_SUFFIX)
    if lock.resolved(source) == lock.resolved(dest):
        raise FileProblem(_("Choose another place for the copy: that is the file itself."))
    if not dest.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=dest.parent))

    def failed(exc: BaseException) -> StorageError:
        return StorageError(
            _(
                "copdesk could not save the copy in {folder} ({reason}): that disk may be full "
                "or not writable. Nothing was written there; try another place."
            ).format(folder=dest.parent, reason=getattr(exc, "strerror", None) or exc),
            dest,
        )

    _check_identity(source)
    with lock.acquire(dest):
        try:
            fd, tmp_name = tempfile.mkstemp(
                prefix=".copdesk-copy-", suffix=FILE_SUFFIX, dir=dest.parent
            )
            os.close(fd)
        except OSError as exc:
            raise failed(exc) from exc
        tmp = Path(tmp_name)
        try:
            try:
                _online_copy(source, tmp)
            except (sqlite3.Error, UnicodeDecodeError) as exc:
                raise (_source_problem(source, exc) or failed(exc)) from exc
            try:
                os.replace(tmp, dest)
            except OSError as exc:
                raise failed(exc) from exc
            _fsync_dir(dest.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return dest

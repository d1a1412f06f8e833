"""Opening, creating, migrating and checking a community file (``*.copdesk``, an SQLite database).

The file is an application file format: one community per file, ``PRAGMA application_id`` set to
copdesk's own id, foreign keys enforced, ``synchronous=FULL`` and the rollback journal in DELETE
mode, so that once a change is committed the ``.copdesk`` file alone holds it (no ``-wal`` file to
forget when copying to a USB stick). Alembic owns the schema from the first revision; an older file
is migrated after a backup copy is taken, a newer one is refused and left untouched.

"Nothing lost":

* Every transaction is a real SQLite transaction, DDL included (Python's sqlite3 module would
  otherwise commit schema changes one by one), so a migration that fails half-way leaves the file
  as it was; if it is not, it is put back from the backup taken just before.
* A file opened for changes is locked against a second copdesk (:mod:`copdesk.lock`), backed up on
  open (:mod:`copdesk.backups`) and, if a previous copdesk died while writing, repaired from its
  journal before anything else reads it.
* Full disks, read-only disks, yanked sticks and busy files become a :class:`StorageError` with a
  sentence for the user, in one place (:func:`storage_error`, wired to the engine's
  ``handle_error`` event); the session is rolled back and the file stays sound.
* Files are private to their owner (0600, which SQLite passes on to the ``-journal``) and every
  connection uses ``secure_delete`` so removed personal data is overwritten, not left in free pages.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from copdesk.errors import (  # the storage errors live there; imported from here too
    CopdeskError,
    DamagedFile,
    FileProblem,
    FileTooNew,
    NotACopdeskFile,
    ReadOnlyFile,
    StorageError,
    UpgradeFailed,
)
from copdesk.i18n import _
from copdesk.migrations import HEAD

if TYPE_CHECKING:
    from copdesk.backups import BackupInfo
    from copdesk.lock import FileLock

log = logging.getLogger(__name__)

# "cpdk" in ASCII: identifies a copdesk file to `file(1)` and to copdesk itself.
APPLICATION_ID = 0x6370646B
SQLITE_HEADER = b"SQLite format 3\x00"
FILE_SUFFIX = ".copdesk"
JOURNAL_SUFFIX = "-journal"
BUSY_TIMEOUT_MS = 2000

# SQLite primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_AUTH = 23
SQLITE_NOTADB = 26
SQLITE_READONLY_ROLLBACK = 776  # extended: a read-only connection found a hot journal


def _sqlite_code(exc: BaseException) -> int | None:
    while exc is not None:
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code
        exc = getattr(exc, "orig", None) or exc.__cause__  # type: ignore[assignment]
    return None


def storage_error(
    exc: BaseException, path: Path | None, *, readonly: bool = False
) -> CopdeskError | None:
    """The user's view of a failed write: a :class:`StorageError` (or :class:`DamagedFile`).

    ``exc`` may be an ``sqlite3.Error`` (also wrapped by SQLAlchemy) or an ``OSError``; returns None
    for anything that is not a storage problem (a constraint violation, a programming error).
    """
    where = path if path is not None else "?"
    if isinstance(exc, UnicodeDecodeError) or (
        isinstance(exc, sqlite3.DatabaseError) and "Could not decode" in str(exc)
    ):  # text scrambled on disk, which SQLite's own checks cannot see
        return _scrambled(where)
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        code = {
            errno.ENOSPC: SQLITE_FULL,
            getattr(errno, "EDQUOT", -1): SQLITE_FULL,
            errno.EROFS: SQLITE_READONLY,
            errno.EACCES: SQLITE_PERM,
            errno.EPERM: SQLITE_PERM,
            errno.EIO: SQLITE_IOERR,
            getattr(errno, "ENODEV", -1): SQLITE_IOERR,
            getattr(errno, "ENXIO", -1): SQLITE_IOERR,
        }.get(exc.errno or 0)
        if code is None:
            return None
        extended = code
    else:
        extended = _sqlite_code(exc)
        if extended is None:
            return None
        code = extended & 0xFF
    if code == SQLITE_FULL:
        return StorageError(
            _(
                "copdesk could not save your change because the disk is full. Nothing was "
                "changed; free some space and try again, or save a copy elsewhere."
            ),
            path,
        )
    if code == SQLITE_READONLY and readonly:
        return ReadOnlyFile(
            _(
                "{path} is open read-only, so copdesk cannot save changes to it. Nothing was "
                "changed; open it normally to make changes, or save a copy elsewhere."
            ).format(path=where),
            path,
        )
    if code == SQLITE_READONLY:
        return ReadOnlyFile(
            _(
                "copdesk could not save your change because {path} cannot be written to (it may "
                "be on a read-only or locked disk). Nothing was changed; save a copy elsewhere "
                "to keep working."
            ).format(path=where),
            path,
        )
    if code in (SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH):
        return ReadOnlyFile(
            _(
                "copdesk could not save your change because it is not allowed to write in the "
                "folder that holds {path}. Nothing was changed; save a copy elsewhere to keep "
                "working."
            ).format(path=where),
            path,
        )
    if code == SQLITE_IOERR:
        return StorageError(
            _(
                "copdesk could not save your change because the disk holding {path} could not be "
                "written to (was it removed?). Nothing was changed; reconnect it and try again, "
                "or save a copy elsewhere."
            ).format(path=where),
            path,
        )
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StorageError(
            _(
                "copdesk could not save your change because another program is using {path}. "
                "Nothing was changed; try again in a moment."
            ).format(path=where),
            path,
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DamagedFile(
            _(
                "{path} is damaged ({reason}). Nothing was changed; restore it from a backup."
            ).format(path=where, reason=getattr(exc, "orig", None) or exc)
        )
    return None


# -- engines and sessions ----------------------------------------------------------------------


def _apply_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Autocommit at the driver level; transactions are begun explicitly by _begin below, so that
    # schema changes (migrations) are transactional too.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA journal_mode = DELETE")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA secure_delete = ON")
    except UnicodeDecodeError as exc:  # SQLite quoting a scrambled schema in its error message
        raise sqlite3.DatabaseError(f"Could not decode the schema ({exc.reason})") from exc
    finally:
        cur.close()


def _begin(conn) -> None:  # noqa: ANN001 - a sqlalchemy Connection
    conn.exec_driver_sql("BEGIN")
    dbapi = conn.connection.dbapi_connection
    conn.connection.info["copdesk_changes_at_begin"] = dbapi.total_changes


def _connector(path: Path, readonly: bool):  # noqa: ANN202
    if readonly:
        target, uri = f"{path.resolve().as_uri()}?mode=ro", True
    else:
        target, uri = str(path), False

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            target, uri=uri, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )

    return connect


def make_engine(path: Path, *, readonly: bool = False) -> Engine:
    """An engine for one file; ``readonly`` opens it with ``mode=ro`` so SQLite refuses writes."""
    path = Path(path)
    engine = create_engine("sqlite://", creator=_connector(path, readonly), poolclass=QueuePool)
    event.listen(engine, "connect", _apply_pragmas)
    event.listen(engine, "begin", _begin)

    def translate(ctx: ExceptionContext) -> BaseException | None:
        return storage_error(ctx.original_exception, path, readonly=readonly)

    event.listen(engine, "handle_error", translate)
    return engine


def _scrambled(path: Path | str) -> DamagedFile:
    return DamagedFile(
        _(
            "{path} is damaged (some text in it is scrambled). Nothing was changed; restore "
            "it from a backup."
        ).format(path=path)
    )


_RESULT_CODE = ("sqlalchemy/engine/_processors", "sqlalchemy/engine/_result", "sqlalchemy/dialects")


def _from_stored_data(exc: BaseException) -> bool:
    """True if ``exc`` came from turning a stored value into a Python one (a scrambled date...)."""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename.replace("\\", "/")
        if any(part in filename for part in _RESULT_CODE):
            return True
        tb = tb.tb_next
    return False


class _SafeSession(Session):
    """A session that is usable again after a failed write: it rolls back before raising."""

    def commit(self) -> None:
        try:
            super().commit()
        except CopdeskError:
            self.rollback()
            raise


@contextmanager
def committed(db: Session) -> Iterator[None]:
    """One transaction for a service: committed at the end of the block, rolled back on any
    error (also one raised by a flush half-way, e.g. a read-only file), so nothing is
    half-written and the session is usable again."""
    try:
        yield
        db.commit()
    except BaseException:
        db.rollback()
        raise


def driver_rows(db: Session, sql: str, params: tuple = ()) -> list[tuple]:
    """Plain tuples straight from the session's own DB-API connection (no Row objects: half the
    time for 100,000 rows), inside the session's transaction.

    The driver's errors do not pass SQLAlchemy's error handling: :meth:`CommunityFile.session`
    turns them into the same messages (scrambled text is :class:`DamagedFile`). Dates come as
    ISO text: read them with :func:`stored_date`.
    """
    return db.connection().connection.dbapi_connection.execute(sql, params).fetchall()


class StoredValueError(ValueError):
    """A value read from the file cannot be what copdesk wrote there: the file is damaged."""


def stored_date(text: str | None) -> dt.date | None:
    """A date column read through :func:`driver_rows` (ISO text, as SQLAlchemy stores it)."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except (ValueError, TypeError) as exc:
        raise StoredValueError(repr(text)) from exc


@dataclass
class CommunityFile:
    """An open community file. Use :meth:`session` for each unit of work; :meth:`close` when done.

    ``last_backup`` is the backup taken when the file was opened (None if none could be taken:
    ``backup_problem`` then says why, for the window to warn). ``changes_since_backup`` counts the
    commits that changed something since then; :meth:`backup_if_due` takes the periodic backup.
    """

    path: Path
    engine: Engine
    readonly: bool = False
    lock: FileLock | None = None
    last_backup: BackupInfo | None = None
    backup_problem: str | None = None
    changes_since_backup: int = 0
    _factory: sessionmaker[Session] = field(init=False, repr=False)
    _closed: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, class_=_SafeSession)
        event.listen(self.engine, "commit", self._on_commit)

    def _on_commit(self, conn) -> None:  # noqa: ANN001
        record = conn.connection
        before = record.info.get("copdesk_changes_at_begin", 0)
        if record.dbapi_connection.total_changes != before:
            self.changes_since_backup += 1

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A database session; changes must be committed by the service that makes them.

        A write the disk refuses raises :class:`StorageError` (or :class:`ReadOnlyFile`); the
        session is rolled back and the file keeps its previous state.
        """
        db = self._factory()
        try:
            yield db
        except BaseException as exc:
            db.rollback()
            if isinstance(exc, sqlite3.Error | UnicodeDecodeError):  # straight from the driver
                mapped = storage_error(exc, self.path, readonly=self.readonly)
                if mapped is not None:
                    raise mapped from exc
            if isinstance(exc, StoredValueError) or (
                isinstance(exc, ValueError | TypeError | OverflowError) and _from_stored_data(exc)
            ):
                raise _scrambled(self.path) from exc
            raise
        finally:
            db.close()

    def backup_if_due(self, now: dt.datetime | None = None) -> BackupInfo | None:
        """Take the periodic backup if :class:`~copdesk.backups.BackupScheduler` says it is due."""
        from copdesk import backups

        if self.readonly:
            return None
        now = now or dt.datetime.now().astimezone()
        last = self.last_backup.taken_at if self.last_backup else None
        if not backups.BackupScheduler().due(now, last, self.changes_since_backup):
            return None
        info = backups.take_backup(self.path, "periodic")
        self.last_backup = info
        self.changes_since_backup = 0
        backups.thin_backups_quietly(self.path, now)
        return info

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> CommunityFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- reading what a file is, without writing to it ----------------------------------------------


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except FileNotFoundError:
        raise FileProblem(_("The file {path} does not exist.").format(path=path)) from None
    except IsADirectoryError:
        raise NotACopdeskFile(
            _("{path} is a folder, not a copdesk file.").format(path=path)
        ) from None
    except PermissionError:
        raise FileProblem(_("You are not allowed to read {path}.").format(path=path)) from None
    except OSError as exc:
        raise FileProblem(
            _("{path} cannot be read ({reason}).").format(path=path, reason=exc.strerror or exc)
        ) from None


def _check_identity(path: Path) -> None:
    header = _read_header(path)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise NotACopdeskFile(_("{path} is not a copdesk file.").format(path=path))
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise NotACopdeskFile(
            _("{path} is a database, but not one made by copdesk.").format(path=path)
        )


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _readonly_connect(path: Path) -> sqlite3.Connection:
    """For looking at a file that may be damaged: never writes, never fails on scrambled text."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    con.text_factory = _lenient_text
    return con


def _unfinished_write(path: Path) -> FileProblem:
    return FileProblem(
        _(
            "{path} was not closed properly the last time it was changed. Open it normally "
            "(not read-only) once, on a disk copdesk can write to, and copdesk will repair it."
        ).format(path=path)
    )


def read_revision(path: Path) -> str | None:
    """The file's schema revision (None for a file whose schema was never created)."""
    try:
        con = _readonly_connect(path)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise FileProblem(
            _("{path} cannot be read ({reason}).").format(path=path, reason=exc)
        ) from exc
    try:
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if row and "\ufffd" in str(row[0]):
            raise _scrambled(path)
        return row[0] if row else None
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY_ROLLBACK:
            raise _unfinished_write(path) from exc
        raise DamagedFile(
            _("{path} is damaged and cannot be read ({reason}).").format(path=path, reason=exc)
        ) from exc
    finally:
        con.close()


def quick_check(path: Path, *, full: bool = False) -> str:
    """'ok', or what SQLite found wrong (read-only; ``full`` runs integrity_check)."""
    try:
        con = _readonly_connect(path)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        return str(exc)
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = [r[0] for r in con.execute(f"PRAGMA {pragma}").fetchall()]
        if rows != ["ok"]:
            return "; ".join(rows[:10])
        return schema_problem(con) or "ok"
    except UnicodeDecodeError as exc:
        return str(exc)
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY_ROLLBACK:
            raise _unfinished_write(path) from exc
        return str(exc)
    finally:
        con.close()


def schema_problem(con: sqlite3.Connection) -> str | None:
    """What the newest schema expects and a file at that schema lacks (a scrambled schema).

    Only for files whose tables exist (a file before its first migration has none).
    """
    from copdesk.models import Base

    present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in present or not (present - {"alembic_version"}):
        return None
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    if not row or row[0] != HEAD:
        return None
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            return _("the table {table} is missing").format(table=table.name)
        columns = {r[1] for r in con.execute(f'PRAGMA table_info("{table.name}")')}
        missing = [c.name for c in table.columns if c.name not in columns]
        if missing:
            return _("the table {table} lacks {columns}").format(
                table=table.name, columns=", ".join(missing)
            )
    return None


def scrambled_text(path: Path) -> str | None:
    """Which table holds text that is not valid UTF-8 (damage integrity_check cannot see)."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            try:
                for _row in con.execute(f'SELECT * FROM "{table}"'):
                    pass
            except (sqlite3.DatabaseError, UnicodeDecodeError):
                return _("scrambled text in the table {table}").format(table=table)
        return None
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return str(exc)
    finally:
        con.close()


def known_revisions() -> list[str]:
    """Every revision in the migration scripts, oldest first."""
    script = _script_directory()
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + JOURNAL_SUFFIX)


def recover_journal(path: Path) -> None:
    """Finish an interrupted write: let SQLite roll back a hot journal left by a dead writer.

    Only for files this process has locked for writing. A journal that is not hot (or a file
    SQLite cannot read at all) is left alone; the checks that follow report damage.
    """
    if not journal_path(path).exists():
        return
    try:
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except (sqlite3.Error, UnicodeDecodeError):
        return
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        mapped = storage_error(exc, path)
        if isinstance(mapped, StorageError):
            raise _unfinished_write(path) from exc
    finally:
        con.close()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR if os.name == "nt" else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file_atomically(source: Path, target: Path) -> None:
    """Copy ``source`` over ``target`` so that ``target`` is either wholly old or wholly new.

    The copy is made beside the target (same file system), flushed to disk, checked, then renamed
    over it. A stale journal of the *old* file is moved aside first: left in place it would be
    "rolled back" into the new one. On failure the target is untouched and the copy removed.
    """
    fd, tmp_name = tempfile.mkstemp(
        prefix=".copdesk-restore-", suffix=FILE_SUFFIX, dir=target.parent
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        verdict = quick_check(tmp, full=True)
        if verdict != "ok":
            raise DamagedFile(
                _(
                    "The copy written to {folder} is damaged ({reason}); nothing was changed."
                ).format(folder=target.parent, reason=verdict)
            )
        journal = journal_path(target)
        if journal.exists():
            journal.replace(target.with_name(f".{target.name}.stale-journal"))
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        mapped = storage_error(exc, target) if isinstance(exc, OSError | sqlite3.Error) else None
        if mapped is not None:
            raise mapped from exc
        raise


# -- Alembic, loaded only when a file must be created or migrated --------------------------------


def _alembic_config():  # noqa: ANN202 - alembic types are imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return cfg


def _script_directory():  # noqa: ANN202
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def _upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, target)


def downgrade(engine: Engine, target: str) -> None:
    """Used by tests and by a future "open in an older copdesk" export."""
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, target)


def _upgrade_keeping_the_file(
    path: Path, engine: Engine, backup: BackupInfo, revision: str | None
) -> None:
    """Migrate; if that fails, make sure the file is as it was (from the backup if need be)."""
    try:
        _upgrade(engine)
    except BaseException as exc:
        engine.dispose()
        try:
            intact = read_revision(path) == revision and quick_check(path) == "ok"
        except FileProblem:
            intact = False
        if not intact:
            log.warning("upgrade of %s failed half-way; putting back %s", path, backup.path)
            replace_file_atomically(backup.path, path)
        if isinstance(exc, CopdeskError) or not isinstance(exc, Exception):
            raise
        raise UpgradeFailed(
            _(
                "copdesk could not upgrade {path} to this version ({reason}). The file has not "
                "been changed."
            ).format(path=path, reason=exc)
        ) from exc


# -- backups ------------------------------------------------------------------------------------


def backup_copy(path: Path, reason: str) -> Path:
    """Copy a community file into the user's backup folder (see :func:`copdesk.backups.take_backup`).

    Backups are never written next to the file (it may live on a USB stick).
    """
    from copdesk.backups import take_backup

    return take_backup(path, reason).path


# -- opening and creating -------------------------------------------------------------------------


def _check_writable(path: Path) -> None:
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return
    what = (
        _("{path} is read-only").format(path=path)
        if not os.access(path, os.W_OK)
        else _("the folder holding {path} is read-only").format(path=path)
    )
    raise ReadOnlyFile(
        _(
            "copdesk cannot save changes here: {what} (a locked USB stick, a CD or a shared "
            "folder?). You can open it read-only, or save a copy elsewhere and open that."
        ).format(what=what),
        path,
    )


def open_community(path: str | os.PathLike[str], readonly: bool = False) -> CommunityFile:
    """Open an existing community file, migrating it (after a backup) if it is older.

    Raises :class:`FileProblem` (with a message for the user) and leaves the file untouched when it
    is missing, not a copdesk file, damaged or from a newer copdesk. For changes (the default) the
    file is locked against other copdesk processes (:class:`~copdesk.lock.FileInUse`), must be
    writable (:class:`ReadOnlyFile` otherwise), is repaired if a previous writer died, and is
    backed up (before any migration) with old backups thinned. ``readonly=True`` opens it with
    SQLite's ``mode=ro``: no lock, no backup, and every write raises :class:`ReadOnlyFile`.
    """
    from copdesk import backups, lock

    p = Path(path)
    _check_identity(p)
    held = None if readonly else lock.acquire(p)
    try:
        if not readonly:
            recover_journal(p)
        revision = read_revision(p)
        if revision != HEAD:
            if revision is not None and revision not in known_revisions():
                raise FileTooNew(
                    _(
                        "{path} was made by a newer version of copdesk. Please update copdesk to "
                        "open it; the file has not been changed."
                    ).format(path=p)
                )
            if readonly:
                raise FileProblem(
                    _(
                        "{path} was made by an older version of copdesk and must be upgraded "
                        "before it can be read. Open it normally once (not read-only)."
                    ).format(path=p)
                )
        verdict = quick_check(p)
        if verdict != "ok":
            raise DamagedFile(
                _("{path} is damaged ({reason}). It has not been changed.").format(
                    path=p, reason=verdict
                )
            )
        if readonly:
            return CommunityFile(path=p, engine=make_engine(p, readonly=True), readonly=True)
        _check_writable(p)
        problem = None
        backup = None
        try:
            backup = backups.take_backup(p, "open" if revision == HEAD else "before-upgrade")
        except CopdeskError as exc:
            if revision != HEAD:
                raise  # never migrate without a backup
            problem = exc.message
        engine = make_engine(p)
        if revision != HEAD:
            assert backup is not None
            _upgrade_keeping_the_file(p, engine, backup, revision)
        backups.thin_backups_quietly(p)
        return CommunityFile(
            path=p, engine=engine, lock=held, last_backup=backup, backup_problem=problem
        )
    except BaseException:
        if held is not None:
            held.release()
        raise


def create_file(path: str | os.PathLike[str], *, overwrite: bool = False) -> CommunityFile:
    """Create an empty community file with the current schema.

    The schema is built in a temporary file beside the target, which is renamed into place only
    once complete, so a failure never leaves a half-made file behind. The file (and so its
    journal) is private to its owner (0600).
    """
    from copdesk import lock

    p = Path(path)
    if p.suffix != FILE_SUFFIX:
        p = p.with_name(p.name + FILE_SUFFIX)
    if p.exists() and not overwrite:
        raise FileProblem(_("{path} already exists.").format(path=p))
    if not p.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=p.parent))
    held = lock.acquire(p)
    try:
        try:
            fd, tmp_name = tempfile.mkstemp(
                prefix=".copdesk-new-", suffix=FILE_SUFFIX, dir=p.parent
            )
        except OSError as exc:
            raise (storage_error(exc, p) or exc) from exc
        os.close(fd)
        tmp = Path(tmp_name)
        os.chmod(tmp, 0o600)
        try:
            engine = make_engine(tmp)
            _upgrade(engine)
            engine.dispose()
            os.replace(tmp, p)
            _fsync_dir(p.parent)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            journal_path(tmp).unlink(missing_ok=True)
            mapped = storage_error(exc, p) if isinstance(exc, OSError) else None
            if mapped is not None:
                raise mapped from exc
            raise
        return CommunityFile(path=p, engine=make_engine(p), lock=held)
    except BaseException:
        held.release()
        raise


# -- checking -------------------------------------------------------------------------------------


@dataclass
class CheckFinding:
    ok: bool
    message: str


def check_file(path: str | os.PathLike[str]) -> list[CheckFinding]:
    """Integrity and schema check, read-only. The file is sound if every finding is ok."""
    p = Path(path)
    findings: list[CheckFinding] = []
    try:
        _check_identity(p)
    except FileProblem as exc:
        return [CheckFinding(False, exc.message)]
    findings.append(CheckFinding(True, _("It is a copdesk file.")))
    try:
        con = _readonly_connect(p)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        return [*findings, CheckFinding(False, str(exc))]
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        if rows == ["ok"]:
            findings.append(CheckFinding(True, _("Database integrity: ok.")))
        else:
            findings.append(
                CheckFinding(
                    False, _("Database integrity: {problems}").format(problems="; ".join(rows[:10]))
                )
            )
        schema = schema_problem(con)
        if schema is not None:
            findings.append(CheckFinding(False, _("Schema: {problem}.").format(problem=schema)))
        if rows == ["ok"]:
            scrambled = scrambled_text(p)
            if scrambled is not None:
                findings.append(
                    CheckFinding(False, _("Contents: {problem}.").format(problem=scrambled))
                )
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            findings.append(
                CheckFinding(
                    False, _("{count} broken references between tables.").format(count=len(fk))
                )
            )
        else:
            findings.append(CheckFinding(True, _("References between tables: ok.")))
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY_ROLLBACK:
            message = _unfinished_write(p).message
        else:
            message = _("The file is damaged ({reason}).").format(reason=exc)
        findings.append(CheckFinding(False, message))
        return findings
    finally:
        con.close()
    try:
        revision = read_revision(p)
    except FileProblem as exc:
        return [*findings, CheckFinding(False, exc.message)]
    if revision == HEAD:
        findings.append(
            CheckFinding(True, _("Schema version {revision}: current.").format(revision=revision))
        )
    elif revision is not None and revision not in known_revisions():
        findings.append(
            CheckFinding(
                False,
                _("Schema version {revision} is newer than this copdesk knows.").format(
                    revision=revision
                ),
            )
        )
    else:
        findings.append(
            CheckFinding(
                True,
                _("Schema version {revision}: older, will be upgraded when opened.").format(
                    revision=revision or "0"
                ),
            )
        )
    return findings

"""Opening, creating, migrating and checking a community file (``*.copdesk``, an SQLite database).

The file is an application file format: one community per file, ``PRAGMA application_id`` set to
copdesk's own id, foreign keys enforced, ``synchronous=FULL`` and the rollback journal in DELETE
mode, so that once a change is committed the ``.copdesk`` file alone holds it (no ``-wal`` file to
forget when copying to a USB stick). Alembic owns the schema from the first revision; an older file
is migrated after a backup copy is taken, a newer one is refused and left untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from copdesk.errors import DamagedFile, FileProblem, FileTooNew, NotACopdeskFile
from copdesk.i18n import _
from copdesk.migrations import HEAD
from copdesk.paths import backups_dir

# "cpdk" in ASCII: identifies a copdesk file to `file(1)` and to copdesk itself.
APPLICATION_ID = 0x6370646B
SQLITE_HEADER = b"SQLite format 3\x00"
FILE_SUFFIX = ".copdesk"


def _apply_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA journal_mode = DELETE")
    cur.execute("PRAGMA busy_timeout = 2000")
    cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _apply_pragmas)
    return engine


@dataclass
class CommunityFile:
    """An open community file. Use :meth:`session` for each unit of work; :meth:`close` when done."""

    path: Path
    engine: Engine
    _factory: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A database session; changes must be committed by the service that makes them."""
        db = self._factory()
        try:
            yield db
        except BaseException:
            db.rollback()
            raise
        finally:
            db.close()

    def close(self) -> None:
        self.engine.dispose()

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


def _check_identity(path: Path) -> None:
    header = _read_header(path)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise NotACopdeskFile(_("{path} is not a copdesk file.").format(path=path))
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise NotACopdeskFile(
            _("{path} is a database, but not one made by copdesk.").format(path=path)
        )


def _readonly_connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def read_revision(path: Path) -> str | None:
    """The file's schema revision (None for a file whose schema was never created)."""
    con = _readonly_connect(path)
    try:
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise DamagedFile(
            _("{path} is damaged and cannot be read ({reason}).").format(path=path, reason=exc)
        ) from exc
    finally:
        con.close()


def known_revisions() -> list[str]:
    """Every revision in the migration scripts, oldest first."""
    script = _script_directory()
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


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


# -- backups ------------------------------------------------------------------------------------


def backup_copy(path: Path, reason: str) -> Path:
    """Copy a community file into the user's backup folder with SQLite's online backup API.

    Backups are never written next to the file (it may live on a USB stick).
    """
    folder = backups_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}{FILE_SUFFIX}"
    source = _readonly_connect(path)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


# -- opening and creating -------------------------------------------------------------------------


def open_community(path: str | os.PathLike[str]) -> CommunityFile:
    """Open an existing community file, migrating it (after a backup) if it is older.

    Raises :class:`FileProblem` (with a message for the user) and leaves the file untouched when it
    is missing, not a copdesk file, damaged or from a newer copdesk.
    """
    p = Path(path)
    _check_identity(p)
    revision = read_revision(p)
    if revision != HEAD:
        if revision is not None and revision not in known_revisions():
            raise FileTooNew(
                _(
                    "{path} was made by a newer version of copdesk. Please update copdesk to "
                    "open it; the file has not been changed."
                ).format(path=p)
            )
    con = _readonly_connect(p)
    try:
        verdict = con.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    finally:
        con.close()
    if verdict != "ok":
        raise DamagedFile(
            _("{path} is damaged ({reason}). It has not been changed.").format(
                path=p, reason=verdict
            )
        )
    engine = make_engine(p)
    if revision != HEAD:
        backup_copy(p, "before-upgrade")
        _upgrade(engine)
    return CommunityFile(path=p, engine=engine)


def create_file(path: str | os.PathLike[str], *, overwrite: bool = False) -> CommunityFile:
    """Create an empty community file with the current schema.

    The schema is built in a temporary file beside the target, which is renamed into place only
    once complete, so a failure never leaves a half-made file behind.
    """
    p = Path(path)
    if p.suffix != FILE_SUFFIX:
        p = p.with_name(p.name + FILE_SUFFIX)
    if p.exists() and not overwrite:
        raise FileProblem(_("{path} already exists.").format(path=p))
    if not p.parent.is_dir():
        raise FileProblem(_("The folder {folder} does not exist.").format(folder=p.parent))
    fd, tmp_name = tempfile.mkstemp(prefix=".copdesk-new-", suffix=FILE_SUFFIX, dir=p.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o600)
    try:
        engine = make_engine(tmp)
        _upgrade(engine)
        engine.dispose()
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return CommunityFile(path=p, engine=make_engine(p))


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
    except sqlite3.Error as exc:
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
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            findings.append(
                CheckFinding(
                    False, _("{count} broken references between tables.").format(count=len(fk))
                )
            )
        else:
            findings.append(CheckFinding(True, _("References between tables: ok.")))
    except sqlite3.DatabaseError as exc:
        findings.append(
            CheckFinding(False, _("The file is damaged ({reason}).").format(reason=exc))
        )
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

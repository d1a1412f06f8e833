"""The community's logo: kept in the file, checked when set, printed on the agenda, set from the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import sqlite3
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from copdesk import db as dbmod
from copdesk.cli import main
from copdesk.db import open_community
from copdesk.errors import FileProblem, ValidationError
from copdesk.migrations import HEAD
from copdesk.paths import backups_dir
from copdesk.services import community, logo, meetings, printouts, roster


def png(path: Path, size=(200, 100), colour=(200, 30, 30), kind: str = "PNG") -> Path:
    Image.new("RGB", size, colour).save(path, kind)
    return path


def image_xobjects(pdf: bytes) -> int:
    """How many image XObjects the pages draw (reportlab wraps each in a form XObject)."""

    def count(resources) -> int:  # noqa: ANN001
        found = 0
        for ref in (resources or {}).get("/XObject", {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found += 1
            elif obj.get("/Subtype") == "/Form":
                found += count(obj.get("/Resources"))
        return found

    return sum(count(page.get("/Resources")) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def session_id(cfile) -> int:
    with cfile.session() as db:
        return meetings.add_meeting(
            db, meetings.MeetingInput(date=dt.date(2026, 3, 3), start_time=dt.time(18))
        ).id


# -- the service ---------------------------------------------------------------------------------


def test_set_read_and_clear(db, tmp_path: Path) -> None:  # noqa: ANN001
    assert logo.get_logo(db) is None and community.get_community(db).logo is None
    source = png(tmp_path / "logo.png")
    stored = logo.set_logo(db, source)
    assert (stored.kind, stored.width, stored.height) == ("png", 200, 100)
    again = logo.get_logo(db)
    assert again == stored and again.data == source.read_bytes()  # kept as chosen
    described = community.get_community(db).logo
    assert described == stored and not described.loaded  # the community reads no image
    jpeg = logo.set_logo(db, png(tmp_path / "logo.jpg", kind="JPEG"))
    assert jpeg.kind == "jpeg" and logo.get_logo(db) == jpeg
    assert logo.clear_logo(db) is True
    assert logo.get_logo(db) is None and community.get_community(db).logo is None
    assert logo.clear_logo(db) is False


def _noise_png(path: Path, side: int) -> Path:
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, "PNG")
    return path


@pytest.mark.parametrize(
    "make, error, words",
    [
        (lambda d: d / "missing.png", FileProblem, "does not exist"),
        (lambda d: d, FileProblem, "does not exist"),  # a folder
        (lambda d: (d / "x.png").write_text("not an image") and d / "x.png", FileProblem, "PNG"),
        (lambda d: png(d / "x.gif", kind="GIF"), FileProblem, "PNG or JPEG"),
        (
            lambda d: (
                (d / "cut.png").write_bytes(png(d / "whole.png").read_bytes()[:120])
                and d / "cut.png"
            ),
            FileProblem,
            "PNG or JPEG",
        ),
        (lambda d: _noise_png(d / "big.png", 900), ValidationError, "too large"),
        (lambda d: png(d / "wide.png", size=(7000, 4)), ValidationError, "too large"),
    ],
    ids=["missing", "folder", "text", "gif", "truncated", "over-2-MB", "too-many-pixels"],
)
def test_a_refused_image_changes_nothing(db, tmp_path: Path, make, error, words) -> None:  # noqa: ANN001
    before = logo.set_logo(db, png(tmp_path / "kept.png"))
    bad = make(tmp_path)
    with pytest.raises(error, match=words):
        logo.set_logo(db, bad)
    assert logo.get_logo(db) == before and logo.get_logo(db).data == before.data


def test_community_settings_carry_the_logo_and_keep_it(db, tmp_path: Path) -> None:  # noqa: ANN001
    info = community.get_community(db)
    chosen = logo.read_logo_file(png(tmp_path / "a.png"))
    community.update_community(db, dataclasses.replace(info, logo=chosen))
    # renaming with the logo as read (described, not loaded) keeps the stored image
    renamed = dataclasses.replace(community.get_community(db), name="Renamed")
    community.update_community(db, renamed)
    assert logo.get_logo(db).data == chosen.data
    community.update_community(db, dataclasses.replace(renamed, logo=None))
    assert logo.get_logo(db) is None
    # a bad name refuses the whole change: the logo is not stored either
    with pytest.raises(ValidationError):
        community.update_community(db, dataclasses.replace(renamed, name=" ", logo=chosen))
    assert logo.get_logo(db) is None


def test_a_new_community_may_start_with_a_logo(tmp_path: Path) -> None:
    chosen = logo.read_logo_file(png(tmp_path / "a.png"))
    made = community.create_community(
        tmp_path / "new.copdesk", community.CommunityInfo(name="New", logo=chosen)
    )
    with made, made.session() as db:
        assert logo.get_logo(db).data == chosen.data


# -- the agenda ----------------------------------------------------------------------------------


def test_the_agenda_prints_the_stored_logo_until_it_is_removed(
    cfile, session_id: int, tmp_path: Path
) -> None:  # noqa: ANN001
    with cfile.session() as db:
        assert image_xobjects(printouts.agenda_pdf(db, session_id)) == 0
        logo.set_logo(db, png(tmp_path / "logo.png"))
        assert printouts.agenda_document(db, session_id).logo == logo.get_logo(db).data
        assert image_xobjects(printouts.agenda_pdf(db, session_id)) == 1
        # --logo overrides it for one print
        other = png(tmp_path / "other.png", colour=(0, 0, 255))
        assert printouts.agenda_document(db, session_id, logo=other).logo == other.read_bytes()
        logo.clear_logo(db)
        assert image_xobjects(printouts.agenda_pdf(db, session_id)) == 0


# -- migration -----------------------------------------------------------------------------------


def test_a_0005_file_with_data_is_upgraded_after_a_backup(cfile, tmp_path: Path) -> None:  # noqa: ANN001
    path = cfile.path
    with cfile.session() as db:
        ana = roster.add_member(db, roster.MemberInput(name="Ana", organisation="Library")).id
        meeting = meetings.add_meeting(
            db, meetings.MeetingInput(date=dt.date(2026, 3, 3), start_time=dt.time(18))
        ).id
        logo.set_logo(db, png(tmp_path / "logo.png"))
        info = dataclasses.replace(community.get_community(db), logo=None)
    dbmod.downgrade(cfile.engine, "0005")
    cfile.close()
    assert dbmod.read_revision(path) == "0005"
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert "community_logo" not in tables

    with open_community(path) as reopened, reopened.session() as db:
        assert dbmod.read_revision(path) == HEAD
        assert community.get_community(db) == info
        assert [m.name for m in roster.list_members(db)] == ["Ana"]
        assert roster.get_member(db, ana).organisation == "Library"
        assert meetings.get_meeting(db, meeting).meeting.date == dt.date(2026, 3, 3)
        assert logo.get_logo(db) is None
        logo.set_logo(db, png(tmp_path / "again.png"))
        assert logo.get_logo(db) is not None
    backups = [p.name for p in backups_dir().iterdir()]
    assert any("before-upgrade" in name for name in backups)


# -- the CLI -------------------------------------------------------------------------------------


def test_cli_sets_and_clears_the_logo(cfile, session_id: int, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    path = str(cfile.path)
    cfile.close()
    source = png(tmp_path / "logo.png")
    assert main(["community", path, "--logo", str(source)]) == 0
    assert "200 × 100" in capsys.readouterr().out
    out = tmp_path / "agenda.pdf"
    assert main(["agenda", path, "--session", str(session_id), "-o", str(out)]) == 0
    assert image_xobjects(out.read_bytes()) == 1

    assert main(["community", path, "--logo", str(tmp_path / "nope.png")]) == 1
    assert "does not exist" in capsys.readouterr().err
    with open_community(path) as again, again.session() as db:
        assert logo.get_logo(db).data == source.read_bytes()  # the refusal changed nothing

    assert main(["community", path, "--no-logo"]) == 0
    assert "Removed" in capsys.readouterr().out
    assert main(["agenda", path, "--session", str(session_id), "-o", str(out)]) == 0
    assert image_xobjects(out.read_bytes()) == 0
    assert main(["community", path, "--no-logo"]) == 0
    assert "has no logo" in capsys.readouterr().out


def test_cli_needs_one_of_logo_or_no_logo(cfile) -> None:  # noqa: ANN001
    for args in ([], ["--logo", "a.png", "--no-logo"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["community", str(cfile.path), *args])
        assert exit_info.value.code == 2

"""`copdesk roster import|export|vcard`, including every error a user can cause."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from copdesk.cli import main
from copdesk.db import open_community
from copdesk.services import roster
from copdesk.services.community import CommunityInfo, create_community

DATA = Path(__file__).parent / "data"


@pytest.fixture
def community(tmp_path: Path) -> Path:
    made = create_community(tmp_path / "circle.copdesk", CommunityInfo(name="Circle"))
    made.close()
    return made.path


def members(path: Path) -> list[str]:
    with open_community(path, readonly=True) as cfile, cfile.session() as db:
        return [m.name for m in roster.list_members(db)]


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("copdesk: ") and "Traceback" not in err
    return err


def test_import_then_export_then_vcard(community: Path, tmp_path: Path, capsys) -> None:
    csv_path = DATA / "sheets_es_utf8_bom_comma.csv"
    assert main(["roster", "import", str(community), str(csv_path)]) == 0
    out = capsys.readouterr().out
    assert "Read as utf-8-sig, columns separated by comma." in out
    assert "3 members imported" in out
    assert len(members(community)) == 3

    assert main(["roster", "import", str(community), str(csv_path)]) == 0
    assert "0 members imported" in capsys.readouterr().out
    assert len(members(community)) == 3  # idempotent

    out_csv = tmp_path / "out.csv"
    assert main(["roster", "export", str(community), str(out_csv)]) == 0
    assert "Wrote 3 members to" in capsys.readouterr().out
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbfName,")

    out_vcf = tmp_path / "out.vcf"
    assert main(["roster", "vcard", str(community), str(out_vcf)]) == 0
    assert "Wrote 3 contacts" in capsys.readouterr().out
    assert out_vcf.read_bytes().count(b"BEGIN:VCARD") == 3


def test_dry_run_changes_nothing(community: Path, capsys) -> None:
    before = community.read_bytes()
    code = main(["roster", "import", str(community), str(DATA / "tab_fr_utf8.tsv"), "--dry-run"])
    assert code == 0
    out = capsys.readouterr().out
    assert "2 new members to add" in out and "Dry run: nothing was changed." in out
    assert community.read_bytes() == before


def test_invalid_rows_refuse_the_import_unless_skipped(community: Path, capsys) -> None:
    before = community.read_bytes()
    problems = str(DATA / "problems.csv")
    assert main(["roster", "import", str(community), problems]) == 1
    captured = capsys.readouterr()
    assert "Row 3: it has no name." in captured.out
    assert captured.err == (
        "copdesk: Nothing was imported: 6 rows have problems. Correct them, or skip them.\n"
    )
    assert community.read_bytes() == before

    assert main(["roster", "import", str(community), problems, "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "2 members imported" in out and "6 rows skipped because of problems:" in out
    assert members(community) == ["Good Person", "Also Fine"]


def test_map_option(community: Path, tmp_path: Path, capsys) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Who,Contact\nAna,ana@example.org\n", encoding="utf-8")
    args = ["roster", "import", str(community), str(odd)]
    assert main([*args, "--map", "Who=name", "--map", "2=email"]) == 0
    assert members(community) == ["Ana"]
    capsys.readouterr()

    assert main([*args, "--map", "Who=shoe size"]) == 1
    assert "is not a field copdesk knows" in one_line_error(capsys)
    assert main([*args, "--map", "Nope=name"]) == 1
    assert "The file has no column “Nope”" in one_line_error(capsys)
    assert main([*args, "--map", "nonsense"]) == 1
    assert "is not COLUMN=FIELD" in one_line_error(capsys)
    assert main(args) == 1  # no column is recognised as the name
    assert "No column holds the members' names" in one_line_error(capsys)


def test_missing_files_are_one_line_errors(community: Path, tmp_path: Path, capsys) -> None:
    assert main(["roster", "import", str(community), str(tmp_path / "none.csv")]) == 1
    assert "none.csv does not exist" in one_line_error(capsys)
    assert main(["roster", "export", str(tmp_path / "none.copdesk"), "x.csv"]) == 1
    assert "does not exist" in one_line_error(capsys)
    assert main(["roster", "export", str(community), str(tmp_path / "no" / "x.csv")]) == 1
    assert "does not exist" in one_line_error(capsys)


def test_module_entry_point_prints_one_line(community: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "copdesk",
            "roster",
            "import",
            str(community),
            str(tmp_path / "missing.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "missing.csv" in result.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "copdesk", "roster"], capture_output=True, text=True, timeout=120
    )
    assert usage.returncode == 2 and "usage:" in usage.stderr

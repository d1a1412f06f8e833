"""Hostile spreadsheet input: whatever bytes arrive, import says what is wrong or imports cleanly.

Never a crash, never a partial import: a refused import leaves the community file byte-identical.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copdesk.db import open_community
from copdesk.errors import CopdeskError
from copdesk.services import roster, roster_io
from copdesk.services.community import CommunityInfo, create_community

CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["=1+1", "+cmd", "-2", "@SUM(A1)", "\t", "a;b", 'x"y', "ana@example.org", ""]
)
ROWS = st.lists(st.lists(CELL, min_size=0, max_size=6), min_size=0, max_size=12)
HEADERS = st.sampled_from(
    ["Name,Email,Organisation", "Nombre;Correo electrónico", "名前\tメール", "", "E-Mail,Name"]
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])


def _csv(header: str, rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    lines = [header, *(delimiter.join(r) for r in rows)]
    return "\r\n".join(lines).encode(encoding, errors="replace")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    header=HEADERS,
    rows=ROWS,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=ENCODINGS,
    junk=st.binary(max_size=64),
)
def test_any_csv_is_refused_cleanly_or_imported_whole(
    tmp_path_factory, header, rows, delimiter, encoding, junk
) -> None:  # noqa: ANN001
    folder: Path = tmp_path_factory.mktemp("csv")
    cfile = create_community(folder / "c.copdesk", CommunityInfo(name="Fuzz"))
    with cfile.session() as db:
        roster.add_member(db, roster.MemberInput(name="Ana", email="ana@example.org"))
    cfile.close()
    path = cfile.path
    data = _csv(header, rows, delimiter, encoding) + junk
    with open_community(path) as opened, opened.session() as db:
        before = path.read_bytes()
        try:
            plan = roster_io.plan_import(db, data)
        except CopdeskError:
            assert path.read_bytes() == before
            return
        try:
            report = roster_io.apply_import(db, plan)
        except CopdeskError:
            db.rollback()
            assert path.read_bytes() == before  # refused: nothing written
            return
        assert report is not None
        members = roster.list_members(db)
    # Imported whole: every planned row is in the file, the existing member is still there.
    assert any(m.email == "ana@example.org" for m in members)
    assert len(members) >= 1

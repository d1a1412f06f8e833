"""How long printouts take.

Usage::

    python benchmarks/bench_printouts.py [--runs N]

* The agenda of a 40-person session (pairs drawn, potluck, ballot, names in many scripts), timed as
  the whole process a user waits for: ``python -m copdesk agenda FILE --session ID -o OUT.pdf``,
  median of ``--runs``. Its floor is a bare reportlab script, also a whole process, writing a
  one-page agenda with one embedded TrueType font (Noto Sans); the ratio is reported.
* Peer: LibreOffice (``soffice --headless --convert-to pdf``) converting an equivalent agenda
  document (HTML: the same title, timed items and pairs) to PDF, whole process, own profile
  folder, median of ``--runs`` after a warm-up; skipped when ``soffice`` is not installed
  (``apt-get install libreoffice-writer-nogui``).
* The sign-in sheet of a 500-person community (in-process: reading the file, sorting in the
  language's collation, laying out ~19 pages), first call and median of the following ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import Figure, report  # noqa: E402

TARGET_RATIO = 1.5

FLOOR = """
import sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
pdfmetrics.registerFont(TTFont("Sans", sys.argv[1]))
style = ParagraphStyle("b", fontName="Sans", fontSize=10.5, leading=14)
title = ParagraphStyle("t", parent=style, fontSize=20, leading=25)
rows = [[Paragraph(f"18:{i * 5:02d}", style), Paragraph(f"Agenda item {i}", style),
         Paragraph("5 minutes", style)] for i in range(8)]
pairs = [[Paragraph(f"{i}. Person {2 * i} and Person {2 * i + 1}", style)] for i in range(20)]
story = [Paragraph("Neighbourhood Practitioners' Circle", title),
         Paragraph("Tuesday, March 3, 2026 · 6:00 PM – 7:15 PM", style),
         Table(rows), Table(pairs, style=[("FONTNAME", (0, 0), (-1, -1), "Sans")])]
SimpleDocTemplate(sys.argv[2], pagesize=A4, invariant=True).build(story)
"""


def peer_document(path: Path) -> Path:
    """The floor's agenda as an HTML document, for LibreOffice Writer to convert."""
    title = html.escape("Neighbourhood Practitioners' Circle")
    items = "".join(
        f"<tr><td>18:{i * 5:02d}</td><td>Agenda item {i}</td><td>5 minutes</td></tr>"
        for i in range(8)
    )
    pairs = "".join(f"<p>{i}. Person {2 * i} and Person {2 * i + 1}</p>" for i in range(20))
    path.write_text(
        "<html><head><meta charset='utf-8'><style>body { font-family: 'Noto Sans' }</style>"
        f"</head><body><h1>{title}</h1>"
        "<p>Tuesday, March 3, 2026 · 6:00 PM – 7:15 PM</p>"
        f"<table>{items}</table>{pairs}</body></html>",
        encoding="utf-8",
    )
    return path


def peer_time(tmp: Path, runs: int) -> float | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    doc = peer_document(tmp / "agenda.html")
    cmd = [
        soffice,
        f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}",
        "--headless",
        "--infilter=HTML (StarWriter)",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(tmp / "lo"),
        str(doc),
    ]
    subprocess.run(cmd, check=True, capture_output=True)  # makes the profile folder
    elapsed = median_run(cmd, runs)
    assert (tmp / "lo" / "agenda.pdf").exists()
    return elapsed


def make_session_file(path: Path, people: int) -> int:
    """A community with ``people`` members all present at one session; returns the session id."""
    from make_community import make_file

    from copdesk.db import open_community
    from copdesk.models import AttendanceStatus
    from copdesk.models.planning import DishKind
    from copdesk.services import meetings, pairs, potluck, roster, topics

    make_file(path, people)
    with open_community(path) as cfile, cfile.session() as db:
        ids = [m.id for m in roster.list_members(db)]
        day = dt.date(2026, 3, 3)
        m = meetings.add_meeting(
            db,
            meetings.MeetingInput(
                date=day,
                start_time=dt.time(18),
                place="Library",
                topic="Mapping",
                convener_id=ids[0],
                host_id=ids[1],
            ),
        )
        meetings.set_attendance(db, m.id, dict.fromkeys(ids, AttendanceStatus.PRESENT))
        pairs.draw(db, m.id, seed=7)
        for label, kind, who in (
            ("Salad", DishKind.SALAD, 2),
            ("Dessert", DishKind.DESSERT, 3),
            ("Drinks", DishKind.DRINKS, 4),
        ):
            potluck.add_slot(db, m.id, potluck.SlotInput(label, kind, 10, ids[who], ids[who + 5]))
        for n, title in enumerate(("Funders", "Hybrid meetings", "Burnout", "Consent", "Tools")):
            row = topics.add_topic(db, topics.TopicInput(title), day)
            topics.record_votes(db, row.id, 10 - n, day)
        return m.id


def median_run(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from copdesk.reports.fonts import SANS, font_path

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        small = tmp / "forty.copdesk"
        session = make_session_file(small, 40)
        out = tmp / "agenda.pdf"
        cmd = [
            sys.executable,
            "-m",
            "copdesk",
            "agenda",
            str(small),
            "--session",
            str(session),
            "-o",
            str(out),
        ]
        subprocess.run(cmd, check=True, capture_output=True)  # warm the disk cache
        ours = median_run(cmd, args.runs)
        pages = len(__import__("pypdf").PdfReader(out).pages)
        print(
            f"agenda, 40-person session, whole CLI process (median of {args.runs}): "
            f"{ours * 1000:.0f} ms, {pages} page(s), {out.stat().st_size / 1024:.0f} KB"
        )
        floor_cmd = [sys.executable, "-c", FLOOR, str(font_path(SANS)), str(tmp / "floor.pdf")]
        floor = median_run(floor_cmd, args.runs)
        print(
            f"  floor, bare reportlab one-page agenda with one embedded TTF: {floor * 1000:.0f} ms"
        )
        print(f"  ratio: {ours / floor:.1f}×")
        orm = median_run([sys.executable, "-c", "import sqlalchemy.orm"], args.runs)
        print(f"  importing SQLAlchemy's ORM alone (whole process): {orm * 1000:.0f} ms")
        peer = peer_time(tmp, args.runs)
        if peer is None:
            print("  peer: LibreOffice not installed, skipped")
        else:
            print(
                f"  peer, LibreOffice headless converting an equivalent agenda: {peer * 1000:.0f} ms"
            )
        figures = [
            Figure(
                "agenda PDF, 40-person session, CLI (whole process)",
                ours * 1000,
                baseline=floor * 1000,
                baseline_label="bare reportlab + 1 TTF",
                limit=TARGET_RATIO,
                relative=True,
            ),
            Figure(
                "  python -c 'import sqlalchemy.orm' alone (whole process)",
                orm * 1000,
                baseline=floor * 1000,
                baseline_label="bare reportlab + 1 TTF",
            ),
            Figure(
                "  peer: LibreOffice headless, equivalent agenda to PDF",
                None if peer is None else peer * 1000,
                baseline=floor * 1000,
                baseline_label="bare reportlab + 1 TTF",
                note="skipped: soffice not installed" if peer is None else "",
            ),
        ]

        big = tmp / "five-hundred.copdesk"
        session = make_session_file(big, 500)
        from copdesk.db import open_community
        from copdesk.services import printouts

        times = []
        with open_community(big) as cfile, cfile.session() as db:
            for _ in range(args.runs + 1):
                started = time.perf_counter()
                data = printouts.signin_pdf(db, session)
                times.append(time.perf_counter() - started)
        pages = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(data)).pages)
        print(
            f"sign-in sheet, 500 people, in-process: first {times[0] * 1000:.0f} ms, then median "
            f"{statistics.median(times[1:]) * 1000:.0f} ms ({pages} pages, "
            f"{len(data) / 1024:.0f} KB)"
        )
        figures.append(
            Figure(
                "sign-in sheet, 500 people, in-process (median after first)",
                statistics.median(times[1:]) * 1000,
            )
        )
    report(figures)


if __name__ == "__main__":
    main()

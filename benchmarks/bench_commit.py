"""How long one edit takes to be saved. Run: python benchmarks/bench_commit.py [--runs N] [--file F]

In-process (the window is already open when the user edits): each figure is one core call that
the window makes for one edit, from the call to the commit on disk (copdesk's file is
``synchronous=FULL``, rollback journal), through a fresh session as :class:`Operations` does.
Median of ``--runs`` edits after a warm-up, alternating two values so every edit changes a row.

* member notes edited (``roster.update_member``), on the demo community and, with ``--file``, on a
  big community (e.g. 100,000 members from make_community.py);
* a session's topic edited (``meetings.update_meeting``) on the demo community.

Baseline: a bare ``sqlite3`` UPDATE of one row and commit, ``synchronous=FULL`` and the DELETE
journal, in a file in the same folder. Target: ≤ 20 ms per edit.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, Figure, isolated_env, median, report  # noqa: E402

TARGET_MS = 20.0


def bare_commit(folder: Path, runs: int) -> float:
    path = folder / "bare.db"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, notes TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [(i, "x") for i in range(1000)])
    times = []
    for run in range(runs + 1):
        start = time.perf_counter()
        con.execute("BEGIN")
        con.execute("UPDATE t SET notes = ? WHERE id = 500", (f"note {run}",))
        con.execute("COMMIT")
        if run:
            times.append(time.perf_counter() - start)
    con.close()
    return median(times) * 1000


def edits(path: Path, runs: int) -> dict[str, float]:
    from sqlalchemy import text

    from copdesk.db import open_community
    from copdesk.services import meetings, roster

    found: dict[str, float] = {}
    with open_community(path) as cfile:
        with cfile.session() as db:
            member_id = db.execute(text("SELECT max(id) FROM members WHERE NOT anonymous")).scalar()
            meeting_ids = [m.id for m in meetings.list_meetings(db)]
        with cfile.session() as db:
            member = roster.get_member(db, member_id).as_input()

        def edit_member(run: int) -> None:
            with cfile.session() as db:
                roster.update_member(
                    db, member_id, dataclasses.replace(member, notes=f"edit {run % 2}")
                )

        times = []
        for run in range(runs + 1):
            start = time.perf_counter()
            edit_member(run)
            if run:
                times.append(time.perf_counter() - start)
        found["member"] = median(times) * 1000

        if meeting_ids:
            meeting_id = meeting_ids[0]
            with cfile.session() as db:
                row = meetings.get_meeting(db, meeting_id).meeting
            data = meetings.MeetingInput(
                date=row.date,
                start_time=row.start_time,
                place=row.place,
                topic=row.topic,
                convener_id=row.convener_id,
                host_id=row.host_id,
                notes=row.notes,
            )
            times = []
            for run in range(runs + 1):
                start = time.perf_counter()
                with cfile.session() as db:
                    meetings.update_meeting(
                        db, meeting_id, dataclasses.replace(data, topic=f"{row.topic} {run % 2}")
                    )
                if run:
                    times.append(time.perf_counter() - start)
            found["meeting"] = median(times) * 1000
    return found


def measure(runs: int, big: Path | None) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = isolated_env(folder)
        os.environ.update(
            COPDESK_CONFIG_DIR=env["COPDESK_CONFIG_DIR"], COPDESK_DATA_DIR=env["COPDESK_DATA_DIR"]
        )
        demo = folder / "demo.copdesk"
        subprocess.run(
            [PYTHON, "-m", "copdesk", "demo", str(demo)], check=True, env=env, capture_output=True
        )
        base = bare_commit(folder, runs)
        small = edits(demo, runs)
        figures = [
            Figure(
                "one edit saved: member notes, demo community",
                small["member"],
                baseline=base,
                baseline_label="bare sqlite3 commit, synchronous FULL",
                limit=TARGET_MS,
            ),
            Figure(
                "one edit saved: session topic, demo community",
                small["meeting"],
                baseline=base,
                baseline_label="bare sqlite3 commit, synchronous FULL",
                limit=TARGET_MS,
            ),
        ]
        if big is not None and big.exists():
            copy = folder / "big.copdesk"
            shutil.copyfile(big, copy)
            large = edits(copy, runs)
            figures.insert(
                1,
                Figure(
                    "one edit saved: member notes, big community",
                    large["member"],
                    baseline=base,
                    baseline_label="bare sqlite3 commit, synchronous FULL",
                    limit=TARGET_MS,
                    note=big.name,
                ),
            )
    for f in figures:
        print(f"{f.name}: median {f.value:.1f} ms (bare commit {base:.1f} ms)")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--file", type=Path, help="a big community to edit as well (copied)")
    args = parser.parse_args()
    report(measure(args.runs, args.file))


if __name__ == "__main__":
    main()

"""How fast are roster import and search at 100,000 members? Run: python benchmarks/bench_roster.py

Not a test: it prints figures, each with what it is compared to and the ratio.

* **Import**: ``copdesk roster import`` of a 100,000-row CSV (made by make_community.py: names in
  several scripts, organisations, skills) into a new community file: decoding, delimiter
  detection, mapping, validation, matching, bulk insert, one transaction. Median of RUNS runs.
  The floor is the ``sqlite3`` command-line shell's ``.import --csv`` of the same file into one
  table of text columns (no validation, no organisations, no skills rows), the fastest way to get
  those bytes into SQLite; the ratio says what copdesk's work costs on top.
* **What SQLite alone needs**: the rows that import wrote (members with their indexes, about 8
  list items per member, why-tags) inserted through ``executemany`` into an empty community file,
  one transaction: the least any import into copdesk's schema can take, against the same floor.
* **Search per keystroke**: :func:`copdesk.services.roster.search_members` with 100,000 members
  while "gutierrez" and "ana mul" are typed one letter at a time (and "nguyen" with a can-teach
  filter), median and worst; the target is 50 ms. The first search after a change reads the
  in-memory index and is shown apart. The baseline is the same words matched by SQLite itself
  (``instr`` on the precomputed folded column through the sqlite3 module), the obvious
  SQL-only design.

Options: ``--members N`` (default 100000), ``--runs R`` (default 3).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_community  # noqa: E402
from common import Figure, report  # noqa: E402

from copdesk.collation import fold  # noqa: E402
from copdesk.services import roster, roster_io  # noqa: E402
from copdesk.services.community import CommunityInfo, create_community  # noqa: E402
from copdesk.services.roster import SearchFilters  # noqa: E402

SEARCH_TARGET_MS = 50.0


def time_import(folder: Path, data: bytes, run: int) -> tuple[float, int]:
    cfile = create_community(folder / f"import-{run}.copdesk", CommunityInfo(name="Bench"))
    try:
        with cfile.session() as db:
            start = time.perf_counter()
            report = roster_io.import_csv(db, data)
            elapsed = time.perf_counter() - start
    finally:
        cfile.close()
    return elapsed, report.added


def time_sqlite_shell(folder: Path, csv_path: Path, columns: int, run: int) -> float | None:
    shell = shutil.which("sqlite3")
    if shell is None:
        return None
    db = folder / f"floor-{run}.db"
    cols = ", ".join(f"c{i} TEXT" for i in range(columns))
    sqlite3.connect(db).execute(f"CREATE TABLE t ({cols})").connection.close()
    start = time.perf_counter()
    subprocess.run(
        [shell, str(db), f".import --csv --skip 1 {csv_path} t"], check=True, capture_output=True
    )
    return time.perf_counter() - start


def time_schema_floor(folder: Path, source: Path, run: int) -> float:
    """SQLite's own work for what an import writes: the members, list items and why-tags of
    ``source`` (a file the import wrote) inserted with ``executemany`` into an empty community
    file (copdesk's schema, indexes and pragmas: foreign keys, synchronous FULL, secure_delete),
    in one transaction. No Python per row beyond the driver: the least any import into this
    schema can take."""
    target = folder / f"schema-{run}.copdesk"
    create_community(target, CommunityInfo(name="Bench")).close()
    src = sqlite3.connect(source)
    con = sqlite3.connect(target, isolation_level=None)
    for pragma in ("foreign_keys = ON", "synchronous = FULL", "secure_delete = ON"):
        con.execute(f"PRAGMA {pragma}")
    tables = {}
    for table in ("organisations", "tags", "members", "member_items", "member_tags"):
        cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
        rows = src.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        tables[table] = (sql, rows)
    src.close()
    con.execute("BEGIN")
    for table in ("organisations", "tags"):  # what the rows refer to: not timed
        con.executemany(*tables[table])
    con.execute("COMMIT")
    start = time.perf_counter()
    con.execute("BEGIN")
    for table in ("members", "member_items", "member_tags"):
        con.executemany(*tables[table])
    con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def keystrokes(word: str) -> list[str]:
    return [word[: i + 1] for i in range(len(word))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    n = args.members
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        import os

        os.environ.setdefault("COPDESK_DATA_DIR", str(folder / "data"))
        os.environ.setdefault("COPDESK_CONFIG_DIR", str(folder / "config"))
        data = make_community.csv_bytes(n)
        csv_path = folder / "roster.csv"
        csv_path.write_bytes(data)
        print(f"roster CSV: {n:,} rows, {len(data) / 1e6:.1f} MB")

        imports = [time_import(folder, data, run) for run in range(args.runs)]
        assert all(added == n for _t, added in imports)
        ours = statistics.median(t for t, _a in imports)
        floors = [
            time_sqlite_shell(folder, csv_path, len(roster_io.FIELDS), run)
            for run in range(args.runs)
        ]
        print(f"import {n:,} rows (median of {args.runs}): {ours:.2f} s")
        floor = None
        if floors[0] is None:
            print("  floor: sqlite3 shell not found (apt-get install sqlite3)")
        else:
            floor = statistics.median(floors)  # type: ignore[type-var]
            print(f"  floor, sqlite3 .import of the same file: {floor:.2f} s")
            print(f"  ratio: {ours / floor:.1f}×")

        path = folder / "import-0.copdesk"
        schema = statistics.median(time_schema_floor(folder, path, run) for run in range(args.runs))
        print(
            f"  SQLite's own inserts of the same rows into copdesk's schema: {schema:.2f} s"
            + (f" ({schema / floor:.1f}× the sqlite3 .import)" if floor else "")
        )
        from copdesk.db import open_community

        with open_community(path) as cfile, cfile.session() as db:
            word = "gutierrez"
            start = time.perf_counter()
            roster.search_members(db, "warm up")
            first = (time.perf_counter() - start) * 1000
            times = []
            hits = {}
            for text in keystrokes(word) + keystrokes("ana mul"):
                start = time.perf_counter()
                hits[text] = len(roster.search_members(db, text))
                times.append((time.perf_counter() - start) * 1000)
            filtered = []
            for text in keystrokes("nguyen"):
                start = time.perf_counter()
                roster.search_members(db, text, SearchFilters(can_teach="python"))
                filtered.append((time.perf_counter() - start) * 1000)
            print(
                f"search per keystroke, {n:,} members: median {statistics.median(times):.1f} ms, "
                f"worst {max(times):.1f} ms ({hits['g']:,} hits for 'g', {hits[word]:,} for {word!r})"
            )
            print(f"  first search after a change (reads the index from the file): {first:.0f} ms")
            print(
                f"  with a can-teach filter: median {statistics.median(filtered):.1f} ms, "
                f"worst {max(filtered):.1f} ms"
            )
            print(
                f"  target: {SEARCH_TARGET_MS:.0f} ms; ratio (worst/target): "
                f"{max(times) / SEARCH_TARGET_MS:.2f}"
            )
        con = sqlite3.connect(path)
        raw = []
        for text in keystrokes("gutierrez") + keystrokes("ana mul"):
            words = fold(text).split()
            sql = (
                "SELECT id FROM members WHERE NOT anonymous"
                + " AND instr(search_text, ?) > 0" * len(words)
            )
            start = time.perf_counter()
            con.execute(sql, words).fetchall()
            raw.append((time.perf_counter() - start) * 1000)
        con.close()
        print(
            f"  baseline, the same words matched by SQLite (instr scan): median "
            f"{statistics.median(raw):.1f} ms; ratio (ours/baseline) "
            f"{statistics.median(times) / statistics.median(raw):.2f}"
        )
    report(
        [
            Figure(
                f"import {n:,} roster rows (CSV), in-process",
                ours,
                unit="s",
                baseline=floor,
                baseline_label="sqlite3 shell .import",
                limit=3.0,
                relative=True,
            ),
            Figure(
                "  SQLite's own inserts of those rows into copdesk's schema (no Python per row)",
                schema,
                unit="s",
                baseline=floor,
                baseline_label="sqlite3 shell .import",
            ),
            Figure(
                f"search per keystroke, {n:,} members (worst)",
                max(times),
                baseline=statistics.median(raw),
                baseline_label="SQLite instr scan, median",
                limit=SEARCH_TARGET_MS,
            ),
        ]
    )


if __name__ == "__main__":
    main()

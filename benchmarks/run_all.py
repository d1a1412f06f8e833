"""Run every benchmark and print one table. Run: python benchmarks/run_all.py [--quick]

Each benchmark runs in its own process (so one's Qt application, caches and memory do not affect
another's) with ``COPDESK_BENCH_JSON`` set, and reports its figures to that file (see
``common.report``); this script prints them together: figure, value, the baseline measured in
the same run, ratio, target, met/missed, and the machine (CPU, cores, load average before and
after). A 100,000-member community is made once (``make_community.py``, about 10 s) and shared
by the roster pane, memory and commit benchmarks. Takes about 3 minutes; ``--quick`` uses fewer
runs and 20,000 members (figures then do not answer the 100,000-member targets).

Not part of the test suite. Each benchmark also runs on its own (``python benchmarks/bench_X.py``)
with more options and explanations; their docstrings say how each figure is measured.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, PYTHON, isolated_env, load, machine, table  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 20,000 members")
    parser.add_argument("--only", nargs="*", help="benchmark names, e.g. startup printouts")
    args = parser.parse_args()
    members = 20_000 if args.quick else 100_000
    runs = {"few": "3" if args.quick else "5", "many": "5" if args.quick else "9"}
    print(f"machine: {machine()}", flush=True)
    started = time.perf_counter()
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = isolated_env(folder)
        out = folder / "figures.jsonl"
        env["COPDESK_BENCH_JSON"] = str(out)
        big = folder / "big.copdesk"
        benches = [
            ("startup", ["bench_startup.py", "--runs", runs["many"]]),
            ("printouts", ["bench_printouts.py", "--runs", runs["many"]]),
            ("roster", ["bench_roster.py", "--members", str(members), "--runs", "3"]),
            ("roster_pane", ["bench_roster_pane.py", "--file", str(big), "--runs", runs["few"]]),
            ("pairing", ["bench_pairing.py"]),
            ("commit", ["bench_commit.py", "--file", str(big)]),
            ("memory", ["bench_memory.py", "--file", str(big), "--runs", "3"]),
        ]
        if args.only:
            benches = [b for b in benches if b[0] in args.only]
        if any("--file" in b[1] for b in benches):
            print(f"making a community of {members:,} members …", flush=True)
            subprocess.run(
                [PYTHON, str(BENCH / "make_community.py"), str(members), "--file", str(big)],
                check=True,
                env=env,
                capture_output=True,
            )
        for name, cmd in benches:
            print(f"\n== {name}: {' '.join(cmd)}", flush=True)
            t0 = time.perf_counter()
            done = subprocess.run(
                [PYTHON, str(BENCH / cmd[0]), *cmd[1:]], env=env, text=True, capture_output=True
            )
            # the benchmark's own lines, without its table (the combined one follows)
            lines = done.stdout.split("\nfigure ")[0].rstrip()
            print(lines)
            if done.returncode != 0:
                failed.append(name)
                print(f"!! {name} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
            print(f"   ({time.perf_counter() - t0:.0f} s)", flush=True)
        figures = load(out)
    print(f"\nAll figures (medians; {time.perf_counter() - started:.0f} s in all):\n")
    print(table(figures))
    print(f"\nmachine after: {machine()}")
    if failed:
        print(f"benchmarks that failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    raise SystemExit(main())

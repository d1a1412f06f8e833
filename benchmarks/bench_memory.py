"""Memory with 100,000 members open. Run: python benchmarks/bench_memory.py [--file F] [--runs N]

Whole process: ``python -m copdesk F`` (offscreen Qt) through the same child as bench_startup.py;
once the window's first paint is processed it waits ``--settle`` ms (default 1000: the deferred
CJK font is registered after 300 ms), has the roster read its search index (what focusing the
search field does) and reports its resident set size (VmRSS) and peak (VmHWM). Median of
``--runs``. Target: ≤ 300 MB RSS. Baseline, same method: a bare PySide6 QMainWindow+QTableView.

``--file`` reuses a community made by ``make_community.py 100000 --file F`` (else one is made
in a temporary folder, about 10 s).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_startup import MARKER, child_command  # noqa: E402
from common import Figure, isolated_env, marker_times, median, report  # noqa: E402

TARGET_MB = 300.0


def resident(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    _times, extras = marker_times(cmd, runs, MARKER, env, warmup=0)
    now = [float(e.split()[0]) for e in extras]
    peak = [float(e.split()[1]) for e in extras]
    return median(now), median(peak)


def measure(path: Path | None, members: int, runs: int, settle: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = isolated_env(folder)
        if path is None or not path.exists():
            import make_community

            path = path or folder / "big.copdesk"
            print(f"making a community of {members} members in {path} …")
            make_community.make_file(path, members)
        try:
            ours, ours_peak = resident(child_command("copdesk", path, settle, warm=True), env, runs)
            whole = None
        except RuntimeError as exc:
            ours = ours_peak = None
            whole = str(exc).strip().splitlines()
            crash = next((ln for ln in whole if "Fatal" in ln or "Error" in ln), whole[-1])
            print(f"the whole window did not open {path.name}: {crash}")
        pane, pane_peak = resident(child_command("roster", path, settle), env, runs)
        bare, bare_peak = resident(child_command("bare", None, settle), env, runs)
    print(
        f"RSS, whole window on {path.name}: {ours} MB (peak {ours_peak} MB); Roster tab "
        f"alone {pane:.0f} MB (peak {pane_peak:.0f} MB); bare window {bare:.0f} MB "
        f"(peak {bare_peak:.0f} MB)"
    )
    base = {"baseline": bare, "baseline_label": "bare PySide6 window", "limit": TARGET_MB}
    return [
        Figure(
            "memory (RSS), whole window, 100,000 members, search index read",
            ours,
            unit="MB",
            note="crashed: see output" if whole else "",
            failed=bool(whole),
            **base,
        ),
        Figure(
            "memory (RSS), Roster tab alone, 100,000 members, search index read",
            pane,
            unit="MB",
            **base,
        ),
        Figure(
            "  peak RSS (VmHWM), Roster tab alone",
            pane_peak,
            unit="MB",
            **{**base, "baseline": bare_peak},
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--settle", type=int, default=1000)
    args = parser.parse_args()
    report(measure(args.file, args.members, args.runs, args.settle))


if __name__ == "__main__":
    main()

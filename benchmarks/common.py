"""Shared helpers for the benchmarks: medians, whole-process timing, the figures table.

Each benchmark builds a list of :class:`Figure` and calls :func:`report`: it prints the table, and
when ``COPDESK_BENCH_JSON`` names a file (``run_all.py`` sets it) appends the figures to it as JSON
lines, so ``run_all.py`` can print one table for every benchmark.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
PYCACHE = Path(tempfile.gettempdir()) / "copdesk-bench-pycache"


@dataclass
class Figure:
    """One measured figure, the baseline measured in the same run, and its target.

    ``limit`` is an absolute ceiling in ``unit`` (``"≤ 100 ms"``) or, with ``relative``, a ceiling
    on value/baseline (``"≤ 1.3× baseline"``). ``met`` is None when there is no target.
    """

    name: str
    value: float | None
    unit: str = "ms"
    baseline: float | None = None
    baseline_label: str = ""
    limit: float | None = None
    relative: bool = False
    note: str = ""
    failed: bool = False  # the thing measured did not work: the target is missed

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def target(self) -> str:
        if self.limit is None:
            return "—"
        if self.relative:
            return f"≤ {self.limit:g}× baseline"
        return f"≤ {self.limit:g} {self.unit}"

    @property
    def met(self) -> bool | None:
        if self.failed:
            return False
        if self.limit is None or self.value is None:
            return None
        measured = self.ratio if self.relative else self.value
        return None if measured is None else measured <= self.limit


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(action: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Seconds taken by ``action`` in this process, ``runs`` times after ``warmup`` untimed calls."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def process_times(
    cmd: Sequence[str], runs: int, env: dict[str, str] | None = None, warmup: int = 1
) -> list[float]:
    """Seconds of the whole process (start to exit) of ``cmd``, ``runs`` times after a warm-up."""
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return times


def marker_times(
    cmd: Sequence[str], runs: int, marker: str, env: dict[str, str] | None = None, warmup: int = 1
) -> tuple[list[float], list[str]]:
    """Seconds from spawning ``cmd`` to the moment it reports ``marker``.

    The child prints ``MARKER <time.monotonic()> [extra…]`` (CLOCK_MONOTONIC is system-wide on
    Linux, so it compares with the parent's clock); returns the times and the last extra text.
    """
    times: list[float] = []
    extras: list[str] = []
    for i in range(warmup + runs):
        start = time.monotonic()
        done = subprocess.run(
            cmd, check=False, capture_output=True, text=True, env=env, timeout=120
        )
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith(marker + " ")), None)
        if line is None:
            raise RuntimeError(
                f"{' '.join(cmd)} did not report {marker} (exit {done.returncode}):\n"
                f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
            )
        _m, stamp, *extra = line.split(" ", 2)
        if i >= warmup:
            times.append(float(stamp) - start)
            extras.append(extra[0] if extra else "")
    return times, extras


def isolated_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment for a child copdesk: its own config and data folders, offscreen Qt."""
    env = dict(os.environ)
    # Users' installs have bytecode (pip compiles it; an editable install writes it on first run).
    # This shell sets PYTHONDONTWRITEBYTECODE, which would make every child compile copdesk from
    # source: keep the bytecode in a private folder instead (written by the warm-up run).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(PYCACHE))
    env.update(
        COPDESK_CONFIG_DIR=str(folder / "config"),
        COPDESK_DATA_DIR=str(folder / "data"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    env.update(extra)
    return env


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def table(figures: Sequence[Figure]) -> str:
    header = ("figure", "value", "baseline (same run)", "ratio", "target", "met?")
    rows = []
    for f in figures:
        base = _fmt(f.baseline, f.unit)
        if f.baseline_label:
            base = f"{base} ({f.baseline_label})" if f.baseline is not None else f.baseline_label
        met = {True: "met", False: "MISSED", None: "—"}[f.met]
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        name = f"{f.name} [{f.note}]" if f.note else f.name
        value = "failed" if f.failed and f.value is None else _fmt(f.value, f.unit)
        rows.append((name, value, base, ratio, f.target, met))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(header, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def report(figures: Sequence[Figure]) -> None:
    """Print the figures as a table; append them to $COPDESK_BENCH_JSON when it is set."""
    print()
    print(table(figures))
    out = os.environ.get("COPDESK_BENCH_JSON")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            for f in figures:
                fh.write(json.dumps(asdict(f), ensure_ascii=False) + "\n")


def load(path: Path) -> list[Figure]:
    if not path.exists():
        return []
    return [Figure(**json.loads(line)) for line in path.read_text("utf-8").splitlines() if line]


def machine() -> str:
    """CPU model, cores and load average: say how busy the machine was."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load1, load5, load15 = os.getloadavg()
        load = f"load average {load1:.2f} / {load5:.2f} / {load15:.2f}"
    except OSError:
        load = "load unknown"
    return f"{model}, {os.cpu_count()} cores, {load}"


def rss_mb() -> tuple[float, float]:
    """This process's resident set size now and at its peak (VmRSS, VmHWM), in MB."""
    now = peak = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            now = int(line.split()[1]) / 1024
        elif line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return now, peak

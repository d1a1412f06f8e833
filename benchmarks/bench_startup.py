"""Cold start to an interactive window. Run: python benchmarks/bench_startup.py [--runs N]

Whole process, as the user waits for it: from spawning ``python -m copdesk demo.copdesk`` to the
moment the main window's first paint has been processed, offscreen Qt (``QT_QPA_PLATFORM``),
median of ``--runs`` after one warm-up (the disk cache is warm: "cold" means a new process).
The child reports the moment itself: this script is also the child (``--child copdesk FILE`` or
``--child bare``), which installs an application event filter before the window exists and prints
``PAINTED <time.monotonic()> <RSS MB> <peak RSS MB>`` once the first paint event of a QMainWindow
is processed (a zero timer, so the whole first paint pass is included), then quits.

Baseline, same method: a bare PySide6 QMainWindow holding a QTableView, nothing else. Target: the
app ≤ 1.3× the baseline. bench_memory.py reuses the child (``--settle`` milliseconds and
``--warm-search`` for what is resident once the window has settled).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BENCH,
    PYTHON,
    Figure,
    isolated_env,
    marker_times,
    median,
    process_times,
    report,
)  # noqa: E402

TARGET_RATIO = 1.3
MARKER = "PAINTED"


# -- the child -----------------------------------------------------------------------------------


def _probe(settle_ms: int, warm_search: bool):  # noqa: ANN202
    """An application event filter that reports the first processed paint of a main window."""
    from common import rss_mb
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    class Probe(QObject):
        fired = False

        def eventFilter(self, obj, event):  # noqa: ANN001, N802
            if (
                not self.fired
                and event.type() == QEvent.Type.Paint
                and isinstance(obj, QMainWindow)
            ):
                self.fired = True
                QTimer.singleShot(0, lambda: self.painted(obj))
            return False

        def painted(self, window) -> None:  # noqa: ANN001
            stamp = time.monotonic()
            if settle_ms:
                QTimer.singleShot(settle_ms, lambda: self.settled(window, stamp))
            else:
                self.done(stamp)

        def settled(self, window, stamp: float) -> None:  # noqa: ANN001
            roster = getattr(window, "roster", None)
            if warm_search and roster is not None:
                roster.warm_search()
            self.done(stamp)

        def done(self, stamp: float) -> None:
            now, peak = rss_mb()
            print(f"{MARKER} {stamp:.6f} {now:.1f} {peak:.1f}", flush=True)
            QApplication.quit()

    return Probe()


def child_copdesk(path: str, settle_ms: int, warm_search: bool) -> int:
    """``python -m copdesk FILE``, with the probe installed on the application when it is made."""
    import copdesk.app as app_module
    from copdesk.cli import main

    make = app_module.application
    keep = []

    def application(argv):  # noqa: ANN001, ANN202
        app = make(argv)
        probe = _probe(settle_ms, warm_search)
        keep.append(probe)
        app.installEventFilter(probe)
        return app

    app_module.application = application
    return main([path])


def child_bare(settle_ms: int) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication([sys.argv[0]])
    probe = _probe(settle_ms, False)
    app.installEventFilter(probe)
    window = QMainWindow()
    window.setCentralWidget(QTableView(window))
    window.resize(1200, 760)
    window.show()
    return app.exec()


def child_roster(path: str, settle_ms: int) -> int:
    """Only the Roster tab on ``path`` in a QMainWindow (for bench_memory.py when the whole window
    cannot open the file)."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    from copdesk.db import open_community
    from copdesk.i18n import set_window_language
    from copdesk.ui.operations import Operations
    from copdesk.ui.roster_pane import RosterPane

    app = QApplication([sys.argv[0]])
    set_window_language("en")
    probe = _probe(settle_ms, True)
    app.installEventFilter(probe)
    window = QMainWindow()
    ops = Operations(open_community(path), window)
    window.roster = RosterPane(ops, window)
    window.setCentralWidget(window.roster)
    window.resize(1200, 760)
    window.show()
    try:
        return app.exec()
    finally:
        ops.close()


def child_command(kind: str, path: Path | None = None, settle_ms: int = 0, warm: bool = False):  # noqa: ANN201
    cmd = [PYTHON, str(BENCH / "bench_startup.py"), "--child", kind]
    if path is not None:
        cmd.append(str(path))
    cmd += ["--settle", str(settle_ms)]
    if warm:
        cmd.append("--warm-search")
    return cmd


# -- the benchmark -------------------------------------------------------------------------------


def measure(runs: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = isolated_env(folder)
        demo = folder / "demo.copdesk"
        import subprocess

        subprocess.run(
            [PYTHON, "-m", "copdesk", "demo", str(demo)], check=True, env=env, capture_output=True
        )
        # alternate app and baseline so a burst of load elsewhere hits both alike
        ours: list[float] = []
        bare: list[float] = []
        for run in range(runs):
            warm = 1 if run == 0 else 0
            ours += marker_times(child_command("copdesk", demo), 1, MARKER, env, warmup=warm)[0]
            bare += marker_times(child_command("bare"), 1, MARKER, env, warmup=warm)[0]
        # What blocks the target: the fixed stack's ORM, imported alone (see the README).
        orm = process_times([PYTHON, "-c", "import sqlalchemy.orm"], runs, env)
    app_ms, bare_ms = median(ours) * 1000, median(bare) * 1000
    orm_ms = median(orm) * 1000
    print(
        f"cold start, demo community: median {app_ms:.0f} ms of {runs} "
        f"(min {min(ours) * 1000:.0f}); bare QMainWindow+QTableView {bare_ms:.0f} ms "
        f"(min {min(bare) * 1000:.0f}); importing SQLAlchemy's ORM alone {orm_ms:.0f} ms"
    )
    return [
        Figure(
            "cold start to first paint, demo community (whole process)",
            app_ms,
            baseline=bare_ms,
            baseline_label="bare QMainWindow+QTableView",
            limit=TARGET_RATIO,
            relative=True,
        ),
        Figure(
            "  python -c 'import sqlalchemy.orm' alone (whole process)",
            orm_ms,
            baseline=bare_ms,
            baseline_label="bare QMainWindow+QTableView",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", choices=("copdesk", "bare", "roster"))
    parser.add_argument("file", nargs="?")
    parser.add_argument("--settle", type=int, default=0)
    parser.add_argument("--warm-search", action="store_true")
    args = parser.parse_args()
    if args.child == "copdesk":
        sys.path.insert(0, str(BENCH.parent))
        raise SystemExit(child_copdesk(args.file, args.settle, args.warm_search))
    if args.child == "roster":
        sys.path.insert(0, str(BENCH.parent))
        raise SystemExit(child_roster(args.file, args.settle))
    if args.child == "bare":
        raise SystemExit(child_bare(args.settle))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report(measure(args.runs))


if __name__ == "__main__":
    main()

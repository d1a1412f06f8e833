"""Is the Roster tab instant at 100,000 members? Run: python benchmarks/bench_roster_pane.py

Not a test: it prints figures, each with its target and the ratio. Offscreen Qt.

* **First paint**: from creating the Roster pane on an open 100,000-member community to the
  table drawn with its first rows (``QWidget.grab()`` forces the paint), sorted by name in the
  window language's collation. Target 100 ms. Median of RUNS panes, and the first pane of the
  process apart (it pays once for what the process has not read yet). Like the window, the
  benchmark collects and freezes the objects made at start-up (``gc.freeze()``) first.
* **Filter per keystroke**: "gutierrez" and "ana mul" typed one letter at a time into the search
  field, each keystroke timed until the table is drawn again; median and worst. Target 50 ms.
  The first search after opening reads the core's in-memory search index; the pane does that
  when the search field gets the focus, so that is timed apart.
* **Baseline**: the same keystrokes through the previous design, every member read into memory
  (``list_members``) behind a QSortFilterProxyModel whose ``filterAcceptsRow`` is Python
  (``MemberFilterProxy``), drawn the same way. The ratio is baseline / pane.

Options: ``--members N`` (default 100000), ``--runs R`` (default 5), ``--file PATH`` to reuse a
community made by ``make_community.py N --file PATH`` (else one is made in a temporary folder,
about 10 s), ``--no-baseline`` to skip the baseline (it reads every member: about 5 s).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_community  # noqa: E402
from common import Figure  # noqa: E402
from common import report as table
from PySide6.QtWidgets import QApplication, QTableView, QWidget  # noqa: E402

from copdesk.db import open_community  # noqa: E402
from copdesk.i18n import set_window_language  # noqa: E402
from copdesk.services import roster  # noqa: E402
from copdesk.ui.member_model import MemberFilterProxy, MemberTableModel  # noqa: E402
from copdesk.ui.operations import Operations  # noqa: E402
from copdesk.ui.roster_pane import RosterPane  # noqa: E402

PAINT_TARGET_MS = 100.0
KEY_TARGET_MS = 50.0
WORDS = ("gutierrez", "ana mul")


def ms(seconds: float) -> float:
    return seconds * 1000.0


def keystrokes(word: str) -> list[str]:
    return [word[: i + 1] for i in range(len(word))]


def first_paint(ops: Operations, runs: int) -> list[float]:
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        pane = RosterPane(ops)
        pane.resize(1200, 760)
        pane.show()
        pane.grab()
        times.append(time.perf_counter() - start)
        assert pane.model.rowCount() > 0
        pane.close()
        pane.deleteLater()
        QApplication.processEvents()
    return times


def typing(pane_search, view: QWidget) -> list[float]:  # noqa: ANN001
    times = []
    for word in WORDS:
        pane_search.clear()
        view.grab()
        for text in keystrokes(word):
            start = time.perf_counter()
            pane_search.setText(text)
            view.grab()
            times.append(time.perf_counter() - start)
    return times


def baseline(ops: Operations) -> list[float]:
    rows = ops.read(roster.list_members)
    model = MemberTableModel()
    model.set_rows(rows)
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    table = QTableView()
    table.setModel(proxy)
    table.resize(1200, 700)
    table.show()
    table.grab()

    class Search:
        def clear(self) -> None:
            proxy.set_search("")

        def setText(self, text: str) -> None:  # noqa: N802
            proxy.set_search(text)

    times = typing(Search(), table)
    table.close()
    return times


def report(label: str, values: list[float], target: float) -> float:
    median, worst = ms(statistics.median(values)), ms(max(values))
    verdict = "meets" if median <= target else "MISSES"
    print(
        f"{label}: median {median:.1f} ms, worst {worst:.1f} ms "
        f"(target ≤ {target:.0f} ms: {verdict}; median/target {median / target:.2f})"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    set_window_language("en")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("COPDESK_CONFIG_DIR", str(Path(tmp) / "config"))
        path = args.file
        if path is None or not path.exists():
            path = path or Path(tmp) / "bench.copdesk"
            print(f"making a community of {args.members} members in {path} …")
            make_community.make_file(path, args.members)
        cfile = open_community(path)
        host = QWidget()
        ops = Operations(cfile, host)
        try:
            count = ops.read(roster.count_members)
            print(f"{count} members, window language en, collation by ICU\n")
            gc.collect()  # as copdesk.app.settle_heap does once the window has settled
            gc.freeze()
            paints = first_paint(ops, args.runs)
            paint = report("First paint of the Roster tab", paints, PAINT_TARGET_MS)
            print(
                f"  the first Roster tab of the process: {ms(paints[0]):.1f} ms (it pays once "
                "for what the process has not read yet, e.g. Babel's number data)"
            )

            pane = RosterPane(ops)
            pane.resize(1200, 760)
            pane.show()
            pane.grab()
            roster.roster_changed()  # as after an edit: the core reads its index again
            start = time.perf_counter()
            pane.warm_search()
            print(
                f"Search index read when the search field gets the focus: {ms(time.perf_counter() - start):.1f} ms (once per change of the file)"
            )
            keys = report(
                "Filter per keystroke (pane)", typing(pane.search, pane.table), KEY_TARGET_MS
            )
            pane.close()
            base = None
            if not args.no_baseline:
                base = report(
                    "Filter per keystroke (baseline: Python filterAcceptsRow proxy)",
                    baseline(ops),
                    KEY_TARGET_MS,
                )
                print(f"\nBaseline / pane per keystroke: {base / keys:.1f}×")
            print(f"First paint / target: {paint / PAINT_TARGET_MS:.2f}")
            table(
                [
                    Figure(
                        f"roster pane, {count:,} members: first paint", paint, limit=PAINT_TARGET_MS
                    ),
                    Figure(
                        "  the same, the first Roster tab of the process",
                        ms(paints[0]),
                        limit=PAINT_TARGET_MS,
                    ),
                    Figure(
                        f"roster pane, {count:,} members: filter keystroke (median)",
                        keys,
                        baseline=base,
                        baseline_label="Python filterAcceptsRow proxy",
                        limit=KEY_TARGET_MS,
                    ),
                ]
            )
        finally:
            ops.close()
            host.deleteLater()
            app.processEvents()


if __name__ == "__main__":
    main()

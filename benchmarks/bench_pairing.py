"""How fast is the pairs draw? Run: python benchmarks/bench_pairing.py

Not a test: it prints figures. The target is 100 ms for drawing the pairs of 1,000 present
members with a year (52 weekly sessions of about 1,000 people) of history. History preparation
(``prepare_history``, done once per open session) is timed separately, and so is the whole call
with raw history, so each figure says what it measures. Each figure is the median of several
runs with different seeds, timed with time.perf_counter.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, report  # noqa: E402

from copdesk.pairing import PastGroup, draw_pairs, prepare_history  # noqa: E402

TARGET_MS = 100.0
RUNS = 15


def community(
    size: int, organisations: int, weeks: int, seed: int
) -> tuple[list[int], dict[int, str], list[PastGroup]]:
    """Members in organisations, and a year of weekly random pairs (about 95% attendance)."""
    rng = random.Random(seed)
    members = list(range(1, size + 1))
    organisation = {m: f"org-{rng.randrange(organisations)}" for m in members}
    history: list[PastGroup] = []
    first = date(2025, 1, 7)
    for week in range(weeks):
        on = first + timedelta(weeks=week)
        here = [m for m in members if rng.random() < 0.95]
        rng.shuffle(here)
        if len(here) % 2:
            history.append(PastGroup(on, tuple(here[-3:])))
            here = here[:-3]
        history.extend(PastGroup(on, (here[i], here[i + 1])) for i in range(0, len(here), 2))
    return members, organisation, history


def median_ms(action: Callable[[int], object], runs: int = RUNS) -> float:
    action(-1)  # warm-up
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    members, organisation, history = community(1000, 8, 52, seed=1)
    today = date(2026, 1, 6)
    prepare = median_ms(lambda _run: prepare_history(history, today=today), runs=5)
    prepared = prepare_history(history, today=today)
    draw = median_ms(
        lambda run: draw_pairs(members, history=prepared, organisation=organisation, seed=run)
    )
    whole = median_ms(
        lambda run: draw_pairs(
            members, history=history, organisation=organisation, seed=run, today=today
        ),
        runs=5,
    )
    sample = draw_pairs(members, history=prepared, organisation=organisation, seed=0)
    d = sample.diagnostics
    print(f"history: {len(history):,} past groups over 52 sessions")
    print(
        f"pairs for 1,000 present members with a year of history: {draw:.1f} ms "
        f"(target {TARGET_MS:.0f} ms, ratio {draw / TARGET_MS:.2f})"
    )
    print(f"  history preparation (once per session, cacheable): {prepare:.1f} ms")
    print(
        f"  whole call with raw history: {whole:.1f} ms "
        f"(target {TARGET_MS:.0f} ms, ratio {whole / TARGET_MS:.2f})"
    )
    print(
        f"  draw quality: {d.repeated_pairs} repeated pairs, "
        f"{d.same_organisation_pairs} same-organisation pairs, {len(sample.groups)} groups"
    )

    figures = [
        Figure("pairs for 1,000 present members, a year of history", draw, limit=TARGET_MS),
        Figure("  the same, whole call with raw history", whole, limit=TARGET_MS),
    ]
    for size in (60, 61):
        small, small_orgs, small_history = community(size, 8, 52, seed=2)
        small_prepared = prepare_history(small_history)
        exact = median_ms(
            lambda run, s=small, o=small_orgs, h=small_prepared: draw_pairs(
                s, history=h, organisation=o, seed=run
            )
        )
        r = draw_pairs(small, history=small_prepared, organisation=small_orgs, seed=0)
        print(
            f"pairs for {size} present members (exact method), a year of history: {exact:.1f} ms "
            f"(ratio {exact / TARGET_MS:.2f}; {r.diagnostics.repeated_pairs} repeats, "
            f"weight {r.diagnostics.repeat_weight})"
        )
    report(figures)


if __name__ == "__main__":
    main()

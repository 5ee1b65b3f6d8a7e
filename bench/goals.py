"""The speed goals' common shape: each benchmark under ``bench/`` that checks a
goal returns :class:`Goal` rows, and ``bench/run_all.py`` prints them in one
table (work, ours, floor, ratio, goal, met or not).

A goal is either a ratio against a floor measured in the same run (the
library's own time for the same work, whole command against whole command)
or an absolute figure (milliseconds, megabytes) where the issue names one.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable, Sequence


@dataclass(frozen=True)
class Goal:
    work: str            # what a clerk does, e.g. "save one typed cell, 2.000 units"
    ours: float          # median of our runs, in ``unit``
    unit: str            # "ms", "s" or "MB"
    limit: float         # the goal: a ratio when ``floor`` is given, else a figure in ``unit``
    floor: float | None = None   # the floor's median in ``unit``, measured in the same run
    floor_name: str = ""         # what the floor is, e.g. "openpyxl read-only"

    @property
    def ratio(self) -> float | None:
        return self.ours / self.floor if self.floor else None

    @property
    def met(self) -> bool:
        value = self.ratio if self.floor is not None else self.ours
        return value is not None and value <= self.limit

    def row(self) -> list[str]:
        goal = f"≤ {self.limit:g}×" if self.floor is not None else f"≤ {self.limit:g} {self.unit}"
        floor = f"{self.floor:.1f} {self.unit} ({self.floor_name})" if self.floor is not None else "—"
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else "—"
        return [self.work, f"{self.ours:.1f} {self.unit}", floor, ratio, goal, "đạt" if self.met else "CHƯA ĐẠT"]


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``action`` in milliseconds over ``runs`` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def paired_ms(ours: Callable[[], object], floor: Callable[[], object], runs: int) -> tuple[float, float]:
    """Medians of ``ours`` and ``floor`` run alternately, so a busy moment of a
    shared machine hits both alike."""
    a, b = [], []
    for _ in range(runs):
        for action, into in ((ours, a), (floor, b)):
            start = time.perf_counter()
            action()
            into.append((time.perf_counter() - start) * 1000)
    return statistics.median(a), statistics.median(b)


def print_table(goals: Sequence[Goal]) -> None:
    header = ["Việc", "Của ta", "Mức sàn", "Tỉ lệ", "Mục tiêu", "Kết quả"]
    rows = [header] + [g.row() for g in goals]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)))

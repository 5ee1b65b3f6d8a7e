"""Whole commands timed side by side (issue 15): ``thidua …`` as a clerk runs
it, start-up included, against a ``python -c`` script doing only the library's
part of the same work (the floor)."""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent

# openpyxl merely reading a file: read-only, every value of every row.
OPENPYXL_READ = ("import sys, openpyxl\n"
                 "wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
                 "for ws in wb.worksheets:\n"
                 "    for row in ws.iter_rows(values_only=True):\n"
                 "        pass\n")


def thidua(db: Path, *args: object) -> list[str]:
    return [sys.executable, "-m", "thidua_desktop", "--db", str(db), *map(str, args)]


def openpyxl_read(path: Path) -> list[str]:
    return [sys.executable, "-c", OPENPYXL_READ, str(path)]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_s(command: Sequence[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole command (its output thrown away; it
    must succeed). CPU time is steadier than wall time on a shared machine."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} → {done.returncode}: {done.stderr[-2000:]}")
    return took, _children_cpu() - cpu


@dataclass(frozen=True)
class Paired:
    """Medians in seconds of our command and of the floor, wall and CPU."""
    ours: float
    floor: float
    ours_cpu: float
    floor_cpu: float

    def text(self) -> str:
        return (f"  thực: {self.ours:.2f} s / {self.floor:.2f} s = {self.ours / self.floor:.2f}×;  "
                f"CPU: {self.ours_cpu:.2f} s / {self.floor_cpu:.2f} s = {self.ours_cpu / self.floor_cpu:.2f}×")


def paired_on_fresh_db(ward: Path, work: Path, ours: Sequence[object], floor: Sequence[str],
                       runs: int) -> Paired:
    """``thidua --db WORK ours…`` on a fresh copy of ``ward`` each run and
    ``floor``, run alternately (a busy moment of the machine hits both)."""
    a, b = [], []
    for _ in range(runs):
        shutil.copyfile(ward, work)
        a.append(run_s(thidua(work, *ours)))
        b.append(run_s(floor))
    med = statistics.median
    return Paired(med(w for w, _ in a), med(w for w, _ in b), med(c for _, c in a), med(c for _, c in b))

"""Whole commands timed side by side (issue 15): ``thidua …`` as a clerk runs
it, start-up included, against a ``python -c`` script doing only the library's
part of the same work (the floor)."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
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


def run_s(command: Sequence[str]) -> float:
    """Wall seconds of one whole command (its output thrown away; it must succeed)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} → {done.returncode}: {done.stderr[-2000:]}")
    return took


def paired_on_fresh_db(ward: Path, work: Path, ours: Sequence[object], floor: Sequence[str],
                       runs: int) -> tuple[float, float]:
    """Medians (ms) of ``thidua --db WORK ours…`` on a fresh copy of ``ward``
    each run and of ``floor``, run alternately (a busy moment hits both)."""
    a, b = [], []
    for _ in range(runs):
        shutil.copyfile(ward, work)
        a.append(run_s(thidua(work, *ours)) * 1000)
        b.append(run_s(floor) * 1000)
    return statistics.median(a), statistics.median(b)

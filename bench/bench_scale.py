"""A large ward (2.000 units, 20.000 people; ``make_ward.py``), issue 15 goals 7 and 8.

Whole commands run as child processes, start-up included: ``rank --json``,
``targets evaluate --json`` and ``backup`` (against SQLite's own backup API
run the same way). The window runs in a child process too (offscreen): the
people tab's time to show its rows, the longest freeze of the window while
each page is opened (a 5 ms heartbeat timer on the GUI thread: the longest
gap between its ticks; the initial page is opened at start as the app does,
``window_probe.py``), and the peak memory of each child (``wait4``'s
``ru_maxrss``).

    python bench/bench_scale.py [--runs 3] [--commands-only]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from goals import Goal, print_table  # noqa: E402
from make_ward import make_ward  # noqa: E402

UNITS, PEOPLE = 2000, 20000
MEMORY_MB = 400
SCALE = "2.000 đơn vị / 20.000 người"
SETTLE_S = 2.0  # how long each page is watched after it is asked for


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    # As installed, the app runs from compiled bytecode; recompiling every module at each start is not ours.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, float, str, float]:
    """(wall ms, peak resident MB, stdout, CPU ms) of one child process, start-up included
    (CPU time is steadier than wall time on a shared machine)."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    out, err = child.communicate()
    wall = (time.perf_counter() - start) * 1000
    # RUSAGE_CHILDREN only gives the maximum over every child so far: a wrapper (``_measured``)
    # reads its one child's figure through wait4 and prints it first.
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({child.returncode}): {err.decode(errors='replace')[-2000:]}")
    first, _, text = out.decode().partition("\n")
    peak_kb, cpu_s = first.split()
    return wall, int(peak_kb) / 1024, text, float(cpu_s) * 1000


def _measured(args: list[str]) -> list[str]:
    """``args`` run under a wrapper that prints the child's peak memory (KB) and CPU time (s) first."""
    wrapper = ("import os, subprocess, sys\n"
               "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)\n"
               "out = p.stdout.read()\n"
               "_, status, usage = os.wait4(p.pid, 0)\n"
               "sys.stdout.write(f'{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}\\n'); sys.stdout.flush()\n"
               "sys.stdout.buffer.write(out)\n"
               "sys.exit(os.waitstatus_to_exitcode(status))\n")
    return [sys.executable, "-c", wrapper, *args]


def thidua(db: Path, *command: str) -> list[str]:
    return _measured([sys.executable, "-m", "thidua_desktop", "--db", str(db), *command])


SQLITE_BACKUP = ("import sqlite3, sys\n"
                 "src = sqlite3.connect(sys.argv[1]); dst = sqlite3.connect(sys.argv[2])\n"
                 "src.backup(dst); dst.close(); src.close()\n")


def _commands(db: Path, folder: Path, env: dict[str, str], runs: int) -> list[Goal]:
    goals = []
    for work, command, limit in [("rank --json", ["rank", "--json"], 1000.0),
                                 ("targets evaluate --json", ["targets", "evaluate", "--json"], 500.0)]:
        measured = [run_child(thidua(db, *command), env) for _ in range(runs)]
        json.loads(measured[0][2])  # the command did its work
        print(f"thidua {work}: CPU {statistics.median(m[3] for m in measured):.0f} ms (trung vị)", file=sys.stderr)
        goals.append(Goal(f"thidua {work}, {SCALE}", statistics.median(m[0] for m in measured), "ms", limit))
        goals.append(Goal(f"bộ nhớ đỉnh: thidua {work}", max(m[1] for m in measured), "MB", MEMORY_MB))
    ours, floor, peaks, cpus = [], [], [], []
    for run in range(runs):  # paired, so a busy moment of the shared machine hits both alike
        wall, peak, _, cpu = run_child(thidua(db, "backup"), env)
        ours.append(wall)
        peaks.append(peak)
        copy = folder / f"sqlite-{run}.db"
        floor_wall, _, _, floor_cpu = run_child(_measured([sys.executable, "-c", SQLITE_BACKUP, str(db), str(copy)]),
                                                env)
        floor.append(floor_wall)
        cpus.append((cpu, floor_cpu))
        copy.unlink()
    print(f"thidua backup / sqlite3 backup API: CPU {statistics.median(c for c, _ in cpus):.0f} ms / "
          f"{statistics.median(f for _, f in cpus):.0f} ms (trung vị)", file=sys.stderr)
    goals.append(Goal(f"thidua backup, {SCALE}", statistics.median(ours), "ms", 2.0,
                      statistics.median(floor), "sqlite3 backup API, cả lệnh"))
    goals.append(Goal("bộ nhớ đỉnh: thidua backup", max(peaks), "MB", MEMORY_MB))
    return goals


def _window(db: Path, env: dict[str, str], runs: int) -> list[Goal]:
    probes = []
    for _ in range(runs):
        _, peak, text, _ = run_child(_measured([sys.executable, str(Path(__file__)), "--probe", str(db)]), env)
        probes.append((peak, json.loads(text)))
    people = statistics.median(p["people_ms"] for _, p in probes)
    freezes: dict[str, list[float]] = {}
    for _, p in probes:
        for page, gap in p["freeze_ms"].items():
            freezes.setdefault(page, []).append(gap)
    worst_page, worst = max(((page, statistics.median(g)) for page, g in freezes.items()), key=lambda x: x[1])
    return [
        Goal(f"trang Cá nhân hiện đủ dòng, {SCALE}", people, "ms", 300.0),
        Goal(f"chuyển trang: cửa sổ đứng lâu nhất (trang “{worst_page}”)", worst, "ms", 100.0),
        Goal("bộ nhớ đỉnh: cửa sổ, mở mọi trang", max(p for p, _ in probes), "MB", MEMORY_MB),
    ]


def goals(runs: int, window: bool = True) -> list[Goal]:
    runs = max(1, min(runs, 5))
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        db = make_ward(folder / "phuong-lon.db", UNITS, PEOPLE)
        env = _env(folder)
        found = _commands(db, folder, env, runs)
        return found + (_window(db, env, max(1, min(runs, 3))) if window else [])


# --- the window, in the child process ---------------------------------------------


def probe(db: Path) -> dict:
    """Open the window on ``db``, visit every page, then the people tab; print the figures."""
    from PySide6.QtCore import QEventLoop, QTimer

    from window_probe import Heartbeat, open_window

    qt, opened, _ctx, window = open_window(db)
    beat = Heartbeat(5)

    def watch(action, settle: float = SETTLE_S, done=lambda: False) -> tuple[float, float | None]:
        """Run ``action`` from the event loop; (longest freeze ms, ms until ``done()``)."""
        loop = QEventLoop()
        start = time.perf_counter()
        reached: list[float] = []

        def check() -> None:
            if not reached and done():
                reached.append((time.perf_counter() - start) * 1000)

        poll = QTimer()
        poll.setInterval(1)
        poll.timeout.connect(check)
        beat.reset()
        QTimer.singleShot(0, action)
        poll.start()
        QTimer.singleShot(int(settle * 1000), loop.quit)
        loop.exec()
        poll.stop()
        return beat.longest_ms, (reached[0] if reached else None)

    watch(lambda: None, 0.5)  # the first page, shown at start, settles
    freezes = {}
    for page_id, entry in zip(window.page_ids(), window._entries):
        freezes[entry.title], _ = watch(lambda p=page_id: window.show_page(p))
    units = window.show_page("units")
    watch(lambda: None, 0.3)
    tab = units.people
    units._stale = True  # shown again as after a change: every tab reloads
    units.stale_tabs.add(tab)
    freezes["Cá nhân"], people_ms = watch(
        lambda: units.tabs.setCurrentWidget(tab),
        done=lambda: tab.model.rowCount() == PEOPLE and f"/ {PEOPLE} " in tab.count.text())
    if people_ms is None:
        raise RuntimeError(f"the people tab did not show {PEOPLE} rows: {tab.count.text()}")
    beat.stop()
    window.close()
    opened.close()
    del qt
    return {"people_ms": people_ms, "freeze_ms": freezes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--commands-only", action="store_true", help="only the commands, not the window")
    args = parser.parse_args()
    if args.probe is not None:
        print(json.dumps(probe(args.probe)))
        return 0
    print_table(goals(args.runs, window=not args.commands_only))
    return 0


if __name__ == "__main__":
    sys.exit(main())

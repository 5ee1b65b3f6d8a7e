"""Start-up, whole processes (issue 15, goals 2 and 3).

Goal 2: the main window's first painted frame (``thidua-desktop --measure-startup``
prints the wall-clock time of the first Paint event) on an empty database and
on the large ward (2.000 units, 20.000 people, a year's results), against a
bare PySide6 window painted the same way (``bench_frozen.BARE_WINDOW``). The time until
the first page is filled in is printed as well, for information.

Goal 3: ``thidua --version`` and ``thidua --help`` against
``python -c "import argparse, json"``; ``thidua targets list --json`` (the
plan's targets, one command touching the database) against the same plus
SQLAlchemy's ORM, the least a command reading the database imports.

Runs are paired (ours, floor, ours, floor…) so a busy moment hits both alike.

    python bench/bench_startup.py [--runs 7]
"""
from __future__ import annotations

import argparse
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

from bench_frozen import BARE_WINDOW  # noqa: E402
from goals import Goal, print_table  # noqa: E402

LARGE = {"units": 2000, "people": 20000}


def _env(data: Path, root: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["THIDUA_DATA_DIR"] = str(data)
    env["PYTHONPATH"] = str(root)
    return env


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    # run from the measured tree: ``python -m`` puts the working folder first on the path
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=env["PYTHONPATH"], timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    return done


def _stamps(command: list[str], env: dict) -> dict[str, float]:
    """Milliseconds from launching ``command`` to each ``name TIME`` line it prints."""
    start = time.time()
    done = _run(command, env)
    return {name: (float(stamp) - start) * 1000
            for name, stamp in (line.split() for line in done.stdout.splitlines() if line.startswith("first_"))}


def _wall_ms(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    _run(command, env)
    return (time.perf_counter() - start) * 1000


def _paired(ours, floor, runs: int) -> tuple[list, list]:
    a, b = [], []
    ours(), floor()  # warm the OS file cache once
    for _ in range(runs):
        a.append(ours())
        b.append(floor())
    return a, b


def window_goals(runs: int, folder: Path, root: Path = ROOT) -> list[Goal]:
    from make_ward import make_ward
    from thidua_desktop.services.app import open_app

    env = _env(folder, root)
    bare = [sys.executable, "-c", BARE_WINDOW]
    goals = []
    empty = folder / "empty.db"
    open_app(empty, lock=False).close()
    for label, db in (("trống", empty), ("2.000 đơn vị, 20.000 cá nhân", make_ward(folder / "large.db", **LARGE))):
        ours_cmd = [sys.executable, "-m", "thidua_desktop.gui.app", "--db", str(db), "--measure-startup"]
        ours, floor = _paired(lambda: _stamps(ours_cmd, env), lambda: _stamps(bare, env), runs)
        paint = statistics.median(s["first_paint"] for s in ours)
        page = statistics.median(s["first_page"] for s in ours if "first_page" in s) if "first_page" in ours[0] else None
        bare_ms = statistics.median(s["first_paint"] for s in floor)
        goals.append(Goal(f"cửa sổ vẽ lần đầu, dữ liệu {label}", paint, "ms", 4, bare_ms, "cửa sổ PySide6 trống"))
        if page is not None:
            print(f"  dữ liệu {label}: trang đầu đầy đủ sau {page:.0f} ms ({page / bare_ms:.1f}× cửa sổ trống)",
                  file=sys.stderr)
    return goals


def command_goals(runs: int, folder: Path, root: Path = ROOT) -> list[Goal]:
    env = _env(folder, root)
    db = folder / "commands.db"
    thidua = [sys.executable, "-m", "thidua_desktop", "--db", str(db)]
    _run(thidua + ["init"], env)
    floor = [sys.executable, "-c", "import argparse, json"]
    orm_floor = [sys.executable, "-c", "import argparse, json, sqlalchemy.orm"]
    goals = []
    for args, base, base_name in (
            (["--version"], floor, "python -c “import argparse, json”"),
            (["--help"], floor, "python -c “import argparse, json”"),
            (["targets", "list", "--json"], orm_floor, "… và sqlalchemy.orm")):
        ours, theirs = _paired(lambda: _wall_ms(thidua + args, env), lambda: _wall_ms(base, env), runs)
        goals.append(Goal(f"thidua {' '.join(args)}", statistics.median(ours), "ms", 3,
                          statistics.median(theirs), base_name))
    return goals


def goals(runs: int) -> list[Goal]:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        return window_goals(runs, Path(folder)) + command_goals(runs, Path(folder))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the tree whose thidua_desktop is measured (e.g. an older checkout)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        print_table(window_goals(args.runs, Path(folder), args.root)
                    + command_goals(args.runs, Path(folder), args.root))


if __name__ == "__main__":
    main()

"""Time from process start to the first painted main window.

Measures ``thidua-desktop --measure-startup`` (which prints the wall-clock time
of the first Paint event of the main window and exits) on an empty database and
on one with 2,000 units, several runs each, and prints the figures.

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua_desktop.domain.text import unique_key  # noqa: E402
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.storage.models import Unit  # noqa: E402


def make_database(path: Path, units: int) -> None:
    app = open_app(path)
    if units:
        kinds = ["to_dan_pho", "truong_hoc", "co_quan", "doanh_nghiep", "mat_tran_doan_the"]
        with app.db.transaction(actor="bench") as session:
            session.add_all(
                Unit(name=f"Đơn vị thử số {i}", name_key=unique_key(f"Đơn vị thử số {i}"),
                     kind=kinds[i % len(kinds)], phone=f"0225{i:06d}")
                for i in range(1, units + 1))
    app.close()


def first_paint_ms(db: Path, env: dict) -> float:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "thidua_desktop.gui.app", "--db", str(db), "--measure-startup"],
        capture_output=True, text=True, env=env, timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"startup failed: {done.stderr}")
    stamp = next(line for line in done.stdout.splitlines() if line.startswith("first_paint "))
    return (float(stamp.split()[1]) - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        env["THIDUA_DATA_DIR"] = folder
        for label, units in (("empty database", 0), ("2,000 units", 2000)):
            db = Path(folder) / f"bench-{units}.db"
            make_database(db, units)
            first_paint_ms(db, env)  # warm the OS file cache once
            times = [first_paint_ms(db, env) for _ in range(args.runs)]
            print(f"{label:>15}: first paint median {statistics.median(times):6.0f} ms, "
                  f"min {min(times):6.0f} ms, max {max(times):6.0f} ms ({args.runs} runs, "
                  f"QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']})")


if __name__ == "__main__":
    main()

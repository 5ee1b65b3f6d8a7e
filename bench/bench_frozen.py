"""The frozen app against the venv install and a bare PySide6 window, in one run.

Each figure is the whole process: from spawning it to the first painted main
window (``--measure-startup``), start-up included; the bare PySide6 window is the
library floor the ratios are taken against. Then the sizes: the Linux bundle on
disk and zipped, and the Windows installer and portable zip if they are built.

    packaging/build.sh linux && python bench/bench_frozen.py [--runs 7]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "linux" / "ThiDuaKhenThuong"

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 800)
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first_paint {time.time():.6f}", flush=True)
            app.quit()
        return False
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def first_paint_ms(command: list[str], env: dict) -> float:
    start = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {done.stderr[-2000:]}")
    stamp = next(line for line in done.stdout.splitlines() if line.startswith("first_paint "))
    return (float(stamp.split()[1]) - start) * 1000


def medians_ms(commands: list[list[str]], env: dict, runs: int) -> list[float]:
    """Rounds that start each command in turn, so a busy moment of the machine hits all alike."""
    for command in commands:
        first_paint_ms(command, env)  # warm the OS file cache once
    rounds = [[first_paint_ms(command, env) for command in commands] for _ in range(runs)]
    return [statistics.median(times) for times in zip(*rounds)]


def bundle_files(folder: Path) -> list[Path]:
    """Regular files only: PyInstaller links some Linux libraries, which must not count twice."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in bundle_files(folder))


def zipped_size(folder: Path) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "bundle.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in bundle_files(folder):
                archive.write(path, path.relative_to(folder.parent))
        return target.stat().st_size


def mb(size: int) -> str:
    return f"{size / 1e6:6.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (BUNDLE / "thidua-desktop").is_file():
        raise SystemExit(f"no frozen bundle in {BUNDLE}: run packaging/build.sh linux first")
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, THIDUA_DATA_DIR=folder, PYTHONPATH=str(ROOT))
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        db = str(Path(folder) / "bench.db")
        subprocess.run([str(BUNDLE / "thidua"), "--db", db, "init"], env=env,
                       capture_output=True, check=True)  # create and seed the database once
        bare, venv, frozen = medians_ms([
            [sys.executable, "-c", BARE_WINDOW],
            [sys.executable, "-m", "thidua_desktop.gui.app", "--db", db, "--measure-startup"],
            [str(BUNDLE / "thidua-desktop"), "--db", db, "--measure-startup"],
        ], env, args.runs)
    print(f"first painted window, median of {args.runs} runs (QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}):")
    print(f"  bare PySide6 window  {bare:7.0f} ms   1.00×")
    print(f"  venv install         {venv:7.0f} ms   {venv / bare:4.2f}× bare")
    print(f"  frozen bundle        {frozen:7.0f} ms   {frozen / bare:4.2f}× bare, {frozen / venv:4.2f}× venv")
    files = len(bundle_files(BUNDLE))
    print(f"Linux bundle: {mb(folder_size(BUNDLE))} in {files} files, {mb(zipped_size(BUNDLE))} zipped")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    for name in (f"ThiDuaKhenThuong-Setup-{version}.exe", f"ThiDuaKhenThuong-{version}-portable.zip"):
        built = ROOT / "dist" / "windows" / name
        print(f"{name}: {mb(built.stat().st_size) if built.is_file() else 'not built'}")


if __name__ == "__main__":
    main()

"""Power cuts in the middle of a write: kill -9 a process that is importing or
saving, many times at random moments, and check that nothing is half there.

Each run copies a demo ward, starts ``crash_child.py`` on it (an import of
3,000 people or 300 units from Excel, a save of every result of the year from
the grid, or a restore of a backup copy), waits until it starts, sleeps a random fraction of the time
either the backup copy taken first (one run in five) or the write takes, and sends SIGKILL. Afterwards the database must open, pass
``thidua check``, and hold either the whole action or none of it (rows and
their audit entries alike); every backup copy in the folder must be whole; and
the next write must work.

``THIDUA_CRASH_RUNS`` sets the number of kills per kind of action (default 6,
for CI); the closing note quotes a run with ``THIDUA_CRASH_RUNS=70``. A summary
line is printed (``pytest -s`` shows it).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from thidua_desktop.services.safety import backup, check
from thidua_desktop.services import settings
from thidua_desktop.services.app import open_app
from thidua_desktop.services.demo import build_demo
from thidua_desktop.storage.models import AuditEntry, Person, Result, ResultHistory, Unit

from safety_helpers import add_units

RUNS = int(os.environ.get("THIDUA_CRASH_RUNS", "6"))
CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parent.parent
PEOPLE, UNITS, RESTORED = 3000, 300, 250
MODES = ("people", "units", "results", "restore")
SUMMARY: dict[str, dict[str, int]] = {}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Ngọc", "Đức", "Thanh", "Hữu", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Quyên", "Sơn", "Tâm",
         "Thảo", "Thắng", "Trang", "Tuấn", "Vân", "Yến"]


def _names(n: int) -> list[str]:
    names = [f"{f} {m} {g}" for g in GIVEN for m in MIDDLE for f in FAMILY]
    return names[:n]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("goc")
    db_path = folder / "phuong.db"
    opened = open_app(db_path, actor="demo")
    with opened.db.transaction(actor="demo", reason="Dữ liệu mẫu") as session:
        build_demo(session)
        settings.set_value(session, "backup.keep_last", 3)
    with opened.db.read() as session:
        units = list(session.scalars(select(Unit.name).order_by(Unit.id)))
    opened.close()
    people_file = folder / "ca-nhan.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Cá nhân")
    ws.append(["Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Đơn vị"])
    for i, name in enumerate(_names(PEOPLE)):
        ws.append([name, "Nữ" if " Thị " in name else "Nam", 1960 + i % 40, "Hội viên", units[i % len(units)]])
    wb.save(people_file)
    units_file = folder / "don-vi.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Đơn vị")
    ws.append(["Tên đơn vị", "Loại hình", "Điện thoại"])
    for i in range(UNITS):
        ws.append([f"Chi hội người cao tuổi tổ {i + 1:04d}", "Đoàn thể", f"0912{i:06d}"])
    wb.save(units_file)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    # a backup copy to restore: the same ward with more units
    other = folder / "khac" / "phuong.db"
    other.parent.mkdir()
    shutil.copy(db_path, other)
    opened = open_app(other, actor="demo")
    add_units(opened.db, RESTORED, start=50_000)
    copy = backup.create_backup(opened.db, destination=folder / "ban-sao.db")
    opened.close()
    return {"db": db_path, "people": people_file, "units": units_file, "restore": copy}


def _counts(db) -> dict[str, int]:
    with db.read() as session:
        return {
            "person": session.scalar(select(func.count(Person.id))),
            "unit": session.scalar(select(func.count(Unit.id))),
            "marked": session.scalar(select(func.count(Result.id)).where(Result.note == "ghi-lan-nay")),
            "results": session.scalar(select(func.count(Result.id))),
            "history": session.scalar(select(func.count(ResultHistory.id))),
            "audit_person": session.scalar(select(func.count(AuditEntry.id)).where(
                AuditEntry.entity == "person", AuditEntry.action == "insert")),
            "audit_unit": session.scalar(select(func.count(AuditEntry.id)).where(
                AuditEntry.entity == "unit", AuditEntry.action == "insert")),
            "audit_result": session.scalar(select(func.count(AuditEntry.id)).where(
                AuditEntry.entity == "result", AuditEntry.action == "update")),
            "restores": session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.entity == "restore")),
        }


def _spawn(mode: str, db_path: Path, file: Path | None, data_dir: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(CHILD.parent)]),
               THIDUA_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    args = [sys.executable, str(CHILD), mode, str(db_path)] + ([str(file)] if file else [])
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _wait_writing(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    if line.strip() != "writing":
        proc.kill()
        raise AssertionError(f"child did not start writing: {line!r} {proc.stderr.read()}")


def _finish(proc: subprocess.Popen) -> tuple[str, str]:
    """The rest of the child's output (through the line buffer ``readline`` filled:
    ``communicate`` would read the pipes underneath it and lose lines)."""
    out = proc.stdout.read()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    return out, err


def _fresh(base, tmp_path: Path, run: int) -> Path:
    folder = tmp_path / f"lan-{run:03d}"
    folder.mkdir()
    db_path = folder / "phuong.db"
    shutil.copy(base["db"], db_path)
    return db_path


def _whole_action(mode: str, before: dict, after: dict) -> bool:
    """True: all of it is there; False: none of it. Anything else fails the test."""
    if mode == "people":
        added, audited = after["person"] - before["person"], after["audit_person"] - before["audit_person"]
        assert (added, audited) in ((0, 0), (PEOPLE, PEOPLE)), (added, audited)
        return added == PEOPLE
    if mode == "units":
        added, audited = after["unit"] - before["unit"], after["audit_unit"] - before["audit_unit"]
        assert (added, audited) in ((0, 0), (UNITS, UNITS)), (added, audited)
        return added == UNITS
    if mode == "restore":  # the old data, or the copy's with the record of the restore
        added, restores = after["unit"] - before["unit"], after["restores"] - before["restores"]
        assert (added, restores) in ((0, 0), (RESTORED, 1)), (added, restores)
        return added == RESTORED
    n = before["results"]
    history = after["history"] - before["history"]
    audited = after["audit_result"] - before["audit_result"]
    assert after["results"] == n
    assert (after["marked"], history, audited) in ((0, 0, 0), (n, n, n)), (after["marked"], history, audited)
    return after["marked"] == n


def _backups_whole(folder: Path) -> int:
    backups = folder / "backups"  # copies under their final names (half copies are dot-named temporaries)
    copies = [p for p in backups.glob("*.db") if not p.name.startswith(".")] if backups.is_dir() else []
    for copy in copies:
        conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok", copy.name
        finally:
            conn.close()
    return len(copies)


def _durations(base, mode: str, tmp_path: Path) -> tuple[float, float]:
    """(backup copy, write transaction) in seconds, measured on one full run."""
    db_path = _fresh(base, tmp_path, 999)
    proc = _spawn(mode, db_path, base.get(mode), tmp_path / "data")
    _wait_writing(proc)
    out, err = _finish(proc)
    assert proc.returncode == 0, err
    marks = dict(line.split() for line in out.splitlines() if line.startswith(("copied", "done")))
    return float(marks["copied"]), float(marks["done"]) - float(marks["copied"])


@pytest.mark.parametrize("mode", MODES)
def test_kill_in_the_middle_leaves_all_or_nothing(mode, base, tmp_path):
    copy_time, write_time = _durations(base, mode, tmp_path)
    stats = {"runs": 0, "killed_during_backup_copy": 0, "killed_during_write": 0, "finished_before_kill": 0,
             "whole": 0, "none": 0, "backup_copies_checked": 0}
    for run in range(RUNS):
        rng = random.Random(f"{mode}-{run}")
        db_path = _fresh(base, tmp_path, run)
        opened = open_app(db_path, lock=False, seed=False, actor="t")
        before = _counts(opened.db)
        opened.close()
        proc = _spawn(mode, db_path, base.get(mode), tmp_path / "data")
        _wait_writing(proc)
        copied = False
        if copy_time > 0.01 and rng.random() < 0.2:  # during the backup copy before the import
            delay = rng.uniform(0, copy_time)
        else:  # during the write transaction, now and then around its end (the commit)
            copied = proc.stdout.readline().startswith("copied")
            assert copied
            delay = (rng.uniform(0, write_time * 0.9) if rng.random() < 0.85
                     else rng.uniform(write_time * 0.9, write_time * 1.3))
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        out, _err = _finish(proc)
        finished = "done" in out
        copied = copied or "copied" in out
        phase = ("finished_before_kill" if finished else
                 "killed_during_write" if copied else "killed_during_backup_copy")
        context = f"{mode} run {run}, killed after {delay:.3f} s (copy ~{copy_time:.3f} s, write ~{write_time:.3f} s)"

        opened = open_app(db_path, actor="kiểm tra")  # opens: the lock died with the process
        try:
            report = check.run_checks(opened.db)
            assert report.ok, f"{context}: " + "; ".join(report.lines())
            whole = _whole_action(mode, before, _counts(opened.db))
            assert whole or not finished, context
            add_units(opened.db, 1, start=90_000 + run)  # and the next write works
        finally:
            opened.close()
        stats["backup_copies_checked"] += _backups_whole(db_path.parent)
        stats["runs"] += 1
        stats["whole" if whole else "none"] += 1
        stats[phase] += 1
        shutil.rmtree(db_path.parent, ignore_errors=True)
    SUMMARY[mode] = {**stats, "copy_seconds": round(copy_time, 3), "write_seconds": round(write_time, 3)}
    print(f"\ncrash-safety {mode}: {json.dumps(SUMMARY[mode], ensure_ascii=False)}")
    assert stats["runs"] == RUNS

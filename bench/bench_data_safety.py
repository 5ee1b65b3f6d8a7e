"""Speed of the data-safety features on a year-sized ward.

Builds the demo ward, then grows its audit trail to ``--entries`` rows (a busy
year is a few tens of thousands), and prints:

- the audit screen's queries: count, first page of 200, a page deep in the
  trail, filtered by kind of record, and an accent-insensitive word search;
- a backup (online copy, checked), what a copy holds, a restore, and
  ``thidua check`` on the same database;
- the audit chain (storage/audit_chain): verifying every entry's hash, against
  the floor of reading the same rows with sqlite3 and hashing them with hashlib
  in the same run; ``thidua check`` as a whole command (start-up included)
  against a whole ``python`` command doing only that floor; and the share of
  chaining in a bulk write of 10,000 units (rows + one audit entry each).

    python bench/bench_data_safety.py [--entries 100000]

Measured 2026-12-04 on the 2-core development machine (shared, so ±30 %), 101,752
entries: verifying the whole chain 1.59 s against 1.32 s for the floor (sqlite3
read + hashlib of every row), 1.2x; ``thidua check`` as a whole command 7.2 s
against 1.1 s for a whole ``python`` command doing only the floor (6.5x, every
rule and the start-up included); chaining 10,000 bulk-written audit entries
0.19 s of a 0.78 s write (25 %).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua_desktop.services.safety import audit_log, backup, check, restore# noqa: E402
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.services.demo import build_demo  # noqa: E402
from thidua_desktop.storage import audit_chain  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, fn, repeat: int = 3):
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"  {label:<52} {best * 1000:9.1f} ms")
    return result


def grow_trail(path: Path, entries: int) -> None:
    conn = sqlite3.connect(path)
    start = dt.datetime(2026, 1, 5, 8, 0)
    actors = ["lan", "hoa", "minh", "dòng lệnh"]
    kinds = [("unit", "Tổ dân phố số {i}"), ("person", "Nguyễn Văn Thử {i}"), ("result", ""),
             ("nomination", "Trần Thị Hoa {i}"), ("vote", ""), ("setting", "backup.keep_last")]
    rows = []
    for i in range(entries):
        entity, label = kinds[i % len(kinds)]
        at = start + dt.timedelta(minutes=5 * i)
        changes = {"value": [i % 100, (i + 7) % 100]} if i % 3 else {"name": f"Tổ dân phố Quán Toan {i}"}
        rows.append({"at": at, "actor": actors[i % 4], "action": "update" if i % 3 else "insert",
                     "entity": entity, "entity_id": i, "label": label.format(i=i), "changes": changes,
                     "reason": "Sửa theo báo cáo" if i % 5 else ""})
    audit_chain.link(rows, audit_chain.newest_sqlite(conn))  # chained, as the app writes them
    conn.executemany("INSERT INTO audit_entry (at, actor, action, entity, entity_id, label, changes, reason, "
                     "entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(r["at"].strftime("%Y-%m-%d %H:%M:%S.000000"), r["actor"], r["action"], r["entity"],
                       r["entity_id"], r["label"], json.dumps(r["changes"]), r["reason"], r["entry_hash"])
                      for r in rows])
    conn.commit()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "phuong.db"
        opened = open_app(path, actor="bench")
        with opened.db.transaction(actor="demo", reason="Dữ liệu mẫu") as session:
            build_demo(session)
        opened.close()
        grow_trail(path, args.entries)
        opened = open_app(path, actor="bench")
        db = opened.db
        size = path.stat().st_size / 1048576
        with db.read() as session:
            total = audit_log.count_entries(session)
        print(f"Ward: demo ward, {total:,} audit entries, database {size:.1f} MB")
        print("Audit screen (services/audit_log):")
        with db.read() as session:
            timed("count all entries", lambda: audit_log.count_entries(session))
            timed("first page (200 newest)", lambda: audit_log.fetch_entries(session, limit=200))
            timed("page at offset 50,000", lambda: audit_log.fetch_entries(session, offset=50_000, limit=200))
            units = audit_log.AuditFilter(entities=("unit",))
            timed("filter: units only (count + first page)",
                  lambda: (audit_log.count_entries(session, units), audit_log.fetch_entries(session, units)))
            words = audit_log.AuditFilter(text="quan toan 77")
            found = timed("first search “quan toan 77” (folds every entry once)",
                          lambda: (audit_log.count_entries(session, words), audit_log.fetch_entries(session, words)),
                          repeat=1)
            print(f"    ({found[0]} entries found)")
            other = audit_log.AuditFilter(text="TRẦN thị hoa 12")
            found = timed("next search “TRẦN thị hoa 12” (count + page)",
                          lambda: (audit_log.count_entries(session, other), audit_log.fetch_entries(session, other)),
                          repeat=1)
            print(f"    ({found[0]} entries found)")
        print("Backups and checks:")
        copy = timed("backup into the backup folder (copy + check)", lambda: backup.create_backup(db), repeat=1)
        timed("what a copy holds (inspect_backup)", lambda: restore.inspect_backup(copy))
        timed("restore (safety copy + replace + check)", lambda: restore.restore(db, copy), repeat=1)
        report = timed("thidua check (integrity + all rules)", lambda: check.run_checks(db), repeat=1)
        print(f"    ({report.summary()})")
        bench_chain(db, path)
        opened.close()


_FLOOR = """
import hashlib, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
for row in conn.execute("SELECT id, at, actor, action, entity, entity_id, label, changes, reason, entry_hash "
                        "FROM audit_entry ORDER BY id"):
    hashlib.sha256(repr(row).encode()).hexdigest()
"""


def _floor_in_process(path: Path) -> None:
    import hashlib

    conn = sqlite3.connect(path)
    for row in conn.execute("SELECT id, at, actor, action, entity, entity_id, label, changes, reason, "
                            "entry_hash FROM audit_entry ORDER BY id"):
        hashlib.sha256(repr(row).encode()).hexdigest()
    conn.close()


def _whole_command(args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    best = None
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def bench_chain(db, path: Path) -> None:
    from thidua_desktop.services.xlsx import bulkwrite
    from thidua_desktop.storage.models import Unit

    print("Audit chain (storage/audit_chain):")
    with db.read() as session:
        verdict = timed("verify the whole chain", lambda: audit_chain.verify(session.connection()))
    print(f"    ({verdict.entries:,} entries, {'whole' if verdict.broken is None else 'BROKEN'})")
    start = time.perf_counter()
    _floor_in_process(path)
    floor = time.perf_counter() - start
    print(f"  {'floor: sqlite3 read + hashlib sha256 of every row':<52} {floor * 1000:9.1f} ms")
    db.dispose()
    check_cmd = _whole_command([sys.executable, "-m", "thidua_desktop", "--db", str(path), "check"])
    floor_cmd = _whole_command([sys.executable, "-c", _FLOOR, str(path)])
    print(f"  {'whole command: thidua check (all rules + chain)':<52} {check_cmd * 1000:9.1f} ms")
    print(f"  {'whole command floor: python, sqlite3 + hashlib only':<52} {floor_cmd * 1000:9.1f} ms")
    print(f"    (ratio {check_cmd / floor_cmd:.1f}x; thidua check runs every rule, the chain is one of them)")
    rows = [{"name": f"Tổ bench {i}", "name_key": f"to bench {i}", "kind": "to_dan_pho", "head_name": "",
             "phone": "", "address": "", "email": "", "staff_count": None, "female_staff_count": None,
             "active": True, "note": ""} for i in range(10_000)]
    real_link = audit_chain.link
    spent = []

    def measured_link(chunk, previous):
        begun = time.perf_counter()
        try:
            return real_link(chunk, previous)
        finally:
            spent.append(time.perf_counter() - begun)

    audit_chain.link = measured_link
    try:
        start = time.perf_counter()
        with db.transaction(actor="bench", reason="Nhập nhiều") as session:
            bulkwrite.insert_rows(session, Unit.__table__, rows, "name")
        total = time.perf_counter() - start
    finally:
        audit_chain.link = real_link
    print(f"  {'bulk write of 10,000 units (rows + audit)':<52} {total * 1000:9.1f} ms")
    print(f"  {'  of which chaining the 10,000 audit entries':<52} {sum(spent) * 1000:9.1f} ms"
          f"  ({sum(spent) / total:.0%})")


if __name__ == "__main__":
    main()

"""Speed of the data-safety features on a year-sized ward.

Builds the demo ward, then grows its audit trail to ``--entries`` rows (a busy
year is a few tens of thousands), and prints:

- the audit screen's queries: count, first page of 200, a page deep in the
  trail, filtered by kind of record, and an accent-insensitive word search;
- a backup (online copy, checked), what a copy holds, a restore, and
  ``thidua check`` on the same database.

    python bench/bench_data_safety.py [--entries 100000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua_desktop.services import audit_log, backup, check  # noqa: E402
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.services.demo import build_demo  # noqa: E402


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
        rows.append((at.strftime("%Y-%m-%d %H:%M:%S.000000"), actors[i % 4], "update" if i % 3 else "insert",
                     entity, i, label.format(i=i), json.dumps(changes), "Sửa theo báo cáo" if i % 5 else ""))
    conn.executemany("INSERT INTO audit_entry (at, actor, action, entity, entity_id, label, changes, reason) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
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
        timed("what a copy holds (inspect_backup)", lambda: backup.inspect_backup(copy))
        timed("restore (safety copy + replace + check)", lambda: backup.restore(db, copy), repeat=1)
        report = timed("thidua check (integrity + all rules)", lambda: check.run_checks(db), repeat=1)
        print(f"    ({report.summary()})")
        opened.close()


if __name__ == "__main__":
    main()

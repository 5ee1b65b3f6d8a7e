"""Reading back 40 filled report forms in one action, against openpyxl's own reading time.

Builds the demo ward (40 units), adds a period, writes one form per unit,
fills every form with openpyxl as a unit would, then times:

- openpyxl alone: ``load_workbook(read_only=True, data_only=True)`` and every
  row of every sheet of the 40 files (the floor: no program reads an xlsx faster
  with openpyxl);
- our read-back (``result_forms.read_back``): file checks, identity, every
  cell validated, the preview against the database;
- writing the accepted files (``result_forms.apply``, one transaction).

    python bench/bench_results_forms.py [--runs 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from thidua_desktop.services.results import evaluation as ev  # noqa: E402
from thidua_desktop.services import plan  # noqa: E402
from thidua_desktop.services.results import forms as rf
from thidua_desktop.services.results import entry as rs
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.services.demo import build_demo  # noqa: E402


def fill(path: Path, n: int) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[rf.MAIN_SHEET]
    ws[rf.DATE_CELL] = dt.date(2026, 9, 28)
    ws[rf.REPORTER_CELL] = "Nguyễn Thị Lan, 0912 345 678"
    for row in ws.iter_rows(min_row=rf.HEADER_ROW + 1):
        code, plan_text = row[rf.COL_CODE - 1].value, str(row[rf.COL_PLAN - 1].value or "")
        if not code:
            continue
        if plan_text == "Có":
            row[rf.COL_VALUE - 1].value = "Có" if (n + len(str(code))) % 7 else "Không"
        elif code == "5":
            row[rf.COL_VALUE - 1].value, row[rf.COL_SECOND - 1].value = 6, 8
        elif "%" in plan_text:
            row[rf.COL_FIRST - 1].value, row[rf.COL_SECOND - 1].value = 950 + n % 50, 1000
            row[rf.COL_NOTE - 1].value = "Số liệu đến 30/9"
        else:
            row[rf.COL_VALUE - 1].value = n % 2
    wb.save(path)


def openpyxl_read(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        app = open_app(tmp / "bench.db", actor="bench")
        db = app.db
        with db.transaction(actor="bench") as session:
            build_demo(session)
            campaign = plan.current_campaign(session)
            rs.add_period(session, campaign, "9t", "9 tháng năm 2026", dt.date(2026, 1, 1), dt.date(2026, 9, 30),
                          dt.date(2026, 10, 5))
        with db.read() as session:
            campaign = plan.current_campaign(session)
            period = ev.period_for(session, campaign, "9t")
            start = time.perf_counter()
            written = rf.write_forms(session, campaign, period, tmp / "forms")
            write_time = time.perf_counter() - start
        files = written.files
        for n, path in enumerate(files):
            fill(path, n)
        size = sum(p.stat().st_size for p in files)
        raw, ours = [], []
        readback = None
        for _ in range(args.runs):
            raw.append(openpyxl_read(files))
            with db.read() as session:
                campaign = plan.current_campaign(session)
                start = time.perf_counter()
                readback = rf.read_back(session, campaign, [written.folder], ev.period_for(session, campaign, "9t"))
                ours.append(time.perf_counter() - start)
        assert readback is not None and len(readback.accepted) == len(files), [f.reason for f in readback.rejected]
        start = time.perf_counter()
        applied = rf.apply(db, readback)
        apply_time = time.perf_counter() - start
        cells = sum(len(f.preview.rows) for f in readback.files)
        app.close()
    raw_m, ours_m = statistics.median(raw), statistics.median(ours)
    print(f"{len(files)} phiếu (forms), {size / 1024:.0f} KB in all, {cells} item rows")
    print(f"write {len(files)} forms:                   {write_time * 1000:8.0f} ms")
    print(f"openpyxl alone, read {len(files)} files:       {raw_m * 1000:8.0f} ms  (median of {args.runs})")
    print(f"our read-back (checks + preview):       {ours_m * 1000:8.0f} ms  (median of {args.runs})")
    print(f"ratio ours / openpyxl:                  {ours_m / raw_m:8.2f}")
    print(f"apply (one transaction, {applied.summary.new} results):  {apply_time * 1000:8.0f} ms")
    print(f"read back + apply:                      {(ours_m + apply_time) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()

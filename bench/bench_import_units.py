"""Importing 1,000 and 5,000 units from Excel into a fresh database.

Writes a units list as the export and the template lay it out (title rows,
header on row 4, STT, name, kind, emulation block with leading and deputy
units, head, phone, address, e-mail, staff counts, active, note), with one
block per 25 units, then times, for each size, in a fresh SQLite database:

  (a) the first import: ``preview_units_import`` (checks, matching, per-row
      outcomes) and ``apply_units_import`` (one transaction: the new blocks,
      the units, their block memberships, the blocks' leading and deputy
      units, and an audit entry for every row written);
  (b) importing an edited copy of the same list again: a third of the units
      change a phone or a staff count, one in ten moves to another block.

Wall-clock and CPU time are both printed (CPU time is steadier on a busy
machine), with the preview and the write shown apart.

    python bench/bench_import_units.py [--units 1000 5000] [--runs 3]

Measured on the development machine (2 cores), median of 3, preview + write,
before and after the units import wrote in bulk (the "before" figures come
from running this script in ``git archive 762f3ee`` unpacked elsewhere, where
every unit went through ``save_unit``/``place_in_block`` with an ORM flush):

    1,000 units, fresh database:  3.39 s (write 3.01 s)  →  0.50 s (write 0.19 s)
    5,000 units, fresh database: 16.33 s (write 14.81 s) →  2.00 s (write 0.59 s)
    1,000 units, edited again:    2.89 s (write 2.25 s)  →  0.54 s (write 0.13 s)
    5,000 units, edited again:   15.91 s (write 11.35 s) →  2.16 s (write 0.39 s)
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from thidua_desktop.services.registry import excel as registry_excel
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.services.demo.registry import landline, mobile, person_name  # noqa: E402
from thidua_desktop.services.xlsx.importing import Outcome  # noqa: E402
from thidua_desktop.storage.models import AuditEntry, Unit  # noqa: E402

HEADER = ["STT", "Tên đơn vị", "Loại hình", "Khối thi đua", "Vai trò trong khối", "Thủ trưởng", "Điện thoại",
          "Địa chỉ", "Thư điện tử", "Số cán bộ, người lao động", "Trong đó nữ", "Đang hoạt động", "Ghi chú"]
KINDS = [("Tổ dân phố số {n}", "Tổ dân phố", "Khối tổ dân phố {b}"),
         ("Công ty TNHH Thương mại và Dịch vụ Bạch Đằng {n}", "Doanh nghiệp", "Khối doanh nghiệp {b}"),
         ("Trường Tiểu học Bạch Đằng {n}", "Trường học", "Khối trường học {b}"),
         ("Chi hội Cựu chiến binh số {n}", "Mặt trận, đoàn thể", "Khối Mặt trận, đoàn thể {b}")]
PER_BLOCK = 25


def make_rows(units: int, seed: int = 2026) -> list[list]:
    rng = random.Random(seed)
    rows = []
    for i in range(units):
        pattern, kind, block = KINDS[i % len(KINDS)]
        n = i // len(KINDS) + 1
        b = i // (PER_BLOCK * len(KINDS)) + 1  # blocks of about 25 units of one kind
        first_in_block = i % (PER_BLOCK * len(KINDS)) < 2 * len(KINDS)
        role = ("Trưởng khối" if i % (PER_BLOCK * len(KINDS)) < len(KINDS) else "Phó khối") if first_in_block else None
        gender = rng.choice(["nam", "nu"])
        staff = rng.randint(5, 120)
        rows.append([i + 1, pattern.format(n=n), kind, block.format(b=b), role, person_name(rng, gender, 1975),
                     landline(rng) if rng.random() < 0.5 else mobile(rng),
                     f"Số {rng.randint(1, 300)} đường Bạch Đằng, phường Bạch Đằng",
                     f"donvi{i + 1}@haiphong.gov.vn", staff, rng.randint(0, staff), "Có",
                     "Đơn vị mới thành lập" if rng.random() < 0.05 else None])
    return rows


def edited(rows: list[list], seed: int = 7) -> list[list]:
    """The list sent back a month later: phones and counts changed, some units moved."""
    rng = random.Random(seed)
    out = []
    for i, row in enumerate(rows):
        row = list(row)
        if i % 3 == 0:
            row[6] = mobile(rng)
        if i % 3 == 1:
            row[9] = row[9] + 1
        if i % 10 == 5 and not row[4]:
            row[3] = rows[(i + PER_BLOCK * len(KINDS)) % len(rows)][3]  # a block of the same kind
        out.append(row)
    return out


def write_file(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đơn vị"
    ws.append(["DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA NĂM 2026"])
    ws.append(["Phường Bạch Đằng"])
    ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def timed_import(app, path: Path) -> dict[str, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    preview = registry_excel.preview_units_import(app.db, path)
    preview_wall, preview_cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert preview.ok, preview.errors[:3]
    registry_excel.apply_units_import(app.db, preview)
    total_wall, total_cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"wall": total_wall, "cpu": total_cpu, "preview_wall": preview_wall, "preview_cpu": preview_cpu,
            "apply_wall": total_wall - preview_wall, "apply_cpu": total_cpu - preview_cpu,
            "new": preview.count(Outcome.NEW), "update": preview.count(Outcome.UPDATE)}


def one_run(folder: Path, first: Path, second: Path, units: int, run: int) -> tuple[dict, dict]:
    db_path = folder / f"units-{units}-{run}.db"
    app = open_app(db_path)
    try:
        fresh = timed_import(app, first)
        again = timed_import(app, second)
        with app.db.read() as session:
            count = session.scalar(select(func.count(Unit.id)))
            audited = session.scalar(select(func.count(AuditEntry.id)).where(
                AuditEntry.entity == "unit", AuditEntry.action == "insert"))
        assert count == units == audited, (count, units, audited)
    finally:
        app.close()
    return fresh, again


def show(label: str, runs: list[dict]) -> None:
    med = statistics.median
    o = {k: med(x[k] for x in runs) for k in runs[0]}
    print(f"  {label}: {o['wall']:6.2f} s thực, {o['cpu']:6.2f} s CPU   "
          f"[xem trước {o['preview_wall']:.2f} s, ghi {o['apply_wall']:.2f} s; "
          f"{o['new']:.0f} mới, {o['update']:.0f} cập nhật]")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, nargs="+", default=[1_000, 5_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for units in args.units:
            rows = make_rows(units)
            first = write_file(folder / f"don vi {units}.xlsx", rows)
            second = write_file(folder / f"don vi {units} (sửa).xlsx", edited(rows))
            results = [one_run(folder, first, second, units, run) for run in range(args.runs)]
            blocks = len({r[3] for r in rows})
            print(f"\n{units:,} đơn vị".replace(",", ".") + f" ({blocks} khối), trung vị {args.runs} lần:")
            show("(a) nhập vào cơ sở dữ liệu mới", [r[0] for r in results])
            show("(b) nhập lại bản đã sửa        ", [r[1] for r in results])


if __name__ == "__main__":
    main()

"""Importing 10,000 people from Excel, against openpyxl reading the same file.

Builds a realistic ward (about 130 units) in a fresh SQLite database, writes a
people list of 10,000 rows as offices send them (title rows, header on row 4,
dates as Excel dates or as text, phones as text, a trailing STT column), then
times:

  (a) openpyxl alone reading the file twice (read-only, every cell value);
  (b) our whole import: ``preview_people_import`` (checks, matching, the
      per-row outcomes) and ``apply_people_import`` (one transaction, with an
      audit entry per person) into the fresh database.

The target is (b) well within (a). Wall-clock and CPU time are both printed
(CPU time is steadier on a busy machine); runs alternate (a) and (b).

Then the goal of issue 15 (goal 4), whole commands: ``thidua --db WARD people
import FILE`` on a fresh copy of the ward against ``python -c`` opening the
file with openpyxl read-only and iterating every row, both from compiled
bytecode as installed programs run; ``goals(runs)`` gives that ratio to
``bench/run_all.py``.

    python bench/bench_import_people.py [--people 10000] [--runs 3]
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import re
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from commands import openpyxl_read, paired_on_fresh_db  # noqa: E402
from goals import Goal, print_table  # noqa: E402

from thidua_desktop.domain.registry import UnitFields, is_leader_position  # noqa: E402
from thidua_desktop.services import plan
from thidua_desktop.services.registry import excel as registry_excel
from thidua_desktop.services.registry import units as unit_service  # noqa: E402
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.services.demo.registry import UNITS, landline, mobile, person_name  # noqa: E402
from thidua_desktop.services.xlsx.importing import Outcome  # noqa: E402

POSITIONS = ["Chuyên viên", "Giáo viên", "Công nhân", "Nhân viên", "Cán bộ", "Trưởng phòng", "Phó Trưởng phòng",
             "Kế toán", "Hội viên", "Tổ trưởng tổ dân phố", "Điều dưỡng", "Phó Giám đốc", "Kỹ thuật viên"]


def unit_names() -> list[tuple[str, str]]:
    """The demo ward's units plus more residential groups and enterprises (a large ward)."""
    names = [(u.name, u.kind) for u in UNITS]
    names += [(f"Tổ dân phố số {n}", "to_dan_pho") for n in range(15, 81)]
    names += [(f"Công ty TNHH Thương mại và Dịch vụ Bạch Đằng {n}", "doanh_nghiep") for n in range(1, 25)]
    return names


def make_ward(path: Path) -> list[str]:
    app = open_app(path)
    names = unit_names()
    with app.db.transaction(actor="bench") as session:
        campaign = plan.current_campaign(session)
        index = unit_service.name_index(session)
        rng = random.Random(7)
        for name, kind in names:
            unit_service.save_unit(session, campaign.id, UnitFields(name=name, kind=kind, phone=landline(rng)),
                                   index=index)
    app.close()
    return [n for n, _ in names]


def make_file(path: Path, units: list[str], people: int) -> None:
    rng = random.Random(2026)
    # A normal workbook, as Excel saves it: the sheet states its size (a
    # write-only workbook omits it and makes every read-only load parse the
    # sheet one extra time).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH CÁN BỘ, HỘI VIÊN, NGƯỜI LAO ĐỘNG NĂM 2026"])
    ws.append(["(kèm theo báo cáo của các đơn vị)"])
    ws.append([])
    ws.append(["Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Đơn vị", "Lãnh đạo", "Điện thoại", "Địa chỉ",
               "STT"])
    seen = set()
    for i in range(1, people + 1):
        gender = rng.choice(["nam", "nu"])
        year = rng.randint(1955, 2003)
        unit = rng.choice(units)
        name = person_name(rng, gender, year)
        while (name, unit) in seen:
            name = person_name(rng, gender, year)
        seen.add((name, unit))
        born = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        birth = born if i % 2 else born.strftime("%d/%m/%Y")  # Excel dates and typed dates
        position = rng.choice(POSITIONS)
        ws.append([name, "Nam" if gender == "nam" else "Nữ", birth, position, unit,
                   "Có" if is_leader_position(position) else "Không", mobile(rng) if rng.random() < 0.7 else None,
                   f"Tổ dân phố số {rng.randint(1, 80)}, phường Bạch Đằng", i])
    wb.save(path)


_INLINE = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t>(.*?)</t></is></c>', re.S)


def with_shared_strings(source: Path, target: Path) -> None:
    """The same workbook as Excel saves it: text in a shared-strings table.

    openpyxl writes every text cell inline; Excel (and LibreOffice) keep each
    distinct text once in ``xl/sharedStrings.xml`` and refer to it by number,
    which is what clerks' files look like and what openpyxl reads fastest."""
    index: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        number = index.setdefault(match.group(3), len(index))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{number}</v></c>'

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(shared, data.decode("utf-8")).encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                                    b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings'
                                    b'+xml"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                    b'Id="rIdSst"/></Relationships>')
            zout.writestr(item, data)
        strings = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in index)
        zout.writestr("xl/sharedStrings.xml",
                      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                      f'count="{len(index)}" uniqueCount="{len(index)}">{strings}</sst>')


def read_twice(path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of openpyxl reading every cell value, twice."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(2):
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()
    return time.perf_counter() - wall, time.process_time() - cpu


def our_import(folder: Path, path: Path, run: int) -> dict[str, float]:
    db_path = folder / f"{path.stem}-{run}.db"
    make_ward(db_path)
    app = open_app(db_path)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        preview = registry_excel.preview_people_import(app.db, path)
        preview_wall, preview_cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert preview.ok, preview.errors[:3]
        assert preview.count(Outcome.NEW) == len(preview.rows)
        registry_excel.apply_people_import(app.db, preview)
        total_wall, total_cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        app.close()
    return {"wall": total_wall, "cpu": total_cpu, "preview_wall": preview_wall, "preview_cpu": preview_cpu,
            "apply_wall": total_wall - preview_wall, "apply_cpu": total_cpu - preview_cpu}


def measure(folder: Path, path: Path, runs: int, label: str) -> None:
    reads, ours = [], []
    for run in range(runs):  # interleaved, so that other load on the machine hits both alike
        reads.append(read_twice(path))
        ours.append(our_import(folder, path, run))
    med = statistics.median
    read_wall, read_cpu = med(r[0] for r in reads), med(r[1] for r in reads)
    o = {k: med(x[k] for x in ours) for k in ours[0]}
    print(f"\n{label} ({path.stat().st_size / 1024:.0f} KB), trung vị {runs} lần:")
    print(f"  (a) openpyxl đọc tệp 2 lần (read_only):     {read_wall:6.2f} s thực, {read_cpu:6.2f} s CPU")
    print(f"  (b) nhập của chương trình (xem trước + ghi): {o['wall']:6.2f} s thực, {o['cpu']:6.2f} s CPU   "
          f"[xem trước {o['preview_wall']:.2f} s, ghi {o['apply_wall']:.2f} s]")
    print(f"  (b) / (a): {o['wall'] / read_wall:.0%} thời gian thực, {o['cpu'] / read_cpu:.0%} thời gian CPU")


@contextlib.contextmanager
def compiled_bytecode(folder: Path) -> Iterator[None]:
    """Both commands run from compiled bytecode, as an installed app does (as
    bench_docx_lists and bench_scale run theirs): a cache in ``folder``, filled
    by an untimed first run; recompiling every module at each start is not ours."""
    saved = dict(os.environ)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "pyc")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def whole_commands(folder: Path, path: Path, runs: int) -> Goal:
    ward = folder / "ward.db"
    make_ward(ward)
    with compiled_bytecode(folder):
        paired_on_fresh_db(ward, folder / "work.db", ["people", "import", path], openpyxl_read(path), 1)  # compiles
        paired = paired_on_fresh_db(ward, folder / "work.db", ["people", "import", path], openpyxl_read(path), runs)
    print(f"people import, cả lệnh / openpyxl đọc tệp:{paired.text()}", file=sys.stderr)
    rows = f"{sum(1 for _ in openpyxl.load_workbook(path, read_only=True).active.iter_rows()) - 4:,}"
    return Goal(f"nhập {rows.replace(',', '.')} cá nhân (people import), cả lệnh", paired.ours, "s", 1.5,
                paired.floor, "openpyxl read-only đọc tệp, cả lệnh")


def goals(runs: int = 3, people: int = 10_000) -> list[Goal]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inline = folder / "openpyxl.xlsx"
        make_file(inline, [n for n, _ in unit_names()], people)
        shared = folder / "danh sách cá nhân.xlsx"
        with_shared_strings(inline, shared)
        return [whole_commands(folder, shared, runs)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print_table(goals(args.runs, args.people))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        units = [n for n, _ in unit_names()]
        inline = folder / "danh sách cá nhân (openpyxl).xlsx"
        make_file(inline, units, args.people)
        shared = folder / "danh sách cá nhân (Excel).xlsx"
        with_shared_strings(inline, shared)
        print(f"Tệp: {args.people:,} người".replace(",", ".") + f", {len(units)} đơn vị")
        measure(folder, shared, args.runs, "Tệp dạng Excel lưu (bảng chuỗi dùng chung)")
        measure(folder, inline, args.runs, "Tệp dạng openpyxl ghi (chuỗi trong ô)")


if __name__ == "__main__":
    main()

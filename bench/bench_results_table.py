"""A long results table for 2.000 units (issue 15, goal 5), whole command
against openpyxl merely reading the same file.

The large ward of ``make_ward.py`` (2.000 units, no results yet) gets one table
with a row per unit and item (``Đơn vị``, ``Chỉ tiêu``, ``Giá trị``, as a
clerk assembles it from the units' reports); then, alternately:

- ``thidua --db WARD results import TABLE.xlsx`` on a fresh copy of the ward
  (reading, every row checked, the preview, the write in one transaction);
- ``python -c`` opening the file with openpyxl read-only and iterating every row.

    python bench/bench_results_table.py [--units 2000] [--runs 3]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import openpyxl  # noqa: E402

from commands import openpyxl_read, paired_on_fresh_db  # noqa: E402
from goals import Goal, print_table  # noqa: E402
from make_ward import make_ward  # noqa: E402
from thidua_desktop.domain.results import edit_text  # noqa: E402
from thidua_desktop.services.results import evaluation as ev  # noqa: E402
from thidua_desktop.services import plan  # noqa: E402
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.services.demo.results import _profile, _value  # noqa: E402


def write_table(ward: Path, path: Path) -> tuple[int, str]:
    """The table of every unit's year results; (rows, the period's code)."""
    rng = random.Random(15)
    app = open_app(ward)
    try:
        with app.db.read() as session:
            campaign = plan.current_campaign(session)
            people = ev.participants(session, campaign)
            period = ev.main_period(campaign).code
            rows = []
            for unit in people.ordered_units():
                profile = _profile(rng, unit)
                for item in people.items(unit.id):
                    values = _value(rng, item, profile, unit.name, year_end=True)
                    rows.append([unit.name, item.code, edit_text(values, item.spec)])
    finally:
        app.close()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BẢNG KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM"])
    ws.append([])
    ws.append(["Đơn vị", "Chỉ tiêu", "Giá trị"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return len(rows), period


def goals(runs: int = 3, units: int = 2000) -> list[Goal]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ward = make_ward(folder / "ward.db", units=units, people=units * 10, results=False)
        table = folder / "bảng kết quả.xlsx"
        count, period = write_table(ward, table)
        paired = paired_on_fresh_db(ward, folder / "work.db", ["results", "import", table, "--period", period],
                                    openpyxl_read(table), runs)
    print(f"bảng kết quả dài, cả lệnh / openpyxl đọc tệp:{paired.text()}", file=sys.stderr)
    units_text = f"{units:,}".replace(",", ".")
    rows_text = f"{count:,}".replace(",", ".")
    return [Goal(f"bảng kết quả dài {units_text} đơn vị ({rows_text} dòng), cả lệnh", paired.ours, "s", 3.0,
                 paired.floor, "openpyxl read-only đọc tệp, cả lệnh")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print_table(goals(args.runs, args.units))


if __name__ == "__main__":
    main()

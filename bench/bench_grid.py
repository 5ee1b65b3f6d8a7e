"""The results grid a clerk types into (issue 15, goals 1 and 7): saving one
typed cell at 40 and at 2.000 units, and opening the grid at 2.000 units.

In-process, through the grid's own model (``QAbstractItemModel.setData``, as
the clerk's Enter does) with an offscreen QApplication, on a real SQLite file
made by ``make_ward.py``. Each save alternates between two values, so every
run writes, audits and keeps the old value in history.

    python bench/bench_grid.py [--runs 7]
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from goals import Goal, median_ms, print_table  # noqa: E402
from make_ward import make_ward  # noqa: E402

SAVE_LIMIT_MS = {40: 10.0, 2000: 30.0}
_QT = None
OPEN_LIMIT_MS = 500.0


class _Ward:
    """The app opened on a copy of a generated ward, with the grid model of its year."""

    def __init__(self, folder: Path, units: int):
        from PySide6.QtWidgets import QApplication

        from thidua_desktop.gui.context import GuiContext
        from thidua_desktop.gui.results.grid import ResultGridModel
        from thidua_desktop.services.results import evaluation as ev
        from thidua_desktop.services import plan
        from thidua_desktop.services.app import open_app

        global _QT
        _QT = QApplication.instance() or QApplication([])  # lives until the interpreter exits
        self.app = open_app(make_ward(folder / f"ward-{units}.db", units=units, people=units * 10), actor="bench")
        with self.app.db.read() as session:
            self.period_id = ev.main_period(plan.current_campaign(session)).id
        self.model = ResultGridModel(GuiContext(self.app, actor="văn thư"))

    def open(self) -> None:
        self.model.load(self.period_id, "ward")

    def typed_cells(self, count: int):
        """Editable count or amount cells of different units, spread down the grid."""
        from thidua_desktop.domain.results import Shape

        grid, found = self.model.grid, []
        for r in range(2, len(grid.rows)):
            c = next((c for c, col in enumerate(grid.columns) if grid.cell(r, c).editable
                      and col.spec.shape in (Shape.COUNT, Shape.AMOUNT, Shape.NUMBER)), None)
            if c is not None:
                found.append(self.model.index(r, c + 1))
        return found[::max(1, len(found) // count)][:count]

    def close(self) -> None:
        # Models left to the interpreter's exit can crash PySide6 as it finalizes: let them go now.
        self.model.deleteLater()
        self.model = None
        gc.collect()
        _QT.processEvents()
        self.app.close()


def save_ms(ward: _Ward, runs: int) -> float:
    from PySide6.QtCore import Qt

    cells = ward.typed_cells(max(runs, 3))
    turn = iter(range(10**9))

    def save() -> None:
        n = next(turn)
        index = cells[n % len(cells)]
        if not ward.model.setData(index, str(100 + n), Qt.ItemDataRole.EditRole):
            raise RuntimeError("the grid refused a benchmark value")

    for _ in cells:  # a first round warms SQLAlchemy's statement caches, as a clerk's first few saves do
        save()
    return median_ms(save, max(runs, 5))


def goals(runs: int) -> list[Goal]:
    out = []
    with tempfile.TemporaryDirectory(prefix="bench-grid-") as tmp:
        for units in (40, 2000):
            ward = _Ward(Path(tmp), units)
            try:
                ward.open()
                if units == 2000:
                    opened = median_ms(ward.open, runs)
                    out.append(Goal("mở bảng nhập kết quả, 2.000 đơn vị", opened, "ms", OPEN_LIMIT_MS))
                count = f"{units:,}".replace(",", ".")  # 2.000, as a Vietnamese reader writes it
                out.append(Goal(f"lưu một ô vừa gõ, {count} đơn vị", save_ms(ward, runs), "ms",
                                SAVE_LIMIT_MS[units]))
            finally:
                ward.close()
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    print_table(goals(parser.parse_args().runs))

"""The what-if panel (issue 16, item 14) on a ward of 2.000 units: how long the
window is held up (the GUI thread busy) when the panel opens, when the year read
in the worker arrives, and when the comparison of a changed rule (made in a
worker) is shown; and how long the workers take.

In-process with an offscreen QApplication, on a real SQLite file made by
``make_ward.py``. The GUI thread's goal is the 100 ms a clerk does not notice as a
freeze; the workers' marks (3 s to see the year, 1 s to see a change) are this
benchmark's own.

    python bench/bench_whatif.py [--runs 5]
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from goals import Goal, print_table  # noqa: E402
from make_ward import make_ward  # noqa: E402

FREEZE_MS = 100.0
UNITS = 2000


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def goals(runs: int) -> list[Goal]:
    from PySide6.QtWidgets import QApplication

    from thidua_desktop.gui.awards import whatif as panel
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.services.app import open_app
    from thidua_desktop.services.awards import whatif

    qt = QApplication.instance() or QApplication([])
    opening, arriving, loading, comparing, showing = [], [], [], [], []
    real_loaded = panel.WhatIfDialog._loaded

    def timed_loaded(dialog, found) -> None:  # the GUI thread's part once the worker is done
        start = time.perf_counter()
        real_loaded(dialog, found)
        arriving.append((time.perf_counter() - start) * 1000)

    panel.WhatIfDialog._loaded = timed_loaded
    with tempfile.TemporaryDirectory(prefix="bench-whatif-") as tmp:
        app = open_app(make_ward(Path(tmp) / "ward.db", units=UNITS, people=UNITS * 10), actor="bench")
        try:
            ctx = GuiContext(app, actor="bench")
            for _ in range(runs):
                start = time.perf_counter()
                dialog = panel.open_what_if(None, ctx)
                opening.append((time.perf_counter() - start) * 1000)
                while dialog.result is None:  # the worker reads the year
                    qt.processEvents()
                    time.sleep(0.005)
                loading.append((time.perf_counter() - start) * 1000)
                block, spec = dialog.basis.ranking.blocks[0][0], dialog.basis.ranking.blocks[0][0].card.criteria[0]
                changes = whatif.RuleChanges(points={(block.block_id, spec.code): spec.max_points / 2})
                start = time.perf_counter()
                result = whatif.compare(dialog.basis, changes)  # in the panel: in a worker
                comparing.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                dialog._show_result(result)  # the GUI thread's part of a comparison
                showing.append((time.perf_counter() - start) * 1000)
                dialog.reject()
                dialog.deleteLater()
                qt.processEvents()
                gc.collect()
        finally:
            app.close()
    return [
        Goal("mở bảng thử quy tắc, 2.000 đơn vị: cửa sổ bị giữ khi mở", _median(opening), "ms", FREEZE_MS),
        Goal("… khi dữ liệu của năm về (điền bảng 2.000 dòng)", _median(arriving), "ms", FREEZE_MS),
        Goal("… từ lúc bấm tới khi thấy xếp hạng (luồng phụ đọc)", _median(loading), "ms", 3000.0),
        Goal("… so sánh khi đổi một quy tắc (luồng phụ)", _median(comparing), "ms", 1000.0),
        Goal("… hiện kết quả so sánh (luồng giao diện)", _median(showing), "ms", FREEZE_MS),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    print_table(goals(parser.parse_args().runs))

"""The window never freezes on a page switch (issue 15, goal 7): at 2.000 units /
20.000 people, the longest time the event loop is blocked while each page is
opened and fills, against the goal of 100 ms.

The window runs in a child process (offscreen) on a ward made by
``make_ward.py``. A 10 ms watchdog timer on the GUI thread records the longest
gap between its ticks while a page is asked for and until its background
loads (``gui/pages/base.Loader``, and any other background read the page
started, as the scoring page's ranking) have been shown. Every page is visited twice:
first as the clerk opens it after start (its module imported then), then again
after a change of data has made every page stale (its data read again).

    python bench/bench_page_switch.py [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_scale import PEOPLE, SCALE, UNITS, _env, _measured, run_child  # noqa: E402
from goals import Goal, print_table  # noqa: E402
from make_ward import make_ward  # noqa: E402

LIMIT_MS = 100.0
WATCHDOG_MS = 10
SETTLE_MS = 300  # watched on after the page's loads have arrived
LONGEST_S = 20.0  # a page whose data has not arrived by then is reported as such


def goals(runs: int) -> list[Goal]:
    runs = max(1, min(runs, 5))
    with tempfile.TemporaryDirectory(prefix="bench-switch-") as tmp:
        folder = Path(tmp)
        db = make_ward(folder / "phuong-lon.db", UNITS, PEOPLE)
        env = _env(folder)
        probes = [json.loads(run_child(_measured([sys.executable, __file__, "--probe", str(db)]), env)[2])
                  for _ in range(runs)]
    rows = []
    for visit, label in (("first", "lần đầu"), ("again", "sau khi dữ liệu đổi")):
        per_page: dict[str, list[float]] = {}
        for probe in probes:
            for page, gap in probe[visit].items():
                per_page.setdefault(page, []).append(gap)
        medians = {page: statistics.median(gaps) for page, gaps in per_page.items()}
        for page, gap in medians.items():
            print(f"  {label:<20} {page:<28} {gap:7.0f} ms", file=sys.stderr)
        worst_page, worst = max(medians.items(), key=lambda x: x[1])
        rows.append(Goal(f"chuyển trang ({label}): cửa sổ đứng lâu nhất, trang “{worst_page}”, {SCALE}",
                         worst, "ms", LIMIT_MS))
    return rows


def probe(db: Path) -> dict:
    from PySide6.QtCore import QEventLoop, QTimer

    from thidua_desktop.gui import operations as ops
    from thidua_desktop.gui.pages.base import Loader
    from window_probe import Heartbeat, open_window

    qt, opened, ctx, window = open_window(db)
    beat = Heartbeat(WATCHDOG_MS)

    def busy() -> bool:
        # a worker still running counts too: its result is shown on this page, not the next one's
        return any(loader.busy for loader in window.findChildren(Loader)) or bool(ops._RUNNING)

    def watch(action) -> float:
        """Longest gap (ms) from ``action`` until its loads have arrived and settled."""
        loop = QEventLoop()
        start = time.perf_counter()
        quiet_since: list[float] = []

        def check() -> None:
            now = time.perf_counter()
            if busy():
                quiet_since.clear()
            elif not quiet_since:
                quiet_since.append(now)
            if (quiet_since and now - quiet_since[0] > SETTLE_MS / 1000) or now - start > LONGEST_S:
                loop.quit()

        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(check)
        QTimer.singleShot(0, action)
        poll.start()
        beat.reset()
        loop.exec()
        poll.stop()
        if busy():
            raise RuntimeError("a page's data did not arrive in time")
        return beat.longest_ms

    watch(lambda: None)  # the first page, shown at start, fills
    first, again = {}, {}
    entries = list(zip(window.page_ids(), window._entries))
    for page_id, entry in entries:
        first[entry.title] = watch(lambda p=page_id: window.show_page(p))
    window.show_page(entries[0][0])
    watch(lambda: ctx.changed("*"))  # every page stale; the one shown reloads
    for page_id, entry in entries[1:] + entries[:1]:
        again[entry.title] = watch(lambda p=page_id: window.show_page(p))
    beat.stop()
    window.close()
    opened.close()
    del qt
    return {"first": first, "again": again}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe is not None:
        print(json.dumps(probe(args.probe)))
        return 0
    print_table(goals(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

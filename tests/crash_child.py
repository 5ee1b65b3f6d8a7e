"""The process ``test_crash_safety`` kills: one large user action on a ward database.

Run as ``python crash_child.py MODE DATABASE [FILE]``. It prints ``writing``
when the action starts, ``copied SECONDS`` once the backup copy before an import
is made (the write transaction follows), and ``done SECONDS`` if it finishes
before the parent's SIGKILL.

MODE ``people`` / ``units``: the Excel import of issue 3 (preview, then apply);
MODE ``results``: saving the results grid of issue 4 (every result of every
period changed in one save, as the grid's “Lưu” does);
MODE ``restore``: restoring a backup copy (issue 7) over the ward's data.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

MARK = "ghi-lan-nay"  # the note every cell of a results save gets


def main(mode: str, database: str, file: str | None = None) -> None:
    from sqlalchemy import select

    from thidua_desktop.services.registry import excel as rx
    from thidua_desktop.services.results import entry as rs
    from thidua_desktop.services.app import open_app
    from thidua_desktop.services.results import evaluation as ev
    from thidua_desktop.storage.models import Period, Result

    opened = open_app(database, actor="thử mất điện")
    db = opened.db
    started = time.perf_counter()
    # after the backup copy taken before an import: the write transaction comes next
    db.checkpoint_hooks.append(lambda _db, _reason: print(f"copied {time.perf_counter() - started:.3f}",
                                                          flush=True))
    if mode in ("people", "units"):
        preview = getattr(rx, f"preview_{mode}_import")(db, Path(file))
        assert preview.ok, preview.summary()
        print("writing", flush=True)
        started = time.perf_counter()
        getattr(rx, f"apply_{mode}_import")(db, preview)
    elif mode == "results":
        with db.read() as session:
            periods = list(session.scalars(select(Period.id)))
        print("writing", flush=True)
        started = time.perf_counter()
        print("copied 0.000", flush=True)  # a grid save takes no copy first
        with db.transaction(reason="Lưu bảng kết quả") as session:
            for period_id in periods:
                period = session.get(Period, period_id)
                rows = session.scalars(select(Result).where(Result.period_id == period_id)).all()
                changes = []
                for r in rows:
                    kind = ev.MEASURE if r.measure_id is not None else ev.CRITERION
                    key = rs.CellKey(r.unit_id, kind, r.measure_id or r.criterion_id)
                    changes.append(rs.CellChange(key, note=MARK))
                rs.apply_changes(session, period, changes, "manual", reason="Lưu bảng kết quả")
    elif mode == "restore":
        from thidua_desktop.services.safety import restore

        def progress(done: int, total: int, text: str = "") -> None:
            if done == 2:  # the copy of the current data is made; the replacing comes next
                print(f"copied {time.perf_counter() - started:.3f}", flush=True)

        print("writing", flush=True)
        started = time.perf_counter()
        restore.restore(db, Path(file), progress)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(f"done {time.perf_counter() - started:.3f}", flush=True)
    opened.close()


if __name__ == "__main__":
    main(*sys.argv[1:])

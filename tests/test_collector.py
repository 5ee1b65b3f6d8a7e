"""The garbage collector and the window (issue 15, goal 7). A collection holds the
interpreter's lock, so the window waits for it even when a worker runs it: a full one
over a large ward's window froze it 60–120 ms, the young one right after a page's load
40–70 ms. Page loads and builds pause it; at the end of the last pause the garbage is
collected and what is alive set aside (``gc.freeze``), so no later collection walks a
page's rows again, and nothing is set aside that is already garbage (gui/collector.py)."""
from __future__ import annotations

import gc

import pytest

from thidua_desktop.gui import collector


class _Cycle:
    def __init__(self):
        self.me = self


@pytest.fixture
def window(demo_window):
    return demo_window


def _visit_every_page(window) -> None:
    window.ctx.changed("*")
    for page_id in window.page_ids():
        window.show_page(page_id)


def test_a_page_loads_rows_are_set_aside_from_the_collector(window):
    from thidua_desktop.services.results.grid import GridCell

    page = window.show_page("targets")  # the results grid: thousands of objects made by its load
    assert page.entry.model.grid.cells
    assert gc.isenabled()
    walked = [o for o in gc.get_objects() if isinstance(o, GridCell)]  # what a collection would walk
    assert walked == []


def test_pauses_nest_and_the_last_one_collects_then_sets_aside():
    gc.collect()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            garbage = _Cycle()
            alive = _Cycle()
            del garbage
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    assert gc.get_count() == (0, 0, 0)
    assert not any(isinstance(o, _Cycle) for o in gc.get_objects())  # collected, or set aside
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    cycles = [o for o in gc.get_objects() if isinstance(o, _Cycle)]
    assert cycles == [alive]  # the garbage was collected before the rest was set aside
    assert gc.get_freeze_count() == 0 and frozen > 0


def test_reloading_every_page_sets_nothing_more_aside(window):
    """What is set aside is what lives: rows replaced on a reload are freed (they hold no
    reference cycles), so the count stays put however often the pages reload."""
    for _ in range(2):
        _visit_every_page(window)
    before = gc.get_freeze_count()
    for _ in range(3):
        _visit_every_page(window)
    after = gc.get_freeze_count()
    assert abs(after - before) < 0.02 * before, (before, after)


def test_a_pause_ended_in_a_worker_is_settled_on_the_windows_thread(qtbot):
    """Collecting a Qt object's wrapper deletes the object: only the window's thread may."""
    import threading

    collected_in = []

    def seen(phase, info):
        if phase == "start":
            collected_in.append(threading.current_thread() is threading.main_thread())

    def work():
        with collector.paused():
            _Cycle()

    gc.collect()
    gc.callbacks.append(seen)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        assert not gc.isenabled()  # still paused: the window's thread has not collected yet
        assert collected_in == []
        qtbot.waitUntil(gc.isenabled, timeout=5000)
    finally:
        gc.callbacks.remove(seen)
    assert collected_in and all(collected_in)
    assert not any(isinstance(o, _Cycle) for o in gc.get_objects())

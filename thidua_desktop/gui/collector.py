"""Python's garbage collector and the window (issue 15, goal 7).

A collection holds the interpreter's lock, so the window's thread waits for it even
when a worker runs it. At a large ward (2.000 units, 20.000 people) a full one walked
every object of the window, some 300.000, and froze it 60–120 ms; the young one right
after a page's load walked the 100.000 objects the load had just made (40–70 ms).
Measured with ``bench/bench_scale.py``, whose heartbeat timer saw these as the
longest freezes of a page switch.

So:

- while a page's data is read or a page is built, the collector is paused
  (``paused``; counted, as loads overlap);
- when the last pause ends, the garbage is collected once and what is alive is set
  aside (``gc.freeze``): a page's rows and widgets live until its next reload, and no
  later collection walks them again;
- what start-up made (modules, the frame, the open database) is set aside as it is
  (``set_aside``): it lives as long as the app.

Set aside is not kept for ever: an object no longer used is still freed at once by
reference counting; only an object in a reference cycle would wait, and the garbage
is collected before anything is set aside. ``tests/test_collector.py`` checks that
reloading every page sets nothing more aside.

The collection runs on the window's thread, never in a worker: collecting a Qt
object's Python wrapper deletes the object, which only its own thread may do.
A pause ended in a worker asks the window's thread to collect; the collector stays
paused until it has.
"""
from __future__ import annotations

import contextlib
import gc
import threading
from typing import Iterator

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

_lock = threading.Lock()
_pauses = 0
_settler: "_Settler | None" = None


class _Settler(QObject):
    """Lives on the window's thread; a worker's ``due.emit()`` has it collect there."""

    due = Signal()

    def __init__(self):
        super().__init__()
        self.due.connect(self.settle, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def settle(self) -> None:  # a method of an object on the window's thread: called there
        _settle()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection meanwhile; when the last pause ends, collect and set aside what lives."""
    global _pauses
    with _lock:
        _pauses += 1
        if _pauses == 1:
            gc.disable()
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            last = _pauses == 0
        if last:
            _settle_on_window_thread()


def set_aside() -> None:
    """What is alive now lives as long as the app: no collection walks it again."""
    gc.freeze()


def _settle_on_window_thread() -> None:
    global _settler
    app = QCoreApplication.instance()
    if app is None or threading.current_thread() is threading.main_thread():
        _settle()
        return
    with _lock:
        if _settler is None:
            settler = _Settler()
            settler.moveToThread(app.thread())
            _settler = settler
    _settler.due.emit()


def _settle() -> None:
    with _lock:
        if _pauses or gc.isenabled():  # paused again meanwhile, or already settled
            return
        gc.collect()
        gc.freeze()
        gc.enable()

"""Python's garbage collector and the window (issue 15, goal 7)."""
from __future__ import annotations

import contextlib
import gc
import threading
from typing import Iterator

_pauses = {"count": 0}
_pauses_lock = threading.Lock()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """While a page's data is read in a worker, no full garbage collection: one walks
    every object of a large ward's window (some 300.000) holding the interpreter's lock,
    and the window froze 60–100 ms each time. Counted, as loads overlap; the reads
    make no reference cycles worth collecting meanwhile."""
    with _pauses_lock:
        _pauses["count"] += 1
        if _pauses["count"] == 1:
            gc.disable()
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses["count"] -= 1
            if _pauses["count"] == 0:
                gc.enable()

"""What the window probes of ``bench_scale.py`` and ``bench_page_switch.py`` share
(run in their child process): the main window opened on a database as the app
opens it, and a heartbeat timer on the GUI thread whose longest gap between
ticks is how long the window froze."""
from __future__ import annotations

import time
from pathlib import Path


def open_window(db: Path):
    """``(application, opened app, context, window)``: the window shown with its
    initial page opened and filled, as the app does once the frame is painted, so
    that the first page's build is start-up and not counted as a page switch."""
    from PySide6.QtWidgets import QApplication

    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow
    from thidua_desktop.gui.pages.base import wait_loaded
    from thidua_desktop.services.app import open_app

    qt = QApplication.instance() or QApplication([])
    opened = open_app(db)
    ctx = GuiContext(opened, actor="đo tốc độ")
    window = MainWindow(ctx)
    window.error_sink = lambda title, exc: (_ for _ in ()).throw(exc)
    window.show()
    window.open_initial_page()
    wait_loaded(window)
    return qt, opened, ctx, window


class Heartbeat:
    """A timer ticking every ``interval_ms`` on the GUI thread; ``longest_ms`` is the
    longest gap between two ticks since the last ``reset``."""

    def __init__(self, interval_ms: int):
        from PySide6.QtCore import QTimer

        self._last, self._longest = time.perf_counter(), 0.0
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self._longest = max(self._longest, now - self._last)
        self._last = now

    def reset(self) -> None:
        self._last, self._longest = time.perf_counter(), 0.0

    @property
    def longest_ms(self) -> float:
        return self._longest * 1000

    def stop(self) -> None:
        self._timer.stop()

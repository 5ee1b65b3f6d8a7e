"""A background read whose window is closed meanwhile still ends: nothing stays in
``ops._RUNNING`` (it was waited for on quitting, and every later test that waits for
the workers to end timed out), and nothing is shown to the widgets that are gone."""
from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QWidget

from thidua_desktop.gui import operations as ops
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.pages import scoring as scoring_page


def _destroy(qtbot, widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget))


def test_a_window_closed_while_the_ranking_is_read_leaves_nothing_running(qtbot, app, monkeypatch):
    gate = threading.Event()
    real = scoring_page._scoring_view

    def slow(session, period_id):
        assert gate.wait(30)
        return real(session, period_id)

    monkeypatch.setattr(scoring_page, "_scoring_view", slow)
    window = MainWindow(GuiContext(app, actor="văn thư"))
    window.show()
    window.show_page("scoring")
    assert ops._RUNNING  # the ranking is being read
    _destroy(qtbot, window)
    gate.set()
    qtbot.waitUntil(lambda: not ops._RUNNING)


def test_a_read_for_a_widget_gone_is_neither_shown_nor_reported(qtbot, app, monkeypatch):
    shown, reported = [], []
    monkeypatch.setattr(ops, "show_error", lambda *args: reported.append(args))
    gate = threading.Event()

    def read(_session, _progress):
        assert gate.wait(30)
        raise RuntimeError("đọc hỏng")

    widget = QWidget()
    ctx = GuiContext(app)
    for op in (lambda s, p: gate.wait(30) and "dữ liệu", read):
        operation = ops.query_in_background(widget, ctx, "Đang đọc", op, shown.append)
        operation.finished.connect(lambda ok: shown.append(ok))  # as a page re-enables its button
    _destroy(qtbot, widget)
    gate.set()
    qtbot.waitUntil(lambda: not ops._RUNNING)
    assert shown == [] and reported == []  # the failure went to the log: no window to tell it in

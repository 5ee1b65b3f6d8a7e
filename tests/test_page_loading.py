"""Pages fill in the background (issue 15, goal 7): ``gui/pages/base.Loader`` runs a
page's query in a worker, shows "Đang tải…" meanwhile, keeps only the newest load,
drops a result for a widget gone, and a change of data during a load loads again."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from thidua_desktop.errors import UserError
from thidua_desktop.gui import operations as ops
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.pages import base
from thidua_desktop.gui.pages.base import LOADING_TEXT, Loader, load_in_background, wait_loaded
from thidua_desktop.services.registry import views

from registry_helpers import add_units


@pytest.fixture(autouse=True)
def loads_do_not_wait(monkeypatch):
    """The loading itself is tested here: no waiting where a load starts (conftest's)."""
    monkeypatch.setattr(Loader, "start", ORIGINAL_START)


ORIGINAL_START = Loader.start


def _gate():
    """A query that waits until the test opens its gate, then returns ``value``."""
    gate = threading.Event()

    def query(value):
        def run(_session):
            assert gate.wait(30)
            return value
        return run

    return gate, query


def test_the_page_shows_at_once_and_fills_when_the_data_arrives(qtbot, app):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    shown = []
    gate, query = _gate()
    loader = load_in_background(widget, GuiContext(app), query("dữ liệu"), shown.append)
    assert loader.busy and shown == []  # back to the event loop before the data is read
    assert loader.note.isVisible() and loader.note.text() == LOADING_TEXT
    gate.set()
    qtbot.waitUntil(lambda: not loader.busy)
    assert shown == ["dữ liệu"] and not loader.note.isVisible()


def test_the_newest_load_wins_and_an_overtaken_result_is_dropped(qtbot, app):
    widget = QWidget()
    qtbot.addWidget(widget)
    shown = []
    ctx = GuiContext(app)
    old_gate, old = _gate()
    new_gate, new = _gate()
    load_in_background(widget, ctx, old("cũ"), shown.append)
    loader = load_in_background(widget, ctx, new("mới"), shown.append)
    new_gate.set()
    qtbot.waitUntil(lambda: not loader.busy)
    old_gate.set()  # the older read ends last: it must not cover the newer one
    qtbot.waitUntil(lambda: not ops._RUNNING)
    assert shown == ["mới"]


def test_a_result_for_a_widget_gone_meanwhile_is_dropped(qtbot, app):
    widget = QWidget()
    shown = []
    gate, query = _gate()
    load_in_background(widget, GuiContext(app), query("dữ liệu"), shown.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not base.shiboken6.isValid(widget))
    gate.set()
    qtbot.waitUntil(lambda: not ops._RUNNING)
    assert shown == []


def test_a_failure_is_shown_once_and_the_page_is_no_longer_loading(qtbot, app, monkeypatch):
    reported = []
    monkeypatch.setattr(base, "show_error", lambda parent, exc, title: reported.append((title, str(exc))))
    widget = QWidget()
    qtbot.addWidget(widget)

    def broken(_session):
        raise UserError("Không đọc được tệp dữ liệu.")

    loader = load_in_background(widget, GuiContext(app), broken, lambda data: pytest.fail("shown"))
    qtbot.waitUntil(lambda: not loader.busy)
    assert reported == [("Không đọc được dữ liệu", "Không đọc được tệp dữ liệu.")]


def _window(qtbot, app):
    window = MainWindow(GuiContext(app, actor="văn thư"))
    qtbot.addWidget(window)
    window.show()
    return window


def test_switching_pages_while_a_list_loads_then_coming_back_shows_it(qtbot, app, monkeypatch):
    add_units(app.db, "Trường Mầm non Hoa Sen", "Tổ dân phố số 4")
    gate, _ = _gate()
    real = views.units_view

    def slow(session):
        assert gate.wait(30)
        return real(session)

    window = _window(qtbot, app)
    wait_loaded(window)
    from thidua_desktop.gui.registry import tabs

    monkeypatch.setattr(tabs.UnitsTab, "query", staticmethod(slow))
    page = window.show_page("units")
    assert page.units.loader.busy and page.units.model.rowCount() == 0
    window.show_page("settings")  # away while the list is read
    gate.set()
    assert wait_loaded(window)
    window.show_page("units")
    assert sorted(r.name for r in page.units.model.rows()) == ["Trường Mầm non Hoa Sen", "Tổ dân phố số 4"]


def test_a_change_of_data_during_a_load_loads_again(qtbot, app, monkeypatch):
    add_units(app.db, "Trường Mầm non Hoa Sen")
    window = _window(qtbot, app)
    page = window.show_page("units")
    assert wait_loaded(window)
    gate, _ = _gate()
    real = views.units_view
    calls = []

    def slow(session):
        calls.append(1)
        if len(calls) == 1:
            assert gate.wait(30)  # the first read began before the unit below was added
        return real(session)

    from thidua_desktop.gui.registry import tabs

    monkeypatch.setattr(tabs.UnitsTab, "query", staticmethod(slow))
    page.units.refresh()
    add_units(app.db, "Tổ dân phố số 4")
    window.ctx.changed("units")  # as every write through ops.change announces
    assert wait_loaded(window)  # the second read, begun after the change, is shown
    gate.set()
    qtbot.waitUntil(lambda: not ops._RUNNING)
    assert len(calls) == 2
    assert sorted(r.name for r in page.units.model.rows()) == ["Trường Mầm non Hoa Sen", "Tổ dân phố số 4"]


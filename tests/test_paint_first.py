"""The window paints its frame before the database is opened (issue 15, goal 2):
the frame says honestly that the data is being opened, the sign-in comes over
the painted frame, and the opening's errors end the run as before."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel

from thidua_desktop import APP_NAME
from thidua_desktop.gui import login
from thidua_desktop.gui.app import main as gui_main
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import OPENING_TEXT, MainWindow


def test_the_frame_shows_no_data_until_the_database_is_attached(qtbot, app):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == APP_NAME
    assert not window.nav.isEnabled()
    go_to = window.menuBar().actions()[1].menu().actions()
    assert not any(action.isEnabled() for action in go_to)  # nor their shortcuts
    shown = window.stack.currentWidget()
    assert isinstance(shown, QLabel) and shown.text() == OPENING_TEXT
    window.attach(GuiContext(app, actor="kiểm thử"))
    assert window.nav.isEnabled() and all(action.isEnabled() for action in go_to)
    assert app.db.display_name in window.windowTitle()
    window.open_initial_page()
    assert window.pages[window.current_page_id()].isVisible()


def test_sign_in_comes_over_the_painted_frame(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the window's hook is not left behind
    seen = []

    def sign_in(opened, parent):
        seen.append((type(parent), parent.isVisible(), parent.nav.isEnabled(), parent.ctx))
        return False  # the clerk cancels: the run ends quietly

    monkeypatch.setattr(login, "sign_in", sign_in)
    assert gui_main(["--db", str(db_path)]) == 0
    assert seen == [(MainWindow, True, False, None)]


def test_a_second_instance_says_the_database_is_open_and_exits(app, db_path, capsys):
    assert gui_main(["--db", str(db_path), "--measure-startup"]) == 1  # ``app`` holds the lock
    out, err = capsys.readouterr()
    assert "đang được mở ở một cửa sổ chương trình khác" in err
    assert "first_paint" in out and "first_page" not in out


def test_a_window_never_painted_still_opens_its_data(qtbot):
    """A shortcut set to start minimised gives the window no paint: the data
    is opened after a short wait all the same, and only once."""
    window = MainWindow()
    qtbot.addWidget(window)  # never shown, so never painted
    steps = []
    window.after_first_paint(lambda: steps.append("mở"))
    qtbot.waitUntil(lambda: steps == ["mở"], timeout=5000)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    assert steps == ["mở"]

"""Windows fit the office screen (issue 16, item 2): nothing opens taller than the
work area of a 1366×768 screen, and the main window remembers its geometry per screen."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QWidget

from thidua_desktop.gui import screen
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.screen import window_settings

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 with the taskbar
MONITOR = QRect(0, 0, 1920, 1040)


@pytest.fixture
def work_area(monkeypatch):
    area = {"now": LAPTOP}
    monkeypatch.setattr(screen, "available", lambda widget: area["now"])
    return area


def test_a_dialog_asked_taller_than_the_screen_fits_in_it(qtbot, work_area):
    dialog = QWidget()
    qtbot.addWidget(dialog)
    screen.fit(dialog, QSize(1100, 800))
    assert dialog.height() <= LAPTOP.height() and dialog.width() <= LAPTOP.width()
    assert LAPTOP.contains(QRect(dialog.pos(), dialog.size()))


def test_first_window_on_a_laptop_is_maximised_on_a_monitor_1200x760(qtbot, work_area):
    small = MainWindow()
    qtbot.addWidget(small)
    assert small.windowState() & Qt.WindowState.WindowMaximized
    work_area["now"] = MONITOR
    large = MainWindow()
    qtbot.addWidget(large)
    assert not large.windowState() & Qt.WindowState.WindowMaximized
    assert (large.width(), large.height()) == (1200, 760)


def test_geometry_is_remembered_per_screen_size(qtbot, work_area, monkeypatch):
    work_area["now"] = MONITOR
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1500, 900)
    window.save_state()
    assert window_settings().value("main/geometry/1920x1040") is not None
    assert window_settings().value("main/geometry/1366x728") is None
    saved = window_settings().value("main/geometry/1920x1040")
    restored = []
    monkeypatch.setattr(MainWindow, "restoreGeometry", lambda self, data: restored.append(bytes(data)) or True)
    again = MainWindow()
    qtbot.addWidget(again)
    assert restored == [bytes(saved)]  # (the test screen itself is smaller: Qt would clamp the size)
    monkeypatch.undo()
    monkeypatch.setattr(screen, "available", lambda widget: work_area["now"])
    work_area["now"] = LAPTOP
    laptop = MainWindow()
    qtbot.addWidget(laptop)
    assert laptop.windowState() & Qt.WindowState.WindowMaximized

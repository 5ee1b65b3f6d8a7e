"""Windows sized to the screen they open on (issue 16, item 2).

The common office screen is 1366×768, whose work area (taskbar excluded) is
about 1366×728: a window asked for at a fixed 1200×760 or 1100×800 runs under
the taskbar. Every window here is sized within the available geometry of its
screen, and the main window remembers its geometry per screen size, so the
same profile on a laptop and on a large monitor each get their own.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ..paths import data_dir

def window_settings() -> QSettings:
    """Window size, position and last page: per user, beside the data."""
    return QSettings(str(data_dir() / "cua-so.ini"), QSettings.Format.IniFormat)


# Below this work area a main window is more useful maximised than floating.
SMALL = QSize(1280, 800)


def available(widget: QWidget) -> QRect:
    """The work area (taskbar excluded) of the screen ``widget`` is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit(widget: QWidget, wanted: QSize, share: float = 0.95) -> None:
    """Resize ``widget`` to ``wanted`` bounded by ``share`` of the work area, centred in it."""
    area = available(widget)
    size = wanted.boundedTo(QSize(int(area.width() * share), int(area.height() * share)))
    widget.resize(size)
    frame = QRect(0, 0, size.width(), size.height())
    frame.moveCenter(area.center())
    widget.move(frame.topLeft())


def fit_lines(widget: QWidget, chars: int = 80) -> None:
    """A window of wrapped text: wide enough for lines of about ``chars`` characters, as tall
    as they then need, within the screen (left to itself a wrapped label asks for ~280 pixels)."""
    width = widget.fontMetrics().horizontalAdvance("x" * chars)
    height = widget.layout().totalHeightForWidth(width)  # -1: nothing wraps
    fit(widget, QSize(width, height if height > 0 else widget.sizeHint().height()))


def _key(widget: QWidget, name: str) -> str:
    area = available(widget)
    return f"{name}/geometry/{area.width()}x{area.height()}"


def restore(widget: QWidget, settings: QSettings, name: str, wanted: QSize) -> None:
    """The geometry saved for this screen size; otherwise maximised on a small
    screen, ``wanted`` (bounded to the screen) on a larger one."""
    saved = settings.value(_key(widget, name))
    if saved is not None and widget.restoreGeometry(saved):  # Qt keeps it within the work area
        return
    area = available(widget)
    if area.width() < SMALL.width() or area.height() < SMALL.height():
        fit(widget, area.size(), share=1.0)  # the whole work area even where maximising is ignored
        widget.setWindowState(widget.windowState() | Qt.WindowState.WindowMaximized)
        return
    fit(widget, wanted)


def save(widget: QWidget, settings: QSettings, name: str) -> None:
    settings.setValue(_key(widget, name), widget.saveGeometry())

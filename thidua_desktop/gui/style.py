"""The app's light touches over the native style: ``resources/style.qss``.

Only what the platform does not already do well is styled (page headings, the
navigation's chosen page, group titles, empty-list hints, the menu arrow of a
toolbar button); everything else keeps the clerk's Windows look.
"""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ..paths import resource

SPACING = 6  # px between the widgets of a page, and around an empty list's hint


def stylesheet() -> str:
    return resource("style.qss").read_text(encoding="utf-8")


def install(app: QApplication) -> None:
    """Once, at start: the sheet over whatever native style the platform chose."""
    app.setStyleSheet(stylesheet())

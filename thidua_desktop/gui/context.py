"""What every page shares: the open database, who is signed in, and a signal
that tells open pages to refresh after a change elsewhere."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..services.app import OpenedApp


class GuiContext(QObject):
    # Emitted after a change is saved; the argument names the area
    # ("units", "results", "plan", "awards", "settings", …) or "*" for all.
    data_changed = Signal(str)

    def __init__(self, app: OpenedApp, actor: str = ""):
        super().__init__()
        self.app = app
        self.actor = actor
        app.db.actor = actor

    @property
    def db(self):
        return self.app.db

    def changed(self, area: str) -> None:
        self.data_changed.emit(area)

"""The age of the newest backup, in the main window's status bar.

Green when recent, amber when older than the automatic-backup interval, red when
there is none or it is more than a week old. A click opens the backup tab.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel

from ..services.safety import backup_status
from . import operations as ops

REFRESH_MS = 60_000


def _age(db) -> backup_status.BackupAge | None:
    try:
        return backup_status.backup_age(db)
    except Exception:  # the status bar never interrupts the clerk
        return None


class BackupStatus(QLabel):
    backed_up = Signal()  # a copy was made before a risky change, maybe in a worker thread

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupStatus")
        self.linkActivated.connect(self._open_backup_tab)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        ctx.data_changed.connect(lambda area: self.refresh() if area in ("backup", "*") else None)
        self.backed_up.connect(self.refresh)
        ops.when_backed_up(ctx, self.backed_up)
        self.refresh()

    def refresh(self) -> None:
        status = ops.with_database(None, self.ctx, _age)
        if status is None:
            return
        if status.server:
            self.setText("Sao lưu: bằng công cụ của máy chủ")
            self.setToolTip("Dữ liệu nằm trên máy chủ; hãy sao lưu bằng công cụ của máy chủ cơ sở dữ liệu.")
            return
        made, age = status.made, status.age
        if age is None or age > dt.timedelta(days=7):
            colour = "#b3261e"
        elif age > dt.timedelta(hours=status.max_age_hours):
            colour = "#a15c00"
        else:
            colour = "#1e6b33"
        self.setText(f"<a href='backup' style='color:{colour}; text-decoration:none'>"
                     f"Sao lưu: {status.described}</a>")
        self.setToolTip((f"Bản sao lưu gần nhất lúc {made:%H:%M %d/%m/%Y}. " if made else "")
                        + "Bấm để xem các bản sao lưu hoặc sao lưu ngay.")

    def _open_backup_tab(self, _link: str) -> None:
        window = self.window()
        if hasattr(window, "show_page"):
            page = window.show_page("audit")
            if hasattr(page, "show_tab"):
                page.show_tab("backup")

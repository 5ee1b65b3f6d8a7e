"""The age of the newest backup, in the main window's status bar.

Green when recent, amber when older than the automatic-backup interval, red when
there is none or it is more than a week old. A click opens the backup tab.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from ..services.safety import backup
from ..services import settings as settings_service
from ..storage.models import now

REFRESH_MS = 60_000


class BackupStatus(QLabel):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupStatus")
        self.linkActivated.connect(self._open_backup_tab)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        ctx.data_changed.connect(lambda area: self.refresh() if area in ("backup", "*") else None)
        self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        if db.path is None:
            self.setText("Sao lưu: bằng công cụ của máy chủ")
            self.setToolTip("Dữ liệu nằm trên máy chủ; hãy sao lưu bằng công cụ của máy chủ cơ sở dữ liệu.")
            return
        try:
            made = backup.last_backup_time(db)
            with db.read() as session:
                hours = int(settings_service.get(session, "backup.max_age_hours"))
        except Exception:  # the status bar never interrupts the clerk
            return
        age = (now() - made) if made else None
        if age is None or age > dt.timedelta(days=7):
            colour = "#b3261e"
        elif age > dt.timedelta(hours=hours):
            colour = "#a15c00"
        else:
            colour = "#1e6b33"
        self.setText(f"<a href='backup' style='color:{colour}; text-decoration:none'>"
                     f"Sao lưu: {backup.describe_age(made)}</a>")
        self.setToolTip((f"Bản sao lưu gần nhất lúc {made:%H:%M %d/%m/%Y}. " if made else "")
                        + "Bấm để xem các bản sao lưu hoặc sao lưu ngay.")

    def _open_backup_tab(self, _link: str) -> None:
        window = self.window()
        if hasattr(window, "show_page"):
            page = window.show_page("audit")
            if hasattr(page, "show_tab"):
                page.show_tab("backup")

"""Sao lưu và phục hồi: back up now, to a USB stick, restore, and the safety settings."""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import settings as declared
from ...domain.roles import Action
from ...domain.text import format_number
from ...services.safety import backup, backup_status, restore
from .. import operations as ops
from ..access import allowed, restrict
from ..empty import hint_when_empty
from ..login import sign_in_after_restore
from ..tablemodel import Column, RowTableModel, tidy_table


class BackupTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.last_report: restore.RestoreReport | None = None
        self.overview: backup_status.BackupOverview | None = None  # what the last refresh read
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("backupSummary")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.backup_now = QPushButton("Sao lưu ngay")
        self.backup_to = QPushButton("Sao lưu ra USB hoặc thư mục khác…")
        self.restore_file = QPushButton("Phục hồi từ tệp sao lưu…")
        self.open_folder = QPushButton("Mở thư mục sao lưu")
        for b in (self.backup_now, self.backup_to, self.restore_file, self.open_folder):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.model = RowTableModel([
            Column("Thời điểm", lambda b: b.made_at, display=lambda v: v.strftime("%d/%m/%Y %H:%M:%S")),
            Column("Loại", lambda b: b.kind_label),
            Column("Dung lượng", lambda b: b.size, display=lambda v: f"{format_number(v / 1048576, 1)} MB"),
            Column("Tệp", lambda b: b.path.name, tooltip=lambda b: str(b.path)),
            Column("Thời gian giữ", lambda b: b.retention(self._keep_last)),
        ])
        self._keep_last = 10
        self.view = QTableView()
        self.view.setObjectName("backupsView")
        self.view.setModel(self.model)
        tidy_table(self.view, single=True)
        hint_when_empty(self.view, "Chưa có bản sao lưu nào. Bấm “Sao lưu ngay” để tạo bản đầu tiên.")
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(QLabel("Các bản sao lưu trong thư mục sao lưu (mới nhất trước):"))
        layout.addWidget(self.view, 1)
        self.restore_selected = QPushButton("Phục hồi bản đã chọn…")
        row = QHBoxLayout()
        row.addWidget(self.restore_selected)
        row.addStretch(1)
        layout.addLayout(row)

        self.settings_group = QGroupBox("Cài đặt an toàn dữ liệu")
        form = QFormLayout(self.settings_group)
        self.spins: dict[str, QSpinBox] = {}
        for key in backup_status.SAFETY_SETTINGS:
            spec = declared.spec(key)
            spin = QSpinBox()
            spin.setRange(int(spec.minimum or 0), int(spec.maximum or 1_000_000))
            spin.setToolTip(spec.help)
            spin.setGroupSeparatorShown(True)
            self.spins[key] = spin
            form.addRow(spec.label + ":", spin)
        self.save_settings = QPushButton("Lưu cài đặt")
        self.settings_note = QLabel()
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_settings)
        save_row.addWidget(self.settings_note, 1)
        form.addRow(save_row)
        layout.addWidget(self.settings_group)

        self.backup_now.clicked.connect(self.do_backup)
        self.backup_to.clicked.connect(self.do_backup_elsewhere)
        self.restore_file.clicked.connect(self.do_restore_file)
        self.restore_selected.clicked.connect(self.do_restore_selected)
        self.view.doubleClicked.connect(lambda _i: self.do_restore_selected())
        self.open_folder.clicked.connect(self.do_open_folder)
        self.save_settings.clicked.connect(self.do_save_settings)
        restrict(ctx, Action.BACKUP, self.backup_now, self.backup_to)
        restrict(ctx, Action.RESTORE, self.restore_file, self.restore_selected)
        restrict(ctx, Action.SETTINGS, self.save_settings, *self.spins.values())

    # --- showing ------------------------------------------------------------
    def refresh(self) -> None:
        view = ops.with_database(self, self.ctx, backup_status.backup_overview)
        if view is ops.FAILED:
            return
        self.overview = view
        for key, spin in self.spins.items():
            spin.setValue(view.settings[key])
        self._keep_last = view.settings["backup.keep_last"]
        if view.server_backend:
            for w in (self.backup_now, self.backup_to, self.restore_file, self.open_folder,
                      self.restore_selected, self.view):
                w.setEnabled(False)
            self.status.setText(f"Dữ liệu nằm trên máy chủ ({view.server_backend}). Hãy sao lưu và "
                                "phục hồi bằng công cụ của máy chủ cơ sở dữ liệu (với PostgreSQL: pg_dump, "
                                "pg_restore).")
            return
        rows = view.copies
        self.model.set_rows(rows)
        made = view.last
        when = f"lúc {made:%H:%M ngày %d/%m/%Y} ({backup.describe_age(made)})" if made else "chưa có"
        self.status.setText(
            f"<b>Bản sao lưu gần nhất:</b> {when}.<br>"
            f"Thư mục sao lưu: {html.escape(str(view.folder))} — {len(rows)} bản. "
            "Chương trình tự sao lưu khi mở (nếu bản gần nhất đã cũ), trước mỗi lần nhập dữ liệu, "
            "nâng cấp và phục hồi.<br>"
            f"<b>Thời gian giữ:</b> {html.escape(backup.retention_summary(self._keep_last))}<br>"
            "Nên sao lưu thêm ra USB định kỳ.")
        self.restore_selected.setEnabled(bool(rows) and allowed(self.ctx, Action.RESTORE))

    def _selected(self) -> backup.BackupFile | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # --- dialogs (methods, so tests can answer them) --------------------------
    def _read(self) -> backup_status.BackupOverview | None:
        if self.overview is None:
            self.refresh()
        return self.overview

    def ask_destination(self) -> Path | None:
        view = self._read()
        if view is None:
            return None
        path, _ = QFileDialog.getSaveFileName(self, "Sao lưu ra tệp", view.suggested_name, "Bản sao lưu (*.db)")
        return Path(path) if path else None

    def ask_backup_file(self) -> Path | None:
        view = self._read()
        if view is None:
            return None
        path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp sao lưu", str(view.folder),
                                              "Bản sao lưu (*.db);;Mọi tệp (*)")
        return Path(path) if path else None

    def confirm_restore(self, info: restore.BackupInfo) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, "Phục hồi dữ liệu",
                          "Thay toàn bộ dữ liệu hiện tại bằng dữ liệu của bản sao lưu này?", parent=self)
        rows = "".join(f"<tr><td style='padding-right:12px; white-space:nowrap'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                       for k, _, v in (line.partition(": ") for line in info.lines()))
        box.setInformativeText(f"<table>{rows}</table><p>Dữ liệu hiện tại sẽ được sao lưu trước khi phục hồi, "
                               "nên vẫn lấy lại được nếu cần.</p>")
        layout = box.layout()  # wide enough for one line per fact
        layout.addItem(QSpacerItem(620, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
                       layout.rowCount(), 0, 1, layout.columnCount())
        yes = box.addButton("Phục hồi", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    # --- actions --------------------------------------------------------------
    def do_backup(self) -> None:
        ops.database_in_background(
            self, self.ctx, "Đang sao lưu…",
            lambda db, progress: backup.create_backup(db, kind=backup.MANUAL, reason="Sao lưu thủ công"),
            on_done=self._backed_up, cancellable=False)

    def do_backup_elsewhere(self) -> None:
        destination = self.ask_destination()
        if destination is None:
            return
        ops.database_in_background(
            self, self.ctx, "Đang sao lưu…",
            # the save dialog has asked before replacing a file; a file that is not a
            # backup of this database is refused all the same
            lambda db, progress: backup.create_backup(db, kind=backup.MANUAL, reason="Sao lưu ra tệp",
                                                      destination=destination, overwrite=True),
            on_done=self._backed_up, cancellable=False)

    def _backed_up(self, path: Path) -> None:
        self.ctx.changed("backup")
        self.refresh()
        self.tell("Đã sao lưu", f"Đã sao lưu dữ liệu vào:\n{path}")

    def do_open_folder(self) -> None:
        view = self._read()
        if view is None or view.folder is None:
            return
        folder = view.folder
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def do_restore_file(self) -> None:
        path = self.ask_backup_file()
        if path is not None:
            self.restore_from(path)

    def do_restore_selected(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.restore_from(chosen.path)

    def restore_from(self, path: Path) -> None:
        info = ops.with_database(self, self.ctx, lambda db: restore.inspect_for_restore(db, path),
                               title="Không phục hồi từ tệp này")
        if info is ops.FAILED or not self.confirm_restore(info):
            return
        ops.database_in_background(self, self.ctx, "Đang phục hồi dữ liệu…",
                                   lambda db, progress: restore.restore(db, path, progress),
                                   on_done=self._restored, cancellable=False)

    def _restored(self, report: restore.RestoreReport) -> None:
        self.last_report = report
        window = self.window()
        if not sign_in_after_restore(self.ctx, window):
            window.close()
            return
        self.ctx.changed("*")
        self.refresh()
        self.tell("Đã phục hồi", report.message())

    def do_save_settings(self) -> None:
        values = {key: spin.value() for key, spin in self.spins.items()}
        if ops.change(self, self.ctx, "Đổi cài đặt sao lưu và tệp nhập",
                      lambda s: backup_status.save_safety_settings(s, values), refresh="settings",
                      title="Không lưu được cài đặt") is ops.FAILED:
            return
        self.settings_note.setText("Đã lưu.")


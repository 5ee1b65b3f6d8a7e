"""Đơn vị, khối, cá nhân: the ward's participants in four tabs, with Excel
import (previewed row by row before anything is written), export and blank
templates.

Everything the page asks or tells goes through a few methods (``confirm``,
``tell``, ``open_dialog``, ``review_import``) so that a test can answer in
the clerk's place; every change is one audited transaction through ``write``
(``ops.change``), every read one ``ops.query``; the workbooks are read and
written in the background (``ops.database_in_background``)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from ...services.registry import excel as registry_excel
from ...services.xlsx.importing import Outcome
from .. import operations as ops
from ..dialogs import FormDialog
from ..files import open_path, save_path
from ..import_preview import ImportPreviewDialog
from ..operations import Operation
from ..registry.tabs import BlocksTab, PeopleTab, RegistrationsTab, RegistryTab, UnitsTab
from .base import TabbedPage

XLSX = "Tệp Excel (*.xlsx)"


class UnitsPage(TabbedPage):
    areas = ("units", "plan", "awards")  # awards: the year's ratings shown beside people

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, "registryTabs", parent)
        self.units = self.add_tab(UnitsTab(self), "Đơn vị")
        self.blocks = self.add_tab(BlocksTab(self), "Khối thi đua")
        self.people = self.add_tab(PeopleTab(self), "Cá nhân")
        self.registrations = self.add_tab(RegistrationsTab(self), "Đăng ký thi đua")
        self.operation: Operation | None = None  # the last background task (tests wait on it)

    def data_written(self) -> None:
        """After a change: every tab reloads when next shown, other pages too."""
        self.ctx.changed("units")

    # --- asking and telling (tests answer in the clerk's place) -----------------------
    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        yes = box.addButton("Có", QMessageBox.ButtonRole.YesRole)  # a question: Có / Không, as everywhere
        box.addButton("Không", QMessageBox.ButtonRole.NoRole)
        box.exec()
        return box.clickedButton() is yes

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def open_dialog(self, dialog: FormDialog) -> FormDialog | None:
        """Show a form; the form itself when the clerk saved, else None."""
        return dialog if dialog.exec() else None

    def review_import(self, preview) -> bool:
        return ImportPreviewDialog(self, preview).exec()

    def ask_open(self, title: str) -> Path | None:
        return open_path(self, title, XLSX)

    def ask_save(self, title: str, name: str) -> Path | None:
        return save_path(self, title, name, XLSX)

    def write(self, reason: str, change: Callable[[Any], Any]) -> Any:
        """``change(session)`` as one audited transaction (``ops.change``); its result
        (True for None), or None once the refusal was shown and nothing written."""
        result = ops.change(self, self.ctx, reason, change, refresh="units")
        if result is ops.FAILED:
            return None
        return True if result is None else result

    # --- Excel ------------------------------------------------------------------------
    def import_units(self, path: Path | None = None) -> None:
        self._import(path, "đơn vị", registry_excel.preview_units_import, registry_excel.apply_units_import,
                     self.units)

    def import_people(self, path: Path | None = None) -> None:
        self._import(path, "cá nhân", registry_excel.preview_people_import, registry_excel.apply_people_import,
                     self.people)

    def _import(self, path: Path | None, what: str, preview_fn, apply_fn, tab: RegistryTab) -> None:
        path = path or self.ask_open(f"Chọn tệp Excel danh sách {what}")
        if path is None:
            return

        def reviewed(preview) -> None:
            accepted = self.review_import(preview)
            if not preview.ok:
                tab.say(f"Tệp “{path.name}” có {len(preview.errors)} dòng lỗi; chưa nhập gì.", "error")
                return
            if not accepted:
                tab.say("Chưa nhập gì.", "note")
                return
            if not any(r.outcome in (Outcome.NEW, Outcome.UPDATE) for r in preview.rows):
                tab.say("Không có gì thay đổi.", "note")
                return
            self.operation = ops.database_in_background(
                self, self.ctx, f"Nhập danh sách {what}", lambda db, progress: apply_fn(db, preview, progress),
                on_done=done, cancellable=False)

        def done(message: str) -> None:
            self.data_written()
            tab.say(message)

        self.operation = ops.database_in_background(self, self.ctx, f"Đọc tệp {path.name}",
                                                    lambda db, progress: preview_fn(db, path, progress),
                                                    on_done=reviewed)

    def export_units(self, path: Path | None = None) -> None:
        self._write_file(path, "Xuất danh sách đơn vị", "danh sách đơn vị.xlsx", registry_excel.export_units,
                         self.units, "đơn vị")

    def export_people(self, path: Path | None = None) -> None:
        self._write_file(path, "Xuất danh sách cá nhân", "danh sách cá nhân.xlsx", registry_excel.export_people,
                         self.people, "người")

    def units_template(self, path: Path | None = None) -> None:
        self._write_file(path, "Tạo tệp mẫu danh sách đơn vị", "mẫu danh sách đơn vị.xlsx",
                         lambda db, p, progress: registry_excel.write_units_template(db, p), self.units, "")

    def people_template(self, path: Path | None = None) -> None:
        self._write_file(path, "Tạo tệp mẫu danh sách cá nhân", "mẫu danh sách cá nhân.xlsx",
                         lambda db, p, progress: registry_excel.write_people_template(db, p), self.people, "")

    def _write_file(self, path: Path | None, title: str, name: str, write, tab: RegistryTab, noun: str) -> None:
        path = path or self.ask_save(title, name)
        if path is None:
            return

        def done(result) -> None:
            count = f" ({result} {noun})" if noun and isinstance(result, int) else ""
            tab.say(f"Đã lưu tệp {path}{count}.")

        self.operation = ops.database_in_background(self, self.ctx, title,
                                                    lambda db, progress: write(db, path, progress),
                                                    on_done=done, cancellable=False)



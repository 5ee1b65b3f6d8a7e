"""The areas of the main window, in navigation order.

Each entry names the class that builds the page (imported only when the page is
first shown, so the window opens fast) or, for an area not built yet, what the
area will hold; such a page says plainly that it is not built.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtWidgets import QStyle


@dataclass(frozen=True)
class PageEntry:
    page_id: str
    title: str
    icon: QStyle.StandardPixmap
    factory: str | None  # "module:Class" under thidua_desktop.gui.pages
    planned: str = ""  # for areas not built yet: what they will do

    def load(self):
        module, _, name = self.factory.partition(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)


SP = QStyle.StandardPixmap

PAGES: list[PageEntry] = [
    PageEntry("overview", "Tổng quan", SP.SP_ComputerIcon, "overview:OverviewPage"),
    PageEntry("steps", "Các bước trong năm", SP.SP_DialogApplyButton, "steps:StepsPage"),
    PageEntry("units", "Đơn vị, khối, cá nhân", SP.SP_DirHomeIcon, "units:UnitsPage"),
    PageEntry("targets", "Chỉ tiêu và kết quả", SP.SP_FileDialogDetailedView, "targets:TargetsPage"),
    PageEntry("scoring", "Chấm điểm, xếp hạng", SP.SP_ArrowUp, "scoring:ScoringPage"),
    PageEntry("awards", "Khen thưởng", SP.SP_DialogYesButton, "awards:AwardsPage"),
    PageEntry("documents", "Văn bản", SP.SP_FileIcon, "documents:DocumentsPage"),
    PageEntry("audit", "Nhật ký, sao lưu", SP.SP_DialogSaveButton, "audit:AuditPage"),
    PageEntry("settings", "Cài đặt", SP.SP_FileDialogInfoView, "settings:SettingsPage"),
]

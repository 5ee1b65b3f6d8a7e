"""The areas of the main window, in navigation order.

Each entry names the class that builds the page (imported only when the page is
first shown, so the window opens fast) or, for an area not built yet, what the
area will hold; such a page says plainly that it is not built.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    page_id: str
    title: str
    icon: str  # a name of gui/icons.py
    factory: str | None  # "module:Class" under thidua_desktop.gui.pages
    planned: str = ""  # for areas not built yet: what they will do

    def load(self):
        module, _, name = self.factory.partition(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)


PAGES: list[PageEntry] = [
    PageEntry("overview", "Tổng quan", "overview", "overview:OverviewPage"),
    PageEntry("steps", "Các bước trong năm", "steps", "steps:StepsPage"),
    PageEntry("units", "Đơn vị, khối, cá nhân", "units", "units:UnitsPage"),
    PageEntry("targets", "Chỉ tiêu và kết quả", "targets", "targets:TargetsPage"),
    PageEntry("scoring", "Chấm điểm, xếp hạng", "scoring", "scoring:ScoringPage"),
    PageEntry("awards", "Khen thưởng", "awards", "awards:AwardsPage"),
    PageEntry("documents", "Văn bản", "documents", "documents:DocumentsPage"),
    PageEntry("audit", "Nhật ký, sao lưu", "audit", "audit:AuditPage"),
    PageEntry("settings", "Cài đặt", "settings", "settings:SettingsPage"),
]

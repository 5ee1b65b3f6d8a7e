"""The areas of the main window, in navigation order.

Each entry names the class that builds the page (imported only when the page is
first shown, so the window opens fast) or, for an area not built yet, what the
area will hold; such a page says plainly that it is not built.
"""
from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass

# One page module imported at a time: the window's thread and the prefetch never import
# the same libraries side by side (an import holds the interpreter for tens of milliseconds).
_IMPORTING = threading.Lock()


@dataclass(frozen=True)
class PageEntry:
    page_id: str
    title: str
    icon: str  # a name of gui/icons.py
    factory: str | None  # "module:Class" under thidua_desktop.gui.pages
    planned: str = ""  # for areas not built yet: what they will do

    @property
    def module(self) -> str:
        return f"{__name__}.{self.factory.partition(':')[0]}"

    def load(self):
        with _IMPORTING:
            module = importlib.import_module(self.module)
        return getattr(module, self.factory.partition(":")[2])


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


def prefetch() -> threading.Thread:
    """Import every page's module in a background thread, in navigation order, once the
    window is open: a page's first visit then only builds its widgets (importing its
    modules, python-docx, openpyxl… on the window's thread froze it 100–300 ms). Then the
    objects alive are set aside from the garbage collector (``collector.set_aside``)."""
    def run() -> None:
        for entry in PAGES:
            if entry.factory is not None:
                with _IMPORTING:
                    try:
                        importlib.import_module(entry.module)
                    except Exception:  # the page says why when it is opened
                        pass
        from .. import collector

        collector.set_aside()  # the modules live as long as the app (see gui/collector.py)

    thread = threading.Thread(target=run, name="page-modules")
    thread.start()
    return thread

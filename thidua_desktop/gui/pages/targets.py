"""Chỉ tiêu và kết quả: entering results, their evaluation, and setting the year up.

Tabs: Nhập kết quả (the grid), Đánh giá (targets and reporting), Chỉ tiêu
(the plan's targets and measures), Giao cho đơn vị (allocations), Tiêu chí
của khối (blocks' criteria lists). Each tab reloads when it is shown after a
change; the grid is not reloaded by its own edits (it already shows them).
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..results.entry import ResultEntry
from ..results.evaluation_tab import EvaluationTab
from ..results.setup import AllocationTab, CriteriaTab, TargetsTab
from .base import TabbedPage


class TargetsPage(TabbedPage):
    areas = ("plan", "results", "units", "blocks", "settings")

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, "targetsTabs", parent)
        self.entry = self.add_tab(ResultEntry(ctx), "Nhập kết quả")
        self.evaluation = self.add_tab(EvaluationTab(ctx), "Đánh giá")
        self.targets = self.add_tab(TargetsTab(ctx), "Chỉ tiêu")
        self.allocations = self.add_tab(AllocationTab(ctx), "Giao cho đơn vị")
        self.criteria = self.add_tab(CriteriaTab(ctx), "Tiêu chí của khối")
        # The plan's list keeps its names on the page (search, proxy, count).
        self.search, self.proxy, self.count = self.targets.search, self.targets.proxy, self.targets.count
        for tab in (self.targets, self.allocations, self.criteria):
            tab.changed.connect(self._setup_changed)
        self.targets.year_known.connect(lambda year: self.heading.setText(f"Chỉ tiêu và kết quả năm {year}"))

    def _on_data_changed(self, area: str) -> None:
        if self.entry.model.notifying:
            # the grid's own edit: it shows it already; the other tabs reload when shown
            self.stale_tabs |= {self.evaluation, self.targets, self.allocations}
            return
        super()._on_data_changed(area)

    def _setup_changed(self) -> None:
        """Targets, allocations or criteria changed: everything else must reload."""
        self.stale_tabs |= set(self.all_tabs()) - {self.tabs.currentWidget()}
        self.ctx.changed("plan")

    def refresh(self) -> None:
        self.stale_tabs = set(self.all_tabs()) - {self.targets}
        self.targets.refresh()  # the heading gets the plan's year when it is read
        self.load_current()

    def load_tab(self, tab: QWidget) -> None:
        if tab is self.entry:
            self.entry.reload()  # keeps the period and view chosen (loads them the first time)
        else:
            tab.refresh()

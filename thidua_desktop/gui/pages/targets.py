"""Chỉ tiêu và kết quả: entering results, their evaluation, and setting the year up.

Tabs: Nhập kết quả (the grid), Đánh giá (targets and reporting), Chỉ tiêu
(the plan's targets and measures), Giao cho đơn vị (allocations), Tiêu chí
của khối (blocks' criteria lists). Each tab reloads when it is shown after a
change; the grid is not reloaded by its own edits (it already shows them).
"""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..results.entry import ResultEntry
from ..results.evaluation_tab import EvaluationTab
from ..results.setup import AllocationTab, CriteriaTab, TargetsTab
from .base import Page, heading


class TargetsPage(Page):
    areas = ("plan", "results", "units", "blocks", "settings")

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        layout = QVBoxLayout(self)
        self.heading = heading(title)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("targetsTabs")
        self.entry = ResultEntry(ctx)
        self.evaluation = EvaluationTab(ctx)
        self.targets = TargetsTab(ctx)
        self.allocations = AllocationTab(ctx)
        self.criteria = CriteriaTab(ctx)
        self.tabs.addTab(self.entry, "Nhập kết quả")
        self.tabs.addTab(self.evaluation, "Đánh giá")
        self.tabs.addTab(self.targets, "Chỉ tiêu")
        self.tabs.addTab(self.allocations, "Giao cho đơn vị")
        self.tabs.addTab(self.criteria, "Tiêu chí của khối")
        layout.addWidget(self.tabs, 1)
        # The plan's list keeps its names on the page (search, proxy, count).
        self.search, self.proxy, self.count = self.targets.search, self.targets.proxy, self.targets.count
        self._stale_tabs: set[QWidget] = {self.entry, self.evaluation, self.targets, self.allocations, self.criteria}
        self._loaded: set[QWidget] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        for tab in (self.targets, self.allocations, self.criteria):
            tab.changed.connect(self._setup_changed)

    def _on_data_changed(self, area: str) -> None:
        if self.entry.model.notifying:
            # the grid's own edit: it shows it already; the other tabs reload when shown
            self._stale_tabs |= {self.evaluation, self.targets, self.allocations}
            return
        super()._on_data_changed(area)

    def _setup_changed(self) -> None:
        """Targets, allocations or criteria changed: everything else must reload."""
        sender = self.tabs.currentWidget()
        self._stale_tabs |= {self.entry, self.evaluation, self.targets, self.allocations, self.criteria} - {sender}
        self.ctx.changed("plan")

    def refresh(self) -> None:
        self._stale_tabs = {self.entry, self.evaluation, self.targets, self.allocations, self.criteria}
        year = self.targets.refresh()
        self._stale_tabs.discard(self.targets)
        self.heading.setText(f"Chỉ tiêu và kết quả năm {year}")
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab not in self._stale_tabs:
            return
        self._stale_tabs.discard(tab)
        if tab is self.entry and self.entry in self._loaded:
            self.entry.reload()
        else:
            tab.refresh()
        self._loaded.add(tab)

"""Khen thưởng: nominations, the council's session and votes, the final lists and
decisions, and the catalogue with its rules — one tab each, in the order of the
year's work."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ...services import plan
from ..awards.catalogue_tab import CatalogueTab
from ..awards.council_tab import CouncilTab
from ..awards.decisions_tab import DecisionsTab
from ..awards.nominations_tab import NominationsTab
from .base import Page, heading


class AwardsPage(Page):
    areas = ("awards", "units", "people", "blocks", "results", "scoring", "settings", "plan")

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        layout = QVBoxLayout(self)
        self.heading = heading(title)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("awardsTabs")
        self.nominations = NominationsTab(ctx)
        self.council = CouncilTab(ctx)
        self.decisions = DecisionsTab(ctx)
        self.catalogue = CatalogueTab(ctx)
        self.tabs.addTab(self.nominations, "Đề nghị khen thưởng")
        self.tabs.addTab(self.council, "Hội đồng, bỏ phiếu")
        self.tabs.addTab(self.decisions, "Danh sách cuối, quyết định")
        self.tabs.addTab(self.catalogue, "Danh mục, quy tắc")
        layout.addWidget(self.tabs, 1)
        self._stale_tabs: set[QWidget] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        for tab in (self.nominations, self.council, self.decisions, self.catalogue):
            tab.changed.connect(self._tab_changed)

    def _tab_changed(self) -> None:
        """A tab saved something: every tab reloads (now or when shown), other pages too."""
        self.ctx.changed("awards")

    def refresh(self) -> None:
        with self.ctx.db.read() as session:
            year = plan.current_campaign(session).year
        self.heading.setText(f"Khen thưởng năm {year}")
        self._stale_tabs = {self.nominations, self.council, self.decisions, self.catalogue}
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab in self._stale_tabs:
            self._stale_tabs.discard(tab)
            tab.refresh()

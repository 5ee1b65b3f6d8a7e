"""Khen thưởng: nominations, the council's session and votes, the final lists and
decisions, and the catalogue with its rules — one tab each, in the order of the
year's work."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from ...services.awards import catalogue
from ..awards.catalogue_tab import CatalogueTab
from ..awards.council_tab import CouncilTab
from ..awards.decisions_tab import DecisionsTab
from ..awards.nominations_tab import NominationsTab
from ..awards.whatif import open_what_if
from .base import TabbedPage, load_in_background


class AwardsPage(TabbedPage):
    areas = ("awards", "units", "people", "blocks", "results", "scoring", "settings", "plan")

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, "awardsTabs", parent)
        # only the tab in sight is built on the first visit; the others when first chosen or asked for
        self.add_lazy_tab(lambda: NominationsTab(ctx), "Đề nghị khen thưởng")
        self.add_lazy_tab(lambda: CouncilTab(ctx), "Hội đồng, bỏ phiếu")
        self.add_lazy_tab(lambda: DecisionsTab(ctx), "Danh sách cuối, quyết định")
        self.add_lazy_tab(lambda: CatalogueTab(ctx), "Danh mục, quy tắc")
        self.whatif_button = QPushButton("Thử thay đổi quy tắc…")
        self.whatif_button.setObjectName("whatIfButton")
        self.whatif_button.setToolTip("Số lượng Giấy khen, điều kiện khen thưởng, điểm và tiêu chí phụ: xem danh "
                                      "sách Giấy khen, xếp hạng trước và sau; chưa ghi gì")
        self.whatif_button.clicked.connect(lambda: open_what_if(self, self.ctx))
        self.tabs.setCornerWidget(self.whatif_button, Qt.Corner.TopRightCorner)

    @property
    def nominations(self) -> NominationsTab:
        return self.built_tab(0)

    @property
    def council(self) -> CouncilTab:
        return self.built_tab(1)

    @property
    def decisions(self) -> DecisionsTab:
        return self.built_tab(2)

    @property
    def catalogue(self) -> CatalogueTab:
        return self.built_tab(3)

    def tab_built(self, tab: QWidget) -> None:
        tab.changed.connect(self._tab_changed)

    def _tab_changed(self) -> None:
        """A tab saved something: every tab reloads (now or when shown), other pages too."""
        self.ctx.changed("awards")

    def refresh(self) -> None:
        load_in_background(self, self.ctx, catalogue.current_year,
                           lambda year: self.heading.setText(f"Khen thưởng năm {year}"))
        super().refresh()

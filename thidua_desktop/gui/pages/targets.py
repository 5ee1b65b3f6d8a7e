"""Chỉ tiêu và kết quả: the plan's targets and measures with their planned values."""
from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from ...services import plan
from ..tablemodel import Column, RowTableModel, SearchProxy
from .base import Page, heading


class TargetsPage(Page):
    areas = ("plan", "results")

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        layout = QVBoxLayout(self)
        self.heading = heading(title)
        layout.addWidget(self.heading)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm chỉ tiêu (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = RowTableModel([
            Column("Chỉ tiêu", lambda r: f"({r.target_code})", sort_key=lambda v: (len(v), v)),
            Column("Mã đo", lambda r: r.code, sort_key=lambda v: (len(v), v)),
            Column("Tiêu chí đo", lambda r: r.label, tooltip=lambda r: r.target_text),
            Column("ĐVT", lambda r: r.unit),
            Column("Kế hoạch", lambda r: r.planned_text),
            Column("Loại", lambda r: r.kind.label),
            Column("So sánh", lambda r: r.comparison.label),
        ])
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("targetsView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.search.textChanged.connect(self._on_search)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    def _on_search(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self, *args) -> None:
        self.count.setText(f"Hiển thị {self.proxy.rowCount()} / {self.model.rowCount()} tiêu chí đo")

    def refresh(self) -> None:
        with self.ctx.db.read() as session:
            campaign = plan.current_campaign(session)
            rows = plan.measure_rows(campaign)
            year = campaign.year
        self.heading.setText(f"Chỉ tiêu chủ yếu năm {year}")
        self.model.set_rows(rows)
        self._update_count()

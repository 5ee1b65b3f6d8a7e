"""Danh mục và quy tắc: the award titles, the eligibility rules, prize money and council settings.

Everything here is a setting, not code: the administrator edits the titles
(multiples of the base salary, vote thresholds, quotas), each eligibility
rule (mode, titles it applies to, the wording quoted when it fails, its
parameters), the base-salary history and the council's tie-break share.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget

from ...domain import eligibility as el
from ...domain.roles import Action
from ...domain.text import format_date, format_money, format_number
from ...services.awards import catalogue as awards
from .. import operations as ops
from ..access import restrict
from ..tablemodel import Column, RowTableModel, fit_columns, tidy_table
from .dialogs import MoneyRulesDialog, RuleDialog, TitleDialog


class CatalogueTab(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.values: dict | None = None  # the money and council settings shown (None until read)
        layout = QVBoxLayout(self)
        self.titles = RowTableModel([
            Column("Mã", lambda t: t.code),
            Column("Tên", lambda t: t.name),
            Column("Loại", lambda t: awards.KINDS.get(t.kind, t.kind)),
            Column("Đối tượng", lambda t: awards.TITLE_SUBJECTS.get(t.subject, t.subject)),
            Column("Cấp", lambda t: awards.LEVELS.get(t.level, t.level)),
            Column("Hệ số × lương cơ sở", awards.multiples_text),
            Column("Biểu quyết", awards.threshold_text),
            Column("Số lượng tối đa", lambda t: t.quota),
            Column("Đang dùng", lambda t: t.active),
            Column("Ghi chú, căn cứ", lambda t: t.note, tooltip=lambda t: t.note),
        ])
        self.title_view = QTableView()
        self.title_view.setObjectName("titlesView")
        self.title_view.setModel(self.titles)
        tidy_table(self.title_view)
        self.rules = RowTableModel([
            Column("Quy định", lambda c: c.rule.label),
            Column("Chế độ", lambda c: c.mode.label,
                   foreground=lambda c: {"block": "#b3261e", "warn": "#8a5300", "off": "#5f6368"}.get(c.mode.value)),
            Column("Áp dụng cho", lambda c: el.titles_text(c.titles)),
            Column("Nội dung (trích khi không đạt)", lambda c: c.text, tooltip=lambda c: c.text),
            Column("Nguồn", lambda c: c.rule.source, tooltip=lambda c: c.rule.source),
        ])
        self.rule_view = QTableView()
        self.rule_view.setObjectName("rulesView")
        self.rule_view.setModel(self.rules)
        tidy_table(self.rule_view)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Danh hiệu thi đua, hình thức khen thưởng</b>"))
        row.addStretch(1)
        self.add_title = QPushButton("Thêm…")
        self.edit_title = QPushButton("Sửa…")
        row.addWidget(self.add_title)
        row.addWidget(self.edit_title)
        top_layout.addLayout(row)
        top_layout.addWidget(self.title_view)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Điều kiện khen thưởng</b> — mỗi quy định là một cài đặt; "
                             "“Chặn” không qua được, “Cảnh báo” qua được khi ghi lý do"))
        row.addStretch(1)
        self.edit_rule = QPushButton("Sửa quy định…")
        row.addWidget(self.edit_rule)
        middle_layout.addLayout(row)
        middle_layout.addWidget(self.rule_view)
        bottom = QWidget()
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.money = QLabel()
        self.money.setObjectName("moneyRules")
        self.money.setWordWrap(True)
        bottom_layout.addWidget(self.money, 1)
        self.edit_money = QPushButton("Sửa tiền thưởng, Hội đồng…")
        bottom_layout.addWidget(self.edit_money, 0, Qt.AlignmentFlag.AlignTop)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for w in (top, middle, bottom):
            splitter.addWidget(w)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self.add_title.clicked.connect(lambda: self._title(None))
        self.edit_title.clicked.connect(self._edit_title)
        self.title_view.doubleClicked.connect(lambda *_: self._edit_title())
        self.edit_rule.clicked.connect(self._rule)
        self.rule_view.doubleClicked.connect(lambda *_: self._rule())
        self.edit_money.clicked.connect(self._money)
        restrict(ctx, Action.SETTINGS, self.add_title, self.edit_title, self.edit_rule, self.edit_money)

    def refresh(self) -> None:
        view = ops.query(self, self.ctx, awards.catalogue_view)
        if view is ops.FAILED:
            return
        self.titles.set_rows(view.titles)
        self.rules.set_rows(view.rules)
        self.values = values = view.money
        history = "; ".join(f"từ {format_date(s.start)}: {format_money(s.amount)} đ"
                            + (f" ({s.basis})" if s.basis else "") for s in view.salary)
        self.money.setText(
            f"<b>Lương cơ sở</b> {history}. Tiền thưởng làm tròn lên đến {format_money(values['money.round_to'])} đ; "
            f"hộ gia đình nhận {format_number(values['money.household_factor'])} lần mức cá nhân; "
            + ("cùng thành tích nhiều danh hiệu chỉ nhận mức cao nhất. " if values["money.highest_title_only"] else "")
            + f"<br><b>Hội đồng</b>: bằng phiếu và điểm thì ưu tiên cá nhân nữ, tập thể có từ "
            f"{format_number(values['council.female_share'])}% nữ; cảnh báo khi có mặt và gửi ý kiến dưới "
            f"{format_number(values['council.min_participation'])}% thành viên.")
        fit_columns(self.title_view)
        fit_columns(self.rule_view)

    def _edit_title(self) -> None:
        index = self.title_view.currentIndex()
        if index.isValid():
            self._title(self.titles.row_at(index.row()))

    def _title(self, title) -> None:
        dialog = TitleDialog(self, title)
        if not dialog.exec():
            return
        values, active = dialog.values(), dialog.active.isChecked()
        ops.change(self, self.ctx, f"Danh mục khen thưởng: {values['code']}",
                   lambda s: awards.edit_title(s, values, title.id if title else None, active),
                   refresh="awards", title="Không lưu được danh hiệu")

    def _rule(self) -> None:
        index = self.rule_view.currentIndex()
        if not index.isValid():
            return
        config = self.rules.row_at(index.row())
        dialog = RuleDialog(self, config)
        if not dialog.exec():
            return
        value = dialog.value()
        ops.change(self, self.ctx, f"Quy định điều kiện: {config.rule.label}",
                   lambda s: awards.set_rule(s, config.rule.key, value),
                   refresh="awards", title="Không lưu được quy định")

    def _money(self) -> None:
        if self.values is None:
            return
        dialog = MoneyRulesDialog(self, self.values)
        if not dialog.exec():
            return
        values = dialog.values()
        ops.change(self, self.ctx, "Quy tắc tiền thưởng, Hội đồng",
                   lambda s: awards.set_money_settings(s, values), refresh="awards", title="Không lưu được")

"""Thử thay đổi quy tắc: rule editors on the left, the ranking and the Giấy khen
list before and after on the right (issue 16, item 14).

The year is read once, in a worker, when the panel opens (about 2 s for a ward
of 2 000 units, ``bench/bench_whatif.py``; the panel says "Đang tải…" meanwhile); each change is then
compared in memory (``services.awards.whatif.compare``: about 10 ms for the
demo's 40 units, most of a second for 2 000, so in a worker too) a moment after
the clerk stops typing, one comparison at a time. Nothing is written until
"Áp dụng…" (with a reason, through ``ops.change``); closing discards the sandbox.
"""
from __future__ import annotations

import functools
import html

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import eligibility as el
from ...domain import scoring as sc
from ...domain.roles import Action
from ...errors import UserError
from ...services.awards import whatif
from .. import operations as ops
from .. import screen
from ..access import restrict
from ..dialogs import ask_reason
from ..tablemodel import ALIGN_CENTER, ALIGN_RIGHT, Column, RowTableModel, fit_columns, tidy_table

WARD = -1
NO_QUOTA = -1  # the quota box's lowest value reads "Không giới hạn"
DEBOUNCE_MS = 250
_UP, _DOWN, _IN, _OUT = "#1e6b33", "#b3261e", "#1e6b33", "#b3261e"


def _rank(rank: int | None) -> str:
    return "—" if rank is None else str(rank)


def _move_colour(move: str) -> str | None:
    return _UP if move.startswith("▲") else _DOWN if move.startswith("▼") else None


def _list_text(row: whatif.WhatIfRow) -> str:
    if row.list_change:
        return "▲ vào" if row.list_change == "vào" else "▼ ra"
    return "có" if row.new.in_list else "—"


def _list_colour(row: whatif.WhatIfRow) -> str | None:
    return {"vào": _IN, "ra": _OUT}.get(row.list_change)


COLUMNS = [
    Column("Đơn vị", lambda r: r.unit, tooltip=lambda r: r.block),
    Column("Hạng cũ", lambda r: _rank(r.old.ward_rank), align=ALIGN_CENTER),
    Column("Hạng mới", lambda r: _rank(r.new.ward_rank), align=ALIGN_CENTER),
    Column("±", lambda r: r.move, align=ALIGN_CENTER, foreground=lambda r: _move_colour(r.move)),
    Column("Hạng khối", lambda r: f"{_rank(r.old.block_rank)} → {_rank(r.new.block_rank)}", align=ALIGN_CENTER,
           foreground=lambda r: _move_colour(r.block_move), tooltip=lambda r: r.block),
    Column("Điểm cũ", lambda r: r.old.total, align=ALIGN_RIGHT),
    Column("Điểm mới", lambda r: r.new.total, align=ALIGN_RIGHT,
           foreground=lambda r: None if r.old.total == r.new.total else "#1f4e8c"),
    Column("Giấy khen", _list_text, align=ALIGN_CENTER, foreground=_list_colour),
    Column("Ghi chú", lambda r: r.new.note, tooltip=lambda r: r.new.note),
]
MOVE_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.header == "±")


def _load(session, _progress) -> tuple[whatif.WhatIfBasis, whatif.WhatIf]:
    """The year and its ranking as it stands (the worker's part of opening the panel)."""
    basis = whatif.load_basis(session)
    return basis, whatif.compare(basis, whatif.RuleChanges())


def _compare(basis: whatif.WhatIfBasis, changes: whatif.RuleChanges, _progress) -> whatif.WhatIf | UserError:
    """The comparison, in a worker; a change the rules refuse comes back as the message to show."""
    try:
        return whatif.compare(basis, changes)
    except UserError as exc:
        return exc


class WhatIfDialog(QDialog):
    """The sandbox: ``changes()`` is what the editors say now; ``result`` the last comparison.
    Shown at once saying "Đang tải…"; the editors and the table come when the year is read
    (``basis`` is None until then)."""

    def __init__(self, parent: QWidget | None, ctx, block_id: int | None = None):
        super().__init__(parent)
        self.setObjectName("whatIfDialog")
        self.setWindowTitle("Thử thay đổi quy tắc — chưa ghi gì cho tới khi bấm “Áp dụng…”")
        self.ctx, self.block_id = ctx, block_id
        self.basis: whatif.WhatIfBasis | None = None
        self.points: dict[tuple[int, str], float] = {}
        self.chains: dict[int, tuple[str, ...]] = {}  # block id (WARD: the ward) → chain, when changed
        self.applied = False
        self.result: whatif.WhatIf | None = None
        self.comparing: ops.Operation | None = None  # the comparison running in a worker
        self.compared: whatif.RuleChanges | None = None  # the changes the panel shows the outcome of
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.recompute)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(QWidget())  # the editors, once the year is read
        splitter.addWidget(self._comparison())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 880])
        buttons = QHBoxLayout()
        self.apply_button = QPushButton("Áp dụng…")
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setToolTip("Ghi các thay đổi này vào bảng điểm, cài đặt và danh mục, kèm lý do")
        self.reset_button = QPushButton("Đặt lại")
        self.reset_button.setObjectName("resetButton")
        self.close_button = QPushButton("Đóng")
        self.close_button.setObjectName("closeButton")
        self.close_button.setToolTip("Đóng, bỏ mọi thay đổi đang thử")
        buttons.addStretch(1)
        for b in (self.apply_button, self.reset_button, self.close_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        # the writers refuse too; the button says so before the clerk tries
        self.may_apply = restrict(ctx, Action.SETTINGS, self.apply_button)
        self.apply_button.clicked.connect(self.apply)
        self.reset_button.clicked.connect(self.reset)
        self.close_button.clicked.connect(self.reject)
        self.apply_button.setEnabled(False)
        self.reset_button.setEnabled(False)
        self.summary.setText("<b>Đang tải…</b> (đọc điểm, xếp hạng và danh sách Giấy khen của năm)")
        screen.fit(self, QSize(1320, 720))
        self.loading = ops.query_in_background(self, ctx, "Không đọc được dữ liệu để thử quy tắc", _load,
                                               self._loaded, show_dialog=False)
        self.loading.finished.connect(self._load_ended)

    def done(self, result: int) -> None:
        # closed: no comparison starts after this (a worker still running when the page goes
        # away would take its QThread down with it and abort the program)
        self.timer.stop()
        super().done(result)

    def _load_ended(self, succeeded: bool) -> None:
        self.loading = None
        if not succeeded:  # the error is shown; an empty sandbox has nothing to offer
            self.reject()

    def _loaded(self, found: tuple[whatif.WhatIfBasis, whatif.WhatIf]) -> None:
        self.basis, first = found
        self.editors = self._editors()  # kept: replaceWidget does not hand the widget over to Qt
        self.splitter.replaceWidget(0, self.editors).deleteLater()
        self.splitter.setSizes([420, 880])
        if self.block_id is not None:
            self.block.setCurrentIndex(max(0, self.block.findData(self.block_id)))
        self._show_block()
        self.reset_button.setEnabled(True)
        self.compared = whatif.RuleChanges()
        self._show_result(first)
        fit_columns(self.view, maximum=230)  # once: the widths hold as the rows change
        # sized while nothing has moved ("="): room for the widest move to come ("▼123" showed "…")
        self.view.setColumnWidth(MOVE_COLUMN, max(self.view.columnWidth(MOVE_COLUMN),
                                                  self.view.fontMetrics().horizontalAdvance("▼888") + 16))

    # --- building ------------------------------------------------------------------
    def _editors(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Khối:"))
        self.block = QComboBox()
        self.block.setObjectName("whatIfBlock")
        for card, _ in self.basis.ranking.blocks:
            self.block.addItem(card.block_name, card.block_id)
        self.block.addItem("Toàn phường (chỉ tiêu chí phụ)", WARD)
        row.addWidget(self.block, 1)
        layout.addLayout(row)
        self.criteria = QTableWidget(0, 3)
        self.criteria.setObjectName("pointsTable")
        self.criteria.setHorizontalHeaderLabels(["Mã", "Tiêu chí", "Điểm tối đa"])
        self.criteria.verticalHeader().setVisible(False)
        self.criteria.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.criteria.setColumnWidth(0, 48)
        self.criteria.setColumnWidth(2, 96)
        self.criteria.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.criteria, 4)
        self.criteria.verticalHeader().setDefaultSectionSize(30)
        chain = QGroupBox("Tiêu chí phụ khi bằng điểm (xét từ trên xuống; bỏ chọn để không xét)")
        chain_layout = QHBoxLayout(chain)
        self.tiebreak = QListWidget()
        self.tiebreak.setObjectName("tiebreakList")
        # a long rule ("… (NĐ 152/2025/NĐ-CP)") wraps rather than running past a scroll bar
        self.tiebreak.setWordWrap(True)
        self.tiebreak.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        chain_layout.addWidget(self.tiebreak, 1)
        arrows = QVBoxLayout()
        self.up_button, self.down_button = QPushButton("▲ Lên"), QPushButton("▼ Xuống")
        self.up_button.setObjectName("upButton")
        self.down_button.setObjectName("downButton")
        arrows.addWidget(self.up_button)
        arrows.addWidget(self.down_button)
        arrows.addStretch(1)
        chain_layout.addLayout(arrows)
        layout.addWidget(chain, 3)
        awards = QGroupBox(f"{self.basis.title.name} (tập thể)")
        form = QFormLayout(awards)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.quota = QSpinBox()
        self.quota.setObjectName("quotaSpin")
        self.quota.setRange(NO_QUOTA, 100_000)
        self.quota.setSpecialValueText("Không giới hạn")
        form.addRow("Số lượng tối đa trong năm:", self.quota)
        self.modes: dict[str, QComboBox] = {}
        for cfg in whatif.list_rules(self.basis):
            key = cfg.rule.key
            combo = QComboBox()
            combo.setObjectName(f"mode_{key}")
            for mode in el.Mode:
                combo.addItem(mode.label, mode.value)
            combo.setToolTip(cfg.text)
            label = QLabel(cfg.rule.label)
            label.setWordWrap(True)
            form.addRow(label, combo)
            self.modes[key] = combo
        layout.addWidget(awards)
        self._fill_awards()
        self.block.currentIndexChanged.connect(self._show_block)
        self.tiebreak.itemChanged.connect(self._chain_edited)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.quota.valueChanged.connect(self.changed)
        for combo in self.modes.values():
            combo.currentIndexChanged.connect(self.changed)
        return box

    def _comparison(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("whatIfSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.only_changed = QCheckBox("Chỉ hiện đơn vị đổi hạng, đổi điểm hoặc vào, ra danh sách")
        self.only_changed.setObjectName("onlyChanged")
        self.only_changed.toggled.connect(self._show_rows)
        layout.addWidget(self.only_changed)
        self.model = RowTableModel(COLUMNS)
        self.view = QTableView()
        self.view.setObjectName("whatIfTable")
        self.view.setModel(self.model)
        tidy_table(self.view)
        self.view.horizontalHeader().setResizeContentsPrecision(200)  # widths from 200 rows, not 2 000
        layout.addWidget(self.view, 1)
        self.rule_note = QLabel()
        self.rule_note.setObjectName("listRule")
        self.rule_note.setWordWrap(True)
        self.rule_note.setStyleSheet("color: #3c4043;")
        layout.addWidget(self.rule_note)
        return box

    # --- the editors <-> the sandbox ----------------------------------------------------
    def _card(self) -> whatif.scoring.BlockCard | None:
        bid = self.block.currentData()
        return None if bid == WARD else self.basis.card(bid)

    def _chain_of(self, bid: int) -> tuple[str, ...]:
        if bid in self.chains:
            return self.chains[bid]
        return tuple(self.basis.ranking.ward_tiebreak) if bid == WARD else self.basis.card(bid).card.tiebreak

    def _show_block(self) -> None:
        """The chosen block's points and chain, as the sandbox has them."""
        card = self._card()
        self.criteria.setRowCount(0)
        self.criteria.setVisible(card is not None)
        for spec in card.card.criteria if card is not None else ():
            row = self.criteria.rowCount()
            self.criteria.insertRow(row)
            self.criteria.setItem(row, 0, QTableWidgetItem(spec.code))
            label = QTableWidgetItem(f"{spec.label} ({spec.role.label.lower()})"
                                     if spec.role is not sc.Role.SCORE else spec.label)
            label.setToolTip(label.text())
            self.criteria.setItem(row, 1, label)
            spin = QDoubleSpinBox()
            spin.setObjectName(f"points_{spec.code}")
            spin.setRange(0, card.card.scale)
            spin.setDecimals(2)
            spin.setSingleStep(0.5)
            spin.setValue(self.points.get((card.block_id, spec.code), spec.max_points))
            spin.valueChanged.connect(lambda value, code=spec.code, bid=card.block_id: self._points_edited(
                bid, code, value))
            self.criteria.setCellWidget(row, 2, spin)
        self._fill_chain(self._chain_of(self.block.currentData()))

    def _fill_chain(self, chosen: tuple[str, ...]) -> None:
        self.tiebreak.blockSignals(True)
        self.tiebreak.clear()
        for key in list(chosen) + [k for k in sc.TIEBREAKS if k not in chosen]:
            item = QListWidgetItem(sc.TIEBREAKS[key].label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.tiebreak.addItem(item)
        self.tiebreak.blockSignals(False)

    def _fill_awards(self) -> None:
        for w in [self.quota, *self.modes.values()]:
            w.blockSignals(True)
        quota = self.basis.title.quota
        self.quota.setValue(NO_QUOTA if quota is None else quota)
        for key, combo in self.modes.items():
            combo.setCurrentIndex(combo.findData(self.basis.rules[key].mode.value))
        for w in [self.quota, *self.modes.values()]:
            w.blockSignals(False)

    def _points_edited(self, bid: int, code: str, value: float) -> None:
        spec = next(c for c in self.basis.card(bid).card.criteria if c.code == code)
        if abs(value - spec.max_points) < 1e-9:
            self.points.pop((bid, code), None)
        else:
            self.points[(bid, code)] = value
        self.changed()

    def _chain_edited(self, *args) -> None:
        bid = self.block.currentData()
        chain = tuple(self.tiebreak.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.tiebreak.count())
                      if self.tiebreak.item(i).checkState() == Qt.CheckState.Checked)
        self.chains.pop(bid, None)
        if chain != self._chain_of(bid):
            self.chains[bid] = chain
        self.changed()

    def _move(self, step: int) -> None:
        row = self.tiebreak.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.tiebreak.count():
            return
        self.tiebreak.blockSignals(True)
        self.tiebreak.insertItem(target, self.tiebreak.takeItem(row))
        self.tiebreak.setCurrentRow(target)
        self.tiebreak.blockSignals(False)
        self._chain_edited()

    def changes(self) -> whatif.RuleChanges:
        quota = self.quota.value()
        old = self.basis.title.quota
        modes = {k: c.currentData() for k, c in self.modes.items() if c.currentData() != self.basis.rules[k].mode.value}
        return whatif.RuleChanges(
            dict(self.points), {b: c for b, c in self.chains.items() if b != WARD}, self.chains.get(WARD),
            quota if quota != NO_QUOTA and quota != old else None, quota == NO_QUOTA and old is not None, modes)

    def changed(self, *args) -> None:
        self.apply_button.setEnabled(self.may_apply and not self.changes().empty)
        self.timer.start()  # debounced: one comparison when the clerk pauses

    def reset(self) -> None:
        if self.basis is None:
            return
        self.points.clear()
        self.chains.clear()
        self._fill_awards()
        self._show_block()
        self.recompute()

    # --- the comparison ------------------------------------------------------------------
    def recompute(self) -> None:
        """Compare the editors' changes in a worker; while one runs, the newest changes wait for it."""
        self.timer.stop()
        if self.basis is None:
            return
        changes = self.changes()
        self.apply_button.setEnabled(self.may_apply and not changes.empty)
        if self.comparing is not None:  # compared again when it ends (``_compare_ended``)
            return
        self.summary.setText("<b>Đang tính lại…</b>")
        self.comparing = ops.run_operation(self, "Không so sánh được", functools.partial(_compare, self.basis, changes),
                                           functools.partial(self._compared, changes), show_dialog=False)
        self.comparing.finished.connect(self._compare_ended)

    def _compared(self, changes: whatif.RuleChanges, found: whatif.WhatIf | UserError) -> None:
        if changes != self.changes():
            return  # the clerk changed more meanwhile
        self.compared = changes
        if isinstance(found, UserError):  # the editors' bounds make this rare; say it where the result goes
            self.summary.setText(f"<b style='color:{_DOWN}'>{html.escape(str(found))}</b>")
            self.apply_button.setEnabled(False)
            return
        self._show_result(found)

    def _compare_ended(self, succeeded: bool) -> None:
        self.comparing = None
        if succeeded and self.isVisible() and self.compared != self.changes():
            self.recompute()

    def _show_result(self, result: whatif.WhatIf) -> None:
        self.result = r = result
        lines = "".join(f"<br>• {html.escape(c)}" for c in r.changes) or "<br>Chưa thay đổi quy tắc nào."
        self.summary.setText(f"<b>{html.escape(r.summary)}</b>{lines}")
        self.rule_note.setText(f"Danh sách Giấy khen (tập thể, dự kiến): theo xếp hạng toàn phường, trừ đơn vị bị "
                               f"quy định điều kiện chặn. Trước: {html.escape(r.old_rule)}. "
                               f"Sau: {html.escape(r.new_rule)}.")
        self._show_rows()

    def _show_rows(self) -> None:
        if self.result is None:
            return
        rows = self.result.rows
        if self.only_changed.isChecked():
            rows = [r for r in rows if r.moved or r.list_change or r.old.total != r.new.total]
        self.model.set_rows(rows)

    # --- applying ---------------------------------------------------------------------------
    def apply(self) -> None:
        changes = self.changes()
        if changes.empty:
            return
        said = "\n".join(f"• {c}" for c in whatif.describe(self.basis, changes))
        reason = ask_reason(self, "Áp dụng quy tắc mới", f"Sẽ ghi:\n{said}\n\nLý do thay đổi (lưu trong nhật ký):")
        if reason is None:
            return
        done = ops.change(self, self.ctx, reason, lambda s: whatif.apply_what_if(s, changes, reason),
                          refresh=("scoring", "settings", "awards"), title="Không áp dụng được")
        if done is not ops.FAILED:
            self.applied = True
            self.accept()


def open_what_if(parent: QWidget, ctx, block_id: int | None = None) -> WhatIfDialog:
    """Open the sandbox, which reads the year in the background (the scoring and awards pages' button)."""
    dialog = WhatIfDialog(parent, ctx, block_id)
    dialog.open()
    return dialog

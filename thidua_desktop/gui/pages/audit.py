"""Nhật ký, sao lưu: the audit trail, backups and restore, accounts, and the data check.

Four tabs. The audit trail is a model that loads a page of entries at a time
(``canFetchMore``/``fetchMore``), so a year of changes opens at once; filters
(time, account, kind of record, action, words) run in the database.
"""
from __future__ import annotations

import datetime as dt
import html
import threading

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.roles import Action
from ...domain.text import format_number
from ...services.safety import audit_log
from .. import operations as ops
from ..access import allowed
from ..combos import refill
from ..empty import hint_when_empty
from ..tablemodel import tidy_table
from .audit_accounts import AccountsTab
from .audit_backup import BackupTab
from .audit_check import CheckTab
from .base import TabbedPage, load_in_background

PAGE_SIZE = 200
_COLUMNS = ("Thời gian", "Tài khoản", "Thao tác", "Loại bản ghi", "Bản ghi", "Thay đổi", "Lý do")
_ACTION_COLOURS = {"insert": "#1e6b33", "delete": "#b3261e", "event": "#1a5fb4"}


def first_page(session, flt: audit_log.AuditFilter) -> tuple[int, list[audit_log.AuditRow]]:
    """How many entries ``flt`` matches, and the newest page of them."""
    return audit_log.count_entries(session, flt), audit_log.fetch_entries(session, flt, 0, PAGE_SIZE)


class AuditModel(QAbstractTableModel):
    """Audit entries matching a filter, newest first, fetched a page at a time."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.filter = audit_log.AuditFilter()
        self.total = 0
        self._rows: list[audit_log.AuditRow] = []

    def set_filter(self, flt: audit_log.AuditFilter) -> None:
        found = ops.query(self._widget(), self.ctx, lambda s: first_page(s, flt))
        self.show_entries(flt, (0, []) if found is ops.FAILED else found)

    def show_entries(self, flt: audit_log.AuditFilter, found: tuple[int, list[audit_log.AuditRow]]) -> None:
        """``first_page``'s (count, rows) for ``flt``, read already (e.g. in the background)."""
        self.beginResetModel()
        self.filter = flt
        self.total, self._rows = found
        self.endResetModel()

    def _widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def reload(self) -> None:
        self.set_filter(self.filter)

    def loaded(self) -> int:
        return len(self._rows)

    def row_at(self, row: int) -> audit_log.AuditRow:
        return self._rows[row]

    # --- Qt API -----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        flt, start = self.filter, len(self._rows)
        more = ops.query(self._widget(), self.ctx, lambda s: audit_log.fetch_entries(s, flt, start, PAGE_SIZE))
        if more is ops.FAILED or not more:
            self.total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{r.at:%d/%m/%Y %H:%M:%S}", r.actor, r.action_label, r.entity_label,
                    r.record or (f"số {r.entity_id}" if r.entity_id else ""), r.summary(), r.reason)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (4, 5, 6):
            return (r.record, r.summary(2000), r.reason)[column - 4]
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and r.action in _ACTION_COLOURS:
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor(_ACTION_COLOURS[r.action]))
        return None


def _warm(db) -> None:
    try:
        audit_log.warm_cache(db)
    except Exception:  # only a head start; the search itself reports real problems
        pass


class AuditLogTab(QWidget):
    PERIODS = (("Mọi thời gian", None), ("Hôm nay", 0), ("7 ngày qua", 7), ("30 ngày qua", 30),
               ("Chọn ngày…", -1))

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.period = QComboBox()
        for text, days in self.PERIODS:
            self.period.addItem(text, days)
        self.since = QDateEdit(QDate.currentDate().addDays(-30))
        self.until = QDateEdit(QDate.currentDate())
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.actor = QComboBox()
        self.entity = QComboBox()
        self.action = QComboBox()
        self.action.addItem("Mọi thao tác", None)
        for code, label in audit_log.ACTION_LABELS.items():
            self.action.addItem(label, code)
        for combo in (self.period, self.actor, self.entity, self.action):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm tên, giá trị, lý do (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        for label, widget in (("Thời gian:", self.period), ("", self.since), ("–", self.until),
                              ("Tài khoản:", self.actor), ("Loại:", self.entity), ("", self.action)):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        layout.addLayout(filters)

        self.model = AuditModel(ctx, self)
        self.view = QTableView()
        self.view.setObjectName("auditView")
        self.view.setModel(self.model)
        tidy_table(self.view, single=True)
        hint_when_empty(self.view, "Không có thay đổi nào trong nhật ký khớp với các điều kiện lọc.")
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)  # "Thay đổi" takes the room; the rest hold their samples
        fm = self.view.fontMetrics()
        for column, sample in enumerate(("27/11/2026 00:00:00", "dòng lệnh (quantri)", "Sự kiện",
                                         "Đề nghị khen thưởng", "15/TTr-UBND (số 123)", "", "Tạo dữ liệu mẫu để dùng")):
            header.resizeSection(column, fm.horizontalAdvance(sample) + 16)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser()
        self.detail.setObjectName("auditDetail")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.count = QLabel()
        layout.addWidget(self.count)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.period, self.actor, self.entity, self.action):
            combo.currentIndexChanged.connect(self.apply_filter)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.apply_filter)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self._period_changed()
        # the first word search folds every entry once: do it now, off the GUI thread (a daemon
        # thread, not an ops worker: it may outlive the page, and it is only a head start)
        ops.with_database(self, ctx, lambda db: threading.Thread(target=_warm, args=(db,), daemon=True).start())

    def _period_changed(self, *args) -> None:
        custom = self.period.currentData() == -1
        self.since.setVisible(custom)
        self.until.setVisible(custom)

    def refresh(self) -> None:
        """The choices and the entries the filter shows, read in the background (a large
        ward's trail is tens of thousands of entries)."""
        flt = self.current_filter()
        load_in_background(self, self.ctx, lambda s: (audit_log.actors(s), audit_log.entities(s),
                                                      first_page(s, flt)),
                           lambda found: self._fill(flt, *found))

    def _fill(self, flt: audit_log.AuditFilter, actors, entities, entries) -> None:
        refill(self.actor, [("Mọi tài khoản", None)] + [(a or "(không tên)", a) for a in actors])
        refill(self.entity, [("Mọi loại bản ghi", None)] + [(audit_log.entity_label(e), e) for e in entities])
        if self.current_filter() != flt:  # a choice no longer offered: the filter changed
            self.apply_filter()
            return
        self.model.show_entries(flt, entries)
        self.detail.clear()

    def current_filter(self) -> audit_log.AuditFilter:
        days = self.period.currentData()
        since = until = None
        today = dt.date.today()
        if days == -1:
            a, b = self.since.date(), self.until.date()
            since = dt.datetime(a.year(), a.month(), a.day())
            until = dt.datetime(b.year(), b.month(), b.day()) + dt.timedelta(days=1)
        elif days is not None:
            since = dt.datetime.combine(today - dt.timedelta(days=days), dt.time())
        entity = self.entity.currentData()
        action = self.action.currentData()
        return audit_log.AuditFilter(since=since, until=until, actor=self.actor.currentData(),
                                     entities=(entity,) if entity else (), actions=(action,) if action else (),
                                     text=self.search.text())

    def apply_filter(self, *args) -> None:
        self.model.set_filter(self.current_filter())
        self.detail.clear()

    def _update_count(self, *args) -> None:
        self.count.setText(f"Đang hiện {format_number(self.model.loaded())} / "
                           f"{format_number(self.model.total)} mục (cuộn xuống để xem thêm)"
                           if self.model.loaded() < self.model.total else
                           f"{format_number(self.model.total)} mục")

    def _show_detail(self, current: QModelIndex, _previous=None) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        r = self.model.row_at(current.row())
        esc = html.escape
        head = (f"<b>{esc(r.action_label)} — {esc(r.entity_label)}</b> {esc(r.record)}"
                + (f" (số {r.entity_id})" if r.entity_id and not r.record else "")
                + f"<br>Lúc {r.at:%H:%M:%S ngày %d/%m/%Y}, tài khoản <b>{esc(r.actor or '—')}</b>"
                + (f"<br>Lý do: {esc(r.reason)}" if r.reason else ""))
        lines = r.change_lines()
        if r.action == "update":
            rows = "".join(f"<tr><td>{esc(f)}</td><td>{esc(o)}</td><td>{esc(n)}</td></tr>" for f, o, n in lines)
            table = f"<table border='1' cellspacing='0' cellpadding='3'><tr><th>Trường</th><th>Giá trị cũ</th>" \
                    f"<th>Giá trị mới</th></tr>{rows}</table>"
        else:
            rows = "".join(f"<tr><td>{esc(f)}</td><td>{esc(o or n)}</td></tr>" for f, o, n in lines)
            table = f"<table border='1' cellspacing='0' cellpadding='3'>{rows}</table>" if rows else ""
        self.detail.setHtml(f"<p>{head}</p>{table}")


class AuditPage(TabbedPage):
    areas = ("*",)
    always_reload = True  # backups and sign-ins change outside the app's own edits
    TABS = ("log", "backup", "accounts", "check")

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, "auditTabs", parent)
        if allowed(ctx, Action.VIEW_AUDIT):
            self.log_tab: AuditLogTab | None = self.add_tab(AuditLogTab(ctx), "Nhật ký thay đổi")
        else:
            self.log_tab = None
            notice = QLabel("Vai trò của bạn không xem được nhật ký thay đổi.")
            notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.add_tab(notice, "Nhật ký thay đổi")
        self.backup_tab = self.add_tab(BackupTab(ctx), "Sao lưu và phục hồi")
        self.accounts_tab = self.add_tab(AccountsTab(ctx), "Tài khoản")
        self.check_tab = self.add_tab(CheckTab(ctx), "Kiểm tra dữ liệu")

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(self.TABS.index(name))

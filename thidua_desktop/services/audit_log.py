"""Reading the audit trail (nhật ký thay đổi): filter, page, describe.

``storage/audit.py`` writes the trail; this module reads it for the audit
screen and ``thidua audit``: entries filtered by time, account, kind of record,
action and words (ignoring case and diacritics), counted and fetched a page at
a time so a year's worth of changes stays quick to browse.
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
import weakref
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.orm import Session

from ..domain.text import fold
from ..storage.models import AuditEntry

ENTITY_LABELS = {
    "ward": "Thông tin phường",
    "setting": "Thiết lập",
    "campaign": "Kế hoạch thi đua",
    "movement": "Phong trào",
    "period": "Kỳ báo cáo",
    "target": "Chỉ tiêu",
    "measure": "Tiêu chí đo của chỉ tiêu",
    "emulation_block": "Khối thi đua",
    "unit": "Đơn vị",
    "block_membership": "Thành viên khối",
    "person": "Cá nhân",
    "person_year": "Xếp loại cá nhân trong năm",
    "registration": "Đăng ký thi đua",
    "allocation": "Giao chỉ tiêu cho đơn vị",
    "criterion": "Tiêu chí của khối",
    "scorecard": "Bảng chấm điểm",
    "result": "Kết quả",
    "result_history": "Lịch sử kết quả",
    "unit_report": "Báo cáo của đơn vị",
    "score_adjustment": "Điểm thưởng, điểm trừ",
    "award_title": "Danh hiệu, hình thức khen thưởng",
    "nomination": "Đề nghị khen thưởng",
    "council_session": "Phiên họp Hội đồng",
    "council_member": "Thành viên Hội đồng",
    "vote": "Kết quả bỏ phiếu",
    "decision": "Quyết định khen thưởng",
    "document_template": "Mẫu văn bản",
    "issued_document": "Văn bản đã tạo",
    "account": "Tài khoản",
    "audit_entry": "Nhật ký",
    "alembic_version": "Phiên bản dữ liệu",
    "backup": "Sao lưu",
    "restore": "Phục hồi",
}

ACTION_LABELS = {"insert": "Thêm", "update": "Sửa", "delete": "Xóa", "event": "Sự kiện"}

FIELD_LABELS = {
    "name": "Tên", "full_name": "Họ và tên", "name_key": "Khóa tên", "kind": "Loại", "note": "Ghi chú",
    "head_name": "Thủ trưởng", "phone": "Điện thoại", "address": "Địa chỉ", "email": "Thư điện tử",
    "active": "Đang dùng", "gender": "Giới tính", "birth_date": "Ngày sinh", "birth_year": "Năm sinh",
    "position": "Vị trí / chức vụ", "unit_id": "Đơn vị", "person_id": "Cá nhân", "is_leader": "Lãnh đạo",
    "value": "Giá trị", "numerator": "Tử số", "denominator": "Mẫu số", "current_amount": "Số năm nay",
    "previous_amount": "Số năm trước", "flag": "Đạt / không", "evidence": "Minh chứng",
    "source": "Nguồn", "source_file": "Tệp nguồn", "reported_on": "Ngày báo cáo",
    "planned_value": "Kế hoạch", "baseline_value": "Số gốc", "label": "Nội dung", "text": "Nội dung",
    "code": "Mã", "role": "Vai trò", "username": "Tên đăng nhập", "password_hash": "Mật khẩu",
    "failed_attempts": "Số lần nhập sai mật khẩu", "locked_until": "Tạm khóa đến",
    "last_login_at": "Đăng nhập lần cuối", "agree": "Phiếu đồng ý", "ballots": "Phiếu hợp lệ",
    "number": "Số", "signed_on": "Ngày ký", "frozen": "Đã chốt", "status": "Trạng thái",
    "summary": "Tóm tắt thành tích", "rating": "Xếp loại", "score": "Điểm", "rank": "Thứ hạng",
    "decision_seq": "Số thứ tự trong quyết định", "title_id": "Danh hiệu", "key": "Khóa",
    "block_id": "Khối", "campaign_id": "Năm kế hoạch", "period_id": "Kỳ", "measure_id": "Chỉ tiêu",
    "criterion_id": "Tiêu chí", "points": "Điểm", "reason": "Lý do", "override_reason": "Lý do vượt cảnh báo",
    "prize_amount": "Tiền thưởng", "signer_name": "Người ký", "signer_title": "Chức vụ người ký",
}


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def format_value(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:  # ISO dates and times, as the trail stores them
            if len(value) == 10:
                return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            return dt.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M:%S")
        except ValueError:
            pass
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    label: str
    changes: dict[str, Any]
    reason: str

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity)

    def change_lines(self) -> list[tuple[str, str, str]]:
        """(field, old, new) for updates; (field, "", value) for inserts, deletes and events."""
        out = []
        for key, value in (self.changes or {}).items():
            if self.action == "update" and isinstance(value, list) and len(value) == 2:
                out.append((field_label(key), format_value(value[0]), format_value(value[1])))
            elif self.action == "delete":
                out.append((field_label(key), format_value(value), ""))
            else:
                out.append((field_label(key), "", format_value(value)))
        return out

    def summary(self, limit: int = 160) -> str:
        """One line: what changed (for updates) or what the record was."""
        if self.action == "update":
            parts = [f"{name}: {old} → {new}" for name, old, new in self.change_lines()]
        elif self.action == "event":
            parts = [self.label]
        else:  # what the record held, its most telling fields first
            values = {k: v for k, v in (self.changes or {}).items()
                      if k != "id" and not k.endswith("_key") and v not in (None, "", [], {})}
            parts = [f"{field_label(k)}: {format_value(v)}" for k, v in values.items()]
        text = "; ".join(p for p in parts if p)
        return text if len(text) <= limit else text[:limit - 1] + "…"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "entity": self.entity, "entity_label": self.entity_label, "entity_id": self.entity_id,
                "label": self.label, "changes": self.changes, "reason": self.reason}


@dataclass(frozen=True)
class AuditFilter:
    since: dt.datetime | None = None  # from this moment on
    until: dt.datetime | None = None  # before this moment
    actor: str | None = None
    entities: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    entity_id: int | None = None
    text: str = ""
    words: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(fold(self.text).split()))


# --- word search --------------------------------------------------------------------
# Entries never change once written, so the folded text each is searched in is
# computed once per process and kept (per database); a search then filters the
# ids the other filters select, in memory. A year's trail (~100,000 entries)
# takes about 20 MB and is searched in a fraction of a second after the first time.

_texts: "weakref.WeakKeyDictionary[Any, _SearchCache]" = weakref.WeakKeyDictionary()


@dataclass
class _SearchCache:
    texts: dict[int, str] = field(default_factory=dict)
    last: tuple[Any, list[int]] | None = None  # (filter and newest id, matching ids)


def _fold_fast(text: str) -> str:
    """:func:`~..domain.text.fold` for Vietnamese text, several times faster (what is
    not a Latin letter, digit or sign after removing the marks is dropped)."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return bare.encode("ascii", "ignore").decode("ascii").lower()


def _haystack(label: Any, changes: Any, reason: Any, actor: Any) -> str:
    raw = changes or ""
    if "\\" in raw:  # JSON escapes (the ORM stores ASCII-only JSON)
        try:
            raw = raw.encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")
        except UnicodeError:
            pass
    return _fold_fast(" \x1f ".join((label or "", raw, reason or "", actor or "")))


def forget(db) -> None:
    """Drop what was remembered of a database's trail (after a restore replaced it)."""
    _texts.pop(db.engine, None)


def _cache(session: Session) -> _SearchCache:
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    cache = _texts.get(engine)
    if cache is None:
        cache = _texts[engine] = _SearchCache()
    return cache


def _matching_ids(session: Session, flt: AuditFilter, newest_first: bool = True) -> list[int]:
    cache = _cache(session)
    newest = session.scalar(select(func.max(AuditEntry.id)))
    key = (replace(flt, text=" ".join(flt.words)), newest_first, newest)
    if cache.last is not None and cache.last[0] == key:
        return cache.last[1]
    order = (AuditEntry.at.desc(), AuditEntry.id.desc()) if newest_first else (AuditEntry.at, AuditEntry.id)
    plain = replace(flt, text="")
    connection = session.connection()  # Core rows: a year of ids without ORM bookkeeping
    ids = [i for (i,) in connection.execute(_filtered(plain, select(AuditEntry.id)).order_by(*order))]
    texts = cache.texts
    missing = [i for i in ids if i not in texts]
    known = max(texts, default=0)
    if len(missing) > 5000 and min(missing) > known:  # all new: read them in one pass
        chunks = [select(AuditEntry.id, AuditEntry.label, cast(AuditEntry.changes, String), AuditEntry.reason,
                         AuditEntry.actor).where(AuditEntry.id > known)]
    else:
        chunks = [select(AuditEntry.id, AuditEntry.label, cast(AuditEntry.changes, String), AuditEntry.reason,
                         AuditEntry.actor).where(AuditEntry.id.in_(missing[i:i + 5000]))
                  for i in range(0, len(missing), 5000)]
    for statement in chunks:
        for i, label, changes, reason, actor in connection.execute(statement):
            texts[i] = _haystack(label, changes, reason, actor)
    found = ids
    for word in flt.words:  # one pass per word: plain `in` tests, no generator per entry
        found = [i for i in found if word in texts[i]]
    cache.last = (key, found)
    return found


def warm_cache(db) -> None:
    """Fold the whole trail ahead of the first search (the audit screen runs it in the background)."""
    with db.read() as session:
        _matching_ids(session, AuditFilter())


def _filtered(flt: AuditFilter, statement: Select) -> Select:
    if flt.since is not None:
        statement = statement.where(AuditEntry.at >= flt.since)
    if flt.until is not None:
        statement = statement.where(AuditEntry.at < flt.until)
    if flt.actor:
        statement = statement.where(AuditEntry.actor == flt.actor)
    if flt.entities:
        statement = statement.where(AuditEntry.entity.in_(flt.entities))
    if flt.actions:
        statement = statement.where(AuditEntry.action.in_(flt.actions))
    if flt.entity_id is not None:
        statement = statement.where(AuditEntry.entity_id == flt.entity_id)
    return statement


def _rows(session: Session, statement: Select) -> list[AuditRow]:
    return [AuditRow(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.label, e.changes or {},
                     e.reason) for e in session.scalars(statement)]


def count_entries(session: Session, flt: AuditFilter = AuditFilter()) -> int:
    if flt.words:
        return len(_matching_ids(session, flt))
    return session.scalar(_filtered(flt, select(func.count(AuditEntry.id)))) or 0


def fetch_entries(session: Session, flt: AuditFilter = AuditFilter(), offset: int = 0,
                  limit: int | None = 200, newest_first: bool = True) -> list[AuditRow]:
    order = (AuditEntry.at.desc(), AuditEntry.id.desc()) if newest_first else (AuditEntry.at, AuditEntry.id)
    if flt.words:
        ids = _matching_ids(session, flt, newest_first)
        page = ids[offset:offset + limit if limit is not None else None]
        rows = {r.id: r for start in range(0, len(page), 5000)
                for r in _rows(session, select(AuditEntry).where(AuditEntry.id.in_(page[start:start + 5000])))}
        return [rows[i] for i in page if i in rows]
    statement = _filtered(flt, select(AuditEntry)).order_by(*order).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return _rows(session, statement)


def actors(session: Session) -> list[str]:
    return [a for (a,) in session.execute(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor))]


def entities(session: Session) -> list[str]:
    found = [e for (e,) in session.execute(select(AuditEntry.entity).distinct())]
    return sorted(found, key=lambda e: fold(entity_label(e)))

"""Reading the audit trail (nhật ký thay đổi): filter, page, describe.

``storage/audit.py`` writes the trail; this module reads it for the audit
screen and ``thidua audit``: entries filtered by time, account, kind of record,
action and words (ignoring case and diacritics), counted and fetched a page at
a time so a year's worth of changes stays quick to browse.
"""
from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
import unicodedata
import weakref
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from ...domain import (achievement_parts, awards, backups, council, documents, eligibility, evaluation, registry,
                       results, roles, scoring, targets, units)
from ...domain import settings as declared
from ...domain.ward import WARD_FIELDS
from ...domain.text import fold, format_money, format_number
from ...storage import audit_chain
from ...storage.models import (
    AuditEntry,
    AwardTitle,
    Base,
    Campaign,
    CouncilSession,
    Criterion,
    Decision,
    EmulationBlock,
    Measure,
    Period,
    Person,
    Target,
    Unit,
)
from ...storage import concurrency

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
    "unit_lineage": "Đơn vị tiền thân",
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
    "predecessor_name": "Đơn vị tiền thân", "predecessor_id": "Đơn vị tiền thân (trong danh sách)",
    "predecessor_key": "Khóa tên tiền thân", "effective_on": "Ngày có hiệu lực",
    "name": "Tên", "full_name": "Họ và tên", "name_key": "Khóa tên", "kind": "Loại", "note": "Ghi chú",
    "head_name": "Thủ trưởng", "phone": "Điện thoại", "address": "Địa chỉ", "email": "Thư điện tử",
    "active": "Đang dùng", "position": "Thứ tự", "unit_id": "Đơn vị", "person_id": "Cá nhân",
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
    "subject": "Đối tượng", "level": "Cấp quyết định", "discipline": "Kỷ luật", "attendance": "Dự họp",
    "rule": "Cách chấm", "comparison": "So sánh", "rollup": "Cộng dồn", "titles": "Danh hiệu đăng ký",
    "registered_on": "Ngày đăng ký", "narrative": "Nội dung báo cáo năm", "params": "Tham số cách chấm",
    "bands": "Mức xếp loại", "tiebreak": "Thứ tự xét khi bằng điểm", "max_points": "Điểm tối đa",
    "bonus_cap": "Điểm thưởng tối đa", "scale": "Thang điểm", "check_report": "Kết quả kiểm tra điều kiện",
    "reopen_log": "Các lần mở khóa", "multiples": "Hệ số tiền thưởng", "threshold_base": "Tính tỷ lệ phiếu trên",
    "threshold_op": "Ngưỡng phiếu", "pass_threshold": "Tỷ lệ phiếu cần đạt", "under_review": "Đang bị xem xét",
    "initiative": "Sáng kiến", "household_name": "Hộ gia đình", "household_address": "Địa chỉ hộ",
    "achievement_key": "Thành tích", "decision_id": "Quyết định", "base_salary": "Lương cơ sở",
    "staff_count": "Số cán bộ, người lao động", "female_staff_count": "Số nữ", "quota": "Số lượng tối đa",
    "group": "Nhóm", "unit": "Đơn vị tính", "members_total": "Số thành viên Hội đồng", "held_at": "Họp lúc",
    "place": "Địa điểm", "chair_name": "Chủ trì", "secretary_name": "Thư ký", "conclusion": "Kết luận",
    "session_id": "Phiên họp", "nomination_id": "Đề nghị", "ended_at": "Kết thúc lúc", "is_main": "Kỳ cả năm",
    "start": "Từ ngày", "end": "Đến ngày", "deadline": "Hạn báo cáo", "leader_unit_id": "Trưởng khối",
    "deputy_unit_id": "Phó khối", "target_id": "Chỉ tiêu", "result_id": "Kết quả", "snapshot": "Giá trị trước",
    "updated_by": "Người cập nhật", "replaced_by": "Người thay", "year": "Năm", "title": "Tên",
    "authority": "Cơ quan ban hành", "parent_city": "Thuộc", "place_name": "Địa danh",
    "proposing_unit_id": "Đơn vị đề nghị", "doc_symbols": "Ký hiệu văn bản",
    # the measure form's words
    "numerator_label": "Tử số là", "denominator_label": "Mẫu số là",
    "amount_unit": "Đơn vị của số năm nay/năm trước",
    # the award title form's and the disclosure form's words
    "salary_multiple": "Hệ số tiền thưởng", "needs_ballot": "Bỏ phiếu kín",
    "posted_on": "Ngày niêm yết", "comments_until": "Nhận ý kiến đến hết ngày",
    "achievement_text": "Báo cáo thành tích", "replaced_at": "Thay lúc", "updated_at": "Cập nhật lúc",
    # the year's plan
    "issued_on": "Ngày ban hành", "city_theme": "Chủ đề năm của thành phố", "ward_theme": "Chủ đề năm của phường",
    "city_plan_reference": "Căn cứ kế hoạch của thành phố", "city_plan_number": "Số kế hoạch của thành phố",
    "city_plan_date": "Ngày kế hoạch của thành phố", "period_text": "Thời gian thi đua",
    "period_start": "Thi đua từ ngày", "period_end": "Thi đua đến ngày", "units_deadline": "Hạn đơn vị báo cáo",
    "units_deadline_text": "Hạn đơn vị báo cáo (ghi trên văn bản)", "units_report_to": "Đơn vị gửi báo cáo về",
    "ward_deadline": "Hạn phường báo cáo", "ward_deadline_text": "Hạn phường báo cáo (ghi trên văn bản)",
    "ward_report_to": "Phường gửi báo cáo về", "award_text": "Hình thức khen thưởng",
    "general_goal": "Mục tiêu chung", "tasks": "Nhiệm vụ", "recipients": "Nơi nhận",
    "closed_at": "Khóa sổ lúc", "closed_by": "Người khóa sổ", "close_log": "Các lần khóa sổ, mở lại",
    # documents, exchanged files, award history
    "dated": "Ngày văn bản", "path": "Tệp", "created_by": "Người tạo", "file_name": "Tên tệp",
    "content": "Nội dung tệp", "ward_name": "Tên phường", "ward_key": "Khóa tên phường",
    "format_version": "Phiên bản định dạng", "app_version": "Phiên bản chương trình", "sha256": "Mã kiểm tra tệp",
    "imported_at": "Nhập lúc", "unit_name": "Tên đơn vị", "unit_key": "Khóa tên đơn vị",
    "title_key": "Khóa danh hiệu", "decision_number": "Số quyết định", "decision_date": "Ngày quyết định",
    # the events: backups, restores, decisions
    "file": "Tệp", "app_schema": "Phiên bản dữ liệu", "schema": "Phiên bản dữ liệu",
    "chain_head": "Mã kiểm tra nhật ký", "made_at": "Sao lưu lúc", "safety_copy": "Bản sao lưu trước khi phục hồi",
    "deleted": "Đã xóa",
}

# The labels of the codes stored in a field: a dict of code → label (or → an
# object with a label), an enum whose members have a label, or a list of sections.
CODE_LISTS = {
    ("unit", "kind"): units.UNIT_KINDS,
    ("unit_lineage", "kind"): units.LINEAGE_KINDS,
    ("person", "gender"): units.GENDERS,
    ("person_year", "rating"): units.RATINGS,
    ("nomination", "rating"): units.RATINGS,
    ("person_year", "discipline"): units.DISCIPLINES,
    ("nomination", "status"): awards.NOMINATION_STATUSES,
    ("nomination", "subject"): awards.SUBJECTS,
    ("award_title", "subject"): awards.TITLE_SUBJECTS,
    ("award_title", "kind"): awards.TITLE_KINDS,
    ("award_title", "level"): awards.LEVELS,
    ("award_title", "threshold_base"): council.BASE_LABELS,
    ("award_title", "threshold_op"): council.OP_LABELS,
    ("council_member", "attendance"): council.MEMBER_ATTENDANCE,
    ("criterion", "kind"): scoring.CRITERION_KINDS,
    ("criterion", "role"): scoring.Role,
    ("criterion", "rule"): scoring.Rule,
    ("criterion", "comparison"): targets.Comparison,
    ("measure", "comparison"): targets.Comparison,
    ("measure", "kind"): targets.MeasureKind,
    ("measure", "rollup"): evaluation.RollupMethod,
    ("account", "role"): roles.Role,
    ("result", "source"): results.SOURCES,
    ("unit_report", "source"): results.SOURCES,
    ("registration", "titles"): registry.REGISTRATION_TITLES,
    ("scorecard", "tiebreak"): scoring.TIEBREAKS,
    ("issued_document", "kind"): documents.DOCUMENT_KINDS,
    ("document_template", "kind"): documents.DOCUMENT_KINDS,
    # the keys of JSON objects
    ("campaign", "narrative"): documents.NARRATIVE,
    ("award_title", "multiples"): awards.SUBJECTS,
    ("nomination", "achievement_text"): achievement_parts.PARTS,
    ("backup", "kind"): backups.KIND_LABELS,
    ("setting", "key"): declared.REGISTRY,
}


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


# Fields named alike that mean something else in one kind of record.
ENTITY_FIELD_LABELS = {("council_member", "role"): "Chức vụ", ("backup", "kind"): "Loại bản sao",
                       ("setting", "key"): "Mục", ("campaign", "signer_authority"): WARD_FIELDS["signer_authority"][0],
                       **{("ward", k): label for k, (label, _) in WARD_FIELDS.items()}}


@functools.cache
def _column_labels() -> dict[tuple[str, str], str]:
    """The units' and people's fields by their lists' column headers (imported when first
    needed: the column tables bring the spreadsheet code along)."""
    from ..registry.columns import PEOPLE_COLUMNS, UNIT_COLUMNS

    return {(entity, c.attr): c.header for entity, columns in (("unit", UNIT_COLUMNS), ("person", PEOPLE_COLUMNS))
            for c in columns if c.attr}


def field_label(name: str, entity: str = "") -> str:
    return (ENTITY_FIELD_LABELS.get((entity, name)) or _column_labels().get((entity, name))
            or FIELD_LABELS.get(name, name))


def format_value(value: Any) -> str:
    """A stored value as the clerk reads it, whatever field it comes from."""
    if value is None or value == "":
        return "(trống)"
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format_number(value, max_decimals=4)
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


@functools.cache
def code_labels(entity: str, field: str) -> dict[str, str]:
    """The labels of the codes stored in ``entity.field`` (empty when it holds no codes)."""
    found = CODE_LISTS.get((entity, field))
    if found is None:
        return {}
    if isinstance(found, type) and issubclass(found, enum.Enum):
        return {member.value: member.label for member in found}
    if isinstance(found, list):  # sections with a key and a label
        return {item.key: item.label for item in found}
    return {getattr(code, "value", code): getattr(label, "label", label) for code, label in found.items()}


def _parameter_labels() -> dict[str, str]:
    from ...domain.scoring import RULE_PARAMS

    return {p.key: p.label for specs in RULE_PARAMS.values() for p in specs}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _section(label: str) -> str:
    """"II.1. Công tác lãnh đạo…" → "Công tác lãnh đạo…" (the numbering is the report's)."""
    return re.sub(r"^[IVX]+(\.\d+)?\.\s*", "", label)


def _key_label(entity: str, field: str, key: str) -> str:
    if (entity, field) == ("criterion", "params"):
        return _parameter_labels().get(key, key)
    labels = code_labels(entity, field)
    if (entity, field) == ("campaign", "narrative"):
        period, _, part = key.rpartition("/")  # a báo cáo sơ kết's part is kept as "6t/uu_diem"
        return f"sơ kết {period}: {_section(labels.get(part, part))}" if period else _section(labels.get(key, key))
    return labels.get(key) or field_label(key)


def _item(entity: str, field: str, item: Any) -> str:
    """One element of a JSON list."""
    if isinstance(item, dict):
        if "message" in item:  # an eligibility finding
            return _short(str(item["message"]), 120)
        if "name" in item and "min" in item:  # a rating band
            return f"{item['name']} từ {format_value(item['min'])} điểm"
        if "reason" in item:  # a reopening
            return f"{format_value(item.get('at'))}, {item.get('by') or '—'}: {_short(str(item['reason']))}"
        return "; ".join(f"{field_label(k)}: {_short(format_value(v))}" for k, v in item.items())
    labels = code_labels(entity, field)
    return labels.get(item, format_value(item)) if isinstance(item, str) else format_value(item)


# JSON objects holding another record's fields as they were (a result before it was replaced).
SNAPSHOTS = {("result_history", "snapshot"): "result"}
# A backup's or a restore's data version ("0008_unit_lineage"): the clerk reads its number.
SCHEMA_FIELDS = {"app_schema", "schema"}
# Sums of money in whole đồng: "3.510.000 đồng", as every paper writes them.
MONEY_FIELDS = {"prize_amount"}


def describe(entity: str, field: str, value: Any) -> str:
    """A stored value in words: codes by their labels, JSON objects and lists summarised."""
    if value in (None, "", [], {}):
        return "(trống)"
    if field in SCHEMA_FIELDS and isinstance(value, str):
        return backups.schema_words(value)
    if field in MONEY_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{format_money(value)} đồng"
    of = SNAPSHOTS.get((entity, field))
    if of is not None and isinstance(value, dict):
        return "; ".join(f"{field_label(k, of)}: {_short(describe(of, k, v))}" for k, v in value.items())
    if isinstance(value, dict):
        if (entity, field) == ("campaign", "narrative"):
            parts = [_key_label(entity, field, k) for k, v in value.items() if str(v).strip()]
            return f"{len(parts)} phần ({', '.join(parts)})"
        return "; ".join(f"{_key_label(entity, field, k)}: {_short(format_value(v))}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_item(entity, field, item) for item in value)
    if isinstance(value, str):
        labels = code_labels(entity, field)
        if value in labels:
            return labels[value]
    return format_value(value)


def describe_change(entity: str, field: str, old: Any, new: Any) -> str:
    """What changed in one field: "old → new", or for a JSON object the parts changed."""
    if isinstance(old, dict) or isinstance(new, dict):
        old, new = old or {}, new or {}
        keys = [k for k in {**old, **new} if old.get(k) != new.get(k)]
        if (entity, field) == ("campaign", "narrative"):
            labels = [_key_label(entity, field, k) for k in keys]
            return f"sửa {len(labels)} phần ({', '.join(labels)})"
        return "; ".join(f"{_key_label(entity, field, k)}: {describe(entity, field, old.get(k))} → "
                         f"{describe(entity, field, new.get(k))}" for k in keys)
    return f"{describe(entity, field, old)} → {describe(entity, field, new)}"


def _change_in_words(entity: str, field: str, old: Any, new: Any) -> str:
    return f"{field_label(field, entity)}: {describe_change(entity, field, old, new)}"


# --- settings' values ---------------------------------------------------------------
# A setting holding codes: the eligibility rules (their mode and parameters) and the tie-break chains.
RULES_BY_SETTING = {rule.setting_key: rule for rule in eligibility.RULES}
SETTING_CODES = {"scoring.ward_tiebreak": scoring.TIEBREAKS, "scoring.default_tiebreak": scoring.TIEBREAKS}
PARAMETER_CODES = {"rating": units.RATINGS, "discipline": units.DISCIPLINES}
RULE_PARTS = {"mode": "Cách xét", "titles": "Áp dụng cho danh hiệu", "text": "Nội dung"}


def _rule_value(kind: str, value: Any) -> str:
    if kind == "kinds" and isinstance(value, dict):  # title code → unit kinds
        return "; ".join(f"{code}: {', '.join(units.UNIT_KINDS.get(k, k) for k in kinds)}"
                         for code, kinds in value.items())
    codes = PARAMETER_CODES.get(kind, {})
    if isinstance(value, list):
        return ", ".join(codes.get(v, format_value(v)) if isinstance(v, str) else format_value(v) for v in value)
    return codes.get(value, format_value(value)) if isinstance(value, str) else format_value(value)


def _rule_part(rule: eligibility.RuleDef, key: str, value: Any) -> tuple[str, str]:
    """(label, value in words) of one part of an eligibility rule's setting."""
    if key == "mode":
        return RULE_PARTS[key], eligibility.MODE_LABELS.get(eligibility.Mode(value), value) \
            if value in {m.value for m in eligibility.Mode} else format_value(value)
    if key == "titles":
        return RULE_PARTS[key], eligibility.titles_text(value) if isinstance(value, list) else format_value(value)
    if key == "text":
        return RULE_PARTS[key], _short(str(value))
    param = next((p for p in rule.param_defs if p.key == key), None)
    return (param.label, _rule_value(param.kind, value)) if param else (field_label(key), format_value(value))


def setting_words(key: str, value: Any) -> str:
    """A setting's stored value in words (``key`` is the setting's, e.g. "scoring.ward_tiebreak")."""
    rule = RULES_BY_SETTING.get(key)
    if rule is not None and isinstance(value, dict):
        return "; ".join(f"{label}: {words}" for label, words in (_rule_part(rule, k, v) for k, v in value.items()))
    codes = SETTING_CODES.get(key)
    if codes is not None and isinstance(value, list):
        return "; ".join(codes[v].label if v in codes else format_value(v) for v in value)
    return describe("setting", "value", value)


def setting_change(key: str, old: Any, new: Any) -> str:
    """What changed in a setting: for a rule, only its parts that changed."""
    rule = RULES_BY_SETTING.get(key)
    if rule is not None and isinstance(old, dict) and isinstance(new, dict):
        parts = []
        for part in (k for k in {**old, **new} if old.get(k) != new.get(k)):
            label, before = _rule_part(rule, part, old.get(part))
            parts.append(f"{label}: {before} → {_rule_part(rule, part, new.get(part))[1]}")
        return "; ".join(parts)
    return f"{setting_words(key, old)} → {setting_words(key, new)}"


concurrency.entity_words = entity_label
concurrency.change_words = _change_in_words


def _code(code: Any) -> str:
    return f"({code})"


# Fields holding another record's id, and how the clerk names that record:
# the unit's name, the target's code "(8)"…, not the database's number.
REFERENCES: dict[str, tuple[Any, Callable[[Any], str]]] = {
    "unit_id": (Unit.name, str), "leader_unit_id": (Unit.name, str), "deputy_unit_id": (Unit.name, str),
    "proposing_unit_id": (Unit.name, str), "predecessor_id": (Unit.name, str),
    "person_id": (Person.full_name, str), "block_id": (EmulationBlock.name, str),
    "measure_id": (Measure.code, _code), "target_id": (Target.code, _code),
    "criterion_id": (Criterion.label, _short), "title_id": (AwardTitle.name, str),
    "period_id": (Period.name, str), "campaign_id": (Campaign.year, str), "decision_id": (Decision.number, str),
    "session_id": (CouncilSession.number, lambda number: f"biên bản {number}"),
}

# Settings whose value is a secret's hash: the trail keeps it, the screen does not show it.
HIDDEN_SETTINGS = {"accounts.recovery_code_hash"}

Names = dict[str, dict[int, str]]  # field → record id → what the clerk calls the record


def _referenced_ids(rows: list["AuditRow"]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {}
    for row in rows:
        for key, value in (row.changes or {}).items():
            if key in REFERENCES:
                values = value if row.action == "update" and isinstance(value, list) else [value]
                wanted.setdefault(key, set()).update(v for v in values if isinstance(v, int))
    return wanted


def _source(column: Any) -> str:
    return f"{column.class_.__tablename__}.{column.key}"


def _names(session: Session, rows: list["AuditRow"]) -> Names:
    """The names of every record the rows' changes point to: one query per kind of
    record for the page; a record deleted since is named as the trail last named it."""
    wanted = _referenced_ids(rows)
    by_source: dict[str, tuple[Any, set[int]]] = {}  # "unit.name" → (column, ids): one query per column
    for key, ids in wanted.items():
        column = REFERENCES[key][0]
        by_source.setdefault(_source(column), (column, set()))[1].update(ids)
    found: dict[str, dict[int, str]] = {}
    for source, (column, ids) in by_source.items():
        model = column.class_
        known = dict(session.execute(select(model.id, column).where(model.id.in_(ids))).all())
        gone = ids - known.keys()
        if gone:  # the label of the record's last entry in the trail
            for entity_id, label in session.execute(
                    select(AuditEntry.entity_id, AuditEntry.label).order_by(AuditEntry.id)
                    .where(AuditEntry.entity == model.__tablename__, AuditEntry.entity_id.in_(gone))):
                if label:
                    known[entity_id] = label
        found[source] = known
    names: Names = {}
    for key, ids in wanted.items():
        column, shown = REFERENCES[key]
        known = found[_source(column)]
        names[key] = {i: shown(known[i]) for i in ids if known.get(i) not in (None, "")}
    return names


def _shown(key: str) -> bool:
    """The database's ids and the folded search keys are the program's, not the clerk's
    (a replaced result is named by its unit, period and target, in the same entry)."""
    return key not in ("id", "result_id") and not key.endswith("_key")


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
    names: Names = field(default_factory=dict, compare=False, repr=False)
    record_name: str = ""  # a nameless record named by what it points to (see RECORD_PARTS)

    def _describe(self, key: str, value: Any) -> str:
        if self.entity == "setting" and key == "value":
            if self.label in HIDDEN_SETTINGS:
                return "(đã ẩn)" if value else describe(self.entity, key, value)
            return setting_words(self.label, value)
        name = self.names.get(key, {}).get(value) if isinstance(value, int) else None
        return name if name is not None else describe(self.entity, key, value)

    def _describe_change(self, key: str, old: Any, new: Any) -> str:
        if self.entity == "setting" and key == "value" and self.label not in HIDDEN_SETTINGS:
            return setting_change(self.label, old, new)
        if key in self.names or (self.entity == "setting" and self.label in HIDDEN_SETTINGS):
            return f"{self._describe(key, old)} → {self._describe(key, new)}"
        return describe_change(self.entity, key, old, new)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity)

    @property
    def record(self) -> str:
        """The record as the clerk names it (a setting by its label, not its key)."""
        if self.entity == "setting":
            return describe("setting", "key", self.label)
        return self.label or self.record_name

    def _updates(self) -> list[tuple[str, Any, Any]]:
        return [(key, value[0], value[1]) for key, value in (self.changes or {}).items()
                if isinstance(value, list) and len(value) == 2]

    def change_lines(self) -> list[tuple[str, str, str]]:
        """(field, old, new) for updates; (field, "", value) for inserts, deletes and events."""
        e, words = self.entity, self._describe
        if self.action == "update":
            return [(field_label(k, e), words(k, old), words(k, new)) for k, old, new in self._updates()]
        held = {k: v for k, v in (self.changes or {}).items() if _shown(k)}
        if self.action == "delete":
            return [(field_label(k, e), words(k, v), "") for k, v in held.items()]
        return [(field_label(k, e), "", words(k, v)) for k, v in held.items()]

    def summary(self, limit: int = 160) -> str:
        """One line: what changed (for updates) or what the record was."""
        e = self.entity
        if self.action == "update":
            parts = [f"{field_label(k, e)}: {self._describe_change(k, old, new)}" for k, old, new in self._updates()]
        elif self.action == "event":
            parts = [self.label]
        else:  # what the record held, its most telling fields first
            values = {k: v for k, v in (self.changes or {}).items() if _shown(k) and v not in (None, "", [], {})}
            parts = [f"{field_label(k, e)}: {self._describe(k, v)}" for k, v in values.items()]
        text = "; ".join(p for p in parts if p)
        return text if len(text) <= limit else text[:limit - 1] + "…"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "entity": self.entity, "entity_label": self.entity_label, "entity_id": self.entity_id,
                "label": self.label, "record": self.record, "changes": self.changes, "reason": self.reason}


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


# What names a record that has no name of its own (a nomination, a result, an allocation):
# the records it points to, e.g. "Tổ dân phố số 7 — Giấy khen", "Tổ dân phố số 1 — (8) — Cả năm 2026";
# a year's plan by its year.
RECORD_PARTS = ("person_id", "unit_id", "household_name", "block_id", "measure_id", "criterion_id", "title_id",
                "period_id", "nomination_id", "year")


@functools.cache
def _models() -> dict[str, Any]:
    return {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers}


def _nameless(rows: list["AuditRow"]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {}
    for r in rows:
        if not r.label and r.entity_id is not None and r.entity in _models():
            wanted.setdefault(r.entity, set()).add(r.entity_id)
    return wanted


def _pointers(session: Session, wanted: dict[str, set[int]]) -> list["AuditRow"]:
    """What each record in ``wanted`` (kind → ids) points to, read from the record itself
    (one query per kind of record, by id), as insert rows to name."""
    found = []
    for entity, ids in wanted.items():
        model = _models()[entity]
        keys = [k for k in RECORD_PARTS if hasattr(model, k)]
        if keys:
            found += [AuditRow(0, dt.datetime.min, "", "insert", entity, i, "", dict(zip(keys, values)), "")
                      for i, *values in session.execute(select(model.id, *(getattr(model, k) for k in keys))
                                                        .where(model.id.in_(ids)))]
    return found


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _record_name(held: dict[str, Any], names: Names) -> str:
    parts = []
    for key in RECORD_PARTS:
        value = held.get(key)
        shown = names.get(key, {}).get(value) if key.endswith("_id") else value
        if shown:
            parts.append(f"Năm {shown}" if key == "year" else str(shown))
    return " — ".join(parts)


def _rows(session: Session, statement: Select) -> list[AuditRow]:
    rows = [AuditRow(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.label, e.changes or {},
                     e.reason) for e in session.scalars(statement)]
    wanted = _nameless(rows)
    # a deleted record's own delete entry holds what it pointed to
    pointers = [r for r in rows if r.action == "delete" and r.entity in wanted] + _pointers(session, wanted)
    nominations = {v for r in rows + pointers for v in _values(r.changes.get("nomination_id")) if isinstance(v, int)}
    nominated = _pointers(session, {"nomination": nominations}) if nominations else []
    names = _names(session, rows + pointers + nominated)
    names["nomination_id"] = {n.entity_id: _record_name(n.changes, names) for n in nominated}
    held = {(p.entity, p.entity_id): p.changes for p in pointers}
    return [replace(row, names=names, record_name=_record_name(held.get((row.entity, row.entity_id), {}), names))
            for row in rows]


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


_PROBLEMS = {
    "missing": "được thêm vào ngoài chương trình (không có mã kiểm tra)",
    "inserted": "được chèn vào ngoài chương trình",
    "changed": "đã bị sửa ngoài chương trình",
    "gap": "ngay trước nó có mục đã bị xóa ngoài chương trình",
}


def describe_broken_entry(broken: audit_chain.Broken) -> str:
    """The first entry where the audit chain breaks, as the clerk reads it."""
    when = f"{broken.at:%H:%M:%S} ngày {broken.at:%d/%m/%Y}" if broken.at else "không rõ lúc nào"
    what = f"{ACTION_LABELS.get(broken.action, broken.action)} {entity_label(broken.entity).lower()}"
    if broken.label:
        what += f" “{broken.label}”"
    who = f", người làm: {broken.actor}" if broken.actor else ""
    return (f"không còn nguyên vẹn từ mục số {broken.id} ({when}, {what}{who}): mục này "
            f"{_PROBLEMS.get(broken.problem, _PROBLEMS['changed'])}; "
            f"{format_number(broken.checked)} mục trước đó nguyên vẹn")


def rows_once_holding(session: Session, entities: tuple[str, ...], field_name: str, value: int) -> dict[str, set[int]]:
    """Ids of the records of ``entities`` that were inserted or deleted with ``field_name``
    equal to ``value`` (a unit's registrations, results… even those deleted since)."""
    found: dict[str, set[int]] = {}
    statement = select(AuditEntry.entity, AuditEntry.entity_id).where(
        AuditEntry.entity.in_(entities), AuditEntry.action.in_(("insert", "delete")),
        AuditEntry.changes[field_name].as_integer() == value)
    for entity, entity_id in session.execute(statement):
        if entity_id is not None:
            found.setdefault(entity, set()).add(entity_id)
    return found


def record_entries(session: Session, records: dict[str, set[int]], limit: int = 200) -> tuple[int, list[AuditRow]]:
    """How many entries the trail holds for these records (entity → ids), and the
    newest ``limit`` of them, with the names their changes point to."""
    wanted = [(AuditEntry.entity == entity) & AuditEntry.entity_id.in_(sorted(ids))
              for entity, ids in records.items() if ids]
    if not wanted:
        return 0, []
    where = or_(*wanted)
    total = session.scalar(select(func.count(AuditEntry.id)).where(where)) or 0
    newest = select(AuditEntry).where(where).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    return total, _rows(session, newest)

"""Rules for the ward's details and the plan's header, as the settings page edits them."""
from __future__ import annotations

import re

from .text import clean

WARD_FIELDS = {
    # field: (label, required)
    "name": ("Tên phường (ngắn)", True),
    "full_name": ("Tên đầy đủ", True),
    "authority": ("Cơ quan ban hành", True),
    "parent_city": ("Thành phố trực thuộc", True),
    "place_name": ("Địa danh ghi trên văn bản", True),
    "signer_name": ("Người ký (Chủ tịch)", True),
    "signer_title": ("Chức vụ người ký", True),
    "signer_authority": ("Quyền hạn ký", True),
    "deputy_signer_name": ("Phó Chủ tịch ký thay", False),
    "deputy_signer_title": ("Chức vụ người ký thay", False),
    "staff_office": ("Cơ quan thường trực", False),
    "staff_office_short": ("Ký hiệu đơn vị soạn thảo", False),
    "council_name": ("Tên Hội đồng Thi đua - Khen thưởng", False),
    "report_addressee": ("Nơi nhận báo cáo (Kính gửi)", False),
    "address": ("Địa chỉ", False),
    "phone": ("Điện thoại", False),
    "email": ("Thư điện tử", False),
}

UPPERCASE_FIELDS = ("signer_title", "signer_authority", "deputy_signer_title")

DOC_SYMBOLS = {
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "BB": "Biên bản (Hội đồng)",
}

_SYMBOL = re.compile(r"^[A-ZĐ][A-ZĐa-z0-9]*(-[A-ZĐ0-9][A-ZĐa-z0-9]*)*$")
_NUMBER = re.compile(r"^\d{1,5}/[A-ZĐ][A-ZĐa-z0-9]*(-[A-ZĐ0-9][A-ZĐa-z0-9]*)*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_ward_field(field: str, value: str) -> str | None:
    """The problem with one field's value, or None. Messages are Vietnamese."""
    label, required = WARD_FIELDS[field]
    value = clean(value)
    if required and not value:
        return f"“{label}” không được để trống."
    if field in UPPERCASE_FIELDS and value and value != value.upper():
        return f"“{label}” viết chữ in hoa theo Nghị định 30/2020 (ví dụ: {value.upper()})."
    if field == "email" and value and not _EMAIL.match(value):
        return f"“{value}” không phải là địa chỉ thư điện tử."
    return None


def check_doc_symbol(value: str) -> str | None:
    value = clean(value)
    if not value:
        return "Ký hiệu văn bản không được để trống."
    if not _SYMBOL.match(value):
        return f"Ký hiệu “{value}” không đúng dạng (ví dụ: BC-UBND, không có dấu cách)."
    return None


def check_document_number(value: str) -> str | None:
    """``56/KH-UBND``: number, slash, symbol groups joined by hyphens, no spaces."""
    value = clean(value)
    if value and not _NUMBER.match(value):
        return f"Số, ký hiệu “{value}” không đúng dạng (ví dụ: 56/KH-UBND)."
    return None


def check_plan_number(value: str) -> str | None:
    """The ward's plan number: ``12/KH-UBND``, or ``12`` alone (the plan's
    symbol from the Settings is added when it is saved)."""
    return None if clean(value).isdigit() else check_document_number(value)

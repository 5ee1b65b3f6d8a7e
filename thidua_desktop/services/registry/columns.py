"""The registry's columns: what each imported and exported column of units and people is."""
from __future__ import annotations

from dataclasses import dataclass


from ..xlsx.files import HeaderSpec

# --- columns -------------------------------------------------------------------

UNIT_SPECS = [
    HeaderSpec("name", ("Tên đơn vị", "Đơn vị", "Tên cơ quan, đơn vị", "Cơ quan, đơn vị", "Tên cơ quan",
                        "Tên tập thể", "Tên đơn vị, tập thể"), required=True),
    HeaderSpec("kind", ("Loại hình", "Loại", "Loại đơn vị", "Loại hình đơn vị")),
    HeaderSpec("block", ("Khối thi đua", "Khối", "Thuộc khối", "Cụm, khối thi đua", "Khối, cụm thi đua")),
    HeaderSpec("role", ("Vai trò trong khối", "Vai trò", "Trưởng, phó khối")),
    HeaderSpec("head_name", ("Thủ trưởng", "Thủ trưởng đơn vị", "Người đứng đầu", "Họ tên thủ trưởng",
                             "Trưởng đơn vị", "Lãnh đạo đơn vị")),
    HeaderSpec("phone", ("Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Điện thoại liên hệ")),
    HeaderSpec("address", ("Địa chỉ", "Trụ sở", "Địa chỉ trụ sở")),
    HeaderSpec("email", ("Thư điện tử", "Email", "E-mail", "Hộp thư điện tử")),
    HeaderSpec("staff_count", ("Số cán bộ, người lao động", "Tổng số cán bộ", "Số cán bộ", "Số lao động",
                               "Tổng số người", "Tổng số", "Số người", "Quân số")),
    HeaderSpec("female_staff_count", ("Trong đó nữ", "Số nữ", "Nữ", "Số lao động nữ", "Số cán bộ nữ")),
    HeaderSpec("active", ("Đang hoạt động", "Hoạt động", "Còn hoạt động")),
    HeaderSpec("note", ("Ghi chú",)),
]

PEOPLE_SPECS = [
    HeaderSpec("full_name", ("Họ và tên", "Họ tên", "Họ và tên cá nhân", "Tên cá nhân", "Họ, tên"), required=True),
    HeaderSpec("gender", ("Giới tính", "Nam/Nữ", "Nam, nữ", "Phái")),
    HeaderSpec("birth", ("Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Sinh ngày")),
    HeaderSpec("birth_year", ("Năm sinh",)),
    HeaderSpec("male_mark", ("Nam",)),
    HeaderSpec("female_mark", ("Nữ",)),
    HeaderSpec("position", ("Chức vụ", "Chức danh", "Chức vụ, chức danh", "Chức vụ (Đảng, chính quyền, đoàn thể)")),
    HeaderSpec("unit", ("Đơn vị", "Đơn vị công tác", "Tên đơn vị", "Cơ quan, đơn vị", "Nơi công tác",
                        "Cơ quan công tác"), required=True),
    HeaderSpec("leader", ("Lãnh đạo", "Giữ chức vụ lãnh đạo", "Là lãnh đạo", "Lãnh đạo, quản lý",
                          "Cán bộ lãnh đạo")),
    HeaderSpec("phone", ("Điện thoại", "Số điện thoại", "SĐT", "ĐT")),
    HeaderSpec("address", ("Địa chỉ", "Nơi ở", "Địa chỉ thường trú", "Trú quán", "Nơi ở hiện nay")),
    HeaderSpec("active", ("Đang công tác", "Còn công tác", "Đang làm việc")),
    HeaderSpec("note", ("Ghi chú",)),
]

_YES, _NO = "Có", "Không"

# --- units: classification ---------------------------------------------------


_UNIT_FIELD_NAMES = {
    "kind": "loại hình", "head_name": "thủ trưởng", "phone": "điện thoại", "address": "địa chỉ",
    "email": "thư điện tử", "staff_count": "số cán bộ", "female_staff_count": "số nữ",
    "active": "hoạt động", "note": "ghi chú",
}
_UNIT_COLUMNS = tuple(_UNIT_FIELD_NAMES)

# --- people: classification --------------------------------------------------

_PERSON_FIELDS = ("gender", "birth_date", "birth_year", "position", "is_leader", "phone", "address", "active", "note")
_PERSON_FIELD_NAMES = {
    "gender": "giới tính", "birth_date": "ngày sinh", "birth_year": "năm sinh", "position": "chức vụ",
    "is_leader": "lãnh đạo", "phone": "điện thoại", "address": "địa chỉ", "active": "đang công tác",
    "note": "ghi chú",
}
_PERSON_COLUMNS = ("id", "full_name", "name_key", "unit_id") + _PERSON_FIELDS


# --- writing -----------------------------------------------------------------


@dataclass(frozen=True)
class _Col:
    header: str
    width: float
    kind: str = "text"  # text, phone, date, int
    choices: str | None = None  # name of a list on the "Danh mục" sheet
    strict: bool = True  # False: values outside the list are allowed (with a warning)
    required: bool = False


_UNIT_COLS = [
    _Col("STT", 6, "int"),
    _Col("Tên đơn vị", 42, required=True),
    _Col("Loại hình", 22, choices="kind"),
    _Col("Khối thi đua", 36, choices="block", strict=False),
    _Col("Vai trò trong khối", 16, choices="role"),
    _Col("Thủ trưởng", 24),
    _Col("Điện thoại", 15, "phone"),
    _Col("Địa chỉ", 34),
    _Col("Thư điện tử", 26),
    _Col("Số cán bộ, người lao động", 13, "int"),
    _Col("Trong đó nữ", 10, "int"),
    _Col("Đang hoạt động", 11, choices="yesno"),
    _Col("Ghi chú", 30),
]

_PEOPLE_COLS = [
    _Col("STT", 6, "int"),
    _Col("Họ và tên", 26, required=True),
    _Col("Giới tính", 9, choices="gender"),
    _Col("Ngày sinh", 12, "date"),
    _Col("Năm sinh", 9, "int"),
    _Col("Chức vụ", 28),
    _Col("Đơn vị", 40, choices="unit", strict=False, required=True),
    _Col("Lãnh đạo", 10, choices="yesno"),
    _Col("Điện thoại", 15, "phone"),
    _Col("Địa chỉ", 30),
    _Col("Đang công tác", 11, choices="yesno"),
    _Col("Ghi chú", 26),
]

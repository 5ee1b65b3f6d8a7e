"""The registry's column tables: every column of a units, people, blocks or
registrations list, declared once (a :class:`..xlsx.columns.Column` each).

Each line says which headers an import accepts for the column, how wide and of
what kind its cells are, its dropdown list, how a cell is read (checked and
cleaned) and how a record's value is written, which model attribute keeps the
value, the word the import preview uses when the value changes, and its
paragraph on the instructions sheet. Imports (:mod:`.excel_read`,
:mod:`.excel_import`), exports and templates (:mod:`.excel_export`) all read
these tables: adding a column to a list is a line here, the model's attribute
and a migration (``tests/test_column_tables.py`` holds the tables to that).

Units and people go both ways; the blocks and registrations sheets of a units
export are written only (an import reads the units sheet).
"""
from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable

from ...domain.registry import (
    BLOCK_ROLES,
    check_person_name,
    check_phone,
    kind_choices,
    kind_code,
    normalise_person_name,
    parse_birth,
    parse_count,
    parse_gender,
    parse_role,
    parse_year,
    parse_yes_no,
)
from ...domain.text import TextError, clean, clean_multiline, name_problem
from ...domain.units import GENDERS, UNIT_KINDS
from ..xlsx.columns import NUMBER, Column, Reader
from ..xlsx.files import cell_text, phone_text


# --- reading cells -----------------------------------------------------------


def _text(value: Any, _header: str = "") -> str:
    return cell_text(value)


def _multiline(value: Any, _header: str) -> str:
    return clean_multiline(value) if isinstance(value, str) else cell_text(value)


def _plain(parse: Callable[[Any], Any]) -> Reader:
    return lambda value, _header: parse(value)


def _unit_name(value: Any, _header: str) -> str:
    problem = name_problem(cell_text(value), "Tên đơn vị")
    if problem:
        raise TextError(problem)
    return cell_text(value)


def _kind(value: Any, _header: str) -> str:
    code = kind_code(value)
    if code is None:
        raise TextError(f"loại hình “{clean(value)}” không có trong danh mục (chọn một trong {kind_choices()})")
    return code


def _block_name(value: Any, _header: str) -> str:
    name = cell_text(value)
    problem = name_problem(name, "Tên khối")
    if problem:
        raise TextError(problem)
    return name


def _person_name(value: Any, _header: str) -> str:
    name = normalise_person_name(cell_text(value), cleaned=True)
    problem = check_person_name(name, cleaned=True)
    if problem:
        raise TextError(problem.rstrip("."))
    return name


def _phone(value: Any, _header: str) -> str:
    phone = phone_text(value)
    problem = check_phone(phone, cleaned=True)
    if problem:
        raise TextError(problem.rstrip("."))
    return phone


def _unit_phone(value: Any, _header: str) -> str:  # checked with the unit's other fields
    return phone_text(value)


# --- the tables --------------------------------------------------------------

UNIT_COLUMNS: tuple[Column, ...] = (
    NUMBER,
    Column("Tên đơn vị", "name", ("Đơn vị", "Tên cơ quan, đơn vị", "Cơ quan, đơn vị", "Tên cơ quan", "Tên tập thể",
                                  "Tên đơn vị, tập thể"), 42, required=True, read=_unit_name, attr="name",
           help="Ghi đầy đủ, đúng tên gọi, ví dụ “Tổ dân phố số 1”, “Trường Tiểu học Bạch Đằng”."),
    Column("Loại hình", "kind", ("Loại", "Loại đơn vị", "Loại hình đơn vị"), 22, choices="kind", read=_kind,
           write=lambda r: UNIT_KINDS.get(r["kind"], ""), attr="kind", change="loại hình",
           help="Chọn một trong: " + "; ".join(UNIT_KINDS.values()) + ". Để trống thì chương trình đoán "
                "theo tên (ví dụ tên bắt đầu bằng “Tổ dân phố” là tổ dân phố)."),
    Column("Khối thi đua", "block", ("Khối", "Thuộc khối", "Cụm, khối thi đua", "Khối, cụm thi đua"), 36,
           choices="block", strict=False, read=_block_name, write=lambda r: r["block_name"],
           help="Khối thi đua năm {year} của đơn vị. Khối chưa có sẽ được tạo mới khi nhập."),
    Column("Vai trò trong khối", "role", ("Vai trò", "Trưởng, phó khối"), 16, choices="role",
           read=_plain(parse_role),
           write=lambda r: BLOCK_ROLES.get(r["block_role"], "") if r["block_id"] is not None else "",
           help="“Trưởng khối”, “Phó khối” hoặc “Thành viên” (để trống là thành viên). "
                "Mỗi khối có một trưởng khối và một phó khối."),
    Column("Thủ trưởng", "head_name", ("Thủ trưởng đơn vị", "Người đứng đầu", "Họ tên thủ trưởng", "Trưởng đơn vị",
                                       "Lãnh đạo đơn vị"), 24, read=_plain(normalise_person_name),
           attr="head_name", change="thủ trưởng"),
    Column("Điện thoại", "phone", ("Số điện thoại", "SĐT", "ĐT", "Điện thoại liên hệ"), 15, "phone",
           read=_unit_phone, attr="phone", change="điện thoại"),
    Column("Địa chỉ", "address", ("Trụ sở", "Địa chỉ trụ sở"), 34, read=_text, attr="address", change="địa chỉ"),
    Column("Thư điện tử", "email", ("Email", "Hộp thư điện tử"), 26, read=_text, attr="email",
           change="thư điện tử"),
    Column("Số cán bộ, người lao động", "staff_count", ("Tổng số cán bộ", "Số cán bộ", "Số lao động", "Tổng số người",
                                                        "Tổng số", "Số người", "Quân số"), 13, "int", read=parse_count,
           attr="staff_count", change="số cán bộ",
           help="Tổng số cán bộ, công chức, viên chức, người lao động (số nguyên); "
                "“Trong đó nữ” không được lớn hơn tổng số."),
    Column("Trong đó nữ", "female_staff_count", ("Số nữ", "Nữ", "Số lao động nữ", "Số cán bộ nữ"), 10, "int",
           read=parse_count, attr="female_staff_count", change="số nữ"),
    Column("Đang hoạt động", "active", ("Hoạt động", "Còn hoạt động"), 11, choices="yesno", read=parse_yes_no,
           attr="active", change="hoạt động",
           help="“Có” hoặc “Không”. Đơn vị đã giải thể, sáp nhập ghi “Không” (giữ lại lịch sử)."),
    Column("Ghi chú", "note", (), 30, read=_multiline, attr="note", change="ghi chú"),
)

PEOPLE_COLUMNS: tuple[Column, ...] = (
    NUMBER,
    Column("Họ và tên", "full_name", ("Họ tên", "Họ và tên cá nhân", "Tên cá nhân"), 26, required=True,
           read=_person_name, attr="full_name",
           help="Ghi đầy đủ, không viết tắt. Tên viết IN HOA hoặc chữ thường được sửa thành “Nguyễn Văn An”."),
    Column("Giới tính", "gender", ("Nam/Nữ", "Phái"), 9, choices="gender", read=_plain(parse_gender),
           write=lambda r: GENDERS.get(r["gender"], ""), attr="gender", change="giới tính",
           help="“Nam” hoặc “Nữ”."),
    Column("Ngày sinh", "birth", ("Ngày, tháng, năm sinh", "Sinh ngày"), 12, "date",
           read=_plain(parse_birth), attr="birth_date", change="ngày sinh", help_title="Ngày sinh, Năm sinh",
           help="Ngày sinh dạng ngày/tháng/năm (05/12/1980) hoặc ô ngày của Excel; nếu chỉ biết năm "
                "thì ghi vào “Năm sinh” (hoặc ghi năm vào “Ngày sinh”)."),
    Column("Năm sinh", "birth_year", (), 9, "int", read=_plain(parse_year), attr="birth_year", change="năm sinh"),
    # The two halves of a two-row "Ngày, tháng, năm sinh" header: the line's parser reads them together.
    Column("Nam", "male_mark", help_title="Tiêu đề hai dòng Nam/Nữ",
           help="Cũng nhập được danh sách theo mẫu thường dùng có tiêu đề hai dòng: ô “Ngày, tháng, năm sinh” (hoặc "
                "“Năm sinh”) gộp trên hai cột con “Nam” và “Nữ”, các cột khác gộp dọc hai dòng. Ngày sinh (hoặc năm "
                "sinh) của nam ghi ở cột “Nam”, của nữ ghi ở cột “Nữ”; chương trình lấy giới tính theo cột được "
                "ghi. Mỗi người chỉ ghi ở một trong hai cột; nếu có thêm cột “Giới tính” thì phải khớp."),
    Column("Nữ", "female_mark"),
    Column("Chức vụ", "position", ("Chức danh", "Chức vụ, chức danh", "Chức vụ (Đảng, chính quyền, đoàn thể)"), 28,
           read=_text, attr="position", change="chức vụ"),
    Column("Đơn vị", "unit", ("Đơn vị công tác", "Tên đơn vị", "Cơ quan, đơn vị", "Nơi công tác", "Cơ quan công tác"),
           40, choices="unit", strict=False, required=True, read=_text, write=lambda r: r["unit_name"],
           help="Tên đơn vị công tác, phải có trong danh sách đơn vị (không cần đúng dấu, chữ hoa). "
                "Hãy nhập danh sách đơn vị trước danh sách cá nhân."),
    Column("Lãnh đạo", "leader", ("Giữ chức vụ lãnh đạo", "Là lãnh đạo", "Lãnh đạo, quản lý", "Cán bộ lãnh đạo"), 10,
           choices="yesno", read=parse_yes_no, attr="is_leader", change="lãnh đạo",
           help="“Có” nếu người này giữ chức vụ lãnh đạo, quản lý (Chủ tịch, Phó Chủ tịch, Trưởng, Phó phòng, "
                "Hiệu trưởng…). Kế hoạch thi đua chú trọng khen thưởng người trực tiếp lao động, công tác, nên "
                "tỷ lệ lãnh đạo trong danh sách khen thưởng được báo cáo. Không có cột này thì chương trình "
                "suy ra từ chức vụ."),
    Column("Điện thoại", "phone", ("Số điện thoại", "SĐT", "ĐT"), 15, "phone", read=_phone, attr="phone",
           change="điện thoại"),
    Column("Địa chỉ", "address", ("Nơi ở", "Địa chỉ thường trú", "Trú quán", "Nơi ở hiện nay"), 30, read=_text,
           attr="address", change="địa chỉ"),
    Column("Đang công tác", "active", ("Còn công tác", "Đang làm việc"), 11, choices="yesno", read=parse_yes_no,
           attr="active", change="đang công tác", help="“Có” hoặc “Không” (đã nghỉ hưu, chuyển công tác)."),
    Column("Ghi chú", "note", (), 26, read=_multiline, attr="note", change="ghi chú"),
)

# Written with a units export, to look at and print (rows of the blocks and registrations services).
BLOCK_COLUMNS: tuple[Column, ...] = (
    NUMBER,
    Column("Khối thi đua", width=34, write=attrgetter("name")),
    Column("Trưởng khối", width=34, write=attrgetter("leader_name")),
    Column("Phó khối", width=34, write=attrgetter("deputy_name")),
    Column("Số đơn vị", width=10, kind="int", write=attrgetter("member_count")),
    Column("Các đơn vị thành viên", width=90, write=attrgetter("member_names")),
)

REGISTRATION_COLUMNS: tuple[Column, ...] = (
    NUMBER,
    Column("Đơn vị", width=42, write=attrgetter("unit_name")),
    Column("Khối thi đua", width=30, write=attrgetter("block_name")),
    Column("Ngày đăng ký", width=12, kind="date", write=attrgetter("registered_on")),
    Column("Danh hiệu, hình thức đăng ký", width=60,
           write=lambda r: r.titles_text if r.registered else "Chưa đăng ký"),
    Column("Ghi chú", width=30, write=attrgetter("note")),
)

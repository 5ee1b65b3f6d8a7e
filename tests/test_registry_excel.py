"""Units and people through real Excel files: templates, exports, imports with a preview."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import openpyxl
import pytest
from sqlalchemy import select

from registry_helpers import add_units, campaign_id, counts, write_merged_xlsx, write_xlsx
from thidua_desktop.errors import UserError
from thidua_desktop.services.registry import blocks as block_service
from thidua_desktop.services.registry import people as people_service
from thidua_desktop.services.registry import excel as rx
from thidua_desktop.services.registry import units as unit_service
from thidua_desktop.services.app import open_app
from thidua_desktop.services.demo import build_demo
from thidua_desktop.services.xlsx.files import find_table
from thidua_desktop.services.xlsx.importing import Outcome
from thidua_desktop.storage.models import AuditEntry, Person, Unit


def outcomes(preview):
    return [(r.row, r.outcome) for r in preview.rows]


# --- units ---------------------------------------------------------------------


def test_units_header_below_title_rows_in_any_case_order_and_accents(db, tmp_path):
    path = write_xlsx(tmp_path / "don vi.xlsx", [
        ["DANH SÁCH ĐƠN VỊ NĂM 2026"],
        ["(kèm theo công văn số 12)"],
        [],
        ["  khoi thi dua ", "TÊN   ĐƠN VỊ", "Loai hinh", "Dien thoai", "Thủ trưởng", "Số cán bộ", "Trong đó nữ", "STT"],
        ["Khối tổ dân phố", unicodedata.normalize("NFD", "Tổ dân phố số 1"), "Tổ dân phố", 912345678,
         "NGUYỄN VĂN AN", 5, 2, 1],
        [],
        [None, None, None, None, None, None, None, 2],  # numbered in advance, otherwise empty
        ["Khối tổ dân phố", "Tổ dân phố số 2", None, "0225 3871 234", "", None, None, 3],
        ["", "Trường Tiểu học Bạch Đằng", "truong hoc", None, None, 40, 35, 4],
        [None, "Tổng cộng", None, None, None, 45, 37, None],
    ])
    preview = rx.preview_units_import(db, path)
    assert preview.ok, preview.lines()
    assert outcomes(preview) == [(5, Outcome.NEW), (8, Outcome.NEW), (9, Outcome.NEW)]
    assert "tạo khối mới “Khối tổ dân phố”" in preview.rows[0].message
    assert "loại hình theo tên: Tổ dân phố" in preview.rows[1].message
    assert counts(db)[0] == 0  # the preview wrote nothing
    message = rx.apply_units_import(db, preview)
    assert "thêm 3 đơn vị" in message and "tạo 1 khối thi đua mới" in message
    with db.read() as session:
        rows = {u.name: u for u in unit_service.list_units(session, campaign_id(db))}
    tdp1 = rows["Tổ dân phố số 1"]
    assert tdp1.phone == "0912345678" and tdp1.head_name == "Nguyễn Văn An"
    assert (tdp1.kind, tdp1.staff_count, tdp1.female_staff_count) == ("to_dan_pho", 5, 2)
    assert tdp1.block_name == "Khối tổ dân phố" and rows["Tổ dân phố số 2"].block_name == "Khối tổ dân phố"
    assert rows["Tổ dân phố số 2"].kind == "to_dan_pho" and rows["Tổ dân phố số 2"].phone == "0225 3871 234"
    assert rows["Trường Tiểu học Bạch Đằng"].kind == "truong_hoc"
    assert rows["Trường Tiểu học Bạch Đằng"].block_name == ""


def test_units_reimport_updates_changed_fields_and_keeps_blank_cells(db, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", [["Tên đơn vị", "Điện thoại", "Địa chỉ"],
                                             ["Phòng Văn hóa - Xã hội", "0225 3871 111", "Trụ sở UBND"]])
    rx.apply_units_import(db, rx.preview_units_import(db, first))
    second = write_xlsx(tmp_path / "b.xlsx", [["Tên đơn vị", "Điện thoại", "Địa chỉ"],
                                              ["  phòng văn hoá - xã hội ", None, "Số 1 đường Bạch Đằng"],
                                              ["Phòng Kinh tế", None, None]])
    preview = rx.preview_units_import(db, second)
    assert outcomes(preview) == [(2, Outcome.UPDATE), (3, Outcome.NEW)]
    assert preview.rows[0].name == "Phòng Văn hóa - Xã hội" and "địa chỉ" in preview.rows[0].message
    rx.apply_units_import(db, preview)
    with db.read() as session:
        unit = session.scalar(select(Unit).where(Unit.name == "Phòng Văn hóa - Xã hội"))
        assert unit.phone == "0225 3871 111" and unit.address == "Số 1 đường Bạch Đằng"
        assert session.scalar(select(Unit).where(Unit.name == "Phòng Kinh tế")).kind == "co_quan"
    again = rx.preview_units_import(db, second)
    assert [r.outcome for r in again.rows] == [Outcome.UNCHANGED, Outcome.UNCHANGED]


def test_units_duplicate_names_inside_the_file_write_nothing(db, tmp_path):
    path = write_xlsx(tmp_path / "trùng.xlsx", [["Tên đơn vị"], ["Tổ dân phố số 1"], ["Tổ dân phố số 2"],
                                                 [" tổ dân phố  SỐ 1 "]])
    preview = rx.preview_units_import(db, path)
    assert not preview.ok
    assert preview.errors[0].row == 4 and "trùng tên với dòng 2" in preview.errors[0].message
    with pytest.raises(UserError, match=r"(?s)trùng\.xlsx.*1 dòng lỗi; chưa nhập gì.*Dòng 4"):
        rx.apply_units_import(db, preview)
    assert counts(db)[0] == 0


def test_units_row_errors_name_row_and_reason(db, tmp_path):
    path = write_xlsx(tmp_path / "lỗi.xlsx", [
        ["Tên đơn vị", "Loại hình", "Số cán bộ", "Trong đó nữ", "Khối thi đua", "Vai trò trong khối", "Thư điện tử"],
        ["Đơn vị A", "bệnh viện", None, None, None, None, None],
        ["Đơn vị B", None, 5, 7, None, None, None],
        ["Đơn vị C", None, "năm", None, None, None, None],
        ["Đơn vị D", None, None, None, "Khối 1", "Trưởng khối", None],
        ["Đơn vị E", None, None, None, "khoi 1", "trưởng khối", None],
        ["Đơn vị F", None, None, None, None, "Phó khối", None],
        ["Đơn vị G", None, None, None, None, None, "không-phải-thư"],
        [None, "Cơ quan", None, None, None, None, None],
    ])
    preview = rx.preview_units_import(db, path)
    errors = {r.row: r.message for r in preview.errors}
    assert "loại hình “bệnh viện” không có trong danh mục" in errors[2]
    assert "Số nữ (7) nhiều hơn tổng số" in errors[3]
    assert "không phải là số nguyên" in errors[4]
    assert 5 not in errors and "trưởng khối của “Khối 1” đã ghi ở dòng 5" in errors[6]
    assert "chưa ghi khối thi đua" in errors[7]
    assert "không phải là địa chỉ thư điện tử" in errors[8]
    assert "thiếu tên đơn vị" in errors[9]
    assert counts(db)[0] == 0


def test_units_fold_match_updates_the_existing_unit(db, tmp_path):
    add_units(db, "Trạm Y tế phường", kind="don_vi_su_nghiep")
    path = write_xlsx(tmp_path / "khong dau.xlsx", [["Ten don vi", "Dien thoai"], ["TRAM Y TE PHUONG", "0225 3999 000"]])
    preview = rx.preview_units_import(db, path)
    assert outcomes(preview) == [(2, Outcome.UPDATE)]
    assert "khớp với “Trạm Y tế phường”" in preview.rows[0].message
    rx.apply_units_import(db, preview)
    with db.read() as session:
        assert [u.name for u in session.scalars(select(Unit))] == ["Trạm Y tế phường"]


def test_units_roles_in_blocks_are_imported(db, tmp_path):
    path = write_xlsx(tmp_path / "khối.xlsx", [
        ["Tên đơn vị", "Khối thi đua", "Vai trò trong khối"],
        ["Trường Mầm non A", "Khối trường học", "Thành viên"],
        ["Trường Tiểu học B", "Khối trường học", "Trưởng khối"],
        ["Trường THCS C", "Khối trường học", "Phó khối"],
    ])
    rx.apply_units_import(db, rx.preview_units_import(db, path))
    with db.read() as session:
        [block] = block_service.list_blocks(session, campaign_id(db))
    assert (block.leader_name, block.deputy_name, block.member_count) == ("Trường Tiểu học B", "Trường THCS C", 3)
    moved = write_xlsx(tmp_path / "đổi.xlsx", [["Tên đơn vị", "Khối thi đua", "Vai trò trong khối"],
                                                ["Trường THCS C", "Khối trường học", "Trưởng khối"],
                                                ["Trường Tiểu học B", None, "Thành viên"]])
    preview = rx.preview_units_import(db, moved)
    assert [r.outcome for r in preview.rows] == [Outcome.UPDATE, Outcome.UPDATE], preview.lines()
    rx.apply_units_import(db, preview)
    with db.read() as session:
        [block] = block_service.list_blocks(session, campaign_id(db))
    assert (block.leader_name, block.deputy_name) == ("Trường THCS C", "")


# --- bad files ---------------------------------------------------------------------


def _docx(path):
    import docx

    document = docx.Document()
    document.add_paragraph("Danh sách đơn vị")
    document.save(path)


@pytest.mark.parametrize("make, expected", [
    (lambda p: _docx(p), "là tệp Word, không phải Excel"),
    (lambda p: p.write_bytes(b"Ten don vi;Dien thoai\nTo 1;0912\n"), "không phải là tệp Excel .xlsx"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le")
                             + b"\0" * 600), "có đặt mật khẩu"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1200), "dạng Excel cũ (.xls)"),
    (lambda p: p.write_bytes(b""), "rỗng"),
])
def test_bad_files_are_refused_with_the_file_named(db, tmp_path, make, expected):
    path = tmp_path / "đơn vị gửi.xlsx"
    make(path)
    before = counts(db)
    for preview in (rx.preview_units_import, rx.preview_people_import):
        with pytest.raises(UserError) as info:
            preview(db, path)
        assert expected in info.value.message and "đơn vị gửi.xlsx" in info.value.message
    assert counts(db) == before


def test_truncated_file_is_reported_as_damaged(db, tmp_path):
    good = write_xlsx(tmp_path / "tốt.xlsx", [["Tên đơn vị"]] + [[f"Đơn vị {i}"] for i in range(200)])
    data = good.read_bytes()
    bad = tmp_path / "hỏng.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(UserError, match="hỏng.xlsx.*bị hỏng"):
        rx.preview_units_import(db, bad)


def test_empty_sheet_and_missing_columns(db, tmp_path):
    empty = write_xlsx(tmp_path / "trống.xlsx", [])
    with pytest.raises(UserError, match="trống.xlsx.*không có dữ liệu"):
        rx.preview_units_import(db, empty)
    header_only = write_xlsx(tmp_path / "chỉ tiêu đề.xlsx", [["Tên đơn vị", "Điện thoại"]])
    with pytest.raises(UserError, match="không có dòng dữ liệu nào"):
        rx.preview_units_import(db, header_only)
    no_unit = write_xlsx(tmp_path / "thiếu cột.xlsx", [["STT", "Họ và tên", "Giới tính", "Chức vụ"],
                                                       [1, "Nguyễn Văn An", "Nam", "Chuyên viên"]])
    with pytest.raises(UserError, match="thiếu cột.xlsx.*dòng tiêu đề \\(dòng 1\\) thiếu cột bắt buộc “Đơn vị”"):
        rx.preview_people_import(db, no_unit)
    unrelated = write_xlsx(tmp_path / "khác.xlsx", [["Số liệu"], [1], [2]])
    with pytest.raises(UserError, match="không tìm thấy dòng tiêu đề có cột “Tên đơn vị”"):
        rx.preview_units_import(db, unrelated)


def test_header_on_a_later_sheet_is_found(db, tmp_path):
    path = write_xlsx(tmp_path / "bìa.xlsx", [["Tên đơn vị"], ["Hội Nông dân phường"]], title="Danh sách",
                      extra_sheets={"Bìa": [["CÔNG VĂN GỬI KÈM"], ["Kính gửi: UBND phường"]]}, first="Bìa")
    preview = rx.preview_units_import(db, path)
    assert preview.sheet == "Danh sách" and [r.name for r in preview.rows] == ["Hội Nông dân phường"]


# --- people --------------------------------------------------------------------


@pytest.fixture
def ward_units(db):
    return add_units(db, "Trạm Y tế phường", "Tổ dân phố số 1", "Trường Tiểu học Bạch Đằng")


def test_people_import_matches_units_and_reads_dates(db, tmp_path, ward_units):
    path = write_xlsx(tmp_path / "cá nhân.xlsx", [
        ["DANH SÁCH CÁ NHÂN"],
        ["Họ và tên", "Giới tính", "Ngày sinh", "Năm sinh", "Chức vụ", "Đơn vị công tác", "Lãnh đạo", "SĐT", "STT"],
        ["NGUYỄN THỊ HOA", "nữ", "05/12/1980", None, "Trạm trưởng", "tram y te phuong", "x", 912345678, 1],
        ["Trần Văn Bình", "Nam", dt.datetime(1975, 3, 4), None, "Tổ trưởng tổ dân phố", "TỔ DÂN PHỐ SỐ 1", "Không",
         "0987 654 321", 2],
        ["Lê Thu Hà", "NU", 1990, None, "Giáo viên", "Trường Tiểu học Bạch Đằng", None, None, 3],
        ["Phạm Văn Cường", "Nam", None, 1962, "Phó Hiệu trưởng", "Truong tieu hoc Bach Dang", "có", None, 4],
        [unicodedata.normalize("NFD", "Đỗ Thị Huệ"), "Nữ", "1985-07-08", 1985, "Điều dưỡng", "Trạm Y tế phường",
         None, None, 5],
    ])
    preview = rx.preview_people_import(db, path)
    assert preview.ok, preview.lines()
    assert [r.outcome for r in preview.rows] == [Outcome.NEW] * 5
    rx.apply_people_import(db, preview)
    with db.read() as session:
        people = {p.full_name: p for p in people_service.list_people(session, campaign_id(db))}
    hoa = people["Nguyễn Thị Hoa"]
    assert (hoa.gender, hoa.birth_date, hoa.birth_year, hoa.is_leader, hoa.phone, hoa.unit_name) == (
        "nu", dt.date(1980, 12, 5), 1980, True, "0912345678", "Trạm Y tế phường")
    assert people["Trần Văn Bình"].birth_date == dt.date(1975, 3, 4)
    assert people["Trần Văn Bình"].unit_name == "Tổ dân phố số 1" and not people["Trần Văn Bình"].is_leader
    assert (people["Lê Thu Hà"].birth_date, people["Lê Thu Hà"].birth_year) == (None, 1990)
    assert people["Phạm Văn Cường"].birth_year == 1962 and people["Phạm Văn Cường"].is_leader
    assert people["Đỗ Thị Huệ"].birth_date == dt.date(1985, 7, 8)


def test_people_leader_is_inferred_from_position_without_the_column(db, tmp_path, ward_units):
    path = write_xlsx(tmp_path / "p.xlsx", [["Họ tên", "Chức vụ", "Đơn vị"],
                                            ["Vũ Văn Nam", "Phó Trạm trưởng", "Trạm Y tế phường"],
                                            ["Vũ Thị Lan", "Điều dưỡng", "Trạm Y tế phường"],
                                            ["Hà Văn Sơn", "Tổ trưởng tổ dân phố", "Tổ dân phố số 1"]])
    preview = rx.preview_people_import(db, path)
    assert "lãnh đạo (theo chức vụ)" in preview.rows[0].message
    rx.apply_people_import(db, preview)
    with db.read() as session:
        leaders = {p.full_name: p.is_leader for p in people_service.list_people(session, campaign_id(db))}
    assert leaders == {"Vũ Văn Nam": True, "Vũ Thị Lan": False, "Hà Văn Sơn": False}


def test_people_errors_unknown_unit_duplicates_and_bad_values(db, tmp_path, ward_units):
    path = write_xlsx(tmp_path / "lỗi cá nhân.xlsx", [
        ["Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị"],
        ["Nguyễn Văn An", "Nam", "01/01/1980", "Trạm Y tế phường"],
        ["nguyễn văn an", "Nam", None, "Trạm Y tế"],
        ["Nguyễn Văn An", "Nam", None, "tram y te phuong"],
        ["Nguyễn Văn An", "Nam", "02/02/1990", "Trạm Y tế phường"],
        ["Hoa", "Nữ", None, "Trạm Y tế phường"],
        ["Lê Thị Hoa", "Bê đê", None, "Trạm Y tế phường"],
        ["Lê Thị Hồng", "Nữ", "31/02/1980", "Trạm Y tế phường"],
        ["Lê Thị Hạnh", "Nữ", "01/01/2090", "Trạm Y tế phường"],
        ["Lê Thị Hà", "Nữ", None, "Ủy ban nhân dân"],
        ["Lê Thị Hằng", "Nữ", None, None],
    ])
    preview = rx.preview_people_import(db, path)
    errors = {r.row: r.message for r in preview.errors}
    assert "chưa có đơn vị “Trạm Y tế”" in errors[3] and "có phải “Trạm Y tế phường”?" in errors[3]
    assert "trùng với dòng 2" in errors[4]
    assert 5 not in errors  # the same name, born in another year: another person
    assert "mới có một chữ" in errors[6]
    assert "giới tính “Bê đê” không hiểu được" in errors[7]
    assert "không phải là ngày có thật" in errors[8]
    assert "ở tương lai" in errors[9]
    assert "chưa có đơn vị “Ủy ban nhân dân”" in errors[10]
    assert "thiếu đơn vị" in errors[11]
    before = counts(db)
    with pytest.raises(UserError, match="chưa nhập gì"):
        rx.apply_people_import(db, preview)
    assert counts(db) == before


def test_people_update_and_unchanged_with_audit(db, tmp_path, ward_units):
    rows = [["Họ và tên", "Chức vụ", "Đơn vị", "Ngày sinh"],
            ["Nguyễn Văn An", "Y sĩ", "Trạm Y tế phường", "01/01/1980"],
            ["Nguyễn Văn An", "Tổ trưởng tổ dân phố", "Tổ dân phố số 1", None]]
    rx.apply_people_import(db, rx.preview_people_import(db, write_xlsx(tmp_path / "1.xlsx", rows)))
    rows[1][1] = "Trạm trưởng"
    preview = rx.preview_people_import(db, write_xlsx(tmp_path / "2.xlsx", rows))
    assert [r.outcome for r in preview.rows] == [Outcome.UPDATE, Outcome.UNCHANGED]
    assert "đổi chức vụ" in preview.rows[0].message
    rx.apply_people_import(db, preview)
    with db.read() as session:
        an = session.scalar(select(Person).where(Person.position == "Trạm trưởng"))
        assert an is not None and an.birth_date == dt.date(1980, 1, 1)
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "person")
                                  .order_by(AuditEntry.id)).all()
    inserts = [e for e in entries if e.action == "insert"]
    updates = [e for e in entries if e.action == "update"]
    assert len(inserts) == 2 and inserts[0].label == "Nguyễn Văn An" and inserts[0].actor == "kiểm thử"
    assert inserts[0].changes["position"] == "Y sĩ" and inserts[0].changes["birth_date"] == "1980-01-01"
    assert "Nhập danh sách cá nhân từ tệp 1.xlsx" in inserts[0].reason
    assert len(updates) == 1 and updates[0].entity_id == an.id
    assert updates[0].changes == {"position": ["Y sĩ", "Trạm trưởng"]}


def test_people_in_nam_nu_columns(db, tmp_path, ward_units):
    path = write_xlsx(tmp_path / "nam nữ.xlsx", [["Họ và tên", "Nam", "Nữ", "Đơn vị"],
                                                  ["Hoàng Văn Tú", 1970, None, "Tổ dân phố số 1"],
                                                  ["Hoàng Thị Mơ", None, "x", "Tổ dân phố số 1"]])
    rx.apply_people_import(db, rx.preview_people_import(db, path))
    with db.read() as session:
        found = {p.full_name: (p.gender, p.birth_year) for p in people_service.list_people(session, campaign_id(db))}
    assert found == {"Hoàng Văn Tú": ("nam", 1970), "Hoàng Thị Mơ": ("nu", None)}


# --- two-row headers: "Ngày, tháng, năm sinh" over "Nam" and "Nữ" ------------------------

_TITLE = [["ỦY BAN NHÂN DÂN PHƯỜNG BẠCH ĐẰNG"], ["DANH SÁCH CÁN BỘ, CÔNG CHỨC ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026"], []]


def _nam_nu_list(path, people, gender_column=False, title=True):
    """A people list as ward offices send it: title rows, then a two-row header
    whose merged “Ngày, tháng, năm sinh” cell spans “Nam” and “Nữ” (the
    birth written under the person's gender), the other header cells merged
    down over both rows. ``people``: (name, [gender,] Nam, Nữ, position, unit)."""
    top = ["STT", "Họ và tên"] + (["Giới tính"] if gender_column else []) + [
        "Ngày, tháng, năm sinh", None, "Chức vụ", "Đơn vị"]
    birth = top.index("Ngày, tháng, năm sinh")
    sub = [None] * len(top)
    sub[birth], sub[birth + 1] = "Nam", "Nữ"
    above = _TITLE if title else []
    first = len(above) + 1  # the header's top row
    letters = "ABCDEFGH"
    merged = [f"{letters[birth]}{first}:{letters[birth + 1]}{first}"] + [
        f"{letters[c]}{first}:{letters[c]}{first + 1}" for c in range(len(top)) if c not in (birth, birth + 1)]
    if title:
        merged += [f"A1:{letters[len(top) - 1]}1", f"A2:{letters[len(top) - 1]}2"]
    rows = [*above, top, sub] + [[i, *person] if person else [] for i, person in enumerate(people, start=1)]
    return write_merged_xlsx(path, rows, merged)


def _people_by_name(db):
    with db.read() as session:
        return {p.full_name: p for p in people_service.list_people(session, campaign_id(db))}


def test_people_two_row_header_gender_from_the_nam_or_nu_column(db, tmp_path, ward_units):
    path = _nam_nu_list(tmp_path / "danh sách nam nữ.xlsx", [
        ("NGUYỄN VĂN AN", dt.datetime(1985, 3, 12), None, "Trạm trưởng", "Trạm Y tế phường"),
        ("Trần Thị Bích", None, "12/03/1985", "Điều dưỡng", "tram y te phuong"),
        None,  # a blank row inside the list
        ("Lê Văn Cường", 1970, None, "Tổ trưởng tổ dân phố", "Tổ dân phố số 1"),
        ("Phạm Thị Dung", None, "1990", "Giáo viên", "Trường Tiểu học Bạch Đằng"),
        ("Đỗ Thị Huệ", None, dt.datetime(1978, 1, 2), "Điều dưỡng", "Trạm Y tế phường"),
        ("Hoàng Văn Tú", " 1962 ", None, "Bảo vệ", "Trường Tiểu học Bạch Đằng"),
    ])
    preview = rx.preview_people_import(db, path)
    assert preview.ok, preview.lines()
    # Excel's own row numbers: three title rows, two header rows, the blank row skipped
    assert outcomes(preview) == [(6, Outcome.NEW), (7, Outcome.NEW), (9, Outcome.NEW), (10, Outcome.NEW),
                                 (11, Outcome.NEW), (12, Outcome.NEW)]
    assert {"male_mark", "female_mark"} <= set(preview.columns) and "birth" not in preview.columns
    assert counts(db)[1] == 0  # the preview wrote nothing
    assert "thêm 6 cá nhân" in rx.apply_people_import(db, preview)
    found = {name: (p.gender, p.birth_date, p.birth_year, p.unit_name) for name, p in _people_by_name(db).items()}
    assert found == {
        "Nguyễn Văn An": ("nam", dt.date(1985, 3, 12), 1985, "Trạm Y tế phường"),
        "Trần Thị Bích": ("nu", dt.date(1985, 3, 12), 1985, "Trạm Y tế phường"),
        "Lê Văn Cường": ("nam", None, 1970, "Tổ dân phố số 1"),
        "Phạm Thị Dung": ("nu", None, 1990, "Trường Tiểu học Bạch Đằng"),
        "Đỗ Thị Huệ": ("nu", dt.date(1978, 1, 2), 1978, "Trạm Y tế phường"),
        "Hoàng Văn Tú": ("nam", None, 1962, "Trường Tiểu học Bạch Đằng"),
    }
    again = rx.preview_people_import(db, path)  # the same list again changes nothing
    assert [r.outcome for r in again.rows] == [Outcome.UNCHANGED] * 6


def test_people_two_row_header_row_errors_name_the_row_and_write_nothing(db, tmp_path, ward_units):
    path = _nam_nu_list(tmp_path / "nam nữ lỗi.xlsx", [
        ("Nguyễn Văn An", 1980, 1981, "Y sĩ", "Trạm Y tế phường"),
        ("Trần Thị Bích", None, "31/02/1980", "Điều dưỡng", "Trạm Y tế phường"),
        ("Lê Văn Cường", "năm tám mươi", None, "Bảo vệ", "Trạm Y tế phường"),
        ("Phạm Thị Dung", None, dt.datetime(1990, 5, 6), "Giáo viên", "Trường Tiểu học Bạch Đằng"),
        ("Vũ Văn Hải", "x", "x", "Y sĩ", "Trạm Y tế phường"),
    ])
    preview = rx.preview_people_import(db, path)
    errors = {r.row: r.message for r in preview.errors}
    assert sorted(errors) == [6, 7, 8, 10]
    assert "ghi ở cả cột “Nam” (1980) và cột “Nữ” (1981)" in errors[6]
    assert "mỗi người chỉ ghi ở một cột" in errors[6]
    assert errors[7].startswith("cột “Nữ”: ngày sinh") and "không phải là ngày có thật" in errors[7]
    assert "cột “Nam”: ngày sinh" in errors[8]
    assert "cả cột “Nam” (x) và cột “Nữ” (x)" in errors[10]
    before = counts(db)
    with pytest.raises(UserError) as info:
        rx.apply_people_import(db, preview)
    message = info.value.message
    assert "nam nữ lỗi.xlsx" in message and "4 dòng lỗi; chưa nhập gì" in message
    assert "Dòng 6: ghi ở cả cột “Nam”" in message and "Dòng 10:" in message
    assert counts(db) == before


def test_people_two_row_header_with_a_gender_column_must_agree(db, tmp_path, ward_units):
    people = [
        ("Nguyễn Văn An", "Nam", 1980, None, "Y sĩ", "Trạm Y tế phường"),
        ("Trần Thị Bích", "nữ", None, "05/06/1985", "Điều dưỡng", "Trạm Y tế phường"),
        ("Lê Thị Hoa", "Nữ", 1982, None, "Giáo viên", "Trường Tiểu học Bạch Đằng"),
        ("Vũ Minh Hằng", None, None, 1990, "Kế toán", "Trường Tiểu học Bạch Đằng"),
    ]
    path = _nam_nu_list(tmp_path / "có giới tính.xlsx", people, gender_column=True, title=False)
    preview = rx.preview_people_import(db, path)
    assert [(r.row, r.outcome) for r in preview.errors] == [(5, Outcome.ERROR)]
    assert "cột “Giới tính” ghi “Nữ” nhưng ngày sinh ghi ở cột “Nam”" in preview.errors[0].message
    before = counts(db)
    with pytest.raises(UserError, match="Dòng 5: cột “Giới tính” ghi “Nữ”"):
        rx.apply_people_import(db, preview)
    assert counts(db) == before
    people[2] = ("Lê Thị Hoa", "Nữ", None, 1982, "Giáo viên", "Trường Tiểu học Bạch Đằng")
    fixed = _nam_nu_list(tmp_path / "đã sửa.xlsx", people, gender_column=True, title=False)
    preview = rx.preview_people_import(db, fixed)
    assert preview.ok, preview.lines()
    rx.apply_people_import(db, preview)
    found = {name: (p.gender, p.birth_date, p.birth_year) for name, p in _people_by_name(db).items()}
    assert found == {"Nguyễn Văn An": ("nam", None, 1980), "Trần Thị Bích": ("nu", dt.date(1985, 6, 5), 1985),
                     "Lê Thị Hoa": ("nu", None, 1982), "Vũ Minh Hằng": ("nu", None, 1990)}


def test_birth_under_nam_or_nu_must_agree_with_a_birth_date_column(db, tmp_path, ward_units):
    path = write_xlsx(tmp_path / "hai cột sinh.xlsx", [
        ["Họ và tên", "Ngày sinh", "Nam", "Nữ", "Đơn vị"],
        ["Hoàng Văn Tú", "01/01/1981", 1980, None, "Tổ dân phố số 1"],
        ["Hoàng Văn Nam", "02/03/1975", 1975, None, "Tổ dân phố số 1"],
        ["Hoàng Thị Mơ", 1972, None, "04/05/1972", "Tổ dân phố số 1"],
    ])
    preview = rx.preview_people_import(db, path)
    assert [(r.row, r.message) for r in preview.errors] == [
        (2, "ngày sinh ở cột “Nam” (1980) khác cột “Ngày sinh” (01/01/1981)")]
    with pytest.raises(UserError, match="Dòng 2: ngày sinh ở cột “Nam”"):
        rx.apply_people_import(db, preview)
    assert counts(db)[1] == 0
    rx.apply_people_import(db, rx.preview_people_import(db, write_xlsx(tmp_path / "đúng.xlsx", [
        ["Họ và tên", "Ngày sinh", "Nam", "Nữ", "Đơn vị"], ["Hoàng Thị Mơ", 1972, None, "04/05/1972", "Tổ dân phố số 1"]])))
    assert _people_by_name(db)["Hoàng Thị Mơ"].birth_date == dt.date(1972, 5, 4)  # the more precise of the two


@pytest.mark.parametrize("top_row", [1, 10])
@pytest.mark.parametrize("merged", [True, False], ids=["merged", "centred-across"])
def test_two_row_header_anywhere_in_the_first_ten_rows(db, tmp_path, ward_units, top_row, merged):
    """“Năm sinh” over “Nam” and “Nữ”, from row 1 or with nine rows above; merged,
    or only centred across (the top cell beside “Năm sinh” left blank)."""
    above = [["DANH SÁCH"]] + [[] for _ in range(top_row - 2)] if top_row > 1 else []
    rows = [*above, ["Họ và tên", "Năm sinh", None, "Đơn vị"], [None, "Nam", "Nữ", None],
            ["Hoàng Văn Tú", 1970, None, "Tổ dân phố số 1"], ["Hoàng Thị Mơ", None, 1972, "Tổ dân phố số 1"]]
    cells = [f"B{top_row}:C{top_row}", f"A{top_row}:A{top_row + 1}", f"D{top_row}:D{top_row + 1}"]
    path = write_merged_xlsx(tmp_path / "năm sinh.xlsx", rows, cells if merged else [])
    preview = rx.preview_people_import(db, path)
    assert outcomes(preview) == [(top_row + 2, Outcome.NEW), (top_row + 3, Outcome.NEW)], preview.lines()
    rx.apply_people_import(db, preview)
    found = {name: (p.gender, p.birth_year) for name, p in _people_by_name(db).items()}
    assert found == {"Hoàng Văn Tú": ("nam", 1970), "Hoàng Thị Mơ": ("nu", 1972)}


def test_two_row_header_without_data_names_both_rows(db, tmp_path, ward_units):
    path = _nam_nu_list(tmp_path / "chỉ tiêu đề.xlsx", [])
    with pytest.raises(UserError, match="chỉ tiêu đề.xlsx.*dòng tiêu đề \\(dòng 4–5\\) nhưng không có dòng dữ liệu"):
        rx.preview_people_import(db, path)


def test_units_generic_two_row_header_names_sub_columns(db, tmp_path):
    """Any merged header cell may be split into sub-columns: “Số cán bộ, người
    lao động” over “Tổng số” and “Trong đó nữ”."""
    path = write_merged_xlsx(tmp_path / "đơn vị hai dòng.xlsx", [
        ["DANH SÁCH ĐƠN VỊ NĂM 2026"],
        ["STT", "Tên đơn vị", "Số cán bộ, người lao động", None, "Khối thi đua"],
        [None, None, "Tổng số", "Trong đó nữ", None],
        [1, "Trạm Y tế phường", 12, 9, "Khối sự nghiệp"],
        [2, "Trường Tiểu học Bạch Đằng", 40, 35, "Khối sự nghiệp"],
        [3, "Trường Mầm non Hoa Sen", 20, 30, "Khối sự nghiệp"],
    ], ["A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3"])
    preview = rx.preview_units_import(db, path)
    assert [(r.row, r.outcome) for r in preview.rows] == [(4, Outcome.NEW), (5, Outcome.NEW), (6, Outcome.ERROR)]
    assert "Số nữ (30) nhiều hơn tổng số" in preview.rows[2].message
    path = write_merged_xlsx(tmp_path / "đơn vị hai dòng.xlsx", [
        ["STT", "Tên đơn vị", "Số cán bộ, người lao động", None, "Khối thi đua"],
        [None, None, "Tổng số", "Trong đó nữ", None],
        [1, "Trạm Y tế phường", 12, 9, "Khối sự nghiệp"],
        [2, "Trường Tiểu học Bạch Đằng", 40, 35, "Khối sự nghiệp"],
    ], ["A1:A2", "B1:B2", "C1:D1", "E1:E2"])
    rx.apply_units_import(db, rx.preview_units_import(db, path))
    with db.read() as session:
        found = {u.name: (u.staff_count, u.female_staff_count, u.block_name)
                 for u in unit_service.list_units(session, campaign_id(db))}
    assert found == {"Trạm Y tế phường": (12, 9, "Khối sự nghiệp"),
                     "Trường Tiểu học Bạch Đằng": (40, 35, "Khối sự nghiệp")}


# --- data cells merged down: "Đơn vị" over the people of a unit, "Khối thi đua" over its units ---


def _people_merged_down(path, unit_cells=("H5:H9", "H10:H11")):
    """The usual people list: two title rows, the two-row header with “Ngày,
    tháng, năm sinh” over “Nam” and “Nữ” (and a wide “Ghi chú” over two
    columns), then “Đơn vị” written once and merged down over all the people of
    the unit, a blank row and a row numbered in advance inside the first block,
    a long position merged across “Chức vụ” and “Ghi chú”, and a note merged
    over two rows and two columns."""
    rows = [
        *_TITLE[:2],
        ["STT", "Họ và tên", "Ngày, tháng, năm sinh", None, "Chức vụ", "Ghi chú", None, "Đơn vị"],
        [None, None, "Nam", "Nữ", None, None, None, None],
        [1, "Nguyễn Văn An", dt.datetime(1975, 3, 12), None, "Trạm trưởng", None, None, "Trạm Y tế phường"],  # 5
        [2, "TRẦN THỊ BÍCH", None, "05/06/1985", "Phó Trạm trưởng phụ trách chuyên môn"],
        [],  # 7: a blank row inside the merged block
        [3],  # 8: numbered in advance, otherwise empty
        [4, "Lê Văn Cường", 1990, None, "Y sĩ", "Học việc"],
        [5, "Phạm Thị Dung", None, 1988, "Giáo viên", "Chuyển đến từ tháng 3", None, "Trường Tiểu học Bạch Đằng"],
        [6, "Đỗ Thị Huệ", None, 1992, "Giáo viên"],  # 11
    ]
    merged = ["A1:H1", "A2:H2", "C3:D3", "F3:G4", *(f"{c}3:{c}4" for c in "ABEH"), "E6:F6", "F10:G11",
              *unit_cells]
    return write_merged_xlsx(path, rows, merged)


def test_people_unit_merged_down_over_its_people(db, tmp_path, ward_units):
    path = _people_merged_down(tmp_path / "đơn vị gộp dọc.xlsx")
    preview = rx.preview_people_import(db, path)
    assert preview.ok, preview.lines()
    # Excel's own row numbers; the blank row and the row with only its STT are skipped
    assert outcomes(preview) == [(5, Outcome.NEW), (6, Outcome.NEW), (9, Outcome.NEW), (10, Outcome.NEW),
                                 (11, Outcome.NEW)]
    assert counts(db)[1] == 0  # the preview wrote nothing
    assert "thêm 5 cá nhân" in rx.apply_people_import(db, preview)
    found = {name: (p.unit_name, p.gender, p.birth_year, p.position, p.note) for name, p in _people_by_name(db).items()}
    assert found == {
        "Nguyễn Văn An": ("Trạm Y tế phường", "nam", 1975, "Trạm trưởng", ""),
        # merged across “Chức vụ” and “Ghi chú”: one piece of text, not copied sideways
        "Trần Thị Bích": ("Trạm Y tế phường", "nu", 1985, "Phó Trạm trưởng phụ trách chuyên môn", ""),
        "Lê Văn Cường": ("Trạm Y tế phường", "nam", 1990, "Y sĩ", "Học việc"),
        # merged over two rows and two columns: down in its first column only
        "Phạm Thị Dung": ("Trường Tiểu học Bạch Đằng", "nu", 1988, "Giáo viên", "Chuyển đến từ tháng 3"),
        "Đỗ Thị Huệ": ("Trường Tiểu học Bạch Đằng", "nu", 1992, "Giáo viên", "Chuyển đến từ tháng 3"),
    }
    again = rx.preview_people_import(db, path)  # the same list again changes nothing
    assert [r.outcome for r in again.rows] == [Outcome.UNCHANGED] * 5


def test_people_unit_merged_down_errors_name_the_real_rows(db, tmp_path, ward_units):
    """An unknown unit merged over three rows is an error on each of its
    people's rows; the people under a blank cell that is not merged still lack
    their unit."""
    path = _people_merged_down(tmp_path / "đơn vị lạ.xlsx", unit_cells=("H5:H7",))
    with _edit(path) as ws:
        ws["H5"] = "Trạm Y tế xã"
    preview = rx.preview_people_import(db, path)
    errors = {r.row: r.message for r in preview.errors}
    assert sorted(errors) == [5, 6, 9, 11]
    assert all("chưa có đơn vị “Trạm Y tế xã”" in errors[row] for row in (5, 6))
    assert all("thiếu đơn vị" in errors[row] for row in (9, 11))  # below the merged range
    before = counts(db)
    with pytest.raises(UserError) as info:
        rx.apply_people_import(db, preview)
    assert "đơn vị lạ.xlsx" in info.value.message and "Dòng 6: chưa có đơn vị “Trạm Y tế xã”" in info.value.message
    assert counts(db) == before


def test_units_block_merged_down_over_its_units(db, tmp_path):
    path = write_merged_xlsx(tmp_path / "khối gộp dọc.xlsx", [
        ["DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA NĂM 2026"],
        [],
        ["STT", "Khối thi đua", "Tên đơn vị", "Thủ trưởng", "Số cán bộ, người lao động", None, "Vai trò trong khối"],
        [None, None, None, None, "Tổng số", "Trong đó nữ", None],
        [1, "Khối tổ dân phố", "Tổ dân phố số 1", "Nguyễn Văn An", 5, 2, "Trưởng khối"],
        [2, None, "Tổ dân phố số 2", None, 6, 3],
        [],  # a blank row inside the merged block
        [3, None, "Tổ dân phố số 3", None, 4, 1, "Phó khối"],
        [4, "Khối trường học", "Trường Tiểu học Bạch Đằng", "Lê Thị Hoa", 40, 35],
        [5, None, "Trường Mầm non Hoa Sen (đang kiện toàn)", None, 20, 19],
        [6, "Trạm Y tế phường", None, None, 12, 9],  # name written across “Khối” and “Tên đơn vị”
        [None, None, "Tổng cộng", None, 87, 69],
    ], ["A1:G1", "E3:F3", *(f"{c}3:{c}4" for c in "ABCDG"), "B5:B8", "B9:B10", "C10:D10", "B11:C11"])
    before = counts(db)
    preview = rx.preview_units_import(db, path)
    # the unit merged across two columns has its name in the “Khối” column: a row
    # error naming its row, as before (the text is not moved sideways)
    assert [(r.row, r.outcome) for r in preview.rows] == [
        (5, Outcome.NEW), (6, Outcome.NEW), (8, Outcome.NEW), (9, Outcome.NEW), (10, Outcome.NEW),
        (11, Outcome.ERROR)]
    assert "thiếu tên đơn vị" in preview.rows[-1].message
    with pytest.raises(UserError, match="(?s)khối gộp dọc.xlsx.*Dòng 11: thiếu tên đơn vị"):
        rx.apply_units_import(db, preview)
    assert counts(db) == before
    with _edit(path) as ws:
        ws.unmerge_cells("B11:C11")
        ws["B11"], ws["C11"] = None, "Trạm Y tế phường"
    preview = rx.preview_units_import(db, path)
    assert preview.ok, preview.lines()
    assert "tạo khối mới “Khối tổ dân phố”" in preview.rows[0].message
    message = rx.apply_units_import(db, preview)
    assert "thêm 6 đơn vị" in message and "tạo 2 khối thi đua mới" in message
    with db.read() as session:
        found = {u.name: (u.block_name, u.block_role, u.head_name, u.staff_count)
                 for u in unit_service.list_units(session, campaign_id(db))}
    assert found == {
        "Tổ dân phố số 1": ("Khối tổ dân phố", "leader", "Nguyễn Văn An", 5),
        "Tổ dân phố số 2": ("Khối tổ dân phố", "member", "", 6),
        "Tổ dân phố số 3": ("Khối tổ dân phố", "deputy", "", 4),
        "Trường Tiểu học Bạch Đằng": ("Khối trường học", "member", "Lê Thị Hoa", 40),
        "Trường Mầm non Hoa Sen (đang kiện toàn)": ("Khối trường học", "member", "", 20),
        "Trạm Y tế phường": ("", "", "", 12),
    }


def test_a_name_merged_down_is_not_given_to_the_rows_under_it(db, tmp_path, ward_units):
    """Each row names its own person or unit: a name merged over two rows is a
    mistake, refused on the row under it, while the unit merged beside it is
    filled down as usual."""
    path = write_merged_xlsx(tmp_path / "tên gộp.xlsx", [
        ["Họ và tên", "Năm sinh", "Đơn vị"],
        ["Hoàng Thị Thu Hà", 1988, "Trạm Y tế phường"],
        [None, 1979, None],
        ["Đỗ Minh Quân", 1979, None],
    ], ["A2:A3", "C2:C4"])
    preview = rx.preview_people_import(db, path)
    assert [(r.row, r.outcome) for r in preview.rows] == [(2, Outcome.NEW), (3, Outcome.ERROR), (4, Outcome.NEW)]
    assert preview.rows[1].message == "thiếu họ và tên"
    before = counts(db)
    with pytest.raises(UserError, match="Dòng 3: thiếu họ và tên"):
        rx.apply_people_import(db, preview)
    assert counts(db) == before
    units = write_merged_xlsx(tmp_path / "tên đơn vị gộp.xlsx", [
        ["Tên đơn vị", "Khối thi đua", "Số cán bộ"],
        ["Hội Cựu chiến binh phường", "Khối Mặt trận, đoàn thể", 12],
        [None, None, 30],
    ], ["A2:A3", "B2:B3"])
    preview = rx.preview_units_import(db, units)
    assert [(r.row, r.outcome, r.message) for r in preview.errors] == [(3, Outcome.ERROR, "thiếu tên đơn vị")]
    with pytest.raises(UserError, match="Dòng 3: thiếu tên đơn vị"):
        rx.apply_units_import(db, preview)
    assert counts(db) == before


class _edit:
    """``with _edit(path) as ws:`` change the first sheet of a saved workbook."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.wb = openpyxl.load_workbook(self.path)
        return self.wb.active

    def __exit__(self, *exc):
        if exc[0] is None:
            self.wb.save(self.path)


# One-row headers read exactly as before: the row under the header is data (or
# a title sits above the header), never sub-labels.
_ONE_ROW_SHEETS = {
    "plain": ([["Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị"],
               ["Nguyễn Văn An", "Nam", "01/01/1980", "Trạm Y tế phường"]], []),
    "title, blank row, numbered": ([["DANH SÁCH"], [], ["STT", "Họ tên", "Đơn vị công tác", "Ghi chú"],
                                    [1, "Trần Văn Bình", "Tổ dân phố số 1", None]], ["A1:D1"]),
    "header right under a title": ([["DANH SÁCH CÁ NHÂN"], ["Họ và tên", "Chức vụ", "Đơn vị", "Ghi chú"],
                                    ["Lê Thu Hà", None, "Trường Tiểu học Bạch Đằng", None]], ["A1:D1"]),
    "one-row Nam and Nữ columns": ([["Họ và tên", "Nam", "Nữ", "Đơn vị", "Ghi chú"],
                                    ["Hoàng Thị Mơ", None, "x", "Tổ dân phố số 1", None],
                                    ["Hoàng Văn Tú", "1970", None, "Tổ dân phố số 1", None]], []),
    "merged-across header over text": ([["Họ và tên", "Đơn vị", "Ghi chú", None],
                                        [None, None, "Ghi", "chú"],
                                        ["Vũ Văn Nam", "Trạm Y tế phường", "chuyển", "đến"]], ["C1:D1"]),
    "a note under a blank header cell": ([["Họ và tên", "Đơn vị", None], [None, None, "Danh sách kèm theo"],
                                          ["Vũ Thị Lan", "Trạm Y tế phường", None]], []),
}


@pytest.mark.parametrize("shape", list(_ONE_ROW_SHEETS))
def test_one_row_headers_are_read_as_before(db, tmp_path, ward_units, shape):
    rows, cells = _ONE_ROW_SHEETS[shape]
    path = write_merged_xlsx(tmp_path / "một dòng.xlsx", rows, cells)
    for specs in (rx.PEOPLE_SPECS, rx.UNIT_SPECS):
        try:
            before = find_table(path, specs)
        except UserError as exc:
            with pytest.raises(UserError, match=re.escape(exc.message)):
                find_table(path, specs, sub_headers=True)
            continue
        now = find_table(path, specs, sub_headers=True)
        assert now == before and now.header_rows == 1


def test_exported_people_list_still_imports_back(db, tmp_path, ward_units):
    path = write_xlsx(tmp_path / "p.xlsx", [["Họ và tên", "Giới tính", "Năm sinh", "Đơn vị"],
                                            ["Vũ Văn Nam", "Nam", 1970, "Trạm Y tế phường"],
                                            ["Vũ Thị Lan", "Nữ", 1975, "Trạm Y tế phường"]])
    rx.apply_people_import(db, rx.preview_people_import(db, path))
    out = tmp_path / "xuất.xlsx"
    rx.export_people(db, out)
    table = find_table(out, rx.PEOPLE_SPECS, sub_headers=True)
    assert (table.header_row, table.header_rows) == (rx.HEADER_ROW, 1)
    assert table == find_table(out, rx.PEOPLE_SPECS)
    assert [r.outcome for r in rx.preview_people_import(db, out).rows] == [Outcome.UNCHANGED] * 2


def test_apply_checks_the_database_again(db, tmp_path, ward_units):
    path = write_xlsx(tmp_path / "p.xlsx", [["Họ và tên", "Đơn vị"], ["Lý Văn Tám", "Trường Tiểu học Bạch Đằng"]])
    preview = rx.preview_people_import(db, path)
    assert preview.ok
    with db.transaction() as session:
        unit_service.delete_unit(session, ward_units["Trường Tiểu học Bạch Đằng"], confirmed=True)
    with pytest.raises(UserError, match="chưa có đơn vị “Trường Tiểu học Bạch Đằng”"):
        rx.apply_people_import(db, preview)
    assert counts(db)[1] == 0


def test_formula_text_stays_text_both_ways(db, tmp_path):
    path = tmp_path / "công thức.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên đơn vị", "Ghi chú"])
    ws.append(["Hội Nông dân phường", None])
    ws["B2"].value = "=HYPERLINK(\"http://x\")"
    ws["B2"].data_type = "s"
    wb.save(path)
    rx.apply_units_import(db, rx.preview_units_import(db, path))
    with db.read() as session:
        assert session.scalar(select(Unit.note)) == "=HYPERLINK(\"http://x\")"
    out = tmp_path / "xuất.xlsx"
    rx.export_units(db, out)
    ws = openpyxl.load_workbook(out)["Đơn vị"]
    note = ws.cell(row=rx.HEADER_ROW + 1, column=13)
    assert note.value == "=HYPERLINK(\"http://x\")" and note.data_type == "s" and note.quotePrefix


# --- templates, exports and the round trip ----------------------------------------


def test_templates_have_instructions_dropdowns_and_frozen_header(db, tmp_path):
    add_units(db, "Trạm Y tế phường")
    units_path = rx.write_units_template(db, tmp_path / "mẫu đơn vị.xlsx")
    people_path = rx.write_people_template(db, tmp_path / "mẫu cá nhân.xlsx")
    wb = openpyxl.load_workbook(units_path)
    assert wb.sheetnames == ["Đơn vị", "Hướng dẫn", "Danh mục"] and wb["Danh mục"].sheet_state == "hidden"
    ws = wb["Đơn vị"]
    headers = [c.value for c in ws[rx.HEADER_ROW]]
    assert headers[:4] == ["STT", "Tên đơn vị", "Loại hình", "Khối thi đua"]
    assert ws.freeze_panes == f"C{rx.HEADER_ROW + 1}"
    assert ws.column_dimensions["B"].width >= 30
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert any("Danh mục" in f and "$A$2:$A$8" in f for f in lists.values())
    assert "Tổ dân phố" in [c.value for c in wb["Danh mục"]["A"]]
    help_text = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "Tên đơn vị (bắt buộc)" in help_text and "không dòng nào được ghi" in help_text
    assert "Tiêu đề hai dòng cũng được" in help_text
    assert "Ô gộp dọc qua nhiều dòng dữ liệu" in help_text and "được tính cho từng dòng" in help_text
    assert "riêng tên đơn vị, họ và tên thì dòng nào cũng phải tự ghi" in help_text
    people_help = " ".join(str(c.value) for row in openpyxl.load_workbook(people_path)["Hướng dẫn"].iter_rows()
                           for c in row if c.value)
    assert "Tiêu đề hai dòng Nam/Nữ" in people_help and "gộp trên hai cột con “Nam” và “Nữ”" in people_help
    ws = openpyxl.load_workbook(people_path)["Cá nhân"]
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas == {"='Danh mục'!$D$2:$D$3", "='Danh mục'!$E$2:$E$3", "='Danh mục'!$F$2:$F$2"}
    assert len(ws.data_validations.dataValidation) == 4  # gender, unit, leader, active (yes/no twice)


def test_filled_template_imports(db, tmp_path):
    path = rx.write_units_template(db, tmp_path / "mẫu.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Đơn vị"]
    ws.cell(row=rx.HEADER_ROW + 1, column=1, value=1)
    ws.cell(row=rx.HEADER_ROW + 1, column=2, value="Hội Cựu chiến binh phường")
    ws.cell(row=rx.HEADER_ROW + 1, column=3, value="Mặt trận, đoàn thể")
    ws.cell(row=rx.HEADER_ROW + 1, column=7, value="0912 000 111")
    ws.cell(row=rx.HEADER_ROW + 2, column=1, value=2)
    wb.save(path)
    preview = rx.preview_units_import(db, path)
    assert [(r.row, r.outcome, r.name) for r in preview.rows] == [
        (rx.HEADER_ROW + 1, Outcome.NEW, "Hội Cựu chiến binh phường")]


def _snapshot(db):
    with db.read() as session:
        cid = campaign_id(db)
        units = sorted((u.name, u.kind, u.block_name, u.block_role, u.head_name, u.phone, u.address, u.email,
                        u.staff_count, u.female_staff_count, u.active, u.note)
                       for u in unit_service.list_units(session, cid))
        people = sorted(((p.full_name, p.gender, p.birth_date, p.birth_year, p.position, p.unit_name, p.is_leader,
                          p.phone, p.address, p.active, p.note) for p in people_service.list_people(session, cid)),
                        key=repr)
        blocks = sorted((b.name, b.leader_name, b.deputy_name, b.member_count)
                        for b in block_service.list_blocks(session, cid))
    return units, people, blocks


def test_round_trip_into_an_empty_database(db, tmp_path):
    with db.transaction() as session:
        build_demo(session)
    with db.transaction() as session:  # a few awkward values too
        unit_id = session.scalar(select(Unit.id).where(Unit.name == "Tổ dân phố số 1"))
        unit = session.get(Unit, unit_id)
        unit.note = "=1+1 ghi chú\nhai dòng"
        unit.active = False
        person = session.scalar(select(Person).order_by(Person.id).limit(1))
        person.active = False
        person.note = "+84 chuyển công tác"
    units_file, people_file = tmp_path / "đơn vị.xlsx", tmp_path / "cá nhân.xlsx"
    n_units, n_people, _ = counts(db)
    assert n_units >= 40 and n_people >= 150
    assert rx.export_units(db, units_file) == n_units
    assert rx.export_people(db, people_file) == n_people
    other = open_app(tmp_path / "mới" / "trống.db", actor="kiểm thử")
    try:
        rx.apply_units_import(other.db, rx.preview_units_import(other.db, units_file))
        people_preview = rx.preview_people_import(other.db, people_file)
        assert people_preview.count(Outcome.NEW) == n_people
        rx.apply_people_import(other.db, people_preview)
        assert _snapshot(other.db) == _snapshot(db)
        assert all(r.outcome is Outcome.UNCHANGED for r in rx.preview_units_import(other.db, units_file).rows)
        assert all(r.outcome is Outcome.UNCHANGED for r in rx.preview_people_import(other.db, people_file).rows)
    finally:
        other.close()


def test_export_refuses_a_bad_target(db, tmp_path):
    with pytest.raises(UserError, match="phải có đuôi .xlsx"):
        rx.export_units(db, tmp_path / "đơn vị.xls")
    with pytest.raises(UserError, match="Không có thư mục"):
        rx.export_people(db, tmp_path / "không có" / "cá nhân.xlsx")

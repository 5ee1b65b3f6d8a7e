"""Importing nominations from units' xlsx lists: preview, all or nothing."""
from __future__ import annotations

import openpyxl
import pytest

from awards_helpers import make_ward
from thidua_desktop.errors import UserError
from thidua_desktop.services.awards import nomination_import as imp, nominations as nm
from thidua_desktop.services import plan
from thidua_desktop.services.xlsx.importing import Outcome
from thidua_desktop.storage.models import Nomination, Person, PersonYear


@pytest.fixture
def ward(db):
    return make_ward(db)


def unit_list(path, rows, header=None):
    """A list as a school sends it: title rows, the printed columns, section rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["TRƯỜNG THCS BẠCH ĐẰNG"])
    ws.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026"])
    ws.append([])
    ws.append(header or ["STT", "Họ và tên", "Năm sinh", "Nữ", "Chức vụ, đơn vị công tác",
                         "Danh hiệu/Hình thức đề nghị", "Xếp loại", "Tóm tắt thành tích", "Ghi chú"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


GOOD_ROWS = [
    ["I. TẬP THỂ"],
    [1, "Trường THCS Bạch Đằng", None, None, None, "Tập thể lao động tiên tiến", None, "Dẫn đầu khối trường học"],
    ["II. CÁ NHÂN"],
    [2, "Nguyễn Thị Hoa", 1985, "x", "Giáo viên, Trường THCS Bạch Đằng", "Lao động tiên tiến", "HTXSNV",
     "Giáo viên dạy giỏi"],
    [3, "NGUYỄN THỊ HOA", 1985, "x", "Giáo viên, Trường THCS Bạch Đằng", "CSTĐCS", "Hoàn thành xuất sắc nhiệm vụ",
     "Giáo viên dạy giỏi cấp thành phố"],
    [4, "Trịnh Văn Mới", "12/03/1990", None, "Nhân viên thư viện, Trường THCS Bạch Đằng", "Giấy khen", "HTTNV",
     "Sắp xếp thư viện thân thiện"],
    ["III. HỘ GIA ĐÌNH"],
    [5, "Hộ bà Lê Thị Nhàn", None, "x", "Số 5 ngõ 20 Bạch Đằng", "Giấy khen", None, "Hiến đất làm đường", "TDP số 1"],
    [None, "Tổng cộng: 5"],
]


def test_preview_classifies_every_row_and_writes_nothing(db, ward, tmp_path):
    path = unit_list(tmp_path / "Danh sách THCS.xlsx", GOOD_ROWS)
    preview = imp.preview_import(db, path)
    assert preview.ok, preview.lines()
    assert [r.outcome for r in preview.rows] == [Outcome.NEW] * 5
    assert preview.new_people == 1 and "thêm cá nhân mới" in preview.rows[3].message
    assert preview.rows[1].payload["rating"] == "HTXSNV" and preview.rows[2].payload["title_code"] == "CSTDCS"
    assert preview.rows[4].payload["subject"] == "household"
    with db.read() as s:
        assert s.query(Nomination).count() == 0


def test_apply_writes_everything_and_checks_eligibility(db, ward, tmp_path):
    path = unit_list(tmp_path / "ds.xlsx", GOOD_ROWS)
    message = imp.apply_import(db, imp.preview_import(db, path))
    assert "5 đề nghị mới" in message and "1 cá nhân mới" in message and "Đã kiểm tra 5 đề nghị" in message
    with db.read() as s:
        c = plan.current_campaign(s)
        rows = {(r.name, r.title_code): r for r in nm.rows(s, c)}
        new = s.query(Person).filter_by(full_name="Trịnh Văn Mới").one()
        assert new.birth_year == 1990 and new.position == "Nhân viên thư viện" and new.unit.name == "Trường THCS Bạch Đằng"
        assert s.query(PersonYear).filter_by(person_id=new.id).one().rating == "HTTNV"
    assert rows[("Nguyễn Thị Hoa", "CSTDCS")].verdict.may_proceed
    assert rows[("Hộ bà Lê Thị Nhàn", "GK")].where == "Số 5 ngõ 20 Bạch Đằng"
    # the same file again: nothing new
    again = imp.preview_import(db, path)
    assert again.count(Outcome.UNCHANGED) == 5


def test_one_bad_row_and_nothing_goes_in(db, ward, tmp_path):
    rows = GOOD_ROWS[:4] + [
        [6, "Người Lạ", 1980, None, "Giáo viên, Trường Không Có", "Lao động tiên tiến", "HTTNV", "x"],
        [7, "Lê Thị Thu", 1985, "x", "Giáo viên, Trường THCS Bạch Đằng", "Huân chương", "HTTNV", "x"],
        [8, "Đỗ Thị Hằng", 1985, "x", "Giáo viên, Trường THCS Bạch Đằng", "LĐTT", "giỏi", "x"],
        [9, "Nguyễn Thị Hoa", 1985, "x", "Giáo viên, Trường THCS Bạch Đằng", "Lao động tiên tiến", "HTXSNV", "x"],
    ]
    path = unit_list(tmp_path / "lỗi.xlsx", rows)
    preview = imp.preview_import(db, path)
    errors = {r.row: r.message for r in preview.errors}
    assert "không tìm thấy tên đơn vị nào của phường trong “Giáo viên, Trường Không Có”" in errors[9]
    assert "không có danh hiệu, hình thức “Huân chương”" in errors[10]
    assert "mức xếp loại “giỏi”" in errors[11]
    assert "trùng với dòng 8" in errors[12]
    with pytest.raises(UserError) as info:
        imp.apply_import(db, preview)
    assert "có 4 dòng lỗi; chưa nhập gì" in info.value.message and "Dòng 9" in info.value.message
    with db.read() as s:
        assert s.query(Nomination).count() == 0 and s.query(Person).filter_by(full_name="Người Lạ").count() == 0


def test_plain_columns_and_the_subject_column(db, ward, tmp_path):
    header = ["Đối tượng", "Tên", "Đơn vị", "Danh hiệu", "Tóm tắt thành tích"]
    rows = [["Tập thể", "tổ dân phố số 2", None, "GK", "Hoàn thành xuất sắc"],
            ["Cá nhân", "Bùi Văn Đức", "trường thcs bach dang", "LDTT", "Tốt"],
            ["Hộ gia đình", "Hộ ông Trần Văn Bảy", "Tổ dân phố số 2", "Gia đình văn hóa", ""]]
    preview = imp.preview_import(db, unit_list(tmp_path / "p.xlsx", rows, header))
    assert preview.ok, preview.lines()
    assert [r.payload["subject"] for r in preview.rows] == ["unit", "person", "household"]
    assert preview.rows[2].payload["proposing_unit_id"] == ward["Tổ dân phố số 2"]


def test_files_that_are_not_lists_are_refused(db, ward, tmp_path):
    bad = tmp_path / "không phải excel.xlsx"
    bad.write_text("xin chào", encoding="utf-8")
    with pytest.raises(UserError, match="không phải là tệp Excel"):
        imp.preview_import(db, bad)
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Ghi chú"])
    wb.save(tmp_path / "thiếu cột.xlsx")
    with pytest.raises(UserError, match="Danh hiệu, hình thức đề nghị"):
        imp.preview_import(db, tmp_path / "thiếu cột.xlsx")


def test_template_reads_back(db, ward, tmp_path):
    path = imp.write_template(db, tmp_path / "mẫu.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Danh sách đề nghị"]
    assert ws["B3"].value == "Họ và tên / Tên tập thể" and wb["Hướng dẫn"]["A1"].value
    ws.append([1, "Trường Mầm non Hoa Sen", "Tập thể", None, None, None, None, "Giấy khen", None, None, "Tốt"])
    wb.save(path)
    preview = imp.preview_import(db, path)
    assert preview.ok and preview.rows[0].payload["unit_id"] == ward["Trường Mầm non Hoa Sen"]

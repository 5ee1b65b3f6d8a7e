"""Rules for participants, without a database: names, kinds, values, registrations."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua_desktop.domain.registry import (
    NameIndex,
    PersonFields,
    UnitFields,
    check_phone,
    format_titles,
    gender_hint,
    guess_kind,
    is_leader_position,
    kind_code,
    loose_key,
    name_key,
    name_sort_key,
    normalise_person_name,
    parse_birth,
    parse_count,
    parse_gender,
    parse_role,
    parse_titles,
    parse_yes_no,
    registration_problems,
    sort_key,
    titles_for_kind,
)
from thidua_desktop.domain.text import TextError, collation_key, fold, person_sort_key, unique_key

VIETNAMESE = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ"
                                                    "ằắẳẵặầấẩẫậềếểễệồốổỗộờớởỡợừứửữự-0123456789\t\u0300\u0301")),
                     max_size=40)


@given(VIETNAMESE)
def test_cached_keys_equal_the_text_rules(text):
    assert name_key(text) == unique_key(text)
    assert loose_key(text) == fold(text)
    assert sort_key(text) == collation_key(text)
    assert name_sort_key(text) == person_sort_key(text)


def test_name_index_finds_by_key_then_without_accents():
    index = NameIndex([(1, "Tổ dân phố số 1"), (2, "Trạm Y tế phường"), (3, "Hội Nông dân"), (4, "Hội Nông Dân ")])
    assert index.find(" tổ dân phố  SỐ 1 ").id == 1
    assert index.find(unicodedata.normalize("NFD", "Tổ dân phố số 1")).id == 1
    found = index.find("TRAM Y TE PHUONG")
    assert found.id == 2 and not found.exact
    assert index.conflict("Trạm y tế phường", self_id=2) is None
    assert index.conflict("Tram Y te phuong").id == 2
    assert index.suggest("Trạm Y tế") == "Trạm Y tế phường"
    assert index.find("Hội Nông dân").id in (3, 4)


def test_kinds_from_words_and_names():
    assert kind_code("Tổ dân phố") == "to_dan_pho" and kind_code("TRUONG HOC") == "truong_hoc"
    assert kind_code("doanh_nghiep") == "doanh_nghiep" and kind_code("Công ty") == "doanh_nghiep"
    assert kind_code("đoàn thể") == "mat_tran_doan_the" and kind_code("bệnh viện") is None
    assert guess_kind("Tổ dân phố số 12") == "to_dan_pho"
    assert guess_kind("Trường Tiểu học Bạch Đằng") == "truong_hoc"
    assert guess_kind("Hội Cựu chiến binh phường") == "mat_tran_doan_the"
    assert guess_kind("Công an phường") == "co_quan" and guess_kind("Trạm Y tế phường") == "don_vi_su_nghiep"
    assert guess_kind("Nhóm thiện nguyện") is None


@pytest.mark.parametrize("position, leader", [
    ("Phó Chủ tịch UBND phường", True), ("Trưởng phòng", True), ("Phó Trưởng Công an phường", True),
    ("Hiệu trưởng", True), ("Bí thư Đoàn phường", True), ("Chánh Văn phòng", True), ("Chủ nhiệm Hợp tác xã", True),
    ("Chuyên viên", False), ("Giáo viên", False), ("Tổ trưởng tổ dân phố", False),
    ("Bí thư chi bộ tổ dân phố", False), ("Trưởng ban công tác Mặt trận", False), ("Kế toán trưởng", False), ("", False),
])
def test_leadership_posts(position, leader):
    assert is_leader_position(position) is leader


def test_values_as_clerks_write_them():
    assert [parse_yes_no(v) for v in ("Có", "x", "1", 1, True, "không", 0, "", None)] == \
        [True, True, True, True, True, False, False, None, None]
    with pytest.raises(TextError, match="“có lẽ” không hiểu được"):
        parse_yes_no("có lẽ")
    assert [parse_gender(v) for v in ("Nam", "NỮ", "nu", "", None)] == ["nam", "nu", "nu", None, None]
    assert parse_role("trưởng khối") == "leader" and parse_role("Phó khối") == "deputy"
    assert parse_role("Thành viên") == "member"
    assert parse_count("1.250", "Số cán bộ") == 1250 and parse_count(12.0, "x") == 12 and parse_count("", "x") is None
    with pytest.raises(TextError, match="không phải là số nguyên"):
        parse_count("mười", "Số cán bộ")
    assert parse_birth("05/12/1980") == (dt.date(1980, 12, 5), 1980)
    assert parse_birth(1980) == (None, 1980) and parse_birth("1980") == (None, 1980)
    assert parse_birth("03/1980") == (None, 1980)
    assert parse_birth(29560) == (dt.date(1980, 12, 5), 1980)  # an Excel date number
    assert parse_birth(dt.datetime(1980, 12, 5)) == (dt.date(1980, 12, 5), 1980)
    with pytest.raises(TextError, match="ngày sinh"):
        parse_birth("mùa xuân")


def test_names_and_phones():
    assert normalise_person_name("  NGUYỄN   VĂN AN ") == "Nguyễn Văn An"
    assert normalise_person_name("nguyễn thị thu hà") == "Nguyễn Thị Thu Hà"
    assert normalise_person_name("Lê Thị McKay") == "Lê Thị McKay"
    assert check_phone("0225 3871 234") is None and check_phone("0912.345.678 / 0987 654 321") is None
    assert "chỉ được có chữ số" in check_phone("gọi 0912")
    assert "quá ngắn" in check_phone("0912")
    assert gender_hint("Nguyễn Thị Hoa", "nam") and gender_hint("Trần Văn Bình", "nu")
    assert gender_hint("Trần Văn Bình", "nam") is None and gender_hint("Lê Thu Hà", "") is None


def test_unit_and_person_problems():
    assert UnitFields(name="Tổ 1").problems() == []
    problems = UnitFields(name="", phone="abc", email="x@", staff_count=3, female_staff_count=5).problems()
    assert len(problems) == 4 and problems[0] == "Tên đơn vị không được để trống."
    today = dt.date(2026, 3, 1)
    assert PersonFields(full_name="Nguyễn An", unit_id=1).problems(today) == []
    problems = PersonFields(full_name="An", unit_id=None, birth_year=2030).problems(today)
    assert "Ghi đầy đủ họ và tên" in problems[0] and "Chưa chọn đơn vị công tác." in problems
    assert any("2030" in p for p in problems)
    assert PersonFields(full_name="Nguyễn 2 An", unit_id=1).problems(today) == ["Họ và tên “Nguyễn 2 An” có chữ số."]


def test_registration_titles_follow_the_kind_of_unit():
    assert registration_problems("to_dan_pho", ["TDPVH", "GK"]) == []
    assert registration_problems("co_quan", ["TTLDXS", "CTD"]) == []
    assert "chỉ dành cho tổ dân phố" in registration_problems("truong_hoc", ["TDPVH"])[0]
    assert "không đăng ký danh hiệu tập thể lao động" in registration_problems("to_dan_pho", ["TTLDTT"])[0]
    assert "chỉ đăng ký một trong hai" in registration_problems("co_quan", ["TTLDTT", "TTLDXS"])[0]
    assert registration_problems("co_quan", []) == ["chưa chọn danh hiệu, hình thức đăng ký."]
    assert "TDPVH" in titles_for_kind("to_dan_pho") and "TTLDTT" not in titles_for_kind("to_dan_pho")
    assert parse_titles("Giấy khen; tap the lao dong tien tien, TTLDXS") == ["GK", "TTLDTT", "TTLDXS"]
    assert format_titles(["TDPVH", "GK"], short=True) == "TDP văn hóa; Giấy khen"
    with pytest.raises(TextError, match="không có trong danh mục"):
        parse_titles("Huân chương")

"""The 2026 plan is in the database exactly as the seed document states it."""
from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.domain.plan import PlanError, PlanSpec
from thidua_desktop.errors import UserError
from thidua_desktop.services import plan

# (target code, measure code, kind, comparison, planned value, unit) from section II.3
EXPECTED = [
    ("1", "1", "growth", "ge", 12.5, "%"),
    ("2", "2", "amount", "gt", 100.0, "triệu đồng/ha"),
    ("3", "3", "rate", "ge", 100.0, "%"),
    ("4", "4", "growth", "ge", 10.5, "%"),
    ("5", "5", "count", "decrease", None, "hộ"),
    ("6", "6a", "rate", "gt", 97.0, "%"),
    ("6", "6b", "rate", "gt", 85.0, "%"),
    ("7", "7", "count", "reach", 1.0, "trường"),
    ("8", "8", "rate", "ge", 96.0, "%"),
    ("9", "9", "rate", "ge", 56.8, "%"),
    ("10", "10", "rate", "ge", 100.0, "%"),
    ("11", "11", "rate", "ge", 95.0, "%"),
    ("12", "12a", "rate", "ge", 100.0, "%"),
    ("12", "12b", "rate", "ge", 95.0, "%"),
    ("13", "13", "rate", "ge", 100.0, "%"),
    ("14", "14", "count", "reach", 2.0, "tổ dân phố"),
]


def test_first_start_installs_all_14_targets_with_the_seed_values(db):
    with db.read() as session:
        campaign = plan.current_campaign(session)
        assert [t.code for t in campaign.targets] == [str(i) for i in range(1, 15)]
        got = [(t.code, m.code, m.kind, m.comparison, m.planned_value, m.unit)
               for t in campaign.targets for m in t.measures]
    assert got == EXPECTED


def test_target_texts_are_the_seed_sentences(db):
    with db.read() as session:
        texts = {t.code: t.text for t in plan.current_campaign(session).targets}
    assert texts["1"] == "Thu ngân sách nhà nước trên địa bàn tăng tối thiểu 12,5%."
    # the seed writes “văn hoá”; the plan file keeps the one spelling of generated text
    assert texts["6"] == "Tỷ lệ gia đình văn hóa đạt trên 97%; tổ dân phố văn hóa đạt trên 85%."
    assert texts["9"] == "Tỷ lệ lao động trong độ tuổi tham gia BHXH đạt 56,8%"
    assert texts["12"] == ("Tỷ lệ giải quyết thủ tục hành chính đúng hạn đạt 100%; "
                           "tỷ lệ hồ sơ trực tuyến đạt 95% trở lên.")
    assert texts["14"] == "Xây dựng 02 tổ dân phố không ma túy."


def test_rates_roll_up_by_ratio_counts_by_sum(db):
    with db.read() as session:
        rollups = {m.code: m.rollup for t in plan.current_campaign(session).targets for m in t.measures}
    assert rollups["8"] == "ratio" and rollups["6a"] == "ratio"
    assert rollups["14"] == "sum" and rollups["5"] == "sum"
    assert rollups["1"] == "growth"


def test_plan_header_themes_reference_deadlines(db):
    with db.read() as session:
        c = plan.current_campaign(session)
        movements = [m.name for m in c.movements]
        periods = [(p.code, p.is_main, p.deadline) for p in c.periods]
    assert c.year == 2026
    # the seed's “tăng trưởng bút phá” is a typo of “bứt phá”, corrected in the plan file
    assert c.city_theme == "Chủ động thực thi; phát huy động lực; tăng trưởng bứt phá"
    assert "bứt phá" in c.title and "bút phá" not in c.title
    assert c.ward_theme == "Phát triển đô thị; chuyển đổi số; giải phóng mặt bằng"
    assert c.city_plan_reference == "Kế hoạch số 56/KH-UBND ngày 18/02/2026 của Ủy ban nhân dân thành phố"
    assert c.city_plan_number == "56/KH-UBND" and c.city_plan_date == dt.date(2026, 2, 18)
    assert c.units_deadline == dt.date(2026, 12, 5)
    assert c.ward_deadline == dt.date(2026, 12, 15)
    assert c.units_report_to == "Ủy ban nhân dân phường (qua phòng Văn hóa - Xã hội)"
    assert c.period_end == dt.date(2026, 12, 31)
    assert periods == [("nam", True, dt.date(2026, 12, 5))]
    assert movements == [
        "Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hiện tiết kiệm, chống lãng phí",
        "Vì người nghèo - Không để ai bị bỏ lại phía sau",
        "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
        "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023-2030 "
        "trên địa bàn thành phố Hải Phòng",
    ]


def test_signer_and_recipients(db):
    with db.read() as session:
        c = plan.current_campaign(session)
        ward = plan.ward(session)
    assert (c.signer_authority, c.signer_title, c.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Hoàng Minh")
    assert ward.full_name == "Phường Bạch Đằng" and ward.place_name == "Bạch Đằng"
    assert ward.parent_city == "thành phố Hải Phòng"
    assert c.recipients == [
        "Ban TĐKT - Sở Nội vụ thành phố", "TT Đảng ủy; HĐND phường", "TT MTTQ phường",
        "Lãnh đạo UBND phường", "Các phòng, cơ quan, đơn vị thuộc phường",
        "Công thông tin điện tử phường", "Lưu: VT, VHXH"]


def test_seeding_happens_once(app, db_path):
    app.close()
    from thidua_desktop.services.app import open_app

    again = open_app(db_path)
    try:
        assert not again.seeded
        with again.db.read() as session:
            assert len(plan.current_campaign(session).targets) == 14
    finally:
        again.close()


def test_plan_lives_in_a_data_file():
    path = plan.default_plan_path()
    assert path.suffix == ".toml" and path.parent.name == "plans"
    spec = plan.load_plan_file(path)
    assert len(spec.targets) == 14


def test_a_broken_plan_file_names_every_problem(tmp_path):
    bad = tmp_path / "kế hoạch 2027.toml"
    bad.write_text('''
[ward]
name = "X"
[plan]
year = 27
[[targets]]
code = "1"
text = "A"
  [[targets.measures]]
  label = "a"
  kind = "rate"
  comparison = "bigger"
  planned = 150
[[targets]]
code = "1"
text = "B"
''', encoding="utf-8")
    with pytest.raises(PlanError) as info:
        plan.load_plan_file(bad)
    message = str(info.value)
    assert "kế hoạch 2027.toml" in message
    assert "“year” phải là năm" in message
    assert "“comparison” phải là một trong" in message
    assert "tỷ lệ kế hoạch phải từ 0 đến 100" in message
    assert "mã chỉ tiêu “1” bị trùng" in message
    assert "cần ít nhất một tiêu chí đo" in message


def test_a_plan_file_with_bad_syntax_or_missing_is_a_user_error(tmp_path):
    broken = tmp_path / "x.toml"
    broken.write_text("[ward\nname=", encoding="utf-8")
    with pytest.raises(UserError, match="viết sai cú pháp"):
        plan.load_plan_file(broken)
    with pytest.raises(UserError, match="Không tìm thấy tệp kế hoạch"):
        plan.load_plan_file(tmp_path / "none.toml")


def test_spec_rejects_missing_sections():
    with pytest.raises(PlanError, match=r"thiếu mục \[ward\]"):
        PlanSpec.from_mapping({})

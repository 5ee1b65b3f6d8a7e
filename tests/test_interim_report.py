"""Báo cáo sơ kết (issue 17, paper 4): ``thidua report year-end --period CODE``
writes the year-end report's engine for an interim period — the period's
figures against the year's plan, the units that reported for it, the tasks of
the months left — in the words of a sơ kết, with its own narrative parts, in
the NĐ 30/2020 format (the year-end report's checks, run on the sơ kết)."""
from __future__ import annotations

import datetime as dt

import pytest

import test_docx_format as nd30
from docx_helpers import Docx, make_awards, soffice
from test_docx_documents import table_rows
from thidua_desktop.cli import main
from thidua_desktop.domain.results import ResultValues
from thidua_desktop.errors import UserError
from thidua_desktop.services import documents, plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.documents import yearend
from thidua_desktop.services.results import entry
from thidua_desktop.services.results import evaluation as ev

SIX = "6t"
SIX_NAME = "6 tháng đầu năm 2026"


def add_six_months(db) -> None:
    """The interim period, and the ward's health-insurance figure: 93,5% by June, 96,4% for the year."""
    with db.transaction(actor="kiểm thử") as s:
        campaign = plan.current_campaign(s)
        six = entry.add_period(s, campaign, SIX, SIX_NAME, dt.date(2026, 1, 1), dt.date(2026, 6, 30),
                               dt.date(2026, 7, 5))
        measure = next(m for t in campaign.targets for m in t.measures if m.code == "8")
        for period, value in ((six, 93.5), (ev.main_period(campaign), 96.4)):
            key = entry.CellKey(None, ev.MEASURE, measure.id)
            entry.save_cells(s, period.id, [entry.CellChange(key, ResultValues(value=value))], "manual")


@pytest.fixture
def ward(db):
    make_awards(db)
    add_six_months(db)
    return db


def generate(db, **options) -> tuple[documents.Rendered, Docx]:
    with db.read() as session:
        rendered = documents.generate(session, "year-end", documents.Options(**options))
    return rendered, Docx(rendered.data)


def test_interim_report_tells_the_period_against_the_years_plan_in_its_own_words(ward):
    rendered, doc = generate(ward, period_code=SIX, number="45", date=dt.date(2026, 7, 10))
    text = doc.all_text()
    assert "Sơ kết phong trào thi đua 6 tháng đầu năm 2026, nhiệm vụ trọng tâm 6 tháng cuối năm 2026" in text
    assert "báo cáo sơ kết 6 tháng đầu năm 2026 như sau:" in text
    assert "II. KẾT QUẢ TỔ CHỨC THỰC HIỆN PHONG TRÀO THI ĐUA 6 THÁNG ĐẦU NĂM 2026" in text
    assert "V. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2026" in text
    assert "Trên đây là báo cáo sơ kết phong trào thi đua 6 tháng đầu năm 2026 của Ủy ban nhân dân phường" in text
    for year_end_words in ("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027", "tổng kết phong trào", "Không đạt",
                           "báo cáo kết quả thực hiện Kế hoạch phát động phong trào thi đua năm"):
        assert year_end_words not in text
    # the period's figure (93,5%), not the year's (96,4%), measured against the year's plan
    rows = table_rows(doc, "Chỉ tiêu")
    assert rows[0] == ["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm", "Thực hiện", "Tỷ lệ so với KH năm", "Đánh giá"]
    health = next(r for r in rows if r[0] == "8")
    assert health[3:] == ["≥ 96%", "93,5", "97,4%", "Chưa đạt"]
    assert "Đến hết 6 tháng đầu năm 2026, trong 14 chỉ tiêu chủ yếu (16 nội dung đánh giá)" in text
    # the tasks of the months left, from the figures
    assert "Tập trung chỉ đạo thực hiện các nội dung chỉ tiêu chưa đạt kế hoạch năm: (8) Tỷ lệ dân số tham gia " \
           "bảo hiểm y tế (đạt 97,4% kế hoạch năm)." in text
    # the decision of 10/12/2026 is not the first six months'
    assert "Trong 6 tháng đầu năm 2026, chưa có quyết định khen thưởng, tờ trình đề nghị khen thưởng nào" in text
    assert "6.020.000" not in text
    assert rendered.file_name == "Bao cao so ket thi dua 6t 45-BC-UBND 2026.docx"


def test_without_a_period_or_with_the_whole_year_it_is_the_year_end_report(ward):
    _, plain = generate(ward, number="5", date=dt.date(2026, 12, 14))
    with ward.read() as s:
        year_code = ev.main_period(plan.current_campaign(s)).code
    _, named = generate(ward, period_code=year_code, number="5", date=dt.date(2026, 12, 14))
    assert named.all_text() == plain.all_text()
    health = next(r for r in table_rows(plain, "Chỉ tiêu") if r[0] == "8")
    assert health[4] == "96,4" and health[6] == "Vượt"
    assert "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" in plain.all_text()


def test_units_reported_for_the_period_are_counted_for_it(demo_ward):
    rendered, doc = generate(demo_ward.db, period_code=SIX, number="45", date=dt.date(2026, 7, 10))
    text = doc.all_text()
    assert "Có 36/40 đơn vị gửi báo cáo kết quả thực hiện 6 tháng đầu năm 2026 (hạn 05/7/2026)" in text
    assert "Đôn đốc 4 đơn vị chưa gửi báo cáo kết quả 6 tháng đầu năm 2026" in text
    assert "KẾT QUẢ CHẤM ĐIỂM CÁC ĐƠN VỊ THEO KHỐI THI ĐUA 6 THÁNG ĐẦU NĂM 2026" in text
    # the demo has written the sơ kết's own parts: no part left empty
    assert not [w for w in rendered.warnings if "chưa có nội dung" in w]
    assert "Sáu tháng đầu năm 2026" in text and "(Chưa nhập nội dung phần này.)" not in text


def test_the_interim_report_keeps_its_own_narrative_apart_from_the_year_end_report(ward):
    with ward.transaction() as s:
        campaign = plan.current_campaign(s)
        yearend.save_narrative(s, campaign.id, {"uu_diem": "Cả năm: phong trào sôi nổi."})
        yearend.save_narrative(s, campaign.id, {"uu_diem": "Sáu tháng: triển khai sớm."}, SIX)
        yearend.save_narrative(s, campaign.id, {"phuong_huong": "Đẩy nhanh giải ngân."}, "6 THÁNG ĐẦU NĂM 2026")
    with ward.read() as s:
        campaign = plan.current_campaign(s)
        assert yearend.get_narrative(campaign)["uu_diem"] == "Cả năm: phong trào sôi nổi."
        assert yearend.get_narrative(campaign)["phuong_huong"] == ""
        assert yearend.get_narrative(campaign, SIX)["uu_diem"] == "Sáu tháng: triển khai sớm."
        assert yearend.get_narrative(campaign, SIX)["phuong_huong"] == "Đẩy nhanh giải ngân."
    _, year = generate(ward)
    _, six = generate(ward, period_code=SIX)
    assert "Cả năm: phong trào sôi nổi." in year.all_text() and "Sáu tháng" not in year.all_text()
    assert "Sáu tháng: triển khai sớm." in six.all_text() and "Cả năm:" not in six.all_text()
    assert "Đẩy nhanh giải ngân." in six.all_text()
    with ward.transaction() as s, pytest.raises(UserError, match="Không có kỳ báo cáo “9t”"):
        yearend.save_narrative(s, plan.current_campaign(s).id, {"uu_diem": "x"}, "9t")


def test_a_clerks_year_end_template_is_not_used_for_the_interim_report(ward):
    with ward.transaction() as s:
        template = documents.default_template(s, "year-end")
        documents.use_template(s, "year-end", template, "mẫu báo cáo năm.docx")
    rendered, doc = generate(ward, period_code=SIX)
    assert "V. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2026" in doc.all_text()
    assert "Dùng mẫu có sẵn: mẫu riêng “mẫu báo cáo năm.docx” là mẫu của" in " ".join(rendered.warnings)


def test_an_unknown_period_is_refused_naming_the_periods(ward):
    with ward.read() as s, pytest.raises(UserError, match="Không có kỳ báo cáo “9t”.*“6t” \\(6 tháng đầu năm 2026\\)"):
        documents.generate(s, "year-end", documents.Options(period_code="9t"))


@pytest.fixture
def nd30_interim_report(monkeypatch):
    """The year-end report's NĐ 30/2020 checks, each generating the sơ kết."""
    plain = nd30.generate
    monkeypatch.setattr(nd30, "generate", lambda db, kind, **options: plain(db, kind, period_code=SIX, **options))


def test_nd30_format(ward, nd30_interim_report):
    nd30.test_page_is_a4_with_the_decree_margins(ward, "year-end")
    nd30.test_times_new_roman_everywhere(ward, "year-end")
    nd30.test_header_two_columns_without_borders(ward, "year-end", "BC-UBND")
    nd30.test_issuer_bold_capitals_with_short_rule(ward)
    nd30.test_national_title_and_motto_with_full_rule(ward)
    nd30.test_document_type_and_summary_with_rule(ward, "year-end", "BÁO CÁO")
    nd30.test_body_text_size_indent_and_spacing(ward, "year-end")
    nd30.test_signature_block_and_recipients(ward, "year-end", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    nd30.test_page_numbers_from_page_two_centred_in_the_top_margin(ward, "year-end")


def test_command_line_writes_the_interim_report_and_names_the_option(db_path, tmp_path, capsys):
    app = open_app(db_path)
    make_awards(app.db)
    add_six_months(app.db)
    app.close()
    out = tmp_path / "so ket.docx"
    assert main(["--db", str(db_path), "report", "year-end", "--period", SIX, "--number", "45",
                 "--date", "10/07/2026", "--out", str(out)]) == 0
    text = Docx(out.read_bytes()).all_text()
    assert "Sơ kết phong trào thi đua 6 tháng đầu năm 2026" in text and "{{" not in text
    capsys.readouterr()
    assert main(["--db", str(db_path), "report", "year-end", "--period", "9t", "--out",
                 str(tmp_path / "x.docx")]) == 1
    assert "Không có kỳ báo cáo “9t”" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()
    assert main(["report", "--help"]) == 0
    assert "--period MÃ_KỲ" in capsys.readouterr().out


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (CI installs it)")
def test_pdfa_names_the_interim_report(db_path, tmp_path):
    import pikepdf

    app = open_app(db_path)
    make_awards(app.db)
    add_six_months(app.db)
    app.close()
    out = tmp_path / "so ket.pdf"
    assert main(["--db", str(db_path), "report", "year-end", "--period", SIX, "--number", "45",
                 "--date", "10/07/2026", "--out", str(out), "--pdfa"]) == 0
    with pikepdf.open(out) as pdf:
        assert str(pdf.docinfo["/Title"]) == ("Báo cáo sơ kết phong trào thi đua 6 tháng đầu năm 2026 "
                                             "số 45/BC-UBND ngày 10/7/2026")


@pytest.mark.parametrize("name, end, label, remaining", [
    ("6 tháng đầu năm 2026", dt.date(2026, 6, 30), "6 tháng đầu năm 2026", "6 tháng cuối năm 2026"),
    ("9 tháng đầu năm", dt.date(2026, 9, 30), "9 tháng đầu năm 2026", "3 tháng cuối năm 2026"),
    ("Quý I", dt.date(2026, 3, 31), "Quý I năm 2026", "9 tháng cuối năm 2026"),
    ("Đợt cao điểm", dt.date(2026, 5, 19), "Đợt cao điểm năm 2026", "những tháng cuối năm 2026"),
    ("Đợt thi đua", None, "Đợt thi đua năm 2026", "những tháng cuối năm 2026"),
])
def test_the_period_and_the_months_left_in_words(name, end, label, remaining):
    from thidua_desktop.services.documents.interim import Scope
    from thidua_desktop.storage.models import Period

    told = Scope(Period(code="x", name=name, start=dt.date(2026, 1, 1), end=end), 2026)
    assert (told.label, told.remaining) == (label, remaining)


def test_the_audit_trail_names_the_parts_of_the_interim_report():
    from thidua_desktop.services.safety import audit_log

    change = audit_log.describe_change("campaign", "narrative", {"uu_diem": "a"},
                                       {"uu_diem": "a", "6t/uu_diem": "b", "6t/han_che": "c"})
    assert change == "sửa 2 phần (sơ kết 6t: Ưu điểm, sơ kết 6t: Hạn chế, nguyên nhân)"


def test_narrative_command_writes_the_interim_reports_parts_apart(db_path, tmp_path, capsys):
    app = open_app(db_path)
    make_awards(app.db)
    add_six_months(app.db)
    app.close()
    base = ["--db", str(db_path), "narrative"]
    assert main([*base, "text", "--period", SIX, "--part", "phuong_huong", "--text", "Đẩy nhanh giải ngân."]) == 0
    assert "Phần “V. Nhiệm vụ trọng tâm những tháng cuối năm” đã ghi." in capsys.readouterr().out
    assert main([*base, "text", "--part", "phuong_huong", "--text", "Đổi mới phong trào năm 2027."]) == 0
    assert main([*base, "show", "--period", SIX]) == 0
    shown = capsys.readouterr().out
    assert "Đẩy nhanh giải ngân." in shown and "năm 2027" not in shown
    assert main([*base, "text", "--period", "9t", "--part", "uu_diem", "--text", "x"]) == 1
    assert "Không có kỳ báo cáo “9t”" in capsys.readouterr().err
    out = tmp_path / "so ket.docx"
    assert main(["--db", str(db_path), "report", "year-end", "--period", SIX, "--out", str(out)]) == 0
    assert "Đẩy nhanh giải ngân." in Docx(out.read_bytes()).all_text()

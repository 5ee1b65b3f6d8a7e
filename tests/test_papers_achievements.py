"""Báo cáo thành tích (issue 17, paper 1): one report per nominee (or all, for
the council) filled from the registry, the year's results and the earlier
decisions, with the parts written by hand kept on the nomination; the short
form for a ward Giấy khen; NĐ 30/2020 format; the commands."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from docx_helpers import W, Docx, make_awards, val
from test_docx_format import header_cells, tw
from thidua_desktop.cli import main
from thidua_desktop.domain import docformat as fmt
from thidua_desktop.errors import UserError
from thidua_desktop.services import documents, plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.awards import achievements
from thidua_desktop.storage.models import AwardTitle, Campaign, Decision, Nomination, Person, PersonYear


@pytest.fixture
def ward(db):
    return db, make_awards(db)


def nomination_of(db, name: str, code: str) -> int:
    with db.read() as s:
        return s.scalar(select(Nomination.id).join(Person).join(AwardTitle, Nomination.title_id == AwardTitle.id)
                        .where(Person.full_name == name, AwardTitle.code == code))


def report(db, **options) -> documents.Rendered:
    with db.read() as s:
        return documents.generate(s, "achievements", documents.Options(**options))


def test_one_nominee_full_form_from_the_data_and_the_written_parts(ward):
    db, ids = ward
    with db.transaction() as s:
        person = s.scalar(select(Person).where(Person.full_name == "Nguyễn Thị Hoa"))
        s.add(PersonYear(campaign_id=ids["campaign"], person_id=person.id, rating="HTXSNV",
                         initiative="Sáng kiến số hóa hồ sơ học sinh"))
        achievements.save_text(s, ids["cstd"], "nhiem_vu", "Giáo viên chủ nhiệm lớp 5A.\nPhụ trách đội tuyển.")
    rendered = report(db, nomination_id=ids["cstd"], date=dt.date(2026, 11, 20))
    text = Docx(rendered.data).all_text()
    for expected in ["BÁO CÁO THÀNH TÍCH", "Đề nghị công nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm 2026",
                     "- Họ và tên: Nguyễn Thị Hoa", "- Sinh ngày, tháng, năm: 1980", "- Giới tính: Nữ",
                     "- Đơn vị công tác: Trường Tiểu học Bạch Đằng", "Chức vụ (Đảng, chính quyền, đoàn thể): Giáo viên",
                     "I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
                     "Giáo viên chủ nhiệm lớp 5A.", "Phụ trách đội tuyển.",
                     "Kết quả đánh giá, xếp loại năm 2026: Hoàn thành xuất sắc nhiệm vụ.",
                     "Sáng kiến, đề tài được công nhận: Sáng kiến số hóa hồ sơ học sinh.",
                     "Bạch Đằng, ngày 20 tháng 11 năm 2026", "NGƯỜI BÁO CÁO\nTHÀNH TÍCH",
                     "THỦ TRƯỞNG ĐƠN VỊ\nXÁC NHẬN, ĐỀ NGHỊ", "Trần Văn Nam"]:  # the school's leader signs
        assert expected in text, expected
    assert text.count("Nguyễn Thị Hoa") >= 2  # named and signing
    [missing] = rendered.warnings
    assert missing == "Nguyễn Thị Hoa (Chiến sĩ thi đua cơ sở): chưa nhập thành tích đạt được: biện pháp, kết quả nổi bật."


def test_earlier_years_awards_fill_part_three(ward):
    db, ids = ward
    with db.transaction() as s:
        old = Campaign(year=2025, title="Kế hoạch thi đua năm 2025")
        s.add(old)
        s.flush()
        person = s.scalar(select(Person).where(Person.full_name == "Nguyễn Thị Hoa"))
        ldtt = s.scalar(select(AwardTitle).where(AwardTitle.code == "LDTT"))
        gk = s.scalar(select(AwardTitle).where(AwardTitle.code == "GK"))
        d = Decision(campaign_id=old.id, number="98/QĐ-UBND", signed_on=dt.date(2025, 12, 5))
        s.add(d)
        s.flush()
        for title in (ldtt, gk):
            s.add(Nomination(campaign_id=old.id, subject="person", person_id=person.id, title_id=title.id,
                             status="awarded", decision_id=d.id))
    text = Docx(report(db, nomination_id=ids["cstd"]).data).all_text()
    decision = "Quyết định số 98/QĐ-UBND ngày 05/12/2025 của Chủ tịch Ủy ban nhân dân phường Bạch Đằng"
    assert f"2025Lao động tiên tiến{decision}" in text.replace("\n", "")  # the titles' table
    assert f"2025Giấy khen{decision}" in text.replace("\n", "")  # the forms' table


def test_a_ward_giay_khen_takes_the_short_form(ward):
    db, _ = ward
    rendered = report(db, nomination_id=nomination_of(db, "Lê Thị Thu", "GK"))
    text = Docx(rendered.data).all_text()
    assert "BÁO CÁO TÓM TẮT THÀNH TÍCH" in text
    assert "Đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Bạch Đằng" in text
    assert "III. CÁC HÌNH THỨC" not in text and "Quê quán" not in text


def test_a_collective_shows_its_results_and_score(ward):
    db, _ = ward
    with db.read() as s:
        unit_row = s.scalar(select(Nomination.id).where(Nomination.subject == "unit",
                                                        Nomination.title_id == s.scalar(
                                                            select(AwardTitle.id).where(AwardTitle.code == "BK"))))
    text = Docx(report(db, nomination_id=unit_row).data).all_text()
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in text and "- Tên tập thể: Trường Tiểu học Bạch Đằng" in text
    assert "- Số cán bộ, công chức, người lao động: 20 người (12 nữ)" in text
    assert "2. Kết quả thực hiện các chỉ tiêu thi đua năm 2026" in text
    assert "THỦ TRƯỞNG\nĐƠN VỊ" in text and "XÁC NHẬN CỦA\nCẤP TRÌNH KHEN THƯỞNG" in text


def test_the_council_file_holds_every_nominee_each_from_a_new_page(ward):
    db, _ = ward
    rendered = report(db, title_code="LDTT")
    doc = Docx(rendered.data)
    starts = [p for p in doc.paragraphs() if p.find(f"{{{W}}}pPr/{{{W}}}pageBreakBefore") is not None]
    assert len(starts) == 3  # four LĐTT nominees: three page breaks
    assert doc.all_text().count("NGƯỜI BÁO CÁO\nTHÀNH TÍCH") == 4


def test_written_parts_are_checked_and_kept(ward):
    db, ids = ward
    with db.transaction() as s, pytest.raises(UserError, match="không có phần “dac_diem”"):
        achievements.save_text(s, ids["cstd"], "dac_diem", "x")
    with db.transaction() as s, pytest.raises(UserError, match="quá 20.000"):
        achievements.save_text(s, ids["cstd"], "thanh_tich", "x" * 20_001)
    with db.transaction() as s:
        achievements.save_text(s, ids["cstd"], "thanh_tich", "  Dạy giỏi cấp thành phố.  ")
    with db.read() as s:
        assert achievements.texts(s, ids["cstd"]) == {"thanh_tich": "Dạy giỏi cấp thành phố."}
    with db.transaction() as s:
        achievements.save_text(s, ids["cstd"], "thanh_tich", "")
    with db.read() as s:
        assert achievements.texts(s, ids["cstd"]) == {}


def test_nothing_to_report_says_why(db):
    with db.read() as s, pytest.raises(UserError, match="Chưa có đề nghị khen thưởng nào"):
        documents.generate(s, "achievements", documents.Options())
    make_awards(db)
    with db.read() as s, pytest.raises(UserError, match="Không có đề nghị khen thưởng mã 9999"):
        documents.generate(s, "achievements", documents.Options(nomination_id=9999))


def test_nd30_format(ward):
    db, ids = ward
    doc = Docx(report(db, nomination_id=ids["cstd"], date=dt.date(2026, 1, 5)).data)
    for sect in doc.xpath("//w:sectPr"):
        size, margin = sect.find(f"{{{W}}}pgSz"), sect.find(f"{{{W}}}pgMar")
        assert [int(val(size, "w")), int(val(size, "h"))] == [tw(210), tw(297)]
        mm = {s: int(val(margin, s)) * 25.4 / 1440 for s in ("top", "bottom", "left", "right")}
        assert fmt.margin_problems(mm["top"], mm["bottom"], mm["left"], mm["right"]) == []
    for root in (doc.styles, doc.document):
        for fonts in root.iter(f"{{{W}}}rFonts"):
            assert set(fonts.attrib.values()) == {"Times New Roman"}
    first = doc.body[0]  # the invisible line each report of a combined file starts on
    assert first.tag == f"{{{W}}}p" and not Docx.text(first)
    assert int(val(doc.ppr(first, "spacing"), "line")) == 20 and val(doc.ppr(first, "spacing"), "lineRule") == "exact"
    doc.body.remove(first)
    table, cells = header_cells(doc)
    assert {val(b) for b in table.find(f"{{{W}}}tblPr/{{{W}}}tblBorders")} == {"nil"}
    parent, unit = list(doc.paragraphs(cells[0][0]))[:2]
    assert Docx.text(parent) == "UBND PHƯỜNG BẠCH ĐẰNG" and not doc.flag(parent, None, "b")
    assert Docx.text(unit).replace("\n", " ") == "TRƯỜNG TIỂU HỌC BẠCH ĐẰNG" and doc.flag(unit, None, "b")
    date = doc.find_paragraph("ngày", cells[1][1])
    assert Docx.text(date) == "Bạch Đằng, ngày 05 tháng 01 năm 2026" and doc.flag(date, None, "i")
    kind = doc.find_paragraph("BÁO CÁO THÀNH TÍCH")
    assert doc.flag(kind, None, "b") and 13 <= doc.size(kind) <= 14 and val(doc.ppr(kind, "jc")) == "center"
    for heading in ("I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC"):
        p = doc.find_paragraph(heading)
        assert doc.flag(p, None, "b") and 13 <= doc.size(p) <= 14
    body = [p for p in doc.paragraphs() if val(p.find(f"{{{W}}}pPr/{{{W}}}pStyle")) == "ND30Body"
            and Docx.text(p).strip()]
    for p in body:
        assert 13 <= doc.size(p) <= 14 and val(doc.ppr(p, "jc")) == "both"
    assert doc.xpath("//w:sectPr")[0].find(f"{{{W}}}titlePg") is not None


@pytest.fixture
def ward_db(db_path):
    app = open_app(db_path)
    ids = make_awards(app.db)
    app.close()
    return db_path, ids


def test_commands(ward_db, tmp_path, capsys):
    path, ids = ward_db
    base = ["--db", str(path)]
    notes = tmp_path / "thành tích.txt"
    notes.write_text("Dạy giỏi cấp thành phố.\nHướng dẫn học sinh đạt giải.", encoding="utf-8")
    assert main(base + ["achievements", "text", "--nomination", str(ids["cstd"]), "--part", "thanh_tich",
                        "--file", str(notes)]) == 0
    assert main(base + ["achievements", "show", "--nomination", str(ids["cstd"])]) == 0
    assert "Hướng dẫn học sinh đạt giải." in capsys.readouterr().out
    assert main(base + ["achievements", "text", "--nomination", str(ids["cstd"]), "--part", "thanh_tich",
                        "--file", str(tmp_path / "không có.txt")]) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err
    out = tmp_path / "bc.docx"
    assert main(base + ["report", "achievements", "--nomination", str(ids["cstd"]), "--out", str(out)]) == 0
    assert "Hướng dẫn học sinh đạt giải." in Docx(out.read_bytes()).all_text()
    everyone = tmp_path / "tat ca.docx"
    assert main(base + ["report", "achievements", "--title", "GK", "--out", str(everyone)]) == 0
    with open_app(path, lock=False).db.read() as s:
        count = len([n for n in s.scalars(select(Nomination)) if n.title.code == "GK" and n.status != "withdrawn"])
        assert plan.current_campaign(s).year == 2026
    assert Docx(everyone.read_bytes()).all_text().count("BÁO CÁO TÓM TẮT THÀNH TÍCH") == count


def test_a_unit_with_a_very_long_name_is_wrapped_quickly(ward):
    """Cutting a name into balanced lines tries every cut: a 270-character
    name (the registry allows 300) took minutes before it was wrapped greedily."""
    db, _ = ward
    long_name = ("Hợp tác xã Dịch vụ Nông nghiệp và Thương mại Tổng hợp " * 5).strip()
    with db.transaction() as s:
        from thidua_desktop.storage.models import Unit

        s.scalar(select(Unit).where(Unit.name == "Trường Tiểu học Bạch Đằng")).name = long_name
    import time

    started = time.perf_counter()
    rendered = report(db, title_code="CSTDCS")
    assert time.perf_counter() - started < 10
    _, cells = header_cells(_without_first_line(Docx(rendered.data)))
    unit = list(Docx.paragraphs(None, cells[0][0]))[1]
    assert Docx.text(unit).replace("\n", " ") == fmt.upper(long_name)


def _without_first_line(doc: Docx) -> Docx:
    doc.body.remove(doc.body[0])
    return doc

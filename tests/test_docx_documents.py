"""What each document says, filled from the data: the targets and figures of
the year-end report, who the tờ trình and the decision name, the votes in the
minutes, the certificates' pages and positions, the register of numbers."""
from __future__ import annotations

import datetime as dt

import pytest

from docx_helpers import DECISION_DATE, DECISION_NUMBER, W, Docx, make_awards
from thidua_desktop.domain import certificates as layout_rules
from thidua_desktop.services import documents
from thidua_desktop.services.documents import certificates
from thidua_desktop.services.documents.selection import DRAFT

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture
def ward(db):
    ids = make_awards(db)
    db.ids = ids
    return db


def generate(db, kind: str, **options) -> tuple[documents.Rendered, Docx]:
    with db.read() as session:
        rendered = documents.generate(session, kind, documents.Options(**options))
    return rendered, Docx(rendered.data)


def table_rows(doc: Docx, header: str) -> list[list[str]]:
    for table in doc.xpath("//w:tbl"):
        rows = [[Docx.text(c) for c in tr.findall(f"{{{W}}}tc")] for tr in table.findall(f"{{{W}}}tr")]
        if rows and header in rows[0]:
            return rows
    raise AssertionError(f"no table with the column “{header}”")


def test_year_end_report_tells_the_targets_units_blocks_and_awards(ward):
    rendered, doc = generate(ward, "year-end", number="5", date=dt.date(2026, 12, 14))
    text = doc.all_text()
    assert "Kính gửi: Ban Thi đua, khen thưởng thành phố." in text
    assert "Kế hoạch số 56/KH-UBND ngày 18/02/2026 của Ủy ban nhân dân thành phố" in text
    rows = table_rows(doc, "Chỉ tiêu")
    assert rows[0] == ["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Tỷ lệ so với KH", "Đánh giá"]
    codes = [r[0] for r in rows[1:]]
    assert codes == ["1", "2", "3", "4", "5", "6", "", "", "7", "8", "9", "10", "11", "12", "", "", "13", "14"]
    assert rows[10][:4] == ["8", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "≥ 96%"]
    assert "Trong 14 chỉ tiêu chủ yếu (16 nội dung đánh giá)" in text
    assert "Có 0/4 cơ quan, đơn vị đăng ký thi đua" in text  # the fixture's units did not register
    # awards: decided by the ward (Giấy khen) and proposed upward
    assert "Chủ tịch Ủy ban nhân dân phường đã khen thưởng 02 tập thể, 03 cá nhân và 01 hộ gia đình." in text
    assert "có 2 nữ (66,7%); 2 người lao động trực tiếp" in text
    assert "Tổng số tiền thưởng: 6.020.000 đồng." in text
    awards_rows = table_rows(doc, "Hình thức, danh hiệu")
    assert ["1", "Giấy khen", "2", "3", "1", "6.020.000"] in awards_rows
    assert "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" in text
    assert any("chưa đủ số liệu" in w for w in rendered.warnings)


def test_proposal_to_the_chairman_lists_those_the_council_passed(ward):
    rendered, doc = generate(ward, "proposal", number="2", date=dt.date(2026, 12, 9))
    text = doc.all_text()
    assert "Số: 02/TTr-HĐTĐKT" in text
    assert "UBND PHƯỜNG BẠCH ĐẰNG" in text and "HỘI ĐỒNG THI ĐUA -\nKHEN THƯỞNG" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân phường Bạch Đằng." in text
    assert "Căn cứ Biên bản số 01 họp Hội đồng Thi đua - Khen thưởng phường ngày 08/12/2026." in text
    assert "1. Tặng Giấy khen: 02 tập thể, 03 cá nhân và 01 hộ gia đình;" in text
    assert "2. Tặng danh hiệu “Lao động tiên tiến”: 04 cá nhân;" in text
    assert "3. Tặng danh hiệu “Chiến sĩ thi đua cơ sở”: 01 cá nhân." in text
    assert "(Kèm theo Tờ trình số 02/TTr-HĐTĐKT ngày 09/12/2026)" in text
    assert "Đỗ Thị Hằng" not in text  # 3 of 9 votes: not passed
    assert "Bằng khen" not in text.split("DANH SÁCH")[1]  # the city's titles are another tờ trình
    assert any("không đạt phiếu" in w for w in rendered.warnings)


def test_proposal_to_the_city_says_it_is_a_draft_until_recorded(ward):
    rendered, doc = generate(ward, "proposal", level="city")
    text = doc.all_text()
    assert "Số:" in text and "/TTr-UBND" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hải Phòng (qua Ban Thi đua, khen thưởng thành phố)." in text
    assert "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân thành phố: 01 tập thể." in text
    assert any("dự thảo" in w for w in rendered.warnings)


def test_recorded_decision_with_its_number_articles_and_prizes(ward):
    rendered, doc = generate(ward, "decision", number="99")
    text = doc.all_text()
    assert f"Số: {DECISION_NUMBER}" in text and "Bạch Đằng, ngày 10 tháng 12 năm 2026" in text
    assert rendered.number == DECISION_NUMBER and rendered.date == DECISION_DATE
    assert "Dùng số của văn bản đã ghi nhận: 125/QĐ-UBND (không dùng số “99” đã nhập)." in rendered.warnings
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BẠCH ĐẰNG" in text
    bases = [Docx.text(p) for p in doc.paragraphs() if Docx.text(p).startswith(("Căn cứ", "Xét đề nghị"))]
    assert bases[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
    assert all(b.endswith(";") for b in bases[:-1]) and bases[-1] == "Xét đề nghị của Trưởng phòng Văn hóa - Xã hội."
    assert ("Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Bạch Đằng cho 02 tập thể, 03 cá nhân và "
            "01 hộ gia đình (có danh sách kèm theo) đã có thành tích xuất sắc") in text
    assert ("mỗi tập thể được thưởng 1.410.000 đồng; mỗi cá nhân được thưởng 710.000 đồng; mỗi hộ gia đình được "
            "thưởng 1.070.000 đồng. Tổng số tiền thưởng: 6.020.000 đồng (Bằng chữ: Sáu triệu không trăm hai mươi "
            "nghìn đồng)") in text
    assert "Điều 3. Quyết định này có hiệu lực kể từ ngày ký." in text
    assert "(Kèm theo Quyết định số 125/QĐ-UBND ngày 10/12/2026 của Chủ tịch Ủy ban nhân dân phường Bạch Đằng)" in text
    assert "- Như Điều 3;" in text


def test_draft_decision_of_a_title_without_a_decision(ward):
    rendered, doc = generate(ward, "decision", decision_id=DRAFT, title_code="LDTT", number="130",
                             date=dt.date(2026, 12, 20))
    text = doc.all_text()
    assert "Số: 130/QĐ-UBND" in text
    assert "Về việc tặng danh hiệu “Lao động tiên tiến” cho các cá nhân có thành tích" in text  # individuals only
    assert "Điều 1. Tặng danh hiệu “Lao động tiên tiến” cho 04 cá nhân" in text
    assert "mỗi cá nhân được thưởng 710.000 đồng" in text  # 0,3 × 2.340.000 rounded up to 10.000
    assert any("dự thảo" in w for w in rendered.warnings)


def test_minutes_record_attendance_votes_and_result(ward):
    rendered, doc = generate(ward, "minutes")
    text = doc.all_text()
    assert "Số: 01/BB-HĐTĐKT" in text and "Bạch Đằng, ngày 08 tháng 12 năm 2026" in text
    assert "Thời gian bắt đầu: 08 giờ 00 phút, ngày 08 tháng 12 năm 2026." in text
    assert "Địa điểm: Hội trường UBND phường." in text
    assert "Tổng số thành viên Hội đồng: 9; có mặt: 7; vắng mặt: 2 (trong đó 1 thành viên gửi ý kiến bằng văn bản)." in text
    assert "Chủ trì: Nguyễn Hoàng Minh - Chủ tịch UBND phường, Chủ tịch Hội đồng." in text
    rows = table_rows(doc, "Số phiếu đồng ý")
    assert ["Đỗ Thị Hằng", "Điều dưỡng, Trạm Y tế phường", "3/9", "33,33%", "Không đạt"] in [r[1:] for r in rows]
    assert ["Chiến sĩ thi đua cơ sở (cần từ 80% tổng số thành viên Hội đồng)"] in rows
    assert "Cuộc họp kết thúc vào 10 giờ 30 phút cùng ngày" in text
    assert "Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân phường Bạch Đằng quyết định:" in text
    thu_ky = doc.find_paragraph("THƯ KÝ")
    assert Docx.text(thu_ky.getnext()) == "Đặng Thị Hương"
    assert rendered.warnings == []


def test_lists_of_proposals_and_of_awardees(ward):
    _, doc = generate(ward, "nominations")
    text = doc.all_text()
    assert "DANH SÁCH" in text and "Số:" not in text
    assert "I. TẬP THỂ" in text and "II. CÁ NHÂN" in text and "III. HỘ GIA ĐÌNH" in text
    _, awarded = generate(ward, "nominations", awardees=True)
    text = awarded.all_text()
    assert "(Kèm theo Quyết định số 125/QĐ-UBND ngày 10/12/2026" in text
    assert "Tổng số tiền thưởng: 6.020.000 đồng" in text
    _, passed = generate(ward, "nominations", stage="passed")
    assert "Đỗ Thị Hằng" not in passed.all_text()


def test_certificates_one_page_each_at_their_positions(ward):
    rendered, doc = generate(ward, "certificates")
    anchors = doc.xpath("//wp:anchor")
    pages = doc.xpath("/w:document/w:body/w:p")
    assert len(pages) == ward.ids["gk_count"]
    assert all(p.find(f"{{{W}}}pPr/{{{W}}}pageBreakBefore") is not None for p in pages[1:])
    size = doc.body[-1].find(f"{{{W}}}pgSz")
    assert size.get(f"{{{W}}}orient") == "landscape"
    layout = layout_rules.DEFAULT_LAYOUT
    printed = [b for b in layout.boxes if b.printed]
    assert len(anchors) == len(printed) * len(pages)
    first = anchors[: len(printed)]
    for box, anchor in zip(printed, first):
        assert int(anchor.find(f"{WP}positionH/{WP}posOffset").text) == round(box.x * 36000)
        assert int(anchor.find(f"{WP}positionV/{WP}posOffset").text) == round(box.y * 36000)
        assert anchor.find(f"{WP}positionH").get("relativeFrom") == "page"
    texts = [Docx.text(p) for p in doc.xpath("//w:txbxContent/w:p")]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BẠCH ĐẰNG" in texts
    assert "Bà Nguyễn Thị Hoa" in texts and "Số sổ vàng: 3" in texts
    assert "Quyết định số 125/QĐ-UBND ngày 10/12/2026" in texts
    assert "Bạch Đằng, ngày 10 tháng 12 năm 2026" in texts


def test_certificates_need_a_decision_and_the_test_page_shows_every_box(db):
    with db.read() as session:
        with pytest.raises(Exception, match="chưa có giấy khen để in"):
            documents.generate(session, "certificates")
        doc = Docx(certificates.calibration(session))
    labels = "".join(t.text or "" for t in doc.document.iter(f"{{{W}}}t"))
    for box in layout_rules.DEFAULT_BOXES:
        assert box.label in labels
    lines = [a for a in doc.xpath("//wp:anchor") if a.find(".//{*}prstGeom") is not None
             and a.find(".//{*}prstGeom").get("prst") == "line"]
    assert len(lines) > 100  # rulers along two edges and four crosses


def test_register_keeps_numbers_and_suggests_the_next(ward, tmp_path):
    with ward.read() as session:
        rendered = documents.generate(session, "year-end", documents.Options(number="4", date=dt.date(2026, 12, 1)))
    with ward.transaction() as session:
        documents.record_issued(session, rendered, str(tmp_path / "a.docx"), actor="văn thư")
    with ward.read() as session:
        assert documents.suggest_number(session, "year-end", 2026) == "5"
        assert documents.suggest_number(session, "year-end", 2027) == ""
        [row] = documents.issued(session)
    assert (row.kind, row.number, row.dated, row.created_by) == ("year-end", "04/BC-UBND", dt.date(2026, 12, 1),
                                                                 "văn thư")
    with ward.read() as session:
        lists = documents.generate(session, "nominations")
    with ward.transaction() as session:
        assert documents.record_issued(session, lists, "b.docx") is None  # lists are not numbered documents

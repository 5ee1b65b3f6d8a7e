"""Files that open in Word and LibreOffice without a repair prompt, whatever
the data: control characters pasted from Word, decomposed (NFD) text, very
long names, empty sections, a thousand awardees."""
from __future__ import annotations

import re
import unicodedata

import pytest
from sqlalchemy import select

from docx_helpers import W, Docx, make_awards, soffice, structure_problems, to_pdfs
from thidua_desktop.services import documents, plan
from thidua_desktop.services.documents import certificates, yearend
from thidua_desktop.storage.models import Campaign, Nomination, Person, Unit

ALL = list(documents.KINDS)
NASTY = "Lê\x07 Thị\x0b Thu\x1f\ufeff\u200b Hà\x00"


@pytest.fixture
def ward(db):
    make_awards(db)
    return db


def generate_all(db, **options) -> dict[str, bytes]:
    out = {}
    with db.read() as session:
        for kind in ALL:
            out[kind] = documents.generate(session, kind, documents.Options(**options)).data
        out["calibration"] = certificates.calibration(session)
    return out


def test_every_document_is_well_formed(ward):
    for kind, data in generate_all(ward, number="12").items():
        assert structure_problems(data) == [], kind


NOTHING_YET = {"certificates": "chưa có giấy khen để in", "payments": "nên chưa có danh sách chi tiền thưởng",
               "disclosure": "Chưa có phiên họp Hội đồng", "achievements": "Chưa có đề nghị khen thưởng nào"}


def test_empty_ward_generates_every_document_but_certificates(db):
    with db.read() as session:
        for kind in ALL:
            if kind in NOTHING_YET:
                with pytest.raises(Exception, match=NOTHING_YET[kind]):
                    documents.generate(session, kind)
                continue
            rendered = documents.generate(session, kind)
            assert structure_problems(rendered.data) == [], kind
            assert rendered.warnings, kind  # says plainly what is missing


def test_control_characters_and_nfd_text_never_break_generation(ward):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thủy")
    with ward.transaction() as s:
        for person in s.scalars(select(Person)):
            if person.full_name == "Lê Thị Thu":
                person.full_name = NASTY
                person.position = "Y sĩ\r\nphụ trách\ttiêm chủng"
            if person.full_name == "Trần Văn Nam":
                person.full_name = nfd
        for n in s.scalars(select(Nomination)):
            n.summary = "Dán từ Word:\x0c\x01 hoàn thành\u2028xuất sắc\x7f"
        campaign = s.scalar(select(Campaign))
        campaign.narrative = {"uu_diem": "Dòng một\x07\nDòng hai\u200b\n\n- gạch đầu dòng\x0b"}
    for kind, data in generate_all(ward).items():
        assert structure_problems(data) == [], kind
        text = Docx(data).all_text() if kind != "calibration" else ""
        assert "\x07" not in text and "\ufeff" not in text
        if kind in ("nominations", "proposal"):
            assert "Lê Thị Thu Hà" in re.sub(r"\s+", " ", text)
            assert "hoàn thành\nxuất sắc" in text
            assert "Nguyễn Thị Thủy" in text and nfd not in text


def test_very_long_names_shrink_on_certificates_and_are_reported(ward):
    long_name = "Hợp tác xã Dịch vụ Nông nghiệp và Thương mại Tổng hợp " * 5  # 270 of the 300 allowed
    with ward.transaction() as s:
        unit = s.scalar(select(Unit).where(Unit.name == "Tổ dân phố số 1"))
        unit.name = long_name.strip()
    data = generate_all(ward)
    for kind, content in data.items():
        assert structure_problems(content) == [], kind
    with ward.read() as session:
        rendered = documents.generate(session, "certificates")
    assert any("dài quá khung" in w for w in rendered.warnings)
    doc = Docx(rendered.data)
    name = doc.find_paragraph("Hợp tác xã Dịch vụ")
    size = int(doc.xpath(".//w:sz", name)[0].get(f"{{{W}}}val")) / 2
    box = certificates.layout_rules.DEFAULT_LAYOUT.box("ho_ten")
    assert size == pytest.approx(box.size * 0.7, abs=0.5)


def test_empty_narrative_says_so_and_saved_narrative_appears(ward):
    with ward.read() as session:
        rendered = documents.generate(session, "year-end")
    assert "(Chưa nhập nội dung phần này.)" in Docx(rendered.data).all_text()
    assert any("Ưu điểm" in w for w in rendered.warnings)
    with ward.transaction() as session:
        campaign = plan.current_campaign(session)
        yearend.save_narrative(session, campaign.id, {"uu_diem": "Các đơn vị hưởng ứng tích cực.\nNhiều mô hình hay.",
                                                      "de_xuat": "   "})
    with ward.read() as session:
        campaign = plan.current_campaign(session)
        assert yearend.get_narrative(campaign)["uu_diem"] == "Các đơn vị hưởng ứng tích cực.\nNhiều mô hình hay."
        assert "de_xuat" not in (campaign.narrative or {})
        rendered = documents.generate(session, "year-end")
    doc = Docx(rendered.data)
    first = doc.find_paragraph("Các đơn vị hưởng ứng tích cực.")
    assert Docx.text(first.getnext()) == "Nhiều mô hình hay."
    assert not any("Ưu điểm" in w for w in rendered.warnings)


def test_a_thousand_awardees_make_a_valid_list(db):
    ids = make_awards(db, extra_people=1000)
    with db.transaction() as s:
        from thidua_desktop.services.awards import catalogue as awards

        gk = awards.title_by_code(s, "GK")
        people = s.scalars(select(Person).where(Person.full_name.like("Nguyễn Văn Thử%"))).all()
        for p in people:
            s.add(Nomination(campaign_id=ids["campaign"], title_id=gk.id, subject="person", person_id=p.id,
                             decision_id=ids["decision"], prize_amount=710_000,
                             summary="Hoàn thành xuất sắc nhiệm vụ được giao"))
    with db.read() as session:
        rendered = documents.generate(session, "nominations", documents.Options(awardees=True))
    assert structure_problems(rendered.data) == []
    doc = Docx(rendered.data)
    rows = doc.xpath("//w:tbl")[-2].findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
    assert len(rows) > 1000


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (CI installs it)")
def test_libreoffice_converts_every_document(ward, tmp_path):
    files = []
    for kind, data in generate_all(ward, number="3").items():
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(data)
        files.append(path)
    for pdf in to_pdfs(files, tmp_path):
        assert pdf.read_bytes().startswith(b"%PDF")

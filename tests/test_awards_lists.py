"""The printed lists: PDF (A4 landscape, header row on every page, rows never
split, page numbers), and xlsx; read back and checked."""
from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest

from awards_helpers import full_year
from thidua_desktop.domain.text import unique_key
from thidua_desktop.printing import award_lists as printing
from thidua_desktop.services.awards import lists as award_lists, nominations as nm
from thidua_desktop.services import plan
from thidua_desktop.storage.models import Person

PDFTOTEXT = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")


def pdf_pages(path) -> list[tuple[float, float]]:
    """Page sizes (points) read from the PDF's page objects."""
    data = path.read_bytes()
    boxes = re.findall(rb"/Type\s*/Page\b.*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]",
                       data, re.S)
    return [(float(c) - float(a), float(d) - float(b)) for a, b, c, d in boxes]


def page_texts(path) -> list[str]:
    out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8").split("\f")[:-1]


@pytest.fixture
def year(db):
    return full_year(db)


def test_awardee_pdf_is_a4_landscape_with_totals(db, year, tmp_path):
    with db.read() as s:
        listing = award_lists.awardee_list(s, year["decision"])
    path = tmp_path / "danh sách khen thưởng.pdf"
    pages = printing.save_pdf(listing, path)
    sizes = pdf_pages(path)
    assert len(sizes) == pages >= 1
    assert all(abs(w - 841.9) < 1 and abs(h - 595.3) < 1 for w, h in sizes)
    assert path.read_bytes().startswith(b"%PDF")
    if PDFTOTEXT:
        text = " ".join(page_texts(path))
        for expected in ("DANH SÁCH ĐƯỢC KHEN THƯỞNG", "Kèm theo Quyết định số 125/QĐ-UBND ngày 22/12/2026",
                         "I. TẬP THỂ", "II. CÁ NHÂN", "III. HỘ GIA ĐÌNH", "Trường THCS Bạch Đằng",
                         "Hộ ông Phạm Văn Lộc", "1.060.000", "Bằng chữ:"):
            assert expected in text, expected


@needs_poppler
def test_long_list_repeats_the_header_and_never_splits_a_row(db, year, tmp_path):
    with db.transaction() as s:
        c = plan.current_campaign(s)
        school = s.get(Person, year["Nguyễn Thị Hoa"]).unit_id
        for i in range(70):
            name = f"Nguyễn Văn Thử Nghiệm Số {i + 1:02d}"
            p = Person(full_name=name, name_key=unique_key(name), unit_id=school, position="Giáo viên",
                       gender="nam", birth_year=1990)
            s.add(p)
            s.flush()
            nm.create(s, c, nm.NominationInput(
                "person", "GK", person_id=p.id, rating="HTTNV",
                summary="Có thành tích xuất sắc trong phong trào thi đua “Dạy tốt, học tốt” năm học 2025 - 2026, "
                        "được học sinh và phụ huynh tín nhiệm"), recheck_all=False)
        nm.recheck(s, c)
        listing = award_lists.proposal_list(s, c)
    path = tmp_path / "đề nghị.pdf"
    pages = printing.save_pdf(listing, path)
    texts = page_texts(path)
    assert pages == len(texts) >= 4
    for number, text in enumerate(texts, start=1):
        assert "Tóm tắt thành tích" in text and "Chức vụ, đơn vị công tác" in text, f"trang {number}: thiếu tiêu đề bảng"
        if number > 1:
            assert text.strip().splitlines()[0].strip() == str(number)  # page number, top centre
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in texts[0] and "DANH SÁCH" not in texts[1]
    # each nominee's row sits on one page: its name and its achievement text together
    for i in range(70):
        name = f"Số {i + 1:02d}"
        holders = [n for n, t in enumerate(texts) if re.search(rf"Nghiệm\s+{name}\b", t)]
        assert len(holders) == 1, (name, holders)
    assert "Tổng cộng:" in texts[-1] and "TM. ỦY BAN NHÂN DÂN" in texts[-1]


def test_pdf_uses_times_new_roman_or_its_metric_twin(db, year, tmp_path):
    with db.read() as s:
        listing = award_lists.proposal_list(s, plan.current_campaign(s))
    path = tmp_path / "ds.pdf"
    printing.save_pdf(listing, path)
    fonts = set(re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z-]+)", path.read_bytes()))
    assert fonts and all(f.startswith((b"TimesNewRoman", b"LiberationSerif", b"Times")) for f in fonts), fonts


def test_proposal_stages(db, year):
    with db.read() as s:
        c = plan.current_campaign(s)
        everything = award_lists.proposal_list(s, c, "all")
        passed = award_lists.proposal_list(s, c, "passed")
    assert everything.count == 9 and passed.count == 9
    assert [sec.title for sec in everything.sections] == ["TẬP THỂ", "CÁ NHÂN", "HỘ GIA ĐÌNH"]
    assert "Tỷ lệ phiếu đồng ý" in [c.header for c in passed.columns]
    assert passed.subheadings[-1] == "(Đã được Hội đồng Thi đua - Khen thưởng phường thông qua)"
    people = everything.sections[1].groups  # the school's staff under each title (domain.award_order)
    assert [(g.heading, g.name) for g in people] == [
        ("Danh hiệu “Lao động tiên tiến” (6)", "Trường THCS Bạch Đằng"),
        ("Danh hiệu “Chiến sĩ thi đua cơ sở” (1)", "Trường THCS Bạch Đằng")]


def test_xlsx_prints_like_the_pdf(db, year, tmp_path):
    with db.read() as s:
        listing = award_lists.awardee_list(s, year["decision"])
    path = award_lists.write_xlsx(listing, tmp_path / "danh sách.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    flat = [str(v) for row in values for v in row if v is not None]
    assert "DANH SÁCH ĐƯỢC KHEN THƯỞNG" in flat and "I. TẬP THỂ" in flat and "III. HỘ GIA ĐÌNH" in flat
    header = next(i for i, row in enumerate(values, start=1) if row[1] == "Họ và tên / Tên tập thể")
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.cell(row=header, column=1).font.name == "Times New Roman"
    data = [row for row in values[header:] if row[0] and str(row[0]).isdigit()]
    assert [int(r[0]) for r in data] == list(range(1, 10))  # số sổ vàng
    assert any(r[1] == "Hộ ông Phạm Văn Lộc" and r[6] == 1060000 for r in data)  # a number, printed 1.060.000
    assert any("Bằng chữ" in v for v in flat)


def test_user_text_cannot_become_a_formula_in_xlsx(db, year, tmp_path):
    with db.transaction() as s:
        c = plan.current_campaign(s)
        nm.create(s, c, nm.NominationInput("household", "GDVH", household_name="=HYPERLINK(\"x\")",
                                           household_address="-1+2", summary="@cmd"))
        listing = award_lists.proposal_list(s, c)
    path = award_lists.write_xlsx(listing, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(("=", "-", "@"))]
    assert cells and all(c.data_type == "s" for c in cells)


def test_blank_ballots_one_copy_per_member(db, year, tmp_path):
    from thidua_desktop.printing import ballots
    from thidua_desktop.services.awards import council

    with db.transaction() as s:
        c = plan.current_campaign(s)
        nm.create(s, c, nm.NominationInput("unit", "GK", unit_id=year["Tổ dân phố số 2"], summary="Tốt"))
        nm.create(s, c, nm.NominationInput("person", "CSTDCS", person_id=year["Trần Văn Nam"], summary="Sáng kiến"))
    with db.read() as s:
        ballot = council.ballot(s, plan.current_campaign(s), year["session"])
        secret = council.ballot(s, plan.current_campaign(s), year["session"], ballot_only=True, copies=2)
    assert ballot.copies == 9
    assert [(g.title.code, [r.name for r in g.rows]) for g in ballot.groups] == [
        ("GK", ["Tổ dân phố số 2"]), ("CSTDCS", ["Trần Văn Nam"])]  # the decided ones are not on it
    assert [g.title.code for g in secret.groups] == ["CSTDCS"] and secret.groups[0].needed == 8
    path = tmp_path / "phiếu bầu.pdf"
    pages = ballots.save_pdf(ballot, path)
    sizes = pdf_pages(path)
    assert pages == len(sizes) == 9 or pages % 9 == 0
    assert all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in sizes)  # portrait
    if PDFTOTEXT:
        first = page_texts(path)[0]
        assert "PHIẾU BẦU" in first and "Không đồng ý" in first and "Tổ dân phố số 2" in first

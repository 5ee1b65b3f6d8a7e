"""Every administrative document in the Nghị định 30/2020 format, checked by
reading the generated DOCX back: page, margins, fonts and sizes, the header's
texts and rules, the signature, Nơi nhận, page numbers, landscape lists."""
from __future__ import annotations

import datetime as dt

import pytest

from docx_helpers import W, Docx, make_awards, val
from thidua_desktop.domain import docformat as fmt
from thidua_desktop.services import documents
from thidua_desktop.services.documents.skeleton import header_widths

ND30_KINDS = ["year-end", "proposal", "decision", "minutes"]
DAY = dt.date(2026, 1, 5)  # day below 10 and month 1: both with a leading zero


@pytest.fixture
def ward(db):
    make_awards(db)
    return db


def generate(db, kind: str, **options) -> Docx:
    options.setdefault("number", "5")
    options.setdefault("date", DAY)
    with db.read() as session:
        rendered = documents.generate(session, kind, documents.Options(**options))
    return Docx(rendered.data)


def tw(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def header_cells(doc: Docx):
    table = doc.body[0]
    assert table.tag == f"{{{W}}}tbl", "the document starts with the header table"
    rows = table.findall(f"{{{W}}}tr")
    return table, [[c for c in r.findall(f"{{{W}}}tc")] for r in rows]


def cell_width(cell) -> int:
    return int(val(cell.find(f"{{{W}}}tcPr/{{{W}}}tcW"), "w"))


def rule_length(doc: Docx, rule, container: int) -> float:
    ind = rule.find(f"{{{W}}}pPr/{{{W}}}ind")
    return container - int(val(ind, "left")) - int(val(ind, "right"))


@pytest.mark.parametrize("kind", ND30_KINDS + ["nominations"])
def test_page_is_a4_with_the_decree_margins(ward, kind):
    doc = generate(ward, kind)
    sections = doc.xpath("//w:sectPr")
    assert sections[-1].getparent() is doc.body and doc.body[-1] is sections[-1]
    for sect in sections:
        size, margin = sect.find(f"{{{W}}}pgSz"), sect.find(f"{{{W}}}pgMar")
        assert sorted([int(val(size, "w")), int(val(size, "h"))]) == [tw(210), tw(297)]
        landscape = int(val(size, "w")) > int(val(size, "h"))
        assert (val(size, "orient") == "landscape") == landscape
        mm = {s: int(val(margin, s)) * 25.4 / 1440 for s in ("top", "bottom", "left", "right")}
        assert fmt.margin_problems(mm["top"], mm["bottom"], mm["left"], mm["right"]) == []


@pytest.mark.parametrize("kind", ND30_KINDS + ["nominations", "certificates"])
def test_times_new_roman_everywhere(ward, kind):
    doc = generate(ward, kind)
    defaults = doc.styles.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}rFonts")
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert val(defaults, attr) == "Times New Roman"
    for root in (doc.styles, doc.document):
        for fonts in root.iter(f"{{{W}}}rFonts"):
            assert set(fonts.attrib.values()) == {"Times New Roman"}
    for name in doc.names:
        if name.startswith("word/") and name.endswith(".xml"):
            assert b"asciiTheme" not in doc.zip.read(name)


@pytest.mark.parametrize("kind,symbol", [("year-end", "BC-UBND"), ("proposal", "TTr-HĐTĐKT"),
                                         ("decision", "QĐ-UBND"), ("minutes", "BB-HĐTĐKT")])
def test_header_two_columns_without_borders(ward, kind, symbol):
    doc = generate(ward, kind)
    table, cells = header_cells(doc)
    borders = table.find(f"{{{W}}}tblPr/{{{W}}}tblBorders")
    assert {val(b) for b in borders} == {"nil"}
    assert [len(r) for r in cells] == [2, 2]
    left, right = header_widths()
    assert abs(cell_width(cells[0][0]) - tw(left)) <= 2 and abs(cell_width(cells[0][1]) - tw(right)) <= 2
    number = doc.find_paragraph("Số:", cells[1][0])
    assert Docx.text(number) == f"Số: 05/{symbol}" if kind != "decision" else "Số: 125/QĐ-UBND"
    assert doc.size(number) == 13
    date = doc.find_paragraph("ngày", cells[1][1])
    if kind == "decision":  # the recorded decision's own date
        assert Docx.text(date) == "Bạch Đằng, ngày 10 tháng 12 năm 2026"
    else:
        assert Docx.text(date) == "Bạch Đằng, ngày 05 tháng 01 năm 2026"
    assert doc.flag(date, None, "i") and 13 <= doc.size(date) <= 14


def test_issuer_bold_capitals_with_short_rule(ward):
    doc = generate(ward, "year-end")
    _, cells = header_cells(doc)
    paragraphs = list(doc.paragraphs(cells[0][0]))
    issuer, rule = paragraphs[0], paragraphs[1]
    assert Docx.text(issuer) == "ỦY BAN NHÂN DÂN\nPHƯỜNG BẠCH ĐẰNG"
    run = issuer.find(f"{{{W}}}r")
    assert doc.flag(issuer, run, "b") and 12 <= doc.size(issuer, run) <= 13
    assert val(doc.ppr(rule, "pBdr").find(f"{{{W}}}top")) == "single"
    container = cell_width(cells[0][0]) - 2 * tw(1)
    widest = max(fmt.text_width_pt(line, 13, bold=True) for line in Docx.text(issuer).split("\n")) * 20
    ratio = rule_length(doc, rule, container) / widest
    assert 1 / 3 <= ratio <= 1 / 2
    assert val(rule.find(f"{{{W}}}pPr/{{{W}}}jc") or doc.ppr(rule, "jc")) == "center"


def test_national_title_and_motto_with_full_rule(ward):
    doc = generate(ward, "year-end")
    _, cells = header_cells(doc)
    title, motto, rule = list(doc.paragraphs(cells[0][1]))[:3]
    assert Docx.text(title) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert doc.flag(title, None, "b") and 12 <= doc.size(title) <= 13
    assert Docx.text(motto) == "Độc lập - Tự do - Hạnh phúc"
    assert doc.flag(motto, None, "b") and 13 <= doc.size(motto) <= 14
    container = cell_width(cells[0][1]) - 2 * tw(1)
    text_twips = fmt.text_width_pt(Docx.text(motto), doc.size(motto), bold=True) * 20
    assert abs(rule_length(doc, rule, container) - text_twips) <= 20  # within a point
    # the national title fits its column on one line
    assert fmt.text_width_pt(Docx.text(title), doc.size(title), bold=True) * 20 <= container


@pytest.mark.parametrize("kind,type_text", [("year-end", "BÁO CÁO"), ("proposal", "TỜ TRÌNH"),
                                            ("decision", "QUYẾT ĐỊNH"), ("minutes", "BIÊN BẢN"),
                                            ("nominations", "DANH SÁCH")])
def test_document_type_and_summary_with_rule(ward, kind, type_text):
    doc = generate(ward, kind)
    paragraphs = [p for p in doc.body if p.tag == f"{{{W}}}p"]
    kind_p = next(p for p in paragraphs if Docx.text(p) == type_text)
    assert doc.flag(kind_p, None, "b") and 13 <= doc.size(kind_p) <= 14
    assert val(doc.ppr(kind_p, "jc")) == "center"
    summary = kind_p.getnext()
    rule = summary.getnext()
    assert Docx.text(summary) and doc.flag(summary, None, "b") and 13 <= doc.size(summary) <= 14
    assert val(doc.ppr(rule, "pBdr").find(f"{{{W}}}top")) == "single"
    sect = doc.xpath("//w:sectPr")[0]  # the section the title is in
    width = int(val(sect.find(f"{{{W}}}pgSz"), "w"))
    margin = sect.find(f"{{{W}}}pgMar")
    container = width - int(val(margin, "left")) - int(val(margin, "right"))
    widest = fmt.widest_line_pt(Docx.text(summary), container / 20, doc.size(summary), bold=True) * 20
    assert 1 / 3 <= rule_length(doc, rule, container) / widest <= 1 / 2


@pytest.mark.parametrize("kind", ND30_KINDS)
def test_body_text_size_indent_and_spacing(ward, kind):
    doc = generate(ward, kind)
    body = [p for p in doc.paragraphs() if val(p.find(f"{{{W}}}pPr/{{{W}}}pStyle")) == "ND30Body"
            and Docx.text(p).strip()]
    assert len(body) >= 3
    for p in body:
        assert 13 <= doc.size(p) <= 14
        assert val(doc.ppr(p, "jc")) == "both"
        first = int(val(doc.ppr(p, "ind"), "firstLine"))
        assert first in (tw(10), tw(12.7))
        spacing = doc.ppr(p, "spacing")
        assert max(int(val(spacing, "before") or 0), int(val(spacing, "after") or 0)) >= 120
        assert val(spacing, "lineRule") in (None, "auto") and 240 <= int(val(spacing, "line")) <= 360


@pytest.mark.parametrize("kind,lines", [
    ("year-end", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ("decision", ["CHỦ TỊCH"]),
    ("proposal", ["TM. HỘI ĐỒNG", "CHỦ TỊCH"]),
])
def test_signature_block_and_recipients(ward, kind, lines):
    doc = generate(ward, kind)
    tables = doc.xpath("/w:document/w:body/w:tbl")
    signature = next(t for t in tables if "Nơi nhận:" in Docx.text(t))
    left, right = signature.findall(f"{{{W}}}tr/{{{W}}}tc")
    authority, name = list(doc.paragraphs(right))
    assert Docx.text(authority).split("\n") == lines
    assert doc.flag(authority, None, "b") and 13 <= doc.size(authority) <= 14
    assert Docx.text(name) == "Nguyễn Hoàng Minh" and doc.flag(name, None, "b")
    label, *items = list(doc.paragraphs(left))
    assert Docx.text(label) == "Nơi nhận:"
    assert doc.size(label) == 12 and doc.flag(label, None, "b") and doc.flag(label, None, "i")
    assert items and all(doc.size(p) == 11 and not doc.flag(p, None, "b") for p in items)
    texts = [Docx.text(p) for p in items]
    assert all(t.startswith("- ") and t.endswith(";") for t in texts[:-1])
    assert texts[-1] == "- Lưu: VT, VHXH."


def test_deputy_signs_for_the_chairman(ward):
    with ward.transaction() as s:
        from thidua_desktop.services import plan

        w = plan.ward(s)
        w.deputy_signer_name = "Vũ Thị Lan"
    doc = generate(ward, "year-end", deputy=True)
    signature = doc.find_paragraph("KT. CHỦ TỊCH")
    assert Docx.text(signature).split("\n") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert Docx.text(signature.getnext()) == "Vũ Thị Lan"
    doc = generate(ward, "decision", decision_id=0, deputy=True)
    assert Docx.text(doc.find_paragraph("KT. CHỦ TỊCH")).split("\n") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


@pytest.mark.parametrize("kind", ND30_KINDS + ["nominations"])
def test_page_numbers_from_page_two_centred_in_the_top_margin(ward, kind):
    doc = generate(ward, kind)
    sect = doc.xpath("//w:sectPr")[0]  # the section of page 1
    assert sect.find(f"{{{W}}}titlePg") is not None
    rels = doc.part("word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    refs = {val(r, "type"): targets[r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
            for r in sect.findall(f"{{{W}}}headerReference")}
    default = doc.part("word/" + refs["default"])
    first = doc.part("word/" + refs["first"])
    instr = "".join(t.text for t in default.iter(f"{{{W}}}instrText"))
    assert instr.strip() == "PAGE"
    p = default.find(f"{{{W}}}p")
    assert val(p.find(f"{{{W}}}pPr/{{{W}}}jc")) == "center"
    assert 13 <= doc.size(p) <= 14
    assert not list(first.iter(f"{{{W}}}instrText"))
    margin = sect.find(f"{{{W}}}pgMar")
    assert int(val(margin, "header")) < int(val(margin, "top"))


@pytest.mark.parametrize("kind", ["year-end", "proposal", "decision"])
def test_wide_lists_sit_in_landscape_sections(ward, kind):
    doc = generate(ward, kind)
    sections = doc.xpath("//w:sectPr")
    orientations = [val(s.find(f"{{{W}}}pgSz"), "orient") for s in sections]
    assert orientations[0] is None and "landscape" in orientations
    landscape = sections[orientations.index("landscape")]
    assert landscape.find(f"{{{W}}}titlePg") is None  # the annex's first page is numbered


def test_lists_are_landscape(ward):
    doc = generate(ward, "nominations")
    size = doc.body[-1].find(f"{{{W}}}pgSz")
    assert val(size, "orient") == "landscape" and int(val(size, "w")) == tw(297)


def test_long_tables_repeat_their_header_and_keep_rows_whole(ward):
    doc = generate(ward, "nominations")
    table = doc.xpath("/w:document/w:body/w:tbl")[1]
    rows = table.findall(f"{{{W}}}tr")
    assert rows[0].find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None
    assert all(r.find(f"{{{W}}}trPr/{{{W}}}cantSplit") is not None for r in rows)
    grid = [int(val(c, "w")) for c in table.iter(f"{{{W}}}gridCol")]
    assert sum(grid) == pytest.approx(tw(297 - 30 - 15), abs=len(grid) * 2)


@pytest.mark.parametrize("day, expected", [
    (dt.date(2024, 12, 26), "26/12/2024"),
    (dt.date(2025, 6, 26), "26/6/2025"),
    (dt.date(2026, 2, 18), "18/02/2026"),
    (dt.date(2026, 12, 8), "08/12/2026"),
    (dt.date(2026, 1, 5), "05/01/2026"),
])
def test_dates_in_the_text_follow_the_decree_rule_as_the_seed_writes_them(day, expected):
    assert fmt.short_date(day) == expected
    assert fmt.short_date(None) == ""

"""Danh sách chi tiền thưởng (issue 17, paper 2): the rows of a recorded
decision with their prizes, the total in figures and in words, three
signatures; DOCX in the NĐ 30/2020 format, xlsx with numbers as numbers,
the ``thidua report payments`` command."""
from __future__ import annotations

import openpyxl
import pytest

from docx_helpers import W, Docx, make_awards, val
from test_docx_format import cell_width, generate, header_cells, rule_length, tw
from thidua_desktop.cli import main
from thidua_desktop.domain import docformat as fmt
from thidua_desktop.errors import UserError
from thidua_desktop.services import documents, settings
from thidua_desktop.services.app import open_app
from thidua_desktop.services.documents import payments

# make_awards' decision 125/QĐ-UBND: 2 collectives × 1.410.000, 3 people × 710.000, 1 household × 1.070.000
TOTAL = 2 * 1_410_000 + 3 * 710_000 + 1_070_000
WORDS = "Bằng chữ: Sáu triệu không trăm hai mươi nghìn đồng."


@pytest.fixture
def ward(db):
    ids = make_awards(db)
    with db.transaction() as s:
        settings.set_value(s, "documents.payment_preparer", "Đặng Thị Hương")
        settings.set_value(s, "documents.chief_accountant", "Phạm Thị Lan")
    return db, ids


def paid_table(doc: Docx):
    return next(t for t in doc.xpath("/w:document/w:body/w:tbl") if "Ký nhận" in Docx.text(t))


def test_every_paid_awardee_in_the_decisions_order_with_the_total_in_words(ward):
    db, ids = ward
    doc = generate(db, "payments", decision_id=ids["decision"])
    rows = paid_table(doc).findall(f"{{{W}}}tr")
    cells = [[Docx.text(c) for c in r.findall(f"{{{W}}}tc")] for r in rows]
    assert cells[0] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị / Địa chỉ", "Danh hiệu, hình thức",
                        "Số tiền (đồng)", "Ký nhận"]
    body, total = cells[1:-1], cells[-1]
    assert [r[0] for r in body] == [str(n) for n in range(1, ids["gk_count"] + 1)]
    assert {r[1] for r in body} >= {"Tổ dân phố số 1", "Nguyễn Thị Hoa", "Hộ ông Nguyễn Văn Bình"}
    assert sorted(r[4] for r in body) == sorted(["1.410.000"] * 2 + ["710.000"] * 3 + ["1.070.000"])
    assert all(r[5] == "" for r in body)  # room to sign
    assert total[1] == "Tổng cộng" and total[4] == "6.020.000"
    text = doc.all_text()
    assert "Tổng số tiền thưởng: 6.020.000 đồng." in text and WORDS in text
    assert "Chi tiền thưởng kèm theo Quyết định số 125/QĐ-UBND ngày 10/12/2026 của Chủ tịch Ủy ban nhân dân " \
           "phường Bạch Đằng" in text


def test_three_signatures_with_the_names_from_the_settings(ward):
    db, ids = ward
    doc = generate(db, "payments", decision_id=ids["decision"])
    table = doc.xpath("/w:document/w:body/w:tbl")[-1]
    signers = [[Docx.text(p) for p in doc.paragraphs(c)] for c in table.findall(f"{{{W}}}tr/{{{W}}}tc")]
    assert signers == [["NGƯỜI LẬP", "Đặng Thị Hương"], ["KẾ TOÁN TRƯỞNG", "Phạm Thị Lan"],
                       ["THỦ TRƯỞNG ĐƠN VỊ", "Nguyễn Hoàng Minh"]]
    for cell in table.findall(f"{{{W}}}tr/{{{W}}}tc"):
        title, name = list(doc.paragraphs(cell))
        assert doc.flag(title, None, "b") and 13 <= doc.size(title) <= 14 and doc.flag(name, None, "b")


def test_nd30_format(ward):
    """The checks of test_docx_format for the payment list: A4 and margins,
    Times New Roman, the header, the type and summary with their rules, the
    page numbers from page 2."""
    db, ids = ward
    doc = generate(db, "payments", decision_id=ids["decision"])
    for sect in doc.xpath("//w:sectPr"):
        size, margin = sect.find(f"{{{W}}}pgSz"), sect.find(f"{{{W}}}pgMar")
        assert [int(val(size, "w")), int(val(size, "h"))] == [tw(210), tw(297)]
        mm = {s: int(val(margin, s)) * 25.4 / 1440 for s in ("top", "bottom", "left", "right")}
        assert fmt.margin_problems(mm["top"], mm["bottom"], mm["left"], mm["right"]) == []
    for root in (doc.styles, doc.document):
        for fonts in root.iter(f"{{{W}}}rFonts"):
            assert set(fonts.attrib.values()) == {"Times New Roman"}
    table, cells = header_cells(doc)
    assert {val(b) for b in table.find(f"{{{W}}}tblPr/{{{W}}}tblBorders")} == {"nil"}
    assert Docx.text(list(doc.paragraphs(cells[0][0]))[0]) == "ỦY BAN NHÂN DÂN\nPHƯỜNG BẠCH ĐẰNG"
    title, motto = list(doc.paragraphs(cells[0][1]))[:2]
    assert Docx.text(title) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and Docx.text(motto) == "Độc lập - Tự do - Hạnh phúc"
    date = doc.find_paragraph("ngày", cells[1][1])
    assert Docx.text(date) == "Bạch Đằng, ngày 05 tháng 01 năm 2026" and doc.flag(date, None, "i")
    kind = next(p for p in doc.body if p.tag == f"{{{W}}}p" and Docx.text(p) == "DANH SÁCH")
    summary, rule = kind.getnext(), kind.getnext().getnext()
    assert doc.flag(kind, None, "b") and doc.flag(summary, None, "b") and 13 <= doc.size(summary) <= 14
    container = tw(210 - 30 - 15)
    widest = fmt.widest_line_pt(Docx.text(summary), container / 20, doc.size(summary), bold=True) * 20
    assert 1 / 3 <= rule_length(doc, rule, container) / widest <= 1 / 2
    sect = doc.xpath("//w:sectPr")[0]
    assert sect.find(f"{{{W}}}titlePg") is not None and len(sect.findall(f"{{{W}}}headerReference")) == 2
    grid = [int(val(c, "w")) for c in paid_table(doc).iter(f"{{{W}}}gridCol")]
    assert sum(grid) == pytest.approx(container, abs=len(grid) * 2)  # the table fills the text width
    assert cell_width(cells[0][0]) > 0


def test_awardees_without_a_prize_are_left_out_and_named(ward):
    db, ids = ward
    with db.transaction() as s:
        from thidua_desktop.storage.models import Nomination
        from sqlalchemy import select

        first = s.scalars(select(Nomination).where(Nomination.decision_seq == 1)).one()
        first.prize_amount = None
        name = "Tổ dân phố số 1" if first.unit_id else "?"
    with db.read() as s:
        rendered = documents.generate(s, "payments", documents.Options(decision_id=ids["decision"]))
    text = Docx(rendered.data).all_text()
    assert "6.020.000" not in text and "Tổng số tiền thưởng: 4.610.000 đồng." in text
    assert any(w.startswith("1 người, tập thể trong quyết định không có tiền thưởng") and name in w
               for w in rendered.warnings)


def test_without_a_ward_decision_it_says_why(db):
    make_awards(db, decision=False)
    with db.read() as s, pytest.raises(UserError, match="Chưa có quyết định khen thưởng nào của phường"):
        documents.generate(s, "payments", documents.Options())


def test_xlsx_keeps_numbers_as_numbers(ward, tmp_path):
    db, ids = ward
    with db.read() as s:
        plist = payments.payment_list(s, documents.Options(decision_id=ids["decision"]))
    out = tmp_path / "chi.xlsx"
    out.write_bytes(payments.xlsx_bytes(plist))
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert rows[header][-1] == "Ký nhận"
    body = rows[header + 1: header + 1 + ids["gk_count"]]
    assert [r[0] for r in body] == list(range(1, ids["gk_count"] + 1))
    assert all(isinstance(r[4], int) for r in body) and sum(r[4] for r in body) == TOTAL
    total = rows[header + 1 + ids["gk_count"]]
    assert total[1] == "Tổng cộng" and total[4] == TOTAL
    lines = [r[0] for r in rows if isinstance(r[0], str)]
    assert "Tổng số tiền thưởng: 6.020.000 đồng." in lines and WORDS in lines
    assert "ỦY BAN NHÂN DÂN" in lines and "NGƯỜI LẬP" in lines
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape" and ws.print_title_rows
    assert ws.cell(row=header + 2, column=5).font.name == "Times New Roman"


@pytest.fixture
def ward_db(db_path):
    app = open_app(db_path)
    ids = make_awards(app.db)
    app.close()
    return db_path, ids


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_report_payments_command(ward_db, tmp_path, capsys, suffix):
    path, ids = ward_db
    out = tmp_path / "chi thưởng" / f"chi{suffix}"
    assert main(["--db", str(path), "report", "payments", "--decision", str(ids["decision"]),
                 "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert str(out) in captured.out and "Chưa có họ tên người lập và kế toán trưởng" in captured.err
    if suffix == ".docx":
        assert WORDS in Docx(out.read_bytes()).all_text()
    else:
        assert "6.020.000 đồng" in captured.out


def test_report_payments_is_named_in_the_help(capsys):
    assert main(["report", "--help"]) == 0
    assert "payments" in capsys.readouterr().out

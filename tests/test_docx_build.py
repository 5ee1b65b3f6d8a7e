"""The shared builder of the papers' paragraphs and tables (services/documents/build.py):
what python-docx builds reads back through python-docx as it was asked, and the
rows of a long list, written as XML for speed, come out as the python-docx
table's rows would."""
from __future__ import annotations

import copy
import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from lxml import etree

from thidua_desktop.services.documents import build
from thidua_desktop.services.documents.package import to_bytes
from thidua_desktop.services.documents.ooxml import PORTRAIT
from thidua_desktop.services.documents.styles import new_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

COLUMNS = [build.Column("TT", 10, "center"), build.Column("Họ và tên", 60),
           build.Column("Tiền thưởng", 30, "right")]
ROWS = [build.GroupRow("I. CÁ NHÂN (2)"),
        build.GroupRow(build.Run("Tổ dân phố số 1", italic=True), bold=False),
        [1, "Nguyễn Văn An & <Bình>", "710.000"],
        [2, "Trần Thị Hoa\nTổ trưởng", ""]]


def test_paragraphs_read_back_through_python_docx():
    body = (build.para([build.Run("Điều 1. ", bold=True), "Tặng Giấy khen."], "ND30Body", keep_next=True)
            + build.para(build.Run("ghi chú", italic=True, size=11), "ND30Note", align="center",
                         page_break_before=True, before=Pt(6), after=Pt(0)))
    document = docx.Document(io.BytesIO(to_bytes(new_package(body, PORTRAIT, title="t", author=""))))
    first, second = document.paragraphs
    assert first.style.style_id == "ND30Body" and first.paragraph_format.keep_with_next
    assert [(r.text, r.bold) for r in first.runs] == [("Điều 1. ", True), ("Tặng Giấy khen.", None)]
    assert second.alignment == WD_ALIGN_PARAGRAPH.CENTER and second.paragraph_format.page_break_before
    assert second.paragraph_format.space_before == Pt(6) and second.runs[0].font.size == Pt(11)
    assert second.runs[0].italic


def _rows(tbl: etree._Element) -> list[bytes]:
    """The table's rows after its header, canonical, ``xml:space`` aside (python-docx
    writes it only where the text has edge spaces)."""
    out = []
    for tr in tbl.findall(f"{{{W}}}tr")[1:]:
        tr = etree.fromstring(etree.tostring(tr))
        for node in tr.iter():
            node.attrib.pop(XML_SPACE, None)
        out.append(etree.tostring(tr, method="c14n"))
    return out


def test_long_table_rows_are_the_python_docx_tables_rows():
    [slow] = build.table(COLUMNS, ROWS)
    head, rows = build.long_table(COLUMNS, ROWS)
    assert isinstance(rows, build.Rows)
    slow_head = copy.deepcopy(slow)
    for tr in slow_head.findall(f"{{{W}}}tr")[1:]:
        slow_head.remove(tr)
    assert etree.tostring(head, method="c14n") == etree.tostring(slow_head, method="c14n")
    fast = etree.fromstring(f'<w:tbl xmlns:w="{W}"><w:tr/>{rows.xml}</w:tbl>'.encode())
    assert _rows(fast) == _rows(slow)
    assert len(_rows(slow)) == len(ROWS)

"""The fast cell reader used by imports gives the values openpyxl gives."""
from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest

from thidua_desktop.errors import UserError
from thidua_desktop.services.xlsx.files import HeaderSpec, find_table
from thidua_desktop.services.xlsx.reader import CellError, FastWorkbook, XlsxFormatError


def _openpyxl_rows(path, title):
    """openpyxl's values; it leaves Excel's ``_x000D_`` escapes in the text, which we decode."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [tuple(r) for r in wb[title].iter_rows(values_only=True)]
    finally:
        wb.close()
    return [_trim(tuple(v.replace("_x000D_", "\r") if isinstance(v, str) else v for v in r)) for r in rows]


def _trim(row):
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return tuple(row)


def _fast_rows(path, title):
    """Our values, an error result (which openpyxl gives as its text) as its text."""
    wb = FastWorkbook(path)
    try:
        return [_trim(tuple(str(v) if isinstance(v, CellError) else v for v in r)) for r in wb[title].iter_rows()]
    finally:
        wb.close()


def test_same_values_as_openpyxl_for_a_written_workbook(tmp_path):
    path = tmp_path / "nhiều kiểu.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dữ liệu"
    ws.append(["Họ và tên", "Ngày sinh", "Số", "Có", "Ghi chú"])
    ws.append(["Nguyễn Thị Hoa", dt.datetime(1980, 12, 5), 12, True, "  hai  dòng\ncó & < > \" '"])
    ws.append(["Trần Văn Bình", dt.date(1975, 3, 4), 12.5, False, None])
    ws.append([])
    ws.append([None, None, None, None, "chỉ cột cuối"])
    ws["A7"] = "=1+1"  # a formula without a cached value: None with data_only
    ws["C8"] = 1e-7
    ws["B9"] = dt.datetime(2026, 1, 2, 8, 30)
    wb.create_sheet("Ẩn").append(["bí mật"])
    wb["Ẩn"].sheet_state = "hidden"
    wb.save(path)
    assert _fast_rows(path, "Dữ liệu") == _openpyxl_rows(path, "Dữ liệu")
    fast = FastWorkbook(path)
    assert fast.sheetnames == ["Dữ liệu", "Ẩn"] and fast["Ẩn"].sheet_state == "hidden"
    fast.close()


def _part(xml: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml


MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _excel_like(path, sheet1: str, sheet2: str | None = None, date1904: bool = False):
    """An xlsx as Excel writes it: shared strings, styles with date formats."""
    sheets = [("Danh sách", sheet1)] + ([("Khác", sheet2)] if sheet2 else [])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
        z.writestr("[Content_Types].xml", _part(
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>' + overrides +
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
        z.writestr("_rels/.rels", _part(
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        pr = '<workbookPr date1904="1"/>' if date1904 else ""
        z.writestr("xl/workbook.xml", _part(
            f'<workbook {MAIN} {RELS}>{pr}<sheets>'
            + "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _) in enumerate(sheets, 1))
            + "</sheets></workbook>"))
        z.writestr("xl/_rels/workbook.xml.rels", _part(
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
            + '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'styles" Target="styles.xml"/>'
              '<Relationship Id="rId91" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
        z.writestr("xl/styles.xml", _part(
            f'<styleSheet {MAIN}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>'))
        z.writestr("xl/sharedStrings.xml", _part(
            f'<sst {MAIN} count="5" uniqueCount="5">'
            '<si><t>Họ và tên</t></si>'
            '<si><t>Điện thoại</t></si>'
            '<si><r><rPr><b/></rPr><t>Nguyễn </t></r><r><t xml:space="preserve">Thị Hoa</t></r>'
            '<rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>'
            '<si><t>dòng_x000D_hai &amp; ba</t></si>'
            '<si><t>0912345678</t></si></sst>'))
        for i, (_, xml) in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _part(xml))


PLAIN_SHEET = (
    f'<worksheet {MAIN}><dimension ref="A1:D6"/><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="3" t="s"><v>4</v></c><c r="C2" s="1"><v>29560</v></c>'
    '<c r="D2" s="2"><v>44927.5</v></c></row>'
    '<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="str"><f>A1&amp;"x"</f>'
    '<v>Họ và tênx</v></c><c r="D4" t="e"><v>#N/A</v></c></row>'
    '<row r="6"><c r="A6" s="3"/><c r="C6"><v>1.5E-3</v></c><c r="D6"><v>912345678</v></c></row>'
    '</sheetData></worksheet>')


def test_same_values_as_openpyxl_for_an_excel_style_workbook(tmp_path):
    path = tmp_path / "như Excel.xlsx"
    prefixed = PLAIN_SHEET.replace(f"<worksheet {MAIN}>", f'<x:worksheet xmlns:x="{MAIN[7:-1]}">') \
        .replace("<row", "<x:row").replace("</row", "</x:row").replace("<c ", "<x:c ").replace("</c>", "</x:c>") \
        .replace("<v>", "<x:v>").replace("</v>", "</x:v>").replace("<f>", "<x:f>").replace("</f>", "</x:f>") \
        .replace("sheetData>", "x:sheetData>").replace("</worksheet>", "</x:worksheet>") \
        .replace("<dimension", "<x:dimension").replace("/x:sheetData>", "/x:sheetData>")
    _excel_like(path, PLAIN_SHEET, prefixed)
    expected = _openpyxl_rows(path, "Danh sách")
    assert expected[1][0] == "Nguyễn Thị Hoa" and expected[1][2] == dt.datetime(1980, 12, 5)
    assert _fast_rows(path, "Danh sách") == expected
    assert _fast_rows(path, "Khác") == expected  # the XML-event path, for prefixed tags
    fast = FastWorkbook(path)
    assert fast._plain_cells("xl/worksheets/sheet1.xml") is not None
    assert fast._plain_cells("xl/worksheets/sheet2.xml") is None
    fast.close()


def test_1904_dates(tmp_path):
    path = tmp_path / "mac.xlsx"
    _excel_like(path, PLAIN_SHEET, date1904=True)
    assert _fast_rows(path, "Danh sách") == _openpyxl_rows(path, "Danh sách")


def test_unusual_cells_fall_back_to_the_xml_parser(tmp_path):
    odd = PLAIN_SHEET.replace('<c r="C6"><v>1.5E-3</v></c>', "<c><v>7</v></c>")  # no cell reference
    path = tmp_path / "lạ.xlsx"
    _excel_like(path, odd)
    rows = _fast_rows(path, "Danh sách")
    assert rows == _openpyxl_rows(path, "Danh sách") and rows[5] == (None, 7, None, 912345678)
    fast = FastWorkbook(path)
    assert fast._plain_cells("xl/worksheets/sheet1.xml") is None
    fast.close()


def test_document_type_declarations_are_refused(tmp_path):
    bomb = ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + PLAIN_SHEET.replace("<v>29560</v>", "<v>&b;</v>"))
    path = tmp_path / "độc hại.xlsx"
    _excel_like(path, bomb)
    spec = [HeaderSpec("name", ("Họ và tên",), required=True)]
    with pytest.raises(UserError, match="độc hại.xlsx"):
        find_table(path, spec)
    with pytest.raises(XlsxFormatError, match="độc hại.xlsx.*khai báo DTD"):  # even without the file check
        list(FastWorkbook(path)["Danh sách"].iter_rows())


def test_find_table_reads_the_rows_openpyxl_reads(tmp_path):
    path = tmp_path / "bảng.xlsx"
    _excel_like(path, PLAIN_SHEET)
    spec = [HeaderSpec("name", ("Họ và tên",), required=True), HeaderSpec("phone", ("Điện thoại",))]
    table = find_table(path, spec)
    assert (table.header_row, table.columns) == (1, {"name": 0, "phone": 1})
    expected = [(n, row) for n, row in enumerate(_openpyxl_rows(path, "Danh sách"), start=1) if n > 1 and row]
    assert [(n, _trim(tuple(str(x) if isinstance(x, CellError) else x for x in v))) for n, v in table.rows] == expected


# --- merged cells and two-row headers ------------------------------------------------


def test_merged_ranges_as_openpyxl_reads_them(tmp_path):
    path = tmp_path / "gộp.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Gộp"
    ws["A1"] = "DANH SÁCH"
    ws.merge_cells("A1:F1")
    ws["C4"] = "Ngày, tháng, năm sinh"
    ws.merge_cells("C4:D4")
    ws.merge_cells("A4:A5")
    ws.merge_cells("AA30:AB31")
    wb.create_sheet("Không gộp").append(["Họ và tên"])
    wb.save(path)
    expected = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in openpyxl.load_workbook(path)["Gộp"].merged_cells]
    fast = FastWorkbook(path)
    try:
        found = fast["Gộp"].merged_ranges()
        assert sorted(found) == sorted(expected) and (4, 3, 4, 4) in found and (30, 27, 31, 28) in found
        assert fast["Không gộp"].merged_ranges() == []
        assert _fast_rows(path, "Gộp")[3] == (None, None, "Ngày, tháng, năm sinh")  # the value in the first cell only
    finally:
        fast.close()


def test_merged_ranges_in_a_long_or_prefixed_sheet(tmp_path):
    many = [(r, 1, r, 2 + r % 3) for r in range(10, 5010)]  # more than one chunk of the sheet's XML
    tags = "".join(f'<mergeCell ref="A{r}:{"BCD"[c - 2]}{r}"/>' for r, _, _, c in many)
    sheet = PLAIN_SHEET.replace("</sheetData>", f'</sheetData><mergeCells count="{len(many) + 2}">'
                                                f'<mergeCell ref="A1:B1"/><mergeCell ref="C4:C6"/>{tags}</mergeCells>')
    assert len(tags) > 2 * 65536
    prefixed = sheet.replace("<mergeCell", "<x:mergeCell").replace("</mergeCells>", "</x:mergeCells>")
    path = tmp_path / "dài.xlsx"
    _excel_like(path, sheet, prefixed)
    fast = FastWorkbook(path)
    try:
        for title in ("Danh sách", "Khác"):
            assert fast[title].merged_ranges() == [(1, 1, 1, 2), (4, 3, 6, 3)] + many
    finally:
        fast.close()


def _two_row_list(path, merged=True):
    """A title, then “Họ và tên”, “Ngày, tháng, năm sinh” over “Nam” and “Nữ”, “Đơn vị”."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    for row in [["DANH SÁCH CÁ NHÂN"], [], ["STT", "Họ và tên", "Ngày, tháng, năm sinh", None, "Đơn vị"],
                [None, None, "Nam", "Nữ", None], [1, "Nguyễn Văn An", dt.datetime(1980, 1, 2), None, "Trạm Y tế"],
                [2, "Trần Thị Bích", None, "05/06/1985", "Trạm Y tế"]]:
        ws.append(row)
    if merged:
        for cells in ("A1:E1", "A3:A4", "B3:B4", "C3:D3", "E3:E4"):
            ws.merge_cells(cells)
    wb.save(path)
    return path


SPECS = [HeaderSpec("name", ("Họ và tên",), required=True), HeaderSpec("birth", ("Ngày, tháng, năm sinh",)),
         HeaderSpec("male", ("Nam",)), HeaderSpec("female", ("Nữ",)), HeaderSpec("unit", ("Đơn vị",))]


@pytest.mark.parametrize("merged", [True, False])
def test_find_table_reads_a_two_row_header(tmp_path, merged):
    path = _two_row_list(tmp_path / "hai dòng.xlsx", merged)
    table = find_table(path, SPECS, sub_headers=True)
    assert (table.header_row, table.header_rows, table.header_text) == (3, 2, "3–4")
    assert table.columns == {"name": 1, "male": 2, "female": 3, "unit": 4}
    assert [n for n, _ in table.rows] == [5, 6]
    one_row = find_table(path, SPECS)  # importers that do not ask keep the one-row reading
    assert (one_row.header_row, one_row.header_rows, one_row.columns["birth"]) == (3, 1, 2)
    assert one_row.rows[0] == (4, (None, None, "Nam", "Nữ"))


def test_two_row_header_missing_a_required_column_is_reported(tmp_path):
    path = _two_row_list(tmp_path / "thiếu.xlsx")
    specs = SPECS + [HeaderSpec("position", ("Chức vụ",), required=True)]
    with pytest.raises(UserError, match="thiếu.xlsx.*dòng tiêu đề \\(dòng 3\\) thiếu cột bắt buộc “Chức vụ”"):
        find_table(path, specs, sub_headers=True)


# --- data cells merged down (“Đơn vị” over the people of a unit) ----------------------


def _merged_down_list(path):
    """A title, a two-row header, “Đơn vị” merged down over the people of each
    unit with a blank row and a row with only its STT inside the first block,
    a position merged across two columns, a note merged over two rows and two
    columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    for row in [["DANH SÁCH CÁ NHÂN"],
                ["STT", "Họ và tên", "Ngày, tháng, năm sinh", None, "Chức vụ", "Ghi chú", None, "Đơn vị"],
                [None, None, "Nam", "Nữ", None, None, None, None],
                [1, "Nguyễn Văn An", dt.datetime(1980, 1, 2), None, "Trạm trưởng", None, None, "Trạm Y tế"],  # 4
                [2, "Trần Thị Bích", None, "05/06/1985", "Phó Trạm trưởng phụ trách chuyên môn"],
                [],
                [3],
                [4, "Lê Văn Cường", 1990, None, "Y sĩ"],  # 8
                [5, "Phạm Thị Dung", None, 1988, "Giáo viên", "Chuyển đến", None, "Trường Tiểu học"],
                [6, "Đỗ Thị Huệ", None, 1992, "Giáo viên"],  # 10
                [None, "Tổng cộng: 6 người"]]:
        ws.append(row)
    for cells in ("A1:H1", "A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:G3", "H2:H3",
                  "H4:H8", "E5:F5", "F9:G10", "H9:H10"):
        ws.merge_cells(cells)
    wb.save(path)
    return path


MERGED_SPECS = SPECS + [HeaderSpec("position", ("Chức vụ",)), HeaderSpec("note", ("Ghi chú",))]


def test_find_table_fills_merged_data_cells_down(tmp_path):
    path = _merged_down_list(tmp_path / "gộp dọc.xlsx")
    table = find_table(path, MERGED_SPECS, sub_headers=True, fill_down=True)
    expected = [
        (4, (1, "Nguyễn Văn An", dt.datetime(1980, 1, 2), None, "Trạm trưởng", None, None, "Trạm Y tế")),
        (5, (2, "Trần Thị Bích", None, "05/06/1985", "Phó Trạm trưởng phụ trách chuyên môn", None, None,
             "Trạm Y tế")),  # across: not copied sideways
        (7, (3,)),  # only its STT: left as it is (the importer skips it), no unit given to it
        (8, (4, "Lê Văn Cường", 1990, None, "Y sĩ", None, None, "Trạm Y tế")),
        (9, (5, "Phạm Thị Dung", None, 1988, "Giáo viên", "Chuyển đến", None, "Trường Tiểu học")),
        (10, (6, "Đỗ Thị Huệ", None, 1992, "Giáo viên", "Chuyển đến", None, "Trường Tiểu học")),
        (11, (None, "Tổng cộng: 6 người")),
    ]
    assert (table.header_row, table.header_rows) == (2, 2)
    assert table.columns == {"name": 1, "male": 2, "female": 3, "position": 4, "note": 5, "unit": 7}
    assert [(n, _trim(v)) for n, v in table.rows] == expected  # the blank row 6 dropped
    # a field each row must give itself is not filled down; the others are
    own = find_table(path, MERGED_SPECS, sub_headers=True, fill_down=True, not_filled=("unit",))
    assert [(n, v[7] if len(v) > 7 else None, v[5] if len(v) > 5 else None) for n, v in own.rows] == [
        (4, "Trạm Y tế", None), (5, None, None), (7, None, None), (8, None, None),
        (9, "Trường Tiểu học", "Chuyển đến"), (10, None, "Chuyển đến"), (11, None, None)]
    # importers that do not ask (nominations, council votes, results) read the rows as before
    plain = find_table(path, MERGED_SPECS, sub_headers=True)
    assert [(n, _trim(v)[-1]) for n, v in plain.rows if n in (4, 5, 8, 9, 10)] == [
        (4, "Trạm Y tế"), (5, "Phó Trạm trưởng phụ trách chuyên môn"), (8, "Y sĩ"), (9, "Trường Tiểu học"),
        (10, "Giáo viên")]


def test_no_import_loads_the_workbook_with_openpyxl(tmp_path, monkeypatch):
    """openpyxl builds the grid of the sheet's declared dimension (issue 12,
    class 13): every import reads through the fast reader, filling down or not."""
    path = _merged_down_list(tmp_path / "gộp dọc.xlsx")
    modes = []
    load = openpyxl.load_workbook

    def spy(*args, **kwargs):
        modes.append(kwargs.get("read_only"))
        return load(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    find_table(path, MERGED_SPECS)
    find_table(path, MERGED_SPECS, sub_headers=True)
    find_table(path, MERGED_SPECS, sub_headers=True, fill_down=True)
    find_table(path, MERGED_SPECS, fill_down=True)
    assert modes == []


HIDDEN_SHEET = (
    f'<worksheet {MAIN}><dimension ref="A1:C6"/><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="str"><v>Đơn vị</v></c></row>'
    '<row r="2"><c r="A2" t="str"><v>An</v></c><c r="C2" t="str"><v>Trạm Y tế</v></c></row>'
    '<row r="3"><c r="A3" t="str"><v>Bình</v></c><c r="C3" t="str"><v>bị che</v></c></row>'
    '<row r="4"><c r="C4" t="str"><v>bị che</v></c></row>'
    '<row r="5"><c r="A5" t="str"><v>Cường</v></c><c r="B5" t="str"><v>0912 345 678</v></c></row>'
    '<row r="6"><c r="A6" t="str"><v>Dũng</v></c><c r="B6" s="3" t="s"><v>4</v></c>'
    '<c r="C6" t="str"><v>bị che</v></c></row>'
    '</sheetData><mergeCells count="2"><mergeCell ref="C2:C5"/><mergeCell ref="B6:C6"/></mergeCells></worksheet>')


def test_values_hidden_under_a_merged_cell_read_as_excel_shows_them(tmp_path):
    """Some programs leave the old values in the cells a merge covers: Excel
    shows (and openpyxl reads) them as blank, and so does the fast reader when
    filling down, on its plain path and on its XML path (a prefixed sheet);
    a covered row with nothing else in it stays blank."""
    path = tmp_path / "ô bị che.xlsx"
    prefixed = HIDDEN_SHEET.replace("<mergeCell", "<x:mergeCell").replace("</mergeCells>", "</x:mergeCells>").replace(
        f"<worksheet {MAIN}>", f'<worksheet {MAIN} xmlns:x="{MAIN[7:-1]}">').replace("<row", "<x:row").replace(
        "</row>", "</x:row>")
    _excel_like(path, HIDDEN_SHEET, prefixed)
    spec = [HeaderSpec("name", ("Họ và tên",), required=True), HeaderSpec("phone", ("Điện thoại",)),
            HeaderSpec("unit", ("Đơn vị",))]
    expected = [(2, ("An", None, "Trạm Y tế")), (3, ("Bình", None, "Trạm Y tế")),
                (5, ("Cường", "0912 345 678", "Trạm Y tế")), (6, ("Dũng", "0912345678"))]
    for title in ("Danh sách", "Khác"):
        table = find_table(path, spec, sheet=title, fill_down=True)
        assert [(n, _trim(v)) for n, v in table.rows] == expected, title
    plain = find_table(path, spec)  # without fill_down: as read, as before
    assert [(n, _trim(v)) for n, v in plain.rows] == [
        (2, ("An", None, "Trạm Y tế")), (3, ("Bình", None, "bị che")), (4, (None, None, "bị che")),
        (5, ("Cường", "0912 345 678")), (6, ("Dũng", "0912345678", "bị che"))]
    fast = FastWorkbook(path)
    try:
        assert fast._plain_cells("xl/worksheets/sheet1.xml") is not None  # the ranges read with the cells
        assert fast["Danh sách"].merged_ranges() == fast["Khác"].merged_ranges() == [(2, 3, 5, 3), (6, 2, 6, 3)]
    finally:
        fast.close()

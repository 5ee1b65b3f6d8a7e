"""Excel files that get printed, read back as the clerk's Excel would read them:
A4 page set-up, title rows, page numbers from page 2, the printed size of the
text at "fit to 1 page wide", numbers stored as numbers with formats that do
not depend on the PC's regional settings, sheet names, the NĐ 30 header's
rules; and LibreOffice's PDF of them, checked with pdftotext."""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest

from awards_helpers import full_year
from thidua_desktop.domain import docformat as fmt
from thidua_desktop.services.awards import lists as award_lists, scoring
from thidua_desktop.services.xlsx import files as excel
from thidua_desktop.services import plan
from thidua_desktop.storage import atomic
from thidua_desktop.storage.models import EmulationBlock

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_office = pytest.mark.skipif(not (LIBREOFFICE and PDFTOTEXT), reason="libreoffice and pdftotext are needed")

A4_LANDSCAPE_PRINTABLE_PT = (297 - 30 - 15) * 72 / 25.4  # NĐ 30 margins: left 30 mm, right 15 mm
DOT_GROUPED = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"


@pytest.fixture
def year(db):
    return full_year(db)


def printed_size(ws) -> tuple[int, float]:
    """(Excel's zoom at one page wide, smallest font in the print area × zoom),
    worked out here from the stored widths: a column w units wide is
    trunc((256·w + trunc(128/d))/256 · d) pixels at 96 dpi, d the width of a
    digit of the workbook's default font (Times New Roman 12: 8 px)."""
    default = ws.parent._named_styles["Normal"].font
    assert (default.name, default.sz) == ("Times New Roman", 12)
    digit = 8
    area = ws.print_area.split("!")[-1].replace("$", "")
    last_col = openpyxl.utils.cell.range_boundaries(area)[2]
    px = 0
    for c in range(1, last_col + 1):
        dim = ws.column_dimensions[openpyxl.utils.get_column_letter(c)]
        width = dim.width if dim.customWidth else 8.43
        px += int((256 * width + int(128 / digit)) / 256 * digit)
    zoom = min(100, math.floor(100 * A4_LANDSCAPE_PRINTABLE_PT / (px * 0.75)))
    smallest = min(float(c.font.sz) for row in ws.iter_rows(max_col=last_col) for c in row
                   if c.value not in (None, ""))
    return zoom, smallest * zoom / 100


def assert_printable(ws, title_row: int | None) -> None:
    setup = ws.page_setup
    assert int(setup.paperSize) == 9 and setup.orientation == "landscape"
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0) and ws.sheet_properties.pageSetUpPr.fitToPage
    margins = ws.page_margins
    assert round(margins.left * 25.4) == 30 and round(margins.right * 25.4) == 15
    assert round(margins.top * 25.4) == 20 and round(margins.bottom * 25.4) == 20
    if title_row is not None:
        assert ws.print_title_rows == f"${title_row}:${title_row}"
    hf = ws.HeaderFooter
    assert hf.differentFirst  # no number on page 1 …
    assert ws.oddHeader.center.text == "&P" and ws.oddHeader.center.size == 13  # … then centred at the top
    assert not ws.firstHeader.center.text and not ws.oddFooter.center.text
    assert setup.useFirstPageNumber and setup.firstPageNumber == 1  # each sheet its own paper
    zoom, size = printed_size(ws)
    assert size >= 10, f"{ws.title}: {size} pt on paper at {zoom} %"


def test_award_lists_print_legibly_with_numbers_as_numbers(db, year, tmp_path):
    with db.read() as s:
        campaign = plan.current_campaign(s)
        listings = [award_lists.awardee_list(s, year["decision"]),
                    award_lists.proposal_list(s, campaign, "passed")]  # nine columns, the widest list
    for listing in listings:
        path = award_lists.write_xlsx(listing, tmp_path / f"{listing.kind}.xlsx")
        ws = openpyxl.load_workbook(path).active
        header = next(r for r in range(1, 20) if ws.cell(row=r, column=2).value == "Họ và tên / Tên tập thể")
        assert_printable(ws, header)
        assert printed_size(ws) == (100, 12.0)  # the columns share the page: printed at full size
        rows = [r for r in ws.iter_rows(min_row=header + 1) if isinstance(r[0].value, int)]
        assert [r[0].value for r in rows] == list(range(1, len(rows) + 1))
        born = [r[2] for r in rows if r[2].value not in (None, "")]
        assert born and all(isinstance(c.value, int) and c.number_format == "0" for c in born)
    prize = {r[1].value: r[6] for r in openpyxl.load_workbook(tmp_path / "awardees.xlsx").active.iter_rows()
             if isinstance(r[0].value, int)}
    assert prize["Hộ ông Phạm Văn Lộc"].value == 1060000  # rounded once (issue 13 item 6)
    assert all(c.number_format == DOT_GROUPED for c in prize.values() if isinstance(c.value, int))


def test_header_block_as_the_docx_issuer_bold_motto_rule_drawn_date_blank(db, year, tmp_path):
    with db.read() as s:
        listing = award_lists.proposal_list(s, plan.current_campaign(s))
        ward = plan.ward(s)
    path = award_lists.write_xlsx(listing, tmp_path / "ds.xlsx")
    ws = openpyxl.load_workbook(path).active
    issuer = [ws.cell(row=r, column=1) for r in (1, 2)]
    assert [c.value for c in issuer] == ["ỦY BAN NHÂN DÂN", ward.full_name.upper()]
    assert all(c.font.b for c in issuer)  # both lines of the issuing body bold (NĐ 30, ô 2)
    motto = next(c for row in ws.iter_rows(max_row=3) for c in row if c.value == fmt.MOTTO)
    dated = next(c for row in ws.iter_rows(max_row=5) for c in row if str(c.value).startswith(ward.place_name))
    assert dated.value == fmt.place_date(ward.place_name, None, 2026)  # the day and month left blank
    assert "\u00a0" * 5 + "tháng" in dated.value and dated.font.i
    # The rules: lines drawn in the package, as long as the motto and 40 % of
    # the issuer's name, each centred under its text's merged cells.
    widths = [int((256 * ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width + 16) / 256 * 8) * 0.75
              for c in range(1, ws.max_column + 1)]
    with zipfile.ZipFile(path) as package:
        drawing = package.read("xl/drawings/drawing1.xml").decode()
        assert "drawings/drawing1.xml" in package.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert "<drawing " in package.read("xl/worksheets/sheet1.xml").decode()
    lines = re.findall(r"<xdr:col>(\d+)</xdr:col><xdr:colOff>(\d+)</xdr:colOff><xdr:row>(\d+)</xdr:row>"
                       r".*?<xdr:ext cx=\"(\d+)\"", drawing)
    assert len(lines) == 2 and all(row == "2" for _, _, row, _ in lines)  # in the thin row under the motto
    spans = {r.min_row * 100 + r.min_col: (r.min_col, r.max_col) for r in ws.merged_cells.ranges}
    for (col, offset, _, width), (cell, text, size, share) in zip(lines, (
            (issuer[1], ward.full_name.upper(), 12, fmt.SHORT_RULE_RATIO), (motto, fmt.MOTTO, 13, 1.0))):
        first, last = spans[cell.row * 100 + cell.column]
        left = sum(widths[:int(col)]) + int(offset) / 12700
        length = int(width) / 12700
        assert abs(length - fmt.text_width_pt(text, size, bold=True) * share) < 0.5
        centre = (sum(widths[:first - 1]) + sum(widths[:last])) / 2
        assert abs(left + length / 2 - centre) < 0.5


def test_rank_workbook_every_sheet_printable_with_short_unique_names(db, year, tmp_path):
    from thidua_desktop.services.awards import ranking_export

    with db.transaction() as s:
        block = s.get(EmulationBlock, year["Khối trường học"])
        block.name = "Khối Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội: [phường]"
    with db.read() as s:
        result = scoring.rankings(s, plan.current_campaign(s))
    path = ranking_export.write_rankings_xlsx(result, tmp_path / "xếp hạng.xlsx", "Phường Bạch Đằng", 2026)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Toàn phường", "Khối tổ dân phố", "Khối MTTQ và các đoàn thể…",
                             "Cách tính điểm"]
    for ws in wb:
        assert_printable(ws, 5 if ws.title != "Cách tính điểm" else None)
    ws = wb["Khối tổ dân phố"]
    header = [c.value for c in ws[5]]
    scored = [r for r in ws.iter_rows(min_row=6) if isinstance(r[0].value, int) and r[2].value is not None]
    assert scored
    for r in scored:
        total, scale = r[header.index("Tổng điểm")], r[header.index("Thang điểm")]
        assert isinstance(total.value, (int, float)) and total.number_format == "0.00"
        assert isinstance(scale.value, int) and scale.number_format == "0"  # no dot beside a decimal sign


def test_sheet_titles_shortened_at_words_with_known_abbreviations():
    from thidua_desktop.services.xlsx.printable import sheet_title

    taken: set[str] = set()
    titles = [sheet_title(name, taken) for name in (
        "Khối Mặt trận Tổ quốc và các đoàn thể",  # 37 characters
        "Khối các hợp tác xã, doanh nghiệp nhỏ và vừa trên địa bàn phường",
        "Khối trường học (mầm non, tiểu học, trung học cơ sở)",
        "KHỐI TRƯỜNG HỌC", "Khối trường học", "'Khối?*'")]
    assert titles == ["Khối MTTQ và các đoàn thể", "Khối các hợp tác xã, DN nhỏ…", "Khối trường học",
                      "KHỐI TRƯỜNG HỌC (2)", "Khối trường học (3)", "Khối"]
    assert all(len(t) <= 31 for t in titles)


def test_other_exports_get_the_same_page_setup(db, year, tmp_path):
    from thidua_desktop.services.awards import council, nomination_import
    from thidua_desktop.services.registry import excel as registry_excel

    registry_excel.export_units(db, tmp_path / "dv.xlsx")
    registry_excel.export_people(db, tmp_path / "cn.xlsx")
    council.write_vote_sheet(db, tmp_path / "phieu.xlsx", year["session"])
    nomination_import.write_template(db, tmp_path / "mau.xlsx")
    for name in ("dv", "cn", "phieu", "mau"):
        wb = openpyxl.load_workbook(tmp_path / f"{name}.xlsx")
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            setup = ws.page_setup
            assert int(setup.paperSize) == 9 and setup.fitToWidth == 1 and setup.fitToHeight == 0, (name, ws.title)
            assert ws.HeaderFooter.differentFirst and ws.oddHeader.center.text == "&P", (name, ws.title)
            assert round(ws.page_margins.left * 25.4) == 30, (name, ws.title)


def test_a_failed_save_leaves_the_users_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "danh sách.xlsx"
    target.write_bytes(b"the clerk's file")
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(excel.UserError) as error:
        atomic.write_bytes(target, b"new")
    assert "danh sách.xlsx" in str(error.value)
    assert target.read_bytes() == b"the clerk's file" and sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    assert synced  # flushed to disk before the rename was tried
    monkeypatch.undo()
    atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and len(list(tmp_path.iterdir())) == 1


def _pdf(xlsx, out_dir) -> list[str]:
    """Convert with LibreOffice; the pages' text."""
    subprocess.run([LIBREOFFICE, "--headless", f"-env:UserInstallation=file://{out_dir}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(out_dir), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    pdf = out_dir / (xlsx.stem + ".pdf")
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    return text.decode("utf-8").split("\f")[:-1]


def _smallest_printed_pt(pdf) -> float:
    """The smallest text on the pages, in points: each word's printed width
    against its width in Times New Roman at 1 pt (LibreOffice prints with
    Liberation Serif, metrically the same). Bold words read a little larger,
    italic ones a little smaller: the regular text decides."""
    out = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    sizes = []
    for x0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>',
                                   out):
        word = word.replace("&amp;", "&")
        if len(word) >= 4 and word.isalpha():
            sizes.append((float(x1) - float(x0)) / fmt.text_width_pt(word, 1.0))
    return min(sizes)


@needs_office
def test_libreoffice_prints_amounts_with_dots_and_text_at_full_size(db, year, tmp_path):
    from openpyxl import Workbook

    from thidua_desktop.services.xlsx import printable as excel_print

    wb = Workbook()  # the format alone, whatever the machine's locale (this one is en-US)
    for row, value in enumerate((0, 999, 1000, 70000, 1234500, 119550000), start=1):
        wb.active.cell(row=row, column=1, value=value).number_format = excel_print.INTEGER
    wb.active.column_dimensions["A"].width = 20
    wb.save(tmp_path / "so.xlsx")
    assert _pdf(tmp_path / "so.xlsx", tmp_path)[0].split() == ["0", "999", "1.000", "70.000", "1.234.500",
                                                               "119.550.000"]
    with db.read() as s:
        listing = award_lists.awardee_list(s, year["decision"])
    award_lists.write_xlsx(listing, tmp_path / "kt.xlsx")
    pages = _pdf(tmp_path / "kt.xlsx", tmp_path)
    assert re.search(r"Hộ ông Phạm Văn Lộc.*1\.060\.000", "\n".join(pages))
    assert len(pages) >= 2 and pages[0].split()[0] == "ỦY" and pages[1].split()[0] == "2"  # numbered from page 2
    assert _smallest_printed_pt(tmp_path / "kt.pdf") >= 10  # 12 pt text, the sheet not shrunk


def test_qt_pdf_list_header_as_the_docx(db, year):
    import datetime as dt

    from thidua_desktop.printing import award_lists as printing

    with db.read() as s:
        campaign = plan.current_campaign(s)
        ward = plan.ward(s)
        undated = award_lists.proposal_list(s, campaign)
        dated = award_lists.proposal_list(s, campaign, on=dt.date(2026, 12, 5))
        awardees = award_lists.awardee_list(s, year["decision"])
    page = printing.list_html(undated)
    assert "<b>ỦY BAN NHÂN DÂN</b>" in page and f"<b>{ward.full_name.upper()}</b>" in page  # both lines bold
    blank = fmt.place_date(ward.place_name, None, 2026)  # as the DOCX: written in on signing
    assert undated.place_date == awardees.place_date == blank and f"<i>{blank}</i>" in page
    assert dated.place_date == f"{ward.place_name}, ngày 05 tháng 12 năm 2026"


def test_qt_pdf_list_never_splits_a_row_nor_loses_the_totals(demo_ward, tmp_path):
    """The demo ward's lists: each page planned for the PDF holds on one page
    (a row that ran over was broken in two, its tail alone on the next page),
    and the totals come whole after the table (they were laid out where the
    table ended before its columns were fixed: the last line was cut off)."""
    from PySide6.QtGui import QPdfWriter

    from thidua_desktop.printing import award_lists as printing, paged
    from thidua_desktop.services.awards import decisions

    paged.ensure_gui()
    with demo_ward.db.read() as s:
        campaign = plan.current_campaign(s)
        ward_decision = max(decisions.decisions(s, campaign), key=lambda d: len(decisions.prizes_of(s, d)))
        listings = [award_lists.proposal_list(s, campaign), award_lists.awardee_list(s, ward_decision.id)]
    for listing in listings:
        writer = QPdfWriter(str(tmp_path / "probe.pdf"))
        writer.setResolution(paged.PDF_DPI)
        plan_ = printing.paginate(listing, writer)
        target = paged.target_for(writer, paged.LANDSCAPE)
        counts = [printing._document(listing, target, rows=r, head=h, tail=t).pageCount() for h, r, t in plan_]
        del writer
        assert len(plan_) > 5 and counts == [1] * len(plan_), listing.heading
    if PDFTOTEXT:
        path = tmp_path / "kt.pdf"
        pages = printing.save_pdf(listings[1], path)
        text = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], check=True, capture_output=True).stdout.decode()
        assert pages == len(text.split("\f")) - 1
        assert text.count("Tổng số tiền thưởng") == 1 and text.count("Mức lương cơ sở áp dụng") == 1


def test_excel_list_pages_never_end_on_a_heading(demo_ward, tmp_path):
    """The demo's nomination list over many pages: each page ends on a
    numbered row (a section, title or unit heading goes over with the row it
    heads), fits the page's height, and the totals share the last row's page."""
    with demo_ward.db.read() as s:
        listing = award_lists.proposal_list(s, plan.current_campaign(s))
    ws = openpyxl.load_workbook(award_lists.write_xlsx(listing, tmp_path / "ds.xlsx")).active
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) > 5
    assert all(isinstance(ws.cell(row=b, column=1).value, int) for b in breaks)
    totals = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(row=r, column=1).value).startswith("Tổng cộng"))
    last_row = max(r for r in range(1, totals) if isinstance(ws.cell(row=r, column=1).value, int))
    assert breaks[-1] < last_row
    page_pt = (210 - 20 - 20) * 72 / 25.4
    title = ws.row_dimensions[int(ws.print_title_rows.split(":")[0].strip("$"))].height
    for start, end in zip([0] + breaks, breaks):
        rows = sum(ws.row_dimensions[r].height or 15 for r in range(start + 1, end + 1))
        assert rows + (title if start else 0) <= page_pt

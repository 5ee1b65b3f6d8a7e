"""The scores and rankings as an xlsx a clerk can file, print or send on.

One sheet for the whole ward (compared in % of each block's scale), one per
emulation block, and one with every unit's score line by line (the same
explanation the scoring page and ``thidua rank --explain`` give). Each ranking
sheet says whether it is provisional and prints its tie-break chain, so the
file is never read as more final than it is. Names come from users, so every
text cell is written inert (never a formula).
"""
from __future__ import annotations

from pathlib import Path

from ...domain import scoring as sc
from ...domain.text import format_date
from ...storage import atomic
from ..xlsx import files as excel, printable as excel_print
from ..xlsx.printable import FONT, sheet_title
from .scoring import Rankings, explanation


def write_rankings_xlsx(rankings: Rankings, path: Path, ward_name: str, year: int) -> Path:
    """The workbook, every sheet set up to print on A4 landscape at full size
    (:mod:`.excel_print`), saved atomically."""
    wb = excel_print.new_workbook()
    taken: set[str] = set()
    ws = wb.active
    ws.title = sheet_title("Toàn phường", taken)
    _ranking_sheet(ws, rankings.ward, f"XẾP HẠNG TOÀN PHƯỜNG NĂM {year}", ward_name, rankings, with_block=True)
    for block in rankings.blocks:
        sheet = wb.create_sheet(sheet_title(block.card.block_name, taken))
        _ranking_sheet(sheet, block.ranking, f"BẢNG ĐIỂM, XẾP HẠNG {block.card.block_name.upper()} NĂM {year}",
                       ward_name, rankings, with_block=False)
    _explanations_sheet(wb.create_sheet(sheet_title("Cách tính điểm", taken)), rankings, year)
    return atomic.save_workbook(wb, Path(path))


def _ranking_sheet(ws, ranking: sc.Ranking, heading: str, ward_name: str, rankings: Rankings,
                   with_block: bool) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    # relative widths: numbers keep room for "1000.00" (a 1.000-point block) once fitted to the page;
    # points are not grouped: the scores' decimal sign is the PC's, a literal dot beside it would mislead
    columns = [("Hạng", 6, excel_print.PLAIN), ("Đơn vị", 24 if with_block else 30, None)]
    if with_block:
        columns.append(("Khối thi đua", 13, None))
    columns += [("Tổng điểm", 8, excel_print.DECIMAL), ("Thang điểm", 7, excel_print.PLAIN),
                ("% thang điểm", 8, excel_print.DECIMAL), ("Xếp loại", 9, None),
                ("Chỉ tiêu vượt", 7, excel_print.PLAIN), ("Điểm thưởng", 8, excel_print.DECIMAL),
                ("Điểm trừ", 7, excel_print.DECIMAL), ("Ghi chú", 20 if with_block else 24, None)]
    widths = excel_print.fit_widths([w for _, w, _ in columns])
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    n = len(columns)
    _line(ws, 1, n, ward_name.upper(), bold=True)
    _line(ws, 2, n, heading, bold=True, size=14)
    status = f"{ranking.status_text} — kỳ {rankings.period.name}"
    _line(ws, 3, n, status, italic=True, colour="8A5300" if ranking.provisional else "1E6B33")
    row = 5
    header_row = row
    for i, ((title, _, _), width) in enumerate(zip(columns, widths), start=1):
        c = ws.cell(row=row, column=i, value=title)
        c.font = Font(name=FONT, size=12, bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = box
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=3 if with_block else 2)
    for s in ranking.entries:
        row += 1
        values: list = [s.rank, s.name]
        if with_block:
            values.append(s.block)
        scored = s.reported
        values += [s.total if scored else None, s.scale, s.percent if scored else None, s.band,
                   s.exceeded_count if scored else None, s.bonus if scored else None,
                   s.deductions if scored else None, s.status or s.tie_note]
        for i, (value, (_, _, number_format)) in enumerate(zip(values, columns), start=1):
            c = ws.cell(row=row, column=i, value=value)
            excel.make_inert(c)
            c.font = Font(name=FONT, size=12)
            c.border = box
            text = isinstance(value, str)
            c.alignment = Alignment(horizontal="left" if text else ("center" if i == 1 else "right"),
                                    vertical="top", wrap_text=text)
            if number_format and not text:
                c.number_format = number_format
    row += 2
    _line(ws, row, n, "Cách xếp hạng: " + ranking.chain_text, align="left", italic=True)
    for note in ranking.notes:
        row += 1
        _line(ws, row, n, "Lưu ý: " + note, align="left", italic=True)
    excel_print.fit_heights(ws)
    excel_print.setup_page(ws, (header_row, header_row), landscape=True)


def _explanations_sheet(ws, rankings: Rankings, year: int) -> None:
    from openpyxl.styles import Alignment, Font

    widths = excel_print.fit_widths([42, 110])
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = widths
    _line(ws, 1, 2, f"CÁCH TÍNH ĐIỂM CỦA TỪNG ĐƠN VỊ NĂM {year} — kỳ {rankings.period.name}", bold=True, size=14)
    row = 2
    for block in rankings.blocks:
        row += 1
        _line(ws, row, 2, block.card.block_name, bold=True, align="left")
        for s in block.ranking.entries:
            lines = explanation(s) or ["Chưa có kết quả để chấm điểm."]
            if s.reported_on is not None:
                lines.append(f"Ngày báo cáo: {format_date(s.reported_on)}")
            for k, text in enumerate(lines):
                row += 1
                name = ws.cell(row=row, column=1, value=s.name if k == 0 else None)
                excel.make_inert(name)
                name.font = Font(name=FONT, size=12, bold=k == 0)
                name.alignment = Alignment(vertical="top", wrap_text=True)
                c = ws.cell(row=row, column=2, value=text)
                excel.make_inert(c)
                c.font = Font(name=FONT, size=12)
                c.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A3"
    excel_print.fit_heights(ws)
    excel_print.setup_page(ws, landscape=True)


def _line(ws, row: int, width: int, text: str, bold: bool = False, italic: bool = False, size: int = 12,
          align: str = "center", colour: str | None = None) -> None:
    from openpyxl.styles import Alignment, Font

    c = ws.cell(row=row, column=1, value=text)
    excel.make_inert(c)
    c.font = Font(name=FONT, size=size, bold=bold, italic=italic, color=colour)
    c.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)

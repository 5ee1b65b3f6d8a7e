"""The city's consolidated table as a Word paper (``thidua exchange report --out F.docx``):
the same three tables as the xlsx — the wards' summary, their targets, their awards — on A4
landscape pages in the decree's fonts and margins, built with the documents area's own
builder (``services/documents/build``)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ...domain.text import format_date, format_money, format_number
from ...storage import atomic
from ..documents.build import Column, Run, paragraph, table
from ..documents.ooxml import LANDSCAPE
from ..documents.package import to_bytes
from ..documents.styles import new_package

# A4 landscape between NĐ 30's margins: 297 - 30 - 15 = 252 mm of text width.
SUMMARY = [Column("TT", 9, "center"), Column("Phường", 41), Column("Lập tệp lúc", 28, "center"),
           Column("Nội dung chỉ tiêu", 17, "center"), Column("Vượt", 13, "center"), Column("Đạt", 13, "center"),
           Column("Không đạt", 18, "center"), Column("Chưa đủ số liệu", 17, "center"),
           Column("Tập thể được khen", 17, "center"), Column("Cá nhân được khen", 17, "center"),
           Column("Hộ được khen", 15, "center"), Column("Tiền thưởng (đồng)", 27, "right")]
TARGETS = [Column("Phường", 38), Column("Mã", 12, "center"), Column("Nội dung chỉ tiêu", 92),
           Column("ĐVT", 18, "center"), Column("Kế hoạch", 24, "right"), Column("Thực hiện", 22, "right"),
           Column("% kế hoạch", 20, "right"), Column("Đánh giá", 26, "center")]
TITLES = [Column("Phường", 42), Column("Cấp", 36), Column("Danh hiệu, hình thức", 80), Column("Tập thể", 18, "center"),
          Column("Cá nhân", 18, "center"), Column("Hộ gia đình", 22, "center"), Column("Tiền thưởng (đồng)", 36, "right")]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return format_money(value) if value >= 10_000 else format_number(value)
    if isinstance(value, float):
        return format_number(value, 2)
    return str(value)


def _rows(values: list[list[Any]]) -> list[list[str]]:
    return [[_text(v) for v in row] for row in values]


def write_docx(data, path: Path, summary: list[list[Any]], targets: list[list[Any]],
               titles: list[list[Any]]) -> None:
    """``data``: the city's ``Consolidated``; the three tables' rows as the xlsx has them."""
    body = [paragraph(Run(data.city.upper(), bold=True), "ND30Center"),
            paragraph(f"BẢNG TỔNG HỢP THI ĐUA, KHEN THƯỞNG CÁC PHƯỜNG NĂM {data.year}", "ND30Type"),
            paragraph(Run(f"(theo tệp dữ liệu năm của {len(data.wards)} phường; lập ngày "
                          f"{format_date(dt.date.today())})", italic=True), "ND30Center"),
            paragraph(Run("I. TỔNG HỢP", bold=True), "ND30Heading1"),
            *table(SUMMARY, _rows([row[:12] for row in summary])),
            paragraph(Run("II. KẾT QUẢ CÁC CHỈ TIÊU", bold=True), "ND30Heading1"),
            *table(TARGETS, _rows(targets)),
            paragraph(Run("III. KHEN THƯỞNG", bold=True), "ND30Heading1"),
            *table(TITLES, _rows(titles))]
    document = new_package(body, LANDSCAPE, title=f"Tổng hợp thi đua, khen thưởng các phường năm {data.year}",
                           author=data.city)
    atomic.write_bytes(path, to_bytes(document))

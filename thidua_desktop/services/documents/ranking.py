"""Results by emulation block for the year-end report: a summary in the text
and the full scoreboard as an annex (scores and ranks from ``services.awards.scoring``)."""
from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from ...domain.text import format_number
from ...storage.models import Campaign, Period
from ..awards import scoring
from . import content
from .build import Column, Content, GroupRow, table
from .ooxml import LANDSCAPE, PORTRAIT


def _band_counts(entries) -> str:
    counts = Counter(s.band for s in entries if s.ranked and s.band)
    return "; ".join(f"{band}: {n}" for band, n in counts.most_common()) or ""


def report_section(session: Session, campaign: Campaign, period: Period | None = None) -> tuple[Content, list[str]]:
    """The text and summary table of part II.4 for ``period`` (the year by default), and notes for the clerk."""
    result = scoring.rankings(session, campaign, period)
    blocks = [b for b in result.blocks if b.ranking.entries]
    if not blocks:
        return content.bodies("Chưa có khối thi đua nào có đơn vị thành viên trong chương trình, "
                              "nên chưa có kết quả chấm điểm, xếp hạng."), []
    notes = []
    rows = []
    for n, b in enumerate(blocks, start=1):
        r = b.ranking
        leaders = [s for s in r.entries if s.rank == 1]
        leader = "; ".join(f"{s.name} ({format_number(s.total)} điểm)" for s in leaders)
        state = "Tạm thời" if r.provisional else "Chính thức"
        if r.provisional:
            notes.append(f"Khối “{r.title}”: {r.status_text}")
        rows.append([n, r.title, len(r.entries), leader, _band_counts(r.entries), state])
    provisional = sum(1 for b in blocks if b.ranking.provisional)
    intro = (f"Các đơn vị được chấm điểm, xếp hạng trong {len(blocks)} khối thi đua theo bảng điểm của từng khối "
             f"(chi tiết tại phụ lục).")
    if provisional:
        intro += (f" {provisional} khối còn đơn vị chưa báo cáo nên kết quả xếp hạng của các khối này là tạm thời.")
    columns = [Column("TT", 10, "center"), Column("Khối thi đua", 40), Column("Số đơn vị", 16, "center"),
               Column("Đơn vị dẫn đầu (điểm)", 45), Column("Xếp loại", 32), Column("Kết quả", 22, "center")]
    _fit(columns, PORTRAIT.text_width_mm)
    return content.bodies(intro) + table(columns, rows), notes


def annex_table(session: Session, campaign: Campaign, period: Period | None = None) -> Content:
    """Every unit's score and rank, block by block (landscape), for ``period`` (the year by default)."""
    result = scoring.rankings(session, campaign, period)
    blocks = [b for b in result.blocks if b.ranking.entries]
    if not blocks:
        return []
    columns = [Column("Hạng", 14, "center"), Column("Đơn vị", 70), Column("Điểm tiêu chí", 22, "center"),
               Column("Điểm thưởng", 20, "center"), Column("Điểm trừ", 18, "center"),
               Column("Tổng điểm", 20, "center"), Column("Xếp loại", 25, "center"), Column("Ghi chú", 50)]
    _fit(columns, LANDSCAPE.text_width_mm)
    rows: list = []
    for n, b in enumerate(blocks, start=1):
        r = b.ranking
        scale = f"thang {format_number(r.scale)} điểm" if r.scale else ""
        state = "xếp hạng tạm thời" if r.provisional else "xếp hạng chính thức"
        rows.append(GroupRow(f"{n}. {r.title} ({scale}; {state})"))
        for s in r.entries:
            note = s.status or s.tie_note
            if not s.reported:
                rows.append(["", s.name, "", "", "", "", "", note])
                continue
            rows.append([s.rank or "", s.name, format_number(s.base), format_number(s.bonus) if s.bonus else "",
                         format_number(s.deductions) if s.deductions else "", format_number(s.total), s.band,
                         note])
    rule = blocks[0].ranking.chain_text
    return table(columns, rows, style="ND30TableSmall", header_style="ND30TableSmallHeader") + (
        content.para_note(f"Cách xếp hạng: {rule}") if rule else [])


def _fit(columns: list[Column], width: float) -> None:
    """Stretch the widest column so the table fills the text width exactly."""
    extra = width - sum(c.width_mm for c in columns)
    widest = max(range(len(columns)), key=lambda i: columns[i].width_mm)
    c = columns[widest]
    columns[widest] = Column(c.header, c.width_mm + extra, c.align)

"""Pieces of content several documents use: the clerk's narrative, award
lists, annex titles, counts by title."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from ...domain import docformat as fmt
from ...domain.text import format_money, format_percent
from .ooxml import LANDSCAPE, PORTRAIT, Column, GroupRow, Run, para, table_xml, text_paras
from .records import SUBJECT_SECTIONS, Awardee, sort_awardees

MISSING_NARRATIVE = "(Chưa nhập nội dung phần này.)"


def narrative(text: str | None) -> str:
    """The clerk's text, a paragraph per line; a plain note when it is empty."""
    cleaned = fmt.safe_text(text or "").strip()
    if not cleaned:
        return para(Run(MISSING_NARRATIVE, italic=True), "ND30Body")
    return text_paras(cleaned, "ND30Body")


def bodies(*lines: str) -> str:
    return "".join(para(line, "ND30Body") for line in lines if line)


def rule(text: str, size: float, container_mm: float, *, bold: bool = False, italic: bool = False) -> str:
    """A short rule (1/3–1/2 of the text above it) sized when the content is
    made: block content is spliced in after the template's rules are fitted."""
    container = container_mm * 72 / 25.4
    width = fmt.widest_line_pt(text, container, size, bold, italic) * fmt.SHORT_RULE_RATIO
    side = int(max(container - width, 0) / 2 * 20)
    return para([], "ND30RuleShort", ind={"left": side, "right": side, "firstLine": 0})


def annex_heading(lines: list[str], note: str, *, page_break: bool = False, landscape: bool = True) -> str:
    """``Phụ lục I`` / ``DANH SÁCH …`` (bold) / ``(Kèm theo …)`` (italic),
    centred, with a short rule under the last line."""
    out = ""
    for n, line in enumerate(lines):
        out += para(line, "ND30AnnexTitle", page_break_before=page_break and n == 0)
    if note:
        out += para(note, "ND30AnnexNote")
    container = (LANDSCAPE if landscape else PORTRAIT).text_width_mm
    last, italic = (note, True) if note else (lines[-1], False)
    return out + rule(last, fmt.SIZE_BODY, container, bold=not italic, italic=italic)


# --- award lists --------------------------------------------------------------------------

@dataclass(frozen=True)
class ListLayout:
    """Which columns an award list shows."""

    wide: bool  # landscape, with year of birth, summary and notes
    prize: bool = False
    votes: bool = False


def award_columns(layout: ListLayout) -> list[Column]:
    width = (LANDSCAPE if layout.wide else PORTRAIT).text_width_mm
    if layout.wide:
        head = [Column("STT", 11, "center"), Column("Họ và tên / Tên tập thể", 50),
                Column("Năm sinh", 16, "center"), Column("Nữ", 9, "center"),
                Column("Chức vụ, đơn vị công tác (địa chỉ)", 58)]
        tail = ([Column("Số phiếu đồng ý", 22, "center")] if layout.votes else []) + (
            [Column("Tiền thưởng (đồng)", 26, "right")] if layout.prize else []) + [Column("Ghi chú", 18)]
        used = sum(c.width_mm for c in head + tail)
        return head + [Column("Tóm tắt thành tích", width - used)] + tail
    head = [Column("STT", 11, "center"), Column("Họ và tên / Tên tập thể", 55)]
    tail = [Column("Tiền thưởng (đồng)", 28, "right")] if layout.prize else []
    used = sum(c.width_mm for c in head + tail)
    return head + [Column("Chức vụ, đơn vị công tác (địa chỉ)", width - used)] + tail


def award_table(rows: list[Awardee], layout: ListLayout, *, sort: str = "unit",
                vote_text=None) -> str:
    """The list grouped by title (when there are several), then in sections
    tập thể / cá nhân / hộ gia đình, each numbered from 1; a total of prizes."""
    columns = award_columns(layout)
    by_title: OrderedDict[int, list[Awardee]] = OrderedDict()
    for a in sort_awardees(rows, sort):
        by_title.setdefault(a.title_id, []).append(a)
    several = len(by_title) > 1
    out_rows: list[list[object] | GroupRow] = []
    for t_index, members in enumerate(by_title.values(), start=1):
        if several:
            out_rows.append(GroupRow(f"{fmt.roman(t_index)}. {fmt.upper(members[0].title_name)} "
                                     f"({counts_phrase(members)})"))
        subjects: OrderedDict[str, list[Awardee]] = OrderedDict()
        for a in members:
            subjects.setdefault(a.subject, []).append(a)
        for s_index, (subject, group) in enumerate(subjects.items(), start=1):
            label = SUBJECT_SECTIONS[subject]
            if several:
                heading = f"{s_index}. {label[:1]}{label[1:].lower()}"
            else:
                heading = (f"{fmt.roman(s_index)}. {label}" if len(subjects) > 1 else label)
                heading += f" ({fmt.count_text(len(group), _noun(subject))})"
            out_rows.append(GroupRow(heading, bold=True))
            for n, a in enumerate(group, start=1):
                out_rows.append(_award_cells(n, a, layout, vote_text))
    if layout.prize:
        total = sum(a.prize or 0 for a in rows)
        out_rows.append(GroupRow(f"Tổng cộng tiền thưởng: {format_money(total)} đồng", align="right"))
    style = ("ND30TableSmall", "ND30TableSmallHeader") if layout.wide else ("ND30Table", "ND30TableHeader")
    return table_xml(columns, out_rows, style=style[0], header_style=style[1])


def _noun(subject: str) -> str:
    return {"unit": "tập thể", "person": "cá nhân", "household": "hộ gia đình"}[subject]


def _award_cells(n: int, a: Awardee, layout: ListLayout, vote_text) -> list[object]:
    cells: list[object] = [n, a.name]
    if layout.wide:
        cells += [a.birth_year or "", "x" if a.female else "", a.where, a.summary]
        if layout.votes:
            cells.append(vote_text(a) if vote_text else "")
        if layout.prize:
            cells.append(format_money(a.prize) if a.prize else "")
        cells.append(a.note)
    else:
        cells.append(a.where)
        if layout.prize:
            cells.append(format_money(a.prize) if a.prize else "")
    return cells


def counts_by_title(rows: list[Awardee]) -> OrderedDict[str, dict[str, int]]:
    """Title name → {"unit": n, "person": n, "household": n, "prize": đồng}."""
    out: OrderedDict[str, dict[str, int]] = OrderedDict()
    for a in rows:
        entry = out.setdefault(a.title_name, {"unit": 0, "person": 0, "household": 0, "prize": 0})
        entry[a.subject] = entry.get(a.subject, 0) + 1
        entry["prize"] += a.prize or 0
    return out


def counts_phrase(rows: list[Awardee]) -> str:
    """``05 tập thể, 12 cá nhân và 02 hộ gia đình``."""
    parts = []
    for subject in ("unit", "person", "household"):
        count = sum(1 for a in rows if a.subject == subject)
        if count:
            parts.append(fmt.count_text(count, _noun(subject)))
    if not parts:
        return "(chưa có tập thể, cá nhân nào)"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


def share(part: int, whole: int) -> str:
    return format_percent(part * 100 / whole, max_decimals=1) if whole else "0%"


def para_note(text: str) -> str:
    """An italic note under a table."""
    return para(text, "ND30Note")

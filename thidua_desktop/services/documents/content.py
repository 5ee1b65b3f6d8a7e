"""Pieces of content several documents use: the clerk's narrative, award
lists, annex titles, counts by title."""
from __future__ import annotations

from collections import OrderedDict

from docx.shared import Twips

from ...domain import docformat as fmt
from ...domain.text import format_percent
from ..awards.lists import AwardList, counts_phrase  # noqa: F401 (the papers' counting, one for lists and text)
from ..awards.nominations import NominationRow
from .build import Column, Content, GroupRow, Run, long_table, para, paras, text_paras
from .ooxml import LANDSCAPE, PORTRAIT
from .records import SUBJECT_NOUNS

MISSING_NARRATIVE = "(Chưa nhập nội dung phần này.)"


def narrative(text: str | None) -> Content:
    """The clerk's text, a paragraph per line; a plain note when it is empty."""
    cleaned = fmt.safe_text(text or "").strip()
    if not cleaned:
        return para(Run(MISSING_NARRATIVE, italic=True), "ND30Body")
    return text_paras(cleaned, "ND30Body")


def bodies(*lines: str) -> Content:
    return paras(lines, "ND30Body")


def rule(text: str, size: float, container_mm: float, *, bold: bool = False, italic: bool = False) -> Content:
    """A short rule (1/3–1/2 of the text above it) sized when the content is
    made: block content is spliced in after the template's rules are fitted."""
    container = container_mm * 72 / 25.4
    width = fmt.widest_line_pt(text, container, size, bold, italic) * fmt.SHORT_RULE_RATIO
    side = Twips(int(max(container - width, 0) / 2 * 20))
    return para([], "ND30RuleShort", indent=(side, side))


def annex_heading(lines: list[str], notes: list[str] | str, *, page_break: bool = False,
                  landscape: bool = True) -> Content:
    """``Phụ lục I`` / ``DANH SÁCH …`` (bold) / ``(Kèm theo …)`` (italic, one
    line each), centred, with a short rule under the last line."""
    notes = [notes] if isinstance(notes, str) else notes
    notes = [n for n in notes if n]
    out = []
    for n, line in enumerate(lines):
        out += para(line, "ND30AnnexTitle", page_break_before=page_break and n == 0)
    for note in notes:
        out += para(note, "ND30AnnexNote")
    container = (LANDSCAPE if landscape else PORTRAIT).text_width_mm
    last, italic = (notes[-1], True) if notes else (lines[-1], False)
    return out + rule(last, fmt.SIZE_BODY, container, bold=not italic, italic=italic)


# --- award lists --------------------------------------------------------------------------

def list_table(award_list: AwardList, *, landscape: bool = True) -> Content:
    """A list of the awards area (its columns, sections I. Tập thể / II. Cá
    nhân / III. Hộ gia đình, title headings, groups by unit, numbering — in its
    order, which is the decision's numbers) as a DOCX table filling the text
    width, with its totals under it."""
    width = (LANDSCAPE if landscape else PORTRAIT).text_width_mm
    share = sum(c.width for c in award_list.columns) or 1
    columns = [Column(c.header, c.width * width / share, c.align) for c in award_list.columns]
    keys = [c.key for c in award_list.columns]
    out_rows: list[list[object] | GroupRow] = []
    for section in award_list.sections:
        out_rows.append(GroupRow(f"{section.numeral}. {section.title} ({section.count})"))
        for group in section.groups:
            if group.heading:
                out_rows.append(GroupRow(group.heading))
            if group.name:
                out_rows.append(GroupRow(Run(group.name, italic=True), bold=False))
            for row in group.rows:
                out_rows.append([row.values.get(k, "") for k in keys])
    if not out_rows:
        return bodies("Không có tập thể, cá nhân nào trong danh sách.")
    small = len(columns) > 5
    style = ("ND30TableSmall", "ND30TableSmallHeader") if small else ("ND30Table", "ND30TableHeader")
    return (long_table(columns, out_rows, style=style[0], header_style=style[1])
            + paras(award_list.totals, "ND30Note"))


def list_heading(award_list: AwardList, *, page_break: bool = False, landscape: bool = True,
                 label: str = "") -> Content:
    """The list's title lines over it, the ``(Kèm theo …)`` line in italics."""
    notes = [s for s in award_list.subheadings if s.startswith("(")]
    lines = ([label] if label else []) + [award_list.heading] + [s for s in award_list.subheadings
                                                                 if not s.startswith("(")]
    return annex_heading(lines, notes, page_break=page_break, landscape=landscape)


def counts_by_title(rows: list[NominationRow]) -> OrderedDict[str, dict[str, int]]:
    """Title name → {"unit": n, "person": n, "household": n, "prize": đồng}."""
    out: OrderedDict[str, dict[str, int]] = OrderedDict()
    for a in rows:
        entry = out.setdefault(a.title_name, {"unit": 0, "person": 0, "household": 0, "prize": 0})
        entry[a.subject] = entry.get(a.subject, 0) + 1
        entry["prize"] += a.prize or 0
    return out


def subjects_of(titles: list, rows: list[NominationRow]) -> set[str]:
    """Who a paper is for: whom its titles are given to (“Lao động tiên tiến”
    only to individuals) among its nominees; for forms given to all (Giấy
    khen), its nominees."""
    nominees = {r.subject for r in rows}
    fixed = {t.subject for t in titles}
    if fixed and "any" not in fixed:
        return nominees & fixed or fixed
    return nominees


def subjects_phrase(subjects: set[str]) -> str:
    """``các cá nhân``, ``các tập thể, cá nhân và hộ gia đình``: who a decision
    or a tờ trình is for, named by what its titles and nominees are."""
    nouns = [SUBJECT_NOUNS[s] for s in ("unit", "person", "household") if s in subjects] or ["tập thể", "cá nhân"]
    return "các " + (nouns[0] if len(nouns) == 1 else ", ".join(nouns[:-1]) + " và " + nouns[-1])


def share(part: int, whole: int) -> str:
    return format_percent(part * 100 / whole, max_decimals=1) if whole else "0%"


def para_note(text: str) -> Content:
    """An italic note under a table."""
    return para(text, "ND30Note")

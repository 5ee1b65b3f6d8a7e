"""Reading a .docx back: the page setup and fonts of a clerk's template,
compared with the decree, so that an edited template that drifted (a margin
of 2 cm, Arial) is pointed out before anything is sent."""
from __future__ import annotations

from docx.document import Document

from ...domain import docformat as fmt
from .ooxml import w
from .template import StyleSheet


def layout_problems(document: Document) -> list[str]:
    """What in the template departs from NĐ 30/2020 (sent as warnings: the
    clerk may have reasons, e.g. a landscape list)."""
    problems: list[str] = []
    for section in document.sections:
        if section.page_width is None or section.page_height is None or section.top_margin is None:
            continue
        width, height = sorted((section.page_width.mm, section.page_height.mm))
        if abs(width - 210) > 1 or abs(height - 297) > 1:
            problems.append(f"Khổ giấy {width:.0f} × {height:.0f} mm, không phải A4 (210 × 297 mm).")
        top, bottom, left, right = (abs(m.mm) if m is not None else 0.0 for m in (
            section.top_margin, section.bottom_margin, section.left_margin, section.right_margin))
        problems += fmt.margin_problems(top, bottom, left, right)
    fonts = set()
    for root in (document.styles.element, document.element.body):
        for f in root.iter(w("rFonts")):
            fonts.update(v for k, v in f.attrib.items() if k in (w("ascii"), w("hAnsi")))
    others = sorted(f for f in fonts if f != fmt.FONT)
    if others:
        problems.append(f"Có chữ dùng phông {', '.join(others)}; Nghị định 30/2020 quy định phông {fmt.FONT}.")
    sheet = StyleSheet(document)
    body_size = sheet.run_props("ND30Body")[0]
    low, high = fmt.RANGES_PT["body"]
    if not low <= body_size <= high:
        problems.append(f"Chữ nội dung cỡ {body_size:g}, Nghị định 30/2020 quy định {low:g}–{high:g}.")
    return list(dict.fromkeys(problems))

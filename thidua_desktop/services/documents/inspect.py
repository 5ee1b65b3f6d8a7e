"""Reading a .docx back: the page setup and fonts of a clerk's template,
compared with the decree, so that an edited template that drifted (a margin
of 2 cm, Arial) is pointed out before anything is sent."""
from __future__ import annotations

from docx.document import Document

from ...domain import docformat as fmt
from .ooxml import mm_from_twips, w
from .template import StyleSheet


def layout_problems(document: Document) -> list[str]:
    """What in the template departs from NĐ 30/2020 (sent as warnings: the
    clerk may have reasons, e.g. a landscape list)."""
    problems: list[str] = []
    body = document.element.body
    sections = [s for s in body.iter(w("sectPr"))]
    for sect in sections:
        size, margin = sect.find(w("pgSz")), sect.find(w("pgMar"))
        if size is None or margin is None:
            continue
        width, height = sorted((mm_from_twips(int(size.get(w("w")))), mm_from_twips(int(size.get(w("h"))))))
        if abs(width - 210) > 1 or abs(height - 297) > 1:
            problems.append(f"Khổ giấy {width:.0f} × {height:.0f} mm, không phải A4 (210 × 297 mm).")
        values = {side: mm_from_twips(abs(int(margin.get(w(side), "0")))) for side in ("top", "bottom", "left", "right")}
        problems += fmt.margin_problems(values["top"], values["bottom"], values["left"], values["right"])
    fonts = set()
    for root in (document.styles.element, body):
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

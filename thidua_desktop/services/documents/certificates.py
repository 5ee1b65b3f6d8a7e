"""Giấy khen in bulk: one A4 landscape page per awardee, each line in a text
box placed in millimetres from the paper's corner so that it lands on the
office's pre-printed blank; and a calibration page to measure the printer.

Positions, sizes and which lines are printed come from the setting
``documents.certificate_layout`` (edited on the Documents page). A long name
shrinks to fit its box (down to 70% of its size); what still overflows is
reported before printing.
"""
from __future__ import annotations

from docx.shared import Pt
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import award_order
from ...domain import certificates as layout_rules
from ...domain import docformat as fmt
from ...domain.text import format_number
from ...errors import UserError
from ...storage.models import DocumentTemplate
from .. import settings as settings_service
from ..awards.nominations import NominationRow
from . import common, records
from .common import Options
from .build import Content, Run, para, paragraph
from .ooxml import DrawingIds, PageSetup, line, text_box
from .package import to_bytes
from .selection import chosen_decision, titles_for
from .styles import new_package
from .template import Field, Sized

KIND = "certificates"
PAGE = PageSetup(landscape=True, top=10, bottom=10, left=10, right=10, header=5, footer=5)

FIELDS = common.fields([
    Field(b.key, b.label, required=(b.key == "ho_ten")) for b in layout_rules.DEFAULT_BOXES
])

FIXED = {"quoc_hieu": fmt.NATIONAL_TITLE, "tieu_ngu": fmt.MOTTO}


def layout(session: Session) -> layout_rules.Layout:
    return layout_rules.parse_layout(settings_service.get(session, "documents.certificate_layout"))


def save_layout(session: Session, value: layout_rules.Layout) -> None:
    settings_service.set_value(session, "documents.certificate_layout", value.as_json())


def _box_paragraph(box: layout_rules.Box, text: str, size: float | None = None) -> Content:
    return para(Run(text, bold=box.bold, italic=box.italic, size=size or box.size,
                    color=layout_rules.RED if box.red else None),
                None, align={"left": "left", "right": "right"}.get(box.align, "center"),
                before=Pt(0), after=Pt(0), line=1.0)


def _page(chosen: layout_rules.Layout, ids: DrawingIds, texts: dict[str, str], outline: bool = False) -> Content:
    """One paragraph anchoring every box of the page."""
    page = paragraph([], None, before=Pt(0), after=Pt(0))
    for box in chosen.boxes:
        if not box.printed and not outline:
            continue
        x, y = chosen.placed(box)
        size = min(box.size, 11.0) if outline else None  # the test page names the box in small print
        page.append(text_box(ids, x, y, box.w, box.h, _box_paragraph(box, texts.get(box.key, ""), size),
                             name=box.label, outline=outline))
    return [page]


def template(session: Session, options: Options):
    """One certificate page whose boxes hold the fields (repeated per awardee)."""
    chosen = layout(session)
    fields = {b.key: "{{" + b.key + "}}" for b in chosen.boxes}
    body = _page(chosen, DrawingIds(), fields)
    return new_package(body, PAGE, title="Giấy khen", author="", page_numbers=False)


def calibration(session: Session) -> bytes:
    """The test page: rulers along the edges, crosses at known points and every
    box outlined with its name and position, to lay over a blank against the light."""
    chosen = layout(session)
    ids = DrawingIds()
    width, height = layout_rules.PAPER_MM
    drawings = []
    for x in range(0, int(width) + 1, 5):  # ruler along the top edge, from the paper's corner
        tick = 6 if x % 10 == 0 else 3
        drawings.append(line(ids, x, 0, x, tick, 0.4))
    for y in range(0, int(height) + 1, 5):
        tick = 6 if y % 10 == 0 else 3
        drawings.append(line(ids, 0, y, tick, y, 0.4))
    for x in range(20, int(width), 20):
        drawings.append(text_box(ids, x - 5, 7, 10, 4, para(Run(str(x), size=7), align="center")))
    for y in range(20, int(height), 20):
        drawings.append(text_box(ids, 7, y - 2, 10, 4, para(Run(str(y), size=7), align="left")))
    for cx, cy in ((30, 30), (width - 30, 30), (30, height - 30), (width - 30, height - 30)):
        drawings.append(line(ids, cx - 6, cy, cx + 6, cy, 0.6))
        drawings.append(line(ids, cx, cy - 6, cx, cy + 6, 0.6))
        label = f"({format_number(cx)}; {format_number(cy)})"
        drawings.append(text_box(ids, cx + 2, cy + 1.5, 22, 4, para(Run(label, size=8), align="left")))
    texts = {b.key: f"{b.label} ({format_number(b.x + chosen.offset_x)}; {format_number(b.y + chosen.offset_y)} mm"
             + ("" if b.printed else "; không in") + ")" for b in chosen.boxes}
    guide = [
        Run("TRANG THỬ CĂN VỊ TRÍ IN GIẤY KHEN", bold=True, size=12),
        Run("\nIn trang này trên giấy trắng bằng đúng máy in sẽ in giấy khen, đặt chồng lên phôi rồi soi "
            "dưới ánh sáng. Đo từ mép trên và mép trái tờ giấy đến tâm dấu “+” ở góc trên bên trái: đúng ra "
            "là 30 mm và 30 mm. Nếu máy in lệch, nhập độ lệch (mm, âm là lùi lên hoặc sang trái) ở trang "
            f"Văn bản › Vị trí in giấy khen. Độ lệch đang dùng: ngang {format_number(chosen.offset_x)} mm, "
            f"dọc {format_number(chosen.offset_y)} mm.", size=9),
    ]
    drawings.append(text_box(ids, 42, 186, 108, 22, para(guide, align="left")))  # clear of the crosses
    page = _page(chosen, ids, texts, outline=True)
    page[0].extend(drawings)
    return to_bytes(new_package(page, PAGE, title="Trang thử căn vị trí in giấy khen", author="",
                                page_numbers=False))


def _own_paper(title) -> list[str]:
    """A danh hiệu is not a Giấy khen: refuse the titles that come with no
    paper at all, and warn that the others need their own blank."""
    if title.kind == "form":
        return []
    paper = layout_rules.TITLE_PAPERS.get(title.code.upper(), layout_rules.OWN_BLANK)
    if paper is None:
        raise UserError(f"Danh hiệu “{title.name}” không kèm giấy khen hay bằng, giấy chứng nhận (chỉ ghi trong "
                        "quyết định và danh sách kèm theo, kèm tiền thưởng), nên không có gì để in trên phôi.")
    return [f"Danh hiệu “{title.name}” được tặng kèm {paper}, in trên phôi riêng, không phải phôi Giấy khen: "
            "kiểm tra vị trí các dòng bằng trang thử trên đúng loại phôi đó trước khi in."]


def _name_line(row: NominationRow) -> str:
    if row.subject == "person":
        prefix = fmt.honorific(row.gender)
        return f"{prefix} {row.name}" if prefix else row.name
    return row.name


def fill(session: Session, options: Options) -> common.Filled:
    """One page per awardee of the chosen decision (else of every decision of
    the ward), in the decision's order (số sổ vàng)."""
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    found = {d.id: d for d in records.decisions(session, campaign) if not d.city}
    decision = chosen_decision(session, campaign, options, latest=False)
    wanted = {decision.id} if decision is not None else set(found)
    rows = [r for r in records.rows(session, campaign) if r.decision_id in wanted and r.decision_id in found]
    title_map = records.titles(session)
    warnings: list[str] = []
    if options.title_code:
        [title] = titles_for(session, None, options.title_code)
        warnings += _own_paper(title)
        rows = [r for r in rows if r.title_id == title.id]
    else:  # the blanks are Giấy khen: danh hiệu get theirs only when chosen
        left = list(dict.fromkeys(title_map[r.title_id].name for r in rows if title_map[r.title_id].kind != "form"))
        rows = [r for r in rows if title_map[r.title_id].kind == "form"]
        if left:
            warnings.append("Chỉ in Giấy khen; các danh hiệu (" + ", ".join(left) + ") không in trên phôi Giấy "
                            "khen: chọn từng danh hiệu để biết danh hiệu nào có phôi riêng.")
    rows = award_order.numbered(rows)  # decision by decision, by số sổ vàng: as the decision's list
    if not rows:
        raise UserError("Chưa có tập thể, cá nhân nào có quyết định khen thưởng được ghi nhận, nên chưa có giấy "
                        "khen để in. Có thể in trang thử để căn vị trí trên phôi.")
    chosen = layout(session)
    shrink = session.scalar(select(DocumentTemplate.id).where(DocumentTemplate.kind == KIND)) is None
    achievement = str(settings_service.get(session, "documents.achievement")).replace("{nam}", str(campaign.year))
    achievement = achievement[:1].upper() + achievement[1:] + "."
    pages = []
    for r in rows:
        d = found[r.decision_id]
        signer = who.chair
        if d.signer_name:
            signer = fmt.Signer(d.signer_name, fmt.upper(d.signer_title) or "CHỦ TỊCH",
                                deputy="PHÓ" in fmt.upper(d.signer_title))
        title = title_map[r.title_id]
        record = {
            **FIXED,
            "co_quan_tang": fmt.upper(who.chairman_of),
            "tang": "TẶNG DANH HIỆU" if title.kind == "title" else "TẶNG",
            "hinh_thuc": fmt.upper(title.name),
            "ho_ten": _name_line(r),
            "chuc_vu_don_vi": r.where,
            "thanh_tich": achievement,
            "so_quyet_dinh": f"Quyết định số {d.number} ngày {fmt.short_date(d.signed_on)}",
            "so_so_vang": f"Số sổ vàng: {r.seq}" if r.seq else "",
            "dia_danh_ngay": fmt.document_date(d.signed_on, who.place),
            "chuc_vu_nguoi_ky": "\n".join(fmt.signature_lines(signer, who.chair.title, None)),
            "nguoi_ky": signer.name,
        }
        if shrink:
            for key in ("ho_ten", "chuc_vu_don_vi", "thanh_tich"):
                box = chosen.box(key)
                if not box.printed or not record[key]:
                    continue
                size, overflow = layout_rules.fit(record[key], box)
                if overflow:
                    warnings.append(f"Giấy khen của {r.name}: “{box.label}” dài quá khung, vẫn tràn khi đã thu nhỏ "
                                    f"chữ còn {size:g} pt.")
                if size < box.size:
                    record[key] = Sized(record[key], size)
        pages.append(record)
    return common.Filled({}, campaign, "", None, warnings, records=pages,
                         title=f"Giấy khen năm {campaign.year} ({len(pages)} tờ)")

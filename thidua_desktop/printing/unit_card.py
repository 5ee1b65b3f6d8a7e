"""The unit card (``services.registry.card``) as HTML: on screen section by
section, printed and saved as PDF on A4 portrait under the national header of
the nomination list (``award_lists``), page numbers from page 2."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QPagedPaintDevice, QTextDocument

from ..domain.text import format_date, format_number
from ..services.registry.card import UnitCard
from .award_lists import MOTTO, fix_columns, head_html
from .paged import PORTRAIT, Target, css, esc, new_document, pdf_writer, render

STATUS_COLOURS = {"vuot": "#1e6b33", "dat": "#2e7d32", "khong_dat": "#b3261e", "chua_du": "#8a6d00"}


@dataclass(frozen=True)
class _Header:
    """What the list's header prints (``award_lists.head_html`` reads these fields)."""

    authority: tuple[str, str]
    heading: str
    subheadings: list[str]
    place_date: str = ""


# Column widths (%) of each table, told apart by their number of columns: Qt takes the
# HTML's widths as hints only and would squeeze the narrow columns (“TC0/1”).
WIDTHS = {
    2: [30, 70],  # general
    6: [7, 27, 12, 17, 10, 27],  # results
    7: [10, 18, 20, 14, 12, 12, 14],  # nominations
    4: [8, 47, 17, 28],  # awards
    5: [13, 13, 18, 39, 17],  # history
}


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f"<p><i>{esc(empty)}</i></p>"
    head = "".join(f'<th width="{w}%" align="left">{esc(h)}</th>' for h, w in zip(headers, WIDTHS[len(headers)]))
    body = "".join("<tr>" + "".join(f'<td valign="top">{cell}</td>' for cell in row) + "</tr>" for row in rows)
    return (f'<table width="100%" border="1" cellspacing="0" cellpadding="{css(0.8)}" '
            f'style="border-collapse:collapse; border-color:#000000; font-size:11pt"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def fix_widths(doc: QTextDocument) -> None:
    """Every table of the card with its fixed column widths."""
    for widths in WIDTHS.values():
        fix_columns(doc, widths)


def _general(card: UnitCard) -> str:
    block = card.block + (f" ({card.block_role.lower()})" if card.block and card.block_role else "")
    pairs = [("Loại hình", card.kind), ("Thủ trưởng", card.head_name), ("Điện thoại", card.phone),
             ("Thư điện tử", card.email), ("Địa chỉ", card.address), ("Cán bộ, người lao động", card.staff_text),
             ("Cá nhân trong danh sách", format_number(card.people)),
             ("Khối thi đua", block or f"Chưa xếp vào khối nào năm {card.year}"),
             ("Đăng ký thi đua", card.registration_text),
             ("Đơn vị tiền thân", "; ".join(card.predecessors)), ("Ghi chú", card.note)]
    if not card.active:
        pairs.insert(0, ("Tình trạng", "Đã ngừng hoạt động"))
    rows = "".join(f'<tr><td valign="top"><b>{esc(k)}</b></td><td valign="top">{esc(v) or "—"}</td></tr>'
                   for k, v in pairs)
    return f'<table width="100%" cellspacing="0" cellpadding="{css(0.8)}">{rows}</table>'


def _results(card: UnitCard) -> str:
    if not card.periods:
        return (f"<p><i>Đơn vị chưa có chỉ tiêu, tiêu chí nào phải báo cáo năm {card.year} "
                "(chưa thuộc khối thi đua, chưa được giao chỉ tiêu).</i></p>")
    parts = []
    for p in card.periods:
        when = f"báo cáo ngày {format_date(p.reported_on)}" if p.reported_on else "chưa báo cáo"
        parts.append(f'<p style="margin-top:{css(3)}px"><b>{esc(p.name)}</b> — {esc(when)}; {esc(p.counts_text)}.</p>')
        rows = [[esc(r.code), esc(r.label), esc(r.planned), esc(r.actual) or "—",
                 f'<span style="color:{STATUS_COLOURS.get(r.status_code, "#000")}"><b>{esc(r.status)}</b></span>',
                 esc(r.rule)] for r in p.results]
        parts.append(_table(["Mã", "Chỉ tiêu, tiêu chí", "Kế hoạch", "Thực hiện", "Đánh giá",
                             "Căn cứ đánh giá"], rows, "Không có mục nào."))
    return "".join(parts)


def _score(card: UnitCard) -> str:
    s = card.score
    if s is None:
        return f"<p><i>{esc(card.score_note)}</i></p>"
    total = f"{s.total}, xếp loại {s.band}" if s.total else s.status
    head = (f"<p><b>{esc(s.rank_text)}</b> — {esc(total)} ({esc(s.period)}).<br/>"
            f"<i>{esc(s.ranking_status)}</i></p>")
    return head + "<p><b>Cách tính điểm:</b></p><ul>" + "".join(f"<li>{esc(line)}</li>" for line in s.explanation) \
        + "</ul>"


def _awards(card: UnitCard) -> str:
    nominations = _table(
        ["Đối tượng", "Tên", "Danh hiệu, hình thức", "Trạng thái", "Điều kiện", "Hội đồng", "Quyết định"],
        [[esc(n.subject), esc(n.name), esc(n.title), esc(n.status), esc(n.eligibility), esc(n.council),
          esc(n.decision)] for n in card.nominations],
        f"Chưa có đề nghị khen thưởng nào năm {card.year}.")
    awards = _table(
        ["Năm", "Danh hiệu, hình thức", "Cấp", "Quyết định"],
        [[str(a.year), esc(a.title) + (f" <i>({esc(a.name)})</i>" if a.name != card.name else ""),
          esc(a.level_label), esc(" ngày ".join(x for x in (a.decision_number, format_date(a.decision_date)) if x))
          + ("" if a.source == "decision" else f" <i>(theo {esc(a.source)})</i>")] for a in card.awards],
        "Chưa có lần khen thưởng nào trong lịch sử.")
    return (f"<p><b>Đề nghị khen thưởng năm {card.year}</b> (của đơn vị, cá nhân và hộ gia đình do đơn vị đề nghị)</p>"
            f"{nominations}<p style='margin-top:{css(3)}px'><b>Đã được khen thưởng (các năm, kể cả đơn vị tiền thân)"
            f"</b></p>{awards}")


def _history(card: UnitCard) -> str:
    rows = [[f"{e.at:%d/%m/%Y}<br/>{e.at:%H:%M}", esc(e.actor), esc(e.what), esc(e.summary), esc(e.reason)]
            for e in card.history]
    table = _table(["Lúc", "Người làm", "Việc", "Nội dung", "Lý do"], rows,
                   "Nhật ký chưa ghi thay đổi nào về đơn vị.")
    more = card.history_total - len(card.history)
    tail = (f"<p><i>… và {format_number(more)} mục cũ hơn (xem ở trang Nhật ký, sao lưu).</i></p>" if more > 0
            else "")
    return table + tail


SECTIONS = (("Thông tin chung", _general), ("Kết quả, đánh giá", _results), ("Điểm, xếp hạng", _score),
            ("Đề nghị, khen thưởng", _awards), ("Lịch sử thay đổi", _history))


def sections(card: UnitCard) -> list[tuple[str, str]]:
    """(title, HTML) of each part of the card, as the window's tabs show them."""
    return [(title, make(card)) for title, make in SECTIONS]


def card_html(card: UnitCard) -> str:
    header = _Header(card.authority, "THẺ ĐƠN VỊ", [card.name, f"Năm {card.year}",
                                                   f"(In ngày {format_date(card.made_on)})"])
    body = "".join(f'<h3 style="margin-top:{css(5)}px">{i}. {esc(title.upper())}</h3>{html}'
                   for i, (title, html) in enumerate(sections(card), start=1))
    return f"<html><body>{head_html(header)}{body}</body></html>"


def _document(card: UnitCard, target: Target | None = None) -> QTextDocument:
    return new_document(card_html(card), PORTRAIT, [(card.authority[1], 0.4), (MOTTO, 1.0)], target,
                        fix_widths)


def print_to(device: QPagedPaintDevice, card: UnitCard) -> int:
    """Print (or preview) the card; returns the number of pages."""
    return render(device, [lambda target: _document(card, target)], PORTRAIT)


def save_pdf(card: UnitCard, path: Path) -> int:
    """The card as a PDF (written to a temporary file, then renamed); returns the number of pages."""
    with pdf_writer(Path(path), PORTRAIT, f"Thẻ đơn vị — {card.name}") as writer:
        return print_to(writer, card)

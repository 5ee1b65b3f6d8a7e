"""``thidua units card ĐƠN_VỊ``: the unit card as text, JSON or PDF — the window's card
(``services/registry/card.py``), printed here."""
from __future__ import annotations

from pathlib import Path

from ..domain.text import format_date
from ..errors import UserError
from ..services.registry import card as card_service
from .registry_io import print_table


def register(verbs) -> None:
    parser = verbs.add_parser(
        "card", help="thẻ đơn vị: mọi thông tin của một đơn vị",
        description="Thẻ đơn vị: thủ trưởng, liên hệ, khối, đăng ký thi đua, kết quả và đánh giá từng kỳ, điểm, "
                    "xếp hạng và cách tính điểm, đề nghị và khen thưởng (cả các năm trước), lịch sử thay đổi.")
    parser.add_argument("unit", metavar="ĐƠN_VỊ", help="tên đơn vị (không cần dấu, một phần tên cũng được)")
    parser.add_argument("--year", type=int, metavar="NĂM", help="năm (mặc định: năm hiện tại)")
    parser.add_argument("--json", action="store_true", help="in dạng JSON")
    parser.add_argument("--pdf", type=Path, metavar="TỆP.pdf", help="lưu thẻ ra tệp PDF (A4 dọc) thay vì in ra")
    parser.add_argument("--overwrite", action="store_true", help="ghi đè tệp PDF cùng tên đã có")
    parser.set_defaults(func=run)


def run(args, ctx) -> int:
    if args.pdf is not None and args.pdf.exists() and not args.overwrite:
        raise UserError(f"Đã có tệp “{args.pdf}”; chương trình không ghi đè. Chọn tên khác hoặc thêm --overwrite.")
    with ctx.db.read() as session:
        card = card_service.unit_card(session, card_service.find_unit(session, args.unit, args.year), args.year)
    if args.json:
        ctx.print_json(card.as_json())
    elif args.pdf is not None:
        from ..printing import unit_card as printing  # Qt only for a PDF

        pages = printing.save_pdf(card, args.pdf)
        print(f"Đã lưu thẻ đơn vị {card.name} ({pages} trang A4): {args.pdf}")
    else:
        print_card(card)
    return 0


def print_card(card: card_service.UnitCard) -> None:
    print(f"THẺ ĐƠN VỊ — {card.name} — năm {card.year}" + ("" if card.active else " (đã ngừng hoạt động)"))
    block = card.block + (f" ({card.block_role.lower()})" if card.block and card.block_role else "")
    for label, value in (("Loại hình", card.kind), ("Thủ trưởng", card.head_name), ("Điện thoại", card.phone),
                         ("Thư điện tử", card.email), ("Địa chỉ", card.address),
                         ("Cán bộ, người lao động", card.staff_text), ("Khối thi đua", block or "chưa xếp khối"),
                         ("Đăng ký thi đua", card.registration_text),
                         ("Đơn vị tiền thân", "; ".join(card.predecessors)), ("Ghi chú", card.note)):
        if value:
            print(f"  {label}: {value}")
    print("\nKẾT QUẢ, ĐÁNH GIÁ")
    if not card.periods:
        print("  Chưa có chỉ tiêu, tiêu chí nào phải báo cáo.")
    for p in card.periods:
        when = f"báo cáo ngày {format_date(p.reported_on)}" if p.reported_on else "chưa báo cáo"
        print(f"{p.name} — {when}; {p.counts_text}.")
        print_table(["Mã", "Chỉ tiêu, tiêu chí", "Kế hoạch", "Thực hiện", "Đánh giá"],
                    [[r.code, r.label, r.planned, r.actual, r.status] for r in p.results])
    print("\nĐIỂM, XẾP HẠNG")
    if card.score is None:
        print(f"  {card.score_note}")
    else:
        s = card.score
        print(f"  {s.rank_text} — {s.total or s.status}" + (f", xếp loại {s.band}" if s.band else "")
              + f" ({s.period}). {s.ranking_status}")
        for line in s.explanation:
            print(f"  - {line}")
    print("\nĐỀ NGHỊ KHEN THƯỞNG")
    if card.nominations:
        print_table(["Đối tượng", "Tên", "Danh hiệu, hình thức", "Trạng thái", "Điều kiện", "Quyết định"],
                    [[n.subject, n.name, n.title, n.status, n.eligibility, n.decision] for n in card.nominations])
    else:
        print(f"  Chưa có đề nghị nào năm {card.year}.")
    print("\nĐÃ ĐƯỢC KHEN THƯỞNG")
    if card.awards:
        print_table(["Năm", "Danh hiệu, hình thức", "Cấp", "Quyết định"],
                    [[a.year, a.title, a.level_label, a.decision_number] for a in card.awards])
    else:
        print("  Chưa có lần khen thưởng nào trong lịch sử.")
    print(f"\nLỊCH SỬ THAY ĐỔI ({card.history_total} mục" + (f", {len(card.history)} mục mới nhất" if
                                                            card.history_total > len(card.history) else "") + ")")
    print_table(["Lúc", "Người làm", "Việc", "Nội dung"],
                [[f"{e.at:%d/%m/%Y %H:%M}", e.actor, e.what, e.summary] for e in card.history])

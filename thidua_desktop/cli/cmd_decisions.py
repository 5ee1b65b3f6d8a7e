"""``thidua decisions``: the year's award decisions — list, record over the council's final
lists, reopen with a reason, record again, cancel. The same services as the decisions tab
(``services.awards.decisions``); this module parses and prints."""
from __future__ import annotations

from ..domain.text import format_date, format_money, parse_date
from ..errors import UserError
from ..services.awards import catalogue as awards, decisions
from . import vi_argparse
from .cmd_council import decision_json
from .council_sessions import change, written
from .registry_io import print_table


def register(subparsers) -> None:
    parser = subparsers.add_parser("decisions", help="quyết định khen thưởng: ghi nhận, mở khóa",
                                   description="Quyết định khen thưởng (và tờ trình đề nghị thành phố) của năm: ghi nhận "
                                               "theo danh sách Hội đồng đã thông qua, mở khóa có lý do, ghi lại, hủy.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    p = verbs.add_parser("list", help="liệt kê quyết định đã ghi nhận",
                         description="Liệt kê quyết định: số, ngày ký, danh hiệu, số người, tiền thưởng, trạng thái.")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_list)
    for name, helptext in (("record", "ghi nhận quyết định mới và khóa danh sách"),
                           ("relock", "ghi lại quyết định đã mở khóa theo danh sách hiện tại và khóa")):
        p = verbs.add_parser(name, help=helptext,
                             description=f"{helptext[0].upper()}{helptext[1:]}: người, tập thể đủ điều kiện, đạt phiếu, "
                                         "trong số lượng tối đa của các danh hiệu đã chọn; đánh số sổ vàng và tính "
                                         "tiền thưởng theo lương cơ sở tại ngày ký.")
        if name == "relock":
            p.add_argument("decision", metavar="MÃ", type=vi_argparse.RECORD_ID)
        p.add_argument("--number", required=name == "record", metavar="SỐ", help="số, ký hiệu (ví dụ 125/QĐ-UBND)")
        p.add_argument("--date", required=name == "record", metavar="NGÀY", help="ngày ký (ví dụ 22/12/2026)")
        p.add_argument("--title", action="append", required=name == "record", metavar="MÃ_DANH_HIỆU",
                       help="danh hiệu, hình thức của quyết định (GK, LDTT…); lặp lại cho nhiều danh hiệu")
        p.add_argument("--session", type=vi_argparse.RECORD_ID, metavar="MÃ_PHIÊN", help="phiên họp Hội đồng làm căn cứ")
        p.add_argument("--signer", metavar="HỌ_TÊN", help="người ký (mặc định: theo Cài đặt)")
        p.add_argument("--signer-title", metavar="CHỨC_VỤ", help="chức vụ người ký (mặc định: theo Cài đặt)")
        p.add_argument("--note", metavar="VĂN_BẢN", help="ghi chú")
        p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        p.set_defaults(func=run_record if name == "record" else run_relock)
    p = verbs.add_parser("reopen", help="mở khóa quyết định để sửa danh sách (phải ghi lý do)",
                         description="Mở khóa quyết định: đề nghị, phiếu và quy tắc của các danh hiệu trong quyết định "
                                     "sửa được trở lại. Lý do được lưu trong nhật ký của quyết định.")
    p.add_argument("decision", metavar="MÃ", type=vi_argparse.RECORD_ID)
    p.add_argument("--reason", required=True, metavar="LÝ_DO", help="vì sao mở khóa")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    p.set_defaults(func=run_reopen)
    p = verbs.add_parser("cancel", help="hủy quyết định đang mở (các đề nghị trở lại chờ quyết định)",
                         description="Hủy một quyết định đã mở khóa; các đề nghị trở lại chờ quyết định.")
    p.add_argument("decision", metavar="MÃ", type=vi_argparse.RECORD_ID)
    p.add_argument("--reason", required=True, metavar="LÝ_DO", help="vì sao hủy")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    p.set_defaults(func=run_cancel)


def _date(text: str):
    try:
        return parse_date(text)
    except (ValueError, UserError):
        raise UserError(f"Ngày ký “{text}” không phải ngày (ghi ví dụ 22/12/2026).") from None


def _data(args, session, current: decisions.DecisionInput | None = None) -> decisions.DecisionInput:
    base = current or decisions.DecisionInput("", None, [])  # type: ignore[arg-type]
    return decisions.DecisionInput(
        args.number if args.number is not None else base.number,
        _date(args.date) if args.date is not None else base.signed_on,
        [awards.title_by_code(session, c).id for c in args.title] if args.title else base.title_ids,
        args.signer if args.signer is not None else base.signer_name,
        args.signer_title if args.signer_title is not None else base.signer_title,
        args.session if args.session is not None else base.session_id,
        args.note if args.note is not None else base.note)


def _print(d: decisions.DecisionRow, verb: str, dry_run: bool) -> None:
    money = f"; tiền thưởng {format_money(d.prize)} đồng" if d.prize else ""
    print(f"{verb} {d.kind.lower()} số {d.number} ngày {format_date(d.signed_on)} (mã {d.id}): {d.titles}, "
          f"{d.count} người, tập thể{money}{written(dry_run)}.")


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        found = decisions.rows(session)
    if args.json:
        ctx.print_json([decision_json(d) for d in found])
        return 0
    print_table(["Mã", "Văn bản", "Ngày ký", "Loại", "Danh hiệu", "Số người, tập thể", "Tiền thưởng", "Trạng thái"],
                [[d.id, d.number, format_date(d.signed_on), d.kind, d.titles, d.count, format_money(d.prize),
                  "đã khóa" if d.frozen else "đang mở"] for d in found])
    return 0


def run_record(args, ctx) -> int:
    d = change(ctx, args.dry_run, f"Ghi nhận quyết định {args.number}",
               lambda s: decisions.record_current(s, _data(args, s)))
    _print(d, "Đã ghi nhận và khóa", args.dry_run)
    return 0


def run_relock(args, ctx) -> int:
    def op(session):
        data = _data(args, session, decisions.decision_input(session, args.decision))
        return decisions.row(session, decisions.refreeze(session, args.decision, data).id)

    _print(change(ctx, args.dry_run, f"Ghi lại quyết định mã {args.decision}", op), "Đã ghi lại và khóa",
           args.dry_run)
    return 0


def run_reopen(args, ctx) -> int:
    d = change(ctx, args.dry_run, args.reason,
               lambda s: decisions.row(s, decisions.reopen(s, args.decision, args.reason).id))
    _print(d, "Đã mở khóa", args.dry_run)
    return 0


def run_cancel(args, ctx) -> int:
    def op(session):
        d = decisions.row(session, args.decision)
        decisions.cancel(session, args.decision, args.reason)
        return d

    d = change(ctx, args.dry_run, args.reason, op)
    print(f"Đã hủy {d.kind.lower()} số {d.number}; {d.count} đề nghị trở lại chờ quyết định{written(args.dry_run)}.")
    return 0

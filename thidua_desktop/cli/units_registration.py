"""``thidua units register|unregister``: the year's emulation registration of one or
many units, as the registrations tab records it (the same
``services.registry.registrations`` functions); parser and printing only."""
from __future__ import annotations

from ..domain.registry import format_titles
from ..domain.text import TextError, format_date, parse_date
from ..errors import UserError
from ..services import plan
from ..services.registry import registrations
from ..services.registry import units as unit_service
from . import vi_argparse


def register(verbs) -> None:
    p = verbs.add_parser("register", help="ghi đăng ký thi đua của một hay nhiều đơn vị",
                         description="Ghi (hoặc sửa) đăng ký thi đua trong năm của các đơn vị: cùng ngày, cùng "
                                     "các danh hiệu; danh hiệu được kiểm tra theo loại hình từng đơn vị.")
    add_units_args(p)
    p.add_argument("--titles", required=True, metavar="DANH_HIỆU",
                   help="các danh hiệu, cách nhau bằng dấu phẩy: mã (GK, TTLDTT, TTLDXS, TDPVH, CTD, BK) "
                        "hoặc tên, không cần dấu")
    p.add_argument("--date", metavar="NGÀY", help="ngày đăng ký (ví dụ 15/01/2026)")
    p.add_argument("--note", default="", metavar="GHI_CHÚ", help="ghi chú")
    p.set_defaults(func=run_register)
    p = verbs.add_parser("unregister", help="bỏ đăng ký thi đua của một hay nhiều đơn vị",
                         description="Bỏ đăng ký thi đua trong năm của các đơn vị.")
    add_units_args(p)
    p.set_defaults(func=run_unregister)


def add_units_args(parser) -> None:
    parser.add_argument("units", nargs="+", metavar="ĐƠN_VỊ", help="tên đơn vị (không cần dấu)")
    parser.add_argument("--year", type=vi_argparse.YEAR, metavar="NĂM", help="năm của kế hoạch (mặc định: năm mới nhất)")
    parser.add_argument("--dry-run", action="store_true", help="chạy thử, kiểm tra đủ nhưng không ghi gì")


def _date(text: str | None):
    if not text:
        return None
    try:
        return parse_date(text)
    except TextError as exc:
        raise UserError(f"Ngày đăng ký (--date) “{text}”: {exc}") from None


def write_for_units(args, ctx, reason: str, op) -> tuple[int, int]:
    """Resolve the plan and the units, then ``op(session, campaign_id, unit_ids)`` in one
    audited transaction (rehearsed and rolled back with ``--dry-run``): (its result, the year)."""
    db = ctx.app(write=not args.dry_run).db
    with db.read() as session:
        campaign = plan.current_campaign(session, args.year)
        unit_ids = list(dict.fromkeys(unit_service.find_unit_id(session, campaign.id, u) for u in args.units))
    if args.dry_run:
        with db.rehearsal(), db.transaction(reason=reason) as session:
            return op(session, campaign.id, unit_ids), campaign.year
    with db.transaction(reason=reason) as session:
        return op(session, campaign.id, unit_ids), campaign.year


def run_register(args, ctx) -> int:
    titles, day = registrations.title_codes(args.titles.split(",")), _date(args.date)
    count, year = write_for_units(args, ctx, f"Đăng ký thi đua cho {len(args.units)} đơn vị", lambda s, cid, ids: (
        registrations.register(s, cid, ids, day, titles, args.note)))
    what = f"đăng ký thi đua năm {year} của {count} đơn vị: {format_titles(titles, short=True)}" + (
        f", ngày {format_date(day)}" if day else "")
    print(f"Sẽ ghi {what}; chưa ghi gì (--dry-run)." if args.dry_run else f"Đã ghi {what}.")
    return 0


def run_unregister(args, ctx) -> int:
    count, year = write_for_units(args, ctx, f"Bỏ đăng ký thi đua của {len(args.units)} đơn vị",
                         registrations.unregister)
    what = f"đăng ký thi đua năm {year} của {count} đơn vị"
    print(f"Sẽ bỏ {what}; chưa ghi gì (--dry-run)." if args.dry_run else f"Đã bỏ {what}.")
    return 0

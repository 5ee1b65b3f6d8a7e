"""``thidua init [--demo]``: create (or open) the database, optionally with the demo ward."""
from __future__ import annotations

import sys

from sqlalchemy import func, select

from ..errors import UserError
from ..services import plan
from ..services.demo import build_demo
from ..storage.models import Unit


def register(subparsers) -> None:
    parser = subparsers.add_parser("init", help="tạo cơ sở dữ liệu (có thể kèm dữ liệu mẫu)",
                                   description="Tạo cơ sở dữ liệu mới (hoặc mở cơ sở dữ liệu đã có) với kế hoạch "
                                               "thi đua nạp sẵn; --demo thêm một phường mẫu để dùng thử.")
    parser.add_argument("--demo", action="store_true",
                        help="thêm dữ liệu mẫu: khoảng 40 đơn vị trong 5 khối thi đua, 150 cá nhân, đăng ký thi đua "
                             "(chỉ trên cơ sở dữ liệu chưa có đơn vị)")
    parser.add_argument("--city", metavar="TÊN_THÀNH_PHỐ",
                        help="tạo cơ sở dữ liệu của thành phố, nhận tệp trao đổi của các phường "
                             "(thidua exchange import)")
    parser.set_defaults(func=run)


def _progress(done: int, total: int, text: str = "") -> None:
    if text and sys.stderr.isatty():
        print(f"\r{text[:70]:<70}", end="", file=sys.stderr, flush=True)


def run(args, ctx) -> int:
    if args.city and args.demo:
        raise UserError("Cơ sở dữ liệu của thành phố không kèm dữ liệu mẫu của phường (bỏ --demo).")
    app = ctx.app(write=True, create=True)
    db = app.db
    if args.city:
        from ..services.exchange import city

        with db.transaction(reason="Tạo cơ sở dữ liệu tổng hợp của thành phố") as session:
            print(f"Cơ sở dữ liệu của {city.make_city(session, args.city)}: nhận tệp trao đổi của các phường.")
    if args.demo:
        with db.transaction(reason="Tạo dữ liệu mẫu để dùng thử") as session:
            notes = build_demo(session, _progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
    with db.read() as session:
        campaign = plan.current_campaign(session)
        units = session.scalar(select(func.count(Unit.id))) or 0
        print(f"Cơ sở dữ liệu: {db.display_name}")
        print(f"Kế hoạch thi đua năm {campaign.year}: {len(campaign.targets)} chỉ tiêu"
              + (" (vừa nạp)" if app.seeded else ""))
        print(f"Đơn vị: {units}")
    if args.demo:
        print("Đã tạo dữ liệu mẫu: " + "; ".join(notes) + ".")
    return 0

"""``thidua blocks list|assign``: the year's emulation blocks with their units."""
from __future__ import annotations

from ..services.registry import blocks as block_service
from ..services.registry import units as unit_service
from ..services import plan
from .. import vi_argparse
from .registry_io import print_table
from .units_registration import add_units_args, write_for_units


def register(subparsers) -> None:
    parser = subparsers.add_parser("blocks", help="khối thi đua", description="Các khối thi đua của năm.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    listing = verbs.add_parser("list", help="liệt kê khối thi đua",
                               description="Liệt kê các khối thi đua với trưởng khối, phó khối và đơn vị thành viên.")
    listing.add_argument("--year", type=vi_argparse.YEAR, help="năm của kế hoạch (mặc định: năm mới nhất)")
    listing.add_argument("--json", action="store_true", help="in dạng JSON")
    listing.set_defaults(func=run_list)
    assign = verbs.add_parser("assign", help="xếp một hay nhiều đơn vị vào một khối (hoặc ra khỏi khối)",
                              description="Xếp các đơn vị vào một khối thi đua của năm, như “Xếp vào khối…” "
                                          "trong chương trình; --none: đưa ra khỏi khối đang ở.")
    target = assign.add_mutually_exclusive_group(required=True)
    target.add_argument("--block", metavar="KHỐI", help="tên khối (không cần dấu)")
    target.add_argument("--none", action="store_true", help="đưa các đơn vị ra khỏi khối thi đua")
    add_units_args(assign)
    assign.set_defaults(func=run_assign)


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        campaign = plan.current_campaign(session, args.year)
        rows = block_service.list_blocks(session, campaign.id)
        year = campaign.year
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print(f"Chưa có khối thi đua nào cho năm {year}.")
        return 0
    print(f"Các khối thi đua năm {year}:")
    print_table(["STT", "Khối thi đua", "Trưởng khối", "Phó khối", "Số đơn vị"],
                [[i, r.name, r.leader_name, r.deputy_name, r.member_count] for i, r in enumerate(rows, start=1)])
    for r in rows:
        print(f"\n{r.name}: {r.member_names or '(chưa có đơn vị)'}")
    return 0


def run_assign(args, ctx) -> int:
    def assign(session, campaign_id, unit_ids):
        block = None if args.none else block_service.find_block(session, campaign_id, args.block)
        return unit_service.assign_block(session, campaign_id, unit_ids, block.id if block else None), block

    (result, block), _year = write_for_units(args, ctx, f"Xếp {len(args.units)} đơn vị vào khối", assign)
    message = result.message(block.name if block else None)
    print(f"Sẽ{message[len('Đã'):-1]}; chưa ghi gì (--dry-run)." if args.dry_run else message)
    return 0

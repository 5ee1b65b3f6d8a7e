"""``thidua blocks list``: the year's emulation blocks with their units."""
from __future__ import annotations

from ..services.registry import blocks as block_service
from ..services import plan
from .. import vi_argparse
from .registry_io import print_table


def register(subparsers) -> None:
    parser = subparsers.add_parser("blocks", help="khối thi đua", description="Các khối thi đua của năm.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    listing = verbs.add_parser("list", help="liệt kê khối thi đua",
                               description="Liệt kê các khối thi đua với trưởng khối, phó khối và đơn vị thành viên.")
    listing.add_argument("--year", type=vi_argparse.YEAR, help="năm của kế hoạch (mặc định: năm mới nhất)")
    listing.add_argument("--json", action="store_true", help="in dạng JSON")
    listing.set_defaults(func=run_list)


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

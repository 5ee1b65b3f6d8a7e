"""``thidua targets list``: the plan's targets with their planned values."""
from __future__ import annotations

from ..services import plan


def register(subparsers) -> None:
    parser = subparsers.add_parser("targets", help="chỉ tiêu của kế hoạch",
                                   description="Các chỉ tiêu chủ yếu của kế hoạch thi đua.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    listing = verbs.add_parser("list", help="liệt kê chỉ tiêu", description="Liệt kê các chỉ tiêu và giá trị kế hoạch.")
    listing.add_argument("--year", type=int, help="năm của kế hoạch (mặc định: năm mới nhất)")
    listing.add_argument("--json", action="store_true", help="in dạng JSON (mã, nội dung, đơn vị, phép so sánh, giá trị kế hoạch)")
    listing.set_defaults(func=run_list)


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        campaign = plan.current_campaign(session, args.year)
        if args.json:
            ctx.print_json(plan.targets_as_json(campaign))
            return 0
        print(f"Chỉ tiêu kế hoạch thi đua năm {campaign.year}:")
        for target in campaign.targets:
            print(f"({target.code}) {target.text}")
        print()
        for row in plan.measure_rows(campaign):
            print(f"  {row.code:<4} {row.planned_text:<24} {row.label}")
    return 0

"""``thidua plan load FILE``: install next year's plan from a plan file."""
from __future__ import annotations

from pathlib import Path

from ..services import plan


def register(subparsers) -> None:
    parser = subparsers.add_parser("plan", help="kế hoạch thi đua của năm",
                                   description="Nạp kế hoạch thi đua của một năm từ tệp kế hoạch (.toml).")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    load = verbs.add_parser("load", help="nạp kế hoạch từ tệp",
                            description="Kiểm tra và nạp kế hoạch từ tệp .toml (cùng dạng với "
                                        "resources/plans/2026-phuong-bach-dang.toml).")
    load.add_argument("file", metavar="TỆP", type=Path, help="tệp kế hoạch .toml")
    load.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra tệp, không ghi gì")
    load.set_defaults(func=run_load)


def run_load(args, ctx) -> int:
    spec = plan.load_plan_file(args.file)
    measures = sum(len(t.measures) for t in spec.targets)
    print(f"Tệp “{args.file.name}”: kế hoạch năm {spec.year}, {len(spec.targets)} chỉ tiêu, "
          f"{measures} tiêu chí đo.")
    if args.dry_run:
        db = ctx.app().db
        with db.rehearsal(), db.transaction() as session:  # the real install, rolled back
            plan.install_plan(session, spec, source_file=args.file.name)
        print("Chỉ kiểm tra (--dry-run): không ghi gì.")
        return 0
    db = ctx.app(write=True).db
    db.checkpoint(f"Trước khi nạp kế hoạch từ tệp {args.file.name}")
    with db.transaction(reason=f"Nạp kế hoạch từ tệp {args.file.name}") as session:
        plan.install_plan(session, spec, source_file=args.file.name)
    print(f"Đã nạp kế hoạch năm {spec.year}.")
    return 0

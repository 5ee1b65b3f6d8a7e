"""``thidua plan load FILE``: install next year's plan from a plan file;
``thidua plan set --number 12/KH-UBND --date 20/02/2026``: the ward's own plan
number and date, which the papers cite."""
from __future__ import annotations

from pathlib import Path

from ..domain.text import parse_date
from ..services import plan
from ..services import ward as ward_service
from ..services.documents import common as documents_common
from .context import CliFailure


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
    setting = verbs.add_parser("set", help="ghi số, ngày ban hành Kế hoạch thi đua của phường",
                               description="Ghi số và ngày ban hành Kế hoạch thi đua của phường (văn bản dẫn "
                                           "“Kế hoạch số …/KH-UBND ngày …”); chưa ghi thì văn bản để trống để ghi "
                                           "tay.")
    setting.add_argument("--year", type=int, help="năm của kế hoạch (mặc định: năm mới nhất)")
    setting.add_argument("--number", metavar="SỐ", help="số, ký hiệu, ví dụ 12/KH-UBND")
    setting.add_argument("--date", metavar="NGÀY", help="ngày ban hành (dd/mm/yyyy)")
    setting.set_defaults(func=run_set)


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


def run_set(args, ctx) -> int:
    if args.number is None and args.date is None:
        raise CliFailure("Cần ít nhất --number hoặc --date.", code=2)
    values = {}
    if args.number is not None:
        values["number"] = args.number
    if args.date is not None:
        try:
            values["issued_on"] = parse_date(args.date)
        except ValueError as exc:
            raise CliFailure(str(exc), code=2) from None
    with ctx.app(write=True).db.transaction(reason="Ghi số, ngày Kế hoạch thi đua của phường") as session:
        campaign = plan.current_campaign(session, args.year)
        ward_service.update_plan_header(session, campaign.id, values)
        who = documents_common.issuer(session)
        cited = documents_common.plan_reference(who, campaign)
    print(f"Kế hoạch năm {campaign.year}: văn bản sẽ dẫn “{cited}”.")
    return 0

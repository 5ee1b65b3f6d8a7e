"""``thidua check``: the database's integrity and the app's own rules."""
from __future__ import annotations

from ..services.safety.check import rule_titles, run_checks


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check", help="kiểm tra dữ liệu",
        description="Kiểm tra tệp cơ sở dữ liệu (integrity_check, foreign_key_check) và các quy tắc "
                    "của chương trình. Thoát với mã 1 khi có lỗi.")
    parser.add_argument("--json", action="store_true", help="in báo cáo dạng JSON")
    parser.add_argument("--strict", action="store_true", help="coi cả các điều cần xem lại là lỗi")
    parser.add_argument("--rules", action="store_true", help="liệt kê các quy tắc được kiểm tra")
    parser.set_defaults(func=run)


def run(args, ctx) -> int:
    if args.rules:
        for code, title in rule_titles():
            print(f"{code:<22} {title}")
        return 0
    report = run_checks(ctx.db)
    if args.json:
        ctx.print_json(report.as_json())
    else:
        print("\n".join(report.lines()))
    failed = not report.ok or (args.strict and report.warnings)
    return 1 if failed else 0

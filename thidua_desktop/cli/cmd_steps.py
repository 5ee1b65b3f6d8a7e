"""``thidua steps``: the year's path from units to the report, and where the ward
stands (the window's page "Các bước trong năm"; the work is in ``services/steps.py``)."""
from __future__ import annotations

from ..domain.text import format_date, parse_date


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "steps", help="các bước trong năm: phường đang ở đâu",
        description="Các bước của năm thi đua, từ nhập đơn vị đến gửi báo cáo thành phố: bước nào đã xong, "
                    "đang làm, chưa làm, trễ hạn, kèm số liệu và nơi làm trong chương trình.")
    parser.add_argument("--json", action="store_true", help="in dạng JSON")
    parser.add_argument("--today", metavar="NGÀY", help="tính đến ngày này (dd/mm/yyyy; mặc định: hôm nay)")
    parser.set_defaults(func=run)


def run(args, ctx) -> int:
    from ..services import steps
    from ..services.safety.backup_status import backup_age

    today = parse_date(args.today) if args.today else None  # a wrong date is a UserError naming it
    db = ctx.db
    backup = backup_age(db)
    with db.read() as session:
        found = steps.year_steps(session, backup, today)
    if args.json:
        ctx.print_json(found.as_json())
        return 0
    print("\n".join(lines(found)))
    return 0


def lines(found) -> list[str]:
    out = [f"Các bước trong năm {found.year} — {found.ward_name} (tính đến ngày {format_date(found.today)})"]
    width = max(len(s.state.label) for s in found.steps)
    for number, step in enumerate(found.steps, 1):
        out.append(f"{number:>2}. [{step.state.label:<{width}}] {step.title}")
        out.append(f"    {step.fact}")
        if step.deadline_text:
            out.append(f"    Hạn: {step.deadline_text}")
        out.append(f"    Làm ở: {step.where}")
    following = found.next_step
    out.append(f"Việc tiếp theo: {following.title}." if following else "Mọi bước đã xong.")
    return out

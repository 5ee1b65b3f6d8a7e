"""``thidua year``: list the years, check one, close it, reopen it with a reason,
open the next from its plan file, add a year from before the app.

The work is in ``services/years.py`` (the same functions the window calls);
here are only the parser and the printing."""
from __future__ import annotations

from pathlib import Path

from ..services import years
from .context import CliFailure


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "year", help="kết thúc năm, mở năm mới",
        description="Các năm thi đua: kiểm tra, kết thúc (khóa sổ) một năm, mở lại có lý do, mở năm mới "
                    "từ tệp kế hoạch, thêm năm trước khi dùng chương trình.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    listing = verbs.add_parser("list", help="các năm và trạng thái")
    listing.add_argument("--json", action="store_true", help="in dạng JSON")
    listing.set_defaults(func=run_list)
    check = verbs.add_parser("check", help="những việc còn thiếu trước khi kết thúc năm")
    check.add_argument("year", type=int, metavar="NĂM")
    check.add_argument("--json", action="store_true", help="in dạng JSON")
    check.set_defaults(func=run_check)
    close = verbs.add_parser(
        "close", help="kết thúc (khóa sổ) một năm",
        description="Kiểm tra năm đã xong (kết quả cả năm, đề nghị, quyết định, số văn bản), sao lưu, rồi "
                    "khóa sổ: dữ liệu của năm chỉ còn để xem và in.")
    close.add_argument("year", type=int, metavar="NĂM")
    close.add_argument("--despite", metavar="LÝ_DO", default="",
                       help="vẫn kết thúc dù còn việc chưa xong, với lý do được ghi lại")
    close.add_argument("--yes", action="store_true", help="không hỏi lại")
    close.add_argument("--dry-run", action="store_true", help="chạy thử, không ghi gì")
    close.set_defaults(func=run_close)
    reopen = verbs.add_parser("reopen", help="mở lại một năm đã kết thúc (phải có lý do)")
    reopen.add_argument("year", type=int, metavar="NĂM")
    reopen.add_argument("--reason", metavar="LÝ_DO", required=True, help="lý do mở lại")
    reopen.add_argument("--dry-run", action="store_true", help="chạy thử, không ghi gì")
    reopen.set_defaults(func=run_reopen)
    opening = verbs.add_parser(
        "open", help="mở năm mới từ tệp kế hoạch",
        description="Nạp kế hoạch năm mới (tệp .toml) và chuyển sang năm mới các khối thi đua, đơn vị "
                    "trong khối, bảng chấm điểm và tiêu chí của năm gần nhất.")
    opening.add_argument("--plan", metavar="TỆP", type=Path, required=True, help="tệp kế hoạch năm mới (.toml)")
    opening.add_argument("--no-blocks", action="store_true", help="không chuyển các khối thi đua sang")
    opening.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    opening.add_argument("--dry-run", action="store_true", help="chạy thử, không ghi gì")
    opening.set_defaults(func=run_open)
    past = verbs.add_parser("past", help="thêm một năm trước khi dùng chương trình (chỉ lưu khen thưởng)")
    past.add_argument("year", type=int, metavar="NĂM")
    past.add_argument("--dry-run", action="store_true", help="chạy thử, không ghi gì")
    past.set_defaults(func=run_past)


def _write(ctx, args, reason: str, work):
    """Run ``work(session)`` in one transaction, or rehearse it with --dry-run."""
    if args.dry_run:
        db = ctx.app().db
        with db.rehearsal(), db.transaction(reason=reason) as session:
            result = work(session)
        return result
    db = ctx.app(write=True).db
    with db.transaction(reason=reason) as session:
        return work(session)


def _status(row: years.YearRow) -> str:
    if row.closed:
        return f"đã kết thúc {row.closed_at:%d/%m/%Y %H:%M}" + (f" ({row.closed_by})" if row.closed_by else "")
    return "đang làm" if row.current else "chưa kết thúc"


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        rows = years.list_years(session)
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    for row in rows:
        print(f"{row.year}  {_status(row)}{'  (năm hiện tại)' if row.current else ''}  {row.title}")
    return 0


def run_check(args, ctx) -> int:
    with ctx.db.read() as session:
        found = years.gaps(session, args.year)
    if args.json:
        ctx.print_json({"year": args.year, "complete": not found, "gaps": found})
        return 0
    if not found:
        print(f"Năm {args.year} đã xong: có thể kết thúc.")
        return 0
    print(f"Năm {args.year} còn {len(found)} việc chưa xong:")
    for line in found:
        print(f"- {line}")
    return 0


def run_close(args, ctx) -> int:
    if not args.despite:
        with ctx.db.read() as session:
            found = years.gaps(session, args.year)
        if found:  # before the question and the backup
            raise CliFailure(f"Năm {args.year} chưa xong, chưa kết thúc được: " + " ".join(found)
                             + " Hãy làm nốt, hoặc ghi lý do vẫn kết thúc (--despite \"…\").")
    if not (args.yes or args.dry_run):
        answer = input(f"Kết thúc năm {args.year}? Dữ liệu của năm sẽ chỉ còn để xem và in. Gõ “có” để đồng ý: ")
        if answer.strip().lower() not in ("có", "co", "c", "y", "yes"):
            raise CliFailure("Chưa kết thúc năm (không đồng ý).")
    if not args.dry_run:
        ctx.app(write=True).db.checkpoint(f"Trước khi kết thúc năm {args.year}")
    actor = ctx.app().db.actor
    row = _write(ctx, args, f"Kết thúc năm {args.year}",
                 lambda s: years.close_year(s, args.year, actor=actor, despite=args.despite))
    if args.dry_run:
        print(f"Chạy thử (--dry-run): năm {args.year} kết thúc được; chưa ghi gì.")
    else:
        print(f"Đã kết thúc năm {row.year}: dữ liệu của năm chỉ còn để xem và in "
              f"(mở lại: thidua year reopen {row.year} --reason \"…\").")
    return 0


def run_reopen(args, ctx) -> int:
    actor = ctx.app().db.actor
    row = _write(ctx, args, f"Mở lại năm {args.year}: {args.reason}",
                 lambda s: years.reopen_year(s, args.year, args.reason, actor=actor))
    print(("Chạy thử (--dry-run): " if args.dry_run else "") + f"Năm {row.year} "
          + ("mở lại được; chưa ghi gì." if args.dry_run else "đã được mở lại để sửa."))
    return 0


def run_open(args, ctx) -> int:
    if not args.dry_run:
        ctx.app(write=True).db.checkpoint(f"Trước khi mở năm mới từ tệp {args.plan.name}")
    actor = ctx.app().db.actor
    opened = _write(ctx, args, f"Mở năm mới từ tệp kế hoạch {args.plan.name}",
                    lambda s: years.open_year(s, args.plan, actor=actor, carry_blocks=not args.no_blocks))
    if args.json:
        ctx.print_json({**opened.as_json(), "dry_run": args.dry_run})
        return 0
    prefix = "Chạy thử (--dry-run), chưa ghi gì: " if args.dry_run else ""
    print(f"{prefix}Năm {opened.year.year}: đã nạp kế hoạch; chuyển sang {opened.blocks} khối thi đua, "
          f"{opened.memberships} đơn vị trong khối, {opened.criteria} tiêu chí.")
    for line in opened.criteria_unlinked:
        print(f"  Chú ý: tiêu chí theo chỉ tiêu không còn trong kế hoạch mới, chuyển thành tiêu chí có/không: {line}")
    return 0


def run_past(args, ctx) -> int:
    actor = ctx.app().db.actor
    row = _write(ctx, args, f"Thêm năm {args.year} (trước khi dùng chương trình)",
                 lambda s: years.add_past_year(s, args.year, actor=actor))
    print(("Chạy thử (--dry-run), chưa ghi gì: " if args.dry_run else "")
          + f"Năm {row.year}: đã kết thúc, chỉ để lưu khen thưởng của năm đó.")
    return 0

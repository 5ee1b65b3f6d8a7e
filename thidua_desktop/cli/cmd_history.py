"""``thidua history``: every award across years, and the import of earlier years' lists."""
from __future__ import annotations

from pathlib import Path

from ..domain.text import format_date
from ..services.awards import catalogue, history
from .registry_io import add_verbose, print_table, run_import


def register(subparsers) -> None:
    parser = subparsers.add_parser("history", help="lịch sử khen thưởng qua các năm",
                                   description="Lịch sử khen thưởng: người, tập thể đã được khen những gì, năm nào, "
                                               "theo quyết định nào (các quyết định ghi trong chương trình và danh "
                                               "sách các năm trước nhập từ Excel).")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    p = verbs.add_parser("list", help="liệt kê lịch sử khen thưởng",
                         description="Liệt kê mọi lần được khen, năm mới nhất trước.")
    p.add_argument("--person", metavar="TÊN", help="chỉ cá nhân có tên chứa TÊN (không phân biệt dấu, hoa thường)")
    p.add_argument("--unit", metavar="TÊN", help="chỉ tập thể có tên chứa TÊN")
    p.add_argument("--year", metavar="NĂM", type=int, help="chỉ một năm")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_list)
    p = verbs.add_parser("add", help="ghi một lần khen thưởng (quyết định của thành phố, giấy tờ cũ)",
                         description="Ghi vào lịch sử một lần khen thưởng không có trong chương trình, ví dụ quyết "
                                     "định của thành phố cho đề nghị của phường; kiểm tra như một dòng nhập từ Excel.")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", metavar="HỌ_TÊN", help="cá nhân")
    who.add_argument("--unit", metavar="TÊN", help="tập thể")
    who.add_argument("--household", metavar="TÊN", help="hộ gia đình")
    p.add_argument("--of", metavar="ĐƠN_VỊ", help="đơn vị công tác của cá nhân, địa chỉ của hộ gia đình")
    p.add_argument("--title", metavar="DANH_HIỆU", required=True, help="tên hoặc mã (BK, CSTDCS…)")
    p.add_argument("--year", metavar="NĂM", help="năm khen thưởng (mặc định: năm của ngày quyết định)")
    p.add_argument("--decision", metavar="SỐ", default="", help="số, ký hiệu quyết định")
    p.add_argument("--date", metavar="NGÀY", help="ngày quyết định (dd/mm/yyyy)")
    p.add_argument("--level", metavar="CẤP", help="Phường, Thành phố hoặc Trung ương (mặc định: theo danh hiệu)")
    p.add_argument("--note", metavar="GHI_CHÚ", default="")
    p.set_defaults(func=run_add)
    p = verbs.add_parser("import", help="nhập danh sách khen thưởng các năm trước từ Excel (xem trước từng dòng)",
                         description="Nhập danh sách khen thưởng (.xlsx) của văn phòng: Họ và tên / Tên tập thể, "
                                     "Danh hiệu, Năm, Số quyết định, Ngày quyết định, Cấp khen thưởng (Phường, Thành "
                                     "phố, Trung ương), Đơn vị, Ghi chú; tiêu đề có dấu hay không dấu đều được. "
                                     "In từng dòng lỗi rồi ghi cả tệp trong một lần; có dòng lỗi thì không ghi gì.")
    p.add_argument("file", metavar="TỆP.xlsx", type=Path)
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì vào cơ sở dữ liệu")
    add_verbose(p)
    p.set_defaults(func=run_import_file)


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        rows = history.history(session, person=args.person, unit=args.unit, year=args.year)
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print("Chưa có lần khen thưởng nào" + (" khớp điều kiện tìm." if args.person or args.unit or args.year
                                                else " trong lịch sử."))
        return 0
    print_table(["Năm", "Đối tượng", "Họ tên / tập thể", "Đơn vị / địa chỉ", "Danh hiệu, hình thức", "Cấp",
                 "Quyết định", "Nguồn"],
                [[r.year, catalogue.SUBJECTS.get(r.subject, r.subject), r.name, r.unit, r.title, r.level_label,
                  " ngày ".join(x for x in (r.decision_number, format_date(r.decision_date)) if x),
                  "quyết định đã ghi" if r.source == "decision" else r.source] for r in rows])
    print(f"{len(rows)} lần khen thưởng.")
    return 0


def run_import_file(args, ctx) -> int:
    return run_import(ctx, args.file, args.dry_run, history.preview_import, history.apply_import, args.verbose)


def run_add(args, ctx) -> int:
    subject = "person" if args.person else "unit" if args.unit else "household"
    values = {"name": args.person or args.unit or args.household, "subject": subject, "unit": args.of,
              "title": args.title, "year": args.year, "decision": args.decision, "date": args.date,
              "level": args.level, "note": args.note}
    with ctx.app(write=True).db.transaction(reason="Ghi lịch sử khen thưởng") as session:
        row = history.add(session, values)
    print(f"Đã ghi: {row.name} — {row.title} năm {row.year} ({row.level_label}"
          + (f", Quyết định số {row.decision_number}" if row.decision_number else "") + ").")
    return 0

"""``thidua nominations``: the year's nominations, their import and the blank template."""
from __future__ import annotations

from pathlib import Path

from ..domain.text import format_money
from ..errors import UserError
from ..services.awards import catalogue as awards, nomination_import, nominations
from ..services import plan
from .registry_io import add_verbose, print_table, run_import


def register(subparsers) -> None:
    parser = subparsers.add_parser("nominations", help="đề nghị khen thưởng",
                                   description="Đề nghị khen thưởng của năm: liệt kê, nhập từ Excel, mẫu trống.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    p = verbs.add_parser("list", help="liệt kê đề nghị và kết quả kiểm tra điều kiện",
                         description="Liệt kê các đề nghị khen thưởng với điều kiện (đủ / cảnh báo / không đủ, "
                                     "kèm quy định), kết quả biểu quyết và quyết định.")
    p.add_argument("--title", metavar="MÃ", help="chỉ một danh hiệu, hình thức (GK, LDTT, CSTDCS…)")
    p.add_argument("--problems", action="store_true", help="chỉ những đề nghị chưa đủ điều kiện hoặc có cảnh báo")
    p.add_argument("--json", action="store_true", help="in dạng JSON (kèm các phát hiện và quy định)")
    p.set_defaults(func=run_list)
    p = verbs.add_parser("import", help="nhập đề nghị từ danh sách Excel của đơn vị (xem trước từng dòng)",
                         description="Nhập danh sách đề nghị khen thưởng (.xlsx) của đơn vị: in số dòng mỗi loại "
                                     "và từng dòng lỗi (-v: từng dòng) rồi ghi cả tệp trong một lần; có dòng lỗi thì không ghi gì.")
    p.add_argument("file", metavar="TỆP.xlsx", type=Path)
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì vào cơ sở dữ liệu")
    add_verbose(p)
    p.set_defaults(func=run_import_file)
    p = verbs.add_parser("template", help="tạo tệp Excel mẫu để đơn vị điền danh sách đề nghị",
                         description="Tạo tệp .xlsx mẫu có danh sách chọn và trang hướng dẫn.")
    p.add_argument("file", metavar="TỆP.xlsx", type=Path)
    p.set_defaults(func=run_template)
    p = verbs.add_parser("check", help="kiểm tra lại điều kiện của mọi đề nghị",
                         description="Chạy lại các quy định về điều kiện khen thưởng cho mọi đề nghị của năm.")
    p.set_defaults(func=run_check)


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        campaign = plan.current_campaign(session)
        rows = nominations.rows(session, campaign)
        if args.title:
            title = awards.title_by_code(session, args.title)
            rows = [r for r in rows if r.title_id == title.id]
    if args.problems:
        rows = [r for r in rows if r.active and not r.verdict.may_proceed]
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    print_table(["Mã", "Danh hiệu", "Đối tượng", "Họ tên / tập thể", "Đơn vị / địa chỉ", "Điều kiện", "Hội đồng",
                 "Quyết định"],
                [[r.id, r.title_code, r.subject_label, r.name, r.where or r.group,
                  r.verdict.label if r.active else r.status_label, r.council_label if r.active else "",
                  (f"{r.decision_number} (số {r.seq}"
                   + (f", {format_money(r.prize)} đ" if r.prize else "") + ")") if r.decision_number else ""]
                 for r in rows])
    problems = [r for r in rows if r.active and r.findings]
    if problems and args.problems:
        print()
        for r in problems:
            print(f"{r.name} — {r.title_name}:")
            for line in r.findings_text.splitlines():
                print(f"  {line}")
    print(nominations.counts_text(rows) + ".")
    return 0


def run_import_file(args, ctx) -> int:
    return run_import(ctx, args.file, args.dry_run, nomination_import.preview_import, nomination_import.apply_import,
                      args.verbose)


def run_template(args, ctx) -> int:
    path = nomination_import.write_template(ctx.db, args.file)
    print(f"Đã tạo tệp mẫu danh sách đề nghị khen thưởng: {path}")
    return 0


def run_check(args, ctx) -> int:
    with ctx.app(write=True).db.transaction(reason="Kiểm tra lại điều kiện khen thưởng") as session:
        summary = nominations.recheck_year(session)
    if summary.total == 0:
        raise UserError("Chưa có đề nghị khen thưởng nào.")
    print(summary.text() + ".")
    return 0

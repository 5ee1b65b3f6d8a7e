"""``thidua exchange``: the ward's year as a data file for the city, and the city's side."""
from __future__ import annotations

from pathlib import Path

from ..domain.text import format_money
from ..errors import UserError
from ..services.exchange import city, package, ward_year
from .registry_io import print_table


def register(subparsers) -> None:
    parser = subparsers.add_parser("exchange", help="trao đổi dữ liệu năm giữa phường và thành phố",
                                   description="Phường xuất dữ liệu thi đua, khen thưởng của năm ra một tệp .thidua "
                                               "(định dạng mô tả trong docs/trao-doi-du-lieu.md); cơ sở dữ liệu của "
                                               "thành phố (thidua init --city) nhập tệp của các phường và lập bảng "
                                               "tổng hợp.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    p = verbs.add_parser("export", help="phường: xuất dữ liệu của năm ra tệp .thidua",
                         description="Ghi phường, kế hoạch và chỉ tiêu, kết quả và đánh giá, xếp hạng, đề nghị, "
                                     "quyết định khen thưởng và số liệu báo cáo năm vào một tệp .thidua.")
    p.add_argument("--year", metavar="NĂM", type=int, help="năm của kế hoạch (mặc định: năm mới nhất)")
    p.add_argument("--out", metavar="TỆP.thidua", type=Path, required=True)
    p.add_argument("--overwrite", action="store_true", help="ghi đè tệp cùng tên đã có")
    p.set_defaults(func=run_export)
    p = verbs.add_parser("import", help="thành phố: nhập tệp .thidua của các phường",
                         description="Kiểm tra từng tệp (mã kiểm tra, phiên bản, cấu trúc); một tệp hỏng hoặc bị sửa "
                                     "thì không nhập tệp nào. Tệp của một phường cho một năm chỉ thay bản đã nhận khi "
                                     "được lập sau.")
    p.add_argument("files", metavar="TỆP.thidua", type=Path, nargs="+")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và cho biết sẽ làm gì, không ghi")
    p.set_defaults(func=run_import)
    p = verbs.add_parser("list", help="thành phố: các tệp đã nhận",
                         description="Các tệp trao đổi đã nhận: phường, năm, lúc lập, số liệu chính.")
    p.add_argument("--year", metavar="NĂM", type=int, help="chỉ một năm")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_list)
    p = verbs.add_parser("report", help="thành phố: bảng tổng hợp chỉ tiêu và khen thưởng của các phường",
                         description="Ghi bảng tổng hợp (.xlsx in vừa khổ A4 ngang, hoặc văn bản .docx khổ A4 "
                                     "ngang): tổng hợp, chỉ tiêu, khen thưởng của mọi phường đã gửi tệp.")
    p.add_argument("--year", metavar="NĂM", type=int, help="năm (mặc định: năm mới nhất đã nhận)")
    p.add_argument("--out", metavar="TỆP.xlsx|TỆP.docx", type=Path, required=True)
    p.add_argument("--overwrite", action="store_true", help="ghi đè tệp cùng tên đã có")
    p.set_defaults(func=run_report)


def _refuse_existing(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise UserError(f"Đã có tệp “{path}”; chương trình không ghi đè. Chọn tên khác hoặc thêm --overwrite.")


def run_export(args, ctx) -> int:
    _refuse_existing(args.out, args.overwrite)
    done = ward_year.export(ctx.db, args.year, args.out)
    print(f"Đã ghi {done.path}: dữ liệu năm {done.year} của {done.ward}, {format_money(done.bytes)} byte "
          f"(định dạng trao đổi phiên bản {package.FORMAT_VERSION}).")
    return 0


def run_import(args, ctx) -> int:
    app = ctx.app(write=not args.dry_run)
    plan = city.plan_import(app.db, args.files)
    for item in plan.items:
        print(item.line())
    if args.dry_run:
        print("Chạy thử (--dry-run): các tệp đều hợp lệ; không ghi gì vào cơ sở dữ liệu.")
        return 0
    print(city.apply_import(app.db, plan))
    return 0


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        name = city.require_city(session)
        files = city.received(session, args.year)
    if args.json:
        ctx.print_json({"city": name, "files": [f.as_json() for f in files]})
        return 0
    if not files:
        print(f"{name}: chưa nhận tệp trao đổi nào" + (f" năm {args.year}." if args.year else "."))
        return 0
    print_table(["Năm", "Phường", "Lập lúc", "Chỉ tiêu vượt/đạt/không đạt/chưa đủ", "Phường khen (TT, CN, hộ)",
                 "Tiền thưởng", "Tệp"],
                [[f.year, f.ward, city.when_text(f.created_at),
                  "/".join(str(f.targets[k]) for k in ("exceeded", "met", "not_met", "no_data")),
                  ", ".join(str(f.awarded[k]) for k in ("unit", "person", "household")),
                  format_money(f.awarded["prize"]), f.file_name] for f in files])
    return 0


def run_report(args, ctx) -> int:
    _refuse_existing(args.out, args.overwrite)
    path, year, wards = city.write_report(ctx.db, args.out, args.year)
    print(f"Đã ghi {path}: bảng tổng hợp năm {year} của {wards} phường.")
    return 0

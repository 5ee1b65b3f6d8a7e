"""``thidua units list|import|export|template|register|unregister``: the participating units
(their yearly registration in ``units_registration``)."""
from __future__ import annotations

from ..domain.registry import format_titles, kind_code
from ..domain.text import collation_key, format_number, matches
from ..errors import UserError
from ..services.registry import blocks as block_service
from ..services import plan
from ..services.registry import excel as registry_excel
from ..services.registry import units as unit_service
from . import units_card, units_lineage, units_registration
from .printed import add_pdf_option, write_pdf
from .registry_io import add_file_verbs, print_table, run_import, run_write


def register(subparsers) -> None:
    parser = subparsers.add_parser("units", help="đơn vị tham gia thi đua",
                                   description="Các cơ quan, đơn vị, doanh nghiệp, tổ dân phố, trường học, "
                                               "Mặt trận và đoàn thể tham gia phong trào thi đua.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    listing = verbs.add_parser("list", help="liệt kê đơn vị", description="Liệt kê đơn vị với khối thi đua của năm.")
    listing.add_argument("--search", metavar="TỪ", help="chỉ đơn vị có các từ này (không cần dấu) trong tên, "
                                                       "thủ trưởng, điện thoại, địa chỉ…")
    listing.add_argument("--block", metavar="KHỐI", help="chỉ đơn vị của khối này (tên khối, không cần dấu)")
    listing.add_argument("--kind", metavar="LOẠI", help="chỉ một loại hình (ví dụ: “tổ dân phố”, “trường học”)")
    listing.add_argument("--all", action="store_true", help="cả đơn vị đã ngừng hoạt động")
    listing.add_argument("--json", action="store_true", help="in dạng JSON")
    add_pdf_option(listing)
    listing.set_defaults(func=run_list)
    files = add_file_verbs(verbs, "units", "danh sách đơn vị")
    files["import"].set_defaults(func=run_import_units)
    files["export"].set_defaults(func=run_export)
    files["template"].set_defaults(func=run_template)
    units_registration.register(verbs)
    units_lineage.register(verbs)
    units_card.register(verbs)


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        campaign = plan.current_campaign(session)
        rows = unit_service.list_units(session, campaign.id)
        if args.block:
            block = block_service.find_block(session, campaign.id, args.block)
            rows = [r for r in rows if r.block_id == block.id]
        order = {b.id: i for i, b in enumerate(block_service.list_blocks(session, campaign.id))}
    if args.kind:
        code = kind_code(args.kind)
        if code is None:
            raise UserError(f"Không có loại hình “{args.kind}”.")
        rows = [r for r in rows if r.kind == code]
    if not args.all:
        rows = [r for r in rows if r.active]
    if args.search:
        rows = [r for r in rows if matches(args.search, r.name, r.head_name, r.phone, r.address, r.email,
                                           r.kind_label, r.block_name, r.note)]
    rows.sort(key=lambda r: (r.block_id is None, order.get(r.block_id, 0), collation_key(r.name)))
    if args.pdf:
        return write_pdf(ctx, args.pdf, lambda lists, s: lists.units(s, [r.id for r in rows]))
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print("Không có đơn vị nào" + (" khớp điều kiện." if args.search or args.block or args.kind else
                                        ". Thêm trong chương trình hoặc: thidua units import TỆP.xlsx"))
        return 0
    print_table(["STT", "Tên đơn vị", "Loại hình", "Khối thi đua", "Thủ trưởng", "Điện thoại", "Cá nhân",
                 "Đăng ký thi đua"],
                [[i, r.name + ("" if r.active else " (ngừng hoạt động)"), r.kind_label,
                  r.block_name + (f" ({r.role_label.lower()})" if r.role_label else ""), r.head_name, r.phone,
                  format_number(r.people), format_titles(r.titles, short=True) if r.registered else "chưa"]
                 for i, r in enumerate(rows, start=1)])
    print(f"{len(rows)} đơn vị.")
    return 0


def run_import_units(args, ctx) -> int:
    return run_import(ctx, args.file, args.dry_run, registry_excel.preview_units_import,
                      registry_excel.apply_units_import, args.verbose)


def run_export(args, ctx) -> int:
    return run_write(ctx, args.file, registry_excel.export_units, "Đã xuất danh sách đơn vị")


def run_template(args, ctx) -> int:
    return run_write(ctx, args.file, registry_excel.write_units_template, "Đã tạo tệp mẫu danh sách đơn vị")

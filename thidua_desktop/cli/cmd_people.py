"""``thidua people list|import|export|template|ratings|discipline``: the people who may be nominated
(their yearly ratings and discipline in ``people_standing``)."""
from __future__ import annotations

from ..domain.text import collation_key, matches, person_sort_key
from . import people_standing
from .printed import add_pdf_option, write_pdf
from .registry_io import add_file_verbs, print_table, run_import, run_write


def register(subparsers) -> None:
    parser = subparsers.add_parser("people", help="cá nhân", description="Cá nhân có thể được xét khen thưởng.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    listing = verbs.add_parser("list", help="liệt kê cá nhân", description="Liệt kê cá nhân theo đơn vị.")
    listing.add_argument("--search", metavar="TỪ", help="chỉ người có các từ này (không cần dấu) trong họ tên, "
                                                       "chức vụ, đơn vị…")
    listing.add_argument("--block", metavar="KHỐI", help="chỉ người thuộc các đơn vị của khối này")
    listing.add_argument("--unit", metavar="ĐƠN_VỊ", help="chỉ người của đơn vị này (tên, không cần dấu)")
    listing.add_argument("--leaders", action="store_true", help="chỉ người giữ chức vụ lãnh đạo, quản lý")
    listing.add_argument("--all", action="store_true", help="cả người đã nghỉ, chuyển công tác")
    listing.add_argument("--json", action="store_true", help="in dạng JSON")
    add_pdf_option(listing)
    listing.set_defaults(func=run_list)
    files = add_file_verbs(verbs, "people", "danh sách cá nhân")
    files["import"].set_defaults(func=run_import_people)
    files["export"].set_defaults(func=run_export)
    files["template"].set_defaults(func=run_template)
    people_standing.register(verbs)


def run_list(args, ctx) -> int:
    from ..services import plan
    from ..services.registry import blocks as block_service
    from ..services.registry import people as people_service
    from ..services.registry import units as unit_service

    with ctx.db.read() as session:
        campaign = plan.current_campaign(session)
        rows = people_service.list_people(session, campaign.id)
        if args.block:
            block = block_service.find_block(session, campaign.id, args.block)
            rows = [r for r in rows if r.block_name == block.name]
        if args.unit:
            unit_id = unit_service.find_unit_id(session, campaign.id, args.unit)
            rows = [r for r in rows if r.unit_id == unit_id]
    if not args.all:
        rows = [r for r in rows if r.active]
    if args.leaders:
        rows = [r for r in rows if r.is_leader]
    if args.search:
        rows = [r for r in rows if matches(args.search, r.full_name, r.position, r.unit_name, r.phone, r.address)]
    rows.sort(key=lambda r: (collation_key(r.unit_name), person_sort_key(r.full_name)))
    if args.pdf:
        return write_pdf(ctx, args.pdf, lambda lists, s: lists.people(s, [r.id for r in rows]))
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print("Không có cá nhân nào" + (" khớp điều kiện." if args.search or args.block or args.unit or args.leaders
                                         else ". Thêm trong chương trình hoặc: thidua people import TỆP.xlsx"))
        return 0
    print_table(["STT", "Họ và tên", "Giới tính", "Sinh", "Chức vụ", "Đơn vị", "Lãnh đạo"],
                [[i, r.full_name, r.gender_label, r.birth_text, r.position, r.unit_name, "có" if r.is_leader else ""]
                 for i, r in enumerate(rows, start=1)])
    leaders, total = people_service.leader_share(rows)
    share = f"{leaders * 100 / total:.0f}".replace(".", ",") if total else "0"
    print(f"{len(rows)} người; giữ chức vụ lãnh đạo: {leaders} ({share}%).")
    return 0


# Each verb imports only its own services (an import needs neither the exports nor openpyxl's writer).
def run_import_people(args, ctx) -> int:
    from ..services.registry import excel_import

    return run_import(ctx, args.file, args.dry_run, excel_import.preview_people_import,
                      excel_import.apply_people_import, args.verbose)


def run_export(args, ctx) -> int:
    from ..services.registry import excel_export

    return run_write(ctx, args.file, excel_export.export_people, "Đã xuất danh sách cá nhân")


def run_template(args, ctx) -> int:
    from ..services.registry import excel_export

    return run_write(ctx, args.file, excel_export.write_people_template, "Đã tạo tệp mẫu danh sách cá nhân")

"""``thidua units lineage list|add|remove``: a unit's predecessors (merged, split,
renamed), whose awards and years it keeps; the work is in
``services/registry/lineage.py``, here the parser and the printing."""
from __future__ import annotations

from ..services import plan
from ..services.registry import lineage
from ..services.registry import units as unit_service
from . import writing

KIND_WORDS = {"hop-nhat": "merged", "sap-nhap": "merged", "tach": "split", "chia": "split", "doi-ten": "renamed"}


def register(verbs) -> None:
    parser = verbs.add_parser(
        "lineage", help="đơn vị tiền thân (hợp nhất, chia tách, đổi tên)",
        description="Đơn vị tiền thân: khen thưởng và các năm của đơn vị cũ được tính cho đơn vị kế tục "
                    "(lịch sử khen thưởng, điều kiện nhiều năm liên tục).")
    steps = parser.add_subparsers(dest="step", metavar="VIỆC", title="các việc")
    steps.required = True
    listing = steps.add_parser("list", help="các đơn vị tiền thân đã ghi")
    listing.add_argument("unit", nargs="?", metavar="ĐƠN_VỊ", help="chỉ của đơn vị này (không cần dấu)")
    listing.add_argument("--json", action="store_true", help="in dạng JSON")
    listing.set_defaults(func=run_list)
    adding = steps.add_parser("add", help="ghi một đơn vị tiền thân")
    adding.add_argument("unit", metavar="ĐƠN_VỊ", help="đơn vị kế tục (không cần dấu)")
    adding.add_argument("--from", dest="predecessor", required=True, metavar="TIỀN_THÂN",
                        help="tên đơn vị tiền thân, như trong các quyết định khen thưởng cũ")
    adding.add_argument("--kind", default="renamed", metavar="CÁCH",
                        help="merged (hợp nhất, sáp nhập), split (chia, tách) hoặc renamed (đổi tên; mặc định)")
    adding.add_argument("--date", metavar="NGÀY", help="ngày có hiệu lực (ví dụ 01/07/2025)")
    adding.add_argument("--note", default="", metavar="GHI_CHÚ", help="ví dụ số quyết định sắp xếp")
    writing.add_dry_run(adding)
    adding.set_defaults(func=run_add)
    removing = steps.add_parser("remove", help="bỏ một dòng tiền thân (số như “list” in ra)")
    removing.add_argument("id", type=int, metavar="SỐ")
    writing.add_dry_run(removing)
    removing.set_defaults(func=run_remove)


def _unit_id(session, text: str) -> int:
    return unit_service.find_unit_id(session, plan.current_campaign(session).id, text)


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        found = lineage.rows(session, _unit_id(session, args.unit) if args.unit else None)
    if args.json:
        ctx.print_json([r.as_json() for r in found])
        return 0
    if not found:
        print("Chưa ghi đơn vị tiền thân nào.")
    for row in found:
        print(f"{row.id:>4}  {row.text}" + (f" — {row.note}" if row.note else ""))
    return 0


def run_add(args, ctx) -> int:
    kind = KIND_WORDS.get(args.kind.strip().lower(), args.kind.strip().lower())
    day = writing.day(args.date, "Ngày có hiệu lực") if args.date else None
    row = writing.write(ctx, args.dry_run, f"Ghi đơn vị tiền thân của {args.unit}", lambda s: lineage.add(
        s, _unit_id(s, args.unit), args.predecessor, kind, day, args.note))
    print(("Sẽ ghi: " if args.dry_run else "Đã ghi: ") + row.text + ".")
    return 0


def run_remove(args, ctx) -> int:
    row = writing.write(ctx, args.dry_run, f"Bỏ dòng tiền thân số {args.id}", lambda s: lineage.remove(s, args.id))
    print(("Sẽ bỏ: " if args.dry_run else "Đã bỏ: ") + row.text + ".")
    return 0


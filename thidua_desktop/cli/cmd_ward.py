"""``thidua ward show|set``: the ward's details and document symbols, what the
settings page edits (the plan's number and date: ``thidua plan set``)."""
from __future__ import annotations

from ..domain import ward as rules
from ..errors import UserError
from ..services import ward as ward_service


def register(subparsers) -> None:
    parser = subparsers.add_parser("ward", help="thông tin của phường, ký hiệu văn bản",
                                   description="Thông tin của phường in trên văn bản (tên, người ký, địa chỉ…) "
                                               "và ký hiệu các loại văn bản, như trang Cài đặt.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    show = verbs.add_parser("show", help="in thông tin của phường", description="In thông tin của phường.")
    show.add_argument("--json", action="store_true", help="in dạng JSON")
    show.set_defaults(func=run_show)
    fields = ", ".join(rules.WARD_FIELDS)
    setting = verbs.add_parser("set", help="sửa thông tin của phường",
                               description=f"Sửa một số trường (các trường khác giữ nguyên). Trường: {fields}. "
                                           f"Ký hiệu văn bản: {', '.join(rules.DOC_SYMBOLS)}.")
    setting.add_argument("values", nargs="*", metavar="TRƯỜNG=GIÁ_TRỊ", help="ví dụ signer_name=\"Nguyễn Văn A\"")
    setting.add_argument("--symbol", action="append", default=[], metavar="LOẠI=KÝ_HIỆU",
                         help="ký hiệu một loại văn bản, ví dụ --symbol KH=KH-UBND (ghi nhiều lần được)")
    setting.add_argument("--dry-run", action="store_true", help="chạy thử, kiểm tra đủ nhưng không ghi gì")
    setting.set_defaults(func=run_set)


def run_show(args, ctx) -> int:
    with ctx.db.read() as session:
        form = ward_service.settings_form(session)
    if args.json:
        ctx.print_json({**form.ward, "doc_symbols": form.doc_symbols})
        return 0
    width = max(len(label) for label, _ in rules.WARD_FIELDS.values())
    for field, (label, _) in rules.WARD_FIELDS.items():
        print(f"{label:<{width}}  {form.ward[field] or '(trống)'}")
    print("Ký hiệu văn bản: " + "; ".join(f"{rules.DOC_SYMBOLS[k]}: {form.doc_symbols.get(k) or '(trống)'}"
                                         for k in rules.DOC_SYMBOLS))
    return 0


def _pairs(items: list[str], what: str) -> dict[str, str]:
    pairs = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"“{item}” không đúng dạng {what} (ví dụ signer_name=Nguyễn Văn A).")
        pairs[key.strip()] = value
    return pairs


def run_set(args, ctx) -> int:
    values, symbols = _pairs(args.values, "TRƯỜNG=GIÁ_TRỊ"), _pairs(args.symbol, "LOẠI=KÝ_HIỆU")
    if not values and not symbols:
        raise UserError("Chưa ghi trường nào cần sửa (ví dụ: thidua ward set phone=\"0225 3123 456\").")
    db = ctx.app(write=not args.dry_run).db
    reason = "Sửa thông tin phường"
    if args.dry_run:
        with db.rehearsal(), db.transaction(reason=reason) as session:
            ward_service.change_ward(session, values, symbols)
        print(f"Kiểm tra xong {len(values) + len(symbols)} trường; chưa ghi gì (--dry-run).")
        return 0
    with db.transaction(reason=reason) as session:
        ward_service.change_ward(session, values, symbols)
    print(f"Đã sửa {len(values) + len(symbols)} trường: " + ", ".join(
        [rules.WARD_FIELDS[f][0] for f in values] + [f"ký hiệu {rules.DOC_SYMBOLS[k]}" for k in symbols]) + ".")
    return 0

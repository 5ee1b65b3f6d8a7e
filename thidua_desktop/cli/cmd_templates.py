"""``thidua templates``: the Word templates of the documents — export the
built-in one, use an edited one, go back to the built-in one, list the fields."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import UserError, os_error_text
from ..services import documents
from ..storage import atomic
from .cmd_report import KINDS


def register(subparsers) -> None:
    parser = subparsers.add_parser("templates", help="mẫu Word của các văn bản",
                                   description="Xuất mẫu Word mặc định, dùng mẫu đã sửa, bỏ mẫu đã sửa.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    listing = verbs.add_parser("list", help="các văn bản và mẫu đang dùng")
    listing.set_defaults(func=run_list)
    export = verbs.add_parser("export", help="xuất mẫu mặc định ra tệp .docx để sửa trong Word")
    export.add_argument("kind", choices=list(KINDS), metavar="LOẠI")
    export.add_argument("--out", required=True, metavar="TỆP")
    export.set_defaults(func=run_export)
    use = verbs.add_parser("use", help="dùng mẫu đã sửa (kiểm tra các trường trước khi nhận)")
    use.add_argument("kind", choices=list(KINDS), metavar="LOẠI")
    use.add_argument("file", metavar="TỆP")
    use.set_defaults(func=run_use)
    reset = verbs.add_parser("reset", help="bỏ mẫu đã sửa, dùng lại mẫu mặc định")
    reset.add_argument("kind", choices=list(KINDS), metavar="LOẠI")
    reset.set_defaults(func=run_reset)
    fields = verbs.add_parser("fields", help="các trường {{…}} của một văn bản")
    fields.add_argument("kind", choices=list(KINDS), metavar="LOẠI")
    fields.set_defaults(func=run_fields)


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        for key, spec in documents.KINDS.items():
            row = documents.stored_template(session, key)
            print(f"{key:<13} {spec.label}: {'mẫu riêng “' + row.file_name + '”' if row else 'mẫu mặc định'}")
    return 0


def run_export(args, ctx) -> int:
    with ctx.db.read() as session:
        data = documents.default_template(session, args.kind)
    out = atomic.write_bytes(Path(args.out), data)
    print(f"Đã ghi mẫu mặc định vào {out}")
    return 0


def run_use(args, ctx) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Không đọc được “{path}”: {os_error_text(exc)}") from None
    with ctx.app(write=True).db.transaction(reason=f"Dùng mẫu văn bản “{path.name}”") as session:
        warnings = documents.use_template(session, args.kind, data, path.name)
    for warning in warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)
    print(f"Đã dùng mẫu “{path.name}” cho {documents.KINDS[args.kind].label}.")
    return 0


def run_reset(args, ctx) -> int:
    with ctx.app(write=True).db.transaction(reason="Dùng lại mẫu văn bản mặc định") as session:
        dropped = documents.drop_template(session, args.kind)
    print("Đã dùng lại mẫu mặc định." if dropped else "Văn bản này đang dùng mẫu mặc định.")
    return 0


def run_fields(args, ctx) -> int:
    for f in documents.KINDS[args.kind].fields.values():
        kind = "đoạn riêng" if f.block else "trong dòng"
        need = "bắt buộc" if f.required else "tùy chọn"
        print(f"{f.token:<28} {f.label} ({kind}, {need})")
    return 0

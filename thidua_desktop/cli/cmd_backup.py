"""``thidua backup`` and ``thidua restore``: copies of the database and putting one back."""
from __future__ import annotations

import sys
from pathlib import Path

from ..services.safety import backup_files, backup_info, plain_backup
from .context import CliFailure, cli_actor


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "backup", help="sao lưu dữ liệu",
        description="Sao lưu cơ sở dữ liệu (an toàn cả khi chương trình đang mở). Không có --out: "
                    "vào thư mục backups cạnh tệp dữ liệu.")
    parser.add_argument("--out", metavar="TỆP_HOẶC_THƯ_MỤC", type=Path,
                        help="nơi ghi bản sao (ví dụ ổ USB); là thư mục thì tên tệp được đặt tự động")
    parser.add_argument("--overwrite", action="store_true",
                        help="ghi đè khi TỆP đã có và là một bản sao lưu của chính dữ liệu này "
                             "(không có: giữ cả hai, bản mới mang tên khác); tệp khác không bao giờ bị ghi đè")
    parser.add_argument("--list", action="store_true", help="chỉ liệt kê các bản sao lưu đang có")
    parser.add_argument("--json", action="store_true", help="in dạng JSON")
    parser.set_defaults(func=run_backup)

    parser = subparsers.add_parser(
        "restore", help="phục hồi dữ liệu từ bản sao lưu",
        description="Cho xem bản sao lưu chứa gì, sao lưu dữ liệu hiện tại, rồi thay bằng dữ liệu "
                    "của bản sao lưu. Chương trình (cửa sổ) phải đóng trong lúc phục hồi.")
    parser.add_argument("file", metavar="TỆP", type=Path, help="tệp sao lưu (.db)")
    parser.add_argument("--yes", action="store_true", help="không hỏi lại (dùng trong tập lệnh)")
    parser.add_argument("--show", action="store_true", help="chỉ cho xem bản sao lưu chứa gì, không phục hồi")
    parser.add_argument("--json", action="store_true", help="in dạng JSON")
    parser.set_defaults(func=run_restore)


def run_backup(args, ctx) -> int:
    # A SQLite file the app can open as it is: plain sqlite3, without SQLAlchemy (plain_backup's text).
    plain = plain_backup.source_for(ctx.target, cli_actor())
    if args.list:
        return _list(plain or _source_of(ctx), args, ctx)
    if plain is not None:
        path = backup_files.make_copy(plain, backup_files.MANUAL, _REASON, args.out, None, args.overwrite)
    else:
        from ..services.safety import backup

        path = backup.create_backup(ctx.app(write=False).db, kind=backup.MANUAL, reason=_REASON,
                                    destination=args.out, overwrite=args.overwrite)
    info = backup_info.inspect_backup(path, just_made=True)
    asked = args.out if args.out is None or args.out.suffix.lower() == ".db" else \
        args.out.with_name(args.out.name + ".db")
    kept_both = asked is not None and not asked.is_dir() and asked.expanduser().resolve() != path.resolve()
    if args.json:
        ctx.print_json({**info.as_json(), "kept_existing": str(asked) if kept_both else None})
    else:
        if kept_both:
            print(f"Tệp “{asked}” đã có (một bản sao lưu trước của dữ liệu này) nên được giữ nguyên; "
                  "bản mới được ghi thành tệp bên cạnh. Thêm --overwrite để ghi đè lên nó.")
        print(f"Đã sao lưu vào: {path}")
        print("\n".join("  " + line for line in info.lines()[1:]))
    return 0


_REASON = "Sao lưu bằng dòng lệnh"


def _source_of(ctx):
    from ..services.safety import backup

    return backup.source_of(ctx.app(write=False).db)


def _list(source, args, ctx) -> int:
    rows = backup_files.list_copies(source.path)
    keep_last = source.keep_last()
    if args.json:
        ctx.print_json([{"path": str(b.path), "made_at": b.made_at.isoformat(), "kind": b.kind,
                         "kind_label": b.kind_label, "size": b.size, "kept": b.retention(keep_last)}
                        for b in rows])
        return 0
    if not rows:
        print(f"Chưa có bản sao lưu nào trong {backup_files.folder_of(source.path)}.")
    for b in rows:
        print(f"{b.made_at:%d/%m/%Y %H:%M:%S}  {b.kind_label:<32} {b.path}  [{b.retention(keep_last)}]")
    print(backup_files.retention_summary(keep_last))
    return 0


def run_restore(args, ctx) -> int:
    from ..services.safety import restore

    if args.show:
        info = restore.inspect_backup(args.file)
        if args.json:
            ctx.print_json(info.as_json())
        else:
            print("\n".join(info.lines()))
        return 0
    db = ctx.app(write=True).db
    info = restore.inspect_for_restore(db, args.file)
    if not args.json:
        print("Bản sao lưu này chứa:")
        print("\n".join("  " + line for line in info.lines()))
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliFailure("cần thêm --yes để phục hồi khi không chạy trực tiếp trong cửa sổ lệnh.", 2)
        answer = input(f"Thay toàn bộ dữ liệu trong “{db.display_name}” bằng bản sao lưu này? "
                       "Dữ liệu hiện tại sẽ được sao lưu trước. [c/K] ")
        if answer.strip().lower() not in ("c", "có", "co", "y", "yes"):
            print("Đã hủy; dữ liệu không thay đổi.")
            return 1
    report = restore.restore(db, args.file)
    if args.json:
        ctx.print_json({"restored": report.restored.as_json(), "safety_copy": str(report.safety_copy)})
    else:
        print(report.message())
    return 0

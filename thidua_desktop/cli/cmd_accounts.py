"""``thidua accounts``: who may sign in, with which role.

Whoever can run this command on the office PC can also open the database file,
so it needs no sign-in: it is also how a forgotten administrator password is
reset. Every change is recorded in the audit trail.
"""
from __future__ import annotations

import getpass
import sys

from ..domain.roles import Role
from ..domain.text import format_date
from ..errors import UserError
from ..services.safety import accounts
from .context import CliFailure

ROLE_HELP = "; ".join(f"{r.value} = {r.label} ({r.description})" for r in Role)


def register(subparsers) -> None:
    parser = subparsers.add_parser("accounts", help="tài khoản đăng nhập và vai trò",
                                   description="Quản lý tài khoản đăng nhập. Vai trò: " + ROLE_HELP)
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True

    p = verbs.add_parser("list", help="liệt kê tài khoản")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_list)

    p = verbs.add_parser("add", help="thêm tài khoản", description="Thêm tài khoản. Vai trò: " + ROLE_HELP)
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.add_argument("--role", required=True, metavar="VAI_TRÒ", help="admin, officer, council hoặc reader")
    p.add_argument("--name", default="", metavar="HỌ_TÊN", help="họ và tên người dùng")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của đầu vào chuẩn")
    p.set_defaults(func=run_add)

    p = verbs.add_parser("passwd", help="đặt lại mật khẩu (mở khóa luôn)")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của đầu vào chuẩn")
    p.set_defaults(func=run_passwd)

    p = verbs.add_parser("recovery-code", help="tạo mã khôi phục mật khẩu quản trị mới (mã cũ hết hiệu lực)",
                         description="In ra mã mới một lần: quản trị quên mật khẩu nhập mã này ở cửa sổ "
                                     "đăng nhập (Quên mật khẩu…). Chỉ mã băm được lưu.")
    p.set_defaults(func=run_recovery_code)

    p = verbs.add_parser("role", help="đổi vai trò")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.add_argument("role", metavar="VAI_TRÒ", help="admin, officer, council hoặc reader")
    p.set_defaults(func=run_role)

    for verb, active, text in (("disable", False, "ngừng cho tài khoản đăng nhập"),
                               ("enable", True, "cho tài khoản đăng nhập lại")):
        p = verbs.add_parser(verb, help=text)
        p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
        p.set_defaults(func=run_active, active=active)

    p = verbs.add_parser("unlock", help="mở khóa tài khoản bị tạm khóa vì nhập sai mật khẩu")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.set_defaults(func=run_unlock)

    p = verbs.add_parser("autologin", help="tự động đăng nhập (máy một người dùng)",
                         description="Mở chương trình không hỏi mật khẩu, bằng tài khoản đã chọn.")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", nargs="?")
    group.add_argument("--off", action="store_true", help="tắt tự động đăng nhập (luôn hỏi mật khẩu)")
    p.set_defaults(func=run_autologin)


def read_password(from_stdin: bool, username: str) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliFailure("không nhập được mật khẩu: hãy chạy trong cửa sổ lệnh hoặc dùng --password-stdin.", 2)
    first = getpass.getpass(f"Mật khẩu mới cho “{username}”: ")
    problem = accounts.check_password_rules(first, username)
    if problem:
        raise UserError(problem)
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise UserError("Hai lần nhập mật khẩu không giống nhau; chưa đổi gì.")
    return first


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        rows = accounts.list_accounts(session)
        auto = accounts.settings.get(session, accounts.AUTO_SIGN_IN)
    if args.json:
        ctx.print_json({"auto_sign_in": auto or None, "accounts": [r.as_json() for r in rows]})
        return 0
    if not rows:
        print("Chưa có tài khoản nào; lần mở chương trình đầu tiên sẽ tạo tài khoản quản trị.")
        return 0
    for r in rows:
        state = "đang dùng" if r.active else "ngừng dùng"
        if r.locked():
            state += f", tạm khóa đến {r.locked_until:%H:%M:%S}"
        last = f"{r.last_login_at:%H:%M} {format_date(r.last_login_at.date())}" if r.last_login_at else "chưa"
        print(f"{r.username:<16} {r.role_label:<20} {r.full_name:<28} {state:<12} đăng nhập lần cuối: {last}")
    print(f"Tự động đăng nhập: {auto if auto else 'tắt'}")
    return 0


def _write(ctx, reason: str):
    return ctx.app(write=True).db.transaction(reason=reason)


def run_add(args, ctx) -> int:
    ctx.app(write=True)
    name = accounts.normalise_username(args.username)
    problem = accounts.check_username(args.username)
    if problem:
        raise UserError(problem)
    password = read_password(args.password_stdin, name)
    with _write(ctx, f"Thêm tài khoản {name}") as session:
        account = accounts.create_account(session, args.username, password, args.role, args.name)
        role = Role(account.role)
    print(f"Đã thêm tài khoản “{name}” ({role.label}).")
    return 0


def run_passwd(args, ctx) -> int:
    ctx.app(write=True)
    with ctx.db.read() as session:
        name = accounts.find(session, args.username).username
    password = read_password(args.password_stdin, name)
    with _write(ctx, f"Đặt lại mật khẩu của {name}") as session:
        accounts.set_password(session, name, password)
    print(f"Đã đặt mật khẩu mới cho “{name}”.")
    return 0


def run_recovery_code(args, ctx) -> int:
    db = ctx.app(write=True).db
    code = accounts.new_recovery_code(db, db.actor)
    print(f"Mã khôi phục mới (chỉ hiện lần này; mã cũ hết hiệu lực): {code}")
    return 0


def run_role(args, ctx) -> int:
    with _write(ctx, f"Đổi vai trò của {args.username}") as session:
        account = accounts.update_account(session, args.username, role=args.role)
        name, role = account.username, Role(account.role)
    print(f"“{name}” giờ có vai trò {role.label}.")
    return 0


def run_active(args, ctx) -> int:
    verb = "Cho dùng lại" if args.active else "Ngừng dùng"
    with _write(ctx, f"{verb} tài khoản {args.username}") as session:
        name = accounts.update_account(session, args.username, active=args.active).username
    print(f"Đã {verb.lower()} tài khoản “{name}”.")
    return 0


def run_unlock(args, ctx) -> int:
    with _write(ctx, f"Mở khóa tài khoản {args.username}") as session:
        name = accounts.unlock(session, args.username).username
    print(f"Đã mở khóa tài khoản “{name}”.")
    return 0


def run_autologin(args, ctx) -> int:
    with _write(ctx, "Đổi cách đăng nhập") as session:
        accounts.set_auto_sign_in(session, None if args.off else args.username)
    print("Đã tắt tự động đăng nhập." if args.off else
          f"Chương trình sẽ tự động đăng nhập bằng “{accounts.normalise_username(args.username)}”.")
    return 0

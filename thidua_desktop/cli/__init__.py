"""``thidua``: the command line, thin over the same services as the GUI.

Like calibre's ``calibredb``: one module per verb group (``cmd_*.py``), each
with ``register(subparsers)``. Exit codes: 0 success, 2 usage error, 1 any
other failure, with a one-line Vietnamese message on stderr.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import Sequence

from .. import __version__
from ..errors import UserError
from .. import vi_argparse
from ..vi_argparse import utf8_console

# Every verb with its module and its help line, in the order ``thidua --help``
# lists them. Only the module of the verb being run is imported (the others
# cost ~0,7 s of SQLAlchemy, openpyxl and services); each help line is the one
# its module registers (tests/test_cli_startup.py checks they agree).
COMMANDS: dict[str, tuple[str, str]] = {
    "info": ("cmd_info", "thông tin cơ sở dữ liệu và kế hoạch"),
    "steps": ("cmd_steps", "các bước trong năm: phường đang ở đâu"),
    "targets": ("cmd_targets", "chỉ tiêu của kế hoạch"),
    "results": ("cmd_results", "kết quả thực hiện chỉ tiêu"),
    "init": ("cmd_init", "tạo cơ sở dữ liệu (có thể kèm dữ liệu mẫu)"),
    "units": ("cmd_units", "đơn vị tham gia thi đua"),
    "blocks": ("cmd_blocks", "khối thi đua"),
    "people": ("cmd_people", "cá nhân"),
    "plan": ("cmd_plan", "kế hoạch thi đua của năm"),
    "year": ("cmd_year", "kết thúc năm, mở năm mới"),
    "ward": ("cmd_ward", "thông tin của phường, ký hiệu văn bản"),
    "backup": ("cmd_backup", "sao lưu dữ liệu"),
    "restore": ("cmd_backup", "phục hồi dữ liệu từ bản sao lưu"),
    "check": ("cmd_check", "kiểm tra dữ liệu"),
    "audit": ("cmd_audit", "nhật ký thay đổi"),
    "accounts": ("cmd_accounts", "tài khoản đăng nhập và vai trò"),
    "rank": ("cmd_rank", "chấm điểm, xếp hạng các đơn vị"),
    "awards": ("cmd_awards", "danh mục khen thưởng: danh hiệu, số lượng, quy định, lương cơ sở"),
    "scorecards": ("cmd_scorecards", "bảng chấm điểm của khối, điểm thưởng, điểm trừ"),
    "whatif": ("cmd_whatif", "thử thay đổi quy tắc chấm điểm, khen thưởng (xem trước, không ghi)"),
    "nominations": ("cmd_nominations", "đề nghị khen thưởng"),
    "council": ("cmd_council", "Hội đồng Thi đua - Khen thưởng: phiếu bầu, kết quả"),
    "decisions": ("cmd_decisions", "quyết định khen thưởng: ghi nhận, mở khóa"),
    "report": ("cmd_report", "tạo văn bản, danh sách, giấy khen ra tệp"),
    "templates": ("cmd_templates", "mẫu Word của các văn bản"),
    "history": ("cmd_history", "lịch sử khen thưởng qua các năm"),
    "exchange": ("cmd_exchange", "trao đổi dữ liệu năm giữa phường và thành phố"),
    "disclosure": ("cmd_disclosure", "công khai kết quả họp Hội đồng: ngày niêm yết, hạn nhận ý kiến"),
    "achievements": ("cmd_achievements", "phần viết tay của báo cáo thành tích"),
    "narrative": ("cmd_narrative", "phần viết tay của báo cáo năm, báo cáo sơ kết"),
    "guide": ("cmd_guide", "hướng dẫn sử dụng: lưu thành tệp PDF để in"),
}
COMMAND_MODULES = list(dict.fromkeys(module for module, _ in COMMANDS.values()))


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser, with the full sub-parser only for the verb in ``argv``
    (every verb's when ``argv`` is None); the other verbs get their help line."""
    vi_argparse.install()
    parser = vi_argparse.Parser(
        prog="thidua",
        description="Quản lý phong trào thi đua – khen thưởng của phường từ dòng lệnh.",
    )
    parser.add_argument("--db", metavar="TỆP_HOẶC_URL",
                        help="cơ sở dữ liệu: đường dẫn tệp SQLite hoặc URL SQLAlchemy "
                             "(mặc định: biến THIDUA_DB, nếu không có thì tệp trong thư mục dữ liệu người dùng)")
    parser.add_argument("--version", action="version", version=f"thidua {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
    subparsers.required = True
    chosen = set(COMMAND_MODULES) if argv is None else {COMMANDS[v][0] for v in [_verb(argv)] if v in COMMANDS}
    import importlib

    for verb, (module, help_line) in COMMANDS.items():
        if module not in chosen:
            subparsers.add_parser(verb, help=help_line)
        elif verb not in subparsers.choices:  # a module registers all its verbs at once
            importlib.import_module(f"{__name__}.{module}").register(subparsers)
    return parser


def _verb(argv: Sequence[str]) -> str | None:
    """The first word that is not an option nor the value of ``--db``."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word.startswith("-"):
            if "=" not in word and len(word) > 2 and "--db".startswith(word):  # argparse accepts --d
                next(words, None)
            continue
        return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    utf8_console()
    program = argv is None  # the program itself (not a caller going on, such as the tests)
    if program:  # loading the command's modules makes no garbage: the collector would only walk them again
        gc.disable()
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exc.code or 0)
    finally:
        if program:  # what is loaded lives as long as the program: set apart from later collections
            gc.freeze()
            gc.enable()
    from .context import CliContext, CliFailure  # SQLAlchemy and the services: only to run a command

    ctx = CliContext(args.db)
    try:
        return int(args.func(args, ctx) or 0)
    except CliFailure as exc:
        print(f"thidua: {exc}", file=sys.stderr)
        return exc.code
    except UserError as exc:
        print(f"thidua: {_one_line(exc.message)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("thidua: đã dừng theo yêu cầu.", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into ``head`` or ``more`` that stopped reading: not an error
        _silence_stdout()
        return 0
    except Exception:  # a bug: keep the traceback in the log, not on the clerk's screen
        from ..logs import log_exception

        where = log_exception("thidua", " ".join(sys.argv))
        print(f"thidua: đã có lỗi không mong muốn; chi tiết đã ghi vào {where}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
        if program:  # it ends now: a last walk of the collector over all it loaded would be for nothing
            gc.freeze()  # (0,1 s of a large ward's ranking)


def _silence_stdout() -> None:
    """After a broken pipe, Python would complain again when it flushes
    stdout at exit; point it at the null device instead."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - no real file descriptor
        pass


def _one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


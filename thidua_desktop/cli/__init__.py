"""``thidua``: the command line, thin over the same services as the GUI.

Like calibre's ``calibredb``: one module per verb group (``cmd_*.py``), each
with ``register(subparsers)``. Exit codes: 0 success, 2 usage error, 1 any
other failure, with a one-line Vietnamese message on stderr.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Sequence

from .. import __version__
from ..errors import UserError
from . import vi_argparse
from .context import CliContext, CliFailure

COMMAND_MODULES = [
    "cmd_info",
    "cmd_targets",
    "cmd_results",
    "cmd_init",
    "cmd_units",
    "cmd_blocks",
    "cmd_people",
    "cmd_plan",
    "cmd_backup",
    "cmd_check",
    "cmd_audit",
    "cmd_accounts",
    "cmd_rank",
    "cmd_nominations",
    "cmd_council",
    "cmd_report",
    "cmd_templates",
]

log = logging.getLogger("thidua.cli")


def build_parser() -> argparse.ArgumentParser:
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
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    utf8_console()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exc.code or 0)
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


def utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # pragma: no cover - detached stream
                pass

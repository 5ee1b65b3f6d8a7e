"""``thidua achievements``: the parts of a nominee's báo cáo thành tích that
are written by hand (kept on the nomination); the report itself is
``thidua report achievements``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.achievement_parts import PARTS
from . import vi_argparse
from .context import CliFailure


def register(subparsers) -> None:
    parts = "\n".join(f"  {k:<11} {v}" for k, v in PARTS.items())
    parser = subparsers.add_parser("achievements", help="phần viết tay của báo cáo thành tích",
                                   description="Ghi, xem các phần viết tay của báo cáo thành tích một đề nghị.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    p = verbs.add_parser("text", help="ghi một phần (từ --text hoặc tệp văn bản UTF-8)",
                         description="Các phần:\n" + parts + "\nĐể trống (--text \"\") để xóa phần đó.",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--nomination", required=True, type=vi_argparse.RECORD_ID, metavar="MÃ", help="mã đề nghị")
    p.add_argument("--part", required=True, choices=list(PARTS), metavar="PHẦN", help=", ".join(PARTS))
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", metavar="NỘI_DUNG", help="nội dung (mỗi dòng một đoạn)")
    source.add_argument("--file", type=Path, metavar="TỆP.txt", help="đọc nội dung từ tệp văn bản UTF-8")
    p.set_defaults(func=run_text)
    p = verbs.add_parser("show", help="các phần đã viết của một đề nghị")
    p.add_argument("--nomination", required=True, type=vi_argparse.RECORD_ID, metavar="MÃ", help="mã đề nghị")
    p.set_defaults(func=run_show)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CliFailure(f"Tệp “{path}” không phải văn bản UTF-8; hãy lưu lại với mã UTF-8.", code=2) from None
    except FileNotFoundError:
        raise CliFailure(f"Không tìm thấy tệp “{path}”.", code=2) from None
    except OSError:
        raise CliFailure(f"Không đọc được tệp “{path}” (tệp đang mở ở chương trình khác hoặc không có quyền đọc).",
                         code=2) from None


def run_text(args, ctx) -> int:
    from ..services.awards import achievements

    text = args.text if args.file is None else _read(args.file)
    with ctx.app(write=True).db.transaction(reason="Ghi báo cáo thành tích") as session:
        kept = achievements.save_text(session, args.nomination, args.part, text)
    state = "đã ghi" if args.part in kept else "đã xóa"
    print(f"Đề nghị {args.nomination}: phần “{PARTS[args.part]}” {state}.")
    return 0


def run_show(args, ctx) -> int:
    from ..services.awards import achievements

    with ctx.app().db.read() as session:
        kept = achievements.texts(session, args.nomination)
    if not kept:
        print(f"Đề nghị {args.nomination}: chưa viết phần nào.", file=sys.stderr)
    for part, text in kept.items():
        print(f"[{PARTS.get(part, part)}]\n{text}\n")
    return 0

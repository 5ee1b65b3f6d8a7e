"""``thidua narrative``: the parts of the year-end report (or, with ``--period``,
of an interim period's báo cáo sơ kết) that the clerk writes; the report itself
is ``thidua report year-end [--period CODE]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.documents import INTERIM_NARRATIVE, NARRATIVE
from . import vi_argparse
from .cmd_achievements import _read

PART_KEYS = [s.key for s in NARRATIVE]  # the sơ kết's parts have the same keys


def _common(p) -> None:
    p.add_argument("--year", type=vi_argparse.YEAR, help="năm của kế hoạch (mặc định: năm mới nhất)")
    p.add_argument("--period", default="", metavar="MÃ_KỲ",
                   help="phần của báo cáo sơ kết kỳ này (ví dụ 6t); bỏ trống: báo cáo năm")


def register(subparsers) -> None:
    parts = "\n".join(f"  {y.key:<13} {y.label} / sơ kết: {i.label}" for y, i in zip(NARRATIVE, INTERIM_NARRATIVE))
    parser = subparsers.add_parser("narrative", help="phần viết tay của báo cáo năm, báo cáo sơ kết",
                                   description="Ghi, xem các phần viết tay của báo cáo năm hoặc báo cáo sơ kết.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    p = verbs.add_parser("text", help="ghi một phần (từ --text hoặc tệp văn bản UTF-8)",
                         description="Các phần:\n" + parts + "\nĐể trống (--text \"\") để xóa phần đó.",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--part", required=True, choices=PART_KEYS, metavar="PHẦN", help=", ".join(PART_KEYS))
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", metavar="NỘI_DUNG", help="nội dung (mỗi dòng một đoạn)")
    source.add_argument("--file", type=Path, metavar="TỆP.txt", help="đọc nội dung từ tệp văn bản UTF-8")
    _common(p)
    p.set_defaults(func=run_text)
    p = verbs.add_parser("show", help="các phần đã viết")
    _common(p)
    p.set_defaults(func=run_show)


def _labels(period: str) -> dict[str, str]:
    return {s.key: s.label for s in (INTERIM_NARRATIVE if period else NARRATIVE)}


def run_text(args, ctx) -> int:
    from ..services.documents import yearend

    text = args.text if args.file is None else _read(args.file)
    with ctx.app(write=True).db.transaction(reason="Ghi nội dung báo cáo") as session:
        kept = yearend.write_narrative(session, {args.part: text}, args.year, args.period.strip())
    state = "đã ghi" if kept[args.part] else "đã xóa"
    print(f"Phần “{_labels(args.period.strip())[args.part]}” {state}.")
    return 0


def run_show(args, ctx) -> int:
    from ..services.documents import yearend

    with ctx.app().db.read() as session:
        kept = yearend.narrative_of_year(session, args.year, args.period.strip())
    labels = _labels(args.period.strip())
    if not any(kept.values()):
        print("Chưa viết phần nào.", file=sys.stderr)
    for part, text in kept.items():
        if text:
            print(f"[{labels[part]}]\n{text}\n")
    return 0

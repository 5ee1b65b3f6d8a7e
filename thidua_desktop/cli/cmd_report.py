"""``thidua report KIND --out FILE``: documents and lists written to a file.

What writes a file is chosen by the kind and the file's extension through
``REPORTS`` ((kind, ".docx") → "module:function"), so each area adds its own
entries without touching the others': the DOCX documents (and their PDF, made
with LibreOffice or Word) belong to the documents area, the nomination list as
PDF or Excel to the awards area. A function is called as ``fn(args, ctx, out)``
and returns the exit code.
"""
from __future__ import annotations

import argparse
import gc
import importlib
from pathlib import Path

from .. import vi_argparse
from ..domain.awards import LEVELS, LIST_STAGES
from ..domain.documents import DOCUMENT_KINDS as KINDS
from .context import CliFailure

_DOCS = "thidua_desktop.cli.report_documents"
REPORTS: dict[tuple[str, str], str] = {
    # documents area (issue 6): every document as DOCX, and as PDF through the office suite
    **{(kind, ".docx"): f"{_DOCS}:write_docx" for kind in KINDS},
    **{(kind, ".pdf"): f"{_DOCS}:write_pdf" for kind in KINDS if kind != "nominations"},
    # awards area (issue 5): the nomination / awardee lists as PDF (no office suite needed) and xlsx
    ("nominations", ".pdf"): "thidua_desktop.cli.report_lists:write_list",
    ("nominations", ".xlsx"): "thidua_desktop.cli.report_lists:write_list",
    ("payments", ".xlsx"): "thidua_desktop.cli.report_papers:write_payments_xlsx",
}
PDFA = "thidua_desktop.cli.report_papers:write_pdfa"  # --pdfa: every kind, through its DOCX (issue 17)


def register(subparsers) -> None:
    kinds = "\n".join(f"  {k:<13} {v.summary}" for k, v in KINDS.items())
    parser = subparsers.add_parser(
        "report", help="tạo văn bản, danh sách, giấy khen ra tệp",
        description="Tạo văn bản đúng thể thức Nghị định 30/2020 từ dữ liệu.\n\nCác loại:\n" + kinds,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=list(KINDS), metavar="LOẠI", help="loại văn bản: " + ", ".join(KINDS))
    parser.add_argument("--out", required=True, metavar="TỆP", help="tệp kết quả (.docx, .pdf, …)")
    parser.add_argument("--year", type=vi_argparse.YEAR, help="năm của kế hoạch (mặc định: năm mới nhất)")
    parser.add_argument("--number", default="", metavar="SỐ",
                        help="số văn bản (ví dụ 5 hoặc 05/BC-UBND); bỏ trống để văn thư ghi tay")
    parser.add_argument("--date", default="", metavar="NGÀY", help="ngày văn bản (dd/mm/yyyy); bỏ trống để ghi tay")
    parser.add_argument("--deputy", action="store_true", help="Phó Chủ tịch ký thay (KT. CHỦ TỊCH)")
    parser.add_argument("--decision", type=vi_argparse.RECORD_ID, metavar="MÃ", help="mã quyết định khen thưởng đã ghi nhận")
    parser.add_argument("--draft", action="store_true", help="quyết định: dự thảo từ kết quả họp Hội đồng")
    parser.add_argument("--session", type=vi_argparse.RECORD_ID, metavar="MÃ", help="mã phiên họp Hội đồng (mặc định: phiên gần nhất)")
    parser.add_argument("--title", default="", metavar="MÃ_DANH_HIỆU", help="chỉ một hình thức, danh hiệu (GK, LDTT…)")
    parser.add_argument("--awardees", action="store_true", help="danh sách: những người đã được khen thưởng")
    parser.add_argument("--stage", choices=list(LIST_STAGES), default="",
                        help="danh sách đề nghị: all = mọi đề nghị, kể cả không đủ điều kiện, không đạt phiếu (mặc định), eligible = đủ điều kiện, "
                             "passed = đã được Hội đồng thông qua")
    parser.add_argument("--level", choices=list(LEVELS), default="",
                        help="tờ trình: ward = trình Chủ tịch UBND phường, city = đề nghị thành phố")
    parser.add_argument("--test-page", action="store_true", help="giấy khen: in trang thử căn vị trí")
    parser.add_argument("--nomination", type=vi_argparse.RECORD_ID, metavar="MÃ",
                        help="báo cáo thành tích: chỉ một đề nghị (mặc định: mọi đề nghị, hoặc của --title)")
    parser.add_argument("--period", default="", metavar="MÃ_KỲ",
                        help="báo cáo năm: mã kỳ sơ kết (ví dụ 6t, xem: thidua results periods list) để lập "
                             "báo cáo sơ kết của kỳ đó")
    parser.add_argument("--pdfa", action="store_true",
                        help="lưu PDF/A-2b (nhúng phông, siêu dữ liệu) để gửi hệ thống văn bản điện tử; cần LibreOffice "
                             "(danh sách: không có LibreOffice thì lưu PDF/A-1b do chương trình tự vẽ)")
    parser.set_defaults(func=run)


def run(args, ctx) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    target = REPORTS.get((args.kind, suffix))
    if getattr(args, "pdfa", False):
        if suffix != ".pdf":
            raise CliFailure("--pdfa chỉ dùng với tệp .pdf.", code=2)
        target = PDFA
    if target is None:
        known = sorted(s for k, s in REPORTS if k == args.kind)
        raise CliFailure(f"“{args.kind}” không xuất ra được tệp “{suffix or out.name}”; "
                         f"chọn: {', '.join(known)}.", code=2)
    module, _, name = target.partition(":")
    writer = getattr(importlib.import_module(module), name)
    # What is loaded by now (modules, the ORM's mappings) lives as long as the command: set it apart
    # from the collector, which otherwise walks it again for each thousand rows' objects (a third of
    # a long list's time); handed back after, for a caller that goes on (the tests).
    gc.freeze()
    try:
        return int(writer(args, ctx, out) or 0)
    finally:
        gc.unfreeze()

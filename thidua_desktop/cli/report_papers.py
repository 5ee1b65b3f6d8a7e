"""What issue 17 adds to ``thidua report``: the payment list as xlsx, and
every paper as PDF/A-2b (``--pdfa``) for the city's e-office system.

Registered in ``cmd_report``; the papers' DOCX and plain PDF go through
``report_documents`` like every document."""
from __future__ import annotations

import sys
from pathlib import Path

from ..domain.text import format_money
from ..services.documents import payments
from ..services.documents.common import write_file
from .report_documents import _finish, _make, options


def write_payments_xlsx(args, ctx, out: Path) -> int:
    with ctx.db.read() as session:
        plist = payments.payment_list(session, options(args))
    write_file(out.resolve(), payments.xlsx_bytes(plist))
    for warning in payments.warnings_of(plist):
        print(f"Lưu ý: {warning}", file=sys.stderr)
    print(f"Đã ghi danh sách chi tiền thưởng ({len(plist.rows)} dòng, tổng {format_money(plist.total)} đồng) ra {out}")
    return 0


def write_pdfa(args, ctx, out: Path) -> int:
    """Any paper as PDF/A-2b, through its DOCX and LibreOffice; the lists, which Qt
    draws, as PDF/A-1b on a machine without LibreOffice (Qt writes only that form)."""
    from ..services import documents
    from ..services.documents import common, convert, pdfa

    converter = convert.find_converter()
    if args.kind == "nominations" and (converter is None or converter.name != "LibreOffice"):
        from .report_lists import write_list

        print("Máy này chưa có LibreOffice: danh sách được lưu PDF/A-1b (bản lưu trữ do chương trình tự vẽ, "
              "phông chữ nhúng sẵn) thay cho PDF/A-2b.", file=sys.stderr)
        return write_list(args, ctx, out, pdfa=True)
    data, rendered = _make(args, ctx)
    with ctx.db.read() as session:
        author = common.issuer(session).authority
    label = rendered.label if rendered is not None and rendered.label else documents.KINDS[args.kind].label
    who = pdfa.identity(label, rendered, author)
    write_file(out.resolve(), pdfa.pdf_bytes(data, who))
    return _finish(args, ctx, rendered, out)

"""The papers of issue 17 that are not one DOCX: the payment list as xlsx.

Registered in ``cmd_report.REPORTS``; their DOCX and PDF go through
``report_documents`` like every document."""
from __future__ import annotations

import sys
from pathlib import Path

from ..domain.text import format_money
from ..services.documents import payments
from .report_documents import _write, options


def write_payments_xlsx(args, ctx, out: Path) -> int:
    with ctx.db.read() as session:
        plist = payments.payment_list(session, options(args))
    _write(out, payments.xlsx_bytes(plist))
    for warning in payments.warnings_of(plist):
        print(f"Lưu ý: {warning}", file=sys.stderr)
    print(f"Đã ghi danh sách chi tiền thưởng ({len(plist.rows)} dòng, tổng {format_money(plist.total)} đồng) ra {out}")
    return 0

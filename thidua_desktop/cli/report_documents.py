"""The documents area's entries of ``thidua report``: DOCX (and PDF) files."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ..domain.text import parse_date
from ..services import documents
from ..services.documents.common import write_file
from ..services.documents.selection import DRAFT
from .context import CliFailure, cli_actor


def options(args) -> documents.Options:
    try:
        day = parse_date(args.date) if args.date else None
    except ValueError as exc:
        raise CliFailure(str(exc), code=2) from None
    if args.draft and args.decision is not None:
        raise CliFailure("Chọn --decision hoặc --draft, không chọn cả hai.", code=2)
    return documents.Options(
        year=args.year, number=args.number.strip(), date=day, deputy=args.deputy,
        decision_id=DRAFT if args.draft else args.decision, session_id=args.session,
        title_code=args.title.strip(), awardees=args.awardees, stage=getattr(args, "stage", ""), level=args.level,
        test_page=args.test_page, nomination_id=getattr(args, "nomination", None),
        period_code=(getattr(args, "period", None) or "").strip())


def _make(args, ctx) -> tuple[bytes, documents.Rendered | None]:
    chosen = options(args)
    if documents.KINDS[args.kind].register:
        ctx.app(write=True)  # the register is written after the file: refuse before writing anything
    with ctx.db.read() as session:
        if args.kind == "certificates" and chosen.test_page:
            from ..services.documents import certificates  # imported for its own paper only

            return certificates.calibration(session), None
        rendered = documents.generate(session, args.kind, chosen)
    return rendered.data, rendered


def _finish(args, ctx, rendered: documents.Rendered | None, path: Path) -> int:
    if rendered is not None:
        if documents.KINDS[rendered.kind].register:
            with ctx.app(write=True).db.transaction(reason="Ghi sổ văn bản đã tạo") as session:
                documents.record_issued(session, rendered, str(path.resolve()), actor=cli_actor())
        for warning in rendered.warnings:
            print(f"Lưu ý: {warning}", file=sys.stderr)
    print(f"Đã ghi {path}")
    return 0


def write_docx(args, ctx, out: Path) -> int:
    data, rendered = _make(args, ctx)
    write_file(out.resolve(), data)
    return _finish(args, ctx, rendered, out)


def write_pdf(args, ctx, out: Path) -> int:
    from ..services.documents import convert  # a DOCX alone needs no office suite

    data, rendered = _make(args, ctx)
    with tempfile.TemporaryDirectory(prefix="thidua-") as work:
        docx = Path(work) / "van-ban.docx"
        docx.write_bytes(data)
        pdf = convert.docx_to_pdf(docx, Path(work) / "van-ban.pdf")
        write_file(out.resolve(), pdf.read_bytes())
    return _finish(args, ctx, rendered, out)

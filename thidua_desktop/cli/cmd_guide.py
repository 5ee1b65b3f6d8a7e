"""``thidua guide --pdf FILE``: the user guide as a printable A4 PDF."""
from __future__ import annotations

from pathlib import Path

from .context import CliFailure


def register(subparsers) -> None:
    parser = subparsers.add_parser("guide", help="hướng dẫn sử dụng: lưu thành tệp PDF để in",
                                   description="Lưu hướng dẫn sử dụng thành tệp PDF khổ A4 (có số trang) để in.")
    parser.add_argument("--pdf", metavar="TỆP.pdf", type=Path, required=True, help="tệp PDF sẽ ghi")
    parser.add_argument("--overwrite", action="store_true", help="ghi đè nếu tệp đã có")
    parser.set_defaults(func=run)


def run(args, ctx) -> int:
    from ..printing import guide  # Qt: only when a PDF is really made

    if args.pdf.exists() and not args.overwrite:
        raise CliFailure(f"Tệp “{args.pdf}” đã có; không ghi đè. Chọn tên khác, hoặc thêm --overwrite để ghi đè.")
    pages = guide.write_pdf(args.pdf, overwrite=args.overwrite)
    print(f"Đã lưu hướng dẫn sử dụng: {pages} trang A4 — {args.pdf}")
    return 0

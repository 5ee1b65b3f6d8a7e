"""``--pdf FILE`` on the list verbs (units list, people list, results status): the
list the verb prints, under the ward's heading as the window's “Lưu PDF…” saves it
(``services.printable_lists``; loaded only when asked, the verbs start fast)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable


def add_pdf_option(parser) -> None:
    parser.add_argument("--pdf", metavar="TỆP", type=Path,
                        help="lưu danh sách in ra tệp PDF (A4 ngang, như nút “Lưu PDF…” trong chương trình)")


def write_pdf(ctx, out: Path, build: Callable[..., object]) -> int:
    """``build(session)`` (a ``PrintableList`` builder of ``printable_lists``) saved to ``out``."""
    from ..printing import award_lists as printing
    from ..services import printable_lists

    with ctx.db.read() as session:
        listing = printable_lists.framed(session, build(printable_lists, session))
    pages = printing.save_pdf(listing, out)
    print(f"Đã ghi {listing.heading.lower()} ({listing.count} dòng, {pages} trang A4 ngang) ra {out}")
    return 0

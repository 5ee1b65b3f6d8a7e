"""``thidua report nominations --out FILE.pdf|FILE.xlsx``: the printed lists.

Registered in ``cmd_report.REPORTS``. Without options it writes the
nomination list (every active nomination); ``--stage eligible`` those that may
go before the council, ``--stage passed`` (or ``--draft``) the list the council
passed (within the quotas), ``--awardees`` the awardee list of a recorded
decision (``--decision``, else the latest); ``--title`` keeps one title,
``--sort name`` orders by name instead of by unit.
"""
from __future__ import annotations

from pathlib import Path

from ..services.awards import lists as award_lists


def write_list(args, ctx, out: Path, pdfa: bool = False) -> int:
    kind = "awardees" if getattr(args, "awardees", False) else "nominations"
    stage = getattr(args, "stage", "") or ("passed" if getattr(args, "draft", False) else "all")
    listing = award_lists.build(ctx.db, kind, stage, getattr(args, "decision", None),
                                getattr(args, "title", "") or "", getattr(args, "sort", "unit") or "unit",
                                getattr(args, "year", None))
    if out.suffix.lower() == ".xlsx":
        award_lists.write_xlsx(listing, out)
        print(f"Đã ghi {listing.heading.lower()} ({listing.count} dòng) ra {out}")
        return 0
    from ..printing import award_lists as printing

    pages = printing.save_pdf(listing, out, pdfa=pdfa)
    print(f"Đã ghi {listing.heading.lower()} ({listing.count} dòng, {pages} trang A4 ngang) ra {out}")
    return 0

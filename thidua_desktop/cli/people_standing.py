"""``thidua people ratings …`` and ``thidua people discipline …``: a person's
yearly rating and discipline (what the nomination dialog records beside a
nomination), listed, recorded and cleared; parser and printing only, the work is
``services.registry.standing``."""
from __future__ import annotations

from typing import Callable

from ..services import plan
from ..services.registry import standing
from ..services.registry import units as unit_service
from . import vi_argparse
from .registry_io import print_table


def register(verbs) -> None:
    _register_ratings(verbs.add_parser(
        "ratings", help="xếp loại mức độ hoàn thành nhiệm vụ của từng người theo năm",
        description="Xếp loại của cá nhân trong năm (HTXSNV, HTTNV, HTNV, KHTNV), điều kiện của các danh hiệu. "
                    "Ghi xong, các đề nghị khen thưởng của năm được kiểm tra lại."))
    _register_discipline(verbs.add_parser(
        "discipline", help="kỷ luật, đang bị xem xét kỷ luật của từng người theo năm",
        description="Hình thức kỷ luật trong năm và việc đang bị xem xét kỷ luật: các danh hiệu, hình thức khen "
                    "thưởng không xét cho người bị kỷ luật. Ghi xong, các đề nghị của năm được kiểm tra lại."))


def _sub(parser):
    sub = parser.add_subparsers(dest="action", metavar="VIỆC", title="các việc")
    sub.required = True
    return sub


def _common(parser, json: bool = False, dry_run: bool = False) -> None:
    parser.add_argument("--year", type=vi_argparse.YEAR, metavar="NĂM", help="năm của kế hoạch (mặc định: năm mới nhất)")
    parser.add_argument("--unit", metavar="ĐƠN_VỊ", help="chỉ người của đơn vị này (tên, không cần dấu)")
    if json:
        parser.add_argument("--json", action="store_true", help="in dạng JSON")
    if dry_run:
        parser.add_argument("--dry-run", action="store_true", help="chạy thử, kiểm tra đủ nhưng không ghi gì")


def _person_arg(parser) -> None:
    parser.add_argument("person", metavar="NGƯỜI", help="họ tên (không cần dấu) hoặc số của người đó")


def _register_ratings(parser) -> None:
    sub = _sub(parser)
    p = sub.add_parser("list", help="liệt kê xếp loại trong năm", description="Liệt kê xếp loại của từng người.")
    _common(p, json=True)
    p.add_argument("--missing", action="store_true", help="chỉ người đang công tác chưa có xếp loại")
    p.add_argument("--all", action="store_true", help="cả người đã nghỉ, chuyển công tác")
    p.set_defaults(func=run_ratings_list)
    p = sub.add_parser("set", help="ghi xếp loại của một người", description="Ghi xếp loại năm của một người.")
    _person_arg(p)
    p.add_argument("rating", metavar="MỨC", help="mã (HTXSNV, HTTNV, HTNV, KHTNV) hoặc tên mức, không cần dấu")
    _common(p, dry_run=True)
    p.set_defaults(func=run_ratings_set)
    p = sub.add_parser("clear", help="xóa xếp loại của một người", description="Xóa xếp loại năm của một người.")
    _person_arg(p)
    _common(p, dry_run=True)
    p.set_defaults(func=run_ratings_clear)


def _register_discipline(parser) -> None:
    sub = _sub(parser)
    p = sub.add_parser("list", help="liệt kê người bị kỷ luật, đang bị xem xét",
                       description="Liệt kê người bị kỷ luật hoặc đang bị xem xét kỷ luật trong năm.")
    _common(p, json=True)
    p.set_defaults(func=run_discipline_list)
    p = sub.add_parser("set", help="ghi hình thức kỷ luật của một người",
                       description="Ghi hình thức kỷ luật trong năm của một người (khiển trách, cảnh cáo, "
                                   "hạ bậc lương, giáng chức, cách chức, buộc thôi việc).")
    _person_arg(p)
    p.add_argument("discipline", metavar="HÌNH_THỨC", help="mã hoặc tên hình thức kỷ luật, không cần dấu")
    _common(p, dry_run=True)
    p.set_defaults(func=run_discipline_set)
    p = sub.add_parser("review", help="ghi việc đang bị xem xét kỷ luật (hoặc đã xong với --done)",
                       description="Ghi người đang bị xem xét kỷ luật, điều tra; --done khi việc xem xét đã xong.")
    _person_arg(p)
    p.add_argument("--done", action="store_true", help="việc xem xét đã xong (bỏ đánh dấu)")
    _common(p, dry_run=True)
    p.set_defaults(func=run_discipline_review)
    p = sub.add_parser("clear", help="xóa kỷ luật và việc xem xét của một người",
                       description="Xóa hình thức kỷ luật và việc đang bị xem xét trong năm của một người.")
    _person_arg(p)
    _common(p, dry_run=True)
    p.set_defaults(func=run_discipline_clear)


# --- listing ---------------------------------------------------------------------------


def _rows(args, ctx) -> list[standing.StandingRow]:
    with ctx.db.read() as session:
        campaign = plan.current_campaign(session, args.year)
        unit_id = unit_service.find_unit_id(session, campaign.id, args.unit) if args.unit else None
        return standing.list_standings(session, campaign.year, unit_id)


def _year(args, ctx) -> int:
    with ctx.db.read() as session:
        return plan.current_campaign(session, args.year).year


def run_ratings_list(args, ctx) -> int:
    rows = _rows(args, ctx)
    if not args.all:
        rows = [r for r in rows if r.active]
    if args.missing:
        rows = [r for r in rows if r.active and not r.rating]
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    year = _year(args, ctx)
    if not rows:
        print(f"Không có cá nhân nào{' chưa xếp loại' if args.missing else ''} trong năm {year}.")
        return 0
    print_table(["STT", "Họ và tên", "Đơn vị", f"Xếp loại {year}", "Kỷ luật"],
                [[i, r.full_name, r.unit_name, r.rating or "chưa có", r.discipline_label or ""]
                 for i, r in enumerate(rows, start=1)])
    rated = sum(1 for r in rows if r.rating)
    print(f"{len(rows)} người; đã xếp loại: {rated}, chưa có: {len(rows) - rated}.")
    return 0


def run_discipline_list(args, ctx) -> int:
    rows = [r for r in _rows(args, ctx) if r.discipline or r.under_review]
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    year = _year(args, ctx)
    if not rows:
        print(f"Không có ai bị kỷ luật hay đang bị xem xét kỷ luật trong năm {year}.")
        return 0
    print_table(["STT", "Họ và tên", "Đơn vị", "Kỷ luật", "Đang xem xét"],
                [[i, r.full_name, r.unit_name, r.discipline_label, "có" if r.under_review else ""]
                 for i, r in enumerate(rows, start=1)])
    print(f"{len(rows)} người trong năm {year}.")
    return 0


# --- writing ---------------------------------------------------------------------------


def _change(args, ctx, what: str, op: Callable[..., standing.StandingRow],
            describe: Callable[[standing.StandingRow], str]) -> int:
    """Find the person, then ``op(session, person_id, year)`` in one audited
    transaction (rehearsed and rolled back with ``--dry-run``)."""
    app = ctx.app(write=not args.dry_run)
    db = app.db
    with db.read() as session:
        campaign = plan.current_campaign(session, args.year)
        unit_id = unit_service.find_unit_id(session, campaign.id, args.unit) if args.unit else None
        before = standing.standing_of(session, standing.find_person(session, args.person, unit_id), campaign.year)
    reason = f"Ghi {what} năm {before.year} của {before.full_name}"
    if args.dry_run:
        with db.rehearsal(), db.transaction(reason=reason) as session:
            after = op(session, before.person_id, before.year)
        print(f"Sẽ ghi {what} năm {after.year} của {_who(after)}: {describe(after)} (trước: {describe(before)}); "
              "chưa ghi gì (--dry-run).")
        return 0
    with db.transaction(reason=reason) as session:
        after = op(session, before.person_id, before.year)
    print(f"Đã ghi {what} năm {after.year} của {_who(after)}: {describe(after)} (trước: {describe(before)}).")
    return 0


def _who(row: standing.StandingRow) -> str:
    return f"{row.full_name} ({row.unit_name})" if row.unit_name else row.full_name


def _rating_text(row: standing.StandingRow) -> str:
    return row.rating_label or "chưa có"


def _discipline_text(row: standing.StandingRow) -> str:
    parts = [row.discipline_label] if row.discipline else []
    if row.under_review:
        parts.append("đang bị xem xét kỷ luật")
    return ", ".join(parts) or "không"


def run_ratings_set(args, ctx) -> int:
    code = standing.rating_code(args.rating)
    return _change(args, ctx, "xếp loại", lambda s, pid, year: standing.set_rating(s, pid, code, year), _rating_text)


def run_ratings_clear(args, ctx) -> int:
    return _change(args, ctx, "xếp loại", lambda s, pid, year: standing.set_rating(s, pid, "", year), _rating_text)


def run_discipline_set(args, ctx) -> int:
    code = standing.discipline_code(args.discipline)
    return _change(args, ctx, "kỷ luật", lambda s, pid, year: standing.set_discipline(s, pid, code, year=year),
                   _discipline_text)


def run_discipline_review(args, ctx) -> int:
    return _change(args, ctx, "kỷ luật", lambda s, pid, year: standing.set_review(s, pid, not args.done, year),
                   _discipline_text)


def run_discipline_clear(args, ctx) -> int:
    return _change(args, ctx, "kỷ luật",
                   lambda s, pid, year: standing.set_discipline(s, pid, "", under_review=False, year=year),
                   _discipline_text)

"""``thidua audit``: who changed what, when, from which value to which, and why."""
from __future__ import annotations

import datetime as dt

from ..domain.text import TextError, fold, parse_date
from ..services.safety import audit_log
from .. import vi_argparse
from .context import CliFailure


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "audit", help="nhật ký thay đổi",
        description="Nhật ký mọi thay đổi dữ liệu, mới nhất trước.")
    parser.add_argument("--since", metavar="NGÀY", help="từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd)")
    parser.add_argument("--until", metavar="NGÀY", help="đến hết ngày")
    parser.add_argument("--entity", metavar="LOẠI", action="append",
                        help="loại bản ghi: unit, person, result, nomination, vote, decision, setting… "
                             "hoặc tên tiếng Việt (“đơn vị”); dùng nhiều lần được")
    parser.add_argument("--id", type=vi_argparse.RECORD_ID, metavar="SỐ", help="chỉ bản ghi có số này")
    parser.add_argument("--actor", metavar="TÀI_KHOẢN", help="chỉ thay đổi của tài khoản này")
    parser.add_argument("--action", choices=["insert", "update", "delete", "event"], action="append",
                        help="chỉ loại thay đổi này")
    parser.add_argument("--search", metavar="CHỮ", default="", help="tìm chữ (không phân biệt dấu)")
    parser.add_argument("--limit", type=vi_argparse.LIMIT, default=100, metavar="N",
                        help="in nhiều nhất N dòng (mặc định 100; 0: tất cả)")
    parser.add_argument("--json", action="store_true", help="in dạng JSON, đủ giá trị cũ và mới")
    parser.set_defaults(func=run)


def _day(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_date(text)
    except TextError as exc:
        raise CliFailure(f"{option}: {exc.message if hasattr(exc, 'message') else exc}", 2) from None


def entity_codes(values: list[str] | None) -> tuple[str, ...]:
    if not values:
        return ()
    codes = []
    for value in values:
        wanted = fold(value).replace(" ", "_")
        matches = [code for code, label in audit_log.ENTITY_LABELS.items()
                   if wanted in (code, fold(label).replace(" ", "_"))]
        if not matches:
            known = ", ".join(sorted(audit_log.ENTITY_LABELS))
            raise CliFailure(f"--entity: không có loại bản ghi “{value}”. Các loại: {known}", 2)
        codes.extend(matches)
    return tuple(codes)


def run(args, ctx) -> int:
    since, until = _day(args.since, "--since"), _day(args.until, "--until")
    flt = audit_log.AuditFilter(
        since=dt.datetime.combine(since, dt.time()) if since else None,
        until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time()) if until else None,
        actor=args.actor, entities=entity_codes(args.entity), actions=tuple(args.action or ()),
        entity_id=args.id, text=args.search)
    with ctx.db.read() as session:
        total = audit_log.count_entries(session, flt)
        rows = audit_log.fetch_entries(session, flt, limit=args.limit or None)
    if args.json:
        ctx.print_json({"total": total, "entries": [r.as_json() for r in rows]})
        return 0
    for r in rows:
        reason = f"  [{r.reason}]" if r.reason else ""
        record = f" “{r.record}”" if r.record and r.action != "event" else ""  # an event's summary is its label
        print(f"{r.at:%d/%m/%Y %H:%M:%S}  {r.actor or '—':<14} {r.action_label:<8} "
              f"{r.entity_label}{record}: {r.summary()}{reason}")
    shown = len(rows)
    print(f"— {shown} / {total} mục" + (" (dùng --limit 0 để in tất cả)" if shown < total else ""))
    return 0
